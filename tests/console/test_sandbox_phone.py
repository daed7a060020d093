"""The simulated phone's marks: newest first, this journey's SMS told apart from others'."""

from console.core.sandbox_panel import sms_tags


def test_this_journeys_newest_sms_is_the_latest() -> None:
    newest_first = [{"requestId": "other"}, {"requestId": "ours"}, {"requestId": "ours"}]
    assert sms_tags(newest_first, "ours") == [
        "another journey",
        "this journey · latest",
        "this journey · older",
    ]


def test_without_request_ids_only_the_newest_is_marked() -> None:
    """A sandbox that does not say which request an SMS is for: no guess about journeys."""
    assert sms_tags([{"otp": "1"}, {"otp": "2", "requestId": None}], "ours") == ["latest", ""]
