"""A report as JUnit XML, the Ant schema CI servers read: one <testsuite> per vendor, one
<testcase> per scenario, <failure> carrying the diff, <error> for a scenario never answered.

Contract drift is not a failure (a scenario's verdict is expected against got): the suite's
<system-out> says how many answers were checked and lists each scenario's findings (the
schema allows <system-out> on the suite only)."""

import socket
import xml.etree.ElementTree as ET
from datetime import UTC

from console.runner.report import Report, Result, counted

PACKAGE = "kyc-console.scenarios"


def junit_xml(report: Report) -> bytes:
    root = ET.Element("testsuites")
    started = report.started_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    host = socket.gethostname() or "localhost"
    for index, vendor in enumerate(report.vendors()):
        results = [r for r in report.results if r.vendor == vendor]
        suite = ET.SubElement(
            root,
            "testsuite",
            {
                "package": PACKAGE,
                "id": str(index),
                "name": vendor,
                "timestamp": started,
                "hostname": host,
                "tests": str(len(results)),
                "failures": str(sum(r.outcome == "failed" for r in results)),
                "errors": str(sum(r.outcome == "error" for r in results)),
                "skipped": "0",
                "time": _seconds(sum(r.duration_ms for r in results)),
            },
        )
        properties = ET.SubElement(suite, "properties")
        for name, value in (("mode", report.mode), ("target", report.target)):
            ET.SubElement(properties, "property", {"name": name, "value": value})
        for result in results:
            _testcase(suite, result)
        ET.SubElement(suite, "system-out").text = contract_text(results)
        ET.SubElement(suite, "system-err").text = ""
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _testcase(suite: ET.Element, result: Result) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        {
            "name": result.scenario,
            "classname": f"{PACKAGE}.{result.vendor}",
            "time": _seconds(result.duration_ms),
        },
    )
    if result.outcome == "failed":
        failure = ET.SubElement(
            case,
            "failure",
            {"message": _one_line(result.summary), "type": "ExpectationMismatch"},
        )
        failure.text = result.diff
    elif result.outcome == "error":
        error = ET.SubElement(
            case,
            "error",
            {"message": _one_line(result.summary), "type": result.error_type or "Error"},
        )
        error.text = result.summary


def contract_text(results: list[Result]) -> str:
    """The contract check of these results: a count line, then each finding by scenario."""
    checked = [r for r in results if r.contract is not None]
    drifted = [r for r in checked if r.contract]
    lines = [
        f"contract: {counted(len(checked), 'answer')} checked, {len(drifted)} off contract, "
        f"{len(results) - len(checked)} not checked"
    ]
    for result in drifted:
        lines.append(f"{result.key}: {result.contract_label}")
        lines += [f"  {f['kind']} {f['path']}: {f['detail']}" for f in result.contract or []]
    return "\n".join(lines) + "\n"


def _seconds(ms: float) -> str:
    return f"{ms / 1000:.3f}"


def _one_line(text: str, limit: int = 500) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
