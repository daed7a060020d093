"""HyperVerge CKYC Validation's documented answers (hyperverge-ckyc-validation.txt).

Not documented consistently: the structure example's `statusCode` is the number 200, every
sample's the string "200" (and the download API's are strings): we take the string.
"""

from console.core.contract import (
    ANY_OBJECT,
    BOOLEAN,
    NUMBER,
    STRING,
    Answer,
    Contract,
    Step,
    array,
    json_body,
    map_of,
    obj,
)

_STRINGS = array(STRING)
_FIELD = obj({"matchFound": BOOLEAN, "score": NUMBER})
# details: {document: {field: {matchFound, score}, doc_template: [...]}}
_DOCUMENT = {
    "type": "object",
    "properties": {"doc_template": _STRINGS},
    "additionalProperties": _FIELD,
}
RESULT = obj(
    {
        "action": STRING,
        "validPOA": _STRINGS,
        "validPOI": _STRINGS,
        "invalidDocs": map_of(_STRINGS),
        "details": map_of(_DOCUMENT),
    },
    {
        "masked_aadhaar_url": _STRINGS,  # with mask_aadhaar
        "aadhaar_type": STRING,
        "inputImageUrls": _STRINGS,  # with returnInputImage
        "ocrDump": STRING,  # with returnOcrDump
        "standardOcrDump": map_of(array(ANY_OBJECT)),  # one sample only: items left open
    },
)


def _failure(codes: tuple[str, ...]) -> Answer:
    error = obj({"code": STRING, "message": STRING})
    body = json_body(obj({"status": STRING, "statusCode": STRING, "error": error}))
    return Answer(body, frozenset(codes), ("error", "code"))


CONTRACT = Contract(
    {
        "validate": Step(
            {
                200: Answer(
                    json_body(obj({"status": STRING, "statusCode": STRING, "result": RESULT}))
                ),
                400: _failure(("ER_REQ_VALIDATE", "ER_PAGE")),
                # The 401's error is the message itself, a string.
                401: Answer(
                    json_body(obj({"status": STRING, "statusCode": STRING, "error": STRING}))
                ),
                413: _failure(("ER_SERVER",)),
                "5xx": _failure(("ER_SERVER",)),
            }
        )
    },
    routes={("POST", "/api/v1/validate"): "validate"},
)
