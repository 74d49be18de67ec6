"""The outputs of `auditor diff`, one module per format: terminal, json_diff, markdown, html.

They all read a finished `ReportDiff` (auditor.diff.model) and describe its changes through
`changes` (the headline, and each change as styled segments). Pick one with
`auditor.render.get_renderer(fmt, kind="diff")`.
"""
