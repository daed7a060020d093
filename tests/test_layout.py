"""One home per vendor: shared code never names a vendor, and the registry is the one list."""

import re
from pathlib import Path

import httpx

from console.registry import VENDORS
from tests.helpers import ROOT

SHARED = [
    "app.py",
    "app_pages/home.py",
    "app_pages/history.py",
    "app_pages/settings.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "console" / "core").glob("*.py")),
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "sandbox" / "core").glob("*.py")),
    "kyc_adapters/base.py",
    "kyc_adapters/errors.py",
    "kyc_adapters/recorder.py",
    "kyc_adapters/redaction.py",
]


def vendor_words() -> re.Pattern:
    words = set()
    for spec in VENDORS:
        words |= {spec.id, spec.field, spec.vendor}
    return re.compile("|".join(re.escape(w) for w in sorted(words)), re.IGNORECASE)


def test_shared_code_never_names_a_vendor() -> None:
    pattern = vendor_words()
    named = {
        path: sorted(set(pattern.findall((ROOT / path).read_text())))
        for path in SHARED
        if pattern.search((ROOT / path).read_text())
    }
    assert named == {}


def test_every_registered_vendor_has_a_page_and_a_simulator(sandbox: httpx.Client) -> None:
    served = {v["id"]: v for v in sandbox.get("/_sandbox/vendors").json()}
    for spec in VENDORS:
        assert Path(ROOT / spec.page).is_file()
        assert spec.id in served, f"no sandbox simulator for {spec.id}"
        # The sandbox supplies every credential the vendor needs, and nothing the console does
        # not know; a secret of the console's own (a webhook token) it cannot supply.
        settings = spec.settings()
        needed = set(settings.missing_credentials()) & set(settings.credentials())
        assert needed <= set(served[spec.id]["credentials"]) <= set(settings.credentials())
