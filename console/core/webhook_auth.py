"""Who may POST a vendor's callback to the receiver: the header it must carry, and the value.

Live: the header named by the vendor's `WebhookSpec.header_setting` setting, carrying exactly
the value of its `token_setting` (the partner gives both to the vendor). Unset: every delivery
is refused. Sandbox: the header named by that setting's default, carrying "Bearer <token>",
the token random and made once per console process (`secrets.token_urlsafe`); the vendor's page
hands these headers to the sandbox when it tells it where to send callbacks. Neither value is
ever stored, logged or shown.
"""

import os
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from console.core.settings import SECRETS_FILE, CoreSettings, VendorSettings
from console.core.spec import VendorSpec

# (vendor id, mode) -> (header name, exact value) the receiver wants, or None: refuse all.
ExpectedHeader = Callable[[str, str], tuple[str, str] | None]

_tokens: dict[str, str] = {}
_tokens_lock = threading.Lock()


def sandbox_token(vendor_id: str) -> str:
    """This process's sandbox callback token for `vendor_id` (made on first use)."""
    with _tokens_lock:
        token = _tokens.get(vendor_id)
        if token is None:
            token = _tokens[vendor_id] = secrets.token_urlsafe(32)
        return token


def default_header_name(spec: VendorSpec) -> str:
    """The header name the vendor's settings default to (the one the sandbox is given)."""
    webhook = _webhook(spec)
    return spec.settings.model_fields[webhook.header_setting].default


def sandbox_callback_headers(vendor_id: str) -> dict[str, str]:
    """The headers the sandbox must send with `vendor_id`'s callbacks to this process."""
    from console.registry import vendor  # not at import: vendor specs may import this module

    return {default_header_name(vendor(vendor_id)): f"Bearer {sandbox_token(vendor_id)}"}


def expected_header(
    spec: VendorSpec, settings: CoreSettings | VendorSettings, mode: str
) -> tuple[str, str] | None:
    """(header name, exact value) a callback for `spec` in `mode` must carry; None when live
    mode has no token set (the receiver then refuses every delivery)."""
    webhook = _webhook(spec)
    if mode == "sandbox":
        return default_header_name(spec), f"Bearer {sandbox_token(spec.id)}"
    if isinstance(settings, CoreSettings):
        settings = settings.vendor(spec.id)
    name = getattr(settings, webhook.header_setting, None)
    secret = getattr(settings, webhook.token_setting, None)
    value = secret.get_secret_value() if secret is not None else ""
    if not name or not value:
        return None
    return name, value


def header_problem(spec: VendorSpec, settings: VendorSettings) -> str | None:
    """Why live callbacks would all be refused, in words that never quote the token."""
    webhook = _webhook(spec)
    secret = getattr(settings, webhook.token_setting, None)
    if secret is None or not secret.get_secret_value():
        return f"{spec.env_name(webhook.token_setting)} is not set: every callback is refused"
    if not getattr(settings, webhook.header_setting, ""):
        return f"{spec.env_name(webhook.header_setting)} is empty: every callback is refused"
    why = settings.credential_problems().get(webhook.token_setting)
    if why:  # a header arrives without spaces at its ends: such a token can never match
        return f"{spec.env_name(webhook.token_setting)} {why}: every callback is refused"
    return None


@dataclass(frozen=True)
class CallbackSetup:
    """What to give a vendor so its live callbacks reach this console (never the token)."""

    url: str  # the receiver's URL for this vendor's live callbacks
    header: str  # the header it must send
    token_set: bool
    token_env: str  # the environment variable that sets the token
    token_toml: str  # ... or its place in .streamlit/secrets.toml
    header_env: str  # the environment variable that names another header
    problem: str | None  # why every callback would be refused now, or None


def callback_setup(spec: VendorSpec, settings: VendorSettings, receiver_url: str) -> CallbackSetup:
    webhook = _webhook(spec)
    secret = getattr(settings, webhook.token_setting, None)
    return CallbackSetup(
        url=f"{receiver_url.rstrip('/')}/webhooks/{spec.id}?mode=live",
        header=getattr(settings, webhook.header_setting, "") or "",
        token_set=secret is not None and bool(secret.get_secret_value()),
        token_env=spec.env_name(webhook.token_setting),
        token_toml=f"[{spec.field}] {webhook.token_setting}",
        header_env=spec.env_name(webhook.header_setting),
        problem=header_problem(spec, settings),
    )


def expected_from(
    settings: Callable[[], CoreSettings], specs: Callable[[], dict[str, VendorSpec]]
) -> ExpectedHeader:
    """The receiver's `expected`, from the settings and specs as they are at each delivery."""

    def expected(vendor_id: str, mode: str) -> tuple[str, str] | None:
        spec = specs().get(vendor_id)
        if spec is None or spec.webhook is None:
            return None
        return expected_header(spec, settings(), mode)

    return expected


def current_settings(settings_class: type[CoreSettings]) -> Callable[[], CoreSettings]:
    """`settings_class()` as the environment and secrets.toml are now: read again only when
    either changed (a read is ~1.5 ms; a delivery must not pay it each time)."""

    def current() -> CoreSettings:
        env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("KYC_")))
        try:
            stamp = SECRETS_FILE.stat().st_mtime_ns
        except OSError:
            stamp = None
        return _read(settings_class, env, stamp)

    return current


@lru_cache(maxsize=8)
def _read(settings_class: type[CoreSettings], env: tuple, stamp: int | None) -> CoreSettings:
    return settings_class()


def _webhook(spec: VendorSpec):
    if spec.webhook is None:
        raise ValueError(f"{spec.id} has no webhook spec")
    return spec.webhook
