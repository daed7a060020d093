"""The simulated phone and the OTP sessions behind it: each SMS names its request, sessions end
on the sandbox clock, the inbox stays bounded, and requestIds never come back after a reset."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from sandbox.core.inbox import Inbox, Sms
from tests.sandbox.ckyc_doc import (
    ASHA,
    UNKNOWN_REQUEST,
    assert_vendor_error,
    invalid_otp,
    otp_for,
    start,
    validate,
)

MOBILE = ASHA["mobileNo"]


def inbox(client: httpx.Client, **params) -> list[dict]:
    response = client.get("/_sandbox/inbox", params={"mobile": MOBILE, **params})
    assert response.status_code == 200
    return response.json()["messages"]


def test_each_sms_names_its_request(sandbox: httpx.Client) -> None:
    first = start(sandbox).json()["result"]["requestId"]
    second = start(sandbox).json()["result"]["requestId"]
    assert [m["requestId"] for m in inbox(sandbox)] == [first, second]  # newest last
    only = inbox(sandbox, requestId=first)
    assert [m["requestId"] for m in only] == [first]
    assert inbox(sandbox, requestId="no-such-request") == []


def test_eight_concurrent_journeys_to_one_mobile_each_read_their_own_otp(
    sandbox: httpx.Client, sandbox_url: str
) -> None:
    def journey(_: int) -> int:
        with httpx.Client(base_url=sandbox_url, timeout=10) as client:
            request_id = start(client).json()["result"]["requestId"]
            return validate(client, request_id, otp_for(client, request_id)).status_code

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(journey, range(8))) == [200] * 8


def test_a_resent_otp_is_filed_under_the_same_request(sandbox: httpx.Client) -> None:
    sandbox.post("/_sandbox/clock/freeze", json={"frozen": True})
    request_id = start(sandbox).json()["result"]["requestId"]
    start(sandbox)  # another journey to the same mobile
    sandbox.post("/_sandbox/clock/advance", json={"seconds": 90})
    validate(sandbox, request_id, "", retry="yes")
    mine = inbox(sandbox, requestId=request_id)
    assert len(mine) == 2 and mine[0]["otp"] != mine[1]["otp"]
    assert validate(sandbox, request_id, mine[-1]["otp"]).status_code == 200


def test_request_ids_never_come_back_after_a_reset(sandbox: httpx.Client) -> None:
    before = {start(sandbox).json()["result"]["requestId"] for _ in range(3)}
    sandbox.post("/_sandbox/reset").raise_for_status()
    after = {start(sandbox).json()["result"]["requestId"] for _ in range(3)}
    assert len(before) == len(after) == 3 and not before & after
    # The catalog's seeded sessions do come back: they are its fixtures.
    assert_vendor_error(validate(sandbox, "sbx-otp-pending", "000000"), 404, invalid_otp(2))


def test_an_otp_session_ends_thirty_minutes_after_its_last_otp(sandbox: httpx.Client) -> None:
    sandbox.post("/_sandbox/clock/freeze", json={"frozen": True})
    request_id = start(sandbox).json()["result"]["requestId"]
    sandbox.post("/_sandbox/clock/advance", json={"seconds": 30 * 60 - 1})
    assert_vendor_error(validate(sandbox, request_id, "000000"), 404, invalid_otp(2))
    sandbox.post("/_sandbox/clock/advance", json={"seconds": 1})
    late = validate(sandbox, request_id, otp_for(sandbox, request_id))
    assert_vendor_error(late, 404, UNKNOWN_REQUEST)


def test_the_inbox_reply_stays_bounded(sandbox: httpx.Client) -> None:
    for _ in range(150):
        start(sandbox)
    messages = inbox(sandbox)
    assert 0 < len(messages) <= 100
    assert messages == sorted(messages, key=lambda m: m["sentAt"])  # still newest last


@pytest.mark.parametrize(("per_mobile", "mobiles"), [(3, 2)])
def test_inbox_keeps_the_newest_per_mobile_and_the_latest_mobiles(per_mobile, mobiles) -> None:
    phone = Inbox(per_mobile=per_mobile, mobiles=mobiles)
    for n in range(5):
        phone.deliver(Sms("111", "S", f"m{n}", None, float(n), f"r{n}"))
    assert [m.text for m in phone.for_mobile("111")] == ["m2", "m3", "m4"]
    phone.deliver(Sms("222", "S", "x", None, 5.0))
    phone.deliver(Sms("111", "S", "m5", None, 6.0))  # 111 is now the latest texted
    phone.deliver(Sms("333", "S", "y", None, 7.0))  # a third number: 222 is dropped
    assert phone.for_mobile("222") == []
    assert [m.text for m in phone.for_mobile("111", "r4")] == ["m4"]
