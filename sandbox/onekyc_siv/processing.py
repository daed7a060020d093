"""A submission processed: its KTP photo read (reading.py), checked against the register and
its selfie (checks.py). What the sandbox puts in the callback's submissionDetails.

process() blocks for about a second on new photos (OCR, two faces; remembered by the bytes'
SHA-256 after that): call it off the event loop. It never raises for a photo it cannot read:
a KTP that does not decode is an unreadable KTP (all four checks FAIL, ktpData all ""), a
selfie that does not decode has no face (selfie FAIL). is_usable_image() is the upload check.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import ImageStat

from sandbox.core import vision
from sandbox.onekyc_siv import checks, reading

# A picture whose every channel spans at most this many levels is blank (a uniform image).
BLANK_SPREAD = 12


@dataclass(frozen=True)
class ProcessedSubmission:
    """The checks' results and what the KTP says, as the callback's submissionDetails holds
    them (the document's keys, in its order)."""

    verificationResult: dict[str, str]  # nik, name, dateOfBirth, selfie: "PASS" / "FAIL"
    ktpData: dict[str, str]  # the document's 19 keys; "" when not read
    result: str  # "VALID" iff all four PASS, else "INVALID"
    certificateRegistration: dict[str, object]  # eligibleToActivate, onboardingCode, ...

    def submission_details(self, image_urls: dict[str, str]) -> dict:
        """The callback's submissionDetails, with the given imageUrls (KTP, SELFIE,
        ADDITIONAL_SELFIE)."""
        return {
            "verificationResult": dict(self.verificationResult),
            "ktpData": dict(self.ktpData),
            "certificateRegistration": dict(self.certificateRegistration),
            "imageUrls": dict(image_urls),
        }


def process(ktp: bytes, selfie: bytes) -> ProcessedSubmission:
    """Read the KTP and the selfie, run the four checks."""
    try:
        card = reading.read_ktp(ktp)
    except vision.UnreadableImage:
        card = reading.Ktp(reading.KtpReading(), None)
    selfie_face = None
    if card.reading.readable:  # an unreadable KTP fails every check: no selfie to look at
        try:
            selfie_face = reading.selfie_face(selfie)
        except vision.UnreadableImage:
            selfie_face = None
    verdict = checks.verify(card.reading, card.face, selfie_face)
    return ProcessedSubmission(
        verificationResult=verdict.verificationResult,
        ktpData=card.reading.ktp_data(),
        result=verdict.result,
        certificateRegistration=verdict.certificateRegistration,
    )


def is_usable_image(data: bytes) -> bool:
    """Whether an upload is a JPEG or PNG that decodes and is not blank (one colour all over):
    not documented by the vendor, chosen (the contract's INVALID_IMAGE). Fast: no OCR."""
    try:
        picture = vision.load_image(data)
    except vision.UnreadableImage:
        return False
    spread = [high - low for low, high in ImageStat.Stat(picture).extrema]
    return max(spread) > BLANK_SPREAD
