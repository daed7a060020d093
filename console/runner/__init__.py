"""The scenario runner: the sandbox's catalog sent through the recording layer, each answer
checked against what its entry promises, gathered in a report (JSON, JUnit XML).

    catalog.py   load and choose scenarios          compare.py  expected vs got, as a diff
    execute.py   send one scenario, recorded         report.py   results, totals, JSON
    junit.py     JUnit XML                           runs.py     saved reports on disk
    runner.py    the run itself                      cli.py      python -m console.runner
    live.py      where a request goes live           view.py     the Scenario runner page's logic
"""
