"""The sandbox against its peers, side by side in one run: Stoplight Prism and a bare ASGI app.

One call, CKYC `POST /hyperverge-ckyc/api/v1/start` (search only, and OTP sent), answered on
loopback by three contenders started here and stopped at the end:

* sandbox: `BackgroundServer(create_app())`, exactly as the console serves it;
* Prism: `prism mock` of the sandbox's own GET /openapi.json, with the sandbox's real answers
  added as named 200 examples (installed with npm into bench/.tools/ when missing);
* bare: a raw ASGI callable on the same `BackgroundServer`, answering the same bytes;
* fastapi (for reference, no target): one FastAPI route taking the Request and answering the
  same bytes, on the same server: the floor of the framework, to tell its cost from the
  sandbox's own.

Every contender runs in a process of its own (Prism is a Node process anyway), so none shares
the client's GIL. The client is one raw keep-alive socket per contender sending the same
prebuilt request bytes (only the Host port differs) and reading the answer by Content-Length:
a few microseconds a call, where a keep-alive httpx.Client measured ~0.5 ms a call here, ten
times the bare app's whole round trip, and would flatten every ratio towards 1.
Rounds alternate the contenders (order rotated each round) in short bursts, so the machine's
drift hits all alike. Figures are ratios against the peers of the same run, never absolutes.
"""

import contextlib
import gc
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.stats import percentile

ROOT = Path(__file__).resolve().parents[1]
TOOLS = Path(__file__).resolve().parent / ".tools"
PRISM_VERSION = "5.16.0"
PRISM_DIR = TOOLS / f"prism-{PRISM_VERSION}"
PRISM_ENTRY = PRISM_DIR / "node_modules" / "@stoplight" / "prism-cli" / "dist" / "index.js"

PATH = "/hyperverge-ckyc/api/v1/start"
HEADERS = {
    "content-type": "application/json",
    "appId": "sandbox-app-id",
    "appKey": "sandbox-app-key",
    "transactionId": "bench-peers-0001",
}
# name -> (request body, a marker the right answer carries)
CALLS = {
    "search-only": (
        {
            "idNo": "ABCPK1234F",
            "idType": "C",
            "entityType": "individual",
            "returnOnlySearchResponse": "yes",
        },
        b"ASHA SPECIMEN KUMARI",
    ),
    "otp-sent": (
        {"idNo": "ABCPK1234F", "idType": "C", "entityType": "individual", "mobileNo": "9876501865"},
        b"OTP has been sent",
    ),
}
LABELS = {"search-only": "start (search only)", "otp-sent": "start (OTP sent)"}

WARMUP = 300  # calls per contender and call, round-robin, before any is measured
ROUNDS = 80
BURST = 25  # calls in a row to one contender before the next takes its turn
# Each peer and the target for sandbox p50 / peer p50: at most half of Prism's, within 1.3x of
# the bare app's; none for the FastAPI floor (there only to tell the framework's share).
PEERS = (("Prism", 0.5), ("bare", 1.3), ("fastapi", None))


# --- the client ----------------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection on loopback; sends prebuilt bytes, reads one answer."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._connect()

    def _connect(self) -> None:
        self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def close(self) -> None:
        self.sock.close()

    def exchange(self, request: bytes) -> tuple[int, bytes]:
        try:
            self.sock.sendall(request)
            return self._read()
        except ConnectionError:  # the peer closed an idle keep-alive connection: once more
            self.close()
            self._connect()
            self.sock.sendall(request)
            return self._read()

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionResetError("the server closed the connection")
        self.buffer += chunk

    def _take(self, size: int) -> bytes:
        while len(self.buffer) < size:
            self._fill()
        taken, self.buffer = self.buffer[:size], self.buffer[size:]
        return taken

    def _line(self) -> bytes:
        while (end := self.buffer.find(b"\r\n")) < 0:
            self._fill()
        line, self.buffer = self.buffer[:end], self.buffer[end + 2 :]
        return line

    def _read(self) -> tuple[int, bytes]:
        while (end := self.buffer.find(b"\r\n\r\n")) < 0:
            self._fill()
        head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        if b"content-length" in headers:
            return status, self._take(int(headers[b"content-length"]))
        if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            body = b""
            while size := int(self._line().split(b";")[0], 16):
                body += self._take(size)
                self._take(2)
            while self._line():  # trailers, then the blank line
                pass
            return status, body
        raise RuntimeError(f"an answer with neither Content-Length nor chunks: {head!r}")


def build_request(port: int, method: str, path: str, headers: dict, body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"host: 127.0.0.1:{port}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(f"content-length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def call_request(port: int, call: str) -> bytes:
    body = json.dumps(CALLS[call][0], separators=(",", ":")).encode()
    # Prism picks the named example by this header; the sandbox and the bare app ignore it.
    headers = {**HEADERS, "prefer": f"example={call}"}
    return build_request(port, "POST", PATH, headers, body)


# --- the contenders ------------------------------------------------------------------------


@dataclass
class Contender:
    name: str
    port: int
    process: subprocess.Popen
    between_rounds: Callable[["Contender"], None] | None = None
    connection: Connection | None = None
    requests: dict[str, bytes] = field(default_factory=dict)
    samples: dict[str, list[float]] = field(default_factory=dict)

    def open(self) -> None:
        self.connection = Connection(self.port)
        self.requests = {call: call_request(self.port, call) for call in CALLS}
        self.samples = {call: [] for call in CALLS}

    def check(self, call: str) -> None:
        status, body = self.connection.exchange(self.requests[call])
        if status != 200 or CALLS[call][1] not in body:
            raise RuntimeError(f"{self.name} answered {call} with {status}: {body[:200]!r}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _spawn(command: list[str], log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped whole, children too
        )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def _wait_ready(name: str, process: subprocess.Popen, port: int, log: Path, timeout: float):
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited ({process.returncode}): {_tail(log)}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not listen on {port} in {timeout:.0f} s") from None
            time.sleep(0.05)


def _tail(log: Path) -> str:
    text = log.read_text(errors="replace").strip() if log.exists() else ""
    return " | ".join(text.splitlines()[-5:]) or "(no output)"


def _setup_of(workdir: Path) -> str:
    """What each Python server printed about its uvicorn, or '?' when it said nothing (yet)."""
    seen = []
    for kind in ("sandbox", "bare", "fastapi"):
        text = (workdir / f"{kind}.log").read_text(errors="replace")
        found = [line for line in text.splitlines() if line.startswith("uvicorn: ")]
        seen.append(found[0].removeprefix("uvicorn: ") if found else "?")
    return seen[0] if len(set(seen)) == 1 else " / ".join(seen)


def start_python(kind: str, workdir: Path, *extra: str) -> Contender:
    port = _free_port()
    log = workdir / f"{kind}.log"
    command = [sys.executable, "-m", "bench.peers", "serve", kind, str(port), *extra]
    process = _spawn(command, log)
    try:
        _wait_ready(kind, process, port, log, timeout=30)
        deadline = time.monotonic() + 10  # listening; now its line about uvicorn
        while "uvicorn: " not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{kind} did not say it was up: {_tail(log)}")
            time.sleep(0.02)
    except Exception:
        _stop(process)
        raise
    return Contender(kind, port, process)


def ensure_prism() -> tuple[Path | None, str]:
    """Prism's entry script, installing it when missing; or None and why not."""
    if PRISM_ENTRY.exists():
        return PRISM_ENTRY, f"Prism {PRISM_VERSION} from {PRISM_DIR.relative_to(ROOT)}"
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        return None, "Prism skipped: no npm/node on this machine (needed once to install it)"
    print(f"(installing Prism {PRISM_VERSION} with npm, once)", file=sys.stderr, flush=True)
    PRISM_DIR.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    command = [npm, "install", "--prefix", str(PRISM_DIR), "--no-audit", "--no-fund"]
    command += ["--loglevel=error", "--no-save", f"@stoplight/prism-cli@{PRISM_VERSION}"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return None, "Prism skipped: npm install took over 300 s"
    if done.returncode != 0 or not PRISM_ENTRY.exists():
        tail = " | ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        return None, f"Prism skipped: npm install failed ({done.returncode}): {tail}"
    took = time.perf_counter() - began
    where = PRISM_DIR.relative_to(ROOT)
    return PRISM_ENTRY, f"Prism {PRISM_VERSION} installed into {where} in {took:.0f} s (once)"


def prism_spec(openapi: dict, answers: dict[str, bytes]) -> dict:
    """The sandbox's OpenAPI, its real answers added as named 200 examples of the call."""
    spec = json.loads(json.dumps(openapi))
    ok = spec["paths"][PATH]["post"]["responses"]["200"]
    media = ok.setdefault("content", {}).setdefault("application/json", {})
    media["examples"] = {call: {"value": json.loads(body)} for call, body in answers.items()}
    return spec


def start_prism(entry: Path, spec: dict, workdir: Path) -> Contender:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("no node on this machine")
    spec_file = workdir / "openapi.json"
    spec_file.write_text(json.dumps(spec))
    port = _free_port()
    log = workdir / "prism.log"
    # As quiet as the sandbox (which keeps no access log): Prism's best case, not its chattiest.
    command = [node, str(entry), "mock", "-h", "127.0.0.1", "-p", str(port), "-v", "error"]
    process = _spawn([*command, str(spec_file)], log)
    try:
        _wait_ready("Prism", process, port, log, timeout=30)
    except Exception:
        _stop(process)
        raise
    return Contender("Prism", port, process)


# --- the run -------------------------------------------------------------------------------


def _reset_sandbox(sandbox: Contender) -> None:
    """Untimed: keep the OTP sessions and the inbox from growing across rounds."""
    request = build_request(sandbox.port, "POST", "/_sandbox/reset", {})
    status, _ = sandbox.connection.exchange(request)
    if status != 200:
        raise RuntimeError(f"the sandbox's reset answered {status}")


def _measure(contenders: list[Contender], rounds: int, burst: int) -> None:
    calls = list(CALLS)
    clock = time.perf_counter_ns
    gc.collect()
    gc.disable()  # the client's own pauses out of the figures
    try:
        for round_ in range(rounds):
            shift = round_ % len(contenders)
            order = contenders[shift:] + contenders[:shift]
            for contender in order:
                if contender.between_rounds is not None:
                    contender.between_rounds(contender)
            for call in calls if round_ % 2 == 0 else calls[::-1]:
                for contender in order:
                    exchange = contender.connection.exchange
                    request = contender.requests[call]
                    samples = contender.samples[call]
                    for _ in range(burst):
                        began = clock()
                        status, _body = exchange(request)
                        samples.append((clock() - began) / 1e6)
                        if status != 200:
                            raise RuntimeError(f"{contender.name} answered {call} with {status}")
    finally:
        gc.enable()


def _line(label: str, name: str, samples: list[float]) -> str:
    return (
        f"{label:<20} {name:<8} n={len(samples):<5} p50={percentile(samples, 50):6.3f} ms  "
        f"p95={percentile(samples, 95):6.3f} ms"
    )


def _ratio(label: str, mine: list[float], theirs: list[float], name: str, target) -> str:
    p50 = percentile(mine, 50) / percentile(theirs, 50)
    p95 = percentile(mine, 95) / percentile(theirs, 95)
    if target is None:
        verdict = "(reference, no target)"
    else:
        verdict = f"(target p50 <= {target:.2f}: {'met' if p50 <= target else 'NOT met'})"
    return f"{label:<20} sandbox/{name:<7} p50 ratio={p50:5.2f}  p95 ratio={p95:5.2f}  {verdict}"


def run(rounds: int = ROUNDS, burst: int = BURST, warmup: int = WARMUP) -> list[str]:
    lines = [
        "client: one raw keep-alive socket per contender (not httpx: ~0.5 ms of its own a call), "
        "same request bytes for all",
        f"rounds: {rounds} x {burst} calls per contender and call, interleaved, order rotated "
        f"each round, after {warmup} warm-up calls each; servers each in a process of their own",
    ]
    began = time.perf_counter()
    contenders: list[Contender] = []
    with tempfile.TemporaryDirectory(prefix="bench-peers-") as tmp:
        workdir = Path(tmp)
        try:
            sandbox = start_python("sandbox", workdir)
            sandbox.between_rounds = _reset_sandbox
            contenders.append(sandbox)
            sandbox.open()
            answers = {}
            for call in CALLS:
                sandbox.check(call)
                status, answers[call] = sandbox.connection.exchange(sandbox.requests[call])
            _reset_sandbox(sandbox)
            openapi_request = build_request(sandbox.port, "GET", "/openapi.json", {})
            status, openapi = sandbox.connection.exchange(openapi_request)
            if status != 200:
                raise RuntimeError(f"the sandbox's GET /openapi.json answered {status}")

            answers_file = workdir / "answers.json"
            answers_file.write_text(json.dumps({k: v.decode() for k, v in answers.items()}))
            for kind in ("bare", "fastapi"):
                contenders.append(start_python(kind, workdir, str(answers_file)))
            lines.append(f"uvicorn (sandbox, bare, fastapi): {_setup_of(workdir)}")

            entry, note = ensure_prism()
            lines.append(note)
            if entry is not None:
                try:
                    contenders.append(
                        start_prism(entry, prism_spec(json.loads(openapi), answers), workdir)
                    )
                except RuntimeError as exc:
                    lines.append(f"Prism skipped: it did not start: {exc}")

            for contender in contenders[1:]:
                contender.open()
            for contender in contenders:
                for call in CALLS:
                    contender.check(call)
            _measure(contenders, rounds=max(1, warmup // burst), burst=burst)  # warm-up
            for contender in contenders:
                contender.samples = {call: [] for call in CALLS}
            _measure(contenders, rounds=rounds, burst=burst)
        finally:
            for contender in contenders:
                if contender.connection is not None:
                    contender.connection.close()
                _stop(contender.process)

    by_name = {c.name: c for c in contenders}
    peers = [(n, t) for n, t in PEERS if n in by_name]
    for call, label in LABELS.items():
        mine = by_name["sandbox"].samples[call]
        lines.append(_line(label, "sandbox", mine))
        lines += [_line(label, name, by_name[name].samples[call]) for name, _ in peers]
        for name, target in peers:
            lines.append(_ratio(label, mine, by_name[name].samples[call], name, target))
    lines.append(f"(whole suite: {time.perf_counter() - began:.1f} s)")
    return lines


# --- the servers, each in a child process (`python -m bench.peers serve KIND PORT ...`) -------


def bare_app(answers: dict[str, bytes]):
    """A raw ASGI callable: reads the body, answers the sandbox's bytes for that call."""
    search, otp = answers["search-only"], answers["otp-sent"]
    marker = b'"returnOnlySearchResponse"'

    async def app(scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        payload = search if marker in body else otp
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", b"%d" % len(payload)),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    return app


def fastapi_app(answers: dict[str, bytes]):
    """The framework's floor: one FastAPI route that reads the body and answers fixed bytes."""
    from fastapi import FastAPI, Request, Response

    search, otp = answers["search-only"], answers["otp-sent"]
    marker = b'"returnOnlySearchResponse"'
    app = FastAPI()

    @app.post(PATH)
    async def start(request: Request) -> Response:
        payload = search if marker in await request.body() else otp
        return Response(payload, media_type="application/json")

    return app


def serve(kind: str, port: int, answers_file: str | None = None) -> None:
    from sandbox.core.server import BackgroundServer

    if kind == "sandbox":
        from sandbox import create_app

        app = create_app()
    else:
        answers = json.loads(Path(answers_file).read_text())
        answers = {call: text.encode() for call, text in answers.items()}
        app = bare_app(answers) if kind == "bare" else fastapi_app(answers)
    server = BackgroundServer(app, port=port, name=kind).start()
    print(f"uvicorn: {_uvicorn_setup(server)}", flush=True)
    try:
        sys.stdin.read()  # until the bench closes our stdin or stops our process group
    finally:
        server.stop()


def _uvicorn_setup(server) -> str:
    """Which HTTP parser and event loop uvicorn picked (they move the figures a lot)."""
    inner = getattr(server, "_server", None)
    protocol = getattr(getattr(inner, "config", None), "http_protocol_class", None)
    loop = None
    with contextlib.suppress(Exception):
        loop = inner.servers[0].get_loop()
    http = getattr(protocol, "__name__", "?")
    return f"http={http} loop={type(loop).__module__}.{type(loop).__name__}"


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2], int(sys.argv[3]), *sys.argv[4:])
    else:
        print("\n".join(run()))
