"""The partner-token cache: one token, kept until a little before it expires.

OneKYC's public docs ask partners to cache the partner token (valid `expiry_seconds`, 1800 s)
rather than fetch one per call. The token is used until `REFRESH_MARGIN` (30 s; a tenth of a
shorter lifetime) before it runs out on the client's clock (the sandbox's in sandbox mode), then
fetched again.

Locks, as in the Hypersign adapter's cache, so that the sessions sharing one client never wait
on each other more than they must:
- a fetch lock, held while the token is fetched: two sessions needing a token fetch it once
  (the second waits and takes the first's);
- a state lock, held only to read or replace the cached entry: never during a fetch (the vendor
  may take its whole timeout) nor a clock read (the sandbox's clock is an HTTP call), so
  `status()` answers at once while a fetch is under way.
The clock is read once per decision, before anything else: that moment both judges the cached
token and, if a new one is fetched, stands as its `obtained_at` (earlier than the vendor's
issue, so the token is never thought fresh past its real expiry).
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from kyc_adapters.onekyc_siv.models import PartnerToken, TokenStatus

REFRESH_MARGIN = 30.0

Fetch = Callable[[bool], PartnerToken]  # (is_refresh) -> the token service's answer


@dataclass(frozen=True)
class _Entry:
    value: str = field(repr=False)
    obtained_at: float
    expires_at: float

    def fresh(self, now: float) -> bool:
        lifetime = self.expires_at - self.obtained_at
        return now < self.expires_at - min(REFRESH_MARGIN, lifetime / 10)


class PartnerTokenCache:
    def __init__(self, fetch: Fetch, clock: Callable[[], float]) -> None:
        self._fetch = fetch
        self._clock = clock
        self._state = threading.Lock()  # guards the fields below; held for no I/O
        self._fetching = threading.Lock()
        self._entry: _Entry | None = None
        self._fetches = 0  # kept across drops: a dropped token's refetch counts as a refresh
        self._cleared = 0  # clear()s so far: a fetch begun before the last one is not kept

    def get(self) -> str:
        """The partner token: the cached one while fresh, else a new one."""
        now = self._clock()  # the one clock read of this decision
        with self._state:
            entry = self._entry
        if entry is not None and entry.fresh(now):
            return entry.value
        with self._fetching:
            # Another session may have fetched it while this one waited for the lock.
            with self._state:
                entry = self._entry
                if entry is not None and entry.fresh(now):
                    return entry.value
                refresh = self._fetches > 0
                cleared = self._cleared
            token = self._fetch(refresh)  # no state lock: status() goes on answering
            with self._state:
                if cleared == self._cleared:
                    self._fetches += 1
                    self._entry = _Entry(token.token, now, now + token.expiry_seconds)
            return token.token

    def drop(self, value: str) -> None:
        """Forget the token if it is still `value` (the one the vendor refused): a token
        another session has fetched meanwhile is kept."""
        with self._state:
            if self._entry is not None and self._entry.value == value:
                self._entry = None

    def status(self) -> TokenStatus | None:
        """The cached token's times as they are now, without waiting for a fetch under way."""
        with self._state:
            entry, fetches = self._entry, self._fetches
        if entry is None:
            return None
        return TokenStatus(
            obtained_at=entry.obtained_at, expires_at=entry.expires_at, refreshed=fetches - 1
        )

    def clear(self) -> None:
        with self._state:
            self._entry = None
            self._fetches = 0
            self._cleared += 1
