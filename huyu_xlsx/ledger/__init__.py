"""The ledger (台账): every collected month in one SQLite file, with where each figure came from.

    with open_ledger("huyu.db") as ledger:
        previous = ledger.previous_actuals("2020-09")
        result = collect_returns(inbox, plan, "2020-09", previous=previous)
        ledger.record(result, plan)
"""
from .schema import DEFAULT_LEDGER, MIGRATIONS, LedgerError, schema_version
from .backup import KEEP_BACKUPS, backups, newest_backup
from .store import SUMMARY_HEADERS, Ledger, PeriodRow, open_ledger, restore_ledger

__all__ = ["DEFAULT_LEDGER", "KEEP_BACKUPS", "MIGRATIONS", "Ledger", "LedgerError", "PeriodRow",
           "SUMMARY_HEADERS", "backups", "newest_backup", "open_ledger", "restore_ledger", "schema_version"]
