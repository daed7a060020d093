"""HyperVerge CKYC Individual Download's documented answers (hyperverge-ckyc-download.txt).

Both calls answer `{status, statusCode, result}` or `{status, statusCode, error: {code,
message}}`, status codes as strings. The download's keys are the document's success example;
those it says come only on request (or from v1.0.3) are optional.
"""

from console.core.contract import (
    ANY_OBJECT,
    BOOLEAN,
    INTEGER,
    NUMBER,
    STRING,
    Answer,
    Call,
    Contract,
    Step,
    array,
    json_body,
    obj,
)

_RECORD_STRINGS = (
    "constitutionType accountType ckycNo preFix firstName middleName lastName fullName "
    "fatherOrSpouse fatherPrefix fatherFname fatherMname fatherLname fatherFullName motherPrefix "
    "motherFname motherMname motherLname motherFullName gender dob age address1 address2 "
    "address3 city district state country pincode permAndCorresAddSame corresAddress1 "
    "corresAddress2 corresAddress3 corresCity corresDist corresState corresCountry corresPin "
    "resiStdCode resiTelNo email decDate decPlace kycDate updatedDate corresPoa poa DocSub "
    "kycName kycDesignation kycBranch kycEmpCode orgName orgCode officeStdCode officeTelNo "
    "numIdentity numRelated numImages aadhaar pan formSixty disabilityUuidNum"
).split()
# "Returned only when ...", and mobileCode / mobileNumber "available from v1.0.3".
_ON_REQUEST = (
    "mobileCode mobileNumber downloadCount updateCount ckycRefNo residentialStatus "
    "foreignNationalId"
).split()
_ID_LIST = array(obj({"type": STRING, "status": STRING}))  # "idList (type, status)"
# Not documented by the vendor: an image entry's keys ("a list of images"); left open.
_IMAGES = array(ANY_OBJECT)
_RECORD = {
    **{name: STRING for name in _RECORD_STRINGS},
    "idList": _ID_LIST,
    "imageDetails": _IMAGES,
    "disabilityFlag": BOOLEAN,
    "disabilityType": INTEGER,
    "disabilityPercentage": NUMBER,
}
_OPTIONAL = {name: STRING for name in _ON_REQUEST}
DOWNLOAD = obj(_RECORD, _OPTIONAL)
# The search keeps the download's structure; CERSAI fills only the keys listed for it.
_SEARCH_KEYS = ("ckycNo", "fullName", "dob", "gender", "age", "kycDate", "updatedDate", "idList")
SEARCH = obj(
    {key: _RECORD[key] for key in _SEARCH_KEYS},
    {**{k: v for k, v in _RECORD.items() if k not in _SEARCH_KEYS}, **_OPTIONAL},
)
OTP_SENT = obj({"message": STRING, "requestId": STRING}, {"ckycRefNo": STRING})


def _success(result: dict) -> Answer:
    return Answer(json_body(obj({"status": STRING, "statusCode": STRING, "result": result})))


def _failure(codes: tuple[str, ...] | None = None) -> Answer:
    error = obj({"code": STRING, "message": STRING})
    body = json_body(obj({"status": STRING, "statusCode": STRING, "error": error}))
    return Answer(body, frozenset(codes) if codes else None, ("error", "code"))


# The document shows codes for its 400 and 401 only; the 404s and the 500 name none (the
# adapter tells OTP outcomes apart by message), so their codes are not checked.
_START_ERRORS = {
    400: _failure(("ER_REQ_VALIDATE",)),
    # The Start section shows no 401 body: ER_AUTH is the Validate section's sample, for the
    # same "Missing/Invalid credentials" row both tables list.
    401: _failure(("ER_AUTH",)),
    404: _failure(),
    500: _failure(),
}
_VALIDATE_ERRORS = {401: _failure(("ER_AUTH",)), 404: _failure(), 500: _failure()}


def _start_or_search(call: Call) -> str:
    """One path, two calls: `returnOnlySearchResponse: "yes"` asks for the search alone."""
    return "search" if call.body_field("returnOnlySearchResponse") == "yes" else "start"


def _validate_or_resend(call: Call) -> str:
    """One path, two calls: `retry: "yes"` asks for the OTP again."""
    return "resend-otp" if call.body_field("retry") == "yes" else "validate-otp"


CONTRACT = Contract(
    {
        "search": Step({200: _success(SEARCH), **_START_ERRORS}),
        "start": Step({200: _success(OTP_SENT), **_START_ERRORS}),
        "validate-otp": Step({200: _success(DOWNLOAD), **_VALIDATE_ERRORS}),
        # A resend that worked is documented as a 404 "Resend OTP Sent successfully ...".
        "resend-otp": Step(_VALIDATE_ERRORS),
    },
    routes={
        ("POST", "/api/v1/start"): _start_or_search,
        ("POST", "/api/v1/validateOtpAndDownload"): _validate_or_resend,
    },
)
