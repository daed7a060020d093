"""What each HyperVerge CKYC message means and what to do next, matched by prefix (CERSAI
rewords its messages). Every next step names something the user can do now, on this page."""

from console.core.spec import Advice

ADVICE: dict[str, Advice] = {
    "Download failed. Auth Factor does not match": Advice(
        "This mobile number is not the one in the CKYC record",
        "Fix the mobile number in step 1 and start again.",
    ),
    "Download failed. Mobile number is not registered": Advice(
        "This CKYC record has no registered mobile, so it cannot be downloaded by OTP",
        "Turn on Search only to see the record's summary (CERSAI offers bulk file download).",
    ),
    "No record found": Advice(
        "No CKYC record matches this ID",
        "Check the ID type and number in step 1 (for Aadhaar: the number, the name, the date "
        "of birth and the gender, as on the card), then start again.",
    ),
    "Digital signature cannot be verified": Advice(
        "CERSAI could not verify the service's digital signature",
        "The signing certificate or keys are wrong or expired: contact HyperVerge support.",
    ),
    "Invalid OTP entered": Advice(
        "Wrong OTP", "Type the OTP from the latest SMS and verify again."
    ),
    "Resend OTP Option enable post 90 sec": Advice(
        "Too early to resend the OTP", "Wait for the countdown on Resend OTP to end."
    ),
    "Download failed as OTP validation was unsuccessful": Advice(
        "All OTP attempts are used: this session is over",
        "Start over to get a new OTP.",
    ),
    "Invalid requestId": Advice("This OTP session is over", "Start over to get a new OTP."),
    "Resend OTP limit reached": Advice(
        "No resends left", "Verify with the latest OTP, or Start over."
    ),
    "Missing/Invalid credentials": Advice(
        "The vendor refused the app ID or app key",
        "Check the app ID and app key on the Settings page.",
    ),
    "Internal Server Error": Advice(
        "The vendor failed on its side",
        "Try again; if it persists, contact HyperVerge support.",
    ),
}
