"""The OTP rules, checked by hypothesis against the real sandbox over HTTP with a frozen clock.

3 validation attempts per OTP, then the session ends; resend is an empty otp + retry=yes, only
90 s or more after the last OTP, at most 3 times, and it gives 3 fresh attempts. Not in the
document, the sandbox's choice: a session ends 30 minutes after its last OTP.
"""

import httpx
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

from tests.sandbox.ckyc_doc import (
    ASHA,
    HEADERS,
    OTP_EXHAUSTED,
    RESEND_LIMIT,
    RESEND_TOO_EARLY,
    START,
    UNKNOWN_REQUEST,
    VALIDATE,
    invalid_otp,
    resend_sent,
)

MOBILE = ASHA["mobileNo"]
SESSION_LIFETIME = 30 * 60


class OtpRules(RuleBasedStateMachine):
    url: str = ""

    @initialize()
    def start_session(self) -> None:
        self.http = httpx.Client(base_url=self.url, timeout=10)
        self.http.post("/_sandbox/reset").raise_for_status()
        self.http.post("/_sandbox/clock/freeze", json={"frozen": True}).raise_for_status()
        self.request_id = self.http.post(START, headers=HEADERS, json=ASHA).json()["result"][
            "requestId"
        ]
        self.otp = self.latest_otp()
        self.attempts_left, self.resends_used, self.since_last_otp = 3, 0, 0.0
        self.terminated = self.downloaded = False

    def teardown(self) -> None:
        self.http.close()

    def latest_otp(self) -> str:
        params = {"mobile": MOBILE, "requestId": self.request_id}
        inbox = self.http.get("/_sandbox/inbox", params=params).json()
        return inbox["messages"][-1]["otp"]

    def send(self, otp: str, retry: str = "no") -> httpx.Response:
        body = {
            "otp": otp,
            "requestId": self.request_id,
            "entityType": "individual",
            "retry": retry,
        }
        return self.http.post(VALIDATE, headers=HEADERS, json=body)

    def message(self, response: httpx.Response) -> str:
        return response.json()["error"]["message"]

    def over(self) -> str | None:
        if self.downloaded or self.since_last_otp >= SESSION_LIFETIME:
            return UNKNOWN_REQUEST
        if self.terminated:
            return OTP_EXHAUSTED
        return None

    @rule(seconds=st.sampled_from([1, 30, 59, 89, 90, 91, 120, 1799 - 90, 1800 - 90]))
    def time_passes(self, seconds: int) -> None:
        self.http.post("/_sandbox/clock/advance", json={"seconds": seconds}).raise_for_status()
        self.since_last_otp += seconds

    @rule(guess=st.from_regex(r"\A\d{6}\Z"))
    def wrong_otp(self, guess: str) -> None:
        if guess == self.otp:
            return
        response = self.send(guess)
        assert response.status_code == 404
        if (ended := self.over()) is not None:
            assert self.message(response) == ended
            return
        self.attempts_left -= 1
        if self.attempts_left == 0:
            self.terminated = True
            assert self.message(response) == OTP_EXHAUSTED
        else:
            assert self.message(response) == invalid_otp(self.attempts_left)

    @rule()
    def right_otp(self) -> None:
        response = self.send(self.otp)
        if (ended := self.over()) is not None:
            assert response.status_code == 404 and self.message(response) == ended
            return
        assert response.status_code == 200, response.text
        assert response.json()["result"]["fullName"] == "ASHA SPECIMEN KUMARI"
        self.downloaded = True

    @rule()
    def resend(self) -> None:
        response = self.send("", retry="yes")
        assert response.status_code == 404  # the vendor documents even a good resend as 404
        if (ended := self.over()) is not None:
            assert self.message(response) == ended
        elif self.since_last_otp < 90:
            assert self.message(response) == RESEND_TOO_EARLY
        elif self.resends_used >= 3:
            assert self.message(response) == RESEND_LIMIT
        else:
            self.resends_used += 1
            expected = resend_sent("1865", 3 - self.resends_used)
            assert self.message(response) == expected
            self.otp, self.attempts_left, self.since_last_otp = self.latest_otp(), 3, 0.0


def test_otp_rules_hold_in_any_order(sandbox_url: str) -> None:
    OtpRules.url = sandbox_url
    try:
        run_state_machine_as_test(
            OtpRules,
            settings=settings(max_examples=40, stateful_step_count=30, deadline=None),
        )
    finally:
        httpx.post(f"{sandbox_url}/_sandbox/reset")
