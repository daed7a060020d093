"""Message Central e-KYC Now's documented answers (messagecentral-ekyc-now.txt): generate-url's
200 and its three 401s, `{"detail": ...}`. The document lists no error codes.
"""

from console.core.contract import INTEGER, STRING, Answer, Contract, Step, json_body, obj

URL_GENERATED = obj(
    {
        "url": STRING,
        "token": STRING,
        "journey_id": STRING,
        "expires_in_minutes": INTEGER,
        "message": STRING,
    }
)
DETAIL = obj({"detail": STRING})

# The hosted journey's pages (/kyc/flow/..., /kyc/journey/...) are the browser's, not the
# adapter's: no route names them.
CONTRACT = Contract(
    {"generate-url": Step({200: Answer(json_body(URL_GENERATED)), 401: Answer(json_body(DETAIL))})},
    routes={("POST", "/ekyc/api/v1/redirection/generate-url"): "generate-url"},
)
