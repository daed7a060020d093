"""AppTest walks of the CKYC Individual Download page."""

import json
import os
import subprocess

import httpx
import pytest
from streamlit.testing.v1 import AppTest

from console.core.history import HistoryFilter
from tests.pages.conftest import page, texts


def latest_otp(services, mobile: str = "9876501865") -> str:
    inbox = httpx.get(f"{services.sandbox_url}/_sandbox/inbox", params={"mobile": mobile}).json()
    return inbox["messages"][-1]["otp"]


def started(sample: str = "Asha · PAN") -> AppTest:
    at = page("hyperverge_ckyc").run()
    at.button(key=f"ckyc.sample.{sample}").click().run()
    at.button(key="ckyc.start").click().run()
    assert not at.exception
    return at


def enter_otp(at: AppTest, otp: str) -> AppTest:
    at.text_input(key="ckyc.otp").input(otp)
    return at.button(key="ckyc.verify").click().run()


def journey_id(at: AppTest) -> str:
    return at.session_state["ckyc.journey"].journey_id


def test_happy_path_shows_the_record(services, store) -> None:
    at = started()
    assert "OTP has been sent to the registered mobile number XXXXXX1865" in texts(at.success)
    otp = latest_otp(services)
    phone = at.chat_message[0].markdown[0].value
    assert otp in phone  # the SMS is on the sandbox phone
    at = enter_otp(at, otp)
    assert not at.exception
    assert "**Record downloaded**" in texts(at.success)
    assert "ASHA SPECIMEN KUMARI" in texts(at.subheader)
    metrics = dict(zip([m.label for m in at.metric], texts(at.metric), strict=True))
    assert {"Date of birth": "15-08-1990", "Downloads": "5", "IDs": "3"}.items() <= metrics.items()
    assert len(at.get("image")) == 5  # photo, signature, Aadhaar front and back, passport
    steps = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert [s.split(" · ")[0] for s in steps] == ["#### 1", "#### 2", "#### 3"], steps
    assert at.session_state["shared.ckyc_record"].fullName == "ASHA SPECIMEN KUMARI"
    rows = store.journey_exchanges(journey_id(at))
    assert [(r["step"], r["status_code"]) for r in rows] == [("start", 200), ("validate-otp", 200)]
    assert rows[0]["request"]["headers"]["appKey"] == "[REDACTED]"
    assert rows[0]["request"]["body"]["idNo"] == "XXXXXX234F"
    assert store.journey(journey_id(at))["outcome"] == "downloaded"


def test_aadhaar_builder(services) -> None:
    at = started("Asha · Aadhaar")
    assert "OTP has been sent to the registered mobile number XXXXXX1865" in texts(at.success)
    at = enter_otp(at, latest_otp(services))
    assert "ASHA SPECIMEN KUMARI" in texts(at.subheader)


def test_search_only(services) -> None:
    at = page("hyperverge_ckyc").run()
    at.button(key="ckyc.sample.Ravi · Voter ID").click().run()
    at.toggle(key="ckyc.search_only").set_value(True).run()
    at.button(key="ckyc.start").click().run()
    assert "RAVI TEST SHARMA" in texts(at.subheader)
    assert (
        httpx.get(f"{services.sandbox_url}/_sandbox/inbox", params={"mobile": "9123409999"}).json()[
            "messages"
        ]
        == []
    )


def test_wrong_otp_then_exhausted(services, store) -> None:
    at = started()
    at = enter_otp(at, "000001")
    warning = " ".join(texts(at.warning))
    assert "**Wrong OTP: 2 attempts left**" in warning
    assert "Invalid OTP entered. Remaining attempts: 2" in warning  # the vendor's words
    assert any("2 of 3 attempts left" in c for c in texts(at.caption))
    at = enter_otp(at, "000002")
    at = enter_otp(at, "000003")
    warning = " ".join(texts(at.warning))
    assert "Download failed as OTP validation was unsuccessful" in warning
    assert "All OTP attempts are used" in warning
    assert at.button(key="ckyc.verify").disabled
    # Nothing stale: no "attempts left", no "OTP sent" banner, no ticking resend.
    assert not any("attempts left" in c for c in texts(at.caption))
    assert any("This OTP session is over" in c for c in texts(at.caption))
    assert not texts(at.success)
    assert at.button(key="ckyc.resend").disabled
    assert store.journey(journey_id(at))["outcome"] == "ended"
    at.button(key="ckyc.start_over").click().run()
    assert "ckyc.journey" not in at.session_state
    # The form comes back as it was sent, ready for a new OTP.
    assert at.text_input(key="ckyc.id_no").value == "ABCPK1234F"
    assert at.text_input(key="ckyc.mobile").value == "9876501865"


def test_resend_before_and_after_the_cooldown(services) -> None:
    at = started()
    assert at.button(key="ckyc.resend").disabled
    at.checkbox(key="ckyc.allow_early").check().run()
    at.button(key="ckyc.resend").click().run()
    assert any(
        "Resend OTP Option enable post 90 sec from the first request" in w
        for w in texts(at.warning)
    )
    first = latest_otp(services)
    at.button(key="ckyc.skip").click().run()
    assert not at.button(key="ckyc.resend").disabled
    assert not texts(at.warning)  # the early refusal no longer holds
    at.button(key="ckyc.resend").click().run()
    assert "A new OTP is on its way" in " ".join(texts(at.success))
    assert any("2 of 3 resends left" in c for c in texts(at.caption))
    second = latest_otp(services)
    assert second != first
    at = enter_otp(at, second)
    assert "ASHA SPECIMEN KUMARI" in texts(at.subheader)


@pytest.mark.parametrize(
    ("fill", "status", "message", "next_step"),
    [
        (
            {"ckyc.id_type": "C", "ckyc.id_no": "AAAPN0000A", "ckyc.mobile": "9000000000"},
            400,
            "Download failed. Mobile number is not registered in the KYC record. "
            "Please download using bulk file methods",
            "Turn on Search only to see the record's summary (CERSAI offers bulk file download).",
        ),
        (
            {"ckyc.id_type": "C", "ckyc.id_no": "BBBPR5555B", "ckyc.mobile": "9000000000"},
            400,
            "Download failed. Auth Factor does not match that registered in the KYC record",
            "Fix the mobile number in step 1 and start again.",
        ),
        (
            {"ckyc.id_type": "A", "ckyc.id_no": "Z0000000", "ckyc.mobile": "9876501865"},
            404,
            "No record found",
            "Check the ID type and number in step 1 (for Aadhaar: the number, the name, the date "
            "of birth and the gender, as on the card), then start again.",
        ),
        (
            {"ckyc.id_type": "C", "ckyc.id_no": "DSC-EXPIRED", "ckyc.mobile": "9876501865"},
            404,
            "Digital signature cannot be verified. The certificate is expired.",
            "The signing certificate or keys are wrong or expired: contact HyperVerge support.",
        ),
        (
            {"ckyc.id_type": "C", "ckyc.id_no": "SERVER-ERROR", "ckyc.mobile": "9876501865"},
            500,
            "Internal Server Error",
            "Try again; if it persists, contact HyperVerge support.",
        ),
    ],
)
def test_documented_errors_explain_what_to_do(
    services, store, fill, status, message, next_step
) -> None:
    at = page("hyperverge_ckyc")
    for key, value in fill.items():
        at.session_state[key] = value
    at.run()
    at.button(key="ckyc.start").click().run()
    (notice,) = texts(at.warning) + texts(at.error)
    headline, detail, next_line, code = notice.split("  \n")
    # A sentence first, the vendor's own words as text, what to do now, the code small beneath.
    assert headline.startswith("**") and "HTTP" not in headline
    assert detail == message
    assert next_line == f"Next: {next_step}"
    assert code.startswith(f":small[HTTP {status} · ")
    assert store.journey(journey_id(at))["outcome"] == "failed"


@pytest.mark.parametrize(
    ("fill", "problem"),
    [
        ({"ckyc.id_no": "", "ckyc.mobile": "9876501865"}, "Enter the PAN number."),
        ({"ckyc.id_no": "ABCPK1234F", "ckyc.mobile": "98765"}, "must be 10 digits"),
        (
            {"ckyc.id_type": "E", "ckyc.aadhaar": "1234", "ckyc.mobile": "9876501865"},
            "exactly 12 digits",
        ),
    ],
)
def test_bad_input_is_explained_and_recorded(services, store, fill, problem) -> None:
    at = page("hyperverge_ckyc")
    for key, value in fill.items():
        at.session_state[key] = value
    at.run()
    at.button(key="ckyc.start").click().run()
    assert any(problem in w for w in texts(at.warning))
    rows = store.exchanges(HistoryFilter(journey_id=journey_id(at)))
    assert list(rows["outcome"]) == ["rejected"] and list(rows["kind"]) == ["input"]


def test_empty_otp_is_refused_before_sending(services, store) -> None:
    at = enter_otp(started(), "")
    assert any("Type the OTP first" in w for w in texts(at.warning))
    rows = store.journey_exchanges(journey_id(at))
    assert [r["kind"] for r in rows] == ["http", "input"]


@pytest.mark.parametrize(
    ("mode", "shown"),
    [("http_500", "Internal Server Error"), ("malformed_body", "does not match its contract")],
)
def test_vendor_faults_are_explained(services, mode, shown) -> None:
    httpx.post(
        f"{services.sandbox_url}/_sandbox/faults", json={"vendor": "hyperverge-ckyc", "mode": mode}
    )
    at = started()
    assert shown in " ".join(texts(at.warning) + texts(at.error))


def test_vendor_timeout(services, monkeypatch) -> None:
    monkeypatch.setenv("KYC_TIMEOUT_SECONDS", "0.3")
    httpx.post(
        f"{services.sandbox_url}/_sandbox/faults",
        json={"vendor": "hyperverge-ckyc", "mode": "timeout", "seconds": 1},
    )
    at = started()
    assert "The vendor did not answer in time" in " ".join(texts(at.error))


def test_live_mode_without_credentials(services) -> None:
    at = page("hyperverge_ckyc")
    at.session_state["settings.overrides"] = {"hyperverge-ckyc": {"mode": "live"}}
    at.run()
    at.session_state["ckyc.id_no"] = "ABCPK1234F"
    at.session_state["ckyc.mobile"] = "9876501865"
    at.button(key="ckyc.start").click().run()
    assert any("KYC_HYPERVERGE_CKYC__APP_ID" in i for i in texts(at.info))


def test_live_mode_with_wrong_credentials(services, monkeypatch) -> None:
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__MODE", "live")
    monkeypatch.setenv(
        "KYC_HYPERVERGE_CKYC__LIVE_BASE_URL", f"{services.sandbox_url}/hyperverge-ckyc"
    )
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__APP_ID", "sandbox-app-id")
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__APP_KEY", "not-the-key")
    at = page("hyperverge_ckyc")
    at.session_state["ckyc.id_no"] = "ABCPK1234F"
    at.session_state["ckyc.mobile"] = "9876501865"
    at.run()
    at.button(key="ckyc.start").click().run()
    shown = " ".join(texts(at.warning) + texts(at.error))
    assert "The vendor refused the app ID or app key" in shown
    assert "Missing/Invalid credentials" in shown
    assert "not-the-key" not in str(at._tree) and "not-the-key" not in str(at.session_state)


def test_a_base_url_typed_in_the_browser_never_gets_the_credentials(services, monkeypatch) -> None:
    """Anyone who can open the console must not be able to send the app key elsewhere."""
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__MODE", "live")
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__APP_ID", "configured-id")
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__APP_KEY", "configured-key")
    at = page("hyperverge_ckyc")
    at.session_state["settings.overrides"] = {
        "hyperverge-ckyc": {"live_base_url": f"{services.sandbox_url}/hyperverge-ckyc"}
    }
    at.session_state["ckyc.id_no"] = "ABCPK1234F"
    at.session_state["ckyc.mobile"] = "9876501865"
    at.run()
    at.button(key="ckyc.start").click().run()
    assert any("never receives your credentials" in i for i in texts(at.info))
    rows = services_calls(services)
    assert rows == []  # nothing reached the typed URL


def services_calls(services) -> list:
    """Start calls the sandbox answered since the reset (an OTP SMS is sent for each)."""
    inbox = httpx.get(
        f"{services.sandbox_url}/_sandbox/inbox", params={"mobile": "9876501865"}
    ).json()
    return inbox["messages"]


@pytest.mark.parametrize(
    ("setting", "value", "why"),
    [
        ("APP_KEY", "key-with-a-space ", "starts or ends with a space"),
        ("APP_KEY", "clé-secrète", "not ASCII"),
        ("LIVE_BASE_URL", "http://vendor.example.com", "plain http://"),
    ],
)
def test_bad_live_settings_are_named_never_quoted(services, monkeypatch, setting, value, why):
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__MODE", "live")
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__LIVE_BASE_URL", "https://ckyc.example.com")
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__APP_ID", "an-app-id")
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__APP_KEY", "an-app-key")
    monkeypatch.setenv(f"KYC_HYPERVERGE_CKYC__{setting}", value)
    at = page("hyperverge_ckyc")
    at.session_state["ckyc.id_no"] = "ABCPK1234F"
    at.session_state["ckyc.mobile"] = "9876501865"
    at.run()
    at.button(key="ckyc.start").click().run()
    shown = " ".join(texts(at.info))
    assert f"KYC_HYPERVERGE_CKYC__{setting}" in shown and why in shown
    if setting == "APP_KEY":
        assert value.strip() not in str(at._tree)


def opened_raw_exchange(at: AppTest) -> AppTest:
    assert not at.code  # drawn only once opened
    at.session_state[f"raw-exchange.{journey_id(at)}"] = True
    return at.run()


def searched_for_asha() -> AppTest:
    at = page("hyperverge_ckyc").run()
    at.button(key="ckyc.sample.Asha · PAN").click().run()
    at.toggle(key="ckyc.search_only").set_value(True).run()
    at.button(key="ckyc.start").click().run()
    assert "ASHA SPECIMEN KUMARI" in texts(at.subheader)
    return at


def run_curl(command: str, env: dict[str, str] | None = None) -> dict:
    """The command as a person pastes it into a shell, run by the real curl."""
    done = subprocess.run(
        ["bash", "-c", f"{command} --silent --show-error --max-time 10"],
        capture_output=True,
        text=True,
        timeout=20,
        env={"PATH": os.environ["PATH"], **(env or {})},
        check=True,
    )
    return json.loads(done.stdout)


def test_copy_as_curl_replays_the_call_as_typed(services, store) -> None:
    at = opened_raw_exchange(searched_for_asha())
    (code,) = at.code
    assert code.proto.wrap_lines
    assert "--header 'appKey: sandbox-app-key'" in code.value  # published sandbox credentials
    answer = run_curl(code.value)
    assert (answer["status"], answer["statusCode"]) == ("success", "200")
    assert answer["result"]["fullName"] == "ASHA SPECIMEN KUMARI"
    caption = " ".join(texts(at.caption))
    assert "idNo as typed (masked in the recorded request)" in caption
    assert "never in History, logs or exports" in caption
    # The history keeps the masked copy only.
    (row,) = store.journey_exchanges(journey_id(at))
    assert row["request"]["body"]["idNo"] == "XXXXXX234F"
    assert row["request"]["headers"]["appKey"] == "[REDACTED]"
    assert "ABCPK1234F" not in store.export_json().decode()


def test_live_copy_as_curl_reads_the_credentials_from_the_environment(
    services, monkeypatch
) -> None:
    credentials = {
        "KYC_HYPERVERGE_CKYC__APP_ID": "sandbox-app-id",
        "KYC_HYPERVERGE_CKYC__APP_KEY": "sandbox-app-key",
    }
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__MODE", "live")
    monkeypatch.setenv(
        "KYC_HYPERVERGE_CKYC__LIVE_BASE_URL", f"{services.sandbox_url}/hyperverge-ckyc"
    )
    for name, value in credentials.items():
        monkeypatch.setenv(name, value)
    at = page("hyperverge_ckyc").run()
    for key, value in {"ckyc.id_no": "ABCPK1234F", "ckyc.search_only": True}.items():
        at.session_state[key] = value
    at.run()
    at.button(key="ckyc.start").click().run()
    at = opened_raw_exchange(at)
    command = at.code[0].value
    assert '--header "appKey: $KYC_HYPERVERGE_CKYC__APP_KEY"' in command
    assert '--header "appId: $KYC_HYPERVERGE_CKYC__APP_ID"' in command
    assert "sandbox-app-key" not in str(at._tree)
    assert "export them first" in " ".join(texts(at.caption))
    answer = run_curl(command, credentials)
    assert answer["result"]["fullName"] == "ASHA SPECIMEN KUMARI"


def test_selfurl_images_are_fetched_by_the_console(services) -> None:
    at = page("hyperverge_ckyc").run()
    at.button(key="ckyc.sample.Ravi · Voter ID").click().run()
    at.radio(key="ckyc.images").set_value("selfurl")
    at.button(key="ckyc.start").click().run()
    at = enter_otp(at, latest_otp(services, "9123409999"))
    assert "RAVI TEST SHARMA" in texts(at.subheader)
    assert len(at.get("image")) == 4  # photo, signature, driving licence, voter ID
    assert not any("could not be loaded" in c for c in texts(at.caption))


def test_sandbox_tools_arm_a_fault_for_the_next_call(services) -> None:
    at = page("hyperverge_ckyc").run()
    at.selectbox(key="hyperverge-ckyc.fault").set_value("http_500")
    at.button(key="hyperverge-ckyc.arm_fault").click().run()
    at.button(key="ckyc.sample.Asha · PAN").click().run()
    at.button(key="ckyc.start").click().run()
    assert "Internal Server Error" in " ".join(texts(at.error))
    at.button(key="ckyc.start").click().run()  # the fault was for one call only
    assert "OTP has been sent" in " ".join(texts(at.success))


def test_sandbox_tools_list_armed_faults_and_clear_them(services) -> None:
    at = page("hyperverge_ckyc").run()
    assert "No fault armed: calls answer normally." in texts(at.sidebar.caption)
    at.selectbox(key="hyperverge-ckyc.fault").set_value("malformed_body")
    at.button(key="hyperverge-ckyc.arm_fault").click().run()
    armed = texts(at.sidebar.markdown)
    assert any("Garbage body (not JSON)" in m and "next 1 call" in m for m in armed), armed
    at.button(key="hyperverge-ckyc.clear_faults").click().run()
    assert httpx.get(f"{services.sandbox_url}/_sandbox/faults").json()["armed"] == []
    assert "No fault armed: calls answer normally." in texts(at.sidebar.caption)
    assert not any("Garbage body" in m for m in texts(at.sidebar.markdown))
    at.button(key="ckyc.sample.Asha · PAN").click().run()
    at.button(key="ckyc.start").click().run()
    assert "OTP has been sent to the registered mobile number XXXXXX1865" in texts(at.success)


def test_a_500_on_download_loses_nothing(services) -> None:
    at = started()
    httpx.post(
        f"{services.sandbox_url}/_sandbox/faults",
        json={
            "vendor": "hyperverge-ckyc",
            "path": "/api/v1/validateOtpAndDownload",
            "mode": "http_500",
        },
    )
    otp = latest_otp(services)
    at = enter_otp(at, otp)
    assert "Internal Server Error" in " ".join(texts(at.error))
    assert at.session_state["ckyc.journey"].stage == "otp"  # the OTP session is still there
    at = enter_otp(at, otp)
    assert "ASHA SPECIMEN KUMARI" in texts(at.subheader)
