"""Lenient parsing of what people type into number, percent, date, yes/no and text cells."""
import math
import re
from pathlib import Path
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huyu_xlsx.intake.parse import (
    PARSE_NOTES, Parsed, parse_date, parse_number, parse_percent, parse_text, parse_yesno,
)

FAST = settings(max_examples=60, deadline=None)

# Each case: what was typed, expected value, expected codes (notes in order, then the error).
NUMBER_CASES = [
    (15.0, 15.0, ()),
    (3.5, 3.5, ()),
    (7, 7.0, ()),
    (Decimal("2.5"), 2.5, ()),
    (-4.0, -4.0, ()),
    ("15", 15.0, ()),
    (" 15.50 ", 15.5, ()),
    ("-15", -15.0, ()),
    (".5", 0.5, ()),
    ("1e5", 100000.0, ()),
    # blank is not zero
    ("", None, ()),
    (None, None, ()),
    ("  \u3000", None, ()),
    ("-", None, ("value-blank-marker",)),
    ("—", None, ("value-blank-marker",)),
    ("——", None, ("value-blank-marker",)),
    ("－", None, ("value-blank-marker",)),
    ("无", None, ("value-blank-marker",)),
    ("/", None, ("value-blank-marker",)),
    ("n/a", None, ("value-blank-marker",)),
    # full-width
    ("１５", 15.0, ("number-fullwidth",)),
    ("３．５", 3.5, ("number-fullwidth",)),
    ("－１５", -15.0, ("number-fullwidth",)),
    ("3。5", 3.5, ("number-fullwidth",)),
    # thousands separators
    ("1,250", 1250.0, ("number-thousands-separator",)),
    ("1,250,000.5", 1250000.5, ("number-thousands-separator",)),
    ("1，250", 1250.0, ("number-fullwidth", "number-thousands-separator")),
    ("1,25", None, ("value-not-number",)),
    ("12,50,000", None, ("value-not-number",)),
    # units
    ("15人", 15.0, ("number-unit-stripped",)),
    ("15 人", 15.0, ("number-unit-stripped",)),
    ("73.4万元", 73.4, ("number-unit-stripped",)),
    ("2亿元", 2.0, ("number-unit-stripped",)),
    ("80%", 80.0, ("number-unit-stripped",)),
    ("3个村", 3.0, ("number-unit-stripped",)),
    ("12期", 12.0, ("number-unit-stripped",)),
    ("1.5万人次", 1.5, ("number-unit-stripped",)),
    ("１５人", 15.0, ("number-fullwidth", "number-unit-stripped")),
    # approximations
    ("约30", 30.0, ("number-approximate",)),
    ("大约30", 30.0, ("number-approximate",)),
    ("近30", 30.0, ("number-approximate",)),
    ("30左右", 30.0, ("number-approximate",)),
    ("30余", 30.0, ("number-approximate",)),
    ("30多", 30.0, ("number-approximate",)),
    ("30余人", 30.0, ("number-approximate", "number-unit-stripped")),
    ("30人左右", 30.0, ("number-approximate", "number-unit-stripped")),
    # ranges ask for one number
    ("15-20", None, ("value-not-number",)),
    ("15～20", None, ("value-not-number",)),
    ("15~20人", None, ("value-not-number",)),
    ("15至20", None, ("value-not-number",)),
    # Chinese numerals
    ("三", 3.0, ("number-chinese-numeral",)),
    ("十五", 15.0, ("number-chinese-numeral",)),
    ("二十", 20.0, ("number-chinese-numeral",)),
    ("一百零五", 105.0, ("number-chinese-numeral",)),
    ("两千三百", 2300.0, ("number-chinese-numeral",)),
    ("十五人", 15.0, ("number-chinese-numeral", "number-unit-stripped")),
    ("三十多", 30.0, ("number-chinese-numeral", "number-approximate")),
    ("一百五", None, ("value-not-number",)),
    ("二三", None, ("value-not-number",)),
    ("十十", None, ("value-not-number",)),
    # formula-looking text is never evaluated
    ("=15", None, ("value-formula-text",)),
    ("=SUM(A1:A3)", None, ("value-formula-text",)),
    ("@A1", None, ("value-formula-text",)),
    ("+A1", None, ("value-formula-text",)),
    ("＝15", None, ("value-formula-text",)),
    ("+15", 15.0, ("number-plus-sign",)),
    # accounting negatives
    ("(15)", -15.0, ("number-accounting-negative",)),
    ("（15）", -15.0, ("number-fullwidth", "number-accounting-negative")),
    ("(15", None, ("value-not-number",)),
    ("(-15)", None, ("value-not-number",)),
    # anything else
    ("abc", None, ("value-not-number",)),
    ("15 20", None, ("value-not-number",)),
    ("1.2.3", None, ("value-not-number",)),
    ("15（含2人）", None, ("value-not-number",)),
    ("#DIV/0!", None, ("value-not-number",)),
    ("nan", None, ("value-not-number",)),
    ("inf", None, ("value-not-number",)),
    ("1e999", None, ("value-not-number",)),
    ("9" * 500, None, ("value-not-number",)),
    (True, None, ("value-not-number",)),
    (False, None, ("value-not-number",)),
    (float("nan"), None, ("value-not-number",)),
    (float("inf"), None, ("value-not-number",)),
    (10 ** 400, None, ("value-not-number",)),
    (date(2020, 8, 30), None, ("value-not-number",)),
    (b"15", None, ("value-not-number",)),
    ([15], None, ("value-not-number",)),
]


@pytest.mark.parametrize("raw, value, codes", NUMBER_CASES)
def test_parse_number(raw, value, codes):
    parsed = parse_number(raw)
    assert (parsed.value, parsed.codes) == (value, codes)
    assert parsed.original is raw
    _assert_well_formed(parsed)


@pytest.mark.parametrize("raw, unit", [
    ("15人", "人"), ("73.4万元", "万元"), ("2亿元", "亿元"), ("80%", "%"), ("30余人", "人"),
    ("15", None), (15.0, None),
])
def test_parse_number_exposes_unit(raw, unit):
    parsed = parse_number(raw)
    assert parsed.unit == unit
    if unit:
        assert f"“{unit}”" in parsed.notes[-1].message


def test_messages_quote_the_original_and_say_what_to_type():
    assert "“15-20”" in parse_number("15-20").error_message
    assert "如 15" in parse_number("abc").error_message
    assert "约30" in parse_number("约30").notes[0].message
    assert "0" in parse_number("无").notes[0].message  # says blank is not zero


PERCENT_CASES = [
    (85.0, 85.0, ()),
    ("85", 85.0, ()),
    ("85%", 85.0, ("number-percent-sign",)),  # read right, and traced like every coercion
    ("85 %", 85.0, ("number-percent-sign",)),
    ("85％", 85.0, ("number-fullwidth", "number-percent-sign")),
    ("约85%", 85.0, ("number-approximate", "number-percent-sign")),
    (0.0, 0.0, ()),
    (0.85, 0.85, ("percent-maybe-fraction",)),
    ("0.85", 0.85, ("percent-maybe-fraction",)),
    (1.0, 1.0, ("percent-maybe-fraction",)),
    ("0.5%", 0.5, ("number-percent-sign",)),
    ("", None, ()),
    ("-", None, ("value-blank-marker",)),
    ("85人", 85.0, ("number-unit-stripped",)),
    ("八成", None, ("value-not-number",)),
]


@pytest.mark.parametrize("raw, value, codes", PERCENT_CASES)
def test_parse_percent(raw, value, codes):
    parsed = parse_percent(raw)
    assert (parsed.value, parsed.codes) == (value, codes)
    _assert_well_formed(parsed)


DATE_CASES = [
    (date(2020, 8, 30), date(2020, 8, 30), ()),
    (datetime(2020, 8, 30), date(2020, 8, 30), ()),
    (datetime(2020, 8, 30, 14, 5), date(2020, 8, 30), ("date-time-dropped",)),
    (44073.0, date(2020, 8, 30), ("date-serial",)),
    (44073, date(2020, 8, 30), ("date-serial",)),
    (36526.0, date(2000, 1, 1), ("date-serial",)),
    (44073.75, date(2020, 8, 30), ("date-serial", "date-time-dropped")),
    (20200830.0, date(2020, 8, 30), ("date-text",)),
    ("2020.8.30", date(2020, 8, 30), ("date-text",)),
    ("2020/8/30", date(2020, 8, 30), ("date-text",)),
    ("2020-8-30", date(2020, 8, 30), ("date-text",)),
    ("2020-08-30", date(2020, 8, 30), ("date-text",)),
    ("2020-08-30 00:00:00", date(2020, 8, 30), ("date-text",)),
    ("2020-08-30 09:30", date(2020, 8, 30), ("date-text", "date-time-dropped")),
    ("2020年8月30日", date(2020, 8, 30), ("date-text",)),
    ("2020年08月30号", date(2020, 8, 30), ("date-text",)),
    ("20200830", date(2020, 8, 30), ("date-text",)),
    ("２０２０．８．３０", date(2020, 8, 30), ("date-text",)),
    ("２０２０年８月３０日", date(2020, 8, 30), ("date-text",)),
    ("8月30日", date(2020, 8, 30), ("date-text", "date-year-assumed")),
    ("8月30号", date(2020, 8, 30), ("date-text", "date-year-assumed")),
    ("8.30", date(2020, 8, 30), ("date-text", "date-year-assumed")),
    ("8/30", date(2020, 8, 30), ("date-text", "date-year-assumed")),
    ("８．３０", date(2020, 8, 30), ("date-text", "date-year-assumed")),
    ("", None, ()),
    (None, None, ()),
    ("/", None, ("value-blank-marker",)),
    ("无", None, ("value-blank-marker",)),
    ("2020-02-30", None, ("value-not-date",)),
    ("2020-13-01", None, ("value-not-date",)),
    ("2019-02-29", None, ("value-not-date",)),
    ("2020.8/30", None, ("value-not-date",)),
    ("1010-8-30", None, ("value-not-date",)),
    ("2020年8月", None, ("value-not-date",)),
    ("8月", None, ("value-not-date",)),
    ("明天", None, ("value-not-date",)),
    ("20201340", None, ("value-not-date",)),
    (8.3, None, ("value-not-date",)),
    (5.0, None, ("value-not-date",)),
    (60000.0, None, ("value-not-date",)),
    (float("nan"), None, ("value-not-date",)),
    (float("-inf"), None, ("value-not-date",)),
    (True, None, ("value-not-date",)),
    (time(9, 30), None, ("value-not-date",)),
    ("x" * 10_000, None, ("value-not-date",)),
    (object(), None, ("value-not-date",)),
]


@pytest.mark.parametrize("raw, value, codes", DATE_CASES)
def test_parse_date(raw, value, codes):
    parsed = parse_date(raw, 2020)
    assert (parsed.value, parsed.codes) == (value, codes)
    assert type(parsed.value) in (date, type(None))  # datetime is narrowed to its date
    _assert_well_formed(parsed)


def test_parse_date_year_comes_from_period_year():
    assert parse_date("8月30日", 2021).value == date(2021, 8, 30)
    assert parse_date("2.29", 2019).codes == ("value-not-date",)
    assert parse_date("8.30", None).codes == ("value-not-date",)  # no period: cannot assume
    assert "请核对" in parse_date("2020-02-30", 2020).error_message


YESNO_CASES = [
    ("是", True, ()),
    ("否", False, ()),
    (" 是 ", True, ()),
    *[(t, True, ("yesno-normalized",)) for t in
      ("√", "✓", "✔", "已完成", "完成", "y", "Y", "yes", "YES", "1", "true", "TRUE", "Ｙ")],
    *[(t, False, ("yesno-normalized",)) for t in
      ("×", "✗", "x", "X", "未完成", "n", "no", "N", "0", "false", "无")],
    (True, True, ("yesno-normalized",)),
    (False, False, ("yesno-normalized",)),
    (1.0, True, ("yesno-normalized",)),
    (0.0, False, ("yesno-normalized",)),
    (1, True, ("yesno-normalized",)),
    ("", None, ()),
    (None, None, ()),
    ("-", None, ("value-blank-marker",)),
    ("/", None, ("value-blank-marker",)),
    ("也许", None, ("value-not-yesno",)),
    ("是否", None, ("value-not-yesno",)),
    (2.0, None, ("value-not-yesno",)),
    (float("nan"), None, ("value-not-yesno",)),
    (date(2020, 1, 1), None, ("value-not-yesno",)),
]


@pytest.mark.parametrize("raw, value, codes", YESNO_CASES)
def test_parse_yesno(raw, value, codes):
    parsed = parse_yesno(raw)
    assert (parsed.value, parsed.codes) == (value, codes)
    _assert_well_formed(parsed)


TEXT_CASES = [
    ("  张三 ", "张三", ()),
    ("\u200b张三\ufeff", "张三", ()),
    ("甲\u3000乙", "甲\u3000乙", ()),  # a full-width space inside text is deliberate
    ("", None, ()),
    ("   ", None, ()),
    (None, None, ()),
    (15.0, "15", ()),
    (3.5, "3.5", ()),
    (0.1 + 0.2, "0.3", ()),  # as Excel shows it: 15 significant digits
    (13812345678.0, "13812345678", ()),
    (15, "15", ()),
    (True, "TRUE", ()),
    (date(2020, 8, 30), "2020-08-30", ()),
    (datetime(2020, 8, 30), "2020-08-30", ()),
    (datetime(2020, 8, 30, 9, 30), "2020-08-30 09:30:00", ()),
    ("=SUM(A1)", "=SUM(A1)", ()),  # kept as text; the writer must never write it as a formula
    (float("nan"), None, ("value-not-text",)),
    (object(), None, ("value-not-text",)),
]


@pytest.mark.parametrize("raw, value, codes", TEXT_CASES)
def test_parse_text(raw, value, codes):
    parsed = parse_text(raw)
    assert (parsed.value, parsed.codes) == (value, codes)
    _assert_well_formed(parsed)


def test_parse_notes_registry():
    for code, (severity, description) in PARSE_NOTES.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", code)
        assert severity in ("info", "warning", "error")
        assert re.search(r"[\u4e00-\u9fff]", description)
    assert {c for c, (s, _) in PARSE_NOTES.items() if s == "error"} == {
        "value-not-number", "value-formula-text", "value-not-date", "value-not-yesno",
        "value-not-text"}
    used = {code for table in (NUMBER_CASES, PERCENT_CASES, DATE_CASES, YESNO_CASES, TEXT_CASES)
            for _, _, codes in table for code in codes}
    assert used == set(PARSE_NOTES)  # every registered code is exercised, every used code registered


def test_a_broken_value_never_escapes():
    class Hostile:
        def __str__(self):
            raise RuntimeError("no")

        def __float__(self):
            raise RuntimeError("no")

    for parse in (parse_number, parse_percent, parse_yesno, parse_text,
                  lambda raw: parse_date(raw, 2020)):
        parsed = parse(Hostile())
        assert parsed.error and parsed.value is None
        _assert_well_formed(parsed)


def _assert_well_formed(parsed: Parsed) -> None:
    """The invariants a caller relies on, whatever was typed."""
    assert isinstance(parsed, Parsed)
    assert set(parsed.codes) <= set(PARSE_NOTES)
    if parsed.error:
        assert parsed.value is None and parsed.notes == ()
        assert PARSE_NOTES[parsed.error][0] == "error"
        assert parsed.error_message and re.search(r"[\u4e00-\u9fff]", parsed.error_message)
    else:
        assert parsed.error_message is None
        assert all(PARSE_NOTES[n.code][0] != "error" for n in parsed.notes)
    assert all(n.message and len(n.message) < 200 for n in parsed.notes)
    if isinstance(parsed.value, float):
        assert math.isfinite(parsed.value)


# --- properties ---------------------------------------------------------------------------------

ANY_CELL = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789０１２３４５６７８９.,，．-－+（）()%％约左右人万元年月日号/ 十五", max_size=15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.none(), st.booleans(), st.dates(), st.datetimes(), st.binary(max_size=8),
)


@FAST
@given(ANY_CELL, st.one_of(st.integers(), st.none()))
def test_parsers_never_raise(raw, period_year):
    for parsed in (parse_number(raw), parse_percent(raw), parse_date(raw, period_year),
                   parse_yesno(raw), parse_text(raw)):
        _assert_well_formed(parsed)
        assert parsed.original is raw


FINITE = st.floats(allow_nan=False, allow_infinity=False)
_TO_FULLWIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}


@FAST
@given(FINITE)
def test_number_round_trip_plain(x):
    for raw in (x, str(x), repr(x)):
        parsed = parse_number(raw)
        assert parsed.value == x and parsed.notes == ()


@FAST
@given(FINITE, st.sampled_from(["人", "名", "个", "次", "期", "户", "家", "项", "万元", "亿元", "元", "%"]))
def test_number_round_trip_decorated(x, unit):
    grouped = format(x, ",")
    assert parse_number(grouped).value == x
    assert parse_number(grouped.translate(_TO_FULLWIDTH)).value == x
    with_unit = parse_number(grouped + unit)
    assert (with_unit.value, with_unit.unit) == (x, unit)
    assert "number-unit-stripped" in with_unit.codes


@FAST
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_date_round_trip_text(d):
    y, m, dd = d.year, d.month, d.day
    with_year = [f"{y}.{m}.{dd}", f"{y}/{m}/{dd}", f"{y}-{m}-{dd}", f"{y}年{m}月{dd}日",
                 f"{y}{m:02}{dd:02}", d.isoformat(), f"{d.isoformat()} 00:00:00",
                 f"{y}.{m}.{dd}".translate(_TO_FULLWIDTH)]
    for text in with_year:
        parsed = parse_date(text, 2020)
        assert parsed.value == d and parsed.codes[0] == "date-text", text
    for text in (f"{m}月{dd}日", f"{m}.{dd}", f"{m}/{dd}"):
        parsed = parse_date(text, y)
        assert parsed.value == d and "date-year-assumed" in parsed.codes, text


@FAST
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2039, 8, 18)))
def test_date_round_trip_serial(d):
    serial = float((d - date(1899, 12, 30)).days)
    assert parse_date(serial, 2020).value == d
    assert parse_date(datetime.combine(d, time()) + timedelta(hours=3), 2020).value == d


# The reader reads the commonest cells itself (intake/read.py _parse_cell) instead of calling
# the parsers above; it must read every cell exactly as they do, findings included.
READER_CELL = st.one_of(
    ANY_CELL,
    st.sampled_from(["是", "否", " 是", "是 ", "\u200b是", "是\u200b", "\u3000否\u3000", "\ufeff", " ", "\u200b"]),
    st.text(alphabet=" \u3000\u200b\ufeff\u00a0是否文字 \t\n", max_size=6),
    st.floats(min_value=-2, max_value=2), st.sampled_from([0.0, -0.0, 1.0, 1e-300, 100.0]),
)


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(["number", "percent", "date", "choice", "text"]), READER_CELL)
def test_the_reader_reads_common_cells_as_the_parsers_do(kind, raw):
    from huyu_xlsx import layout
    from huyu_xlsx.intake.read import ReturnDraft, _parse_cell, _parse_general

    kind = {"number": layout.NUMBER, "percent": layout.PERCENT, "date": layout.DATE,
            "choice": layout.CHOICE, "text": layout.TEXT}[kind]
    fast, general = ReturnDraft(path=Path("a.xlsx"), period="2020-08"), ReturnDraft(path=Path("a.xlsx"), period="2020-08")
    a = _parse_cell(fast, kind, raw, "任务进度", "I5", "x", "人")
    b = _parse_general(general, kind, raw, "任务进度", "I5", "x", "人")
    assert a == b or (a.value != a.value and b.value != b.value)  # (nan is never equal to itself)
    assert type(a.value) is type(b.value)
    assert fast.findings == general.findings
