"""Countries as documents give them: the codes a passport's machine-readable zone may hold
(ISO 3166-1 alpha-3 from pycountry, and ICAO's own), and a country's name in a card's print
("INDIA ID CARD", "REPUBLIC OF INDIA": pycountry's English names, official and common)."""

import functools
import re

import pycountry

from sandbox.core.vision import normalise

# ICAO Doc 9303 Part 3, section 5: the codes a zone may hold beyond ISO 3166-1 alpha-3 (Germany's
# D, the British nationality classes, the United Nations and its agencies, the European Union,
# refugees and stateless persons).
ICAO_CODES = frozenset(
    {
        "D",
        "EUE",
        "GBD",
        "GBN",
        "GBO",
        "GBP",
        "GBS",
        "UNA",
        "UNK",
        "UNO",
        "XBA",
        "XCC",
        "XCE",
        "XCO",
        "XEC",
        "XES",
        "XIM",
        "XMP",
        "XOM",
        "XPO",
        "XXA",
        "XXB",
        "XXC",
        "XXX",
    }
)


def known(code: str | None) -> bool:
    """Whether a zone's state or nationality code names a country (or one of ICAO's own)."""
    if not code:
        return False
    return code in ICAO_CODES or pycountry.countries.get(alpha_3=code) is not None


def named_in(lines: list[str]) -> str | None:
    """The alpha-3 code of the first country named in these lines of print, word for word (the
    longest name where two begin together: EQUATORIAL GUINEA, not GUINEA); None when none is."""
    names = _names()
    longest = max(len(words) for words in names)
    for line in lines:
        words = _words(line)
        for start in range(len(words)):
            for size in range(min(longest, len(words) - start), 0, -1):
                code = names.get(words[start : start + size])
                if code is not None:
                    return code
    return None


@functools.cache
def _names() -> dict[tuple[str, ...], str]:
    names: dict[tuple[str, ...], str] = {}
    for country in pycountry.countries:
        for kind in ("name", "official_name", "common_name"):
            value = getattr(country, kind, None)
            if value and (words := _words(value)):
                names.setdefault(words, country.alpha_3)
    return names


def _words(text: str) -> tuple[str, ...]:
    return tuple(word for word in (normalise(part) for part in re.split(r"[\W_]+", text)) if word)
