"""Message Central e-KYC Now: client, the documented model, and what must stay secret."""

from kyc_adapters.messagecentral_ekyc.client import (
    API_KEY,
    API_KEY_OR_FLOW_ID,
    COMPANY_NAME,
    FLOW_ID,
    KNOWN_DETAILS,
    RATE_LIMITED,
    STEP_GENERATE,
    TRIAL_EXHAUSTED,
    InvalidRequest,
    MessageCentralEkycClient,
    RateLimited,
    TrialExhausted,
    refusal_code,
)
from kyc_adapters.messagecentral_ekyc.models import (
    GENERATE_PATH,
    LIVE_URL,
    TRIAL_ATTEMPTS,
    URL_LIFETIME_MINUTES,
    VENDOR,
    RedirectionUrl,
)

# Never stored, never shown (the redactor matches keys case-insensitively, in headers, bodies
# and query strings alike):
SECRET_KEYS = (
    "api_key",  # the request header (Bearer <key>), and the console's setting
    "trial_api_key",  # the console's setting for the Trial flow's key
    "token",  # the answer's token: whoever holds it can open the user's journey
    # The answer's url holds the token in its path, and the redactor searches text only for
    # configured values (never for a token it has not seen), so the whole url is redacted by
    # its key. No other vendor's body has a `url` key.
    "url",
)
# Nothing personal crosses this API: the company name is the integrator's, the flow id is
# configuration and the journey id is the vendor's tracking number (kept, to follow a journey
# in the history). What the user shows happens on the vendor's hosted pages.
PII_KEYS: tuple[str, ...] = ()

__all__ = [
    "API_KEY",
    "API_KEY_OR_FLOW_ID",
    "COMPANY_NAME",
    "FLOW_ID",
    "GENERATE_PATH",
    "KNOWN_DETAILS",
    "LIVE_URL",
    "PII_KEYS",
    "RATE_LIMITED",
    "SECRET_KEYS",
    "STEP_GENERATE",
    "TRIAL_ATTEMPTS",
    "TRIAL_EXHAUSTED",
    "URL_LIFETIME_MINUTES",
    "VENDOR",
    "InvalidRequest",
    "MessageCentralEkycClient",
    "RateLimited",
    "RedirectionUrl",
    "TrialExhausted",
    "refusal_code",
]
