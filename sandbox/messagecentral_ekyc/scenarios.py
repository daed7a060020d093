"""Every outcome of e-KYC Now, as one request QA can send after a reset.

generate-url's entries use the sandbox's account (seed.py). The hosted journey's outcomes use
the journeys a reset seeds on the Premium flow, each standing just before its outcome: its
earlier photos taken (Priya's SPECIMEN passport and selfie, or the watch-listed card and its
holder's selfie), the step's earlier attempts refused where a refusal must be the last. The
photos are served at /_sandbox/messagecentral-ekyc/samples/<name>. A step answers JSON when
asked for it (the pages ask); a URL opened answers HTML.

The same outcomes in a journey of one's own: the document step's "Sandbox: force an outcome"
(document_rejected, liveness_failed, aml_hit), or the photos themselves (a blank card; a
stranger's face for liveness; the watch-listed card), or the clock (advance 1800 s), or opening
the URL twice.
"""

from functools import cache

from sandbox.core.scenarios import (
    Scenario,
    ScenarioExpect,
    ScenarioFile,
    ScenarioRequest,
    scenario_maker,
)
from sandbox.messagecentral_ekyc import errors as err
from sandbox.messagecentral_ekyc import journey as j
from sandbox.messagecentral_ekyc import paths, seed
from sandbox.messagecentral_ekyc.paths import PREFIX, VENDOR
from sandbox.messagecentral_ekyc.routes import MESSAGE

GENERATE = PREFIX + paths.GENERATE_URL
ACCOUNT = {"flow_id": seed.BASIC_FLOW_ID, "api_key": f"Bearer {seed.API_KEY}"}
FORM = {"company_name": seed.COMPANY_NAME}
JSON_ANSWER = {"Accept": "application/json"}
GENERATED = {"expires_in_minutes": 30, "message": MESSAGE}


# Safe to send to the real vendor (why: sandbox/core/scenarios.py, Scenario.live_safe).
LIVE_SAFE = frozenset(
    {
        "api-key-without-bearer",
        "missing-flow-id",
        "invalid-api-key",
        "unknown-flow-id",
    }
)


_scenario = scenario_maker(VENDOR, LIVE_SAFE)


def _generate(
    headers: dict, form: dict | None = None, json=None, query: str = ""
) -> ScenarioRequest:
    return ScenarioRequest(path=GENERATE + query, headers=headers, form=form, json=json)


def _refused(status: int, detail: str) -> ScenarioExpect:
    return ScenarioExpect(status=status, message=detail, fields={"detail": detail})


def _step(session: str, step: str, sample: str | None = None) -> ScenarioRequest:
    files = None
    if sample is not None:
        url = f"/_sandbox/{VENDOR}/samples/{sample}"
        files = [ScenarioFile(field=step, filename=sample, url=url, contentType="image/jpeg")]
    path = PREFIX + paths.journey_path(session) + "/" + step
    return ScenarioRequest(path=path, headers=JSON_ANSWER, form={} if files else None, files=files)


def _ended(status: str, reason: str) -> ScenarioExpect:
    return ScenarioExpect(
        status=200, fields={"status": status, "reason": reason, "outcome": "ended"}
    )


def _open(token: str) -> ScenarioRequest:
    return ScenarioRequest(method="GET", path=PREFIX + paths.flow_path(token))


@cache
def catalog() -> tuple[Scenario, ...]:
    return (*_generated(), *_refusals(), *_journeys())


def _generated() -> list[Scenario]:
    trial = {"flow_id": seed.TRIAL_FLOW_ID, "api_key": f"Bearer {seed.TRIAL_API_KEY}"}
    return [
        _scenario(
            "url-generated",
            "A redirection URL (Basic flow, company name as a form field)",
            "The document's cURL: headers flow_id and api_key: Bearer <key>, company_name as a "
            "form field. The URL opens once, within 30 minutes (the sandbox clock).",
            _generate(ACCOUNT, form=FORM),
            ScenarioExpect(status=200, fields=GENERATED),
        ),
        _scenario(
            "url-generated-json",
            "A redirection URL (Premium flow, company name in a JSON body)",
            "The document's table: company_name in the body, Content-Type: application/json.",
            _generate({**ACCOUNT, "flow_id": seed.PREMIUM_FLOW_ID}, json=FORM),
            ScenarioExpect(status=200, fields=GENERATED),
        ),
        _scenario(
            "url-generated-company-header",
            "A redirection URL (company name as a header)",
            "The document's 401 text says the company name goes in a header: accepted too.",
            _generate({**ACCOUNT, "company_name": seed.COMPANY_NAME}),
            ScenarioExpect(status=200, fields=GENERATED),
        ),
        _scenario(
            "url-generated-flow-id-query",
            "A redirection URL (flow_id as a query parameter)",
            "The vendor's 401 text says flow_id may come as a header or a query parameter.",
            _generate({"api_key": ACCOUNT["api_key"]}, form=FORM, query="?flow_id=sbx-basic-flow"),
            ScenarioExpect(status=200, fields=GENERATED),
        ),
        _scenario(
            "url-generated-trial",
            "A trial URL (uses one of the five trial attempts)",
            f"The trial key {seed.TRIAL_API_KEY} with the trial flow {seed.TRIAL_FLOW_ID} "
            "(Premium checks). Five per reset; the sixth: 403 Trial attempts exhausted (chosen). "
            "GET /_sandbox/messagecentral-ekyc/trial tells the attempts left.",
            _generate(trial, form=FORM),
            ScenarioExpect(status=200, fields=GENERATED),
        ),
    ]


def _refusals() -> list[Scenario]:
    key = ACCOUNT["api_key"]
    return [
        _scenario(
            "missing-company-name",
            "No company name (documented 401)",
            "company_name in none of the form, the JSON body or the headers.",
            _generate(ACCOUNT, form={"company": seed.COMPANY_NAME}),
            _refused(401, err.MISSING_COMPANY_NAME),
        ),
        _scenario(
            "api-key-without-bearer",
            "An API key without Bearer (documented 401)",
            "api_key: <key>, not api_key: Bearer <key> (a missing api_key answers the same).",
            _generate({**ACCOUNT, "api_key": seed.API_KEY}, form=FORM),
            _refused(401, err.API_KEY_NOT_BEARER),
        ),
        _scenario(
            "missing-flow-id",
            "No flow_id (documented 401)",
            "Neither a flow_id header nor a flow_id query parameter.",
            _generate({"api_key": key}, form=FORM),
            _refused(401, err.MISSING_FLOW_ID),
        ),
        _scenario(
            "invalid-api-key",
            "A wrong API key (chosen 401)",
            "Not documented by the vendor: a key that is not the account's.",
            _generate({**ACCOUNT, "api_key": "Bearer not-the-key"}, form=FORM),
            _refused(401, err.INVALID_KEY_OR_FLOW),
        ),
        _scenario(
            "unknown-flow-id",
            "A flow the account does not have (chosen 401)",
            "Not documented by the vendor: a flow_id that is none of the account's flows.",
            _generate({**ACCOUNT, "flow_id": "no-such-flow"}, form=FORM),
            _refused(401, err.INVALID_KEY_OR_FLOW),
        ),
        _scenario(
            "trial-key-on-another-flow",
            "The trial key with another flow (chosen 401)",
            "The document: do not replace the trial's flow id with another flow. The trial key "
            "serves the trial flow only; the account's key every flow but the trial.",
            _generate({**ACCOUNT, "api_key": f"Bearer {seed.TRIAL_API_KEY}"}, form=FORM),
            _refused(401, err.INVALID_KEY_OR_FLOW),
        ),
        _scenario(
            "invalid-company-name",
            "Another company's name (chosen 401)",
            f"The name must be the account's, {seed.COMPANY_NAME!r}, without regard to case.",
            _generate(ACCOUNT, form={"company_name": "Another Company Ltd"}),
            _refused(401, err.INVALID_COMPANY_NAME),
        ),
    ]


def _journeys() -> list[Scenario]:
    return [
        _scenario(
            "completed",
            "Journey completed",
            "Seeded journey M1767225600000DONE_SE stands at AML screening (Priya's passport, "
            "selfie and liveness taken): her name matches no watch-list entry. In a journey of "
            "your own: consent, a document, a selfie of its holder (and for Premium a second "
            "selfie after the prompt). The redirect carries status=completed&reason=verified.",
            _step("sbx-session-completed", "screening"),
            _ended(j.COMPLETED, j.VERIFIED),
        ),
        _scenario(
            "document-rejected",
            "Document rejected",
            "Seeded journey M1767225600000DOCR_SE stands at its document step's third and last "
            "attempt: a blank card (no text, no face). A first or second refusal asks for a "
            "retake. Or force it: document step, Sandbox: force an outcome, Document rejected.",
            _step("sbx-session-document", "document", "blank.jpg"),
            _ended(j.FAILED, j.DOCUMENT_REJECTED),
        ),
        _scenario(
            "liveness-failed",
            "Liveness failed",
            "Seeded journey M1767225600000LIVE_SE stands at its liveness step's last attempt: "
            "a stranger's face, not the selfie's person. Or force it on the document step "
            "(Premium flows).",
            _step("sbx-session-liveness", "liveness", "stranger-selfie.jpg"),
            _ended(j.FAILED, j.LIVENESS_FAILED),
        ),
        _scenario(
            "aml-hit",
            "AML screening hit",
            "Seeded journey M1767225600000AMLH_SE stands at screening: its document is the "
            "card of MORGAN SPECIMEN BLACKWOOD, the first entry of assets/messagecentral/"
            "watchlist.json (sample watchlisted-id.jpg, with stranger-selfie.jpg as her "
            "selfie). Or force it on the document step (Premium flows).",
            _step("sbx-session-aml-hit", "screening"),
            _ended(j.FAILED, j.AML_HIT),
        ),
        _scenario(
            "expired",
            "The URL expired (HTML 410, no redirect)",
            "Seeded URL token sbx-token-expired was generated 31 minutes before the reset: "
            "opening it shows the vendor-style page 'This link has expired or was already "
            "used'. Or advance the clock 1800 s after generating. A journey still open at its "
            "expiry ends expired (reason link_expired) and redirects.",
            _open("sbx-token-expired"),
            ScenarioExpect(status=410, message="This link has expired or was already used"),
        ),
        _scenario(
            "reused",
            "The URL opened a second time (HTML 410, no redirect)",
            "Seeded URL token sbx-token-used was opened once already (its journey runs): the "
            "URL is single use. Or open a fresh URL twice.",
            _open("sbx-token-used"),
            ScenarioExpect(status=410, message="This link has expired or was already used"),
        ),
    ]
