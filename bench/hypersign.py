"""Hypersign KYC + SSI end to end, step by step: the console's adapter (built as the vendor's
spec builds it, every exchange recorded) over HTTP to the in-process sandbox, WALKS walks of
the whole chain, the first reported apart (the models load on first use).

A walk: admin tokens (dropped first, so each walk fetches them), session, DID, issue-jwt,
exchange, a government ID read (front, back, IND), the passport read, the selfie matched, the
credentials and the presentation checked by the client, the presentation, the consent. A step's
time is its one exchange as the recorder times it (what the history shows). Beside each
reading step, the floor: the vision calls the sandbox makes for it (OCR and the face, on the
same images) made directly just after it, so a figure reads "extract 1.1 s of which OCR
0.9 s", both under the same load. Run in a fresh process, so that the first walk is a first
use.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from bench.stats import percentile

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "assets" / "hypersign"
WALKS = 8  # the first one cold
DOMAIN = "http://localhost:8501"  # the console's origin: the presentation's domain
# Steps in the order a walk makes them, as the recorder names them (extract twice, by type).
STEPS = [
    ("oauth-kyc", "oauth kyc"),
    ("create-session", "session"),
    ("oauth-ssi", "oauth ssi"),
    ("create-did", "did create"),
    ("issue-jwt", "issue-jwt"),
    ("exchange", "exchange"),
    ("extract GOVT_ID", "extract GOVT_ID (front+back)"),
    ("extract PASSPORT", "extract PASSPORT"),
    ("verify-biometrics", "biometrics"),
    ("create-presentation", "presentation"),
    ("submit-consent", "consent"),
]


# The images each reading step sends.
IMAGES = {
    "extract GOVT_ID": ("id-front", "id-back"),
    "extract PASSPORT": ("passport",),
    "verify-biometrics": ("selfie",),
}


@dataclass
class Walk:
    steps: dict[str, float] = field(default_factory=dict)  # step: its exchange, ms
    vision: dict[str, tuple[float, float]] = field(default_factory=dict)  # step: OCR, face ms
    checks: dict[str, list[float]] = field(default_factory=dict)  # client-side reading, ms
    adapter_ms: float = 0.0  # the adapter calls, end to end


def fresh(data: bytes, walk: int) -> bytes:
    """The same pixels, other bytes (a JPEG comment after SOI): the sandbox remembers what it
    read by the image's bytes."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    text = f"bench walk {walk}".encode()
    return data[:2] + b"\xff\xfe" + (len(text) + 2).to_bytes(2, "big") + text + data[2:]


def line(name: str, samples_ms: list[float], unit: str = "ms") -> str:
    scale = 1000 if unit == "s" else 1
    p50, p95, top = (percentile(samples_ms, q) / scale for q in (50, 95, 100))
    digits = 2 if unit == "s" else 1
    return (
        f"  {name:<30} n={len(samples_ms):<3} p50={p50:7.{digits}f} {unit:<2} "
        f"p95={p95:7.{digits}f} {unit:<2} max={top:7.{digits}f} {unit}"
    )


def measure(walks: int = WALKS) -> list[str]:
    os.environ["KYC_HISTORY_URL"] = f"sqlite:///{tempfile.mkdtemp()}/hypersign.sqlite3"
    import httpx
    import streamlit  # noqa: F401  (the console process holds it)

    from console.core import clock
    from console.core.clients import connection, credentials, vendor_settings
    from console.core.history import HistoryStore
    from console.core.page import base_settings, redactor
    from console.core.services import ensure_services
    from console.registry import vendor
    from kyc_adapters.hypersign_kyc import read_credential, read_presentation
    from kyc_adapters.recorder import Exchange, RecordingTransport, journey
    from sandbox.core import vision

    settings = base_settings()
    store = HistoryStore(settings.history_url)
    services = ensure_services(settings, store, redactor(settings))
    url = services.sandbox_url
    spec = vendor("hypersign-kyc")
    conn = connection(spec, settings, url)
    hypersign = vendor_settings(spec, settings, url)
    # As the console's client pool builds it, the recorder's sink also kept here.
    seen: list[Exchange] = []
    to_history = store.sink(spec.id, conn.mode)

    def sink(exchange: Exchange) -> None:
        to_history(exchange)
        seen.append(exchange)

    http = httpx.Client(
        base_url=conn.base_url,
        transport=RecordingTransport(httpx.HTTPTransport(), sink, redactor(settings)),
        timeout=hypersign.timeout_seconds,
    )
    client = spec.client(
        http, credentials(spec, settings, url), hypersign, partial(clock.now, conn.mode, url)
    )
    issuer_did = hypersign.issuer_did
    issuer_method = hypersign.issuer_verification_method_id
    images = {
        name: (ASSETS / f"{name}.jpg").read_bytes()
        for name in ("passport", "id-front", "id-back", "selfie")
    }

    def floor(key: str, sent: dict[str, bytes]) -> tuple[float, float]:
        """(OCR ms, face ms): the sandbox's vision work for a reading step's images, called
        directly as sandbox.hypersign_kyc.reading does (a document's page decoded once, read
        and its face found; a selfie's face only)."""
        ocr_ms = face_ms = 0.0
        for name in IMAGES[key]:
            picture = vision.load_image(sent[name])
            if name != "selfie":
                began = time.perf_counter()
                vision.ocr(picture)
                ocr_ms += (time.perf_counter() - began) * 1000
            began = time.perf_counter()
            vision.face(picture)
            face_ms += (time.perf_counter() - began) * 1000
        return ocr_ms, face_ms

    def walk(n: int) -> Walk:
        sent = {name: fresh(data, n) for name, data in images.items()}
        done = Walk()

        def step(key: str | None, call: Callable[[], Any]) -> Any:
            mark = len(seen)
            began = time.perf_counter()
            result = call()
            done.adapter_ms += (time.perf_counter() - began) * 1000
            for exchange in seen[mark:]:
                if exchange.outcome != "success":
                    raise RuntimeError(f"{exchange.step}: {exchange.outcome} {exchange.error}")
                done.steps[key or exchange.step] = exchange.latency_ms
            if key in IMAGES and n > 0:  # right after, on the same images: the same load
                done.vision[key] = floor(key, sent)
            return result

        def check(name: str, call: Callable[[], Any]) -> Any:
            began = time.perf_counter()
            summary = call()
            done.checks.setdefault(name, []).append((time.perf_counter() - began) * 1000)
            return summary

        client.forget_admin_tokens()  # every walk fetches both admin tokens
        with journey(f"bench-hypersign-{n}"):
            session = step(None, client.create_session).sessionId
            user = step(None, client.create_did)
            token = step(
                None,
                lambda: client.user_session(
                    session_id=session,
                    issuer_did=issuer_did,
                    issuer_verification_method_id=issuer_method,
                    claims={"name": "PRIYA SPECIMEN MENON", "email": "priya@example.com"}
                    | {"did": user.did, "userDid": user.did},
                ),
            ).user_token
            step(
                "extract GOVT_ID",
                lambda: client.extract_document(
                    user_token=token,
                    session_id=session,
                    document_type="GOVT_ID",
                    front=sent["id-front"],
                    back=sent["id-back"],
                    country_code="IND",
                ),
            )
            extraction = step(
                "extract PASSPORT",
                lambda: client.extract_document(
                    user_token=token,
                    session_id=session,
                    document_type="PASSPORT",
                    front=sent["passport"],
                ),
            )
            biometrics = step(
                "verify-biometrics",
                lambda: client.verify_biometrics(
                    user_token=token,
                    session_id=session,
                    extraction_token=extraction.extractionToken,
                    selfie=sent["selfie"],
                    holder_did=user.did,
                    issuer_did=issuer_did,
                    issuer_verification_method_id=issuer_method,
                ),
            )
            for credential in biometrics.credentials:
                read = check(
                    "read_credential",
                    partial(read_credential, credential, issuer=issuer_did, subject=user.did),
                )
                if not read.verified:
                    raise RuntimeError(f"credential not verified: {read.problem}")
            presentation = step(
                None,
                lambda: client.create_presentation(
                    credentials=biometrics.credentials,
                    holder_did=user.did,
                    challenge=session,
                    domain=DOMAIN,
                    verification_method_id=user.verification_method_id,
                ),
            ).presentation
            summary = check(
                "read_presentation",
                partial(
                    read_presentation,
                    presentation,
                    challenge=session,
                    domain=DOMAIN,
                    holder=user.did,
                    issuer=issuer_did,
                ),
            )
            if not summary.all_verified:
                raise RuntimeError(f"presentation not verified: {summary.problem}")
            consent = step(
                None,
                lambda: client.submit_consent(
                    user_token=token, session_id=session, presentation=presentation
                ),
            )
            if consent.status != "COMPLETED":
                raise RuntimeError(f"consent: {consent.status}")
        return done

    cold = walk(0)
    warm = [walk(n) for n in range(1, walks)]
    http.close()

    def p50(samples: list[float]) -> float:
        return statistics.median(samples)

    reading = [key for key, _ in STEPS if key in IMAGES]
    others = sum(ms for key, ms in cold.steps.items() if key not in IMAGES)
    lines = [
        f"Hypersign: {walks} walks through HypersignKycClient over HTTP to the in-process "
        f"sandbox (1 cold + {len(warm)} warm)",
        f"  cold walk (models load on first use): {cold.adapter_ms / 1000:.2f} s; "
        + ", ".join(f"{dict(STEPS)[key]} {cold.steps[key] / 1000:.2f} s" for key in reading)
        + f", the {len(cold.steps) - len(reading)} other steps {others:.0f} ms",
        f"per step, warm: its one exchange as the recorder times it (n={len(warm)} each); "
        "beside a reading step, the same OCR and face calls made directly just after it",
    ]
    for key, label in STEPS:
        text = line(label, [w.steps[key] for w in warm])
        if key in IMAGES:
            ocr = p50([w.vision[key][0] for w in warm])
            face = p50([w.vision[key][1] for w in warm])
            of = f"OCR {ocr / 1000:.2f} s + face {face / 1000:.2f} s" if ocr else ""
            of = of or f"face {face / 1000:.2f} s"
            # Others' load swings one sample more than the gap: the share over all the walks.
            share = sum(sum(w.vision[key]) for w in warm) / sum(w.steps[key] for w in warm)
            text += f"  · of which {of} (p50); vision {share:.0%} of the step over the walks"
        lines.append(text)
    own = [w.adapter_ms - sum(w.steps.values()) for w in warm]
    lines += [
        line("walk, adapter calls end to end", [w.adapter_ms for w in warm], "s"),
        line("  the adapter's own work", own),
        "client-side credential verification (kyc_adapters.hypersign_kyc, Ed25519 eddsa-jcs-2022)",
        line(
            "read_credential (1 credential)", [t for w in warm for t in w.checks["read_credential"]]
        ),
        line(
            "read_presentation (VP + 2 VCs)",
            [t for w in warm for t in w.checks["read_presentation"]],
        ),
        f"  load average (1 min) at the end {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
        "(others' work slows every figure)",
    ]
    return lines


def run() -> list[str]:
    """A fresh process: the first walk must be the models' first use."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.hypersign"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode:
        return [f"hypersign bench failed ({done.returncode}): {done.stderr.strip()[-2000:]}"]
    return done.stdout.splitlines()


if __name__ == "__main__":
    print("\n".join(measure()), flush=True)
