"""Findings: every problem found in a batch of returns, as data.

A finding has a stable kebab-case code from CATALOGUE, a severity, where it is (unit, file,
sheet, cell) and a Chinese message made from the code's template. Checks yield findings and
never raise for bad input; tests compare (code, sheet, cell), never the wording.

CATALOGUE is the one place codes are defined, the parsers' included: a code that is not in it
cannot be emitted (make_finding refuses it, and tests/test_findings.py checks every code the
source passes to make_finding and its wrappers). This module imports nothing of the package,
so reading (intake/) and checking (checks/) both build on it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告", INFO: "提示"}


@dataclass(frozen=True)
class Code:
    severity: str
    title: str  # short Chinese name of the problem
    template: str  # message; {fields} come from the finding's context
    action: str  # what the office or the unit should do


CATALOGUE: dict[str, Code] = {
    # --- files and submissions ---
    "file-unreadable": Code(ERROR, "文件无法读取", "文件无法作为工作簿打开（{detail}）。",
                            "请该单位用 Excel 或 WPS 打开确认后重新发送 .xlsx 文件。"),
    "file-not-spreadsheet": Code(ERROR, "不是电子表格", "该文件不是 Excel/WPS 表格文件（{detail}）。",
                                 "请该单位发送填报表本身（.xlsx），不要发送截图、Word 或压缩包。"),
    "file-encrypted": Code(ERROR, "文件设置了打开密码", "文件设置了打开密码，无法读取。",
                           "请该单位取消打开密码后重新发送。"),
    "file-too-large": Code(ERROR, "文件过大", "文件过大或解压后异常膨胀（{detail}），为安全起见未读取。",
                           "请该单位删除多余内容（图片、空白行）后重新发送。"),
    "identity-missing": Code(WARNING, "缺少隐藏标识页",
                             "文件中没有隐藏标识页，按{detail}识别为“{unit}”。",
                             "请核对单位是否识别正确；今后请在下发的填报表上直接填写，不要复制到新表。"),
    "unit-unknown": Code(ERROR, "无法识别填报单位", "无法从标识页、标题或文件名识别填报单位（{detail}）。",
                         "请确认文件来源，把文件名改为“2020-08_某某县_…”后重新回收。"),
    "plan-mismatch": Code(ERROR, "不是本计划的填报表", "该文件属于计划“{detail}”，不是本计划。",
                          "请该单位使用本月下发的填报表重新填报。"),
    "plan-changed": Code(WARNING, "计划已调整", "该表按旧版计划生成（计划指纹 {detail}），目标可能已调整。",
                         "请核对目标任务；必要时重新下发填报表。"),
    "template-version-mismatch": Code(ERROR, "模板版本不符", "填报表模板版本为“{detail}”，与本工具不一致。",
                                      "请该单位使用本月下发的填报表重新填报。"),
    "period-mismatch": Code(ERROR, "报告期不符", "该表是 {detail} 的填报表，不是本次回收的报告期。",
                            "请该单位报送本月的填报表。"),
    "submission-missing": Code(ERROR, "未报送", "{unit}本月未报送填报表。",
                               "请督促{unit}尽快报送（纸质和电子版）。"),
    "submission-duplicate": Code(WARNING, "重复报送", "{unit}报送了多份，本次采用“{detail}”，本文件未采用。",
                                 "请与该单位确认以哪一份为准。"),
    "submission-late": Code(WARNING, "逾期报送", "填报日期 {detail}，晚于报送截止日。",
                            "请在通报中注明逾期报送。"),
    "report-date-missing": Code(WARNING, "未填填报日期", "签署栏未填写填报日期，按文件时间判断是否按时。",
                                "请该单位补填填报日期。"),
    # --- structure ---
    "sheet-missing": Code(ERROR, "缺少工作表", "缺少工作表“{detail}”，其中数据无法读取。",
                          "请该单位使用下发的填报表，不要删除或重命名工作表。"),
    "column-missing": Code(ERROR, "缺少列", "工作表中找不到“{detail}”列。",
                           "请该单位恢复被删除或改名的列。"),
    "row-missing": Code(ERROR, "缺少指标行", "找不到指标/项目“{detail}”所在行，视为未填报。",
                        "请该单位恢复被删除的行。"),
    "target-tampered": Code(ERROR, "目标任务被改动", "目标任务被改为“{original}”，方案目标为“{detail}”，已按方案目标评判。",
                            "目标任务由方案确定，单位不得修改；如有调整请报州沪滇办。"),
    # --- values ---
    "value-missing": Code(WARNING, "未填写", "“{detail}”未填写累计完成数。",
                          "请该单位补填；确无进展请填 0。"),
    "value-negative": Code(ERROR, "出现负数", "填写了负数 {original}。", "请改为不小于 0 的数。"),
    "percent-over-100": Code(ERROR, "百分比超过100", "工程进度 {original} 超过 100。", "请填写 0–100 之间的数。"),
    "unit-mismatch": Code(ERROR, "计量单位不符", "填写的“{original}”所带单位与指标单位“{detail}”不是同一类，无法折算，该数未采用。",
                          "请按表中计量单位只填数字。"),
    "unit-converted": Code(WARNING, "计量单位已折算", "填写的“{original}”已按指标单位折算为 {detail}。",
                           "请核实折算是否正确；今后请按表中计量单位只填数字。"),
    "disbursed-over-allocated": Code(ERROR, "拨付超过安排", "已拨付资金 {original} 万元超过上海帮扶资金 {detail} 万元。",
                                     "请核实拨付数和安排数。"),
    "subitems-mismatch": Code(ERROR, "分项与合计不符", "{detail}", "请核对分项数与合计数，使之相符。"),
    "date-after-as-of": Code(ERROR, "日期晚于统计日", "日期 {original} 晚于统计截止日 {detail}。",
                             "完成日期不能填未来日期，请核实。"),
    "value-suspicious-high": Code(WARNING, "数值异常偏大", "填报数 {original} 超过目标 {detail} 的 3 倍。",
                                  "请核实是否多填了位数或单位折算有误。"),
    "value-decreased": Code(WARNING, "累计数比上月减少", "累计数 {original} 比上月的 {detail} 减少。",
                            "累计数不应减少；如属更正请在“存在问题”栏说明原因。"),
    "value-above-range": Code(WARNING, "超出区间", "填报数 {original} 超出方案区间 {detail}。", "请核实。"),
    "baseline-missing": Code(WARNING, "未填上年数", "“比上年增长”类指标未填写上年数，无法评判。",
                             "请该单位补填上年数。"),
    "percent-cell-format": Code(INFO, "百分比格式已按百分数读取",
                                "单元格设为百分比格式，显示为“{original}”，按 {detail} 读取。",
                                "请核对该单元格，确认读取的数值无误。"),
    "rectification-status-missing": Code(WARNING, "整改状态未填", "问题“{original}”未选择整改状态，按未整改计。",
                                         "请从下拉框选择整改状态。"),
}


class UnknownCode(KeyError):
    """A finding code that is not in CATALOGUE (a typo in the source, not a user's error)."""

    def __str__(self) -> str:
        return f"finding code {self.args[0]!r} is not in the findings catalogue (huyu_xlsx/findings.py)"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str
    unit: str = ""
    file: str = ""
    sheet: str = ""
    cell: str = ""
    subject: str = ""  # indicator or project id the finding is about
    original: str = ""  # what the person typed, verbatim

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.code, self.sheet, self.cell)

    @property
    def action(self) -> str:
        code = CATALOGUE.get(self.code)
        return code.action.format(unit=self.unit or "该单位") if code else ""

    def to_dict(self) -> dict:
        return {**asdict(self), "action": self.action}


def make_finding(code: str, *, detail: str = "", severity: str | None = None, **where) -> Finding:
    """Build a finding from the catalogue; `where` holds unit, file, sheet, cell, subject, original.

    An unknown code is a programming error and fails here, at once (UnknownCode). Findings
    read back from a ledger are built with Finding() itself: a code an older version wrote
    still loads.
    """
    spec = CATALOGUE.get(code)
    if spec is None:
        raise UnknownCode(code)
    original = str(where.get("original", "") or "")
    unit = where.get("unit", "") or ""
    message = spec.template.format(detail=detail, original=original, unit=unit or "该单位")
    return Finding(code=code, severity=severity or spec.severity, message=message,
                   **{k: str(v) for k, v in where.items() if v is not None})


# The parsers' notes and errors (intake/parse.py): the message is the parser's own, quoting the cell.
_CHECK_CELL = "请核对该单元格，确认读取的数值无误。"
PARSE_CODES: dict[str, Code] = {code: Code(severity, title, "{detail}", action) for code, (severity, title, action) in {
    "value-blank-marker": (WARNING, "用“-”“/”“无”等表示未填写，按未填写处理（不当作 0）",
                           "确无进展请填 0；未统计请留空并在“存在问题”中说明。"),
    "number-fullwidth": (INFO, "全角数字或符号已按半角读取", _CHECK_CELL),
    "number-thousands-separator": (INFO, "去掉了千位分隔符", _CHECK_CELL),
    "number-unit-stripped": (INFO, "去掉了数字后的单位", _CHECK_CELL),
    "number-approximate": (WARNING, "填写的是约数（约、左右、余、多等），按其中的数字读取", "请填写准确数字。"),
    "number-chinese-numeral": (INFO, "中文数字已按阿拉伯数字读取", _CHECK_CELL),
    "number-accounting-negative": (WARNING, "括号中的数字按负数读取", "请核实是否为负数；累计数不应为负。"),
    "number-plus-sign": (INFO, "去掉了数字前的“+”号", _CHECK_CELL),
    "number-percent-sign": (INFO, "去掉了百分号“%”，按百分数读取", _CHECK_CELL),
    "percent-maybe-fraction": (WARNING, "百分比填成了 0 到 1 之间的小数，可能少乘了 100",
                               "工程进度请填 0–100 之间的数，如 85 表示 85%。"),
    "date-serial": (INFO, "Excel 日期序号已按日期读取", _CHECK_CELL),
    "date-text": (INFO, "文字或数字形式的日期已按日期读取", _CHECK_CELL),
    "date-year-assumed": (WARNING, "日期没有写年份，按填报期所在年份读取", "请填写完整日期，如 2020-08-30。"),
    "date-time-dropped": (INFO, "日期中的时间部分已去掉", _CHECK_CELL),
    "yesno-normalized": (INFO, "“是/否”以其他写法填写，已统一为“是”或“否”", _CHECK_CELL),
    "value-not-number": (ERROR, "应填数字的单元格无法读出数字", "请只填写阿拉伯数字，如 15，不要写单位或文字说明。"),
    "value-formula-text": (ERROR, "填写的内容看起来是公式，系统不计算公式", "请直接填写数值，不要填写公式。"),
    "value-not-date": (ERROR, "应填日期的单元格无法读出日期", "请按 2020-08-30 的格式填写日期。"),
    "value-not-yesno": (ERROR, "应填“是/否”的单元格无法判断是或否", "请从下拉框中选择“是”或“否”。"),
    "value-not-text": (ERROR, "单元格内容无法作为文字读取", "请重新填写该单元格。"),
}.items()}
CATALOGUE.update(PARSE_CODES)


def sort_findings(findings) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.unit, f.file, f.sheet, f.cell, f.code))
