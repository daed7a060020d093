"""Every curl sample in the vendor documents, run with the real `curl` against the vendor's
drop-in sandbox, unchanged but for the scheme, host and port (issue 11).

The samples are found by reading the documents (docs/vendor-docs/*.txt), and counted, so
that a sample added to a document is not missed. Each one's placeholders are filled from what
the drop-in publishes (GET /_sandbox/vendors: credentials and settings; the scenario catalog:
the seeded people's IDs, form fields and SPECIMEN files; the phone inbox: the OTP), a sample
that needs an earlier step runs after that step (by curl too), and each answer is what the
document says: its status, and the keys of the response example that follows the sample.
"""

import json
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from sandbox.core.dropin import DropIn
from tests.helpers import ROOT

# The documents as the repository keeps them (CI checks out this repository alone); the test
# below holds them equal to ../shared/vendor-docs wherever that folder is beside the checkout.
DOCS = ROOT / "docs" / "vendor-docs"
SHARED_DOCS = ROOT.parent / "shared" / "vendor-docs"
# The documents that hold curl samples, and whose simulator answers them.
VENDOR_OF = {
    "hyperverge-ckyc-download.txt": "hyperverge-ckyc",
    "hyperverge-ckyc-validation.txt": "hyperverge-validation",
    "messagecentral-ekyc-now.txt": "messagecentral-ekyc",
}
# Options whose value is the rest of their line (the e-KYC document does not quote its
# headers: `--header api_key: Bearer YOUR_API_KEY` is one header, as its reader takes it).
VALUED = {"--header", "--form", "--data-raw"}
# The yes/no choices the validation sample leaves to the caller: the masked Aadhaar link its
# response example shows, and no OCR dump or PAN check, which that example does not show.
YES_OR_NO = {
    "mask_aadhaar": "yes",
    "validate_pan": "no",
    "standardOcrDump": "no",
    "returnOcrDump": "no",
}
PLACEHOLDER = re.compile(r"<Enter_[^>]*>|<YOUR [^>]*>|\b(?:FLOW_ID|YOUR_[A-Z_]+)\b")


@dataclass
class Sample:
    document: str
    line: int  # where the sample starts in its document, 1-based
    args: list[str]  # curl's arguments, as the document writes them
    response: dict  # the response example that follows the sample

    @property
    def vendor(self) -> str:
        return VENDOR_OF[self.document]

    @property
    def url(self) -> str:
        return next(arg for arg in self.args if arg.startswith(("http://", "https://")))

    @property
    def path(self) -> str:
        return "/" + self.url.split("/", 3)[3]

    @property
    def id(self) -> str:
        return f"{self.document}:{self.line}"


def find_samples() -> list[Sample]:
    samples = []
    for document in sorted(DOCS.glob("*.txt")):
        lines = document.read_text().splitlines()
        for number, line in enumerate(lines):
            if line.startswith("curl "):
                text, end = _command(lines, number)
                samples.append(
                    Sample(document.name, number + 1, _arguments(text), _response(lines, end))
                )
    return samples


def _command(lines: list[str], start: int) -> tuple[str, int]:
    """The command from `start` on: lines continued by a backslash (blank lines between
    continued lines skipped, as the e-KYC document has them) or inside a quoted argument."""
    parts, index = [], start
    while True:
        line = lines[index].rstrip()
        continued = line.endswith("\\")
        parts.append(line[:-1].rstrip() if continued else line)
        index += 1
        if _open_quote(" ".join(parts)):
            continue
        if not continued:
            return "\n".join(parts), index
        while not lines[index].strip():
            index += 1


def _open_quote(text: str) -> bool:
    return text.count("'") % 2 == 1


def _arguments(text: str) -> list[str]:
    """curl's arguments: the text split at each option outside quotes; a VALUED option's value
    is the rest of its segment (without its enclosing single quotes), any other segment is
    split as a shell would."""
    segments, current, quoted = [], [], False
    for index, char in enumerate(text):
        if char == "'":
            quoted = not quoted
        if not quoted and char.isspace() and text[index + 1 : index + 3] == "--":
            segments.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    segments.append("".join(current).strip())
    args: list[str] = []
    for segment in filter(None, segments):
        option, _, value = segment.partition(" ")
        if option in VALUED:
            value = value.strip()
            if value.startswith("'") and value.endswith("'"):
                value = value[1:-1]
            args += [option, value]
        else:
            args += shlex.split(segment)
    assert args[0] == "curl"
    return args[1:]


def _response(lines: list[str], start: int) -> dict:
    """The first JSON object after the sample (the document's response example); its
    `// available from ...` notes dropped."""
    index = next(i for i in range(start, len(lines)) if lines[i].strip() == "{")
    body, depth = [], 0
    for line in lines[index:]:
        line = re.sub(r",\s*//.*$", ",", line)
        body.append(line)
        depth += line.count("{") - line.count("}")
        if depth == 0:
            break
    return json.loads("\n".join(body))


SAMPLES = find_samples()


def test_the_repository_keeps_the_documents_as_they_are_shared() -> None:
    if not SHARED_DOCS.is_dir():
        pytest.skip("no ../shared/vendor-docs beside this checkout to compare with")
    shared = {d.name: d.read_bytes() for d in SHARED_DOCS.glob("*.txt")}
    kept = {d.name: d.read_bytes() for d in DOCS.glob("*.txt")}
    assert kept == shared


def test_every_sample_in_the_documents_is_found() -> None:
    # Counted by hand in the documents: CKYC download's Start and Validate OTP and Download,
    # CKYC Validation's validate, e-KYC Now's generate-url. Hypersign's and OneKYC's documents
    # show JavaScript and JSON, no curl.
    # Counted by another rule than the parser's (a line starting "curl "): any curl command
    # anywhere in a line, an option, a quoted or a bare URL after it.
    mentions = sum(
        len(re.findall(r"\bcurl\s+(?:-|'|\"|https?://)", document.read_text()))
        for document in DOCS.glob("*.txt")
    )
    assert len(SAMPLES) == mentions == 4
    assert [(s.document, s.path) for s in SAMPLES] == [
        ("hyperverge-ckyc-download.txt", "/api/v1/start"),
        ("hyperverge-ckyc-download.txt", "/api/v1/validateOtpAndDownload"),
        ("hyperverge-ckyc-validation.txt", "/api/v1/validate"),
        ("messagecentral-ekyc-now.txt", "/ekyc/api/v1/redirection/generate-url"),
    ]


# --- the drop-ins and what they publish -------------------------------------------------------


@pytest.fixture(scope="module")
def dropins() -> Iterator[dict[str, DropIn]]:
    running = {vendor: DropIn(vendor).start() for vendor in sorted(set(VENDOR_OF.values()))}
    yield running
    for dropin in running.values():
        dropin.stop()


@dataclass
class Published:
    """What a client of the drop-in can read from its control plane."""

    base: str
    credentials: dict
    settings: dict
    catalog: dict[str, dict]


def published(dropin: DropIn) -> Published:
    base = dropin.url()
    httpx.post(f"{base}/_sandbox/reset").raise_for_status()
    vendor = httpx.get(f"{base}/_sandbox/vendors").json()[0]
    entries = httpx.get(f"{base}/_sandbox/scenarios").json()
    catalog = {entry["id"]: entry["request"] for entry in entries}
    return Published(base, vendor["credentials"], vendor["settings"], catalog)


# --- filling a sample ---------------------------------------------------------------------------


def fill(sample: Sample, base: str, values: dict[str, str]) -> list[str]:
    """The sample's arguments with its host swapped for `base` and each placeholder replaced:
    `values` by the JSON key, form field or header it stands for, else by the placeholder."""
    args = []
    for previous, arg in zip(["", *sample.args], sample.args, strict=False):
        if arg == sample.url:
            arg = base + sample.path
        elif previous == "--data-raw":
            body = json.loads(arg)
            arg = json.dumps({key: _value(values, key, item) for key, item in body.items()})
        elif previous in ("--header", "--form"):
            separator = ":" if previous == "--header" else "="
            name, _, value = arg.partition(separator)
            if PLACEHOLDER.search(value):
                filled = values[name.strip()].replace("\\", "\\\\")  # a literal replacement
                arg = name + separator + PLACEHOLDER.sub(filled, value)
        args.append(arg)
    left = [arg for arg in args if PLACEHOLDER.search(arg)]
    assert not left, f"placeholders left in {sample.id}: {left}"
    return args


def _value(values: dict[str, str], key: str, item):
    return values[key] if isinstance(item, str) and PLACEHOLDER.search(item) else item


def curl(args: list[str]) -> httpx.Response:
    """The real curl; its answer (status and body) as an httpx.Response to read. Only output
    options are added: quiet, errors shown, the status after the body."""
    assert shutil.which("curl"), "the curl binary is needed (Debian: apt-get install curl)"
    # --noproxy: the drop-in is on loopback, whatever proxy the environment names.
    output = ["--noproxy", "*", "--silent", "--show-error", "--write-out", "\n%{http_code}"]
    done = subprocess.run(
        ["curl", *output, *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    body, _, status = done.stdout.rpartition("\n")
    return httpx.Response(int(status), content=body.encode())


# Keys of the documents' response examples that stand for data, not names: the validation
# example's {"document": ["error"]} and {"document": {"field": {...}}} ("aadhaar", "first_name"...).
PLACEHOLDER_KEYS = {"document", "field"}
# Keys beside the placeholders that the document's later examples show with a shape of their
# own: "doc_template": ["aadhaar_front_bottom", "aadhaar_back"] beside a document's fields.
BESIDE_PLACEHOLDERS = {"doc_template": list}


def answers_as_documented(sample: Sample, answer: httpx.Response) -> dict:
    """200, the response example's keys at the top, and below them the example's key tree:
    every key it names (a placeholder key standing for each key of the answer), lists item by
    item against the example's first item (a validation answer adds the documented
    aadhaar_type, so extra keys below the top are allowed)."""
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == set(sample.response), body
    shaped_like(sample.response, body, "")
    return body


def shaped_like(example, actual, where: str) -> None:
    if isinstance(example, dict):
        assert isinstance(actual, dict), f"{where or 'body'}: {actual!r} is not an object"
        if example and set(example) <= PLACEHOLDER_KEYS:
            (inner,) = example.values()
            for key, value in actual.items():
                if key in BESIDE_PLACEHOLDERS:
                    assert isinstance(value, BESIDE_PLACEHOLDERS[key]), f"{where}.{key}"
                else:
                    shaped_like(inner, value, f"{where}.{key}")
            return
        missing = set(example) - set(actual)
        assert not missing, f"{where or 'body'} lacks {sorted(missing)}"
        for key, value in example.items():
            shaped_like(value, actual[key], f"{where}.{key}")
    elif isinstance(example, list):
        assert isinstance(actual, list), f"{where}: {actual!r} is not a list"
        if example:
            for index, item in enumerate(actual):
                shaped_like(example[0], item, f"{where}[{index}]")
    else:
        assert not isinstance(actual, dict | list), f"{where}: {actual!r} is not a value"


def sample(path: str) -> Sample:
    return next(s for s in SAMPLES if s.path == path)


# --- each sample, run -------------------------------------------------------------------------


def start_by_curl(ckyc: Published) -> tuple[dict, dict]:
    """CKYC's Start sample, with Asha (the catalog's start-otp-sent entry); her values and
    the answer."""
    asha = ckyc.catalog["start-otp-sent"]["json"]
    values = {
        "transactionId": "t-curl-sample",
        "appId": ckyc.credentials["app_id"],
        "appKey": ckyc.credentials["app_key"],
        "idNo": asha["idNo"],
        "idType": asha["idType"],
        "mobileNo": asha["mobileNo"],
    }
    started = sample("/api/v1/start")
    answer = answers_as_documented(started, curl(fill(started, ckyc.base, values)))
    return values, answer


def test_ckyc_start_sample(dropins) -> None:
    ckyc = published(dropins["hyperverge-ckyc"])
    values, answer = start_by_curl(ckyc)
    assert answer["status"] == "success" and answer["statusCode"] == "200"
    assert answer["result"]["message"] == (
        f"OTP has been sent to the registered mobile number XXXXXX{values['mobileNo'][-4:]}"
    )


def test_ckyc_validate_otp_and_download_sample_after_start(dropins) -> None:
    ckyc = published(dropins["hyperverge-ckyc"])
    values, started = start_by_curl(ckyc)
    request_id = started["result"]["requestId"]
    inbox = httpx.get(
        f"{ckyc.base}/_sandbox/inbox",
        params={"mobile": values["mobileNo"], "requestId": request_id},
    ).json()
    values |= {"otp": inbox["messages"][-1]["otp"], "requestId": request_id}
    download = sample("/api/v1/validateOtpAndDownload")
    answer = answers_as_documented(download, curl(fill(download, ckyc.base, values)))
    result = answer["result"]
    # Every key of the document's example: the sample asks for every optional one.
    assert set(result) == set(download.response["result"])
    assert result["fullName"] and result["imageDetails"]
    assert all(image["imageData"] for image in result["imageDetails"])  # base64, as asked


def test_ckyc_validation_sample(dropins, tmp_path: Path) -> None:
    validation = published(dropins["hyperverge-validation"])
    approve = validation.catalog["specimen-approve"]
    files = []
    for part in approve["files"]:  # the SPECIMEN files, saved under the names they are sent as
        saved = tmp_path / part["filename"]
        saved.write_bytes(httpx.get(validation.base + part["url"]).content)
        files.append(str(saved))
    ckyc = published(dropins["hyperverge-ckyc"])
    pan = ckyc.catalog["start-otp-sent"]["json"]["idNo"]  # Asha's PAN (idType C)
    values = {
        "appId": validation.credentials["app_id"],
        "appKey": validation.credentials["app_key"],
        "transactionId": "t-curl-sample",
        "pan": pan,
        **approve["form"],
        **YES_OR_NO,
    }
    validate = sample("/api/v1/validate")
    args = fill_files(fill_with(validate, validation.base, values), files)
    answer = answers_as_documented(validate, curl(args))
    result = answer["result"]
    assert result["action"] == "approve"
    # One masked file an Aadhaar page: unmerged, the document's default.
    assert len(result["masked_aadhaar_url"]) == 2
    for link in result["masked_aadhaar_url"]:
        assert link.startswith(f"{validation.base}/") and httpx.get(link).status_code == 200


def fill_with(sample: Sample, base: str, values: dict[str, str]) -> list[str]:
    """fill(), leaving the file placeholders (filled by fill_files)."""
    files = '@"<Enter_the_path_to_file>"'
    marked = Sample(
        sample.document,
        sample.line,
        [arg.replace(files, "@FILE") for arg in sample.args],
        sample.response,
    )
    return fill(marked, base, values)


def fill_files(args: list[str], files: list[str]) -> list[str]:
    """Each `name=@FILE` part, in order, given the next file's path."""
    queue = iter(files)
    filled = [
        arg.replace("@FILE", "@" + next(queue)) if arg.endswith("=@FILE") else arg for arg in args
    ]
    assert next(queue, None) is None, "more files than the sample's parts"
    return filled


def test_ekyc_generate_url_sample(dropins) -> None:
    ekyc = published(dropins["messagecentral-ekyc"])
    values = {
        "flow_id": ekyc.settings["basic_flow_id"],
        "api_key": ekyc.credentials["api_key"],
        "company_name": ekyc.settings["company_name"],
    }
    generate = sample("/ekyc/api/v1/redirection/generate-url")
    answer = answers_as_documented(generate, curl(fill(generate, ekyc.base, values)))
    assert answer["url"] == f"{ekyc.base}/kyc/flow/{answer['token']}"
    assert answer["expires_in_minutes"] == 30
    assert answer["message"] == "Embed this URL in your application for KYC verification"
