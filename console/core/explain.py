"""Turn any adapter error into what a person needs: a sentence, the vendor's own words, the
code small beneath, and something to do now. Vendor-specific advice comes from the registry."""

from dataclasses import dataclass, replace

from console.core.spec import Advice
from console.registry import VENDOR_IDS, vendor
from kyc_adapters.errors import (
    ContractViolation,
    InvalidCredentials,
    KycError,
    VendorStatusError,
    VendorTimeout,
    VendorUnreachable,
)
from kyc_adapters.redaction import Redactor


@dataclass(frozen=True)
class Explanation:
    title: str  # a sentence a prospect can read
    detail: str  # the vendor's (or transport's) own words, shown as text
    next_step: str  # something the user can do now
    code: str = ""  # "HTTP 404 · ER_OTP", shown small
    severity: str = "error"  # error | warning


def advice_for(vendor_id: str, message: str, *codes: str | None) -> Advice | None:
    """The vendor's advice for the first message prefix that fits, else for the first of
    `codes` it knows (the most specific first: a message, then a vendor's named cause, then
    its numeric code)."""
    if vendor_id not in VENDOR_IDS:
        return None
    advice = vendor(vendor_id).advice
    by_message = next((a for prefix, a in advice.items() if message.startswith(prefix)), None)
    return by_message or next((advice[code] for code in codes if code in advice), None)


def _name(vendor_id: str) -> str:
    return vendor(vendor_id).vendor if vendor_id in VENDOR_IDS else vendor_id


# The sandbox marks a failure it injected on purpose (an armed fault) with this header.
INJECTED = "x-sandbox-fault"


def explain(exc: KycError, redactor: Redactor | None = None) -> Explanation:
    explanation = _explain(exc, redactor)
    injected = exc.response_headers.get(INJECTED)
    if not injected:
        return explanation
    return replace(
        explanation,
        title=f"{explanation.title} (a fault armed in the sandbox)",
        next_step="Call again: it answers normally unless more faults are armed (Sandbox "
        "tools, in the sidebar, lists and clears them).",
        code=" · ".join(filter(None, (explanation.code, f"injected: {injected}"))),
    )


def _explain(exc: KycError, redactor: Redactor | None) -> Explanation:
    detail = redactor.text(exc.message) if redactor else exc.message
    if isinstance(exc, VendorTimeout):
        return Explanation(
            "The vendor did not answer in time",
            f"{_name(exc.vendor)} sent nothing back before the console stopped waiting.",
            "Try again.",
        )
    if isinstance(exc, VendorUnreachable):
        return Explanation(
            "The vendor could not be reached",
            detail,
            "Check the live base URL on the Settings page, or switch this vendor to sandbox there.",
        )
    if isinstance(exc, ContractViolation):
        return Explanation(
            "The vendor's answer does not match its contract",
            detail,
            "Try again; the raw exchange below shows exactly what came back.",
        )
    if isinstance(exc, VendorStatusError):
        code = f"HTTP {exc.status_code}" + (f" · {exc.code}" if exc.code else "")
        # A vendor whose error names a cause besides its code is advised by the cause.
        advice = advice_for(exc.vendor, exc.message, getattr(exc, "cause", None), exc.code)
        if advice is None and isinstance(exc, InvalidCredentials):
            advice = Advice(
                "The vendor refused the credentials",
                "Check this vendor's credentials on the Settings page.",
            )
        if advice is None:
            advice = (
                Advice("The vendor failed on its side", "Try again in a moment.")
                if exc.status_code >= 500
                else Advice(
                    "The vendor refused the request",
                    "Read the vendor's message, fix the input above and send again.",
                )
            )
        severity = "warning" if exc.status_code < 500 else "error"
        return Explanation(advice.headline, detail, advice.next_step, code, severity)
    return Explanation("Something went wrong", detail, "Try again.")


@dataclass
class Notice:
    kind: str  # success | info | warning | error
    title: str
    detail: str = ""
    next_step: str = ""
    code: str = ""

    @classmethod
    def not_configured(cls, problem: Exception) -> "Notice":
        """Live mode without what it needs (console.core.clients.NotConfigured says which)."""
        return cls(
            "info",
            "Live mode is not configured",
            str(problem),
            "Set it in the environment or .streamlit/secrets.toml (see README), or switch this "
            "vendor to sandbox on the Settings page.",
        )

    @classmethod
    def of(cls, explanation: Explanation) -> "Notice":
        return cls(
            explanation.severity,
            explanation.title,
            explanation.detail,
            explanation.next_step,
            explanation.code,
        )
