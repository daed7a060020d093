"""The documented request bodies, as the document's code sends them (strict: a number is not a
string; keys the document does not send are ignored)."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)


class DidCreate(_Body):
    namespace: str = Field(default="", description='"" (mainnet) or "testnet"')


class JwtIssuer(_Body):
    verificationmethodId: str
    did: str


class IssueJwt(_Body):
    issuer: JwtIssuer
    audience: str
    claims: dict[str, Any] = Field(default_factory=dict)
    ttlSeconds: int = Field(default=3600, description="60..86400")


class Exchange(_Body):
    provider: str = Field(description='"client_auth"')
    sessionId: str


class Extract(_Body):
    documentFront: str = Field(description="base64 image, with or without a data: prefix")
    documentBack: str | None = Field(default=None, description="GOVT_ID only")
    sessionId: str
    documentType: str = Field(description='"PASSPORT" or "GOVT_ID"')
    countryCode: str | None = Field(default=None, description="ISO 3166 alpha-3 (GOVT_ID)")


class Biometrics(_Body):
    documentToken: str
    sessionId: str
    selfieImage: str = Field(description="base64 image, with or without a data: prefix")
    holderDid: str


class Presentation(_Body):
    credentialDocuments: list[dict[str, Any]]
    holderDid: str
    challenge: str = Field(description="the KYC session id")
    domain: str = Field(description="the origin, scheme included (window.location.origin)")
    verificationMethodId: str


class Consents(_Body):
    sessionId: str
    presentation: dict[str, Any]
