"""The SPECIMEN pictures and sample users a demo or a QA pass can use instead of a camera."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[3] / "assets" / "onekyc"
PICTURES = {
    "ktp": ("Siti's KTP", "ktp-valid.jpg"),
    "ktp-nik": ("Unknown NIK", "ktp-nik-mismatch.jpg"),
    "ktp-blank": ("Blurred", "ktp-blank.jpg"),
    "selfie": ("Siti", "selfie.jpg"),
    "stranger": ("A stranger", "selfie-stranger.jpg"),
}


@dataclass(frozen=True)
class SampleUser:
    phone: str
    email: str
    what: str  # what the sandbox does with this user's callback


# Sandbox magic values: the phone number (or e-mail) decides how the callback is delivered
# (sandbox/onekyc_siv). The photos decide the verdict.
USERS = {
    "Siti: the callback arrives": SampleUser(
        "628188888889", "siti.rahayu@example.com", "The callback arrives after processing."
    ),
    "Receiver down, then up": SampleUser(
        "628100000001",
        "receiver-down@onekyc.example",
        "The first two deliveries fail (connection refused); the retry after back-off lands.",
    ),
    "Duplicate callback": SampleUser(
        "628100000002",
        "duplicate@onekyc.example",
        "The callback is delivered twice: the console stores it once and marks the second.",
    ),
    "No callback (poll)": SampleUser(
        "628100000003",
        "no-callback@onekyc.example",
        "No callback ever comes: the page falls back to Get Submission Details.",
    ),
}


@cache
def picture(name: str) -> bytes:
    return (ASSETS / PICTURES[name][1]).read_bytes()
