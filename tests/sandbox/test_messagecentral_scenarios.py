"""e-KYC Now's scenario catalog: every outcome is there (the issue's six journey outcomes among
them), and each entry, sent as-is after a reset, produces what the document or the contract says
and what the entry itself promises."""

import httpx
import pytest

from tests.helpers import dotted
from tests.sandbox.messagecentral_doc import (
    ANSWER_KEYS,
    API_KEY_NOT_BEARER,
    CONTROL,
    EXPIRED_PAGE,
    INVALID_COMPANY_NAME,
    INVALID_KEY_OR_FLOW,
    MESSAGE,
    MISSING_COMPANY_NAME,
    MISSING_FLOW_ID,
    PREFIX,
    VENDOR,
    journey_state,
    trial_left,
)

GENERATED = (200, {"expires_in_minutes": 30, "message": MESSAGE})


def journey(status: str, reason: str) -> tuple[int, dict]:
    return 200, {"status": status, "reason": reason, "outcome": "ended", "step": None}


# Scenario id -> (HTTP status, the body's literal fields, or the page's literal text).
EXPECTED = {
    "url-generated": GENERATED,
    "url-generated-json": GENERATED,
    "url-generated-company-header": GENERATED,
    "url-generated-flow-id-query": GENERATED,
    "url-generated-trial": GENERATED,
    "missing-company-name": (401, MISSING_COMPANY_NAME),
    "api-key-without-bearer": (401, API_KEY_NOT_BEARER),
    "missing-flow-id": (401, MISSING_FLOW_ID),
    "invalid-api-key": (401, INVALID_KEY_OR_FLOW),
    "unknown-flow-id": (401, INVALID_KEY_OR_FLOW),
    "trial-key-on-another-flow": (401, INVALID_KEY_OR_FLOW),
    "invalid-company-name": (401, INVALID_COMPANY_NAME),
    # The six journey outcomes.
    "completed": journey("completed", "verified"),
    "document-rejected": journey("failed", "document_rejected"),
    "liveness-failed": journey("failed", "liveness_failed"),
    "aml-hit": journey("failed", "aml_hit"),
    "expired": (410, EXPIRED_PAGE),
    "reused": (410, EXPIRED_PAGE),
}
# The seeded journeys behind the journey outcomes (the contract's journey id shape).
SEEDED = {
    "completed": "M1767225600000DONE_SE",
    "document-rejected": "M1767225600000DOCR_SE",
    "liveness-failed": "M1767225600000LIVE_SE",
    "aml-hit": "M1767225600000AMLH_SE",
    "expired": "M1767225600000EXPD_SE",
    "reused": "M1767225600000USED_SE",
}
ENTRY_KEYS = {"vendor", "id", "title", "description", "request", "expect", "live_safe"}


def catalog(client: httpx.Client) -> dict[str, dict]:
    entries = client.get("/_sandbox/scenarios", params={"vendor": VENDOR}).json()
    return {entry["id"]: entry for entry in entries}


def send(client: httpx.Client, request: dict) -> httpx.Response:
    files = None
    if request.get("files"):
        files = []
        for part in request["files"]:
            fetched = client.get(part["url"])
            assert fetched.status_code == 200, part["url"]
            files.append((part["field"], (part["filename"], fetched.content, part["contentType"])))
    return client.request(
        request["method"],
        request["path"],
        headers=request.get("headers"),
        json=request.get("json"),
        data=request.get("form"),
        files=files,
        timeout=60,
    )


def test_every_outcome_is_in_the_catalog(sandbox: httpx.Client) -> None:
    entries = catalog(sandbox)
    assert sorted(entries) == sorted(EXPECTED)
    for entry in entries.values():
        assert set(entry) == ENTRY_KEYS
        assert entry["request"]["path"].startswith(PREFIX + "/")
        assert entry["expect"]["status"] == EXPECTED[entry["id"]][0]
        assert entry["title"] and entry["description"]


def test_the_catalog_is_the_same_on_every_call(sandbox: httpx.Client) -> None:
    assert catalog(sandbox) == catalog(sandbox)


@pytest.mark.parametrize("scenario_id", sorted(EXPECTED))
def test_scenario_produces_what_it_promises(sandbox: httpx.Client, scenario_id: str) -> None:
    scenario = catalog(sandbox)[scenario_id]
    promised = scenario["expect"]
    response = send(sandbox, scenario["request"])
    status, expected = EXPECTED[scenario_id]
    assert response.status_code == status == promised["status"], response.text
    if isinstance(expected, str):  # a page
        assert response.headers["content-type"].startswith("text/html")
        assert expected in response.text
        assert promised["message"] in response.text
        return
    body = response.json()
    for name, value in expected.items():
        assert body[name] == value, (name, body)
    if status == 200 and "url" in body:
        assert set(body) == ANSWER_KEYS
    if "message" in promised:
        assert body.get("detail", body.get("message")) == promised["message"]
    for path, value in promised.get("fields", {}).items():
        assert dotted(body, path) == value, path


def test_the_trial_entry_uses_one_attempt(sandbox: httpx.Client) -> None:
    send(sandbox, catalog(sandbox)["url-generated-trial"]["request"])
    assert trial_left(sandbox) == 4


@pytest.mark.parametrize("scenario_id", sorted(SEEDED))
def test_the_journey_outcomes_stand_in_the_journeys_state(sandbox, scenario_id: str) -> None:
    journey_id = SEEDED[scenario_id]
    before = journey_state(sandbox, journey_id)
    assert before["flow"] == "premium"
    send(sandbox, catalog(sandbox)[scenario_id]["request"])
    after = journey_state(sandbox, journey_id)
    if scenario_id == "reused":
        assert (after["status"], after["reopened"]) == ("in_progress", 1)
    elif scenario_id == "expired":
        assert (after["status"], after["reason"]) == ("expired", "link_expired")
    else:
        _status, fields = EXPECTED[scenario_id]
        assert (after["status"], after["reason"]) == (fields["status"], fields["reason"])


def test_the_seeded_journeys_open_in_a_browser_at_their_step(sandbox: httpx.Client) -> None:
    """QA can open each seeded journey's page and take its last step by hand."""
    for session, heading in [
        ("sbx-session-completed", 'id="screening"'),
        ("sbx-session-aml-hit", 'id="screening"'),
        ("sbx-session-liveness", "Liveness check"),
        ("sbx-session-document", "Photograph your ID document"),
        ("sbx-session-used", "Verify your identity"),
    ]:
        page = sandbox.get(f"{PREFIX}/kyc/journey/{session}")
        assert page.status_code == 200 and heading in page.text, session
    # The last attempt says so on the page.
    assert "1 attempt left" in sandbox.get(f"{PREFIX}/kyc/journey/sbx-session-document").text


def test_the_samples_are_served(sandbox: httpx.Client) -> None:
    for name in ("passport.jpg", "selfie.jpg", "blank.jpg", "watchlisted-id.jpg"):
        sample = sandbox.get(f"{CONTROL}/samples/{name}")
        assert sample.status_code == 200 and sample.headers["content-type"] == "image/jpeg"
        assert sample.content[:2] == b"\xff\xd8"
    assert sandbox.get(f"{CONTROL}/samples/nothing.jpg").status_code == 404
