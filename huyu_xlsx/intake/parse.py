"""Lenient, visible parsing of what people type into number, percent, date, yes/no and text cells.

Each function takes one raw cell value as python-calamine returns it (float, int for some .xls/.ods,
str, '' for empty, datetime.date / datetime.datetime, bool) and returns a `Parsed`. None of them
ever raises: a value that cannot be read becomes `Parsed.error` (a stable code) with a Chinese
`error_message` that quotes what was typed and says what to type instead.

Every coercion that changed what the person typed adds a `Note` with a stable kebab-case code, so
the caller can turn it into a finding quoting the original. `PARSE_NOTES` lists every code with its
severity and title (the codes themselves are defined in huyu_xlsx/findings.py).

Decisions worth knowing:
- Blank ('', whitespace) is None with no note; '-', '—', '/', '无' … are None too (not reported is
  not zero) but noted as `value-blank-marker`, because the person may have meant 0.
- Values are never rescaled: '1.5万' is 1.5 with `unit='万'`. Only the caller knows the indicator's
  unit, so it compares `Parsed.unit` with it.
- Percent cells are on a 0–100 scale. '85%' is 85 (noted `number-percent-sign`). A bare 0 < x ≤ 1 is kept as typed (Excel stores
  a typed '85%' as 0.85, but 0.5 may really mean 0.5%) and flagged `percent-maybe-fraction`.
- '+15' is 15 with a note; '=…', '@…' and '+' followed by anything but a number are formula-looking
  text and an error. Nothing is ever evaluated.
- A number in a date cell is an Excel serial only between 2000-01-01 and 2039-08-18, or an
  8-digit yyyymmdd; a float such as 8.3 cannot tell 8月3日 from 8月30日, so it is an error.
"""
from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from ..findings import PARSE_CODES

__all__ = [
    "Note", "Parsed", "PARSE_NOTES",
    "parse_number", "parse_percent", "parse_date", "parse_yesno", "parse_text",
]


@dataclass(frozen=True)
class Note:
    """One change made to what the person typed: a stable code and a Chinese message saying what."""
    code: str
    message: str


class Parsed(NamedTuple):
    """The value read from one cell, with the raw value, the changes made and any error."""
    value: float | date | bool | str | None
    original: object
    notes: tuple[Note, ...] = ()
    error: str | None = None          # a code from PARSE_NOTES with severity 'error'
    error_message: str | None = None  # Chinese, quotes the original and says what to type
    unit: str | None = None           # the unit stripped from a number ('人', '万元', '%'), if any

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def codes(self) -> tuple[str, ...]:
        """Note codes, then the error code if any: the flat form tests and findings compare."""
        return tuple(n.code for n in self.notes) + ((self.error,) if self.error else ())


# Every code a parser gives, with its severity and title; the codes are defined (and given their
# advice) in the findings catalogue, like every other code.
PARSE_NOTES: dict[str, tuple[str, str]] = {code: (c.severity, c.title) for code, c in PARSE_CODES.items()}

# Advice for the last-resort guard, which only knows which parser failed.
_FALLBACK_ADVICE = {
    "value-not-number": "请只填写数字，如 15",
    "value-not-date": "请按 2020-08-30 的格式填写日期",
    "value-not-yesno": "请填写“是”或“否”",
    "value-not-text": "请重新填写",
}

_MAX_TEXT = 100  # longer text in a number, date or yes/no cell is never a value

# Invisible characters copied in from web pages and chat apps; they are not what anyone typed.
INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width: pasted from web pages and chat apps
_INVISIBLE = {**dict.fromkeys(map(ord, INVISIBLE_CHARS), None), 0x3000: " ", 0xA0: " "}
# Full-width ASCII (what a Chinese IME types) to ASCII, plus look-alikes for '.', '-' and '~'.
_FULLWIDTH = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)},
              ord("。"): ".", ord("−"): "-", ord("〜"): "~"}

_BLANK_MARKERS = frozenset({"-", "--", "---", "—", "——", "–", "/", "//", "\\", "无", "暂无", "空",
                            "N/A", "NA"})

_APPROX_BEFORE = "大约|大概|约|将近|接近|近|不到|不足|超过|逾"
_APPROX_AFTER = "左右|上下|以上|以下|余|多|来|许"
_COUNTED = ("人次|人|名|个|次|期|户|家|项|所|座|村|件|场|批|条|套|台|篇|份|辆|头|只|班|天|小时|"
            "课时|亩|吨|公里")
_COUNTED_NOUN = "项目|企业|学校|医院|车间|合作社|贫困户|学生|医生|教师|老师|干部|劳动力|村|人"
_UNIT = rf"[万亿]?元|[万亿]?(?:{_COUNTED})(?:{_COUNTED_NOUN})?|[万亿]|%|‰"
_CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟"

_NUMBER_RE = re.compile(
    rf"(?P<before>{_APPROX_BEFORE})?\s*(?P<open>\()?\s*(?P<sign>[-+])?\s*"
    rf"(?:(?P<num>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]*)?|[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
    rf"(?P<exp>[eE][-+]?[0-9]+)?|(?P<cn>[{_CN_NUMERAL_CHARS}]+))"
    rf"\s*(?P<close>\))?\s*(?P<after>{_APPROX_AFTER})?\s*(?P<unit>{_UNIT})?"
    rf"\s*(?P<after2>{_APPROX_AFTER})?")
_NUMBERISH = rf"(?:[0-9][0-9.,]*|[{_CN_NUMERAL_CHARS}]+)"
_RANGE_RE = re.compile(rf"[^0-9]*?{_NUMBERISH}\s*(?:-|~|—+|–|至|到)\s*{_NUMBERISH}[^0-9]*")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3,
              "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8,
              "捌": 8, "九": 9, "玖": 9}
_CN_POWERS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 because Excel counts a 1900-02-29
_SERIAL_MIN, _SERIAL_MAX = 36526, 51000  # 2000-01-01 .. 2039-08-18: beyond it a number is a number
_YEAR_MIN, _YEAR_MAX = 1900, 2099
_TIME = r"(?:[ T]+(?P<hh>[0-9]{1,2}):(?P<mm>[0-9]{2})(?::(?P<ss>[0-9]{2})(?:\.[0-9]+)?)?)?"
_DATE_PATTERNS = tuple(re.compile(p) for p in (
    rf"(?P<y>[0-9]{{4}})\s*(?P<sep>[./-])\s*(?P<m>[0-9]{{1,2}})\s*(?P=sep)\s*(?P<d>[0-9]{{1,2}}){_TIME}",
    r"(?:(?P<y>[0-9]{4})\s*年\s*)?(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*[日号]?",
    r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})",
    r"(?P<m>[0-9]{1,2})\s*(?P<sep>[./-])\s*(?P<d>[0-9]{1,2})",
))

_YES = frozenset({"是", "是的", "对", "有", "已", "完成", "已完成", "√", "✓", "✔", "☑", "✅",
                  "y", "yes", "true", "1"})
_NO = frozenset({"否", "不是", "不", "无", "没有", "未", "未完成", "×", "✗", "✘", "✕", "☒", "❌",
                 "x", "n", "no", "false", "0"})


# --- public API ---------------------------------------------------------------------------------

def parse_number(raw: object) -> Parsed:
    """Read a number cell: '15人' → 15 (unit 人), '１，２５０' → 1250, '约30' → 30, '-' → blank."""
    return _guarded(_parse_number, raw, "value-not-number")


def parse_percent(raw: object) -> Parsed:
    """Read a percent cell on the 0–100 scale: '85%' → 85, 85 → 85; 0.85 stays 0.85 with a warning."""
    parsed = _guarded(_parse_number, raw, "value-not-number", True)
    value = parsed.value
    if parsed.ok and isinstance(value, float) and parsed.unit != "%" and 0 < value <= 1:
        hundred = _number_text(value * 100)
        note = Note("percent-maybe-fraction",
                    f"百分比填的是 {_number_text(value)}，本表按 0–100 填写；"
                    f"如指 {hundred}%，请改填 {hundred}")
        parsed = parsed._replace(notes=parsed.notes + (note,))
    return parsed


def parse_date(raw: object, period_year: int) -> Parsed:
    """Read a date cell: dates pass, Excel serials and '2020.8.30', '8月30日' (year from period) convert."""
    return _guarded(_parse_date, raw, "value-not-date", period_year)


def parse_yesno(raw: object) -> Parsed:
    """Read a yes/no cell into True/False: 是 √ y 1 完成 … / 否 × n 0 未完成 …; blank → None."""
    return _guarded(_parse_yesno, raw, "value-not-yesno")


def parse_text(raw: object) -> Parsed:
    """Read a text cell: stripped text; numbers become their text as Excel shows them (15, not 15.0)."""
    return _guarded(_parse_text, raw, "value-not-text")


# --- shared helpers -----------------------------------------------------------------------------

def _guarded(parse, raw: object, code: str, *args) -> Parsed:
    """Run a parser; anything unforeseen becomes an error finding, never an exception in the batch."""
    try:
        return parse(raw, *args)
    except Exception:  # noqa: BLE001 - one odd cell must not stop a batch
        return _error(raw, code, f"无法读取“{_show(raw)}”，{_FALLBACK_ADVICE[code]}")


def _error(raw: object, code: str, message: str) -> Parsed:
    return Parsed(None, raw, (), code, message)


def _number_text(value: float) -> str:
    """A float as Excel shows it in a General cell: 15 not 15.0, at most 15 significant digits."""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return format(value, ".15g")


def _show(raw: object, limit: int = 30) -> str:
    """The raw value as the person saw it, cut short for a message."""
    try:
        if isinstance(raw, float) and math.isfinite(raw):
            text = _number_text(raw)
        elif isinstance(raw, bool):
            text = "TRUE" if raw else "FALSE"
        else:
            text = str(raw).strip()
    except Exception:  # noqa: BLE001 - e.g. an int too long to print, or a broken __str__
        text = f"<{type(raw).__name__}>"
    return text if len(text) <= limit else text[:limit] + "…"


def _clean(text: str) -> tuple[str, str]:
    """(text as typed without invisible characters and outer spaces, the same in half-width)."""
    typed = text.translate(_INVISIBLE).strip()
    return typed, typed.translate(_FULLWIDTH)


def _is_number(raw: object) -> bool:
    if type(raw) is float or type(raw) is int:  # nearly every number read; the ABC check is slow
        return True
    return isinstance(raw, (numbers.Real, Decimal)) and not isinstance(raw, bool)


def _blank_marker(raw: object, typed: str, advice: str) -> Parsed | None:
    """None unless the text is a dash, slash or '无' standing for "nothing to report"."""
    if typed.translate(_FULLWIDTH).upper() not in _BLANK_MARKERS:
        return None
    return Parsed(None, raw, (Note("value-blank-marker", f"“{typed}”按未填写处理；{advice}"),))


# --- numbers ------------------------------------------------------------------------------------

def _parse_number(raw: object, percent: bool = False) -> Parsed:
    if raw is None:
        return Parsed(None, raw)
    if isinstance(raw, bool):
        return _error(raw, "value-not-number", f"“{_show(raw)}”是逻辑值，不是数字，请填写数字，如 15")
    if _is_number(raw):
        try:
            value = float(raw)
        except (OverflowError, ValueError):
            value = math.inf
        if not math.isfinite(value):
            return _error(raw, "value-not-number", f"“{_show(raw)}”不是有效数字，请填写数字，如 15")
        return Parsed(value, raw)
    if isinstance(raw, (date, time, timedelta)):
        return _error(raw, "value-not-number", f"“{_show(raw)}”是日期或时间，不是数字，请填写数字，如 15")
    if not isinstance(raw, str):
        return _error(raw, "value-not-number", f"“{_show(raw)}”不是数字，请只填写数字，如 15")
    return _number_from_text(raw, percent)


def _number_from_text(raw: str, percent: bool) -> Parsed:
    typed, text = _clean(raw)
    if not text:
        return Parsed(None, raw)
    if len(text) > _MAX_TEXT:
        return _error(raw, "value-not-number",
                      f"内容过长（{len(text)} 个字），不是数字，请只填写数字，如 15")
    blank = _blank_marker(raw, typed, "未填写不等于 0，如实际为 0 请填写 0")
    if blank is not None:
        return blank
    shown = _show(typed)
    if text[0] in "=@":
        return _formula_error(raw, shown, text[0])
    if text[0] == "#":
        return _error(raw, "value-not-number", f"单元格是错误值“{shown}”，请改填数字，如 15")
    match = _NUMBER_RE.fullmatch(text)
    if match is None:
        if text[0] == "+":
            return _formula_error(raw, shown, "+")
        if _RANGE_RE.fullmatch(text):
            return _error(raw, "value-not-number", f"“{shown}”是一个范围，请只填写一个确切数字，如 15")
        return _error(raw, "value-not-number", f"“{shown}”不是数字，请只填写数字，如 15")
    return _number_from_match(raw, typed, text, match, percent)


def _formula_error(raw: object, shown: str, first: str) -> Parsed:
    return _error(raw, "value-formula-text",
                  f"“{shown}”以“{first}”开头，看起来是公式；系统不计算公式，请直接填写结果数字，如 15")


def _number_from_match(raw: str, typed: str, text: str, match: re.Match, percent: bool) -> Parsed:
    shown = _show(typed)
    not_number = _error(raw, "value-not-number", f"“{shown}”不是数字，请只填写数字，如 15")
    notes: list[Note] = []
    if text != typed:
        notes.append(Note("number-fullwidth", f"全角字符“{shown}”按半角“{_show(text)}”读取"))
    if match["cn"]:
        whole = _chinese_numeral(match["cn"])
        if whole is None:
            return not_number
        value = float(whole)
        notes.append(Note("number-chinese-numeral", f"中文数字“{match['cn']}”按 {whole} 读取"))
    else:
        digits = match["num"]
        if "," in digits:
            notes.append(Note("number-thousands-separator", f"去掉了“{shown}”中的千位分隔符"))
        value = float(digits.replace(",", "") + (match["exp"] or ""))
        if not math.isfinite(value):
            return _error(raw, "value-not-number", f"“{shown}”超出可读范围，请填写正常大小的数字")
    if bool(match["open"]) != bool(match["close"]) or (match["open"] and match["sign"]):
        return not_number
    if match["sign"] == "-":
        value = -value
    elif match["sign"] == "+":
        notes.append(Note("number-plus-sign", f"去掉了“{shown}”前的“+”号"))
    if match["open"]:
        value = -value
        notes.append(Note("number-accounting-negative", f"括号中的数字“{shown}”按负数 {_number_text(value)} 读取"))
    approx = "、".join(w for w in (match["before"], match["after"], match["after2"]) if w)
    if approx:
        notes.append(Note("number-approximate",
                          f"“{shown}”是约数（{approx}），按 {_number_text(value)} 读取；请核实后填写准确数字"))
    unit = match["unit"]
    if unit and percent and unit == "%":
        notes.append(Note("number-percent-sign", f"“{shown}”去掉了百分号，按 {_number_text(value)} 读取"))
    elif unit:
        notes.append(Note("number-unit-stripped", f"去掉了单位“{unit}”，按 {_number_text(value)} 读取"))
    return Parsed(value, raw, tuple(notes), unit=unit)


def _chinese_numeral(text: str) -> int | None:
    """'十五' → 15, '一百零五' → 105; None for what is not a plain numeral below 万 ('二三', '一百五')."""
    total, digit, last_power, after_zero = 0, None, 10_000, False
    for ch in text:
        if ch in _CN_POWERS:
            power = _CN_POWERS[ch]
            if power >= last_power:
                return None
            if digit is None:
                if total or power != 10:  # only 十 may stand alone ('十五')
                    return None
                digit = 1
            total += digit * power
            last_power, digit, after_zero = power, None, False
        elif digit is not None:  # two digits in a row
            return None
        elif _CN_DIGITS[ch] == 0:
            after_zero = True
        else:
            digit = _CN_DIGITS[ch]
    if digit is not None:
        # '一百五' is colloquial for 150 but reads as 105 digit by digit: too ambiguous to guess.
        if 10 < last_power < 10_000 and not after_zero:
            return None
        total += digit
    return total


# --- dates --------------------------------------------------------------------------------------

def _parse_date(raw: object, period_year: int) -> Parsed:
    if raw is None:
        return Parsed(None, raw)
    if isinstance(raw, bool):
        return _date_error(raw, f"“{_show(raw)}”是逻辑值，不是日期")
    if isinstance(raw, datetime):
        notes = () if raw.time() == time(0) else (_time_dropped(raw),)
        return Parsed(raw.date(), raw, notes)
    if isinstance(raw, date):
        return Parsed(raw, raw)
    if isinstance(raw, (time, timedelta)):
        return _date_error(raw, f"“{_show(raw)}”只有时间，没有日期")
    if _is_number(raw):
        return _date_from_number(raw)
    if isinstance(raw, str):
        return _date_from_text(raw, period_year)
    return _date_error(raw, f"“{_show(raw)}”不是日期")


def _date_error(raw: object, what: str, advice: str = "请按 2020-08-30 的格式填写") -> Parsed:
    return _error(raw, "value-not-date", f"{what}，{advice}")


def _time_dropped(raw: object) -> Note:
    return Note("date-time-dropped", f"“{_show(raw)}”中的时间部分已去掉，只保留日期")


def _date_from_number(raw: object) -> Parsed:
    try:
        value = float(raw)
    except (OverflowError, ValueError):
        value = math.inf
    shown = _show(raw)
    if not math.isfinite(value):
        return _date_error(raw, f"“{shown}”不是日期")
    if value.is_integer() and 10_000_000 <= value < 100_000_000:
        whole = int(value)
        return _date_from_parts(raw, shown, whole // 10_000, whole // 100 % 100, whole % 100,
                                [], f"数字“{shown}”按日期")
    if _SERIAL_MIN <= value < _SERIAL_MAX + 1:
        day = _EXCEL_EPOCH + timedelta(days=int(value))
        notes = [Note("date-serial", f"Excel 日期序号 {shown} 按日期 {day.isoformat()} 读取")]
        if not value.is_integer():
            notes.append(_time_dropped(raw))
        return Parsed(day, raw, tuple(notes))
    if 1 <= value < 13 and not value.is_integer():
        return _date_error(raw, f"“{shown}”无法区分是几月几日（如 8.3 可能是 8月3日 或 8月30日）")
    return _date_error(raw, f"数字“{shown}”不是日期")


def _date_from_text(raw: str, period_year: int) -> Parsed:
    typed, text = _clean(raw)
    if not text:
        return Parsed(None, raw)
    if len(text) > _MAX_TEXT:
        return _date_error(raw, f"内容过长（{len(text)} 个字），不是日期")
    blank = _blank_marker(raw, typed, "如已有日期，请填写日期")
    if blank is not None:
        return blank
    shown = _show(typed)
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match is not None:
            break
    else:
        return _date_error(raw, f"“{shown}”不是日期")
    parts = match.groupdict()
    notes: list[Note] = []
    if parts.get("hh") and (int(parts["hh"]), int(parts["mm"]), int(parts["ss"] or 0)) != (0, 0, 0):
        notes.append(_time_dropped(typed))
    if parts.get("y"):
        year = int(parts["y"])
    elif type(period_year) is int and _YEAR_MIN <= period_year <= _YEAR_MAX:
        year = period_year
        notes.append(Note("date-year-assumed",
                          f"“{shown}”没有写年份，按填报期所在年份读作 {year}年；请核实"))
    else:
        return _date_error(raw, f"“{shown}”没有写年份")
    return _date_from_parts(raw, shown, year, int(parts["m"]), int(parts["d"]), notes, f"“{shown}”按日期")


def _date_from_parts(raw: object, shown: str, year: int, month: int, day: int,
                     notes: list[Note], read_as: str) -> Parsed:
    if not _YEAR_MIN <= year <= _YEAR_MAX:
        return _date_error(raw, f"“{shown}”的年份 {year} 不合理", "请核对")
    if not 1 <= month <= 12:
        return _date_error(raw, f"“{shown}”不是存在的日期（没有 {month} 月）", "请核对")
    try:
        value = date(year, month, day)
    except ValueError:
        return _date_error(raw, f"“{shown}”不是存在的日期（{year}年{month}月没有 {day} 日）", "请核对")
    notes.insert(0, Note("date-text", f"{read_as} {value.isoformat()} 读取"))
    return Parsed(value, raw, tuple(notes))


# --- yes / no -----------------------------------------------------------------------------------

def _parse_yesno(raw: object) -> Parsed:
    if raw is None:
        return Parsed(None, raw)
    if isinstance(raw, bool):
        return _yesno(raw, raw)
    if _is_number(raw):
        if raw == 1 or raw == 0:
            return _yesno(raw, raw == 1)
        return _yesno_error(raw)
    if not isinstance(raw, str):
        return _yesno_error(raw)
    typed, text = _clean(raw)
    if not text:
        return Parsed(None, raw)
    if text in ("是", "否"):
        return Parsed(text == "是", raw)
    key = text.casefold() if text.isascii() else text
    if key in _YES or key in _NO:  # '无' is 否 here: in 是否有问题 it answers the question
        return _yesno(raw, key in _YES)
    blank = _blank_marker(raw, typed, "请填写“是”或“否”")
    if blank is not None:
        return blank
    return _yesno_error(raw)


def _yesno(raw: object, value: bool) -> Parsed:
    note = Note("yesno-normalized", f"“{_show(raw)}”按“{'是' if value else '否'}”读取")
    return Parsed(value, raw, (note,))


def _yesno_error(raw: object) -> Parsed:
    return _error(raw, "value-not-yesno", f"“{_show(raw)}”无法判断是或否，请填写“是”或“否”")


# --- text ---------------------------------------------------------------------------------------

def _parse_text(raw: object) -> Parsed:
    if raw is None:
        return Parsed(None, raw)
    if isinstance(raw, str):
        # Only the ends: a full-width space inside Chinese text is deliberate.
        text = raw.strip().strip(INVISIBLE_CHARS).strip()
        return Parsed(text or None, raw)
    if isinstance(raw, bool):
        return Parsed("TRUE" if raw else "FALSE", raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return _error(raw, "value-not-text", f"“{_show(raw)}”不是有效内容，请重新填写")
        return Parsed(_number_text(raw), raw)
    if _is_number(raw):
        return Parsed(str(raw), raw)
    if isinstance(raw, datetime):
        return Parsed(raw.date().isoformat() if raw.time() == time(0) else raw.isoformat(" "), raw)
    if isinstance(raw, (date, time)):
        return Parsed(raw.isoformat(), raw)
    return _error(raw, "value-not-text", f"“{_show(raw)}”无法作为文字读取，请重新填写")
