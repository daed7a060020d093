"""The CKYC Validation walk: what Validate does, as state a page can render (no Streamlit).

The page gathers a `ValidationRequest` (from the record just downloaded, an uploaded record,
or a sample), shows what the vendor would refuse, and calls `validate`."""

from dataclasses import dataclass, field
from enum import StrEnum

from console.core.clients import NotConfigured
from console.core.explain import Notice, explain
from console.core.runtime import Runtime
from console.vendors.hyperverge_validation.spec import SPEC
from kyc_adapters.errors import KycError
from kyc_adapters.hyperverge_validation import (
    APPROVE_UNDER,
    REJECT_FROM,
    HyperVergeValidationClient,
    ImageUrl,
    UploadFile,
    ValidationFields,
    ValidationOptions,
    ValidationResult,
)
from kyc_adapters.recorder import journey as journey_scope


class Stage(StrEnum):
    HELD_BACK = "held_back"  # the console found what the vendor would refuse; nothing sent
    FAILED = "failed"  # the vendor refused, or did not answer
    VERDICT = "verdict"  # approve, manual_review or reject


@dataclass(frozen=True)
class ValidationRequest:
    source: str  # how it came in, in words ("the record downloaded at 10:02", "sample Asha")
    fields: ValidationFields
    documents: tuple[UploadFile, ...] = ()
    selfie: UploadFile | None = None
    image_urls: tuple[ImageUrl, ...] = ()
    options: ValidationOptions = field(default_factory=ValidationOptions)
    missing: tuple[str, ...] = ()  # files the record lists that were not given


@dataclass
class ValidationJourney:
    journey_id: str
    mode: str
    request: ValidationRequest
    stage: Stage
    result: ValidationResult | None = None
    notice: Notice | None = None


@dataclass(frozen=True)
class Verdict:
    """The action as a person reads it, with the score and the rule that gave it."""

    action: str
    label: str
    colour: str
    icon: str
    score: int | None
    rule: str


VERDICTS = {
    "approve": ("Approved", "green", ":material/check_circle:"),
    "manual_review": ("Manual review", "orange", ":material/rate_review:"),
    "reject": ("Rejected", "red", ":material/cancel:"),
}


def verdict(result: ValidationResult, *, sandbox: bool) -> Verdict:
    """In sandbox mode, the score by the sandbox's weights and the rule that gave the action.
    Live, the vendor's own weights are not all documented: its action and codes only."""
    label, colour, icon = VERDICTS.get(result.action, (result.action, "gray", ":material/help:"))
    if not sandbox:
        return Verdict(
            result.action,
            label,
            colour,
            icon,
            None,
            "the vendor's action; its mismatch codes per document are below (documented "
            "weights: address 2, pincode 1)",
        )
    score = result.score()
    shown = "no document scored" if score is None else f"score {score}"
    rule = {
        "approve": f"mismatch {shown}: the best-scoring document validated in full and the "
        f"score is under {APPROVE_UNDER} (the sandbox's rule)",
        "manual_review": f"mismatch {shown}: a mismatch on the best document, and a score under "
        f"{REJECT_FROM}",
        "reject": f"mismatch {shown}: {REJECT_FROM} or more",
    }.get(result.action, f"{shown}: an action the contract does not document")
    return Verdict(result.action, label, colour, icon, score, rule)


def validate(
    rt: Runtime, request: ValidationRequest, problems: list[str], *, send_anyway: bool
) -> ValidationJourney:
    """Send the record, unless the console found what the vendor would refuse and the user
    did not ask to send it anyway (QA: to see the vendor's own refusal)."""
    mode = rt.mode(SPEC)
    sent = len(request.documents) + (request.selfie is not None) + len(request.image_urls)
    summary = f"{request.source} · {sent} file{'s' if sent != 1 else ''}"
    journey = ValidationJourney(
        rt.store.new_journey(SPEC.id, mode, summary), mode, request, Stage.HELD_BACK
    )
    if problems and not send_anyway:
        rt.store.record_event(
            journey.journey_id,
            SPEC.id,
            mode,
            kind="input",
            step="validate",
            outcome="rejected",
            error=" ".join(problems),
        )
        rt.store.finish_journey(journey.journey_id, Stage.HELD_BACK)
        journey.notice = Notice(
            "warning",
            "Not sent: the console found what the vendor would refuse or mark",
            "\n".join(problems),
            "Fix the form or the files, or tick Send anyway to see the vendor's own refusal.",
        )
        return journey
    try:
        with journey_scope(journey.journey_id):
            client: HyperVergeValidationClient = rt.client(SPEC)
            journey.result = client.validate(
                fields=request.fields,
                documents=request.documents,
                selfie=request.selfie,
                image_urls=request.image_urls,
                options=request.options,
                transaction_id=journey.journey_id,
            )
    except NotConfigured as exc:
        return _fail(
            rt,
            journey,
            Notice.not_configured(exc),
        )
    except KycError as exc:
        return _fail(rt, journey, Notice.of(explain(exc, rt.redactor)))
    journey.stage = Stage.VERDICT
    rt.store.finish_journey(journey.journey_id, journey.result.action)
    return journey


def refuse_record(rt: Runtime, file_name: str, why: str) -> None:
    """An uploaded record the console would not read: in the history, as a refused input."""
    mode = rt.mode(SPEC)
    journey_id = rt.store.new_journey(SPEC.id, mode, "an uploaded record, refused")
    rt.store.record_event(
        journey_id,
        SPEC.id,
        mode,
        kind="input",
        step="parse-record",
        outcome="rejected",
        error=why,
    )
    rt.store.finish_journey(journey_id, "refused")


def _fail(rt: Runtime, journey: ValidationJourney, notice: Notice) -> ValidationJourney:
    journey.stage = Stage.FAILED
    journey.notice = notice
    rt.store.finish_journey(journey.journey_id, Stage.FAILED)
    return journey
