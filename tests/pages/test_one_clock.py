"""One clock: in sandbox mode the resend countdown reads the sandbox clock, whoever moves it."""

import httpx

from tests.pages.conftest import page, texts


def started():
    at = page("hyperverge_ckyc").run()
    at.button(key="ckyc.sample.Asha · PAN").click().run()
    at.button(key="ckyc.start").click().run()
    assert not at.exception
    return at


def test_moving_the_sandbox_clock_with_curl_enables_resend(services) -> None:
    httpx.post(f"{services.sandbox_url}/_sandbox/clock/freeze", json={"frozen": True})
    at = started()
    assert at.button(key="ckyc.resend").disabled
    assert "Resend OTP (in 1:30)" in at.button(key="ckyc.resend").label
    httpx.post(f"{services.sandbox_url}/_sandbox/clock/advance", json={"seconds": 60})
    at.run()
    assert "Resend OTP (in 0:30)" in at.button(key="ckyc.resend").label
    httpx.post(f"{services.sandbox_url}/_sandbox/clock/advance", json={"seconds": 30})
    at.run()
    assert not at.button(key="ckyc.resend").disabled


def test_the_sidebar_clock_moves_the_countdown_too(services) -> None:
    at = started()
    at.number_input(key="hyperverge-ckyc.advance").set_value(90)
    at.button(key="hyperverge-ckyc.advance_clock").click().run()
    assert not at.button(key="ckyc.resend").disabled
    at.button(key="ckyc.resend").click().run()
    assert "A new OTP is on its way" in " ".join(texts(at.success))
