"""What each Hypersign refusal means and what to do next, by error code. Every next step names
something the user can do now, on this page."""

from console.core.spec import Advice

ADVICE: dict[str, Advice] = {
    # By the sandbox's message first (more specific than the code it shares with others).
    "the selfie's face does not match the document's": Advice(
        "Different people: the selfie does not match the document",
        "If the document's holder is in front of the camera, retake the selfie facing it; "
        "otherwise the check has done its job.",
    ),
    "no face was found on the selfie": Advice(
        "No face on the selfie",
        "Retake the selfie: one face, looking at the camera, in good light.",
    ),
    "no face was found on the document": Advice(
        "No face on the document",
        "Retake the document photo: the whole page, photo included, inside the frame.",
    ),
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
