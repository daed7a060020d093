"""AppTest walks of the OneKYC SIV page, with uploaded photos (AppTest cannot render the live
camera; tests/e2e covers it): the round trip to the callback's verdict, each verdict the photos
force, the fallback to Get Submission Details, a duplicate callback, the refusals a QA tester
forces, and what never reaches the page."""

import io
from pathlib import Path

import httpx
from PIL import Image
from streamlit.testing.v1 import AppTest

from console.core import camera, webhook_auth
from console.core.history import HistoryStore
from tests.pages.conftest import everything_sent, page, texts

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "onekyc"
VENDOR = "onekyc-siv"


def onekyc(sample: str = "Siti: the callback arrives", **state) -> AppTest:
    at = page("onekyc_siv")
    at.session_state[camera.SOURCE_KEY] = "upload"
    at.session_state["siv.sample"] = sample
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def shown(at: AppTest) -> str:
    return " ".join(
        texts(at.markdown)
        + texts(at.caption)
        + texts(at.success)
        + texts(at.warning)
        + texts(at.error)
        + texts(at.info)
    )


def tables(at: AppTest) -> str:
    return " ".join(df.value.to_string() for df in at.dataframe)


def initiated(sample: str = "Siti: the callback arrives", **state) -> AppTest:
    at = onekyc(sample, **state)
    at.button(key="siv.initiate").click().run()
    assert not at.exception
    return at


def send(at: AppTest, kind: str, name: str) -> AppTest:
    data = (ASSETS / name).read_bytes()
    at.file_uploader(key=f"siv.{kind}.upload").set_value((name, data, "image/jpeg")).run()
    at.button(key=f"siv.{kind}.send").click().run()
    assert not at.exception
    return at


def advance(services, seconds: float) -> None:
    httpx.post(
        f"{services.sandbox_url}/_sandbox/clock/advance", json={"seconds": seconds}
    ).raise_for_status()


def rerun_until(at: AppTest, text: str, runs: int = 120) -> str:
    """Reruns the page (as its fragment does each second) until it shows `text`: for work
    the sandbox does on its own threads once the clock is moved (no clock to wait on)."""
    for _ in range(runs):
        seen = shown(at.run())
        if text in seen:
            return seen
    raise AssertionError(f"the page never showed {text!r}")


def journey(at: AppTest):
    return at.session_state["siv.journey"]


def processed(services, store: HistoryStore, at: AppTest, ktp: str, selfie: str) -> AppTest:
    """Both photos sent, the sandbox's 8 s of processing passed, the callback stored."""
    send(at, "ktp", ktp)
    send(at, "selfie", selfie)
    advance(services, 9)
    assert store.wait_for_callback(VENDOR, journey(at).submission_id, 60) is not None
    return at.run()


def test_the_round_trip_ends_in_the_callbacks_valid_verdict(services, store) -> None:
    at = initiated()
    assert journey(at).submission_id in shown(at)
    assert "Partner token (x-onekyc-token)" in tables(at)
    send(at, "ktp", "ktp-valid.jpg")
    assert "#### 4 · The result" not in texts(at.markdown)  # nothing to wait for yet
    send(at, "selfie", "selfie.jpg")
    assert "Waiting for the callback" in shown(at)
    advance(services, 9)
    assert store.wait_for_callback(VENDOR, journey(at).submission_id, 60) is not None
    at.run()
    text = shown(at)
    assert "VALID" in text and "INVALID" not in text
    assert "Callback received (1 delivery)" in text
    assert "From the callback" in text
    for check in ("**NIK**: PASS", "**Name**: PASS", "**Date of birth**: PASS", "**Selfie**: PASS"):
        assert check in text
    table = tables(at)
    assert "3374036403900001" in table and "SITI SPECIMEN RAHAYU" in table
    # The two photos taken, then the KTP and the selfie the result links to, fetched by the
    # console; no additional selfie was sent.
    assert len(at.get("image")) == 4
    assert "Additional selfie: none was sent" in text
    outcome = store.journey(journey(at).journey_id)
    assert outcome is not None and outcome["outcome"] == "valid"


def test_a_nik_the_registry_lacks_is_invalid_check_by_check(services, store) -> None:
    at = processed(services, store, initiated(), "ktp-nik-mismatch.jpg", "selfie.jpg")
    text = shown(at)
    assert "INVALID" in text
    assert "**NIK**: FAIL" in text and "**Selfie**: PASS" in text
    assert "the card's NIK is not in the population registry" in text


def test_someone_elses_selfie_fails_the_selfie_check_only(services, store) -> None:
    at = processed(services, store, initiated(), "ktp-valid.jpg", "selfie-stranger.jpg")
    text = shown(at)
    assert "INVALID" in text
    assert "**NIK**: PASS" in text and "**Selfie**: FAIL" in text
    assert "the selfie is not the face on the card" in text


def test_an_unreadable_ktp_says_so(services, store) -> None:
    at = processed(services, store, initiated(), "ktp-blank.jpg", "selfie.jpg")
    text = shown(at)
    assert "INVALID" in text
    assert "The card could not be read" in text


def test_a_receiver_down_then_up_shows_each_delivery_attempt(services, store) -> None:
    at = initiated("Receiver down, then up")
    send(at, "ktp", "ktp-valid.jpg")
    send(at, "selfie", "selfie.jpg")
    advance(services, 9)  # processed; the first delivery meets a closed port
    assert "retried at" in rerun_until(at, "Delivery 1: ")
    advance(services, 5)  # the second, still down
    rerun_until(at, "Delivery 2: ")
    advance(services, 10)  # the third lands
    assert store.wait_for_callback(VENDOR, journey(at).submission_id, 60) is not None
    at.run()
    text = shown(at)
    assert "Delivery 3: HTTP 200" in text
    assert "Callback received (1 delivery)" in text


def test_no_callback_falls_back_to_get_submission_details(services, store) -> None:
    at = initiated("No callback (poll)")
    send(at, "ktp", "ktp-valid.jpg")
    send(at, "selfie", "selfie.jpg")
    advance(services, 9)  # processed, but this user's callback never comes
    at.run()
    assert "polling starts in" in shown(at)
    advance(services, 60)  # the page's wait for the callback is over
    at.run()
    text = shown(at)
    assert "From Get Submission Details" in text
    assert "Get Submission Details: 1 call" in text
    assert "VALID" in text and "Callback: none came" in text
    assert store.callback(VENDOR, journey(at).submission_id) is None


def test_the_poll_button_asks_at_once(services, store) -> None:
    at = initiated("No callback (poll)")
    send(at, "ktp", "ktp-valid.jpg")
    send(at, "selfie", "selfie.jpg")
    at.button(key="siv.poll").click().run()  # still processing: a status, no verdict
    assert "Get Submission Details: 1 call · PROCESSING" in shown(at)
    assert journey(at).result is None


def test_a_duplicate_callback_is_stored_once_and_marked(services, store) -> None:
    at = initiated("Duplicate callback")
    send(at, "ktp", "ktp-valid.jpg")
    send(at, "selfie", "selfie.jpg")
    advance(services, 9)
    submission = journey(at).submission_id
    stored = store.wait_for_callback(VENDOR, submission, 60, deliveries=2)
    assert stored is not None and stored["deliveries"] == 2
    at.run()
    assert "Callback received (2 deliveries)" in shown(at)
    inbox = tables(at)
    assert "no (already stored)" in inbox
    assert [c["key"] for c in store.callbacks(VENDOR, journey(at).journey_id)] == [submission]


def test_input_the_console_refuses_is_a_sentence_and_a_history_row(services, store) -> None:
    at = onekyc()
    at.text_input(key="siv.phoneNumber").set_value("+62 81 888").run()
    at.button(key="siv.initiate").click().run()
    assert not at.exception
    assert "Not sent: the console found what to fix first" in texts(at.warning)[0]
    failed = at.session_state["siv.failed_start"]
    rows = store.journey_exchanges(failed.journey_id)
    assert [(r["step"], r["outcome"]) for r in rows] == [("initiate-flow", "rejected")]


def test_the_vendors_refusal_names_the_cause_and_what_to_do(services, store) -> None:
    at = onekyc(**{"siv.verified": False})
    at.button(key="siv.initiate").click().run()
    warning = texts(at.warning)[0]
    assert "The phone number must be verified first" in warning
    assert "PHONE_NUMBER_NOT_VERIFIED" in warning and "Tick" in warning


def test_a_blank_photo_is_refused_before_sending(services, store) -> None:
    at = initiated()
    blank = Image.new("RGB", (640, 400), (200, 200, 200))
    buffer = io.BytesIO()
    blank.save(buffer, "JPEG")
    at.file_uploader(key="siv.ktp.upload").set_value(("b.jpg", buffer.getvalue(), "image/jpeg"))
    at.run()
    assert not at.exception
    rows = store.journey_exchanges(journey(at).journey_id)
    assert ("ktp-photo", "rejected") in [(r["step"], r["outcome"]) for r in rows]


def test_no_secret_reaches_the_page(services, store) -> None:
    at = processed(services, store, initiated(), "ktp-valid.jpg", "selfie.jpg")
    held = journey(at)
    page_text = everything_sent(at)
    assert "SITI SPECIMEN RAHAYU" in page_text  # the check below reads what the page sends
    secrets = [
        held.initiated.sdk_token,
        *webhook_auth.sandbox_callback_headers(VENDOR).values(),
    ]
    creds = httpx.get(f"{services.sandbox_url}/_sandbox/vendors").json()
    secrets += [
        value
        for vendor in creds
        if vendor["id"] == VENDOR
        for value in vendor["credentials"].values()
    ]
    for secret in secrets:
        assert secret not in page_text
    assert "sig=" not in page_text


def test_a_refused_poll_stops_the_automatic_calls(services, store) -> None:
    at = initiated("No callback (poll)")
    send(at, "ktp", "ktp-valid.jpg")
    send(at, "selfie", "selfie.jpg")
    httpx.post(f"{services.sandbox_url}/_sandbox/reset").raise_for_status()  # forgets it
    advance(services, 61)
    at.run()
    text = shown(at)
    assert "The vendor does not know this submission" in text
    assert "Automatic polling has stopped" in text
    advance(services, 60)
    at.run()  # no second automatic call
    steps = [r["step"] for r in store.journey_exchanges(journey(at).journey_id)]
    assert steps.count("submission-details") == 1
    assert not at.button(key="siv.poll").disabled  # the button still asks


def test_switching_to_live_drops_the_walk_and_the_sandbox_numbers(services, store) -> None:
    at = initiated("No callback (poll)")
    assert at.session_state["siv.phoneNumber"] == "628100000003"
    at.session_state["settings.overrides"] = {VENDOR: {"mode": "live"}}
    at.run()
    assert not at.exception
    assert "siv.journey" not in at.session_state
    assert at.session_state["siv.phoneNumber"] != "628100000003"
