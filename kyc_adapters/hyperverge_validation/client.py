"""HyperVerge CKYC Validation: POST /api/v1/validate, multipart/form-data.

Vendor caveats handled here: the 401's "error" is a plain string (hyperverge_envelope accepts
both shapes); one 400 sample says status "fail" rather than "failure".
"""

import json
from collections.abc import Sequence

import httpx

from kyc_adapters.base import call, parse_model
from kyc_adapters.hyperverge_envelope import result_of
from kyc_adapters.hyperverge_validation.models import (
    VENDOR,
    ImageUrl,
    UploadFile,
    ValidationFields,
    ValidationOptions,
    ValidationResult,
)

# Not documented by the vendor: which `image_details` part is the selfie. We send it (and the
# sandbox expects it) as the part whose file name starts with "selfie"; among `imageDetails`
# URLs, the CKYC record's PHOTO is the selfie.
SELFIE_PREFIX = "selfie"


class HyperVergeValidationClient:
    """Talks to the vendor (or the sandbox) through an injected `httpx.Client` with a base URL."""

    def __init__(
        self,
        http: httpx.Client,
        *,
        app_id: str,
        app_key: str,
        validate_path: str = "/api/v1/validate",
    ) -> None:
        self._http = http
        self._app_id = app_id
        self._app_key = app_key
        self._validate_path = validate_path

    def validate(
        self,
        *,
        fields: ValidationFields,
        documents: Sequence[UploadFile] = (),
        selfie: UploadFile | None = None,
        image_urls: Sequence[ImageUrl] = (),
        options: ValidationOptions | None = None,
        transaction_id: str,
    ) -> ValidationResult:
        data = {name: value for name, value in fields.model_dump().items() if value}
        data |= (options or ValidationOptions()).model_dump(exclude_none=True)
        # multipart/form-data is the documented content type, files or not: each text field
        # goes as a part (httpx would send a file-less form url-encoded).
        text_parts = [(name, (None, value)) for name, value in data.items()]
        if image_urls:
            # Not documented by the vendor: how an object travels in a multipart body; we send
            # the download answer's imageDetails list as one JSON text field.
            text_parts.append(("imageDetails", (None, json.dumps([vars(u) for u in image_urls]))))
        parts = [
            ("image_details", (_document_name(d.filename), d.content, d.media_type))
            for d in documents
        ]
        if selfie is not None:
            name = selfie.filename
            if not name.lower().startswith(SELFIE_PREFIX):
                name = f"{SELFIE_PREFIX}-{name}"
            parts.append(("image_details", (name, selfie.content, selfie.media_type)))
        headers = {"appId": self._app_id, "appKey": self._app_key, "transactionId": transaction_id}
        return call(
            self._http,
            VENDOR,
            "validate",
            "POST",
            self._validate_path,
            lambda response: parse_model(VENDOR, ValidationResult, result_of(VENDOR, response)),
            files=text_parts + parts,
            headers=headers,
        )


def _document_name(name: str) -> str:
    """A document's file name, never one that reads as the selfie's."""
    return f"doc-{name}" if name.lower().startswith(SELFIE_PREFIX) else name
