"""Data validation for input cells: what each kind accepts, in Chinese."""
from __future__ import annotations

from datetime import date

from .. import layout
from ..layout import CHOICE, DATE, NUMBER, PERCENT, TEXT

TEXT_MAX = 500
ERROR_TITLE = "输入有误"

# Excel limits: titles 32 characters, messages 255 characters.
_DEFAULT_PROMPTS = {
    NUMBER: "只填数字，不填单位，如 15（不要写“15人”“约15”）。",
    PERCENT: "填 0–100 之间的数字，如 85 表示 85%。",
    DATE: "日期写成 2020-08-30。",
    CHOICE: "请从下拉列表中选择。",
    TEXT: f"文字说明，不超过 {TEXT_MAX} 字。",
}


def default_prompt(kind: str) -> str:
    """The input message of a cell of `kind` that has no prompt of its own."""
    return _DEFAULT_PROMPTS[kind]


def list_name(list_key: str) -> str:
    """Workbook-level name of a dropdown list on the hidden lists sheet.

    A name rather than a direct reference: Excel 2007 and some WPS versions refuse list
    validations that point straight at another sheet, but accept a defined name.
    """
    return f"list_{list_key}"


def options(kind: str, title: str, prompt: str, year: int, choices: str | None = None) -> dict:
    """xlsxwriter data_validation options for one input cell (or a run of alike cells)."""
    message = prompt or _DEFAULT_PROMPTS[kind]
    common = {
        "input_title": title[:32],
        "input_message": message[:255],
        "error_title": ERROR_TITLE,
        "error_type": "stop",
        "ignore_blank": True,
    }
    if kind == NUMBER:
        return {**common, "validate": "decimal", "criteria": ">=", "value": 0,
                "error_message": "请填写不小于 0 的数字，不要带单位或文字（如“15人”请只填 15）。"}
    if kind == PERCENT:
        return {**common, "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
                "error_message": "请填写 0 到 100 之间的数字（不带 % 号），如 85。"}
    if kind == DATE:
        # Wider than the plan year: key projects may have started in the year before.
        first, last = date(year - 1, 1, 1), date(year + 1, 12, 31)
        return {**common, "validate": "date", "criteria": "between", "minimum": first, "maximum": last,
                "error_message": f"请填写 {first.year}—{last.year} 年间的日期，格式如 {year}-08-30。"}
    if kind == CHOICE:
        values = "、".join(layout.LISTS[choices])
        return {**common, "validate": "list", "source": f"={list_name(choices)}",
                "error_message": f"请从下拉列表中选择：{values}。"[:255]}
    if kind == TEXT:
        return {**common, "validate": "length", "criteria": "<=", "value": TEXT_MAX,
                "error_message": f"内容不超过 {TEXT_MAX} 字；更多材料请另附。"}
    raise ValueError(kind)
