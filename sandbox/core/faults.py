"""Fault injection: make the next calls to a vendor fail on purpose (timeout, 5xx, garbage).

The faults are applied by the gateway (sandbox/core/gateway.py), never to the control plane.
"""

import threading
from typing import Literal

from pydantic import BaseModel, Field, field_validator

FaultMode = Literal["timeout", "http_500", "malformed_body", "slow"]

DEFAULT_DELAY_SECONDS: dict[str, float] = {"timeout": 30.0, "slow": 2.0}


class Fault(BaseModel):
    vendor: str = Field(strict=True, description="a vendor id from GET /_sandbox/vendors")
    path: str | None = Field(
        default=None,
        strict=True,
        description="the vendor's own path, below its prefix, e.g. /api/v1/start; "
        "none: any call to that vendor",
    )
    mode: FaultMode
    times: int = Field(default=1, ge=1, le=1000, strict=True)
    seconds: float | None = Field(
        default=None,
        gt=0,
        le=300,
        strict=True,
        allow_inf_nan=False,
        description="delay for timeout/slow",
    )

    @field_validator("path")
    @classmethod
    def _a_path_that_can_match(cls, path: str | None) -> str | None:
        if path is not None and not path.startswith("/"):
            raise ValueError(f"path must start with '/' (the vendor's own path), not {path!r}")
        if path is not None and ("?" in path or "#" in path):
            raise ValueError("path is matched without a query string or fragment")
        return path

    def matches(self, vendor: str, vendor_path: str) -> bool:
        return self.vendor == vendor and (self.path is None or self.path == vendor_path)

    @property
    def delay(self) -> float:
        return self.seconds or DEFAULT_DELAY_SECONDS.get(self.mode, 0.0)


class FaultBook:
    """Armed faults, consumed one call at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def arm(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def take(self, vendor: str, vendor_path: str) -> Fault | None:
        if not self._faults:  # the common case, without the lock
            return None
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.matches(vendor, vendor_path):
                    if fault.times <= 1:
                        del self._faults[index]
                    else:
                        self._faults[index] = fault.model_copy(update={"times": fault.times - 1})
                    return fault
        return None

    def armed(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def reset(self) -> None:
        with self._lock:
            self._faults.clear()
