"""The console in LIVE mode against each vendor's drop-in sandbox (issue 11): configured by
environment alone, as for the real vendor (mode, base URL of each service, the credentials the
drop-in publishes), each flow walked by AppTest to its success state with typed inputs (live
mode offers no sample users) and uploaded photos (KYC_CAMERA=upload).

What the vendor's side would do outside the console is done here by its own means: the e-KYC
user's browser walks the hosted journey over HTTP; OneKYC is told the callback URL and header
(the partner's agreement, here the drop-in's control plane) and its clock is moved past the
processing.
"""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from streamlit.testing.v1 import AppTest

from console.core.history import HistoryStore
from sandbox.core.dropin import DropIn
from tests.pages.conftest import page, texts

ASSETS = Path(__file__).resolve().parents[2] / "assets"
# The console's base-URL setting of each drop-in service (the settings classes in
# console/vendors/<vendor>/spec.py).
BASE_URL_SETTINGS = {
    "hyperverge-ckyc": "live_base_url",
    "hyperverge-validation": "live_base_url",
    "messagecentral-ekyc": "live_base_url",
    "onekyc-siv.api": "live_base_url",
    "onekyc-siv.token": "live_token_base_url",
    "hypersign-kyc.kyc": "live_base_url",
    "hypersign-kyc.ssi": "live_ssi_base_url",
    "hypersign-kyc.dashboard": "live_dashboard_base_url",
}
CALLBACK_TOKEN = "live-dropin-callback-token"


@pytest.fixture
def live(services, monkeypatch) -> Iterator:
    """Starts a vendor's drop-in and points the console at it in live mode; yields a function
    vendor id -> DropIn."""
    started: list[DropIn] = []
    monkeypatch.setenv("KYC_CAMERA", "upload")

    def go_live(vendor: str) -> DropIn:
        dropin = DropIn(vendor).start()
        started.append(dropin)
        prefix = "KYC_" + vendor.replace("-", "_").upper() + "__"
        monkeypatch.setenv(prefix + "MODE", "live")
        listed = httpx.get(f"{dropin.url()}/_sandbox/vendors").json()[0]
        for service in listed["services"]:
            key = vendor if len(listed["services"]) == 1 else f"{vendor}.{service['name']}"
            monkeypatch.setenv(prefix + BASE_URL_SETTINGS[key].upper(), service["url"])
        for name, value in {**listed["credentials"], **listed["settings"]}.items():
            monkeypatch.setenv(prefix + name.upper(), value)
        return dropin

    yield go_live
    for dropin in started:
        dropin.stop()


def shown(at: AppTest) -> str:
    return " ".join(
        texts(at.markdown)
        + texts(at.caption)
        + texts(at.success)
        + texts(at.warning)
        + texts(at.error)
        + texts(at.info)
        + [str(badge.proto) for badge in at.get("badge")]
    )


def live_page(name: str) -> AppTest:
    at = page(name).run()
    assert not at.exception
    return at


def journey_rows(store: HistoryStore, journey_id: str) -> list[tuple[str, int | None]]:
    return [(r["step"], r["status_code"]) for r in store.journey_exchanges(journey_id)]


def test_ckyc_download_live_against_its_drop_in(live, store) -> None:
    dropin = live("hyperverge-ckyc")
    at = live_page("hyperverge_ckyc")
    assert not _has_button(at, "ckyc.sample.")  # live: no sample users, the inputs are typed
    at.text_input(key="ckyc.id_no").input("ABCPK1234F")
    at.text_input(key="ckyc.mobile").input("9876501865")
    at.button(key="ckyc.start").click().run()
    assert not at.exception
    assert "OTP has been sent to the registered mobile number XXXXXX1865" in texts(at.success)
    inbox = httpx.get(f"{dropin.url()}/_sandbox/inbox", params={"mobile": "9876501865"}).json()
    at.text_input(key="ckyc.otp").input(inbox["messages"][-1]["otp"])
    at.button(key="ckyc.verify").click().run()
    assert not at.exception
    assert "**Record downloaded**" in texts(at.success)
    assert "ASHA SPECIMEN KUMARI" in texts(at.subheader)
    journey = at.session_state["ckyc.journey"].journey_id
    assert store.journey(journey)["mode"] == "live"
    assert journey_rows(store, journey) == [("start", 200), ("validate-otp", 200)]


def _has_button(at: AppTest, prefix: str) -> bool:
    return any(str(getattr(b, "key", "")).startswith(prefix) for b in at.button)


def test_ckyc_validation_live_against_its_drop_in(live, store) -> None:
    live("hyperverge-validation")
    at = page("hyperverge_validation")
    at.session_state["val.way"] = "upload"
    at.run()
    records, documents = ASSETS / "ckyc" / "records", ASSETS / "ckyc" / "documents"
    at.file_uploader(key="val.xml").set_value(
        ("asha.xml", (records / "asha.xml").read_bytes(), "text/xml")
    ).run()
    at.file_uploader(key="val.files").set_value(
        [
            (name, (documents / name).read_bytes(), "image/jpeg")
            for name in ("asha-aadhaar-front.jpg", "asha-aadhaar-back.jpg")
        ]
    ).run()
    at.file_uploader(key="val.selfie").set_value(
        ("asha-selfie.jpg", (documents / "asha-selfie.jpg").read_bytes(), "image/jpeg")
    ).run()
    assert not at.exception
    assert at.text_input(key="val.f.first_name").value == "ASHA"
    at.button(key="val.validate").click().run()
    assert not at.exception
    assert "Approved" in " ".join(texts(at.markdown))
    journey = at.session_state["val.journey"].journey_id
    assert store.journey(journey)["outcome"] == "approve"
    assert journey_rows(store, journey) == [("validate", 200)]


def test_ekyc_now_live_against_its_drop_in(live, services, store) -> None:
    dropin = live("messagecentral-ekyc")
    base = dropin.url()
    at = live_page("messagecentral_ekyc")
    at.text_input(key="ekyc.company").input("KYC Console Demo")
    at.button(key="ekyc.generate").click().run()
    assert not at.exception
    generated = at.session_state["ekyc.journey"].generated
    assert generated is not None and generated.url.startswith(f"{base}/kyc/flow/")
    # The flow's redirection URL, as the page asks the integrator to set it in the e-KYC
    # console (here the drop-in's control plane).
    redirect = f"{services.receiver_url}/redirects/messagecentral-ekyc"
    assert redirect in shown(at)
    httpx.post(
        f"{base}/_sandbox/messagecentral-ekyc/flows/{generated_flow(base)}",
        json={"redirection_url": redirect},
    ).raise_for_status()
    # The user's browser on the hosted journey: consent, the ID card's front, the selfie.
    opened = httpx.get(generated.url)
    assert opened.status_code == 303
    journey_page = base + opened.headers["location"]
    hypersign = ASSETS / "hypersign"
    steps = [
        ("consent", None, {"consent": "accept"}),
        ("document", hypersign / "id-front.jpg", {"document_type": "national_id"}),
        ("selfie", hypersign / "selfie.jpg", {}),
    ]
    answer: dict = {}
    for step, photo, form in steps:
        files = None if photo is None else {step: (f"{step}.jpg", photo.read_bytes(), "image/jpeg")}
        sent = httpx.post(
            f"{journey_page}/{step}",
            data=form or None,
            files=files,
            headers={"Accept": "application/json"},
            timeout=120,
        )
        assert sent.status_code == 200, sent.text
        answer = sent.json()
    assert (answer["status"], answer["reason"]) == ("completed", "verified")
    assert answer["redirect"].startswith(redirect + "?")
    assert httpx.get(answer["redirect"]).status_code == 200  # the browser lands on the console
    at.run()  # the page's 1 s fragment, in a browser
    assert not at.exception
    assert "The journey ended: Completed" in shown(at)
    assert store.journey(at.session_state["ekyc.journey"].journey_id)["mode"] == "live"


def generated_flow(base: str) -> str:
    """The Basic flow's id, as the drop-in publishes it (the page generates Basic)."""
    return httpx.get(f"{base}/_sandbox/vendors").json()[0]["settings"]["basic_flow_id"]


def test_onekyc_siv_live_against_its_drop_in(live, services, store, monkeypatch) -> None:
    monkeypatch.setenv("KYC_ONEKYC_SIV__CALLBACK_TOKEN", CALLBACK_TOKEN)
    dropin = live("onekyc-siv")
    # The partner's agreement with OneKYC: where callbacks go and the header they carry.
    callback = f"{services.receiver_url}/webhooks/onekyc-siv?mode=live"
    httpx.post(
        f"{dropin.url()}/_sandbox/onekyc-siv/callback",
        json={"url": callback, "headers": {"Authorization": CALLBACK_TOKEN}},
    ).raise_for_status()
    at = live_page("onekyc_siv")
    assert callback in shown(at)
    at.text_input(key="siv.phoneNumber").input("628188888889")
    at.text_input(key="siv.reference").input("otp-check-2041")
    at.button(key="siv.initiate").click().run()
    assert not at.exception
    journey = at.session_state["siv.journey"]
    assert journey.initiated is not None, shown(at)
    onekyc = ASSETS / "onekyc"
    for kind, name in (("ktp", "ktp-valid.jpg"), ("selfie", "selfie.jpg")):
        at.file_uploader(key=f"siv.{kind}.upload").set_value(
            (name, (onekyc / name).read_bytes(), "image/jpeg")
        ).run()
        at.button(key=f"siv.{kind}.send").click().run()
        assert not at.exception
    httpx.post(f"{dropin.url()}/_sandbox/clock/advance", json={"seconds": 9}).raise_for_status()
    assert store.wait_for_callback("onekyc-siv", journey.submission_id, 60) is not None
    at.run()
    text = shown(at)
    assert "VALID" in text and "INVALID" not in text
    assert "Callback received (1 delivery)" in text
    assert "SITI SPECIMEN RAHAYU" in " ".join(df.value.to_string() for df in at.dataframe)
    assert store.journey(journey.journey_id)["mode"] == "live"


def test_hypersign_live_against_its_drop_in(live, store) -> None:
    live("hypersign-kyc")
    at = live_page("hypersign_kyc")
    at.text_input(key="hs.name").input("Priya Specimen Menon")
    at.text_input(key="hs.email").input("priya.menon@example.com")
    at.button(key="hs.start").click().run()
    assert not at.exception
    hypersign = ASSETS / "hypersign"
    for key, name, button in (
        ("hs.PASSPORT.front", "passport.jpg", "hs.read"),
        ("hs.selfie", "selfie.jpg", "hs.match"),
    ):
        at.file_uploader(key=f"{key}.upload").set_value(
            (name, (hypersign / name).read_bytes(), "image/jpeg")
        ).run()
        at.button(key=button).click().run()
        assert not at.exception, shown(at)
    assert "Same person" in shown(at)
    at.button(key="hs.consent").click().run()
    assert not at.exception
    assert "Verification complete" in shown(at)
    journey = at.session_state["hs.journey"]
    assert journey.stage == "consented"
    assert store.journey(journey.journey_id)["mode"] == "live"
