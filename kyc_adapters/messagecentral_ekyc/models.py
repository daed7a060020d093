"""Message Central e-KYC Now: the documented answer of generate-url, as a typed model.

The URL and its token are the journey's key (single use, 30 minutes): both are left out of
repr(), so that a model in a log or a traceback never shows one.
"""

from typing import Any

from pydantic import Field, field_validator

from kyc_adapters.base import VendorModel

VENDOR = "messagecentral-ekyc"
LIVE_URL = "https://ekyc.messagecentral.com"
GENERATE_PATH = "/ekyc/api/v1/redirection/generate-url"
URL_LIFETIME_MINUTES = 30  # documented: "The generated URL is valid for 30 minutes only"
TRIAL_ATTEMPTS = 5  # documented: "You have only five (5) free trial attempts"


# Not documented: an upper bound. A day is far past the documented 30 minutes, and keeps a
# countdown's arithmetic finite.
MAX_MINUTES = 24 * 60


class RedirectionUrl(VendorModel):
    """POST /ekyc/api/v1/redirection/generate-url (200): the URL to embed, single use."""

    url: str = Field(repr=False, min_length=1)  # carries the token: a secret too
    token: str = Field(repr=False, min_length=1)
    journey_id: str = Field(min_length=1, max_length=64)
    expires_in_minutes: int | float
    message: str = ""  # "Helpful message for developers": its absence breaks nothing

    @field_validator("expires_in_minutes", mode="before")
    @classmethod
    def _a_positive_number(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            raise ValueError(f"must be a positive number of minutes, not {value!r}")
        if value != value or value > MAX_MINUTES:
            raise ValueError(f"must be at most {MAX_MINUTES} minutes, not {value!r}")
        return value

    @property
    def lifetime_seconds(self) -> float:
        return float(self.expires_in_minutes) * 60

    def expires_at(self, obtained_at: float) -> float:
        """When the URL expires, on the clock `obtained_at` was read from (seconds since the
        epoch; the sandbox's clock in sandbox mode). Read that clock just before sending: the
        vendor starts its 30 minutes a moment later, so the countdown never outlives the URL."""
        return obtained_at + self.lifetime_seconds

    def seconds_left(self, obtained_at: float, now: float) -> float:
        return max(0.0, self.expires_at(obtained_at) - now)

    def is_expired(self, obtained_at: float, now: float) -> bool:
        return now >= self.expires_at(obtained_at)
