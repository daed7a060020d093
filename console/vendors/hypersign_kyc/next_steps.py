"""What each Hypersign refusal means and what to do next, by error code. Every next step names
something the user can do now, on this page."""

from console.core.spec import Advice

ADVICE: dict[str, Advice] = {
    "SESSION_EXPIRED": Advice(
        "The verification session has expired",
        "Press Start over, then Get tokens and session for a new one.",
    ),
    "SESSION_NOT_FOUND": Advice(
        "The vendor does not know this session",
        "Press Start over, then Get tokens and session for a new one.",
    ),
    "ACCESS_TOKEN_EXPIRED": Advice(
        "The user's access token has expired",
        "Press Renew the user token in step 2, then repeat this step.",
    ),
    "INVALID_ACCESS_TOKEN": Advice(
        "The vendor refused the user's access token",
        "Press Renew the user token in step 2, then repeat this step.",
    ),
    "DOCUMENT_VERIFICATION_FAILED": Advice(
        "The document could not be verified",
        "Retake the document photo: the whole page inside the frame, in focus, no glare.",
    ),
    "LIVELINESS_VERIFICATION_FAILED": Advice(
        "The selfie did not pass",
        "Retake the selfie: one face, looking at the camera, in good light.",
    ),
    "CONSENT_VERIFICATION_FAILED": Advice(
        "The vendor refused the signed consent",
        "Read the vendor's reason, then sign and submit the consent again.",
    ),
    "UNAUTHORIZED": Advice(
        "The vendor refused the app's access token",
        "Check the KYC and SSI API secrets on the Settings page.",
    ),
    "BAD_REQUEST": Advice(
        "The vendor refused the request",
        "Read the vendor's message, fix the input above and send again.",
    ),
}
