"""CKYC Validation's imageDetails URLs and the links in its answers.

The sandbox fetches an imageUrl only from its own root (where the CKYC download's images live)
or from an origin listed in KYC_SANDBOX_FETCH_ALLOW; anything else is refused before any fetch.
All the downloads of a request share one deadline. Only JPEG, PNG and PDF inputs are stored and
linked back, and every link names the server's own root, whatever the request's Host header says.
"""

import json
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route

from sandbox.core.server import BackgroundServer
from sandbox.hyperverge_validation import intake
from tests.sandbox.validation_doc import (
    ASHA,
    ASHA_AADHAAR,
    DOCUMENTS,
    HEADERS,
    MB,
    result_of,
    selfie,
    validate,
)

ALLOW = "KYC_SANDBOX_FETCH_ALLOW"
SECRET = "TOP SECRET: not for the sandbox to hand out"


class Elsewhere:
    """A server on another port of this machine: a secret, SPECIMEN files, and a stall."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        self.server = BackgroundServer(
            Starlette(
                routes=[
                    Route("/secret.txt", self._secret),
                    Route("/documents/{name}", self._document),
                    Route("/big.jpg", self._big),
                    Mount("/stall", app=self._stall),  # a plain ASGI app
                ]
            ),
            name="elsewhere",
        )

    async def _secret(self, request: Request) -> Response:
        self.hits.append(request.url.path)
        return PlainTextResponse(SECRET)

    async def _document(self, request: Request) -> Response:
        self.hits.append(request.url.path)
        name = request.path_params["name"]
        return Response((DOCUMENTS / name).read_bytes(), media_type="image/jpeg")

    async def _big(self, request: Request) -> Response:
        self.hits.append(request.url.path)
        return Response(b"\xff\xd8\xff" + bytes(6 * MB), media_type="image/jpeg")

    async def _stall(self, scope, receive, send) -> None:
        """Starts a JPEG and never finishes it (until the client hangs up)."""
        self.hits.append("/stall")
        start = {"type": "http.response.start", "status": 200}
        await send({**start, "headers": [(b"content-type", b"image/jpeg")]})
        await send({"type": "http.response.body", "body": b"\xff\xd8\xff", "more_body": True})
        while (await receive())["type"] != "http.disconnect":
            pass


@pytest.fixture(scope="module")
def elsewhere() -> Iterator[Elsewhere]:
    other = Elsewhere()
    other.server.start()
    yield other
    other.server.stop()


@pytest.fixture(autouse=True)
def _no_allowlist(monkeypatch: pytest.MonkeyPatch, elsewhere: Elsewhere) -> None:
    monkeypatch.delenv(ALLOW, raising=False)
    elsewhere.hits.clear()


def image_details(*entries: tuple[str, str]) -> str:
    return json.dumps([{"imageType": kind, "imageUrl": url} for kind, url in entries])


def refused(response: httpx.Response) -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["status"] == "failure" and body["statusCode"] == "400"
    assert body["error"]["code"] == "ER_REQ_VALIDATE"


def test_a_url_elsewhere_is_refused_without_being_fetched(
    sandbox: httpx.Client, elsewhere: Elsewhere
) -> None:
    form = {
        **ASHA,
        "returnInputImage": "yes",
        "imageDetails": image_details(("AADHAAR", f"{elsewhere.server.url}/secret.txt")),
    }
    refused(validate(sandbox, form, [*ASHA_AADHAAR, selfie()]))
    assert elsewhere.hits == []


def test_a_host_header_naming_elsewhere_does_not_make_it_ours(
    sandbox: httpx.Client, elsewhere: Elsewhere
) -> None:
    netloc = urlsplit(elsewhere.server.url).netloc
    form = {**ASHA, "imageDetails": image_details(("AADHAAR", f"http://{netloc}/secret.txt"))}
    refused(validate(sandbox, form, [selfie()], headers={**HEADERS, "host": netloc}))
    assert elsewhere.hits == []


def test_an_origin_in_the_allowlist_is_fetched(
    sandbox: httpx.Client, elsewhere: Elsewhere, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ALLOW, f"https://kyc.example.com, {elsewhere.server.url}/")
    base = f"{elsewhere.server.url}/documents"
    form = {
        **ASHA,
        "imageDetails": image_details(
            ("AADHAAR", f"{base}/asha-aadhaar-front.jpg"),
            ("AADHAAR", f"{base}/asha-aadhaar-back.jpg"),
        ),
    }
    assert result_of(validate(sandbox, form, [selfie()]))["action"] == "approve"
    assert sorted(elsewhere.hits) == [
        "/documents/asha-aadhaar-back.jpg",
        "/documents/asha-aadhaar-front.jpg",
    ]
    # The same host on another port, or another scheme, is another origin.
    port = elsewhere.server.port
    for url in (f"http://127.0.0.1:{port + 1}/x.jpg", f"https://127.0.0.1:{port}/x.jpg"):
        refused(validate(sandbox, {**ASHA, "imageDetails": image_details(("PHOTO", url))}, []))


def test_the_sandboxs_own_root_is_fetched_by_address_or_loopback_name(
    sandbox: httpx.Client,
) -> None:
    port = urlsplit(str(sandbox.base_url)).port
    samples = "/_sandbox/hyperverge-validation/samples"
    form = {
        **ASHA,
        "imageDetails": image_details(
            ("AADHAAR", f"http://127.0.0.1:{port}{samples}/asha-aadhaar-front.jpg"),
            ("AADHAAR", f"http://localhost:{port}{samples}/asha-aadhaar-back.jpg"),
            ("PHOTO", f"http://127.0.0.1:{port}{samples}/asha-selfie.jpg"),
        ),
    }
    assert result_of(validate(sandbox, form, []))["action"] == "approve"


def test_all_downloads_share_one_deadline(
    sandbox: httpx.Client, elsewhere: Elsewhere, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two downloads that never finish: the answer comes at the request's deadline, with the
    two documents unreadable, not after a per-read timeout."""
    monkeypatch.setenv(ALLOW, elsewhere.server.url)
    monkeypatch.setattr(intake, "FETCH_DEADLINE_SECONDS", 0.5)
    form = {
        **ASHA,
        "imageDetails": image_details(
            ("PASSPORT", f"{elsewhere.server.url}/stall/"),
            ("VOTER_ID", f"{elsewhere.server.url}/stall/"),
        ),
    }
    began = time.perf_counter()
    result = result_of(validate(sandbox, form, [*ASHA_AADHAAR, selfie()]))
    took = time.perf_counter() - began
    assert elsewhere.hits == ["/stall", "/stall"]
    assert result["invalidDocs"] == {"passport": ["ER_BAD_DOC"], "voter_id": ["ER_BAD_DOC"]}
    assert result["action"] == "approve"  # the Aadhaar sets the score
    assert took < 3.0, took


def test_a_download_over_6_mb_is_the_documented_413(
    sandbox: httpx.Client, elsewhere: Elsewhere, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ALLOW, elsewhere.server.url)
    form = {**ASHA, "imageDetails": image_details(("AADHAAR", f"{elsewhere.server.url}/big.jpg"))}
    response = validate(sandbox, form, [selfie()])
    assert response.status_code == 413
    assert response.json() == {
        "status": "failure",
        "statusCode": "413",
        "error": {"code": "ER_SERVER", "message": "File too large"},
    }


def test_only_images_and_pdfs_are_stored_and_linked(sandbox: httpx.Client) -> None:
    notes = ("image_details", ("notes.jpg", SECRET.encode(), "image/jpeg"))
    form = {**ASHA, "returnInputImage": "yes"}
    result = result_of(validate(sandbox, form, [notes, *ASHA_AADHAAR, selfie()]))
    served = [httpx.get(url).content for url in result["inputImageUrls"]]
    sent = ["asha-aadhaar-front.jpg", "asha-aadhaar-back.jpg", "asha-selfie.jpg"]
    assert served == [(DOCUMENTS / name).read_bytes() for name in sent]


def test_links_name_the_server_whatever_the_host_header_says(sandbox: httpx.Client) -> None:
    form = {**ASHA, "returnInputImage": "yes", "mask_aadhaar": "yes"}
    headers = {**HEADERS, "host": "attacker.example:8443"}
    result = result_of(validate(sandbox, form, [*ASHA_AADHAAR, selfie()], headers=headers))
    links = [*result["inputImageUrls"], *result["masked_aadhaar_url"]]
    assert len(links) == 5
    root = f"{str(sandbox.base_url).rstrip('/')}/_sandbox/hyperverge-validation/files/"
    for link in links:
        assert link.startswith(root), link
        assert httpx.get(link).status_code == 200
