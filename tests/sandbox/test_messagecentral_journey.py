"""The hosted journey over HTTP, as its pages drive it: consent, the document and the selfie read
for real (OCR, face match), Premium's liveness and AML screening against the synthetic watch list,
then the redirect to the flow's redirection URL with journey_id, status and reason. Retakes,
refusals, cancelling, the clock ending a journey, the sandbox's forced outcomes, the pages
themselves, and readings off the event loop."""

import json
import threading
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from PIL import Image, ImageDraw, ImageFont

from sandbox.messagecentral_ekyc import reading
from tests.sandbox.messagecentral_doc import (
    BASIC,
    BLANK,
    CONTROL,
    ID_FRONT,
    PASSPORT,
    PREMIUM,
    SELFIE,
    STATUSES,
    STRANGER_SELFIE,
    TRIAL,
    TRIAL_API_KEY,
    WATCHLIST,
    WATCHLISTED_ID,
    WATCHLISTED_NAME,
    Walk,
    advance,
    freeze,
    generate,
    journey_state,
    redirect_to,
)

RECEIVER = "http://localhost:8501/ekyc-return"


def query(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def ended(answer: dict, status: str, reason: str) -> None:
    assert answer["outcome"] == "ended", answer
    assert (answer["status"], answer["reason"]) == (status, reason), answer
    assert answer["step"] is None


@pytest.fixture
def receiver(sandbox: httpx.Client) -> str:
    for flow in (BASIC, PREMIUM, TRIAL):
        redirect_to(sandbox, flow, RECEIVER).raise_for_status()
    return RECEIVER


# --- whole journeys ---------------------------------------------------------------------------


def test_a_premium_journey_completes_and_redirects(sandbox: httpx.Client, receiver: str) -> None:
    walk = Walk(sandbox).start()
    assert walk.consent()["step"] == "document"
    assert walk.step("document", PASSPORT, document_type="passport")["step"] == "selfie"
    assert walk.step("selfie", SELFIE)["step"] == "liveness"
    assert walk.step("liveness", SELFIE)["step"] == "screening"
    answer = walk.step("screening")
    ended(answer, "completed", "verified")
    assert answer["redirect"].startswith(receiver + "?")
    assert query(answer["redirect"]) == {
        "journey_id": walk.journey_id,
        "status": "completed",
        "reason": "verified",
    }
    # The journey's page now shows the outcome and sends the browser on.
    page = walk.view()
    assert page.status_code == 200
    assert 'id="result" data-status="completed"' in page.text
    assert f'href="{answer["redirect"].replace("&", "&amp;")}"' in page.text
    assert "window.location.replace(cfg.redirect)" in page.text
    state = walk.state()
    assert (state["status"], state["reason"], state["flow"]) == ("completed", "verified", "premium")
    assert state["redirect"] == answer["redirect"]
    assert [(s["name"], s["status"]) for s in state["steps"]] == [
        ("consent", "passed"),
        ("document", "passed"),
        ("selfie", "passed"),
        ("liveness", "passed"),
        ("screening", "passed"),
    ]
    document = state["captured"]["document"]
    assert document["name"] == "PRIYA SPECIMEN MENON"
    assert document["document_number"] == "X4820917"
    assert document["date_of_birth"] == "23/04/1992"
    assert document["type"] == "passport"
    assert 0.15 <= state["captured"]["selfie"]["face_distance_to_document"] < 0.6
    assert state["captured"]["screening"]["hits"] == []
    assert state["captured"]["screening"]["screened_name"] == "PRIYA SPECIMEN MENON"
    # No image in what QA reads.
    assert len(json.dumps(state)) < 4000 and "base64" not in json.dumps(state)


def test_a_basic_journey_ends_with_the_selfie(sandbox: httpx.Client, receiver: str) -> None:
    walk = Walk(sandbox, flow=BASIC).start()
    walk.consent()
    assert walk.step("document", ID_FRONT, document_type="national_id")["step"] == "selfie"
    answer = walk.step("selfie", SELFIE)
    ended(answer, "completed", "verified")
    assert query(answer["redirect"])["status"] == "completed"
    state = walk.state()
    assert [s["name"] for s in state["steps"]] == ["consent", "document", "selfie"]
    assert state["captured"]["document"]["document_number"] == "9999 7312 4587"
    assert "screening" not in state["captured"]


def test_a_trial_journey_runs_the_premium_steps(sandbox: httpx.Client, receiver: str) -> None:
    walk = Walk(sandbox, flow=TRIAL, key=TRIAL_API_KEY).start()
    assert walk.to_liveness()["step"] == "liveness"


def test_the_redirect_keeps_the_urls_own_query(sandbox: httpx.Client) -> None:
    redirect_to(
        sandbox, BASIC, "https://app.example/kyc/back?src=ekyc&status=old"
    ).raise_for_status()
    walk = Walk(sandbox, flow=BASIC).start()
    answer = walk.step("consent", consent="decline")
    parts = urlsplit(answer["redirect"])
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "app.example", "/kyc/back")
    assert parse_qs(parts.query) == {
        "src": ["ekyc"],
        "status": ["abandoned"],
        "journey_id": [walk.journey_id],
        "reason": ["consent_declined"],
    }


def test_the_redirect_goes_where_the_flow_points_when_the_journey_ends(sandbox) -> None:
    walk = Walk(sandbox, flow=BASIC).start()
    redirect_to(sandbox, BASIC, RECEIVER).raise_for_status()  # changed after the URL was made
    answer = walk.step("cancel")
    ended(answer, "abandoned", "user_cancelled")
    assert answer["redirect"].startswith(RECEIVER + "?")


def test_without_a_redirection_url_the_journey_ends_on_its_page(sandbox: httpx.Client) -> None:
    walk = Walk(sandbox, flow=BASIC).start()
    answer = walk.step("consent", consent="decline")
    ended(answer, "abandoned", "consent_declined")
    assert answer["redirect"] is None
    page = walk.view().text
    assert 'data-status="abandoned"' in page and "No redirection URL is set" in page
    assert 'id="continue"' not in page


def test_cancelling_at_any_step(sandbox: httpx.Client, receiver: str) -> None:
    walk = Walk(sandbox).start()
    walk.to_selfie()
    answer = walk.step("cancel")
    ended(answer, "abandoned", "user_cancelled")
    assert query(answer["redirect"])["reason"] == "user_cancelled"
    steps = {s["name"]: s["status"] for s in walk.state()["steps"]}
    assert steps == {
        "consent": "passed",
        "document": "passed",
        "selfie": "skipped",
        "liveness": "skipped",
        "screening": "skipped",
    }


# --- refusals and retakes -------------------------------------------------------------------


def test_a_blank_document_is_retaken_twice_then_rejected(sandbox, receiver: str) -> None:
    walk = Walk(sandbox).start()
    walk.consent()
    for left in (2, 1):
        answer = walk.step("document", BLANK)
        assert answer["outcome"] == "retake" and answer["status"] == "in_progress"
        assert (answer["step"], answer["reason"], answer["attempts_left"]) == (
            "document",
            "document_unreadable",
            left,
        )
        assert "could not read" in answer["message"]
        page = walk.view().text  # the page says why and what is left
        assert "could not read" in page and f"{left} attempt" in page
    answer = walk.step("document", BLANK)
    ended(answer, "failed", "document_rejected")
    assert query(answer["redirect"]) == {
        "journey_id": walk.journey_id,
        "status": "failed",
        "reason": "document_rejected",
    }
    step = walk.state()["steps"][1]
    assert (step["name"], step["status"], step["refused"]) == ("document", "failed", 3)
    assert answer["message"] == f"Your document could not be verified. {step['detail']}"


def test_a_retake_can_then_pass(sandbox: httpx.Client) -> None:
    walk = Walk(sandbox).start()
    walk.consent()
    assert walk.step("document", b"not a picture")["reason"] == "not_an_image"
    assert walk.step("document", PASSPORT)["step"] == "selfie"


def test_a_document_without_a_face_is_retaken(sandbox: httpx.Client) -> None:
    card = Image.new("RGB", (1000, 630), (244, 246, 250))
    font = ImageFont.truetype("DejaVuSans-Bold.ttf", 44)
    ImageDraw.Draw(card).text((60, 200), "NATIONAL ID CARD", font=font, fill=(20, 20, 30))
    ImageDraw.Draw(card).text((60, 300), "ZZ 1234 5678", font=font, fill=(20, 20, 30))
    out = BytesIO()
    card.save(out, "JPEG", quality=90)
    walk = Walk(sandbox).start()
    walk.consent()
    answer = walk.step("document", out.getvalue())
    assert (answer["outcome"], answer["reason"]) == ("retake", "document_no_face")


def test_a_strangers_selfie_is_refused_then_ends_as_a_mismatch(sandbox, receiver: str) -> None:
    walk = Walk(sandbox).start()
    walk.to_selfie()
    for left in (2, 1):
        answer = walk.step("selfie", STRANGER_SELFIE)
        assert (answer["reason"], answer["attempts_left"]) == ("face_mismatch", left)
    ended(walk.step("selfie", STRANGER_SELFIE), "failed", "face_mismatch")
    assert walk.state()["captured"]["selfie"]["face_distance_to_document"] >= 0.6


def test_the_document_photo_is_not_a_selfie(sandbox: httpx.Client) -> None:
    walk = Walk(sandbox).start()
    walk.to_selfie()
    answer = walk.step("selfie", PASSPORT)
    assert (answer["outcome"], answer["reason"]) == ("retake", "photo_of_document")
    assert walk.step("selfie", BLANK)["reason"] == "no_face"


def test_liveness_by_someone_else_fails(sandbox: httpx.Client, receiver: str) -> None:
    walk = Walk(sandbox).start()
    walk.to_liveness()
    for left in (2, 1):
        answer = walk.step("liveness", STRANGER_SELFIE)
        assert (answer["reason"], answer["attempts_left"]) == ("not_the_selfie_person", left)
    answer = walk.step("liveness", STRANGER_SELFIE)
    ended(answer, "failed", "liveness_failed")
    assert query(answer["redirect"])["reason"] == "liveness_failed"


def test_the_watch_listed_holder_is_an_aml_hit(sandbox: httpx.Client, receiver: str) -> None:
    walk = Walk(sandbox).start()
    walk.to_liveness(WATCHLISTED_ID, STRANGER_SELFIE)  # her own card and her own selfie
    assert walk.step("liveness", STRANGER_SELFIE)["step"] == "screening"
    answer = walk.step("screening")
    ended(answer, "failed", "aml_hit")
    assert query(answer["redirect"])["reason"] == "aml_hit"
    screening = walk.state()["captured"]["screening"]
    assert screening["screened_name"] == WATCHLISTED_NAME
    assert screening["forced"] is False
    (hit,) = screening["hits"]
    assert (hit["id"], hit["name"], hit["list"]) == (
        "SBX-SAN-0001",
        WATCHLISTED_NAME,
        "Sandbox Consolidated Sanctions",
    )
    assert hit["date_of_birth_matches"] is True


def test_the_watch_list_is_small_and_synthetic() -> None:
    watchlist = json.loads(WATCHLIST.read_text())
    entries = watchlist["entries"]
    assert 3 <= len(entries) <= 20
    assert "SYNTHETIC" in watchlist["note"]
    assert all("SPECIMEN" in entry["name"] for entry in entries)
    assert entries[0]["name"] == WATCHLISTED_NAME


# --- forced outcomes (the document step's sandbox option) -----------------------------------

FORCED_NOTE = "(forced by the sandbox on the document step)"


def test_a_forced_document_rejection_ends_at_once(sandbox, receiver: str) -> None:
    walk = Walk(sandbox, flow=BASIC).start()
    walk.consent()
    answer = walk.step("document", PASSPORT, sandbox_outcome="document_rejected")
    ended(answer, "failed", "document_rejected")
    assert answer["message"].endswith(FORCED_NOTE)
    assert walk.state()["forced"] == "document_rejected"


def test_a_forced_liveness_failure(sandbox: httpx.Client, receiver: str) -> None:
    walk = Walk(sandbox).start()
    walk.to_liveness(sandbox_outcome="liveness_failed")
    answer = walk.step("liveness", SELFIE)
    ended(answer, "failed", "liveness_failed")
    assert answer["message"].endswith(FORCED_NOTE)


def test_a_forced_aml_hit(sandbox: httpx.Client, receiver: str) -> None:
    walk = Walk(sandbox).start()
    walk.to_liveness(sandbox_outcome="aml_hit")
    walk.step("liveness", SELFIE)
    answer = walk.step("screening")
    ended(answer, "failed", "aml_hit")
    assert answer["message"].endswith(FORCED_NOTE)
    screening = walk.state()["captured"]["screening"]
    assert screening["forced"] is True and screening["hits"] == []


@pytest.mark.parametrize(
    ("flow", "outcome"),
    [(BASIC, "liveness_failed"), (BASIC, "aml_hit"), (PREMIUM, "everything_fine")],
)
def test_a_forced_outcome_the_flow_cannot_reach_is_refused(sandbox, flow, outcome) -> None:
    walk = Walk(sandbox, flow=flow).start()
    walk.consent()
    refused = walk.post("document", PASSPORT, sandbox_outcome=outcome)
    assert refused.status_code == 400
    assert "sandbox_outcome must be one of" in refused.json()["detail"]


# --- the clock, and requests out of turn -------------------------------------------------------


def test_a_journey_open_at_its_expiry_ends_expired_and_redirects(sandbox, receiver) -> None:
    freeze(sandbox)
    walk = Walk(sandbox).start()
    walk.consent()
    advance(sandbox, 1800)
    late = walk.post("document", PASSPORT)
    assert late.status_code == 409
    answer = late.json()
    ended(answer, "expired", "link_expired")
    assert query(answer["redirect"]) == {
        "journey_id": walk.journey_id,
        "status": "expired",
        "reason": "link_expired",
    }
    assert 'data-status="expired"' in walk.view().text


def test_a_journey_page_opened_after_expiry_shows_the_end(sandbox, receiver) -> None:
    freeze(sandbox)
    walk = Walk(sandbox).start()
    advance(sandbox, 1799)
    assert "Verify your identity" in walk.view().text
    advance(sandbox, 1)
    page = walk.view().text
    assert 'data-status="expired"' in page and "link_expired" in page
    assert walk.state()["status"] == "expired"


def test_steps_out_of_turn_are_409(sandbox: httpx.Client) -> None:
    walk = Walk(sandbox).start()
    early = walk.post("selfie", SELFIE)
    assert early.status_code == 409
    assert early.json()["outcome"] == "conflict" and early.json()["step"] == "consent"
    assert "at its consent step" in early.json()["detail"]
    walk.step("consent", consent="decline")
    after = walk.post("consent", consent="accept")
    assert after.status_code == 409
    assert after.json()["status"] == "abandoned"


def test_bad_step_requests_are_400(sandbox: httpx.Client) -> None:
    walk = Walk(sandbox).start()
    assert walk.post("consent", consent="maybe").status_code == 400
    walk.consent()
    missing = walk.post("document", None, document_type="passport")
    assert missing.status_code == 400 and "document photo is missing" in missing.json()["detail"]
    wrong = walk.post("document", PASSPORT, document_type="library_card")
    assert wrong.status_code == 400
    assert walk.state()["steps"][1]["refused"] == 0  # none of these counted as an attempt


def test_an_unknown_journey_is_404(sandbox: httpx.Client) -> None:
    response = sandbox.post("/messagecentral-ekyc/kyc/journey/nothing/consent", data={"x": "y"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Journey not found"}


def test_a_photo_over_10_mb_is_413(sandbox: httpx.Client) -> None:
    walk = Walk(sandbox).start()
    walk.consent()
    response = walk.post("document", b"\xff\xd8" + b"0" * (10 * 1024 * 1024))
    assert response.status_code == 413
    assert "larger than 10 MB" in response.json()["detail"]


# --- the pages ----------------------------------------------------------------------------------


def test_each_step_has_its_page(sandbox: httpx.Client) -> None:
    walk = Walk(sandbox).start()
    consent = walk.view().text
    for element in ("consent-checkbox", "consent-continue", "consent-decline"):
        assert f'id="{element}"' in consent
    assert "screening of your name" in consent  # Premium says what it will do
    walk.consent()
    document = walk.view().text
    for element in ("camera-video", "capture", "retake", "submit", "upload-input", "cancel"):
        assert f'id="{element}"' in document
    assert "navigator.mediaDevices.getUserMedia" in document
    assert 'accept="image/jpeg,image/png"' in document
    assert document.count('<option value="') == 3 + 4  # document types; none + 3 outcomes
    assert '"facing": "environment"' in document
    walk.step("document", PASSPORT)
    selfie = walk.view().text
    assert "Take a selfie" in selfie and '"facing": "user"' in selfie
    assert 'id="sandbox-outcome"' not in selfie
    walk.step("selfie", SELFIE)
    liveness = walk.view().text
    prompt = walk.state()["captured"].get("liveness", {}).get("prompt")
    assert prompt is None  # the prompt is told on the page, recorded with the capture
    assert "Liveness check" in liveness and 'class="prompt"' in liveness
    walk.step("liveness", SELFIE)
    assert 'id="screening"' in walk.view().text


def test_a_basic_document_step_offers_only_the_rejection(sandbox: httpx.Client) -> None:
    walk = Walk(sandbox, flow=BASIC).start()
    assert "screening of your name" not in walk.view().text
    walk.consent()
    page = walk.view().text
    assert 'value="document_rejected"' in page
    assert 'value="liveness_failed"' not in page and 'value="aml_hit"' not in page


def test_text_on_the_pages_is_escaped(sandbox: httpx.Client, receiver: str) -> None:
    redirect_to(sandbox, BASIC, 'http://localhost/"><script>alert(1)</script>').raise_for_status()
    walk = Walk(sandbox, flow=BASIC).start()
    walk.step("cancel")
    page = walk.view().text
    assert "<script>alert(1)" not in page
    assert "\\u003cscript>alert(1)" in page  # in the page's settings, as JSON


# --- control routes --------------------------------------------------------------------------


def test_the_flows_and_their_redirection_urls(sandbox: httpx.Client) -> None:
    flows = sandbox.get(f"{CONTROL}/flows").json()
    assert [(f["flow_id"], f["type"], f["redirection_url"]) for f in flows] == [
        (BASIC, "basic", None),
        (PREMIUM, "premium", None),
        (TRIAL, "trial", None),
    ]
    changed = redirect_to(sandbox, PREMIUM, RECEIVER)
    assert changed.status_code == 200
    assert changed.json()["redirection_url"] == RECEIVER
    assert redirect_to(sandbox, PREMIUM, None).json()["redirection_url"] is None
    redirect_to(sandbox, PREMIUM, RECEIVER)
    sandbox.post("/_sandbox/reset").raise_for_status()
    assert all(f["redirection_url"] is None for f in sandbox.get(f"{CONTROL}/flows").json())


@pytest.mark.parametrize(
    "url", ["ftp://example.com/back", "/relative/back", "localhost:8501/back", "x" * 3000]
)
def test_a_redirection_url_must_be_absolute_http(sandbox: httpx.Client, url: str) -> None:
    response = redirect_to(sandbox, BASIC, url)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "redirection_url"


def test_an_unknown_flow_or_journey_is_404(sandbox: httpx.Client) -> None:
    assert redirect_to(sandbox, "no-such-flow", RECEIVER).status_code == 404
    assert sandbox.get(f"{CONTROL}/journeys/M0000000000000NONE_SE").status_code == 404


def test_journey_states_are_the_redirects_statuses(sandbox: httpx.Client) -> None:
    answer = generate(sandbox).json()
    state = journey_state(sandbox, answer["journey_id"])
    assert set(state) >= {"journey_id", "flow", "status", "steps", "captured"}
    assert (state["status"], state["captured"]) == ("pending", {})
    # The journey ends in one of the redirect's statuses.
    walk = Walk(sandbox).start()
    walk.step("cancel")
    assert walk.state()["status"] in STATUSES


# --- off the event loop ----------------------------------------------------------------------

HANG_GUARD = 120  # only so that a broken build fails instead of hanging


def test_other_calls_answer_while_a_document_is_read(sandbox, monkeypatch) -> None:
    walk = Walk(sandbox).start()
    walk.consent()
    entered, released = threading.Event(), threading.Event()
    original = reading.document

    def held(data: bytes):
        entered.set()
        released.wait(HANG_GUARD)
        return original(data)

    monkeypatch.setattr(reading, "document", held)
    events: list[str] = []
    outcome: list[httpx.Response] = []

    def call() -> None:
        with httpx.Client(base_url=sandbox.base_url, timeout=HANG_GUARD) as other:
            outcome.append(
                Walk(other, answer=walk.answer, page=walk.page).post("document", PASSPORT)
            )
        events.append("document answered")

    worker = threading.Thread(target=call)
    worker.start()
    try:
        assert entered.wait(HANG_GUARD), "the reading never started"
        events.append("reading held")
        # Were the reading on the event loop, these would not answer until it finished.
        assert sandbox.get("/_sandbox/clock").status_code == 200
        assert generate(sandbox).status_code == 200
        assert walk.view().status_code == 200
        events.append("other calls answered")
        assert outcome == []
    finally:
        released.set()
        worker.join(HANG_GUARD)
    assert outcome[0].status_code == 200 and outcome[0].json()["step"] == "selfie"
    assert events == ["reading held", "other calls answered", "document answered"]
