"""What the sandbox holds from the start: its account (key, trial key, company name), its three
flows, and the journeys the scenario catalog's single requests use.

Not secrets: sandbox fixtures, published in GET /_sandbox/vendors.
"""

from dataclasses import dataclass, field
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[2] / "assets"

# The console's setting names -> the sandbox's credentials and published settings.
API_KEY = "sandbox-ekyc-api-key"
TRIAL_API_KEY = "sandbox-ekyc-trial-key"
COMPANY_NAME = "KYC Console Demo"  # the name the account signed up with
BASIC_FLOW_ID = "sbx-basic-flow"
PREMIUM_FLOW_ID = "sbx-premium-flow"
TRIAL_FLOW_ID = "sbx-trial-flow"

BASIC_STEPS = ("consent", "document", "selfie")
PREMIUM_STEPS = ("consent", "document", "selfie", "liveness", "screening")


@dataclass(frozen=True)
class Flow:
    id: str
    kind: str  # basic, premium or trial
    steps: tuple[str, ...]
    trial: bool = False

    @property
    def premium(self) -> bool:
        return "liveness" in self.steps


# Not documented by the vendor: which checks a trial flow runs ("the desired flow"). Chosen: the
# Premium flow's, so that five free attempts show everything the product does.
FLOWS = {
    BASIC_FLOW_ID: Flow(BASIC_FLOW_ID, "basic", BASIC_STEPS),
    PREMIUM_FLOW_ID: Flow(PREMIUM_FLOW_ID, "premium", PREMIUM_STEPS),
    TRIAL_FLOW_ID: Flow(TRIAL_FLOW_ID, "trial", PREMIUM_STEPS, trial=True),
}

# The SPECIMEN pictures the catalog and the tests send (GET /_sandbox/messagecentral-ekyc/
# samples/<name>): Priya's passport and selfies, a stranger's selfie, a blank card, and the
# card of the watch list's first entry (whose selfie is the stranger's: the same face).
SAMPLES = {
    "passport.jpg": ASSETS / "hypersign" / "passport.jpg",
    "id-front.jpg": ASSETS / "hypersign" / "id-front.jpg",
    "selfie.jpg": ASSETS / "hypersign" / "selfie.jpg",
    "stranger-selfie.jpg": ASSETS / "hypersign" / "stranger-selfie.jpg",
    "blank.jpg": ASSETS / "hypersign" / "blank.jpg",
    "watchlisted-id.jpg": ASSETS / "messagecentral" / "watchlisted-id.jpg",
}
WATCHLIST = ASSETS / "messagecentral" / "watchlist.json"


@dataclass(frozen=True)
class SeededJourney:
    """A journey as it stands after a reset, on the Premium flow.

    `opened`: its URL was already opened (the journey runs under `session`); `age`: how many
    seconds before the reset its URL was generated; `at`: the step it stands at; `done`: the
    pictures its earlier steps took (read when a later step needs them); `failed_attempts`: the
    attempts the current step already refused.
    """

    journey_id: str
    token: str
    session: str | None = None
    age: float = 0.0
    at: str = "consent"
    done: dict[str, str] = field(default_factory=dict)
    failed_attempts: int = 0


PRIYA = {"document": "passport.jpg", "selfie": "selfie.jpg", "liveness": "selfie.jpg"}
JOURNEYS = (
    SeededJourney(
        "M1767225600000DONE_SE",
        "sbx-token-completed",
        "sbx-session-completed",
        at="screening",
        done=PRIYA,
    ),
    SeededJourney(
        "M1767225600000AMLH_SE",
        "sbx-token-aml-hit",
        "sbx-session-aml-hit",
        at="screening",
        done={
            "document": "watchlisted-id.jpg",
            "selfie": "stranger-selfie.jpg",
            "liveness": "stranger-selfie.jpg",
        },
    ),
    SeededJourney(
        "M1767225600000LIVE_SE",
        "sbx-token-liveness",
        "sbx-session-liveness",
        at="liveness",
        done={"document": "passport.jpg", "selfie": "selfie.jpg"},
        failed_attempts=2,
    ),
    SeededJourney(
        "M1767225600000DOCR_SE",
        "sbx-token-document",
        "sbx-session-document",
        at="document",
        failed_attempts=2,
    ),
    SeededJourney("M1767225600000EXPD_SE", "sbx-token-expired", age=31 * 60),
    SeededJourney("M1767225600000USED_SE", "sbx-token-used", "sbx-session-used"),
)
