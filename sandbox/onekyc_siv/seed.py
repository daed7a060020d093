"""What the sandbox holds from the start: its credentials, a partner token, the submissions the
scenario catalog's single requests use, and the SPECIMEN photos it serves.

Not secrets: sandbox fixtures, published in GET /_sandbox/vendors and the catalog.
"""

from dataclasses import dataclass
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "onekyc"

# The console's setting names -> the sandbox's credentials.
CLIENT_ID = "5f0c4c1e-7d1a-4b8e-9c3f-0a6b2d9e8f17"
PASS_KEY = "c2a9e4b0-1f3d-4c6a-8e7b-5d9f0a1b2c3d"
# A partner token every reset issues anew (valid 1800 s from the reset): the catalog's calls
# on the API host carry it.
PARTNER_TOKEN = "sbx-onekyc-partner-token"

# Magic values on Initiate Flow (phone number or email): what the callback does.
RECEIVER_DOWN = "receiver-down"  # the first two attempts go to a closed loopback port
DUPLICATE = "duplicate"  # delivered twice
NO_CALLBACK = "no-callback"  # never sent (Get Submission Details is the way)
MAGIC = {
    "628100000001": RECEIVER_DOWN,
    "receiver-down@onekyc.example": RECEIVER_DOWN,
    "628100000002": DUPLICATE,
    "duplicate@onekyc.example": DUPLICATE,
    "628100000003": NO_CALLBACK,
    "no-callback@onekyc.example": NO_CALLBACK,
}

# The SPECIMEN photos (GET /_sandbox/onekyc-siv/samples/<name>), drawn by assets/make_onekyc.py.
SAMPLES = {
    name: ASSETS / name
    for name in (
        "ktp-valid.jpg",
        "ktp-nik-mismatch.jpg",
        "ktp-blank.jpg",
        "selfie.jpg",
        "selfie-stranger.jpg",
        "registry.json",  # not a photo: the catalog's INVALID_IMAGE
    )
}


@dataclass(frozen=True)
class SeededSubmission:
    """A submission as it stands after a reset: `ktp` (and `selfie`) the sample already sent;
    `age` how many seconds before the reset Initiate Flow ran; `contact` its phone or email."""

    submission_id: str
    sdk_token: str
    ktp: str | None = None
    selfie: str | None = None
    contact: str = "628188888889"
    age: float = 0.0


USER_ID = "sbx-user-0001"
USER_ID_TYPE = "MY_USER_ID"
SESSION_ID = "sbx-partner-session"

SUBMISSIONS = (
    # Each waits for its selfie: the catalog's request sends it, and processing starts.
    SeededSubmission("0b1c9e52-4d6f-4a8e-9b31-5c7d2e8f1a01", "sbx-sdk-valid", "ktp-valid.jpg"),
    SeededSubmission(
        "0b1c9e52-4d6f-4a8e-9b31-5c7d2e8f1a02", "sbx-sdk-nik-mismatch", "ktp-nik-mismatch.jpg"
    ),
    SeededSubmission(
        "0b1c9e52-4d6f-4a8e-9b31-5c7d2e8f1a03", "sbx-sdk-selfie-mismatch", "ktp-valid.jpg"
    ),
    SeededSubmission(
        "0b1c9e52-4d6f-4a8e-9b31-5c7d2e8f1a04", "sbx-sdk-unreadable-ktp", "ktp-blank.jpg"
    ),
    SeededSubmission(
        "0b1c9e52-4d6f-4a8e-9b31-5c7d2e8f1a05",
        "sbx-sdk-receiver-down",
        "ktp-valid.jpg",
        contact="628100000001",
    ),
    SeededSubmission(
        "0b1c9e52-4d6f-4a8e-9b31-5c7d2e8f1a06",
        "sbx-sdk-duplicate",
        "ktp-valid.jpg",
        contact="628100000002",
    ),
    SeededSubmission(
        "0b1c9e52-4d6f-4a8e-9b31-5c7d2e8f1a07",
        "sbx-sdk-no-callback",
        "ktp-valid.jpg",
        contact="628100000003",
    ),
    # Nothing sent yet: Get Submission Details says PENDING; the KTP goes here.
    SeededSubmission("0b1c9e52-4d6f-4a8e-9b31-5c7d2e8f1a08", "sbx-sdk-empty"),
    # Both photos in at the reset (processed 8 s later, no callback): a third photo is refused.
    SeededSubmission(
        "0b1c9e52-4d6f-4a8e-9b31-5c7d2e8f1a10",
        "sbx-sdk-processing",
        "ktp-valid.jpg",
        "selfie.jpg",
        contact="628100000003",
    ),
    # Initiated 31 minutes before the reset: its SDK token has expired.
    SeededSubmission("0b1c9e52-4d6f-4a8e-9b31-5c7d2e8f1a09", "sbx-sdk-expired", age=31 * 60),
)
SEEDED = {seeded.sdk_token: seeded for seeded in SUBMISSIONS}


def submission_id(sdk_token: str) -> str:
    return SEEDED[sdk_token].submission_id
