"""The hosted journey's HTML: one page per step, a result page, and the pages a dead link shows.

Every page is whole in itself: CSS and JavaScript inline, the logo an inline SVG, nothing
fetched from another host (the Content-Security-Policy header says so to the browser: only this
sandbox may be reached, by the page's own posts). Pages work inside an iframe (no frame
restriction), take photos with the browser camera (getUserMedia) and always offer an upload.

Element ids a browser test may rely on:
- consent: #consent-checkbox, #consent-continue, #consent-decline
- capture steps (document, selfie, liveness): #camera-video, #capture, #retake, #submit,
  #upload-input, #preview, #error; the document step also #document-type, #sandbox-outcome
- every step: #cancel; screening: #screening; result: #result (data-status), #continue
- dead links: #link-expired (410), #link-invalid (404)

Text from the journey (the company name, messages) is escaped; the page's settings reach its
script as JSON in a <script type="application/json"> block, "<" escaped.
"""

import html
import json
from urllib.parse import quote

from starlette.responses import HTMLResponse

from sandbox.messagecentral_ekyc import screening
from sandbox.messagecentral_ekyc.journey import ABANDONED, COMPLETED, EXPIRED, Journey

BRAND = "e-KYC Now"
# Not documented by the vendor: how long the result shows before the redirect. Chosen: long
# enough to read the outcome, short enough not to wait for it.
REDIRECT_AFTER_MS = 1500
STEP_TITLES = {
    "consent": "Consent",
    "document": "ID document",
    "selfie": "Selfie",
    "liveness": "Liveness",
    "screening": "Screening",
}
DOCUMENT_TYPES = {
    "passport": "Passport",
    "national_id": "National ID card",
    "driving_licence": "Driving licence",
}
# The sandbox outcomes the document step may force (seed-free magic values for QA).
FORCED = {
    "document_rejected": "Document rejected",
    "liveness_failed": "Liveness failed (Premium)",
    "aml_hit": "AML screening hit (Premium)",
}
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "img-src 'self' data: blob:; media-src 'self' blob: mediastream:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'"
    ),
    "Cache-Control": "no-store",
    # The session's URL must not reach the integrator's server in a Referer.
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}

CSS = """
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
  background:#f3f5fb;color:#172039;font-size:15px;line-height:1.5;min-height:100vh;
  display:flex;flex-direction:column;align-items:center}
header{width:100%;background:#fff;border-bottom:1px solid #e3e7f2;display:flex;
  align-items:center;justify-content:space-between;padding:12px 20px;gap:12px}
.brand{display:flex;align-items:center;gap:10px;font-weight:700;font-size:17px;
  color:#172039;letter-spacing:-.01em}
.brand svg{flex:none}
.badge{font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.06em;
  color:#8a5300;background:#fff3d6;border:1px solid #f3d48c;border-radius:999px;
  padding:2px 8px}
.brand span{white-space:nowrap}
.for{font-size:13px;color:#5b6478;text-align:right}
@media (max-width:460px){.for .label{display:none}header{padding:10px 14px}}
main{width:100%;max-width:560px;padding:20px 16px 8px;flex:1}
.steps{display:flex;gap:6px;list-style:none;margin:0 0 16px;padding:0}
.steps li{flex:1;font-size:11px;color:#8a91a5;text-align:center;white-space:nowrap;
  overflow:hidden;text-overflow:ellipsis}
.steps li::before{content:"";display:block;height:4px;border-radius:2px;background:#dfe3ee;
  margin-bottom:6px}
.steps li.done::before{background:#2f9e6b}
.steps li.now{color:#2746d6;font-weight:600}
.steps li.now::before{background:#2746d6}
.steps li.failed{color:#c0392b;font-weight:600}
.steps li.failed::before{background:#c0392b}
.card{background:#fff;border:1px solid #e3e7f2;border-radius:16px;padding:24px;
  box-shadow:0 6px 24px rgba(23,32,57,.06)}
h1{font-size:21px;line-height:1.3;margin:0 0 8px;letter-spacing:-.01em}
p{margin:0 0 12px}
.muted{color:#5b6478;font-size:14px}
.small{font-size:12px;color:#6b7285}
ul.plain{margin:0 0 16px;padding-left:20px;color:#333c55}
ul.plain li{margin:4px 0}
label.check{display:flex;gap:10px;align-items:flex-start;padding:12px;border:1px solid #dfe3ee;
  border-radius:10px;margin:16px 0;cursor:pointer;background:#fafbfe}
label.check input{margin-top:3px;width:18px;height:18px;accent-color:#2746d6}
.actions{display:flex;gap:10px;flex-wrap:wrap;margin-top:16px}
button,.button{appearance:none;border:0;border-radius:10px;padding:11px 18px;font:inherit;
  font-weight:600;cursor:pointer;text-decoration:none;display:inline-flex;align-items:center;
  justify-content:center;gap:8px}
.primary{background:#2746d6;color:#fff;flex:1}
.primary:hover{background:#1f3ab8}
.secondary{background:#eef1f9;color:#253154}
.secondary:hover{background:#e2e7f5}
button:disabled{opacity:.45;cursor:not-allowed}
.link{background:none;color:#5b6478;padding:6px 0;font-weight:500;text-decoration:underline}
.frame{position:relative;background:#0e1426;border-radius:12px;overflow:hidden;
  aspect-ratio:4/3;max-height:52vh;width:100%;display:flex;align-items:center;
  justify-content:center;margin:12px 0}
.frame video{width:100%;height:100%;object-fit:cover;display:block}
.frame img{width:100%;height:100%;object-fit:contain;display:block}
.frame.mirror video{transform:scaleX(-1)}
.frame .guide{position:absolute;inset:0;pointer-events:none;display:flex;align-items:center;
  justify-content:center}
.frame .guide span{border:3px solid rgba(255,255,255,.85);box-shadow:0 0 0 999px rgba(8,12,26,.35)}
.guide.card span{width:78%;aspect-ratio:1.586;border-radius:14px}
.guide.face span{width:46%;aspect-ratio:.78;border-radius:50%}
.frame .status{position:absolute;left:16px;right:16px;color:#dfe4f5;text-align:center;
  font-size:14px}
.frame.captured .guide,.frame.captured .status{display:none}
.upload{display:flex;align-items:center;gap:8px;font-size:14px;color:#2746d6;cursor:pointer;
  margin-top:10px;font-weight:600}
.upload input{position:absolute;width:1px;height:1px;opacity:0}
.field{display:flex;flex-direction:column;gap:6px;margin:12px 0;font-size:14px;font-weight:600}
select{font:inherit;padding:9px 10px;border:1px solid #cfd5e4;border-radius:8px;background:#fff}
details.sandbox{margin-top:16px;border:1px dashed #e0b85c;background:#fffaf0;border-radius:10px;
  padding:8px 12px;font-size:13px}
details.sandbox summary{cursor:pointer;color:#8a5300;font-weight:600}
.error{background:#fdecec;color:#9b1c1c;border:1px solid #f5c2c2;border-radius:10px;
  padding:10px 12px;font-size:14px;margin:12px 0}
.prompt{background:#eef2ff;color:#1d2f8f;border-radius:10px;padding:10px 12px;font-weight:600;
  margin:8px 0}
.busy{position:fixed;inset:0;background:rgba(243,245,251,.86);display:flex;
  flex-direction:column;gap:14px;align-items:center;justify-content:center;font-weight:600}
.spinner{width:42px;height:42px;border-radius:50%;border:4px solid #d6dcf0;
  border-top-color:#2746d6;animation:spin 0.9s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
.outcome{display:flex;flex-direction:column;align-items:center;text-align:center;gap:8px}
.outcome .icon{width:64px;height:64px;border-radius:50%;display:flex;align-items:center;
  justify-content:center;margin-bottom:6px}
.outcome.completed .icon{background:#e3f5ec;color:#2f9e6b}
.outcome.failed .icon{background:#fdecec;color:#c0392b}
.outcome.expired .icon,.outcome.abandoned .icon,.outcome.gone .icon{background:#eef1f9;
  color:#5b6478}
dl.facts{display:grid;grid-template-columns:auto 1fr;gap:4px 14px;font-size:13px;margin:14px 0 0;
  text-align:left}
dl.facts dt{color:#6b7285}
dl.facts dd{margin:0;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
footer{font-size:12px;color:#8a91a5;padding:14px 16px 20px;text-align:center}
[hidden]{display:none!important}
"""

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="30" viewBox="0 0 32 32" '
    'aria-hidden="true">'
    '<rect width="32" height="32" rx="8" fill="#2746d6"/>'
    '<path d="M16 6l8 3v6.2c0 5-3.4 9.4-8 10.8-4.6-1.4-8-5.8-8-10.8V9z" fill="#fff" '
    'opacity=".95"/><path d="M12.2 16.2l2.6 2.6 5-5.2" fill="none" stroke="#2746d6" '
    'stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/></svg>'
)
# The logo as the tab's icon, inline (a browser would otherwise ask this host for /favicon.ico).
FAVICON = "data:image/svg+xml," + quote(LOGO.replace(' aria-hidden="true"', ""), safe=" =:/")
ICONS = {
    "check": '<path d="M9 17l5 5 11-11" />',
    "cross": '<path d="M11 11l12 12M23 11L11 23" />',
    "clock": '<circle cx="17" cy="17" r="10"/><path d="M17 11v6l4 3" />',
    "stop": '<circle cx="17" cy="17" r="10"/><path d="M12 17h10" />',
}

COMMON_JS = """
const cfg = JSON.parse(document.getElementById('ekyc-config').textContent);
function busy(text) {
  const overlay = document.getElementById('busy');
  if (!overlay) return;
  overlay.querySelector('span').textContent = text || '';
  overlay.hidden = !text;
}
function say(text) {
  const box = document.getElementById('error');
  if (!box) return;
  box.textContent = text || '';
  box.hidden = !text;
}
async function post(url, body, waiting) {
  busy(waiting || 'Please wait…');
  let answer;
  try {
    const response = await fetch(url, {method: 'POST', body: body,
      headers: {'Accept': 'application/json'}, credentials: 'omit'});
    answer = await response.json();
  } catch (error) {
    busy('');
    say('e-KYC Now could not be reached. Check your connection and try again.');
    return null;
  }
  if (answer.next && answer.outcome !== 'retake') {
    window.stopCamera && window.stopCamera();
    window.location.replace(answer.next);
    return answer;
  }
  busy('');
  let text = answer.message || answer.detail || 'Something went wrong. Try again.';
  if (answer.outcome === 'retake' && answer.attempts_left) {
    const left = answer.attempts_left;
    text += ' ' + left + (left === 1 ? ' attempt left.' : ' attempts left.');
  }
  say(text);
  return answer;
}
const cancel = document.getElementById('cancel');
if (cancel) cancel.addEventListener('click', () => post(cfg.cancel, new FormData(),
  'Cancelling…'));
"""

CONSENT_JS = """
const box = document.getElementById('consent-checkbox');
const go = document.getElementById('consent-continue');
box.addEventListener('change', () => { go.disabled = !box.checked; });
function answer(choice) {
  const body = new FormData();
  body.append('consent', choice);
  post(cfg.action, body, choice === 'accept' ? 'Starting…' : 'Cancelling…');
}
go.addEventListener('click', () => answer('accept'));
document.getElementById('consent-decline').addEventListener('click', () => answer('decline'));
"""

CAPTURE_JS = """
const frame = document.getElementById('frame');
const video = document.getElementById('camera-video');
const preview = document.getElementById('preview');
const status = document.getElementById('camera-status');
const captureButton = document.getElementById('capture');
const retakeButton = document.getElementById('retake');
const submitButton = document.getElementById('submit');
const upload = document.getElementById('upload-input');
let stream = null, photo = null, previewUrl = null;

function show(element, on) { element.hidden = !on; }
window.stopCamera = function () {
  if (stream) { stream.getTracks().forEach((track) => track.stop()); stream = null; }
};
function noCamera(text) {
  status.textContent = text;
  captureButton.disabled = true;
}
async function startCamera() {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    noCamera('This browser cannot use a camera here: upload a photo instead.');
    return;
  }
  status.textContent = 'Starting the camera…';
  try {
    stream = await navigator.mediaDevices.getUserMedia({audio: false,
      video: {facingMode: cfg.facing, width: {ideal: 1280}, height: {ideal: 720}}});
    video.srcObject = stream;
    await video.play().catch(() => {});
    status.textContent = '';
    captureButton.disabled = false;
  } catch (error) {
    noCamera('The camera is not available (' + ((error && error.name) || 'error') +
      '): upload a photo instead.');
  }
}
function setPhoto(blob, name) {
  photo = {blob: blob, name: name};
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = URL.createObjectURL(blob);
  preview.src = previewUrl;
  frame.classList.add('captured');
  show(preview, true); show(video, false); show(captureButton, false);
  show(retakeButton, true); show(submitButton, true);
  say('');
}
function again() {
  photo = null;
  frame.classList.remove('captured');
  show(preview, false); show(video, true); show(captureButton, true);
  show(retakeButton, false); show(submitButton, false);
  upload.value = '';
  if (!stream) startCamera();
}
captureButton.addEventListener('click', () => {
  const width = video.videoWidth, height = video.videoHeight;
  if (!width || !height) {
    say('The camera has not started yet: wait a moment, or upload.');
    return;
  }
  const canvas = document.createElement('canvas');
  canvas.width = width; canvas.height = height;
  canvas.getContext('2d').drawImage(video, 0, 0, width, height);
  canvas.toBlob((blob) => blob ? setPhoto(blob, cfg.field + '.jpg')
    : say('The photo could not be taken: try again.'), 'image/jpeg', 0.92);
});
retakeButton.addEventListener('click', again);
upload.addEventListener('change', () => {
  const file = upload.files && upload.files[0];
  if (!file) return;
  if (!/^image\\/(jpeg|png)$/.test(file.type)) {
    say('Choose a JPEG or PNG photo.'); upload.value = ''; return;
  }
  setPhoto(file, file.name);
});
submitButton.addEventListener('click', async () => {
  if (!photo) return;
  const body = new FormData();
  body.append(cfg.field, photo.blob, photo.name);
  for (const extra of document.querySelectorAll('[data-extra]')) {
    body.append(extra.name, extra.value);
  }
  const answer = await post(cfg.action, body, cfg.checking);
  if (answer && answer.outcome === 'retake') again();
});
startCamera();
"""

SCREENING_JS = """
post(cfg.action, new FormData(), '');
"""

RESULT_JS = """
if (cfg.redirect) {
  setTimeout(() => window.location.replace(cfg.redirect), cfg.after);
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _config(values: dict) -> str:
    data = json.dumps(values).replace("<", "\\u003c")
    return f'<script type="application/json" id="ekyc-config">{data}</script>'


def _icon(name: str) -> str:
    return (
        '<div class="icon"><svg width="34" height="34" viewBox="0 0 34 34" fill="none" '
        'stroke="currentColor" stroke-width="3" stroke-linecap="round" '
        f'stroke-linejoin="round" aria-hidden="true">{ICONS[name]}</svg></div>'
    )


def _stepper(journey: Journey | None) -> str:
    if journey is None:
        return ""
    items = []
    for step in journey.steps.values():
        kind = {"passed": "done", "current": "now", "failed": "failed"}.get(step.status, "")
        items.append(f'<li class="{kind}">{_e(STEP_TITLES[step.name])}</li>')
    return f'<ol class="steps" aria-label="Steps">{"".join(items)}</ol>'


def document_page(
    title: str,
    body: str,
    *,
    company: str,
    journey: Journey | None = None,
    script: str = "",
    config: dict | None = None,
    status: int = 200,
) -> HTMLResponse:
    scripts = ""
    if script:
        scripts = f"{_config(config or {})}<script>{COMMON_JS}{script}</script>"
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<title>{_e(title)} · {BRAND}</title><link rel="icon" href="{FAVICON}">'
        f"<style>{CSS}</style></head><body>"
        f'<header><div class="brand">{LOGO}<span>{BRAND}</span>'
        '<span class="badge">sandbox</span></div>'
        f'<div class="for"><span class="label">Verification for<br></span>'
        f"<strong>{_e(company)}</strong></div></header>"
        f"<main>{_stepper(journey)}{body}</main>"
        "<footer>Secured by Message Central e-KYC Now · Sandbox: no real verification, "
        "photos are read on this computer and not kept</footer>"
        '<div class="busy" id="busy" hidden><div class="spinner"></div><span></span></div>'
        f"{scripts}</body></html>"
    )
    return HTMLResponse(page, status_code=status, headers=HEADERS)


def _cancel() -> str:
    return '<button type="button" class="link" id="cancel">Cancel verification</button>'


def _noscript() -> str:
    return (
        '<noscript><p class="error">This verification needs JavaScript: turn it on and '
        "reload the page.</p></noscript>"
    )


def consent(journey: Journey, company: str, action: str, cancel: str) -> HTMLResponse:
    checks = [
        "a photo of your identity document (passport, national ID card or driving licence)",
        "a selfie, compared with the photo on your document",
    ]
    if journey.flow.premium:
        checks += [
            "a liveness check, to confirm that you are present in person",
            "screening of your name against sanctions, PEP and watch lists",
        ]
    items = "".join(f"<li>{_e(item)}</li>" for item in checks)
    body = (
        '<section class="card">'
        "<h1>Verify your identity</h1>"
        f'<p class="muted">{_e(company)} uses {BRAND} by Message Central to verify your '
        "identity. It takes about two minutes and needs:</p>"
        f'<ul class="plain">{items}</ul>'
        '<p class="small">Have your document with you and find a well-lit place. Your data '
        f"is used only to verify your identity for {_e(company)}.</p>"
        '<label class="check"><input type="checkbox" id="consent-checkbox">'
        "<span>I agree to the processing of my identity data, including my facial image, "
        "for this verification.</span></label>"
        f"{_noscript()}"
        '<p class="error" id="error" role="alert" hidden></p>'
        '<div class="actions">'
        '<button type="button" class="primary" id="consent-continue" disabled>Continue</button>'
        '<button type="button" class="secondary" id="consent-decline">I do not agree</button>'
        "</div></section>"
    )
    config = {"action": action, "cancel": cancel}
    return document_page(
        "Consent", body, company=company, journey=journey, script=CONSENT_JS, config=config
    )


CAPTURES = {
    "document": {
        "title": "Photograph your ID document",
        "hint": "Hold the photo page of your passport, or the front of your card, inside the "
        "frame: flat, in good light, without glare. Or upload a photo or scan.",
        "guide": "card",
        "facing": "environment",
        "checking": "Reading your document…",
    },
    "selfie": {
        "title": "Take a selfie",
        "hint": "Look straight at the camera with your face inside the oval, in good light. "
        "Take off sunglasses and hats.",
        "guide": "face",
        "facing": "user",
        "checking": "Comparing your selfie with your document…",
    },
    "liveness": {
        "title": "Liveness check",
        "hint": "One more photo, to confirm that you are here in person.",
        "guide": "face",
        "facing": "user",
        "checking": "Checking liveness…",
    },
}


def capture(
    journey: Journey, step: str, company: str, action: str, cancel: str, error: str | None
) -> HTMLResponse:
    spec = CAPTURES[step]
    extra = ""
    if step == "document":
        options = "".join(
            f'<option value="{k}">{_e(v)}</option>' for k, v in DOCUMENT_TYPES.items()
        )
        extra = (
            '<label class="field">Document type'
            f'<select id="document-type" name="document_type" data-extra>{options}</select>'
            "</label>"
        )
    prompt = ""
    if step == "liveness":
        prompt = f'<p class="prompt">{_e(journey.liveness_prompt)}, then take the photo.</p>'
    mirror = " mirror" if spec["facing"] == "user" else ""
    attempts = journey.attempts_left(step)
    retries = ""
    if journey.steps[step].refused:
        plural = "s" if attempts != 1 else ""
        retries = f'<p class="small">{attempts} attempt{plural} left.</p>'
    shown_error = f'<p class="error" id="error" role="alert"{"" if error else " hidden"}>'
    shown_error += f"{_e(error or '')}</p>"
    body = (
        '<section class="card">'
        f"<h1>{_e(spec['title'])}</h1>"
        f'<p class="muted">{_e(spec["hint"])}</p>{prompt}{extra}'
        f'<div class="frame{mirror}" id="frame">'
        '<video id="camera-video" autoplay playsinline muted></video>'
        '<img id="preview" alt="Your photo" hidden>'
        f'<div class="guide {spec["guide"]}"><span></span></div>'
        '<div class="status" id="camera-status"></div></div>'
        f"{_noscript()}{shown_error}{retries}"
        '<div class="actions">'
        '<button type="button" class="primary" id="capture" disabled>Take photo</button>'
        '<button type="button" class="secondary" id="retake" hidden>Retake</button>'
        '<button type="button" class="primary" id="submit" hidden>Use this photo</button>'
        "</div>"
        '<label class="upload"><input type="file" id="upload-input" '
        'accept="image/jpeg,image/png">Upload a photo instead</label>'
        f"{_sandbox_options(journey) if step == 'document' else ''}"
        f'<div class="actions">{_cancel()}</div>'
        "</section>"
    )
    config = {
        "action": action,
        "cancel": cancel,
        "field": step,
        "facing": spec["facing"],
        "checking": spec["checking"],
    }
    return document_page(
        spec["title"], body, company=company, journey=journey, script=CAPTURE_JS, config=config
    )


def _sandbox_options(journey: Journey) -> str:
    choices = {
        key: label
        for key, label in FORCED.items()
        if journey.flow.premium or key == "document_rejected"
    }
    options = '<option value="">None: the photos decide</option>' + "".join(
        f'<option value="{k}">{_e(v)}</option>' for k, v in choices.items()
    )
    return (
        '<details class="sandbox"><summary>Sandbox: force an outcome</summary>'
        '<label class="field">Outcome of this journey'
        f'<select id="sandbox-outcome" name="sandbox_outcome" data-extra>{options}</select>'
        '</label><p class="small">For testing only: the real service has no such option.</p>'
        "</details>"
    )


def screening_page(journey: Journey, company: str, action: str) -> HTMLResponse:
    lists = "".join(f"<li>{_e(name)}</li>" for name in screening.lists())
    body = (
        '<section class="card outcome" id="screening">'
        '<div class="spinner"></div>'
        "<h1>Screening against watch lists</h1>"
        '<p class="muted">Your name is being checked against sanctions, politically exposed '
        "persons and adverse media lists. This takes a moment.</p>"
        f'<ul class="plain small">{lists}</ul>'
        f'{_noscript()}<p class="error" id="error" role="alert" hidden></p>'
        "</section>"
    )
    config = {"action": action, "cancel": None}
    return document_page(
        "Screening", body, company=company, journey=journey, script=SCREENING_JS, config=config
    )


RESULTS = {
    COMPLETED: ("check", "Verification complete", "Your identity has been verified."),
    EXPIRED: ("clock", "Verification link expired", None),
    ABANDONED: ("stop", "Verification cancelled", None),
}


def result(journey: Journey, company: str, flow_path: str) -> HTMLResponse:
    icon, title, text = RESULTS.get(journey.status, ("cross", "Verification unsuccessful", None))
    text = text or journey.message or ""
    if journey.redirect:
        onward = (
            f'<p class="muted">Returning you to {_e(company)}…</p>'
            f'<div class="actions"><a class="button primary" id="continue" '
            f'href="{_e(journey.redirect)}">Continue</a></div>'
        )
    else:
        onward = (
            '<p class="small">No redirection URL is set for this flow, so the journey ends '
            "here. Sandbox: set one with POST "
            f"/_sandbox/messagecentral-ekyc/flows/{_e(journey.flow.id)} "
            '{"redirection_url": "..."}.</p>'
        )
    body = (
        f'<section class="card outcome {_e(journey.status)}" id="result" '
        f'data-status="{_e(journey.status)}" data-reason="{_e(journey.reason or "")}">'
        f"{_icon(icon)}<h1>{_e(title)}</h1><p>{_e(text)}</p>"
        '<dl class="facts">'
        f"<dt>Journey</dt><dd>{_e(journey.journey_id)}</dd>"
        f"<dt>Status</dt><dd>{_e(journey.status)}</dd>"
        f"<dt>Reason</dt><dd>{_e(journey.reason or '')}</dd></dl>"
        f"{onward}</section>"
    )
    config = {"redirect": journey.redirect, "after": REDIRECT_AFTER_MS, "cancel": None}
    return document_page(
        title, body, company=company, journey=journey, script=RESULT_JS, config=config
    )


def link_expired(company: str) -> HTMLResponse:
    """The used or expired URL (HTTP 410): no redirect."""
    body = (
        '<section class="card outcome gone" id="link-expired">'
        f"{_icon('clock')}<h1>This link has expired or was already used</h1>"
        '<p class="muted">A verification link works once, for 30 minutes. Go back to '
        f"{_e(company)} and start the verification again for a new link.</p>"
        "</section>"
    )
    return document_page("Link expired", body, company=company, status=410)


def link_invalid(company: str) -> HTMLResponse:
    """A URL token or a session this sandbox never issued (HTTP 404)."""
    body = (
        '<section class="card outcome gone" id="link-invalid">'
        f"{_icon('cross')}<h1>This link is not valid</h1>"
        '<p class="muted">Check that you opened the whole link, or go back to '
        f"{_e(company)} and start the verification again.</p>"
        "</section>"
    )
    return document_page("Invalid link", body, company=company, status=404)
