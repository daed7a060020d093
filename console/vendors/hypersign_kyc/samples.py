"""The SPECIMEN pictures and sample users a demo or a QA pass can use instead of a camera."""

from functools import cache
from pathlib import Path

import pycountry

ASSETS = Path(__file__).resolve().parents[3] / "assets" / "hypersign"
PICTURES = {
    "passport": ("Specimen passport", "passport.jpg"),
    "id-front": ("Specimen ID, front", "id-front.jpg"),
    "id-back": ("Specimen ID, back", "id-back.jpg"),
    "selfie": ("Priya's selfie", "selfie.jpg"),
    "stranger": ("Someone else's selfie", "stranger-selfie.jpg"),
    "blank": ("A blank card", "blank.jpg"),
}
# Sandbox magic values: the e-mail's local part forces an outcome (sandbox/hypersign_kyc).
USERS = {
    "Priya: every step passes": ("Priya Specimen Menon", "priya.menon@example.com"),
    "Document unreadable": ("Priya Specimen Menon", "unreadable@example.com"),
    "No face on the selfie": ("Priya Specimen Menon", "no-face@example.com"),
    "Faces differ": ("Priya Specimen Menon", "mismatch@example.com"),
    "Session expires after the tokens": ("Priya Specimen Menon", "session-expired@example.com"),
    "User token already expired": ("Priya Specimen Menon", "token-expired@example.com"),
}


@cache
def picture(name: str) -> bytes:
    return (ASSETS / PICTURES[name][1]).read_bytes()


@cache
def countries() -> dict[str, str]:
    """Country names (as people write them) to ISO 3166 alpha-3 codes, sorted by name."""
    named = {getattr(c, "common_name", None) or c.name: c.alpha_3 for c in pycountry.countries}
    return dict(sorted(named.items()))
