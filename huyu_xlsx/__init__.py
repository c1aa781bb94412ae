"""huyu_xlsx: monthly supervision workbooks for the 沪滇 cooperation plan.

    from huyu_xlsx import collect_month
    month = collect_month("回收/2020-08", "2020-08", ledger="huyu.db", out="汇总")

The library's names are imported when first used, so `huyu --help` stays quick.
"""
__version__ = "0.1.0"

_LAZY = {
    "collect_month": "month", "report_month": "month", "Month": "month", "Notice": "month", "Written": "month",
    "HuyuError": "errors", "Refusal": "errors", "WriteFailed": "errors",
}
__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
