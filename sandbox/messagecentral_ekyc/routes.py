"""e-KYC Now's routes: the documented generate-url, and the hosted journey its URL opens.

generate-url checks its caller in the order the document lists its 401s (company name, API key,
flow id: not documented by the vendor which comes first), then the key against the flow, then the
company name's value, then the burst limit and the trial's attempts.
"""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from sandbox.core.mount import public_url
from sandbox.messagecentral_ekyc import errors as err
from sandbox.messagecentral_ekyc import intake, openapi, pages, paths, seed, steps
from sandbox.messagecentral_ekyc.backend import Backend
from sandbox.messagecentral_ekyc.journey import PENDING, URL_MINUTES, Journey

MESSAGE = "Embed this URL in your application for KYC verification"  # documented
# Not documented by the vendor: the largest photo a step takes. Chosen: 10 MB (a phone's photo
# with room to spare).
MAX_PHOTO_BYTES = 10 * 1024 * 1024
CAPTURES = ("document", "selfie", "liveness")


def create_router(backend: Backend) -> APIRouter:
    router = APIRouter()

    @router.post(paths.GENERATE_URL, openapi_extra=openapi.generate_url())
    async def generate_url(request: Request) -> JSONResponse:
        """A single-use KYC redirection URL, valid 30 minutes."""
        company = await intake.company_name(request)
        if company is None:
            raise err.unauthorized(err.MISSING_COMPANY_NAME)
        key = intake.api_key(request)
        if key is None:
            raise err.unauthorized(err.API_KEY_NOT_BEARER)
        flow_id = intake.flow_id(request)
        if flow_id is None:
            raise err.unauthorized(err.MISSING_FLOW_ID)
        flow = backend.flow_for(key, flow_id)
        # Not documented by the vendor: how the name is compared. Chosen: without case, and
        # without the spaces around it.
        if company.casefold() != seed.COMPANY_NAME.casefold():
            raise err.unauthorized(err.INVALID_COMPANY_NAME)
        journey = backend.generate(key, flow)
        url = public_url(request, paths.flow_path(journey.token))
        return JSONResponse(
            {
                "url": url,
                "token": journey.token,
                "journey_id": journey.journey_id,
                "expires_in_minutes": URL_MINUTES,
                "message": MESSAGE,
            }
        )

    @router.get(
        paths.FLOW,
        openapi_extra=openapi.page(
            "The URL generate-url hands back: opened once, within 30 minutes, it starts the "
            "hosted journey (303 to its page); opened again or later, an expired page.",
            {"303": "the journey's page", "410": "expired or already used", "404": "unknown"},
        ),
    )
    async def open_flow(request: Request) -> Response:
        """The hosted journey's entry: the URL's single use."""
        journey = backend.by_url_token(request.path_params["token"])
        if journey is None:
            return pages.link_invalid(seed.COMPANY_NAME)
        backend.settle(journey)
        used = journey.status != PENDING
        if request.method == "HEAD":  # a link preview looks without using the URL
            return Response(status_code=410 if used else 200, headers=pages.HEADERS)
        if used:
            journey.reopened += 1
            return pages.link_expired(seed.COMPANY_NAME)
        session = backend.open(journey)
        return RedirectResponse(_journey_url(request, session), 303, headers=pages.HEADERS)

    @router.get(
        paths.JOURNEY,
        openapi_extra=openapi.page(
            "The journey's page: the step it stands at, or how it ended (then the redirect).",
            {"200": "HTML", "404": "unknown journey"},
        ),
    )
    async def journey_page(request: Request) -> Response:
        session = request.path_params["session"]
        journey = backend.session(session)
        if journey is None:
            return pages.link_invalid(seed.COMPANY_NAME)
        backend.settle(journey)
        company = seed.COMPANY_NAME
        here = _journey_url(request, session)
        cancel = here + "/cancel"
        current = journey.current
        if journey.ended or current is None:
            return pages.result(journey, company, here)
        action = f"{here}/{current}"
        if current == "consent":
            return pages.consent(journey, company, action, cancel)
        if current == "screening":
            return pages.screening_page(journey, company, action)
        error = journey.steps[current].detail if journey.steps[current].refused else None
        return pages.capture(journey, current, company, action, cancel, error)

    async def take(request: Request, step: str) -> JSONResponse:
        session = request.path_params["session"]
        journey = backend.session(session)
        if journey is None:
            raise err.EkycError(404, "Journey not found")
        # The body first (the photo read too): the checks below and the step's first changes
        # then happen with no wait between them (another request could move the journey).
        form = await request.form(max_files=1, max_fields=10)
        try:
            data = await _photo(form, step) if step in CAPTURES else b""
            backend.settle(journey)
            if journey.ended:
                return _answer(request, journey, steps.Outcome("ended", _ended(journey)), 409)
            if step != "cancel" and journey.current != step:
                detail = f"This journey is at its {journey.current} step, not {step}."
                return _answer(request, journey, steps.Outcome("conflict", detail), 409)
            outcome = await _step(journey, step, form, data)
        except steps.Conflict:
            if journey.ended:
                return _answer(request, journey, steps.Outcome("ended", _ended(journey)), 409)
            conflict = steps.Outcome("conflict", "This step was already taken.")
            return _answer(request, journey, conflict, 409)
        finally:
            await form.close()
        return _answer(request, journey, outcome)

    async def _step(journey: Journey, step: str, form, data: bytes) -> steps.Outcome:
        if step == "cancel":
            return steps.cancel(backend, journey)
        if step == "consent":
            choice = form.get("consent")
            if choice not in ("accept", "decline"):
                raise err.EkycError(400, "consent must be accept or decline")
            return await steps.consent(backend, journey, choice)
        if step == "screening":
            return await steps.screen(backend, journey)
        if step == "document":
            kind = form.get("document_type") or None
            if kind is not None and kind not in pages.DOCUMENT_TYPES:
                raise err.EkycError(
                    400, f"document_type must be one of {list(pages.DOCUMENT_TYPES)}"
                )
            forced = form.get("sandbox_outcome") or None
            allowed = [
                name
                for name in steps.FORCED_OUTCOMES
                if journey.flow.premium or name not in steps.PREMIUM_ONLY
            ]
            if forced is not None and forced not in allowed:
                raise err.EkycError(400, f"sandbox_outcome must be one of {allowed}")
            return await steps.document(backend, journey, data, kind, forced)
        if step == "selfie":
            return await steps.selfie(backend, journey, data)
        return await steps.liveness(backend, journey, data)

    def step_route(step: str, fields: dict | None = None) -> None:
        async def endpoint(request: Request) -> JSONResponse:
            return await take(request, step)

        endpoint.__name__ = endpoint.__qualname__ = f"journey_{step}"
        router.add_api_route(
            f"{paths.JOURNEY}/{step}",
            endpoint,
            methods=["POST"],
            openapi_extra=openapi.step(step, fields),
        )

    photo = {"type": "string", "format": "binary"}
    step_route("consent", {"consent": {"type": "string", "enum": ["accept", "decline"]}})
    step_route(
        "document",
        {
            "document": photo,
            "document_type": {"type": "string", "enum": list(pages.DOCUMENT_TYPES)},
            "sandbox_outcome": {"type": "string", "enum": list(steps.FORCED_OUTCOMES)},
        },
    )
    step_route("selfie", {"selfie": photo})
    step_route("liveness", {"liveness": photo})
    step_route("screening")
    step_route("cancel")
    return router


async def _photo(form, step: str) -> bytes:
    upload = form.get(step)
    if not isinstance(upload, UploadFile):
        raise err.EkycError(400, f"the {step} photo is missing (a file part named {step})")
    data = await upload.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise err.EkycError(413, "The photo is larger than 10 MB. Take a smaller photo.")
    if not data:
        raise err.EkycError(400, f"the {step} photo is empty")
    return data


def _journey_url(request: Request, session: str) -> str:
    """The journey's page, from the server root (behind any root path and the prefix)."""
    return request.scope.get("root_path", "") + paths.journey_path(session)


def _ended(journey: Journey) -> str:
    return f"This journey has ended ({journey.status})."


def _answer(
    request: Request, journey: Journey, outcome: steps.Outcome, status: int = 200
) -> JSONResponse:
    ended = outcome.outcome == "ended"
    body = {
        "journey_id": journey.journey_id,
        "status": journey.status,
        "step": journey.current,
        "outcome": outcome.outcome,
        "reason": journey.reason if ended else outcome.code,
        "message": outcome.message,
        "attempts_left": outcome.attempts_left,
        "next": _journey_url(request, journey.session or ""),
        "redirect": journey.redirect,
    }
    if status != 200:
        body["detail"] = outcome.message
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})
