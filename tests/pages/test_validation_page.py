"""AppTest walks of the CKYC Validation page: the three ways in, what the vendor would refuse,
the verdict, and a record file that tries an XML attack."""

import json
import os
import subprocess

import httpx
import pytest
from streamlit.testing.v1 import AppTest

from console.vendors.hyperverge_validation import sources
from console.vendors.hyperverge_validation.record_xml import RecordError
from tests.pages.conftest import page, texts

ASHA = "Asha · Aadhaar + passport (approves)"
SIX_PAGES = "Asha · a 6-page PDF (the vendor refuses: over 5 pages)"


def validation(**state) -> AppTest:
    at = page("hyperverge_validation")
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def journey_id(at: AppTest) -> str:
    return at.session_state["val.journey"].journey_id


def test_a_sample_record_is_approved_and_says_why(services, store) -> None:
    at = validation(**{"val.way": "sample", "val.sample": ASHA})
    assert at.text_input(key="val.f.first_name").value == "ASHA"
    assert not texts(at.warning)  # nothing the vendor would refuse
    at.button(key="val.validate").click().run()
    assert not at.exception
    shown = " ".join(texts(at.markdown))
    assert "Approved" in shown
    assert "the best-scoring document validated in full and the score is under 2" in shown
    assert store.journey(journey_id(at))["outcome"] == "approve"
    rows = store.journey_exchanges(journey_id(at))
    assert [(r["step"], r["status_code"], r["outcome"]) for r in rows] == [
        ("validate", 200, "success")
    ]
    assert rows[0]["request"]["headers"]["appKey"] == "[REDACTED]"


def test_an_edited_name_is_sent_and_the_mismatch_explained(services) -> None:
    at = validation(**{"val.way": "sample", "val.sample": ASHA})
    at.text_input(key="val.f.first_name").input("PRIYA").run()
    at.text_input(key="val.f.full_name").input("PRIYA SPECIMEN KUMARI").run()
    at.button(key="val.validate").click().run()
    shown = " ".join(texts(at.markdown))
    assert "Approved" not in shown
    assert "The name is a mismatch" in shown  # ER_NAME, in words


def test_what_the_vendor_would_refuse_is_held_back_unless_sent_anyway(services, store) -> None:
    at = validation(**{"val.way": "sample", "val.sample": SIX_PAGES})
    assert any("pages exceeded the supported length of 5" in w for w in texts(at.warning))
    at.button(key="val.validate").click().run()
    assert any(
        "Not sent: the console found what the vendor would refuse or mark" in w
        for w in texts(at.warning)
    )
    held = store.journey_exchanges(journey_id(at))
    assert [(r["kind"], r["outcome"]) for r in held] == [("input", "rejected")]
    at.checkbox(key="val.send_anyway").check().run()
    at.button(key="val.validate").click().run()
    shown = " ".join(texts(at.warning) + texts(at.error))
    assert "A PDF has more than 5 pages" in shown
    assert "pages exceeded the supported length of 5" in shown and "HTTP 400 · ER_PAGE" in shown


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<ckycRecord><firstName>&x;</firstName></ckycRecord>",
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><ckycRecord><firstName>&b;</firstName>'
        b"</ckycRecord>",
    ],
    ids=["external-entity", "entity-expansion"],
)
def test_an_xml_attack_in_an_upload_is_refused_in_a_sentence(xml) -> None:
    """AppTest cannot drive a file uploader: the page's upload path, called as the page does."""
    with pytest.raises(RecordError, match="declares entities or a DTD"):
        sources.from_upload(xml, "attack.xml", [], None)


def test_the_record_just_downloaded_is_one_click_away(services, store) -> None:
    download = page("hyperverge_ckyc").run()
    download.button(key="ckyc.sample.Asha · PAN").click().run()
    download.button(key="ckyc.start").click().run()
    inbox = httpx.get(
        f"{services.sandbox_url}/_sandbox/inbox", params={"mobile": "9876501865"}
    ).json()["messages"]
    download.text_input(key="ckyc.otp").input(inbox[-1]["otp"])
    download.button(key="ckyc.verify").click().run()
    record = download.session_state["shared.ckyc_record"]
    assert download.button(key="ckyc.validate_record")

    at = validation(**{"shared.ckyc_record": record, "val.way": "downloaded"})
    assert at.text_input(key="val.f.last_name").value == "KUMARI"
    assert at.text_input(key="val.f.pincode").value == "560034"
    at.button(key="val.validate").click().run()
    assert not at.exception
    assert "Approved" in " ".join(texts(at.markdown))


def test_the_raw_exchange_lists_the_parts_and_replays_with_form_and_files(
    services, store, tmp_path
) -> None:
    at = validation(**{"val.way": "sample", "val.sample": ASHA})
    at.button(key="val.validate").click().run()
    (row,) = store.journey_exchanges(journey_id(at))
    recorded = row["request"]["body"]["multipart"]
    assert (
        recorded["form"]["aadhaar"] == "XXXXXXXX7058" and recorded["form"]["first_name"] == "ASHA"
    )
    files = recorded["files"]
    assert [f["filename"] for f in files][-1].startswith("selfie")
    assert all(f["bytes"] > 1000 and f["field"] == "image_details" for f in files)

    at.session_state[f"raw-exchange.{journey_id(at)}"] = True
    at.run()
    command = next(code.value for code in at.code if code.value.startswith("curl"))
    assert "--form 'image_details=@" in command and "--form-string first_name=ASHA" in command
    request = at.session_state["val.journey"].request
    for upload in request.documents:
        (tmp_path / upload.filename).write_bytes(upload.content)
    # The selfie goes by the name the vendor is sent (the caption lists every file's name).
    (tmp_path / files[-1]["filename"]).write_bytes(request.selfie.content)
    assert files[-1]["filename"] == "selfie-asha-selfie.jpg"
    done = subprocess.run(
        ["bash", "-c", f"{command} --silent --show-error --max-time 60"],
        capture_output=True,
        text=True,
        timeout=90,
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"]},
        check=True,
    )
    answer = json.loads(done.stdout)
    assert (answer["status"], answer["result"]["action"]) == ("success", "approve")


def test_asked_for_options_show_the_masked_aadhaar_and_the_ocr_dump(services, store) -> None:
    at = validation(**{"val.way": "sample", "val.sample": ASHA})
    at.button(key="val.validate").click().run()
    without = len(at.get("image"))
    assert "OCR dump" not in [e.label for e in at.expander]
    at.toggle(key="val.o.mask_aadhaar").set_value(True)
    at.toggle(key="val.o.returnOcrDump").set_value(True).run()
    at.button(key="val.validate").click().run()
    assert not at.exception
    assert "#### Masked Aadhaar" in texts(at.markdown)
    assert len(at.get("image")) > without  # the masked image(s), fetched from the vendor's link
    assert "OCR dump" in [e.label for e in at.expander]
    # The dumps hold every number read off the cards: never whole in the history.
    exported = store.export_json().decode()
    assert "999941057058" not in exported and "9999 4105 7058" not in exported


def test_a_way_with_no_record_yet_sends_nothing_from_the_last_one(services) -> None:
    at = validation(**{"val.way": "sample", "val.sample": ASHA})
    assert at.button(key="val.validate")
    at.session_state["val.way"] = "upload"
    at.run()
    assert not [b for b in at.button if b.key == "val.validate"]


def test_live_shows_the_vendors_action_without_the_sandboxs_score(services, monkeypatch) -> None:
    monkeypatch.setenv("KYC_HYPERVERGE_VALIDATION__MODE", "live")
    monkeypatch.setenv(
        "KYC_HYPERVERGE_VALIDATION__LIVE_BASE_URL", f"{services.sandbox_url}/hyperverge-validation"
    )
    monkeypatch.setenv("KYC_HYPERVERGE_VALIDATION__APP_ID", "sandbox-app-id")
    monkeypatch.setenv("KYC_HYPERVERGE_VALIDATION__APP_KEY", "sandbox-app-key")
    at = validation(**{"val.way": "sample", "val.sample": ASHA})
    at.button(key="val.validate").click().run()
    shown = " ".join(texts(at.markdown))
    assert "Approved" in shown and "The vendor's action" in shown
    assert "score" not in shown.lower().replace("mismatch codes", "")


def test_another_record_never_shows_the_last_ones_verdict(services) -> None:
    at = validation(**{"val.way": "sample", "val.sample": ASHA})
    at.button(key="val.validate").click().run()
    assert "#### 3 · The verdict" in texts(at.markdown)
    at.selectbox(key="val.sample").select("Ravi · DL + voter ID").run()
    assert "#### 3 · The verdict" not in texts(at.markdown)
    assert "Approved" not in " ".join(texts(at.markdown))


def test_a_record_of_image_urls_only_is_still_sent_as_multipart(services, store) -> None:
    download = page("hyperverge_ckyc").run()
    download.button(key="ckyc.sample.Asha · PAN").click().run()
    download.radio(key="ckyc.images").set_value("selfurl")
    download.button(key="ckyc.start").click().run()
    inbox = httpx.get(
        f"{services.sandbox_url}/_sandbox/inbox", params={"mobile": "9876501865"}
    ).json()["messages"]
    download.text_input(key="ckyc.otp").input(inbox[-1]["otp"])
    download.button(key="ckyc.verify").click().run()
    record = download.session_state["shared.ckyc_record"]
    at = validation(**{"shared.ckyc_record": record, "val.way": "downloaded"})
    at.button(key="val.validate").click().run()
    (row,) = store.journey_exchanges(journey_id(at))
    headers = {k.lower(): v for k, v in row["request"]["headers"].items()}
    sent_type = headers["content-type"]
    assert sent_type.startswith("multipart/form-data")  # documented, files or not
    assert "imageDetails" in row["request"]["body"]["multipart"]["form"]
