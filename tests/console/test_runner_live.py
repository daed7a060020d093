"""The scenario runner live, against stand-in vendors over real HTTP: each request of a vendor
of several services lands on that service's own host at the path the vendor documents (a path
the live base URL has kept); a URL typed in the browser or one the console refuses is never
sent to; an answer nested too deeply is an error result, its exchange still recorded."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from console.core.history import HistoryStore
from console.core.redactors import console_redactor
from console.registry import ConsoleSettings
from console.runner import catalog, live
from console.runner.runner import BadTarget, Runner
from sandbox.core.server import BackgroundServer

REDACTOR = console_redactor(ConsoleSettings())
NESTED = "[" * 5000 + "]" * 5000  # deeper than Python's JSON parser goes
RECEIVED: list[tuple[int, str, str, str]] = []  # (port, method, path, query) as they arrive


async def record(request: Request) -> Response:
    RECEIVED.append(
        (request.scope["server"][1], request.method, request.url.path, request.url.query)
    )
    if request.url.path.startswith("/nested/"):
        return Response(NESTED, status_code=401, media_type="application/json")
    return JSONResponse({"message": "stand-in"}, status_code=401)


APP = Starlette(routes=[Route("/{path:path}", record, methods=["GET", "POST"])])


@pytest.fixture(scope="module")
def hosts() -> Iterator[dict[str, str]]:
    """Five stand-in hosts, one per service: Hypersign's dashboard, KYC and SSI, OneKYC's token
    and API services; each records the path it receives."""
    names = ("dashboard", "kyc", "ssi", "token", "api")
    servers = {name: BackgroundServer(APP, name=f"stand-in {name}").start() for name in names}
    yield {name: server.url for name, server in servers.items()}
    for server in servers.values():
        server.stop()


@pytest.fixture(autouse=True)
def fresh() -> None:
    RECEIVED.clear()


@pytest.fixture(scope="module")
def entries(sandbox_url: str) -> list[catalog.Scenario]:
    return catalog.fetch(sandbox_url)


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore(f"sqlite:///{tmp_path / 'history.sqlite3'}")


def port(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/")[0])


def run(sandbox_url, store, scenarios, base_urls):
    with Runner(sandbox_url, store, REDACTOR, mode="live", base_urls=base_urls) as runner:
        return runner.run(scenarios)


def test_each_hypersign_request_lands_on_its_service_host(sandbox_url, store, entries, hosts):
    scenarios = catalog.choose(entries, ["hypersign-kyc"], live=True)
    urls = {
        "hypersign-kyc": {
            "live_dashboard_base_url": hosts["dashboard"],  # by settings field
            "kyc": hosts["kyc"] + "/gateway/",  # by service name; its own path kept
            "ssi": hosts["ssi"],
        }
    }
    report = run(sandbox_url, store, scenarios, urls)
    # hypersign-kyc-ssi-custom-ui.txt: ${DEVELOPER_DASHBOARD_SERVICE_BASE_URL}/api/v1/app/oauth,
    # ${KYC_BASE_URL}/api/v2/session, ${SSI_BASE_URL}/api/v1/did/create
    assert sorted(RECEIVED) == sorted(
        [
            (
                port(hosts["dashboard"]),
                "POST",
                "/api/v1/app/oauth",
                "grant_type=access_service_kyc",
            ),
            (port(hosts["kyc"]), "POST", "/gateway/api/v2/session", ""),
            (port(hosts["ssi"]), "POST", "/api/v1/did/create", ""),
        ]
    )
    urls_sent = {r.scenario: r.exchange["url"] for r in report.results}
    assert urls_sent == {
        "wrong-api-secret": f"{hosts['dashboard']}/api/v1/app/oauth?grant_type=access_service_kyc",
        "kyc-token-missing": f"{hosts['kyc']}/gateway/api/v2/session",
        "kyc-token-on-ssi": f"{hosts['ssi']}/api/v1/did/create",
    }
    assert report.target == (
        f"hypersign-kyc.dashboard={hosts['dashboard']} hypersign-kyc.kyc={hosts['kyc']}/gateway/ "
        f"hypersign-kyc.ssi={hosts['ssi']}"
    )


def test_each_onekyc_request_lands_on_its_host(sandbox_url, store, entries, hosts) -> None:
    scenarios = catalog.choose(entries, ["onekyc-siv"], live=True)
    urls = {"onekyc-siv": {"token": hosts["token"], "live_base_url": hosts["api"]}}
    run(sandbox_url, store, scenarios, urls)
    token = (port(hosts["token"]), "GET", "/v1/esign/partner/authentication", "")
    initiate = (port(hosts["api"]), "POST", "/coe-partner/v1/initiate-flow", "")
    assert sorted(RECEIVED) == sorted([token, token, token, initiate])


def test_a_service_without_its_url_is_an_error_naming_it(sandbox_url, store, entries, hosts):
    scenarios = catalog.choose(entries, ["hypersign-kyc"], live=True)
    report = run(sandbox_url, store, scenarios, {"hypersign-kyc": hosts["kyc"]})
    outcomes = {r.scenario: (r.outcome, r.summary) for r in report.results}
    assert outcomes["wrong-api-secret"] == (
        "error",
        "No live base URL for hypersign-kyc.dashboard (live_dashboard_base_url).",
    )
    assert outcomes["kyc-token-missing"][0] == "failed"  # sent, to the KYC host alone
    assert [(p, path) for p, _, path, _ in RECEIVED] == [(port(hosts["kyc"]), "/api/v2/session")]


def test_the_default_live_urls_are_the_vendors_documented_hosts(entries) -> None:
    """Mapped through the real settings' live base URLs (no stand-in): the vendor's hosts."""
    settings = ConsoleSettings()
    urls = {
        vendor: {f: getattr(settings.vendor(vendor), f) for f in live.fields(vendor).values()}
        for vendor in ("hypersign-kyc", "onekyc-siv")
    }
    mapped = {
        s.key: live.url(s.vendor, s.prefix, s.request["path"], urls[s.vendor])
        for s in entries
        if s.vendor in urls
    }
    assert mapped["hypersign-kyc/wrong-api-secret"] == (
        "https://api.entity.dashboard.hypersign.id/api/v1/app/oauth?grant_type=access_service_kyc"
    )
    assert (
        mapped["hypersign-kyc/session-created"] == "https://api.cavach.hypersign.id/api/v2/session"
    )
    assert (
        mapped["hypersign-kyc/did-created"] == "https://api.entity.hypersign.id/api/v1/did/create"
    )
    assert mapped["onekyc-siv/token-issued"] == (
        "https://onekyc-token.ky.id.gopayapi.com/v1/esign/partner/authentication"
    )
    assert mapped["onekyc-siv/flow-initiated"] == (
        "https://onekyc.ky.id.gopayapi.com/coe-partner/v1/initiate-flow"
    )


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (
            "http://vendor.example",
            "uses plain http:// to a host other than this machine: use https://",
        ),
        (
            "https://user:pw@vendor.example",
            "holds a user name or password: put credentials in their own settings",
        ),
        ("ftp://vendor.example", "is not an http(s) URL"),
    ],
    ids=["plain-http", "userinfo", "not-http"],
)
def test_a_url_the_console_refuses_is_refused_before_sending(sandbox_url, store, url, says):
    with pytest.raises(BadTarget) as refused:
        Runner(sandbox_url, store, REDACTOR, mode="live", base_urls={"hyperverge-ckyc": url})
    assert str(refused.value) == f"The live base URL for hyperverge-ckyc {says}."


def test_a_typed_live_url_is_refused(hosts) -> None:
    settings = ConsoleSettings().with_overrides(
        {"hyperverge-ckyc": {"mode": "live", "live_base_url": hosts["api"]}}
    )
    assert settings.vendor("hyperverge-ckyc").base_url_typed
    with pytest.raises(BadTarget, match="The live base URL of hyperverge-ckyc was typed"):
        live.configured(settings, ["hyperverge-ckyc"])
    configured = ConsoleSettings().with_overrides({"hyperverge-ckyc": {"mode": "live"}})
    assert live.configured(configured, ["hyperverge-ckyc"]) == {
        "hyperverge-ckyc": {"live_base_url": "http://localhost:8080"}
    }


def test_an_answer_nested_too_deeply_is_an_error_with_its_exchange(
    sandbox_url, store, entries, hosts
) -> None:
    [scenario] = catalog.choose(entries, ["hyperverge-ckyc"], live=True)
    report = run(sandbox_url, store, [scenario], {"hyperverge-ckyc": hosts["api"] + "/nested"})
    [result] = report.results
    assert (result.outcome, result.error_type) == ("error", "Unreadable")
    assert result.summary.startswith("The answer (HTTP 401, 10000 bytes) is JSON nested deeper")
    # The pending verdict was settled: the exchange is in history, judged an error.
    [row] = store.journey_exchanges(result.journey_id)
    assert (row["status_code"], row["outcome"]) == (401, "error")
    assert result.exchange["response"] == row["response"]
    assert store.journey(result.journey_id)["outcome"] == "error"
    assert report.to_json()  # the report can be saved
