"""The scoring mechanism: per document, the sum of its mismatches' weights; the record's score
is the minimum over documents; the action follows from it."""

from collections.abc import Mapping, Sequence

# Documented weights: address 2, pincode 1. Not documented by the vendor: the others; we chose
# them so that the documented samples come out as they do (a face mismatch alone is
# manual_review, a face and a name mismatch together reject). The adapter uses the same table.
MISMATCH_WEIGHTS = {
    "ER_ADDRESS": 2,
    "ER_PINCODE": 1,
    "ER_NAME": 2,
    "ER_DOB": 2,
    "ER_ID": 3,
    "ER_FACE_NO_MATCH": 2,
    "ER_FACE_MISSING": 2,
    "ER_BAD_DOC": 4,
}
REJECT_FROM = 4  # a score of 4 or more rejects; 2 to 3 (or any mismatch) is manual_review
APPROVE_UNDER = 2


def document_score(codes: Sequence[str]) -> int:
    return sum(MISMATCH_WEIGHTS[code] for code in codes)


def verdict(codes_by_document: Mapping[str, Sequence[str]]) -> tuple[str, int]:
    """(action, score) for the documents read, each with its mismatch codes.

    Documented: "approved when all the fields are validated and the total score is less than 2".
    Not documented by the vendor: whose fields; we read it as the document that sets the score
    (the best one): approve when it validated in full, reject from 4, manual_review between.
    """
    scores = {document: document_score(codes) for document, codes in codes_by_document.items()}
    score = min(scores.values())
    if score >= REJECT_FROM:
        return "reject", score
    best = [document for document, value in scores.items() if value == score]
    if score < APPROVE_UNDER and any(not codes_by_document[d] for d in best):
        return "approve", score
    return "manual_review", score
