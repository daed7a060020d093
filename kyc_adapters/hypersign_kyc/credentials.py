"""W3C Verifiable Credentials and Presentations, read into what a person wants to see: who
issued it, to whom, what it says, how it is signed, and whether that signature VERIFIES.

A signature is checked with `ssi.proofs.verify_with_did` (the key comes from the DID in the
proof's verificationMethod); on top of it, the signer must be the one the document names (a
credential's issuer, a presentation's holder) and the proof's purpose the one W3C gives it
(assertionMethod for a credential, authentication for a presentation), else a valid signature
by the wrong key would pass.
"""

from collections.abc import Mapping
from dataclasses import dataclass
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
    verified: bool  # the holder's own proof
    problem: str | None

    @property
    def all_verified(self) -> bool:
        """The holder's proof and every credential's."""
        return self.verified and all(c.verified for c in self.credentials)


def read_credential(credential: Mapping[str, Any]) -> CredentialSummary:
    subject = credential.get("credentialSubject")
    subject = subject if isinstance(subject, Mapping) else {}
    issuer = _id(credential.get("issuer"))
    proof = _proof(credential.get("proof"))
    problem = _check(credential, proof, issuer, "issuer", CREDENTIAL_PURPOSE)
    return CredentialSummary(
        id=_str(credential.get("id")),
        types=_types(credential.get("type")),
        issuer=issuer,
        subject_id=_str(subject.get("id")),
        claims={k: v for k, v in subject.items() if k != "id"},
        issued=_str(credential.get("issuanceDate") or credential.get("validFrom")),
        expires=_str(credential.get("expirationDate") or credential.get("validUntil")),
        proof=proof,
        verified=problem is None,
        problem=problem,
    )


def read_presentation(
    presentation: Mapping[str, Any], *, challenge: str | None = None, domain: str | None = None
) -> PresentationSummary:
    """`challenge` and `domain`, when given, must be the proof's (the session id, the origin)."""
    holder = _id(presentation.get("holder"))
    proof = _proof(presentation.get("proof"))
    problem = _check(presentation, proof, holder, "holder", PRESENTATION_PURPOSE)
    if problem is None and proof is not None:
        if challenge is not None and proof.challenge != challenge:
            problem = f"its challenge is {proof.challenge!r}, not {challenge!r}"
        elif domain is not None and proof.domain != domain:
            problem = f"its domain is {proof.domain!r}, not {domain!r}"
    embedded = presentation.get("verifiableCredential") or []
    if isinstance(embedded, Mapping):
        embedded = [embedded]
    return PresentationSummary(
        holder=holder,
        types=_types(presentation.get("type")),
        credentials=tuple(read_credential(c) for c in embedded if isinstance(c, Mapping)),
        proof=proof,
        verified=problem is None,
        problem=problem,
    )


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
