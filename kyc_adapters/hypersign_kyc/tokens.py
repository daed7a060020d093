"""The admin-token cache: one token per service (KYC, SSI), kept until it expires.

The document: "Administrative tokens for KYC and SSI services should be cached locally and
refreshed only upon expiry." A token is used until `REFRESH_MARGIN` before its `expiresIn` runs
out on the client's clock (the sandbox's clock in sandbox mode), then fetched again. One lock
guards the cache, and is held while a token is fetched, so two sessions sharing the client
never fetch the same token twice at once (the second waits and takes the first's).
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass

from kyc_adapters.hypersign_kyc.models import AdminToken, TokenStatus

# Refresh this long before expiry, so a token never runs out between the check and the call:
# 30 s, or a tenth of a short lifetime.
REFRESH_MARGIN = 30.0


@dataclass
class _Entry:
    value: str
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
        self._lock = threading.Lock()
        self._entries: dict[str, _Entry] = {}
        self._fetches: dict[str, int] = {}  # kept across drops: a dropped token's refetch counts

    def get(self, service: str) -> str:
        """The service's admin token: the cached one while fresh, else a new one."""
        with self._lock:
            entry = self._entries.get(service)
            if entry is not None and entry.fresh(self._clock()):
                return entry.value
            fetches = self._fetches.get(service, 0)
            obtained_at = self._clock()
            token = self._fetch(service, fetches > 0)
            self._fetches[service] = fetches + 1
            self._entries[service] = _Entry(
                token.access_token, obtained_at, obtained_at + token.expiresIn
            )
            return token.access_token

    def drop(self, service: str, value: str) -> None:
        """Forget the service's token if it is still `value` (the one a vendor refused): a
        token another session has fetched meanwhile is kept."""
        with self._lock:
            entry = self._entries.get(service)
            if entry is not None and entry.value == value:
                del self._entries[service]

    def status(self) -> list["TokenStatus"]:
        with self._lock:
            return [
                TokenStatus(
                    service=service,
                    obtained_at=entry.obtained_at,
                    expires_at=entry.expires_at,
                    refreshed=self._fetches[service] - 1,
                )
                for service, entry in sorted(self._entries.items())
            ]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._fetches.clear()
