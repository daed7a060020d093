"""Where the simulator lives: its id, its prefix, the documented path and the hosted journey's.

The document names one API path, on https://ekyc.messagecentral.com, and shows the URL it hands
back, `<host>/kyc/flow/<token>`. What the hosted journey posts to below that is the vendor's own
business (its pages are the only client): the sandbox's journey lives under /kyc/journey/.
"""

VENDOR = "messagecentral-ekyc"
PREFIX = "/messagecentral-ekyc"

GENERATE_URL = "/ekyc/api/v1/redirection/generate-url"
FLOW = "/kyc/flow/{token}"  # the URL handed back, single use
JOURNEY = "/kyc/journey/{session}"  # the journey's page, whatever step it stands at
STEP = JOURNEY + "/{step}"


def flow_path(token: str) -> str:
    return FLOW.format(token=token)


def journey_path(session: str) -> str:
    return JOURNEY.format(session=session)
