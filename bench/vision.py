"""Vision: first-use load, OCR and face time per SPECIMEN document, a validation's worth, memory.

Measured in a fresh Python process (run() starts one), so that the load is a first use and the
resident size is the console's own: streamlit and the sandbox app are imported first.
Aims (issue 6): one validation of three documents and a selfie under 1.5 s a document once the
models are loaded; the console's memory with the models loaded under 600 MB.
"""

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT / "assets" / "ckyc" / "documents"
CARDS = [
    "asha-aadhaar-front.jpg",
    "asha-aadhaar-back.jpg",
    "asha-passport.jpg",
    "asha-passport-back.jpg",
    "ravi-driving-licence.jpg",
    "ravi-voter-id.jpg",
]
SELFIES = ["asha-selfie.jpg", "ravi-selfie.jpg"]
# One validation: three documents and a selfie, as image_details parts would bring them.
VALIDATION = ["asha-aadhaar-front.jpg", "asha-aadhaar-back.jpg", "asha-passport.jpg"]
ROUNDS = 3


def memory_mib() -> tuple[float, float]:
    """(resident now, peak resident) of this process."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def seconds(began: float) -> float:
    return time.perf_counter() - began


def validate(vision, files: list[bytes], selfie: bytes) -> None:
    """What a simulator does for one request: every page read, every face compared."""
    reference = vision.face(selfie)
    for data in files:
        pages = vision.pdf_pages(data, max_pages=5) if vision.is_pdf(data) else [data]
        for page in pages:
            vision.ocr(page)
            found = vision.face(page)
            if found is not None and reference is not None:
                vision.same_person(found, reference)


async def worst_stall(work) -> float:
    """The event loop's longest pause (ms) while ``work`` runs in the thread pool."""
    from starlette.concurrency import run_in_threadpool

    task = asyncio.ensure_future(run_in_threadpool(work))
    worst = 0.0
    while not task.done():
        began = time.perf_counter()
        await asyncio.sleep(0.005)
        worst = max(worst, seconds(began) - 0.005)
    await task
    return worst * 1000


def measure() -> list[str]:
    import streamlit  # noqa: F401  the console's own imports, so that RSS is the console's

    from sandbox import create_app

    create_app()
    rss_console, _ = memory_mib()

    began = time.perf_counter()
    from sandbox.core import vision

    import_s = seconds(began)
    began = time.perf_counter()
    vision._OCR.get()
    ocr_load = seconds(began)
    began = time.perf_counter()
    vision._FACES.get()
    face_load = seconds(began)
    card = (DOCUMENTS / CARDS[0]).read_bytes()
    began = time.perf_counter()
    vision.ocr(card)
    first_ocr = seconds(began)
    began = time.perf_counter()
    vision.face(card)
    first_face = seconds(began)
    rss_loaded, _ = memory_mib()

    lines = [
        f"{'import sandbox.core.vision':<36} {import_s * 1000:8.1f} ms (nothing loaded)",
        f"{'OCR models load (first use)':<36} {ocr_load:8.2f} s",
        f"{'face models load (first use)':<36} {face_load:8.2f} s",
        f"{'first OCR call':<36} {first_ocr:8.2f} s",
        f"{'first face call':<36} {first_face:8.2f} s",
    ]

    read = {name: (DOCUMENTS / name).read_bytes() for name in CARDS + SELFIES}
    ocr_s: dict[str, list[float]] = {name: [] for name in CARDS}
    face_s: dict[str, list[float]] = {name: [] for name in CARDS + SELFIES}
    for _ in range(ROUNDS):
        for name in CARDS + SELFIES:
            if name in ocr_s:
                began = time.perf_counter()
                vision.ocr(read[name])
                ocr_s[name].append(seconds(began))
            began = time.perf_counter()
            vision.face(read[name])
            face_s[name].append(seconds(began))
    lines.append(f"per image, warm (median of {ROUNDS}):      OCR       face")
    for name in CARDS + SELFIES:
        ocr_text = f"{statistics.median(ocr_s[name]):6.2f} s" if name in ocr_s else "       -"
        lines.append(f"  {name:<34} {ocr_text}  {statistics.median(face_s[name]):6.2f} s")

    pdf = (DOCUMENTS / "asha-documents.pdf").read_bytes()
    render = []
    for _ in range(ROUNDS):
        began = time.perf_counter()
        vision.pdf_pages(pdf)
        render.append(seconds(began) / 3)
    page_ms = statistics.median(render) * 1000
    lines.append(f"{'PDF page render, 150 dpi':<36} {page_ms:8.1f} ms a page")

    selfie = read["asha-selfie.jpg"]
    files = [read[name] for name in VALIDATION]
    runs = {"3 images + selfie": files, "3-page PDF + selfie": [pdf]}
    for label, parts in runs.items():
        totals = []
        for _ in range(ROUNDS):
            began = time.perf_counter()
            validate(vision, parts, selfie)
            totals.append(seconds(began))
        total = statistics.median(totals)
        lines.append(
            f"{'validation, ' + label:<36} {total:8.2f} s  = {total / 3:.2f} s a document (aim 1.5)"
        )
    stall = asyncio.run(worst_stall(lambda: validate(vision, files, selfie)))
    lines.append(f"{'event loop, worst pause meanwhile':<36} {stall:8.0f} ms (run_in_threadpool)")

    rss, peak = memory_mib()
    lines += [
        f"{'RSS, console imports, no models':<36} {rss_console:8.1f} MiB",
        f"{'RSS, both models loaded':<36} {rss_loaded:8.1f} MiB",
        f"{'RSS after the runs / peak':<36} {rss:8.1f} / {peak:.1f} MiB (aim 600)",
        f"{'load average (1 min) at the end':<36} {os.getloadavg()[0]:8.2f}"
        f" on {os.cpu_count()} cores (others' work slows every figure)",
    ]
    return lines


def run() -> list[str]:
    """A fresh process, so that the load is a first use and the memory the console's."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.vision"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        return [f"failed ({done.returncode}): {done.stderr.strip()[-2000:]}"]
    return done.stdout.splitlines()


if __name__ == "__main__":
    print("\n".join(measure()), flush=True)
