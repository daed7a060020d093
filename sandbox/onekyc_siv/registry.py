"""The sandbox's synthetic population register (assets/onekyc/registry.json, drawn by
assets/make_onekyc.py): fictional citizens keyed by NIK, what a KTP's NIK, name and date of
birth are checked against. Read once per process; never written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REGISTRY = Path(__file__).resolve().parents[2] / "assets" / "onekyc" / "registry.json"


@dataclass(frozen=True)
class Citizen:
    """One registered citizen (dates DD-MM-YYYY, gender "male"/"female")."""

    nik: str
    name: str
    dateOfBirth: str
    gender: str
    placeOfBirth: str


@cache
def citizens() -> dict[str, Citizen]:
    """Every registered citizen by NIK."""
    data = json.loads(REGISTRY.read_text(encoding="utf-8"))
    return {
        nik: Citizen(
            nik=nik,
            name=entry["name"],
            dateOfBirth=entry["dateOfBirth"],
            gender=entry["gender"],
            placeOfBirth=entry["placeOfBirth"],
        )
        for nik, entry in data["citizens"].items()
    }


def find(nik: str) -> Citizen | None:
    """The citizen holding this NIK, or None."""
    return citizens().get(nik) if nik else None
