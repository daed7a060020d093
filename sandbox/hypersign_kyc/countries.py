"""Countries as documents give them: the codes a passport's machine-readable zone may hold
(ISO 3166-1 alpha-3 from pycountry, and ICAO's own)."""

import pycountry

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
