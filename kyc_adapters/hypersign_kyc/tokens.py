"""The admin-token cache: one token per service (KYC, SSI), kept until it expires.

The document: "Administrative tokens for KYC and SSI services should be cached locally and
refreshed only upon expiry." A token is used until `REFRESH_MARGIN` before its `expiresIn` runs
out on the client's clock (the sandbox's clock in sandbox mode), then fetched again.

Locks, so that the sessions sharing one client never wait on each other more than they must:
- one fetch lock PER SERVICE, held while that service's token is fetched: two sessions needing
  the same token fetch it once (the second waits and takes the first's), and a slow KYC oauth
  does not hold up a call that needs the SSI token;
- one state lock, held only to read or replace the cached entries: never during a fetch (the
  vendor may take its whole timeout) nor a clock read (the sandbox's clock is an HTTP call), so
  `status()` answers at once while a fetch is under way.
The clock is read once per decision, before anything else: that moment both judges the cached
token and, if a new one is fetched, stands as its `obtained_at` (earlier than the vendor's
issue, so the token is never thought fresh past its real expiry).
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from kyc_adapters.hypersign_kyc.models import AdminToken, TokenStatus

# Refresh this long before expiry, so a token never runs out between the check and the call:
# 30 s, or a tenth of a short lifetime.
REFRESH_MARGIN = 30.0


@dataclass(frozen=True)
class _Entry:
    value: str = field(repr=False)
    obtained_at: float
    expires_at: float

    def fresh(self, now: float) -> bool:
        lifetime = self.expires_at - self.obtained_at
        return now < self.expires_at - min(REFRESH_MARGIN, lifetime / 10)


Fetch = Callable[[str, bool], AdminToken]  # (service, is_refresh) -> the dashboard's answer


class AdminTokenCache:
    def __init__(self, fetch: Fetch, clock: Callable[[], float]) -> None:
        self._fetch = fetch
        self._clock = clock
        self._state = threading.Lock()  # guards the dicts and _cleared; held for no I/O
        self._fetching: dict[str, threading.Lock] = {}  # one per service
        self._entries: dict[str, _Entry] = {}
        self._fetches: dict[str, int] = {}  # kept across drops: a dropped token's refetch counts
        self._cleared = 0  # clear()s so far: a fetch begun before the last one is not kept

    def get(self, service: str) -> str:
        """The service's admin token: the cached one while fresh, else a new one."""
        now = self._clock()  # the one clock read of this decision
        entry = self._entry(service)
        if entry is not None and entry.fresh(now):
            return entry.value
        with self._fetch_lock(service):
            # Another session may have fetched it while this one waited for the lock.
            with self._state:
                entry = self._entries.get(service)
                if entry is not None and entry.fresh(now):
                    return entry.value
                refresh = self._fetches.get(service, 0) > 0
                cleared = self._cleared
            token = self._fetch(service, refresh)  # no state lock: status() goes on answering
            with self._state:
                if cleared == self._cleared:
                    self._fetches[service] = self._fetches.get(service, 0) + 1
                    self._entries[service] = _Entry(token.access_token, now, now + token.expiresIn)
            return token.access_token

    def drop(self, service: str, value: str) -> None:
        """Forget the service's token if it is still `value` (the one a vendor refused): a
        token another session has fetched meanwhile is kept."""
        with self._state:
            entry = self._entries.get(service)
            if entry is not None and entry.value == value:
                del self._entries[service]

    def status(self) -> list[TokenStatus]:
        """The cached tokens' times as they are now, without waiting for a fetch under way."""
        with self._state:
            entries = sorted(self._entries.items())
            fetches = dict(self._fetches)
        return [
            TokenStatus(
                service=service,
                obtained_at=entry.obtained_at,
                expires_at=entry.expires_at,
                refreshed=fetches[service] - 1,
            )
            for service, entry in entries
        ]

    def clear(self) -> None:
        with self._state:
            self._entries.clear()
            self._fetches.clear()
            self._cleared += 1

    def _entry(self, service: str) -> _Entry | None:
        with self._state:
            return self._entries.get(service)

    def _fetch_lock(self, service: str) -> threading.Lock:
        with self._state:
            return self._fetching.setdefault(service, threading.Lock())
