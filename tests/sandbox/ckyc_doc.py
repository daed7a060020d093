"""What the HyperVerge CKYC tests expect, as literals copied from the vendor document
(shared/vendor-docs/hyperverge-ckyc-download.txt), plus the requests they send.

Nothing here comes from the sandbox's own modules: a test that expects what the implementation
says cannot catch the implementation saying something else.
"""

import httpx

# The sandbox's mount and credentials, as the README documents them.
PREFIX = "/hyperverge-ckyc"
START = f"{PREFIX}/api/v1/start"
VALIDATE = f"{PREFIX}/api/v1/validateOtpAndDownload"
HEADERS = {
    "appId": "sandbox-app-id",
    "appKey": "sandbox-app-key",
    "transactionId": "t-1",
    "content-type": "application/json",
}
# Seed data from the README: Asha's PAN and registered mobile.
ASHA = {"idType": "C", "idNo": "ABCPK1234F", "entityType": "individual", "mobileNo": "9876501865"}

# --- the document's messages, verbatim ---------------------------------------------------
AUTH_FACTOR_MISMATCH = (
    "Download failed. Auth Factor does not match that registered in the KYC record"
)
MOBILE_NOT_REGISTERED = (
    "Download failed. Mobile number is not registered in the KYC record. "
    "Please download using bulk file methods"
)
INVALID_CREDENTIALS = "Missing/Invalid credentials"
NO_RECORD = "No record found"
DSC_EXPIRED = "Digital signature cannot be verified. The certificate is expired."
SERVER_ERROR = "Internal Server Error"
RESEND_TOO_EARLY = "Resend OTP Option enable post 90 sec from the first request."
OTP_EXHAUSTED = "Download failed as OTP validation was unsuccessful"


def otp_sent(last4: str) -> str:
    return f"OTP has been sent to the registered mobile number XXXXXX{last4}"


def invalid_otp(remaining: int) -> str:
    return f"Invalid OTP entered. Remaining attempts: {remaining}"


def resend_sent(last4: str, remaining: int) -> str:
    return (
        f"Resend OTP Sent successfully to registered Mobile number XXXXXX{last4} "
        f"remaining attempts ={remaining}"
    )


# The two error codes the document shows.
ER_REQ_VALIDATE = "ER_REQ_VALIDATE"
ER_AUTH = "ER_AUTH"

# The download success sample's keys, in the document's order.
DOWNLOAD_SAMPLE_KEYS = """
constitutionType accountType ckycNo preFix firstName middleName lastName fullName fatherOrSpouse
fatherPrefix fatherFname fatherMname fatherLname fatherFullName motherPrefix motherFname
motherMname motherLname motherFullName gender dob age address1 address2 address3 city district
state country pincode permAndCorresAddSame corresAddress1 corresAddress2 corresAddress3
corresCity corresDist corresState corresCountry corresPin resiStdCode resiTelNo mobileCode
mobileNumber email decDate decPlace kycDate updatedDate idList corresPoa poa DocSub kycName
kycDesignation kycBranch kycEmpCode orgName orgCode officeStdCode officeTelNo numIdentity
numRelated numImages aadhaar pan formSixty imageDetails disabilityFlag disabilityType
disabilityPercentage disabilityUuidNum downloadCount updateCount ckycRefNo residentialStatus
foreignNationalId
""".split()
# "Returned only when returnRecordCountDetails / returnckycRefNo / returnResidentialStatus is yes".
DOWNLOAD_OPTIONAL_KEYS = {
    "downloadCount",
    "updateCount",
    "ckycRefNo",
    "residentialStatus",
    "foreignNationalId",
}

# --- not in the document: the sandbox's choices, which the adapter and console rely on -----
UNKNOWN_REQUEST = "Invalid requestId. Restart the process by calling /api/v1/start again."
RESEND_LIMIT = "Resend OTP limit reached. Restart the process by calling /api/v1/start again."


def start(client: httpx.Client, **overrides) -> httpx.Response:
    return client.post(START, headers=HEADERS, json={**ASHA, **overrides})


def validate(client: httpx.Client, request_id: str, otp: str, **options) -> httpx.Response:
    body = {"otp": otp, "requestId": request_id, "entityType": "individual", **options}
    return client.post(VALIDATE, headers=HEADERS, json=body)


def otp_for(client: httpx.Client, request_id: str, mobile: str = ASHA["mobileNo"]) -> str:
    """The latest OTP the simulated phone received for this request."""
    inbox = client.get("/_sandbox/inbox", params={"mobile": mobile, "requestId": request_id})
    return inbox.json()["messages"][-1]["otp"]


def assert_vendor_error(response: httpx.Response, status: int, message: str | None = None) -> None:
    """The document's failure shape: status "failure", statusCode a string, error code+message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"status", "statusCode", "error"}
    assert body["status"] == "failure" and body["statusCode"] == str(status)
    assert set(body["error"]) == {"code", "message"}
    if message is not None:
        assert body["error"]["message"] == message
