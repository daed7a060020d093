"""The callback: the payload POSTed to the URL the partner configured, with its headers, retried
with back-off on the sandbox clock while the receiver is down.

A connection error, a timeout (5 s) or a status other than 2xx is a failed attempt, retried after
5, 10, 20, 40 and 80 s (six attempts in all), then given up. Not documented by the vendor (the
document says only that the callback is sent to the partner's URL with its headers): the
timeout and the back-off are the team's choice.

Each attempt is recorded (when, the host, the status code or the error, the next retry) and
logged; header values never are (they are the partner's credentials).
"""

import json
import logging
import socket
from urllib.parse import urlsplit

import httpx

from sandbox.onekyc_siv import seed
from sandbox.onekyc_siv.backend import Backend, Delivery, Submission

log = logging.getLogger("sandbox")

TIMEOUT_SECONDS = 5.0
BACKOFF_SECONDS = (5, 10, 20, 40, 80)
DOWN_ATTEMPTS = 2  # magic receiver-down: the first two attempts meet a closed port
NO_URL = "no callback URL set (POST /_sandbox/onekyc-siv/callback sets it)"


class Deliverer:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        # A loopback port held bound but never listening: a connection to it is refused at
        # once, and no other server can take it while the sandbox runs.
        self._closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._closed.bind(("127.0.0.1", 0))
        self.closed_url = f"http://127.0.0.1:{self._closed.getsockname()[1]}/callback"
        backend.on_completed = self.first

    def close(self) -> None:
        self._closed.close()

    def first(self, submission: Submission, generation: int) -> None:
        """After processing: the first attempt, unless the submission's magic says never."""
        if submission.magic != seed.NO_CALLBACK:
            self._attempt(submission, generation, 1)

    def resend(self, submission: Submission) -> Delivery:
        """QA's "send it again": one attempt now, to the configured URL, never retried."""
        return self._post(submission, self.backend.callback.url)

    def _attempt(self, submission: Submission, generation: int, tries: int) -> None:
        if not self.backend.current(submission, generation):
            return
        url = self.backend.callback.url
        if submission.magic == seed.RECEIVER_DOWN and tries <= DOWN_ATTEMPTS:
            url = self.closed_url
        delivery = self._post(submission, url, record=False)
        retry = not delivery.delivered and tries <= len(BACKOFF_SECONDS)
        if retry:
            delivery.next_retry_at = self.backend.now() + BACKOFF_SECONDS[tries - 1]
        with self.backend.changed:
            if not self.backend.current(submission, generation):
                return
            self._record(submission, delivery)
            if retry:
                self.backend.scheduler.at(
                    delivery.next_retry_at,
                    lambda: self._attempt(submission, generation, tries + 1),
                )
            elif not delivery.delivered:
                log.info("onekyc-siv callback %s given up", submission.submission_id)
        duplicate = submission.magic == seed.DUPLICATE and not submission.duplicated
        if delivery.delivered and duplicate:
            submission.duplicated = True
            self._post(submission, url)  # right after the first succeeded, as a replay would

    def _post(self, submission: Submission, url: str | None, record: bool = True) -> Delivery:
        payload = submission.payload
        with self.backend.lock:
            headers = dict(self.backend.callback.headers)
        at = self.backend.now()
        host = _host(url)
        status, error = None, None
        if url is None:
            error = NO_URL
        elif payload is None:
            error = "the submission is not processed yet"
        else:
            headers["content-type"] = "application/json"
            try:
                answer = httpx.post(
                    url,
                    content=json.dumps(payload).encode(),
                    headers=headers,
                    timeout=TIMEOUT_SECONDS,
                    follow_redirects=False,
                )
                status = answer.status_code
            except httpx.TimeoutException:
                error = f"timed out after {TIMEOUT_SECONDS:g} s"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: could not reach {host}"
            except ValueError:  # a header value the wire refuses (UnicodeError is one)
                error = "a callback header's value cannot be sent (not printable ASCII?)"
        delivery = Delivery(len(submission.deliveries) + 1, at, host, status, error)
        log.info(
            "onekyc-siv callback %s attempt %d to %s: %s",
            submission.submission_id,
            delivery.attempt,
            host,
            status if status is not None else error,
        )
        if record:
            with self.backend.changed:
                self._record(submission, delivery)
        return delivery

    def _record(self, submission: Submission, delivery: Delivery) -> None:
        delivery.attempt = len(submission.deliveries) + 1
        submission.deliveries.append(delivery)
        self.backend.changed.notify_all()


def _host(url: str | None) -> str | None:
    if url is None:
        return None
    try:
        parts = urlsplit(url)
        return parts.netloc.rpartition("@")[2] or None  # never a user:password@ part
    except ValueError:
        return None
