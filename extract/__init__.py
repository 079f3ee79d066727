"""extract: Russian regional reports on international events turned into clean, evaluated data."""
from extract.api import enrich, run
from extract.reports import ReportError, read_report

__all__ = ["enrich", "read_report", "run", "ReportError"]
__version__ = "0.1.0"
