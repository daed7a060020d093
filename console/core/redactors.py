"""The console's one redaction, without Streamlit: every vendor's secret and personal-data keys,
and the configured secret values (so a secret is caught by value in any text)."""

from functools import lru_cache

from console.core.clients import secret_values
from console.core.settings import CoreSettings
from console.registry import VENDORS
from kyc_adapters.redaction import Redactor


def console_redactor(settings: CoreSettings, mask_pii: bool | None = None) -> Redactor:
    """The same `Redactor` for the same secret values and masking (clients are pooled by it);
    personal data masked as `settings` say unless `mask_pii` is given."""
    masked = settings.mask_pii if mask_pii is None else mask_pii
    return _redactor(tuple(secret_values(settings, VENDORS)), masked)


@lru_cache(maxsize=8)
def _redactor(values: tuple[str, ...], mask_pii: bool) -> Redactor:
    return Redactor(
        secret_keys={k for v in VENDORS for k in v.secret_keys},
        pii_keys={k for v in VENDORS for k in v.pii_keys},
        secret_values=values,
        mask_pii=mask_pii,
    )
