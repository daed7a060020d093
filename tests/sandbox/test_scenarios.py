"""Every scenario in the catalog, sent as-is after a reset, produces what it promises."""

import httpx
import pytest

from sandbox.core.app import create_app
from sandbox.core.state import SandboxState
from tests.helpers import dotted

CATALOG = [
    s.to_json()
    for sim in create_app(SandboxState()).state.sandbox.backends.values()
    for s in sim.scenarios()
]


def test_catalog_is_served_with_the_documented_keys(sandbox: httpx.Client) -> None:
    served = sandbox.get("/_sandbox/scenarios").json()
    assert served == CATALOG
    for entry in served:
        assert set(entry) == {"vendor", "id", "title", "description", "request", "expect"}
        assert entry["request"]["path"].startswith("/")
        assert "status" in entry["expect"]
    vendors = {e["vendor"] for e in served}
    for vendor in vendors:
        assert [e["id"] for e in served if e["vendor"] == vendor].count("happy-path") == 1


def test_catalog_filters_by_vendor(sandbox: httpx.Client) -> None:
    only = sandbox.get("/_sandbox/scenarios", params={"vendor": "hyperverge-ckyc"}).json()
    assert only and all(e["vendor"] == "hyperverge-ckyc" for e in only)
    assert sandbox.get("/_sandbox/scenarios", params={"vendor": "nobody"}).json() == []


@pytest.mark.parametrize("scenario", CATALOG, ids=lambda s: f"{s['vendor']}:{s['id']}")
def test_scenario_produces_its_expectation(sandbox: httpx.Client, scenario: dict) -> None:
    request, expect = scenario["request"], scenario["expect"]
    response = sandbox.request(
        request["method"],
        request["path"],
        headers=request.get("headers"),
        json=request.get("json"),
        data=request.get("form"),
    )
    assert response.status_code == expect["status"], response.text
    body = response.json()
    if "code" in expect:
        assert body["error"]["code"] == expect["code"]
    if "message" in expect:
        assert body["error"]["message"] == expect["message"]
    for path, value in expect.get("fields", {}).items():
        assert dotted(body, path) == value
