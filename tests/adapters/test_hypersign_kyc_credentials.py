"""Reading credentials and presentations with what the console expects of them: a good signature
only says a document is self-consistent, so the issuer (the app's DID), the subject (the user's
DID), the holder, the challenge and domain, and the expiry are checked when given. Credentials
and presentations come from the sandbox over HTTP; a few are signed here, with literal dates.
Expected values are literals or the DIDs the test itself made or was given."""

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
