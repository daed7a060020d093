"""W3C Verifiable Credentials and Presentations, read into what a person wants to see: who
issued it, to whom, what it says, how it is signed, and whether it VERIFIES.

A signature is checked with `ssi.proofs.verify_with_did` (the key comes from the DID in the
proof's verificationMethod); on top of it, the signer must be the one the document names (a
credential's issuer, a presentation's holder) and the proof's purpose the one W3C gives it
(assertionMethod for a credential, authentication for a presentation), else a valid signature
by the wrong key would pass. A valid signature only says the document is self-consistent; who
it must come from, be about, and until when, only the caller knows: `issuer`, `subject`,
`holder`, `challenge`, `domain` and `now`, each checked when given.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ssi import proofs
from ssi.did import DidError

CREDENTIAL_PURPOSE = "assertionMethod"
PRESENTATION_PURPOSE = "authentication"
BASE_TYPES = ("VerifiableCredential", "VerifiablePresentation")


@dataclass(frozen=True)
class ProofSummary:
    type: str | None
    cryptosuite: str | None
    created: str | None
    verification_method: str | None
    purpose: str | None
    challenge: str | None = None
    domain: str | None = None

    @property
    def signer(self) -> str | None:
        """The DID whose key made the proof."""
        return self.verification_method.split("#", 1)[0] if self.verification_method else None


@dataclass(frozen=True)
class CredentialSummary:
    id: str | None
    types: tuple[str, ...]  # beyond VerifiableCredential, e.g. ("PassportCredential",)
    issuer: str | None
    subject_id: str | None
    claims: dict[str, Any]  # credentialSubject without its id
    issued: str | None
    expires: str | None
    proof: ProofSummary | None
    verified: bool
    problem: str | None  # why it does not verify (None when it does)


@dataclass(frozen=True)
class PresentationSummary:
    holder: str | None
    types: tuple[str, ...]
    credentials: tuple[CredentialSummary, ...]
    proof: ProofSummary | None
    verified: bool  # the holder's own proof and the expectations given
    problem: str | None

    @property
    def all_verified(self) -> bool:
        """The holder's proof and every credential's."""
        return self.verified and all(c.verified for c in self.credentials)


def read_credential(
    credential: Mapping[str, Any],
    *,
    issuer: str | None = None,
    subject: str | None = None,
    now: datetime | None = None,
) -> CredentialSummary:
    """The credential read and checked. Given `issuer` (the app's issuer DID), `subject` (the
    holder's DID) or `now`, a credential from another issuer, about another subject, or whose
    expirationDate / validUntil is before `now` does not verify."""
    claims = credential.get("credentialSubject")
    claims = claims if isinstance(claims, Mapping) else {}
    named_issuer = _id(credential.get("issuer"))
    subject_id = _str(claims.get("id"))
    expires = _str(credential.get("expirationDate") or credential.get("validUntil"))
    proof = _proof(credential.get("proof"))
    problems = []
    if issuer is not None and named_issuer != issuer:
        problems.append(f"its issuer is {named_issuer or 'not named'}, not {issuer}")
    if subject is not None and subject_id != subject:
        problems.append(f"its subject is {subject_id or 'not named'}, not {subject}")
    problems += _expiry_problems(expires, now)
    problem = _problem(
        problems, _check(credential, proof, named_issuer, "issuer", CREDENTIAL_PURPOSE)
    )
    return CredentialSummary(
        id=_str(credential.get("id")),
        types=_types(credential.get("type")),
        issuer=named_issuer,
        subject_id=subject_id,
        claims={k: v for k, v in claims.items() if k != "id"},
        issued=_str(credential.get("issuanceDate") or credential.get("validFrom")),
        expires=expires,
        proof=proof,
        verified=problem is None,
        problem=problem,
    )


def read_presentation(
    presentation: Mapping[str, Any],
    *,
    challenge: str | None = None,
    domain: str | None = None,
    holder: str | None = None,
    issuer: str | None = None,
    now: datetime | None = None,
) -> PresentationSummary:
    """The presentation read and checked, with each credential in it. Given `challenge` and
    `domain` (the session id, the console's origin), `holder` (the user's DID), `issuer` (the
    app's issuer DID) or `now`, the proof must carry that challenge and domain, the holder be
    `holder`, and each credential be issued by `issuer`, unexpired at `now`, and about the
    holder: `holder` when given, else the holder the presentation names (a holder presents
    credentials about itself, not someone else's)."""
    named_holder = _id(presentation.get("holder"))
    proof = _proof(presentation.get("proof"))
    problems = []
    if holder is not None and named_holder != holder:
        problems.append(f"its holder is {named_holder or 'not named'}, not {holder}")
    if proof is not None:
        if challenge is not None and proof.challenge != challenge:
            problems.append(f"its challenge is {proof.challenge!r}, not {challenge!r}")
        if domain is not None and proof.domain != domain:
            problems.append(f"its domain is {proof.domain!r}, not {domain!r}")
    problems += _expiry_problems(
        _str(presentation.get("expirationDate") or presentation.get("validUntil")), now
    )
    problem = _problem(
        problems, _check(presentation, proof, named_holder, "holder", PRESENTATION_PURPOSE)
    )
    embedded = presentation.get("verifiableCredential") or []
    if isinstance(embedded, Mapping):
        embedded = [embedded]
    subject = holder if holder is not None else named_holder
    return PresentationSummary(
        holder=named_holder,
        types=_types(presentation.get("type")),
        credentials=tuple(
            read_credential(c, issuer=issuer, subject=subject, now=now)
            for c in embedded
            if isinstance(c, Mapping)
        ),
        proof=proof,
        verified=problem is None,
        problem=problem,
    )


def _problem(problems: list[str], proof: str | None) -> str | None:
    """Why the document does not verify: its proof's problem, then the unmet expectations."""
    reasons = [*([proof] if proof else []), *problems]
    return "; ".join(reasons) if reasons else None


def _check(
    document: Mapping[str, Any],
    proof: ProofSummary | None,
    signer: str | None,
    role: str,
    purpose: str,
) -> str | None:
    """Why the document's proof does not verify, or None."""
    if proof is None:
        return "it carries no proof"
    if not signer:
        return f"it names no {role}"
    if proof.signer != signer:
        return f"it is signed by {proof.signer}, not by its {role} {signer}"
    if proof.purpose != purpose:
        return f"its proof purpose is {proof.purpose!r}, not {purpose!r}"
    try:
        proofs.verify_with_did(dict(document))
    except proofs.ProofError as exc:
        return f"the signature does not verify: {exc}"
    except (DidError, ValueError, TypeError, KeyError) as exc:
        return f"the proof cannot be checked: {exc}"
    return None


def _expiry_problems(expires: str | None, now: datetime | None) -> list[str]:
    """Why a document expiring at `expires` is not valid at `now` (none when `now` is not
    given, or the document names no expiry)."""
    if now is None or expires is None:
        return []
    try:
        until = _aware(datetime.fromisoformat(expires))
    except ValueError:
        return [f"its expiry {expires!r} is not a date and time"]
    if until < _aware(now):
        return [f"it expired on {expires}"]
    return []


def _aware(moment: datetime) -> datetime:
    """A date and time without a zone is read as UTC (the VC data model writes UTC)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _proof(value: Any) -> ProofSummary | None:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, Mapping):
        return None
    return ProofSummary(
        type=_str(value.get("type")),
        cryptosuite=_str(value.get("cryptosuite")),
        created=_str(value.get("created")),
        verification_method=_str(value.get("verificationMethod")),
        purpose=_str(value.get("proofPurpose")),
        challenge=_str(value.get("challenge")),
        domain=_str(value.get("domain")),
    )


def _id(value: Any) -> str | None:
    """An issuer or holder: a DID string, or an object with an id."""
    if isinstance(value, Mapping):
        value = value.get("id")
    return _str(value)


def _types(value: Any) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return tuple(str(v) for v in values if v not in BASE_TYPES)


def _str(value: Any) -> str | None:
    return None if value is None else str(value)
