"""What each e-KYC Now refusal means and what to do next, by its documented `detail` first,
then by the field at fault. Every next step names something the user can do now, on this page
or in Settings."""

from console.core.spec import Advice

ADVICE: dict[str, Advice] = {
    "Missing company name in Header": Advice(
        "The vendor needs the company name",
        "Enter the company name your e-KYC account was registered with, then generate again.",
    ),
    "API Key must be 'Bearer '": Advice(
        "The vendor did not read an API key",
        "Check the API key on the Settings page (the key alone: the console adds 'Bearer ').",
    ),
    "Missing flow_id header/query.": Advice(
        "The vendor needs a flow id",
        "Set the flow's id (KYC_MESSAGECENTRAL_EKYC__<FLOW>_FLOW_ID) as the Settings page shows.",
    ),
    "company_name": Advice(
        "The vendor refused the company name",
        "Enter the company name exactly as your e-KYC account was registered, then generate again.",
    ),
    "api_key_or_flow_id": Advice(
        "The vendor refused the API key or the flow id",
        "Check both on the Settings page: the flow must belong to the account the key is from.",
    ),
    "api_key": Advice(
        "The vendor refused the API key",
        "Check the API key on the Settings page (the Trial flow uses the Trial API Key).",
    ),
    "flow_id": Advice(
        "The vendor refused the flow id",
        "Check the flow ids on the Settings page.",
    ),
    "trial_exhausted": Advice(
        "The five trial attempts are used up",
        "Pick the Basic or Premium flow (your own API key), or reset the sandbox from the sidebar.",
    ),
    "rate_limited": Advice(
        "The vendor is limiting how fast URLs are generated",
        "Wait a few seconds, then generate again.",
    ),
}
