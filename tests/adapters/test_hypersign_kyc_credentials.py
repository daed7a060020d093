"""Reading credentials and presentations with what the console expects of them: a good signature
only says a document is self-consistent, so the issuer (the app's DID), the subject (the user's
DID), the holder, the challenge and domain, and the expiry are checked when given. Credentials
and presentations come from the sandbox over HTTP; a few are signed here, with literal dates.
Expected values are literals or the DIDs the test itself made or was given."""

from copy import deepcopy
from datetime import UTC, datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kyc_adapters.hypersign_kyc import HypersignKycClient, read_credential, read_presentation
from ssi import did as ssi_did
from ssi import proofs
from tests.adapters.test_hypersign_kyc import (
    DOMAIN,
    OTHER_DID,
    Issuer,
    Walk,
    present,
    start_walk,
    verify_selfie,
)
from tests.adapters.test_hypersign_kyc import client as client  # fixtures
from tests.adapters.test_hypersign_kyc import issuer as issuer
from tests.adapters.test_hypersign_kyc import recorded as recorded
from tests.adapters.test_hypersign_kyc import wire as wire

# Literal moments: the sandbox issues credentials for a year from its clock's now (today), so
# they are valid in 2001 and long expired in 2200.
LONG_AGO = datetime(2001, 1, 1, tzinfo=UTC)
FAR_AHEAD = datetime(2200, 1, 1, tzinfo=UTC)


@pytest.fixture
def issued(client: HypersignKycClient, issuer: Issuer) -> tuple[Walk, list[dict]]:
    """A user's walk through biometrics: the two credentials the sandbox issued to them."""
    walk = start_walk(client, issuer)
    return walk, verify_selfie(client, walk, issuer).credentials


# --- a credential -------------------------------------------------------------------------


def test_a_credential_meeting_every_expectation_verifies(issued, issuer) -> None:
    walk, credentials = issued
    for credential in credentials:
        summary = read_credential(
            credential, issuer=issuer.did, subject=walk.user.did, now=LONG_AGO
        )
        assert (summary.verified, summary.problem) == (True, None)


def test_a_credential_from_another_issuer_does_not_verify(issued, issuer) -> None:
    _, credentials = issued
    summary = read_credential(credentials[0], issuer=OTHER_DID)
    assert summary.verified is False
    assert summary.problem == f"its issuer is {issuer.did}, not {OTHER_DID}"


def test_a_credential_about_someone_else_does_not_verify(issued) -> None:
    walk, credentials = issued
    summary = read_credential(credentials[1], subject=OTHER_DID)
    assert summary.verified is False
    assert summary.problem == f"its subject is {walk.user.did}, not {OTHER_DID}"


def test_an_expired_credential_does_not_verify(issued) -> None:
    _, credentials = issued
    summary = read_credential(credentials[0], now=FAR_AHEAD)
    assert summary.verified is False
    assert summary.expires is not None
    assert summary.problem == f"it expired on {summary.expires}"


def test_every_unmet_expectation_is_said(issued, issuer) -> None:
    walk, credentials = issued
    summary = read_credential(credentials[0], issuer=OTHER_DID, subject=OTHER_DID, now=FAR_AHEAD)
    assert summary.verified is False
    assert summary.problem == (
        f"its issuer is {issuer.did}, not {OTHER_DID}; "
        f"its subject is {walk.user.did}, not {OTHER_DID}; "
        f"it expired on {summary.expires}"
    )


# Signed here, so the expiry is a literal.
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
ISSUER = ssi_did.did_from_public_key(KEY.public_key())
IST = timezone(timedelta(hours=5, minutes=30))
SUBJECT = "did:hid:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"


def signed(**fields: object) -> dict:
    document = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiableCredential", "PassportCredential"],
        "issuer": ISSUER,
        "issuanceDate": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": SUBJECT, "documentNumber": "X4820917"},
    } | fields
    return proofs.sign(
        document,
        KEY,
        verification_method=ssi_did.verification_method_id(ISSUER),
        purpose="assertionMethod",
        created="2025-01-01T00:00:00Z",
    )


@pytest.mark.parametrize(
    ("now", "verified", "problem"),
    [
        (datetime(2025, 6, 29, 23, 59, 59, tzinfo=UTC), True, None),
        (datetime(2025, 6, 30, tzinfo=UTC), True, None),  # valid until that moment, included
        (datetime(2025, 6, 30, 0, 0, 1, tzinfo=UTC), False, "it expired on 2025-06-30T00:00:00Z"),
        (datetime(2025, 6, 30, 0, 0, 1), False, "it expired on 2025-06-30T00:00:00Z"),  # naive: UTC
        (datetime(2025, 6, 30, 5, 29, 59, tzinfo=IST), True, None),  # 23:59:59 UTC, the 29th
        (datetime(2025, 6, 30, 5, 30, 1, tzinfo=IST), False, "it expired on 2025-06-30T00:00:00Z"),
    ],
    ids=["before", "at-expiry", "after", "naive-now-is-utc", "ist-before", "ist-after"],
)
def test_expiry_against_now(now: datetime, verified: bool, problem: str | None) -> None:
    for field in ("expirationDate", "validUntil"):  # VC data model 1.1, then 2.0
        summary = read_credential(signed(**{field: "2025-06-30T00:00:00Z"}), now=now)
        assert (summary.verified, summary.problem) == (verified, problem), field


def test_an_expiry_that_is_not_a_date_does_not_verify_against_now() -> None:
    credential = signed(expirationDate="next year")
    assert read_credential(credential).verified is True  # no `now`: not asked
    summary = read_credential(credential, now=datetime(2025, 1, 2, tzinfo=UTC))
    assert summary.verified is False
    assert summary.problem == "its expiry 'next year' is not a date and time"


def test_expectations_come_after_a_bad_signature() -> None:
    tampered = signed(expirationDate="2025-06-30T00:00:00Z")
    tampered["credentialSubject"]["documentNumber"] = "X0000000"
    summary = read_credential(tampered, issuer=OTHER_DID)
    assert summary.verified is False
    assert (summary.problem or "").startswith("the signature does not verify: ")
    assert (summary.problem or "").endswith(f"; its issuer is {ISSUER}, not {OTHER_DID}")


# --- a presentation -----------------------------------------------------------------------


def test_a_presentation_meeting_every_expectation_verifies(client, issued, issuer) -> None:
    walk, credentials = issued
    presentation = present(client, walk, credentials)
    summary = read_presentation(
        presentation,
        challenge=walk.session_id,
        domain=DOMAIN,
        holder=walk.user.did,
        issuer=issuer.did,
        now=LONG_AGO,
    )
    assert (summary.verified, summary.problem) == (True, None)
    assert [(c.verified, c.problem) for c in summary.credentials] == [(True, None), (True, None)]
    assert summary.all_verified is True


def test_a_presentation_by_another_holder_does_not_verify(client, issued) -> None:
    walk, credentials = issued
    summary = read_presentation(present(client, walk, credentials), holder=OTHER_DID)
    assert summary.verified is False and summary.all_verified is False
    assert summary.problem == f"its holder is {walk.user.did}, not {OTHER_DID}"
    # Each credential is judged against the holder the console expects.
    assert [c.problem for c in summary.credentials] == [
        f"its subject is {walk.user.did}, not {OTHER_DID}"
    ] * 2


def test_a_presentation_for_another_session_or_origin_does_not_verify(client, issued) -> None:
    walk, credentials = issued
    presentation = present(
        client, walk, credentials, challenge="another-session", domain="https://elsewhere.example"
    )
    summary = read_presentation(presentation, challenge=walk.session_id, domain=DOMAIN)
    assert summary.verified is False
    assert summary.problem == (
        f"its challenge is 'another-session', not {walk.session_id!r}; "
        f"its domain is 'https://elsewhere.example', not {DOMAIN!r}"
    )


def test_credentials_from_another_issuer_or_expired_fail_the_presentation(
    client, issued, issuer
) -> None:
    walk, credentials = issued
    presentation = present(client, walk, credentials)
    by_other = read_presentation(presentation, issuer=OTHER_DID)
    assert by_other.verified is True  # the holder's own proof is good ...
    assert by_other.all_verified is False  # ... the credentials are not the app's
    assert [c.problem for c in by_other.credentials] == [
        f"its issuer is {issuer.did}, not {OTHER_DID}"
    ] * 2
    expired = read_presentation(presentation, now=FAR_AHEAD)
    assert expired.verified is True and expired.all_verified is False
    assert [(c.problem or "").startswith("it expired on ") for c in expired.credentials] == [
        True,
        True,
    ]


def test_a_holder_presenting_someone_elses_credentials(client, issued, issuer) -> None:
    """The sandbox signs whatever credentials it is handed: another user's DID presents the
    first user's credentials. The presentation is well signed, its credentials are not about its
    holder."""
    walk, credentials = issued
    other = start_walk(client, issuer, email="someone.else@example.com")
    presentation = present(client, other, credentials)
    summary = read_presentation(presentation)  # nothing given: the holder it names
    assert summary.verified is True and summary.all_verified is False
    assert [c.problem for c in summary.credentials] == [
        f"its subject is {walk.user.did}, not {other.user.did}"
    ] * 2


# --- three states: verified, not verified, not checked by the console ---------------------

UNCHECKED = (
    "a type the console does not check (it checks DataIntegrityProof (eddsa-jcs-2022) only): "
    "the signature is neither verified nor known to be bad"
)


def as_hypersign_signs(document: dict) -> dict:
    """The document with its proof restated as Hypersign's service writes one
    (hid-ssi-js-sdk: Ed25519Signature2020, a JSON-LD proof the console cannot canonicalise
    offline, without a cryptosuite). Signer, purpose, challenge and domain are kept."""
    proof = {k: v for k, v in document["proof"].items() if k != "cryptosuite"}
    return document | {"proof": proof | {"type": "Ed25519Signature2020"}}


def test_a_credential_in_each_of_the_three_states(issued, issuer) -> None:
    walk, credentials = issued
    good = read_credential(credentials[0], issuer=issuer.did, subject=walk.user.did)
    assert (good.verified, good.problem) == (True, None)

    unchecked = read_credential(
        as_hypersign_signs(credentials[0]),
        issuer=issuer.did,
        subject=walk.user.did,
    )
    assert unchecked.verified is None
    assert unchecked.problem == f"its proof is Ed25519Signature2020, {UNCHECKED}"
    assert unchecked.proof is not None and unchecked.proof.type == "Ed25519Signature2020"

    tampered = deepcopy(credentials[0])
    tampered["credentialSubject"]["dateOfBirth"] = "1970-01-01"
    bad = read_credential(tampered, issuer=issuer.did, subject=walk.user.did)
    assert bad.verified is False
    assert (bad.problem or "").startswith("the signature does not verify: ")
    assert (bad.problem or "").count("does not verify") == 1  # said once, then why


@pytest.mark.parametrize(
    ("proof", "kind"),
    [
        ({"type": "Ed25519Signature2020"}, "Ed25519Signature2020"),
        ({"type": "Ed25519Signature2018", "jws": "eyJ..."}, "Ed25519Signature2018"),
        (
            {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"},
            "DataIntegrityProof (eddsa-rdfc-2022)",
        ),
        (
            {"type": "DataIntegrityProof", "cryptosuite": "ecdsa-rdfc-2019"},
            "DataIntegrityProof (ecdsa-rdfc-2019)",
        ),
        ({"type": "BbsBlsSignature2020"}, "BbsBlsSignature2020"),
    ],
    ids=["ed25519-2020", "ed25519-2018", "eddsa-rdfc", "ecdsa-rdfc", "bbs"],
)
def test_any_other_proof_type_is_not_checked_rather_than_failed(proof: dict, kind: str) -> None:
    credential = signed()
    kept = {k: v for k, v in credential["proof"].items() if k not in ("type", "cryptosuite")}
    credential["proof"] = kept | proof
    summary = read_credential(credential)
    assert summary.verified is None
    assert summary.problem == f"its proof is {kind}, {UNCHECKED}"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"type": None}, "its proof names no type"),
        ({"cryptosuite": None}, "its DataIntegrityProof names no cryptosuite"),
        (
            {"type": "Ed25519Signature2020", "cryptosuite": None, "proofPurpose": "authentication"},
            "its proof purpose is 'authentication', not 'assertionMethod'",
        ),
        (
            {
                "type": "Ed25519Signature2020",
                "cryptosuite": None,
                "verificationMethod": f"{SUBJECT}#key-1",
            },
            f"it is signed by {SUBJECT}, not by its issuer {ISSUER}",
        ),
    ],
    ids=["no-type", "no-cryptosuite", "unchecked-wrong-purpose", "unchecked-wrong-signer"],
)
def test_what_is_wrong_without_the_signature_is_still_false(change: dict, problem: str) -> None:
    credential = signed()
    proof = credential["proof"] | change
    credential["proof"] = {k: v for k, v in proof.items() if v is not None}
    summary = read_credential(credential)
    assert (summary.verified, summary.problem) == (False, problem)


def test_an_unchecked_proof_does_not_excuse_an_unmet_expectation() -> None:
    credential = as_hypersign_signs(signed(expirationDate="2025-06-30T00:00:00Z"))
    summary = read_credential(credential, issuer=OTHER_DID, now=datetime(2026, 1, 1, tzinfo=UTC))
    assert summary.verified is False
    assert summary.problem == (
        f"its issuer is {ISSUER}, not {OTHER_DID}; it expired on 2025-06-30T00:00:00Z; "
        f"its proof is Ed25519Signature2020, {UNCHECKED}"
    )


def test_a_proof_in_a_one_element_list_is_checked() -> None:
    credential = signed()
    good = credential | {"proof": [credential["proof"]]}
    assert (read_credential(good).verified, read_credential(good).problem) == (True, None)
    tampered = good | {"issuanceDate": "2020-01-01T00:00:00Z"}
    assert read_credential(tampered).verified is False


def test_a_presentation_of_credentials_signed_as_hypersign_signs(client, issued, issuer) -> None:
    """Hypersign's credentials, presented through the SSI service: the holder's proof is
    checked; the credentials' are not, and the presentation is not all verified, nor failed."""
    walk, credentials = issued
    restated = [as_hypersign_signs(c) for c in credentials]
    summary = read_presentation(
        present(client, walk, restated),
        challenge=walk.session_id,
        domain=DOMAIN,
        holder=walk.user.did,
        issuer=issuer.did,
    )
    assert (summary.verified, summary.problem) == (True, None)
    assert [(c.verified, c.problem) for c in summary.credentials] == [
        (None, f"its proof is Ed25519Signature2020, {UNCHECKED}")
    ] * 2
    assert summary.all_verified is False
    assert summary.verdict is None


def test_a_presentation_in_each_of_the_three_states(client, issued) -> None:
    walk, credentials = issued
    presentation = present(client, walk, credentials)
    good = read_presentation(presentation, challenge=walk.session_id, domain=DOMAIN)
    assert (good.verified, good.all_verified, good.verdict) == (True, True, True)

    unchecked = read_presentation(
        as_hypersign_signs(presentation),
        challenge=walk.session_id,
        domain=DOMAIN,
    )
    assert unchecked.verified is None
    assert unchecked.problem == f"its proof is Ed25519Signature2020, {UNCHECKED}"
    assert (unchecked.all_verified, unchecked.verdict) == (False, None)

    tampered = deepcopy(presentation)
    tampered["verifiableCredential"][0]["credentialSubject"]["dateOfBirth"] = "1970-01-01"
    mixed = read_presentation(tampered)
    assert mixed.verified is False  # the holder signed other credentials than these
    assert (mixed.all_verified, mixed.verdict) == (False, False)

    one_bad = read_presentation(
        present(client, walk, [tampered["verifiableCredential"][0], credentials[1]])
    )
    assert one_bad.verified is True
    assert [c.verified for c in one_bad.credentials] == [False, True]
    assert (one_bad.all_verified, one_bad.verdict) == (False, False)

    bad_and_unchecked = read_presentation(
        present(
            client,
            walk,
            [
                tampered["verifiableCredential"][0],
                as_hypersign_signs(credentials[1]),
            ],
        )
    )
    assert [c.verified for c in bad_and_unchecked.credentials] == [False, None]
    assert bad_and_unchecked.verdict is False  # a failure is never hidden by an unchecked one
