"""The e-KYC Now walk, as state a page can render (no Streamlit): generate a single-use URL for
a flow, hand it to the hosted journey (embedded in the page), and learn how that journey ended
from the vendor's redirect, which lands at the console's local receiver."""

from dataclasses import dataclass, field

import httpx

from console.core.clients import NotConfigured, vendor_settings
from console.core.explain import Notice, explain
from console.core.receiver import expect_redirect
from console.core.runtime import Runtime
from console.vendors.messagecentral_ekyc.spec import SPEC, MessageCentralEkycSettings
from kyc_adapters.errors import KycError
from kyc_adapters.messagecentral_ekyc import (
    TRIAL_ATTEMPTS,
    InvalidRequest,
    MessageCentralEkycClient,
    RedirectionUrl,
)
from kyc_adapters.recorder import journey as journey_scope

FLOWS = {"basic": "Basic", "premium": "Premium", "trial": "Trial"}
# The redirect's statuses (the sandbox's; the document names none): anything else is unknown.
STATUSES = ("completed", "failed", "expired", "abandoned")
CONTROL = f"/_sandbox/{SPEC.id}"


@dataclass
class EkycJourney:
    journey_id: str
    mode: str
    flow: str  # basic | premium | trial
    company: str
    generated: RedirectionUrl | None = None
    obtained_at: float = 0.0
    notice: Notice | None = None
    ended: dict[str, str] | None = field(default=None)  # the redirect's query, once it came
    expired: bool = False
    captured: dict | None = None  # sandbox only, fetched once when the journey ended

    def seconds_left(self, now: float) -> float:
        return self.generated.seconds_left(self.obtained_at, now) if self.generated else 0.0


def redirect_url(rt: Runtime) -> str:
    """Where the hosted journey sends the browser when it ends: the console's receiver."""
    return f"{rt.services.receiver_url}/redirects/{SPEC.id}"


def generate(rt: Runtime, flow: str, company: str) -> EkycJourney:
    mode = rt.mode(SPEC)
    journey = EkycJourney(
        rt.store.new_journey(SPEC.id, mode, f"e-KYC Now · {FLOWS[flow]}"), mode, flow, company
    )
    settings = vendor_settings(SPEC, rt.settings, rt.services.sandbox_url)
    assert isinstance(settings, MessageCentralEkycSettings)
    flow_id = getattr(settings, f"{flow}_flow_id") or ""
    try:
        with journey_scope(journey.journey_id):
            client: MessageCentralEkycClient = rt.client(SPEC)
            if mode == "sandbox":
                _point_flow_at_receiver(rt, flow_id)
            key = _trial_key(rt, settings) if flow == "trial" else None
            journey.generated = client.generate_url(
                flow_id=flow_id, company_name=company, api_key=key
            )
            journey.obtained_at = rt.now(SPEC)
    except NotConfigured as exc:
        journey.notice = Notice.not_configured(exc)
    except InvalidRequest as exc:  # refused before sending: still in the history
        rt.store.record_event(
            journey.journey_id,
            SPEC.id,
            mode,
            kind="input",
            step="generate-url",
            outcome="rejected",
            error=exc.message,
        )
        journey.notice = Notice(
            "warning", "Not sent: the console found what to fix first", exc.message
        )
    except KycError as exc:
        journey.notice = Notice.of(explain(exc, rt.redactor))
    except (httpx.HTTPError, KeyError, ValueError) as exc:  # the sandbox's own set-up calls
        rt.store.record_event(
            journey.journey_id,
            SPEC.id,
            mode,
            kind="input",
            step="sandbox-setup",
            outcome="error",
            error=f"{type(exc).__name__}: {exc}",
        )
        journey.notice = Notice(
            "error",
            "The sandbox could not prepare the flow",
            f"{type(exc).__name__}: {exc}",
            "Reset the sandbox from the sidebar, then generate again.",
        )
    if journey.generated is None:
        rt.store.finish_journey(journey.journey_id, "failed")
        return journey
    expect_redirect(SPEC.id, journey.generated.journey_id, journey.journey_id, mode)
    return journey


def check_ended(rt: Runtime, journey: EkycJourney) -> bool:
    """Whether the vendor's redirect has come (and, the first time, close the journey)."""
    if journey.ended is not None:
        return True
    for row in rt.store.journey_exchanges(journey.journey_id):
        if row["step"] == "redirect":
            detail = row.get("request") or {}
            query = detail.get("query") if isinstance(detail, dict) else None
            journey.ended = query if isinstance(query, dict) else {}
            status = journey.ended.get("status")
            rt.store.finish_journey(
                journey.journey_id, status if status in STATUSES else "ended (unknown status)"
            )
            journey.captured = _captured(rt, journey)
            return True
    return False


def check_expired(rt: Runtime, journey: EkycJourney, now: float) -> bool:
    """Whether the URL ran out unused (and, the first time, close the journey as expired)."""
    if journey.expired or journey.ended is not None or journey.generated is None:
        return journey.expired
    if journey.seconds_left(now) > 0:
        return False
    journey.expired = True
    rt.store.finish_journey(journey.journey_id, "expired")
    return True


def _captured(rt: Runtime, journey: EkycJourney) -> dict | None:
    """Sandbox only: what the hosted journey captured (steps, fields read; no images)."""
    if journey.mode != "sandbox" or journey.generated is None:
        return None
    url = f"{rt.services.sandbox_url}{CONTROL}/journeys/{journey.generated.journey_id}"
    try:
        response = httpx.get(url, timeout=5)
        return response.json() if response.is_success else None
    except (httpx.HTTPError, ValueError):
        return None


def trial_left(rt: Runtime) -> int | None:
    """The trial attempts left: the sandbox says; live, the vendor does not (None)."""
    if rt.mode(SPEC) != "sandbox":
        return None
    try:
        response = httpx.get(f"{rt.services.sandbox_url}{CONTROL}/trial", timeout=5)
        return int(response.json()["attempts_left"]) if response.is_success else None
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        return None


def abandon(rt: Runtime, journey: EkycJourney) -> None:
    if journey.generated is not None and journey.ended is None and not journey.expired:
        rt.store.finish_journey(journey.journey_id, "abandoned")


def _point_flow_at_receiver(rt: Runtime, flow_id: str) -> None:
    """In the sandbox the console configures the flow's redirection URL itself (the one field
    of a flow the vendor lets change); live, it is set in the vendor's console (see Settings)."""
    httpx.post(
        f"{rt.services.sandbox_url}{CONTROL}/flows/{flow_id}",
        json={"redirection_url": redirect_url(rt)},
        timeout=5,
    ).raise_for_status()


def _trial_key(rt: Runtime, settings: MessageCentralEkycSettings) -> str:
    if rt.mode(SPEC) == "sandbox":
        from console.core import sandbox_control  # the sandbox's published credentials

        return sandbox_control.vendor_info(rt.services.sandbox_url, SPEC.id)["credentials"][
            "trial_api_key"
        ]
    if settings.trial_api_key is None:
        raise NotConfigured(
            f"The Trial flow needs {SPEC.env_name('trial_api_key')} (the Trial API Key)."
        )
    return settings.trial_api_key.get_secret_value()


__all__ = ["FLOWS", "TRIAL_ATTEMPTS", "EkycJourney", "check_ended", "generate", "trial_left"]
