"""The findings catalogue, where the checks have always found it: see huyu_xlsx/findings.py."""
from ..findings import (CATALOGUE, ERROR, INFO, PARSE_CODES, SEVERITY_LABELS, SEVERITY_ORDER, WARNING, Code,
                        Finding, UnknownCode, make_finding, sort_findings)

__all__ = ["CATALOGUE", "ERROR", "INFO", "PARSE_CODES", "SEVERITY_LABELS", "SEVERITY_ORDER", "WARNING", "Code",
           "Finding", "UnknownCode", "make_finding", "sort_findings"]
