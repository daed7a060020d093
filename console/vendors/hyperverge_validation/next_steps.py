"""What each HyperVerge CKYC Validation refusal means and what to do next, by message prefix.
Every next step names something the user can do now, on this page."""

from console.core.spec import Advice

ADVICE: dict[str, Advice] = {
    "first_name should not be null or undefined": Advice(
        "The vendor needs the name", "Fill in the first name (or the full name) in the form."
    ),
    "Selfie image not sent as part of the payload": Advice(
        "The vendor needs the selfie", "Add the selfie in the files, then validate again."
    ),
    "pages exceeded the supported length of 5": Advice(
        "A PDF has more than 5 pages", "Remove the long PDF, or send its first 5 pages."
    ),
    "File too large": Advice(
        "A file is over 6 MB", "Remove the large file, or send a smaller scan of it."
    ),
    "Missing/Invalid credentials": Advice(
        "The vendor refused the app ID or app key",
        "Check the app ID and app key on the Settings page.",
    ),
    "Internal server error": Advice(
        "The vendor failed on its side", "Try again; if it persists, contact HyperVerge support."
    ),
}
