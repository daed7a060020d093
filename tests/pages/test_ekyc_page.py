"""AppTest walks of the e-KYC Now page: a URL generated for each flow, the vendor's redirect
arriving at the console's receiver and shown without a manual refresh, expiry on the sandbox
clock, the trial's five attempts, and each refusal as a sentence."""

import httpx
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import page, texts

JOURNEY = "ekyc.journey"


def ekyc(**state) -> AppTest:
    at = page("messagecentral_ekyc")
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def shown(at: AppTest) -> str:
    return " ".join(
        texts(at.markdown)
        + texts(at.caption)
        + texts(at.success)
        + texts(at.warning)
        + texts(at.error)
        + texts(at.info)
    )


def generated(flow: str = "basic") -> AppTest:
    at = ekyc(**{"ekyc.flow": flow})
    at.button(key="ekyc.generate").click().run()
    assert not at.exception
    return at


def test_a_url_is_generated_embedded_and_counted_down(services, store) -> None:
    at = generated()
    journey = at.session_state[JOURNEY]
    assert journey.generated is not None
    text = shown(at)
    assert journey.generated.journey_id in text
    frames = at.get("iframe")
    assert frames and journey.generated.url in str(frames[0].proto)
    assert "30 min 00 s" in " ".join(str(m.value) for m in at.metric) or "29 min" in " ".join(
        str(m.value) for m in at.metric
    )
    exported = store.export_json().decode()
    assert journey.generated.token not in exported  # the single-use link never in history


def test_the_vendors_redirect_is_shown_without_a_manual_refresh(services, store) -> None:
    at = generated("premium")
    journey = at.session_state[JOURNEY]
    # What the hosted journey's last step does: send the browser to the flow's redirection URL.
    flows = httpx.get(f"{services.sandbox_url}/_sandbox/messagecentral-ekyc/flows").json()
    redirect = next(f["redirection_url"] for f in flows if f["type"].lower() == "premium")
    answer = httpx.get(
        redirect,
        params={
            "journey_id": journey.generated.journey_id,
            "status": "failed",
            "reason": "aml_hit",
        },
    )
    assert answer.status_code == 200 and "The journey has ended" in answer.text
    at.run()  # the page's own 1 s fragment does this in a browser
    text = shown(at)
    assert "The journey ended: Failed" in text
    assert "AML screening: the name is on the watch list." in text
    assert not at.get("iframe")
    assert store.journey(journey.journey_id)["outcome"] == "failed"


def test_an_expired_url_says_to_generate_again(services) -> None:
    at = generated()
    httpx.post(
        f"{services.sandbox_url}/_sandbox/clock/advance", json={"seconds": 1801}
    ).raise_for_status()
    at.run()
    assert "This URL has expired (30 minutes): press Generate again" in shown(at)
    assert not at.get("iframe")


def test_the_trial_counts_its_five_attempts(services) -> None:
    at = ekyc(**{"ekyc.flow": "trial"})
    assert "Trial attempts left: 5 of 5." in shown(at)
    at.button(key="ekyc.generate").click().run()
    assert "Trial attempts left: 4 of 5." in shown(at)


def test_an_empty_company_name_is_refused_here_and_recorded(services, store) -> None:
    at = ekyc(**{"ekyc.company": "  "})
    at.button(key="ekyc.generate").click().run()
    journey = at.session_state[JOURNEY]
    assert "The company name is empty" in shown(at)
    rows = store.journey_exchanges(journey.journey_id)
    assert [r["outcome"] for r in rows] == ["rejected"]


def test_another_companys_name_is_a_sentence_naming_the_field(services) -> None:
    at = ekyc(**{"ekyc.company": "Someone Else Ltd"})
    at.button(key="ekyc.generate").click().run()
    text = shown(at)
    assert "The vendor refused the company name" in text
    assert "HTTP 401" in text


def test_live_without_a_key_says_what_to_set(services, monkeypatch) -> None:
    monkeypatch.setenv("KYC_MESSAGECENTRAL_EKYC__MODE", "live")
    at = ekyc()
    at.button(key="ekyc.generate").click().run()
    text = shown(at)
    assert "Live mode is not configured" in text
    assert "KYC_MESSAGECENTRAL_EKYC__API_KEY" in text


def test_an_expired_url_closes_its_journey_as_expired(services, store) -> None:
    at = generated()
    journey = at.session_state[JOURNEY]
    httpx.post(
        f"{services.sandbox_url}/_sandbox/clock/advance", json={"seconds": 1801}
    ).raise_for_status()
    at.run()
    assert store.journey(journey.journey_id)["outcome"] == "expired"
    at.button(key="ekyc.generate").click().run()
    assert store.journey(journey.journey_id)["outcome"] == "expired"  # not "abandoned"


def test_an_unknown_redirect_status_is_not_taken_as_an_outcome(services, store) -> None:
    at = generated()
    journey = at.session_state[JOURNEY]
    flows = httpx.get(f"{services.sandbox_url}/_sandbox/messagecentral-ekyc/flows").json()
    redirect = next(f["redirection_url"] for f in flows if f["flow_id"] == "sbx-basic-flow")
    httpx.get(
        redirect, params={"journey_id": journey.generated.journey_id, "status": "![x](http://e)"}
    )
    at.run()
    assert "Ended, with a status the console does not know" in shown(at)
    assert store.journey(journey.journey_id)["outcome"] == "ended (unknown status)"


def test_the_trial_button_stops_at_zero_attempts(services) -> None:
    at = ekyc(**{"ekyc.flow": "trial"})
    for _ in range(5):
        at.button(key="ekyc.generate").click().run()
    assert "Trial attempts left: 0 of 5." in shown(at)
    assert at.button(key="ekyc.generate").disabled
