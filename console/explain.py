"""Turn any adapter error into what a person needs: what happened, and what to do next."""

from dataclasses import dataclass

from kyc_adapters.errors import (
    ContractViolation,
    InvalidCredentials,
    KycError,
    VendorStatusError,
    VendorTimeout,
    VendorUnreachable,
)

NEXT_STEPS: dict[str, str] = {
    # Vendor messages (HyperVerge CKYC), matched by prefix since CERSAI wording may change.
    "Download failed. Auth Factor does not match": "Check the mobile number: it must be the one "
    "registered in the CKYC record.",
    "Download failed. Mobile number is not registered": "This record has no mobile: OTP download "
    "is impossible. Use CERSAI's bulk file download, or run a search-only request.",
    "No record found": "Check the ID type and ID number, then start again.",
    "Digital signature cannot be verified": "The service's signing setup (certificate or keys) "
    "is wrong or expired: contact HyperVerge support.",
    "Invalid OTP entered": "Re-enter the OTP from the SMS; attempts are limited.",
    "Resend OTP Option enable post 90 sec": "Wait for the countdown to end, then resend.",
    "Download failed as OTP validation was unsuccessful": "All attempts are used: start again "
    "to get a new OTP.",
    "Invalid requestId": "This OTP session is over: start again.",
    "Resend OTP limit reached": "No resends left: start again.",
    "Internal Server Error": "The vendor failed: try again, and contact the vendor if it persists.",
}


@dataclass(frozen=True)
class Explanation:
    title: str
    detail: str
    next_step: str
    severity: str = "error"  # error | warning


def explain(exc: KycError) -> Explanation:
    if isinstance(exc, VendorTimeout):
        return Explanation(
            "The vendor did not answer in time",
            exc.message,
            "Try again. If it keeps happening, raise the timeout in Settings or check the service.",
        )
    if isinstance(exc, VendorUnreachable):
        return Explanation(
            "The vendor could not be reached",
            exc.message,
            "Check the base URL in Settings and your network, or switch the vendor to sandbox.",
        )
    if isinstance(exc, ContractViolation):
        return Explanation(
            "The vendor's answer does not match its contract",
            exc.message,
            "Try again; the raw exchange below shows exactly what came back.",
        )
    if isinstance(exc, InvalidCredentials):
        return Explanation(
            f"HTTP {exc.status_code}: {exc.message}",
            f"vendor code {exc.code}" if exc.code else "",
            "Check the credentials for this vendor (Settings shows which are set).",
        )
    if isinstance(exc, VendorStatusError):
        next_step = next(
            (step for prefix, step in NEXT_STEPS.items() if exc.message.startswith(prefix)),
            "See the raw exchange below, and the vendor's documentation for this error.",
        )
        severity = "warning" if exc.status_code < 500 else "error"
        code = f" ({exc.code})" if exc.code else ""
        return Explanation(f"HTTP {exc.status_code}{code}", exc.message, next_step, severity)
    return Explanation("Something went wrong", exc.message, "Try again.")


@dataclass
class Notice:
    kind: str  # success | info | warning | error
    title: str
    detail: str = ""
    next_step: str = ""

    @classmethod
    def of(cls, explanation: Explanation) -> "Notice":
        return cls(
            explanation.severity, explanation.title, explanation.detail, explanation.next_step
        )
