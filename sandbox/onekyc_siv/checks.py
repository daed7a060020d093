"""The sandbox's four verification checks of a submission, as the callback reports them.

- nik: 16 digits read, and the NIK is in the register (registry.py) -> PASS.
- name: the register's name and the name read agree (rapidfuzz ratio >= NAME_SCORE, both
  normalised: OCR joins words and may misread a letter) -> PASS.
- dateOfBirth: the register's date of birth is the date read -> PASS.
  No register record: name and dateOfBirth FAIL too.
- selfie: a face on the selfie that is the KTP portrait's person (the shared vision module's
  face match) -> PASS.
An unreadable KTP (no NIK read): all four FAIL. result VALID iff all four PASS.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from sandbox.core import vision
from sandbox.onekyc_siv import registry
from sandbox.onekyc_siv.reading import KtpReading

PASS, FAIL = "PASS", "FAIL"
VALID, INVALID = "VALID", "INVALID"
NAME_SCORE = 90  # rapidfuzz ratio, 0-100
CHECKS = ("nik", "name", "dateOfBirth", "selfie")


@dataclass(frozen=True)
class Verdict:
    """The callback's verificationResult (the document's keys, in order), result and
    certificateRegistration."""

    verificationResult: dict[str, str]
    result: str
    certificateRegistration: dict[str, object]


def verify(
    reading: KtpReading,
    ktp_face: vision.FaceEmbedding | None,
    selfie_face: vision.FaceEmbedding | None,
) -> Verdict:
    """The four checks of a KTP as read (its portrait's face) and a selfie's face."""
    if not reading.readable:
        return verdict(dict.fromkeys(CHECKS, FAIL))
    citizen = registry.find(reading.nik)
    checks = {
        "nik": citizen is not None,
        "name": citizen is not None and name_matches(citizen.name, reading.name),
        "dateOfBirth": citizen is not None and citizen.dateOfBirth == reading.dateOfBirth,
        "selfie": face_matches(ktp_face, selfie_face),
    }
    return verdict({name: PASS if passed else FAIL for name, passed in checks.items()})


def name_matches(registered: str, read: str) -> bool:
    """Whether a name read is the registered one (normalised, rapidfuzz ratio >= NAME_SCORE)."""
    ours, theirs = vision.normalise(registered), vision.normalise(read)
    return bool(ours and theirs) and fuzz.ratio(ours, theirs) >= NAME_SCORE


def face_matches(
    portrait: vision.FaceEmbedding | None, selfie: vision.FaceEmbedding | None
) -> bool:
    """Whether the selfie shows the KTP portrait's person (no face on either: no)."""
    return portrait is not None and selfie is not None and vision.same_person(portrait, selfie)


def verdict(result: dict[str, str]) -> Verdict:
    valid = all(result[name] == PASS for name in CHECKS)
    return Verdict(
        verificationResult={name: result[name] for name in CHECKS},
        result=VALID if valid else INVALID,
        certificateRegistration=certificate_registration(valid),
    )


def certificate_registration(valid: bool) -> dict[str, object]:
    """Not documented by the vendor: what certificateRegistration says. Chosen: a VALID
    submission may activate a new certificate ({true, "NEW_USER", true}, the document's
    example), an INVALID one may not ({false, "NOT_ELIGIBLE", false})."""
    if valid:
        return {
            "eligibleToActivate": True,
            "onboardingCode": "NEW_USER",
            "shouldSkipActivation": True,
        }
    return {
        "eligibleToActivate": False,
        "onboardingCode": "NOT_ELIGIBLE",
        "shouldSkipActivation": False,
    }
