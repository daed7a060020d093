"""Where the simulator lives: its id, its prefix, and the two services' paths below it.

OneKYC runs two hosts (public): the token host onekyc-token.ky.id.gopayapi.com and the API
host onekyc.ky.id.gopayapi.com. The sandbox serves each below the vendor's prefix on a
sub-prefix of its own (/token, /api), so a client switches between sandbox and live by its two
base URLs alone.

Not documented by the vendor: the paths. Getting Authentication Token and Initiate Flow are
from OneKYC's public docs; the SDK's capture calls, Get Submission Details and the image URLs
are the team's choice (notes/onekyc-contract.md).
"""

VENDOR = "onekyc-siv"
PREFIX = "/onekyc-siv"
TOKEN_HOST = "/token"
API_HOST = "/api"

TOKEN = TOKEN_HOST + "/v1/esign/partner/authentication"
INITIATE_FLOW = API_HOST + "/coe-partner/v1/initiate-flow"
SUBMISSION = API_HOST + "/coe-partner/v1/submissions/{submissionId}"
KTP = API_HOST + "/coe-sdk/v1/submissions/ktp"
SELFIE = API_HOST + "/coe-sdk/v1/submissions/selfie"
IMAGE = API_HOST + "/coe-sdk/v1/images/{submissionId}/{kind}"
SDK_PREFIX = API_HOST + "/coe-sdk/"

IMAGE_KINDS = ("KTP", "SELFIE", "ADDITIONAL_SELFIE")


def submission_path(submission_id: str) -> str:
    return SUBMISSION.format(submissionId=submission_id)


def image_path(submission_id: str, kind: str) -> str:
    return IMAGE.format(submissionId=submission_id, kind=kind)


def on_api_host(path: str) -> str:
    """An API host path below that host's base URL."""
    return path.removeprefix(API_HOST)
