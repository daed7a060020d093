"""What each OneKYC refusal means and what to do next, by the vendor's `cause` (the adapter puts
the causes first in its message, so a prefix finds them). Every next step names something the
user can do now, on this page or in Settings."""

from console.core.spec import Advice

ADVICE: dict[str, Advice] = {
    "MISSING_CLIENT_ID": Advice(
        "The vendor needs the client id",
        "Set the client id on the Settings page (KYC_ONEKYC_SIV__CLIENT_ID).",
    ),
    "MISSING_PASS_KEY": Advice(
        "The vendor needs the pass key",
        "Set the pass key on the Settings page (KYC_ONEKYC_SIV__PASS_KEY).",
    ),
    "UNAUTHORIZED": Advice(
        "The vendor refused the credentials",
        "Check the client id and pass key on the Settings page, then press Initiate again.",
    ),
    "SDK_TOKEN_EXPIRED": Advice(
        "The SDK token has expired (30 minutes)",
        "Press Start over, then Initiate the flow again for a new token.",
    ),
    "INVALID_FLOW": Advice(
        "The vendor does not know this flow",
        "The flow must be STANDALONE_IDENTITY_VERIFICATION: Start over.",
    ),
    "INVALID_SOURCE": Advice("The vendor refused the source", "Pick SDK or WEB_SDK as the source."),
    "MISSING_SUCCESS_REDIRECTION_URL": Advice(
        "WEB_SDK needs both redirection URLs",
        "Fill in the success and failure redirection URLs, or pick the SDK source.",
    ),
    "MISSING_FAILURE_REDIRECTION_URL": Advice(
        "WEB_SDK needs both redirection URLs",
        "Fill in the success and failure redirection URLs, or pick the SDK source.",
    ),
    "INVALID_SUCCESS_REDIRECTION_URL": Advice(
        "The success redirection URL is not a web address",
        "Enter an absolute http:// or https:// URL.",
    ),
    "INVALID_FAILURE_REDIRECTION_URL": Advice(
        "The failure redirection URL is not a web address",
        "Enter an absolute http:// or https:// URL.",
    ),
    "MISSING_PHONE_NUMBER_OR_EMAIL": Advice(
        "The vendor needs a verified phone number or e-mail",
        "Enter the user's phone number (62…) or e-mail address.",
    ),
    "INVALID_PHONE_NUMBER": Advice(
        "The vendor refused the phone number",
        "Enter an Indonesian number with its country code: 62 and 8 to 13 digits, no + or spaces.",
    ),
    "INVALID_EMAIL": Advice(
        "The vendor refused the e-mail address",
        "Enter the address as name@example.com.",
    ),
    "PHONE_NUMBER_NOT_VERIFIED": Advice(
        "The phone number must be verified first",
        "Tick 'Verified by us' once your app has verified the number (an OTP, say).",
    ),
    "EMAIL_NOT_VERIFIED": Advice(
        "The e-mail address must be verified first",
        "Tick 'Verified by us' once your app has verified the address.",
    ),
    "MISSING_VERIFICATION_REFERENCE_ID": Advice(
        "The vendor needs the verification's reference",
        "Enter the reference of your own verification of the number or address.",
    ),
    "INVALID_USER_LOCALE": Advice("The vendor refused the locale", "Pick id_ID or en_ID."),
    "INVALID_IMAGE": Advice(
        "The vendor could not use the photo",
        "Retake it: the whole card (or face), in focus, in good light.",
    ),
    "MISSING_IMAGE": Advice("The vendor received no photo", "Take or upload the photo again."),
    "IMAGE_TOO_LARGE": Advice(
        "The photo is over the vendor's 5 MB",
        "Retake it with the camera, or upload a smaller JPEG.",
    ),
    "SUBMISSION_ALREADY_PROCESSING": Advice(
        "The vendor is already processing this submission",
        "Wait for the result below; for new photos, Start over.",
    ),
    "SUBMISSION_NOT_FOUND": Advice(
        "The vendor does not know this submission",
        "Press Start over, then Initiate the flow again.",
    ),
}
