"""What the console needs to know about a vendor: one `VendorSpec` each, in console.registry."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from console.core.contract import Contract
from console.core.settings import VendorSettings


@dataclass(frozen=True)
class Advice:
    """What a vendor message means, as a sentence, and what the user can do now."""

    headline: str
    next_step: str


Clock = Callable[[], float]  # seconds since the epoch on the one clock (console/core/clock.py)
# (long-lived httpx client, credentials by setting name, the vendor's settings, the one clock)
# -> the vendor's adapter
ClientFactory = Callable[[httpx.Client, Mapping[str, str], VendorSettings, Clock], Any]


@dataclass(frozen=True, kw_only=True)
class WebhookSpec:
    """A vendor that POSTs its results to the console's receiver (console/core/receiver.py).

    The receiver wants the header named by the vendor's `header_setting` carrying exactly the
    value of its `token_setting` (live; a per-process token in sandbox mode, see
    console/core/webhook_auth.py), keeps each delivery once by `key(body)`, and files it under
    the console journey `journey(body)` names, if that journey is this vendor's.
    """

    key: Callable[[dict], str | None]  # the delivery's idempotency key, None when absent
    journey: Callable[[dict], str | None] = lambda body: None  # a console journey id, or None
    header_setting: str = "callback_header"  # the setting naming the header
    token_setting: str = "callback_token"  # the SecretStr setting holding its exact value


@dataclass(frozen=True)
class VendorSpec:
    id: str  # also the sandbox's vendor id and the history's vendor column
    vendor: str  # the company, as users name it
    flow: str  # the flow's title
    summary: str  # one line for Home
    icon: str  # a Streamlit Material icon
    page: str  # the page script, from the project root
    settings: type[VendorSettings]
    client: ClientFactory
    secret_keys: tuple[str, ...] = ()  # header / body keys never stored or shown
    pii_keys: tuple[str, ...] = ()  # keys masked in history by default
    advice: Mapping[str, Advice] = field(default_factory=dict)  # by error code or message prefix
    # Request header -> the credential setting it carries (a replayable cURL names its env var).
    credential_headers: Mapping[str, str] = field(default_factory=dict)
    # Set when the vendor POSTs results to the receiver (authenticated, stored, idempotent).
    webhook: WebhookSpec | None = None
    # Its documented answers, each response checked against them (console/core/contract.py).
    contract: Contract | None = None
    pitch: str = ""  # one plain line for a prospect (Home in presenter mode; else the summary)
    # A vendor of several services (hosts): each one's sandbox sub-prefix, below the vendor's
    # prefix, -> the settings field holding that service's live base URL. Empty: one service,
    # at `live_base_url`, straight below the prefix.
    services: Mapping[str, str] = field(default_factory=dict)

    @property
    def field(self) -> str:
        """Its section in settings and secrets.toml."""
        return self.id.replace("-", "_")

    @property
    def title(self) -> str:
        return f"{self.vendor} · {self.flow}"

    def env_name(self, setting: str) -> str:
        return f"KYC_{self.field.upper()}__{setting.upper()}"
