"""CKYC Validation rules: the request's checks, the magic outcomes, and the verdict on the files
as read (each document's fields against the form, its face against the selfie, the score).

Vision blocks for seconds: `validate` runs it in the thread pool, so the sandbox's other routes
answer meanwhile.
"""

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool

from sandbox.core.clock import SandboxClock
from sandbox.core.vision import FaceEmbedding
from sandbox.hyperverge_validation import documents as docs
from sandbox.hyperverge_validation import errors as err
from sandbox.hyperverge_validation import masking, seed
from sandbox.hyperverge_validation.intake import InputFile
from sandbox.hyperverge_validation.matcher import ID_FIELD, Comparison, compare
from sandbox.hyperverge_validation.reading import PageReading, Reader
from sandbox.hyperverge_validation.scoring import verdict
from sandbox.hyperverge_validation.store import FileStore

MAX_PDF_PAGES = 5  # documented: "The document exceeds 5 pages" -> 400 ER_PAGE
OPTIONS = (
    "validate_pan",
    "mask_aadhaar",
    "returnOcrDump",
    "standardOcrDump",
    "returnMaskedAadhaarNumber",
    "returnInputImage",
    "returnSingleMaskedFile",
)
PAN = re.compile(r"[A-Z]{5}\d{4}[A-Z]")
UNREADABLE = "other"  # a file that is no document we can tell: the vendor's "other"
FILES_PATH = "/_sandbox/hyperverge-validation/files"


@dataclass
class Document:
    """The pages of one document type, in the order they came."""

    kind: str
    pages: list[tuple[InputFile, int, PageReading]] = field(default_factory=list)


@dataclass
class Analysis:
    """What the threads computed; the files are stored (and linked) back on the event loop."""

    result: dict
    masked: list[bytes] = field(default_factory=list)
    inputs: list[tuple[bytes, str]] = field(default_factory=list)  # (bytes, media type)


class ValidationBackend:
    def __init__(self, clock: SandboxClock) -> None:
        self.reader = Reader()
        self.files = FileStore(clock)

    def reset(self) -> None:
        self.files.reset()

    # --- the request --------------------------------------------------------------------

    @staticmethod
    def check(fields: Mapping[str, str]) -> dict[str, bool]:
        """The request's own rules, in the vendor's error shapes; returns the options.

        Not documented by the vendor: when "first_name should not be null or undefined" fires
        (the Inputs table marks first_name optional). We take the message at its word: when
        first_name is not sent, or sent blank, whatever other name is. A dob that is not
        DD-MM-YYYY is not refused: it matches no document (ER_DOB). Also ours: the option
        check and its message.
        """
        if not fields.get("first_name"):
            raise err.first_name_missing()
        if not any(fields.get(name) for name in ID_FIELD.values()):
            raise err.bad_request(err.ID_MISSING)
        for name in OPTIONS:
            if fields.get(name, "no") not in ("yes", "no"):
                raise err.bad_request(f'"{name}" must be one of [yes, no]')
        return {name: fields.get(name) == "yes" for name in OPTIONS}

    @staticmethod
    def magic(fields: Mapping[str, str]) -> dict | None:
        """A forced outcome for QA (seed.py): the documented sample, or a documented error."""
        value = fields.get("first_name", "").upper()
        if value in seed.MAGIC_RESULTS:
            return copy.deepcopy(seed.MAGIC_RESULTS[value])
        forced = {
            seed.MAGIC_FILE_TOO_LARGE: err.file_too_large,
            seed.MAGIC_TOO_MANY_PAGES: err.too_many_pages,
            seed.MAGIC_SERVER_ERROR: err.server_error,
        }.get(value)
        if forced is not None:
            raise forced()
        return None

    # --- the verdict --------------------------------------------------------------------

    async def validate(
        self,
        fields: Mapping[str, str],
        options: Mapping[str, bool],
        documents: list[InputFile],
        selfie: InputFile,
        root: str,
    ) -> dict:
        if not documents:
            raise err.bad_request(err.NO_DOCUMENT)
        analysis = await run_in_threadpool(self._analyse, fields, options, documents, selfie)
        result = analysis.result
        if options["mask_aadhaar"]:
            result["masked_aadhaar_url"] = [
                self._link(root, data, "image/jpeg") for data in analysis.masked
            ]
        if options["returnInputImage"]:
            result["inputImageUrls"] = [
                self._link(root, data, media_type) for data, media_type in analysis.inputs
            ]
        return result

    def _link(self, root: str, data: bytes, media_type: str) -> str:
        return f"{root}{FILES_PATH}/{self.files.put(data, media_type)}"

    def _analyse(
        self,
        fields: Mapping[str, str],
        options: Mapping[str, bool],
        files: list[InputFile],
        selfie: InputFile,
    ) -> Analysis:
        for file in files:  # every file counted before any is read
            if self.reader.page_count(file.data) > MAX_PDF_PAGES:
                raise err.too_many_pages()
        selfie_face = self.reader.selfie_face(selfie.data)
        grouped = self._documents(files)
        comparisons: dict[str, Comparison] = {}
        facts: dict[str, list[docs.Facts]] = {}
        for name, document in grouped.items():
            if document.kind == UNREADABLE:
                comparisons[name] = Comparison(codes=["ER_BAD_DOC"])
                continue
            facts[name] = [
                docs.read_facts(document.kind, page.text) for _f, _i, page in document.pages
            ]
            merged = facts[name][0]
            for more in facts[name][1:]:
                merged = merged.merged(more)
            text = "\n".join(page.text.text for _f, _i, page in document.pages)
            comparisons[name] = compare(
                document.kind, merged, text, fields, _first_face(document), selfie_face
            )
        action, _ = verdict({name: c.codes for name, c in comparisons.items()})
        result = {
            "action": action,
            "validPOA": [name for name, c in comparisons.items() if c.valid_poa],
            "validPOI": [name for name, c in comparisons.items() if c.valid_poi],
            "invalidDocs": {name: c.codes for name, c in comparisons.items() if c.codes},
            "details": {name: _details(c, facts.get(name, [])) for name, c in comparisons.items()},
        }
        if options["validate_pan"] and PAN.fullmatch(fields.get("pan", "").upper()):
            # Not documented by the vendor: what validate_pan checks. No PAN card is read here;
            # a PAN of the right shape is listed as proof of identity, outside the score.
            result["validPOI"].append("pan")
        if "aadhaar" in facts:
            result["aadhaar_type"] = "STANDARD"
        hide = options["returnMaskedAadhaarNumber"]
        if options["returnOcrDump"]:
            result["ocrDump"] = _ocr_dump(grouped, hide)
        if options["standardOcrDump"]:
            result["standardOcrDump"] = _standard_dump(grouped, facts, hide)
        analysis = Analysis(result)
        if options["returnInputImage"]:
            # Only what decodes as a JPEG, PNG or PDF is kept and linked back: the link serves
            # the bytes as sent, and it is no place for anything else.
            for file in [*files, selfie]:
                media_type = self.reader.media_type(file.data)
                if media_type is not None:
                    analysis.inputs.append((file.data, media_type))
        if options["mask_aadhaar"] and "aadhaar" in grouped:
            analysis.masked = self._masked(grouped["aadhaar"], options["returnSingleMaskedFile"])
        return analysis

    def _documents(self, files: list[InputFile]) -> dict[str, Document]:
        """The pages grouped by the document type their text names (a file's imageType when
        the text names none); what cannot be read or told apart is the vendor's "other"."""
        grouped: dict[str, Document] = {}
        unreadable: list[str] = []
        for file in files:
            hint = docs.IMAGE_TYPES.get(file.image_type.upper())
            reading = self.reader.read(file.data)
            if not reading.readable:
                unreadable.append(hint or UNREADABLE)
            for index, page in enumerate(reading.pages):
                kind = docs.document_type(page.text) or hint or UNREADABLE
                grouped.setdefault(kind, Document(kind)).pages.append((file, index, page))
        for name in unreadable:
            if name not in grouped:
                grouped[name] = Document(UNREADABLE)
        return grouped

    def _masked(self, document: Document, single: bool) -> list[bytes]:
        pages = []
        rendered: dict[int, list] = {}  # a PDF's pages rendered once, however many are masked
        for file, index, page in document.pages:
            numbers = docs.aadhaar_numbers(page.text)
            if not numbers:
                continue
            if id(file) not in rendered:
                rendered[id(file)] = self.reader.images(file.data)
            images = rendered[id(file)]
            if index < len(images):
                pages.append(masking.masked(images[index], numbers))
        if single and pages:
            return [masking.jpeg(masking.stacked(pages))]
        return [masking.jpeg(page) for page in pages]


def _first_face(document: Document) -> FaceEmbedding | None:
    return next((page.face for _f, _i, page in document.pages if page.face is not None), None)


def _details(comparison: Comparison, facts: list[docs.Facts]) -> dict:
    details: dict = {name: match.to_json() for name, match in comparison.details.items()}
    if facts:
        details["doc_template"] = [template for f in facts for template in f.templates]
    return details


# --- OCR dumps -----------------------------------------------------------------------------


def _ocr_dump(grouped: Mapping[str, Document], hide: bool) -> str:
    """returnOcrDump: "a combined string" of the text read on every page, row by row."""
    texts = [docs.page_text(page.text) for d in grouped.values() for _f, _i, page in d.pages]
    dump = "\n\n".join(texts)
    return docs.hide_aadhaar(dump) if hide else dump


def _standard_dump(
    grouped: Mapping[str, Document], facts: Mapping[str, list[docs.Facts]], hide: bool
) -> dict:
    """standardOcrDump: per document, each page's template and fields, in the sample's shape
    (with `hide`, any Aadhaar number read into a field too has its first 8 digits hidden)."""
    dump = {
        name: [
            {"type": page_facts.templates[0], "details": _page_fields(name, page, page_facts, hide)}
            for (_f, _i, page), page_facts in zip(grouped[name].pages, facts[name], strict=True)
        ]
        for name in facts
    }
    return _hidden(dump) if hide else dump


def _hidden(value):
    """Every string in a JSON-shaped value through docs.hide_aadhaar."""
    if isinstance(value, str):
        return docs.hide_aadhaar(value)
    if isinstance(value, dict):
        return {key: _hidden(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_hidden(item) for item in value]
    return value


def _page_fields(kind: str, page: PageReading, facts: docs.Facts, hide: bool) -> dict:
    def value(found: docs.Found | None) -> dict:
        return {"conf": round(found.conf * 100), "value": found.value} if found else _EMPTY

    fields: dict = {}
    back = facts.templates[0].endswith("_back")
    if not back:
        year = facts.dob.value[-4:] if facts.dob else ""
        fields |= {
            "name": value(facts.name),
            "gender": value(facts.gender),
            "yob": {"conf": value(facts.dob)["conf"], "value": year},
            "dob": value(facts.dob),
        }
    if kind == "aadhaar":
        number = facts.aadhaar
        shown = number.digits if number else ""
        masked = bool(number) and (number.masked or hide)
        if number and hide and not number.masked:
            shown = "XXXXXXXX" + number.digits[-4:]
        fields["aadhaar"] = {
            "conf": round(number.conf * 100) if number else 0,
            "value": shown,
            "ismasked": "yes" if masked else "no",
        }
    else:
        fields[kind] = value(facts.id_number)
    if facts.address:
        parts = docs.address_parts(facts)
        fields["address"] = {"conf": round(facts.address_conf * 100), **parts}
    fields["father"] = value(facts.father)
    if back:
        fields["husband"] = value(docs.husband(facts))
        conf = round(facts.address_conf * 100) if facts.pincode else 0
        fields["pin"] = {"conf": conf, "value": facts.pincode or ""}
    else:
        fields["mother"] = value(facts.mother)
    fields |= {
        "tag": "",
        "qr": {"value": ""},
        "face": {"present": "yes" if page.face else "no", "faceString": ""},
    }
    return fields


_EMPTY = {"conf": 0, "value": ""}
