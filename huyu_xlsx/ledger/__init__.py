"""The ledger (台账): every collected month in one SQLite file, with where each figure came from.

    with open_ledger("huyu.db") as ledger:
        previous = ledger.previous_actuals("2020-09")
        result = collect_returns(inbox, plan, "2020-09", previous=previous)
        ledger.record(result, plan)
"""
from .schema import DEFAULT_LEDGER, MIGRATIONS, LedgerError, schema_version
from .store import SUMMARY_HEADERS, Ledger, PeriodRow, open_ledger

__all__ = ["DEFAULT_LEDGER", "MIGRATIONS", "Ledger", "LedgerError", "PeriodRow", "SUMMARY_HEADERS",
           "open_ledger", "schema_version"]
