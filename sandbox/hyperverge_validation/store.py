"""The files the answer links to (masked Aadhaar images, input images), each for 15 minutes on
the sandbox clock: they stand in for the vendor's short-lived signed URLs."""

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass

from sandbox.core.clock import SandboxClock

# Documented: the masked Aadhaar link "is valid for 15 mins". Not documented by the vendor: how
# long inputImageUrls live; we chose the same.
LIFETIME_SECONDS = 15 * 60
# What the sandbox keeps at most (the oldest files go first past either).
MAX_FILES = 500
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    data: bytes
    media_type: str
    expires_at: float


class Expired(Exception):
    """The link was issued but its 15 minutes are over."""


class FileStore:
    def __init__(self, clock: SandboxClock) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._files: OrderedDict[str, StoredFile] = OrderedDict()
            self._bytes = 0

    def put(self, data: bytes, media_type: str) -> str:
        """Keeps the file; returns its token."""
        token = secrets.token_urlsafe(18)
        stored = StoredFile(data, media_type, self.clock.now() + LIFETIME_SECONDS)
        with self._lock:
            self._files[token] = stored
            self._bytes += len(data)
            while len(self._files) > MAX_FILES or self._bytes > MAX_BYTES:
                _, dropped = self._files.popitem(last=False)
                self._bytes -= len(dropped.data)
        return token

    def get(self, token: str) -> StoredFile | None:
        """The file, None when never issued (or dropped); raises Expired after its lifetime."""
        with self._lock:
            stored = self._files.get(token)
        if stored is not None and self.clock.now() >= stored.expires_at:
            raise Expired(token)
        return stored
