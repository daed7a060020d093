"""W3C Verifiable Credentials and Presentations, read into what a person wants to see: who
issued it, to whom, what it says, how it is signed, and whether it VERIFIES.

`verified` has three states:
- True: the proof is one the console checks (DataIntegrityProof, cryptosuite eddsa-jcs-2022)
  and its signature verifies, and the document meets every expectation given.
- False: something is wrong: no proof, a signature that does not verify, a signer that is not
  the document's issuer or holder, a wrong proof purpose, or an expectation the caller gave
  that the document does not meet (issuer, subject, holder, challenge, domain, expiry).
- None: nothing is known to be wrong, but the proof is of a type the console does not check.
  Hypersign's own service signs with `Ed25519Signature2020` (hid-ssi-js-sdk), whose JSON-LD
  canonicalisation (URDNA2015) fetches remote @context documents: this code runs offline, so it
  does not check those, and says so in `problem` instead of calling the signature bad.

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
# The one proof the console checks itself (ssi.proofs); any other is read, not checked.
CHECKED_PROOF = (proofs.PROOF_TYPE, proofs.CRYPTOSUITE)
BAD_SIGNATURE = "the signature does not verify"


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

    @property
    def checked_by_the_console(self) -> bool:
        """A DataIntegrityProof of cryptosuite eddsa-jcs-2022: the console checks its
        signature; any other type is read only."""
        return (self.type, self.cryptosuite) == CHECKED_PROOF

    @property
    def kind(self) -> str:
        """The proof's type, with its cryptosuite when it names one."""
        kind = self.type or "untyped proof"
        return f"{kind} ({self.cryptosuite})" if self.cryptosuite else kind


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
    # True: checked and good; False: something is wrong; None: nothing found wrong, but the
    # proof's type is one the console does not check (see the module docstring).
    verified: bool | None
    problem: str | None  # why it is not True (None when it is)


@dataclass(frozen=True)
class PresentationSummary:
    holder: str | None
    types: tuple[str, ...]
    credentials: tuple[CredentialSummary, ...]
    proof: ProofSummary | None
    verified: bool | None  # the holder's own proof and the expectations given (as above)
    problem: str | None

    @property
    def all_verified(self) -> bool:
        """True only if the holder's proof and every credential's are checked and good."""
        return self.verified is True and all(c.verified is True for c in self.credentials)

    @property
    def verdict(self) -> bool | None:
        """The whole presentation in one of the three states: False if anything is wrong,
        else None if anything is unchecked, else True."""
        states = [self.verified, *(c.verified for c in self.credentials)]
        if False in states:
            return False
        return None if None in states else True


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
    verified, problem = _verdict(
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
        verified=verified,
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
    verified, problem = _verdict(
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
        verified=verified,
        problem=problem,
    )


def _verdict(
    problems: list[str], proof: tuple[bool | None, str | None]
) -> tuple[bool | None, str | None]:
    """The three states from the proof's own verdict and the unmet expectations: an unmet
    expectation is False whatever the proof (the unchecked proof still said)."""
    state, reason = proof
    if not problems:
        return state, reason
    if state is False:
        return False, "; ".join([reason or "its proof does not verify", *problems])
    return False, "; ".join([*problems, *([reason] if reason else [])])


def _check(
    document: Mapping[str, Any],
    proof: ProofSummary | None,
    signer: str | None,
    role: str,
    purpose: str,
) -> tuple[bool | None, str | None]:
    """The document's proof: (True, None) when it verifies, (False, why) when it does not,
    (None, what it is) when it is of a type the console does not check."""
    if proof is None:
        return False, "it carries no proof"
    if not signer:
        return False, f"it names no {role}"
    if proof.signer != signer:
        return False, f"it is signed by {proof.signer}, not by its {role} {signer}"
    if proof.purpose != purpose:
        return False, f"its proof purpose is {proof.purpose!r}, not {purpose!r}"
    if not proof.type:
        return False, "its proof names no type"
    if proof.type == proofs.PROOF_TYPE and not proof.cryptosuite:
        return False, f"its {proofs.PROOF_TYPE} names no cryptosuite"
    if not proof.checked_by_the_console:
        return None, (
            f"its proof is {proof.kind}, a type the console does not check (it checks "
            f"{proofs.PROOF_TYPE} ({proofs.CRYPTOSUITE}) only): the signature is neither "
            "verified nor known to be bad"
        )
    try:
        # The proof as read (a one-element proof list unwrapped): the rest of the document is
        # what was signed.
        proofs.verify_with_did({**document, "proof": _proof_object(document.get("proof"))})
    except proofs.ProofError as exc:
        reason = str(exc).removeprefix(BAD_SIGNATURE).removeprefix(": ")
        return False, f"{BAD_SIGNATURE}: {reason}" if reason else BAD_SIGNATURE
    except (DidError, ValueError, TypeError, KeyError) as exc:
        return False, f"the proof cannot be checked: {exc}"
    return True, None


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


def _proof_object(value: Any) -> Any:
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def _proof(value: Any) -> ProofSummary | None:
    value = _proof_object(value)
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
