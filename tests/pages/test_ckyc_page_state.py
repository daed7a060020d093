"""The CKYC page never shows a walk that no longer holds: after a reset, a mode switch, or a
sample person; and every documented refusal stays reachable on purpose."""

import httpx

from tests.pages.conftest import page, texts


def started(sample: str = "Asha · PAN"):
    at = page("hyperverge_ckyc").run()
    at.button(key=f"ckyc.sample.{sample}").click().run()
    at.button(key="ckyc.start").click().run()
    assert not at.exception
    return at


def test_reset_sandbox_clears_the_open_walk(services, store) -> None:
    at = started()
    journey_id = at.session_state["ckyc.journey"].journey_id
    at.button(key="hyperverge-ckyc.reset").click().run()
    assert "ckyc.journey" not in at.session_state
    assert at.button(key="ckyc.start")  # the form is back
    assert store.journey(journey_id)["outcome"] == "abandoned"


def test_a_mode_switch_clears_a_walk_of_the_other_mode(services) -> None:
    at = started()
    at.session_state["settings.overrides"] = {"hyperverge-ckyc": {"mode": "live"}}
    at.run()
    assert "ckyc.journey" not in at.session_state
    assert not any("OTP has been sent" in s for s in texts(at.success))


def test_a_sample_person_turns_search_only_off(services) -> None:
    at = page("hyperverge_ckyc").run()
    at.toggle(key="ckyc.search_only").set_value(True).run()
    at.button(key="ckyc.sample.Vikram · wrong mobile").click().run()
    assert at.toggle(key="ckyc.search_only").value is False
    at.button(key="ckyc.start").click().run()
    assert any(
        "Download failed. Auth Factor does not match that registered in the KYC record" in w
        for w in texts(at.warning)
    )


def test_a_fourth_resend_can_be_sent_to_see_the_refusal(services) -> None:
    at = started()
    for _ in range(3):
        httpx.post(f"{services.sandbox_url}/_sandbox/clock/advance", json={"seconds": 90})
        at.run()
        at.button(key="ckyc.resend").click().run()
    httpx.post(f"{services.sandbox_url}/_sandbox/clock/advance", json={"seconds": 90})
    at.run()
    assert at.button(key="ckyc.resend").disabled
    at.checkbox(key="ckyc.allow_early").check().run()
    at.button(key="ckyc.resend").click().run()
    assert any("No resends left" in w for w in texts(at.warning))


def test_letters_in_the_otp_are_named_as_such(services, store) -> None:
    at = started()
    at.text_input(key="ckyc.otp").input("12ab56")
    at.button(key="ckyc.verify").click().run()
    assert any("The OTP is digits only" in w for w in texts(at.warning))
    rows = store.journey_exchanges(at.session_state["ckyc.journey"].journey_id)
    assert rows[-1]["error"] == "The OTP is digits only"


def test_a_failure_the_sandbox_injected_says_so_and_what_to_do(services) -> None:
    httpx.post(
        f"{services.sandbox_url}/_sandbox/faults",
        json={"vendor": "hyperverge-ckyc", "mode": "http_500"},
    )
    at = started()
    shown = " ".join(texts(at.error) + texts(at.warning))
    assert "The vendor failed on its side (a fault armed in the sandbox)" in shown
    assert "injected: http_500" in shown
    assert "Next: Call again: it answers normally unless more faults are armed" in shown
    assert "contact HyperVerge support" not in shown
