"""What the e-KYC Now tests expect, as literals: the path, headers, keys and messages of the
vendor document (shared/vendor-docs/messagecentral-ekyc-now.txt) and the notes
(shared/vendor-notes.md), the rest from the team's contract (notes/ekyc-contract.md).

Nothing here comes from the sandbox's own modules: a test that expects what the implementation
says cannot catch the implementation saying something else. The helpers send the document's own
requests and walk the hosted journey as its pages do (their posts, asking for JSON).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.helpers import ROOT

# --- the contract's mount, account and published settings -------------------------------------
VENDOR = "messagecentral-ekyc"
PREFIX = "/messagecentral-ekyc"
API_KEY = "sandbox-ekyc-api-key"
TRIAL_API_KEY = "sandbox-ekyc-trial-key"
BASIC = "sbx-basic-flow"
PREMIUM = "sbx-premium-flow"
TRIAL = "sbx-trial-flow"
COMPANY = "KYC Console Demo"
CONTROL = "/_sandbox/messagecentral-ekyc"

# --- the document ---------------------------------------------------------------------------
GENERATE_URL = f"{PREFIX}/ekyc/api/v1/redirection/generate-url"
# "Success Response (200 OK)": its keys, its constant values.
ANSWER_KEYS = {"url", "token", "journey_id", "expires_in_minutes", "message"}
EXPIRES_IN_MINUTES = 30
MESSAGE = "Embed this URL in your application for KYC verification"
SAMPLE_TOKEN = "HfBIyufQ-9O9AauFtBMKRi9kHPXlStAfFlbvg64JzIM"
SAMPLE_JOURNEY_ID = "M17682023316961BQG_SE"
SAMPLE_TRIAL_URL = (
    "https://ekyc-staging.messagecentral.com/kyc/flow/aEzRTHuaJcwda4WtETc119_S-ljpyGpeo0aLzz4705w"
)
# The sample's shape: M, 13 digits (1768202331696 ms: 2026-01-12), 4 upper-case alphanumerics
# (1BQG), _SE. The contract's prose says "17 digits + 4"; its sample (which it says to follow)
# has 13 + 4 = 17 characters.
JOURNEY_ID = re.compile(r"M\d{13}[0-9A-Z]{4}_SE")
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # the two sample tokens: 43 URL-safe characters
# "Error Responses (401 Unauthorized)", verbatim.
MISSING_COMPANY_NAME = {"detail": "Missing company name in Header"}
API_KEY_NOT_BEARER = {"detail": "API Key must be 'Bearer '"}
MISSING_FLOW_ID = {"detail": "Missing flow_id header/query."}
# The contract's chosen answers.
INVALID_KEY_OR_FLOW = {"detail": "Invalid API key or flow_id"}
INVALID_COMPANY_NAME = {"detail": "Invalid company name"}
TRIAL_EXHAUSTED = {"detail": "Trial attempts exhausted"}
TOO_MANY_REQUESTS = {"detail": "Too many requests"}
EXPIRED_PAGE = "This link has expired or was already used"

# --- the contract's redirect --------------------------------------------------------------------
STATUSES = {"completed", "failed", "expired", "abandoned"}

# --- SPECIMEN photos ----------------------------------------------------------------------------
HYPERSIGN = ROOT / "assets" / "hypersign"
PASSPORT = HYPERSIGN / "passport.jpg"
ID_FRONT = HYPERSIGN / "id-front.jpg"
SELFIE = HYPERSIGN / "selfie.jpg"
STRANGER_SELFIE = HYPERSIGN / "stranger-selfie.jpg"
BLANK = HYPERSIGN / "blank.jpg"
WATCHLISTED_ID = ROOT / "assets" / "messagecentral" / "watchlisted-id.jpg"
WATCHLIST = ROOT / "assets" / "messagecentral" / "watchlist.json"
WATCHLISTED_NAME = "MORGAN SPECIMEN BLACKWOOD"


def headers(flow: str = BASIC, key: str | None = API_KEY, **extra: str) -> dict[str, str]:
    sent = {"flow_id": flow, **extra}
    if key is not None:
        sent["api_key"] = f"Bearer {key}"
    return sent


def generate(
    client: httpx.Client, flow: str = BASIC, key: str = API_KEY, company: str = COMPANY
) -> httpx.Response:
    """The document's cURL: flow_id and api_key headers, company_name as a form field."""
    return client.post(
        GENERATE_URL, headers=headers(flow, key), files={"company_name": (None, company)}
    )


def generated(client: httpx.Client, flow: str = BASIC, key: str = API_KEY) -> dict:
    response = generate(client, flow, key)
    assert response.status_code == 200, response.text
    return response.json()


def trial_left(client: httpx.Client) -> int:
    return client.get(f"{CONTROL}/trial").json()["attempts_left"]


def advance(client: httpx.Client, seconds: float) -> None:
    client.post("/_sandbox/clock/advance", json={"seconds": seconds}).raise_for_status()


def freeze(client: httpx.Client) -> None:
    client.post("/_sandbox/clock/freeze", json={"frozen": True}).raise_for_status()


def redirect_to(client: httpx.Client, flow: str, url: str | None) -> httpx.Response:
    return client.post(f"{CONTROL}/flows/{flow}", json={"redirection_url": url})


def journey_state(client: httpx.Client, journey_id: str) -> dict:
    response = client.get(f"{CONTROL}/journeys/{journey_id}")
    assert response.status_code == 200, response.text
    return response.json()


@dataclass
class Walk:
    """One user on the hosted pages: opens the URL, then posts each step as the pages do."""

    client: httpx.Client
    flow: str = PREMIUM
    key: str = API_KEY
    answer: dict = field(default_factory=dict)
    page: str = ""  # the journey's page, from the server root

    def start(self) -> "Walk":
        self.answer = generated(self.client, self.flow, self.key)
        opened = httpx.get(self.answer["url"], timeout=10)
        assert opened.status_code == 303, opened.text
        self.page = opened.headers["location"]
        return self

    @property
    def journey_id(self) -> str:
        return self.answer["journey_id"]

    def post(self, step: str, photo: Path | bytes | None = None, **form: str) -> httpx.Response:
        files = None
        if photo is not None:
            data = photo if isinstance(photo, bytes) else photo.read_bytes()
            files = {step: (f"{step}.jpg", data, "image/jpeg")}
        return self.client.post(
            f"{self.page}/{step}",
            data=form or None,
            files=files,
            headers={"Accept": "application/json"},
            timeout=60,
        )

    def step(self, step: str, photo: Path | bytes | None = None, **form: str) -> dict:
        response = self.post(step, photo, **form)
        assert response.status_code == 200, response.text
        return response.json()

    def consent(self) -> dict:
        return self.step("consent", consent="accept")

    def to_selfie(self, document: Path = PASSPORT, **form: str) -> dict:
        self.consent()
        return self.step("document", document, document_type="passport", **form)

    def to_liveness(self, document: Path = PASSPORT, selfie: Path = SELFIE, **form) -> dict:
        assert self.to_selfie(document, **form)["step"] == "selfie"
        return self.step("selfie", selfie)

    def state(self) -> dict:
        return journey_state(self.client, self.journey_id)

    def view(self) -> httpx.Response:
        return self.client.get(self.page)
