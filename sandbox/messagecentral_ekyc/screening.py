"""AML screening of the Premium flow: the document holder's name against the sandbox's watch list
(assets/messagecentral/watchlist.json, six fictional SPECIMEN people).

A hit is an entry whose name or alias is the name read on the document (token by token, so a
middle name left out or an OCR slip still matches), or appears whole in the document's text
(when no name label was found). Not documented by the vendor (its lists and matching are not
public): chosen. A date of birth that agrees is reported beside the hit, never required: real
screening flags a name for review and lets a person clear it.
"""

import json
from functools import cache

from rapidfuzz import fuzz

from sandbox.core import vision
from sandbox.messagecentral_ekyc import seed

NAME_SCORE = 90  # rapidfuzz token_set_ratio, 0-100
MIN_TOKENS = 2  # an alias of one word (a surname) would flag half the world


@cache
def watchlist() -> dict:
    return json.loads(seed.WATCHLIST.read_text(encoding="utf-8"))


def lists() -> list[str]:
    return sorted({entry["list"] for entry in watchlist()["entries"]})


def screen(name: str | None, text: vision.OcrText, date_of_birth: str | None) -> list[dict]:
    """The watch-list entries the holder matches, best first."""
    hits = []
    if name is not None and len(_words(name).split()) < MIN_TOKENS:
        name = None  # one word read where a name stands ("SPECIMEN"): no name to match
    for entry in watchlist()["entries"]:
        best = 0.0
        for alias in (entry["name"], *entry.get("aliases", ())):
            if len(alias.split()) < MIN_TOKENS:
                continue
            score = 0.0
            if name:
                score = fuzz.token_set_ratio(_words(name), _words(alias))
            if text.contains(alias) and len(vision.normalise(alias)) >= 8:
                score = 100.0
            best = max(best, score)
        if best >= NAME_SCORE:
            hits.append(
                {
                    "id": entry["id"],
                    "name": entry["name"],
                    "list": entry["list"],
                    "category": entry["category"],
                    "score": round(best, 1),
                    "date_of_birth_matches": _same_date(date_of_birth, entry.get("date_of_birth")),
                }
            )
    return sorted(hits, key=lambda hit: -hit["score"])


def _words(name: str) -> str:
    return " ".join("".join(ch for ch in word if ch.isalnum()) for word in name.upper().split())


def _same_date(printed: str | None, listed: str | None) -> bool:
    """A printed DD/MM/YYYY (or DD-MM-YYYY) against the list's YYYY-MM-DD."""
    if not printed or not listed:
        return False
    digits = "".join(ch for ch in printed if ch.isdigit())
    year, month, day = listed.split("-")
    return digits == day + month + year
