"""What e-KYC Now remembers, on the sandbox clock: the account's flows and their redirection
URLs, the journeys (by journey id, URL token and session), the trial attempts left and each API
key's recent generations.

Everything here runs on the event loop (the routes are async; vision runs in the thread pool
and hands back its result), so the state needs no lock.
"""

import math
import secrets
import string
from collections import deque
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sandbox.core.bounded import Bounded
from sandbox.core.clock import SandboxClock
from sandbox.messagecentral_ekyc import errors as err
from sandbox.messagecentral_ekyc import seed
from sandbox.messagecentral_ekyc.journey import Journey
from sandbox.messagecentral_ekyc.seed import Flow

TRIAL_ATTEMPTS = 5  # documented: "You have only five (5) free trial attempts"
# Not documented by the vendor ("Excessive or abusive requests may be rate-limited"). Chosen:
# more than 20 generations within 10 seconds of the sandbox clock, per API key.
BURST_LIMIT = 20
BURST_SECONDS = 10.0
LIVENESS_PROMPTS = (
    "Turn your head slightly to the left",
    "Turn your head slightly to the right",
    "Blink twice, then look at the camera",
    "Smile, then look at the camera",
)


class Backend:
    def __init__(self, clock: SandboxClock) -> None:
        self.clock = clock
        self.journeys: Bounded[Journey] = Bounded()
        self.by_token: Bounded[Journey] = Bounded()
        self.by_session: Bounded[Journey] = Bounded()
        self.redirection: dict[str, str | None] = {}
        self.trial_left = TRIAL_ATTEMPTS
        self.recent: dict[str, deque[float]] = {}
        self.reset()

    def now(self) -> float:
        return self.clock.now()

    def reset(self) -> None:
        for store in (self.journeys, self.by_token, self.by_session):
            store.clear()
        self.redirection = dict.fromkeys(seed.FLOWS)
        self.trial_left = TRIAL_ATTEMPTS
        self.recent = {}
        now = self.now()
        for seeded in seed.JOURNEYS:
            self._seed(seeded, now)

    def _seed(self, seeded: seed.SeededJourney, now: float) -> None:
        flow = seed.FLOWS[seed.PREMIUM_FLOW_ID]
        journey = Journey(seeded.journey_id, seeded.token, flow, now - seeded.age)
        self._keep(journey)
        if seeded.session is None:
            return
        journey.open(seeded.session, now)
        self.by_session.put(seeded.session, journey)
        for name in flow.steps:
            if name == seeded.at:
                break
            journey.passed(name, now, "seeded by the sandbox")
            if name in seeded.done:
                journey.unread[name] = seed.SAMPLES[seeded.done[name]]
        journey.steps[seeded.at].refused = seeded.failed_attempts

    def _keep(self, journey: Journey) -> None:
        self.journeys.put(journey.journey_id, journey)
        self.by_token.put(journey.token, journey)

    # --- generate-url -------------------------------------------------------------------------

    def flow_for(self, key: str, flow_id: str) -> Flow:
        """The flow `key` may generate URLs for; the chosen 401 otherwise. The account's key
        serves its Basic and Premium flows; the trial key its trial flow only (the document:
        "Do not modify or replace this Flow ID with another flow")."""
        flow = seed.FLOWS.get(flow_id)
        account = secrets.compare_digest(key.encode(), seed.API_KEY.encode())
        trial = secrets.compare_digest(key.encode(), seed.TRIAL_API_KEY.encode())
        if flow is None or not (account or trial) or flow.trial != trial:
            raise err.unauthorized(err.INVALID_KEY_OR_FLOW)
        return flow

    def generate(self, key: str, flow: Flow) -> Journey:
        """A new journey and its URL token; the burst limit and the trial's attempts first."""
        now = self.now()
        recent = self.recent.setdefault(key, deque())
        while recent and now - recent[0] >= BURST_SECONDS:
            recent.popleft()
        if len(recent) >= BURST_LIMIT:
            wait = max(1, math.ceil(BURST_SECONDS - (now - recent[0])))
            raise err.EkycError(429, err.TOO_MANY_REQUESTS, {"Retry-After": str(wait)})
        if flow.trial:
            if self.trial_left <= 0:
                raise err.EkycError(403, err.TRIAL_EXHAUSTED)
            self.trial_left -= 1
        recent.append(now)
        journey = Journey(self._journey_id(now), self._token(), flow, now)
        journey.liveness_prompt = LIVENESS_PROMPTS[secrets.randbelow(len(LIVENESS_PROMPTS))]
        self._keep(journey)
        return journey

    def _journey_id(self, now: float) -> str:
        """Like the document's M17682023316961BQG_SE: M, the time in milliseconds (13 digits),
        four upper-case letters or digits, _SE."""
        alphabet = string.ascii_uppercase + string.digits
        while True:
            tail = "".join(secrets.choice(alphabet) for _ in range(4))
            journey_id = f"M{int(now * 1000):013d}{tail}_SE"
            if journey_id not in self.journeys:
                return journey_id

    def _token(self) -> str:
        """43 URL-safe characters, as the document's HfBIyufQ-9O9AauFtBMKRi9kHPXlStAfFlbvg64JzIM."""
        while True:
            token = secrets.token_urlsafe(32)
            if token not in self.by_token:
                return token

    # --- the hosted journey -------------------------------------------------------------------

    def journey(self, journey_id: str) -> Journey | None:
        journey = self.journeys.get(journey_id)
        if journey is not None:
            self.settle(journey)
        return journey

    def by_url_token(self, token: str) -> Journey | None:
        return self.by_token.get(token)

    def session(self, session: str) -> Journey | None:
        return self.by_session.get(session)

    def open(self, journey: Journey) -> str:
        """The URL's one use: the journey starts under a new session id."""
        session = secrets.token_urlsafe(24)
        journey.open(session, self.now())
        self.by_session.put(session, journey)
        return session

    def settle(self, journey: Journey) -> None:
        """Ends a journey whose URL's 30 minutes are over (on the sandbox clock)."""
        if journey.expire_if_due(self.now()):
            self._redirect(journey)

    def finish(self, journey: Journey, status: str, reason: str, message: str, now: float) -> None:
        journey.end(status, reason, message, now)
        self._redirect(journey)

    def _redirect(self, journey: Journey) -> None:
        """Where the end of an opened journey sends the browser: the flow's redirection URL (as
        it is now: the one field of a flow that may change), with journey_id, status, reason."""
        url = self.redirection.get(journey.flow.id)
        if journey.session is None or not url:
            return
        parts = urlsplit(url)
        ours = {"journey_id": journey.journey_id, "status": journey.status}
        ours["reason"] = journey.reason or ""
        kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ours]
        query = urlencode([*kept, *ours.items()])
        journey.redirect = urlunsplit(parts._replace(query=query))

    def set_redirection_url(self, flow_id: str, url: str) -> None:
        self.redirection[flow_id] = url
