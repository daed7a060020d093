"""Every documented outcome of CKYC Individual Download, as a request QA can send after a reset."""

from sandbox.core.scenarios import Scenario, ScenarioExpect, ScenarioRequest, scenario_maker
from sandbox.hyperverge_ckyc import errors as err
from sandbox.hyperverge_ckyc.routes import SANDBOX_APP_ID, SANDBOX_APP_KEY
from sandbox.hyperverge_ckyc.seed import MAGIC_DSC_EXPIRED, MAGIC_SERVER_ERROR, SEED_OTP

VENDOR = "hyperverge-ckyc"
PREFIX = "/hyperverge-ckyc"
START = f"{PREFIX}/api/v1/start"
VALIDATE = f"{PREFIX}/api/v1/validateOtpAndDownload"
HEADERS = {
    "content-type": "application/json",
    "appId": SANDBOX_APP_ID,
    "appKey": SANDBOX_APP_KEY,
    "transactionId": "qa-scenario-0001",
}


def _start(**body) -> ScenarioRequest:
    return ScenarioRequest(path=START, headers=HEADERS, json={"entityType": "individual", **body})


def _validate(**body) -> ScenarioRequest:
    return ScenarioRequest(
        path=VALIDATE, headers=HEADERS, json={"entityType": "individual", **body}
    )


def _error(status: int, code: str, message: str) -> ScenarioExpect:
    return ScenarioExpect(status=status, code=code, message=message)


# Safe to send to the real vendor (why: sandbox/core/scenarios.py, Scenario.live_safe).
LIVE_SAFE = frozenset(
    {
        "invalid-credentials",
    }
)


_scenario = scenario_maker(VENDOR, LIVE_SAFE)


def catalog() -> list[Scenario]:
    asha_pan = {"idType": "C", "idNo": "ABCPK1234F"}
    return [
        _scenario(
            "happy-path",
            "Download with the right OTP",
            "A seeded session waits for OTP 246810 (in a real walk: start with PAN ABCPK1234F "
            "and mobile 9876501865, then read the OTP from the sandbox inbox).",
            _validate(
                otp=SEED_OTP,
                requestId="sbx-otp-pending",
                outputImageType="base64",
                returnRecordCountDetails="yes",
                returnckycRefNo="yes",
                returnResidentialStatus="yes",
            ),
            ScenarioExpect(
                status=200,
                fields={
                    "status": "success",
                    "statusCode": "200",
                    "result.fullName": "ASHA SPECIMEN KUMARI",
                    "result.ckycRefNo": "CKYCREF0001",
                    "result.downloadCount": "5",
                },
            ),
        ),
        _scenario(
            "start-otp-sent",
            "Start: OTP sent to the registered mobile",
            "PAN of Asha Specimen Kumari with her registered mobile; the OTP lands in the inbox.",
            _start(**asha_pan, mobileNo="9876501865", returnckycRefNo="yes"),
            ScenarioExpect(
                status=200,
                fields={
                    "result.message": "OTP has been sent to the registered mobile number XXXXXX1865"
                },
            ),
        ),
        _scenario(
            "start-aadhaar",
            "Start with Aadhaar (idType E)",
            "idNo in the aadhaar|name|dob|gender format.",
            _start(
                idType="E",
                idNo="999941057058|Asha Specimen Kumari|15-08-1990|F",
                mobileNo="9876501865",
            ),
            ScenarioExpect(
                status=200,
                fields={
                    "result.message": "OTP has been sent to the registered mobile number XXXXXX1865"
                },
            ),
        ),
        _scenario(
            "search-only",
            "Search only (no OTP)",
            "returnOnlySearchResponse=yes: CERSAI's search fields, no OTP, no mobile needed.",
            _start(
                idType="M", idNo="9876501865", returnOnlySearchResponse="yes", returnckycRefNo="yes"
            ),
            ScenarioExpect(
                status=200,
                fields={
                    "result.fullName": "ASHA SPECIMEN KUMARI",
                    "result.ckycNo": "XXXXXXXXXX8901",
                    "result.kycDate": "********",
                    "result.ckycRefNo": "CKYCREF0001",
                },
            ),
        ),
        _scenario(
            "auth-factor-mismatch",
            "Mobile does not match the record",
            "Vikram Sample Rao's CKYC holds 9811100000; any other mobile is refused.",
            _start(idType="C", idNo="BBBPR5555B", mobileNo="9000000000"),
            _error(400, "ER_REQ_VALIDATE", err.AUTH_FACTOR_MISMATCH),
        ),
        _scenario(
            "mobile-not-registered",
            "No mobile in the record",
            "Meera Demo Nair has no registered mobile: download only by bulk file.",
            _start(idType="C", idNo="AAAPN0000A", mobileNo="9000000000"),
            _error(400, "ER_REQ_VALIDATE", err.MOBILE_NOT_REGISTERED),
        ),
        _scenario(
            "invalid-credentials",
            "Missing or invalid appId/appKey",
            "Any appKey other than the sandbox's.",
            ScenarioRequest(
                path=START,
                headers={**HEADERS, "appKey": "wrong-key"},
                json={"entityType": "individual", **asha_pan, "mobileNo": "9876501865"},
            ),
            _error(401, "ER_AUTH", err.INVALID_CREDENTIALS),
        ),
        _scenario(
            "no-record",
            "No record found",
            "An ID that CKYC does not hold.",
            _start(idType="C", idNo="ZZZPZ9999Z", mobileNo="9876501865"),
            _error(404, "ER_NOT_FOUND", err.NO_RECORD),
        ),
        _scenario(
            "dsc-expired",
            "Digital signature certificate expired",
            f"Magic idNo {MAGIC_DSC_EXPIRED} (any idType).",
            _start(idType="C", idNo=MAGIC_DSC_EXPIRED, mobileNo="9876501865"),
            _error(404, "ER_DSC", err.DSC_EXPIRED),
        ),
        _scenario(
            "server-error",
            "Internal Server Error",
            f"Magic idNo {MAGIC_SERVER_ERROR} (or arm an http_500 fault).",
            _start(idType="C", idNo=MAGIC_SERVER_ERROR, mobileNo="9876501865"),
            _error(500, "ER_SERVER", err.SERVER_ERROR),
        ),
        _scenario(
            "invalid-otp",
            "Wrong OTP: attempts left",
            "3 attempts per OTP; the first wrong one leaves 2.",
            _validate(otp="000000", requestId="sbx-otp-pending"),
            _error(404, "ER_OTP", err.INVALID_OTP.format(count=2)),
        ),
        _scenario(
            "otp-attempts-exhausted",
            "Wrong OTP on the last attempt",
            "The session is terminated; restart with /api/v1/start.",
            _validate(otp="000000", requestId="sbx-otp-last-attempt"),
            _error(404, "ER_OTP", err.OTP_EXHAUSTED),
        ),
        _scenario(
            "resend-too-early",
            "Resend inside the 90 s cooldown",
            "Empty otp + retry=yes less than 90 s after the last OTP.",
            _validate(otp="", retry="yes", requestId="sbx-otp-pending"),
            _error(404, "ER_OTP", err.RESEND_TOO_EARLY),
        ),
        _scenario(
            "resend-sent",
            "Resend after the cooldown",
            "The vendor answers a successful resend with a 404 and this message; a new OTP "
            "goes to the inbox and the session has 3 fresh attempts.",
            _validate(otp="", retry="yes", requestId="sbx-resend-ready"),
            _error(404, "ER_OTP", err.RESEND_SENT.format(masked="XXXXXX9999", count=2)),
        ),
        _scenario(
            "resend-limit",
            "A fourth resend",
            "Not documented by the vendor: after 3 resends the sandbox refuses with this message.",
            _validate(otp="", retry="yes", requestId="sbx-resends-used"),
            _error(404, "ER_OTP", err.RESEND_LIMIT),
        ),
        _scenario(
            "bad-aadhaar-format",
            "Malformed Aadhaar idNo",
            "idType E needs aadhaar|name|dob|gender.",
            _start(idType="E", idNo="999941057058", mobileNo="9876501865"),
            _error(
                400,
                "ER_REQ_VALIDATE",
                '"idNo" for idType E must be in the format aadhaar|name|dob|gender',
            ),
        ),
        _scenario(
            "missing-mobile",
            "Download without mobileNo",
            "mobileNo is mandatory unless returnOnlySearchResponse is yes.",
            _start(**asha_pan),
            _error(
                400,
                "ER_REQ_VALIDATE",
                '"mobileNo" is required unless returnOnlySearchResponse is yes',
            ),
        ),
        _scenario(
            "unknown-request-id",
            "Unknown requestId",
            "Not documented by the vendor: a requestId the service never issued.",
            _validate(otp="123456", requestId="no-such-request"),
            _error(404, "ER_OTP", err.UNKNOWN_REQUEST),
        ),
    ]
