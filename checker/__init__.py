"""accord's checker: the pipeline, the checks, findings, reports and the command line.

import checker
report = checker.check([checker.Article(id="a", text="...", published=None), ...])
report.findings  # list of Finding
"""

from claims.types import Article

__version__ = "0.1.0"

from checker.findings import Evidence, Finding, Severity
from checker.pipeline import check
from checker.report import Report

__all__ = ["Article", "Evidence", "Finding", "Report", "Severity", "__version__", "check"]
