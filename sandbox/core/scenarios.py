"""The scenario catalog's entry shape: a complete request and what it must produce."""

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, Field


class ScenarioFile(BaseModel):
    """One file part of a multipart request; the sandbox serves its bytes at `url`."""

    field: str = Field(description="the form field the file is sent as")
    filename: str
    url: str = Field(description="from the server root: GET it for the file's bytes")
    content_type: str = Field(alias="contentType")

    model_config = {"populate_by_name": True}


class ScenarioRequest(BaseModel):
    method: Literal["GET", "POST", "PUT", "DELETE"] = "POST"
    path: str = Field(description="from the server root, vendor prefix included")
    headers: dict[str, str] = {}
    json_body: Any = Field(default=None, alias="json")
    form: dict[str, str] | None = None
    files: list[ScenarioFile] | None = Field(
        default=None, description="file parts sent with `form` as multipart/form-data, in order"
    )
    multipart: bool = Field(
        default=False,
        description="send `form` as multipart/form-data even without `files` (the vendor's "
        "document requires it); otherwise `form` alone is sent url-encoded",
    )

    model_config = {"populate_by_name": True}


class ScenarioExpect(BaseModel):
    status: int
    code: str | None = None
    message: str | None = None
    fields: dict[str, Any] = Field(
        default={}, description="dotted paths in the response body and their values"
    )


class Scenario(BaseModel):
    vendor: str
    id: str
    title: str
    description: str
    request: ScenarioRequest
    expect: ScenarioExpect
    # Safe live: only the refusals that come from the credentials alone (absent, malformed or
    # not an account's), sent without a photo. A real vendor turns them away before it reads
    # anything else, so they change nothing there, carry only the catalog's synthetic data,
    # and get the same answer whatever account the console holds. Every other entry needs the
    # sandbox's seeded state or a real account, or would act on one.
    live_safe: bool = Field(
        default=False, description="safe to send as it stands to the real vendor"
    )

    def to_json(self) -> dict:
        return self.model_dump(by_alias=True, exclude_none=True)


def scenario_maker(vendor: str, live_safe: frozenset[str] = frozenset()) -> Callable[..., Scenario]:
    """A vendor's entry maker: `make(id, title, description, request, expect)`, the entries
    named in `live_safe` marked so."""

    def make(
        id_: str, title: str, description: str, request: ScenarioRequest, expect: ScenarioExpect
    ) -> Scenario:
        return Scenario(
            vendor=vendor,
            id=id_,
            title=title,
            description=description,
            request=request,
            expect=expect,
            live_safe=id_ in live_safe,
        )

    return make
