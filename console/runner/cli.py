"""python -m console.runner: the scenario catalog from the command line, for CI.

Exit status: 0 every scenario passed, 1 any failed or errored, 2 a usage error (an unknown
vendor, service or scenario, a live run without a base URL for a service it calls, a base URL
the console refuses, a sandbox that cannot be reached).
"""

import argparse
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

import httpx

from console.core.history import HistoryStore
from console.core.redactors import console_redactor
from console.registry import VENDORS, ConsoleSettings
from console.runner import catalog, live
from console.runner.junit import junit_xml
from console.runner.report import Result, counted
from console.runner.runner import BadTarget, Runner

LABELS = {"passed": "PASS", "failed": "FAIL", "error": "ERROR"}


def _services() -> str:
    lines = []
    for spec in VENDORS:
        named = live.fields(spec.id)
        if len(named) > 1:
            shown = ", ".join(f"{name} ({field})" for name, field in named.items())
            lines.append(f"  {spec.id}: {shown}")
    return "\n".join(lines)


BASE_URL_HELP = f"""live base URLs (--mode live; http:// only to this machine, no user:password@):
  --base-url VENDOR=URL          the vendor's live_base_url
  --base-url VENDOR.SERVICE=URL  one service of a vendor of several, SERVICE its name or
                                 its settings field, each service's path joined to its URL
  --base-url URL                 the live_base_url of the one --vendor
A vendor of several services needs a URL for each service its chosen scenarios call:
{_services()}"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m console.runner",
        description="Run the sandbox's scenario catalog and check each answer.",
        epilog=BASE_URL_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--vendor", action="append", default=[], metavar="ID", help="repeatable")
    p.add_argument(
        "--scenario", action="append", default=[], metavar="ID", help="id or vendor/id; repeatable"
    )
    p.add_argument("--mode", choices=("sandbox", "live"), default="sandbox")
    p.add_argument(
        "--base-url",
        action="append",
        default=[],
        metavar="[VENDOR[.SERVICE]=]URL",
        help="live mode, repeatable: a live base URL (see below)",
    )
    p.add_argument("--sandbox-url", help="a running sandbox (default: one started in this process)")
    p.add_argument("--json", type=Path, metavar="FILE", help="write the report as JSON")
    p.add_argument("--junit", type=Path, metavar="FILE", help="write the report as JUnit XML")
    p.add_argument("--history-url", help="history database URL (default: the console's)")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    return p


def base_urls(values: Sequence[str], vendors: Sequence[str]) -> dict[str, dict[str, str]]:
    """VENDOR=URL and VENDOR.SERVICE=URL pairs, or one bare URL for the one vendor chosen:
    vendor -> service or field name -> URL."""
    urls: dict[str, dict[str, str]] = {}
    for value in values:
        name, sep, url = value.partition("=")
        if sep and "://" not in name:
            vendor, _, service = name.partition(".")
        elif len(vendors) == 1:
            vendor, service, url = vendors[0], "", value
        else:
            raise catalog.UnknownSelection(
                "A bare --base-url serves one vendor: name it with --vendor ID, or give "
                "--base-url VENDOR=URL for each."
            )
        urls.setdefault(vendor, {})[service or live.MAIN] = url
    return urls


def missing(chosen: Sequence[catalog.Scenario], urls: dict[str, dict[str, str]]) -> list[str]:
    """vendor or vendor.service for each service the chosen scenarios call without a URL."""
    needed = {}
    for s in chosen:
        field, _ = live.route(s.vendor, s.prefix, s.request["path"])
        if field not in urls.get(s.vendor, {}):
            needed[live.label(s.vendor, field)] = None
    return list(needed)


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if args.base_url and args.mode != "live":
        p.error("--base-url is for --mode live.")
    settings = ConsoleSettings()
    with ExitStack() as stack:
        sandbox_url = args.sandbox_url or _start_sandbox(stack)
        try:
            entries = catalog.fetch(sandbox_url)
        except httpx.HTTPError as exc:
            p.error(f"The sandbox at {sandbox_url} did not serve its catalog ({exc}).")
        try:
            urls = base_urls(args.base_url, args.vendor) if args.mode == "live" else {}
            vendors = args.vendor or list(urls)
            chosen = catalog.choose(entries, vendors, args.scenario, live=args.mode == "live")
        except catalog.UnknownSelection as exc:
            p.error(str(exc))
        if args.mode == "live":
            try:
                urls = {vendor: live.checked(vendor, given) for vendor, given in urls.items()}
                unset = missing(chosen, urls)
            except (BadTarget, live.NotSent) as exc:
                p.error(str(exc))
            if unset:
                p.error(f"Live mode needs --base-url for {', '.join(unset)}.")
            if not chosen:
                p.error("None of the chosen scenarios is safe to send live.")
        store = HistoryStore(args.history_url or settings.history_url)
        try:
            runner = stack.enter_context(
                Runner(
                    sandbox_url,
                    store,
                    console_redactor(settings),
                    mode=args.mode,
                    base_urls=urls,
                    timeout=args.timeout,
                )
            )
        except BadTarget as exc:
            p.error(str(exc))
        width = max((len(s.key) for s in chosen), default=0)
        report = runner.run(chosen, lambda done, total, r: print(_line(r, width), flush=True))
    if args.json:
        args.json.write_bytes(report.to_json())
    if args.junit:
        args.junit.write_bytes(junit_xml(report))
    t = report.totals
    print(
        f"{t['total']} scenarios ({report.mode}, {report.target}): {t['passed']} passed, "
        f"{t['failed']} failed, {t['error']} errors in {t['duration_ms'] / 1000:.1f} s"
    )
    drift = report.contract_counts
    if drift["findings"]:
        print(
            f"contract: {counted(drift['findings'], 'finding')} on {drift['off_contract']} of "
            f"{counted(drift['checked'], 'answer')} checked (drift is reported, not failed)"
        )
    return 0 if report.ok else 1


def _line(result: Result, width: int) -> str:
    line = (
        f"{LABELS[result.outcome]:<5} {result.key:<{width}} {result.duration_ms:8.1f} ms  "
        f"{result.title}"
    )
    if result.summary:
        line += f"  |  {result.summary}"
    if result.findings:
        line += f"  |  contract: {result.contract_label}"
    return line


def _start_sandbox(stack: ExitStack) -> str:
    from sandbox import create_app  # the console starts the sandbox; it never reads it
    from sandbox.core.server import BackgroundServer

    server = BackgroundServer(create_app()).start()
    stack.callback(server.stop)
    return server.url


if __name__ == "__main__":
    sys.exit(main())
