"""Checks made before anything is written: a wrong folder or a wrong month must not replace
a month already in the ledger. Each returns None when all is well, else the Chinese reason
(the command refuses, unless given --force, which the reason mentions)."""
from __future__ import annotations

from .collect import ACCEPTED, CollectResult
from .errors import Refusal
from .plan import Plan

FORCE = "确需继续，请加 --force 重新运行。"


def refuse_unless(force: bool, reason: str | None, say) -> None:
    """Refuse (Refusal) with the reason, unless force: then only say(text) it."""
    if reason is None:
        return
    if not force:
        raise Refusal(reason)
    say(f"注意（已加 --force，继续执行）：{reason}")


def period_outside_plan(plan: Plan, period: str) -> str | None:
    if plan.first_period <= period <= plan.last_period:
        return None
    return (f"报告期 {period} 不在计划“{plan.id}”的 {plan.first_period} 至 {plan.last_period} 之间，"
            f"可能是 --period 写错了。{FORCE}")


def empty_inbox(inbox, files: list) -> str | None:
    if files:
        return None
    return (f"文件夹“{inbox}”中没有任何文件，请检查文件夹是否选对。"
            f"如本月确实没有任何单位报送、要在台账中记为全部未报送，请加 --force 重新运行。")


def other_period(result: CollectResult) -> str | None:
    """The folder holds returns of another month and none of this one."""
    if any(s.status == ACCEPTED for s in result.submissions):
        return None
    periods = sorted({f.original for f in result.findings if f.code == "period-mismatch" and f.original})
    if not periods:
        return None
    return (f"这些文件是 {'、'.join(periods)} 的填报表，本次回收的报告期是 {result.period}。"
            f"请检查文件夹和 --period 是否对应；未作任何写入，台账未改动。"
            f"如确要按 {result.period} 记录（各单位都记为未报送），请加 --force 重新运行。")


def replacement_notice(ledger, period: str) -> str | None:
    """What recording `period` replaces in the ledger, said before it is replaced."""
    row = next((p for p in ledger.periods() if p.period == period), None)
    if row is None:
        return None
    return (f"台账中 {period} 原有 {row.units_received} 个单位的数据（{row.recorded_at:%Y-%m-%d %H:%M} 记录），"
            f"将被本次结果替换。")
