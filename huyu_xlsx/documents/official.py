"""The month's 通报 (to the counties and departments) or 报告 (to 州委、州政府) as a .docx 公文."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from docx.shared import Pt

from ..collect import CollectResult
from ..plan import Plan
from ..report import facts
from . import content as C
from .gongwen import SIZE_5, Gongwen, Header, Imprint

REPLY_DAYS = 5  # 督办单: reply within this many days of the document's date unless told otherwise


@dataclass(frozen=True)
class DocOptions:
    """What the office decides, not the figures: the kind, 发文字号, dates, contact."""

    kind: str = C.TONGBAO
    number: str | None = None  # 发文字号, e.g. 楚沪滇办〔2020〕15号; a bare 15 gets the office's prefix
    day: date | None = None  # 成文日期 (and 印发日期); default today
    reply_by: date | None = None  # 督办单: reply or resubmit by; default day + REPLY_DAYS
    contact: str = ""  # the office's contact, e.g. "李文，0878-3121234"
    signer: str = ""  # 签发人 of a 报告
    cc: str | None = None  # 抄送; default by kind

    def resolved(self) -> "DocOptions":
        day = self.day or date.today()
        return replace(self, day=day, reply_by=self.reply_by or day + timedelta(days=REPLY_DAYS))


def office_name(plan: Plan) -> str:
    """发文机关标志 and 落款: the office's full name. A plan's office written short
    ('州沪滇扶贫协作领导小组办公室') gets the prefecture from the issuer ('楚雄州…')."""
    office = plan.office
    if office.startswith("州") and "州" in plan.issuer and not office.startswith(plan.issuer[:1]):
        return plan.issuer[: plan.issuer.index("州")] + office
    return office


def number_prefix(plan: Plan) -> str:
    """The office's 机关代字: the plan's own 文号 prefix with 组发 turned into 办 (楚沪滇组发 → 楚沪滇办)."""
    prefix = plan.document.split("〔", 1)[0]
    for suffix in ("组发", "发"):
        if prefix.endswith(suffix):
            return prefix[: -len(suffix)] + "办"
    return prefix


def document_number(plan: Plan, number: str | None, year: int) -> str:
    """楚沪滇办〔2020〕15号: a full 字号 as given, a bare number with the office's prefix, and
    without one a blank for the number the office registers by hand."""
    if number and not re.fullmatch(r"\d+", number.strip()):
        return number.strip()
    return f"{number_prefix(plan)}〔{year}〕{number.strip() if number else '　　'}号"


def default_cc(kind: str) -> str:
    if kind == C.BAOGAO:
        return "州沪滇扶贫协作领导小组各成员单位。"
    return "州委、州政府，州沪滇扶贫协作领导小组组长、副组长。"


def document_name(kind: str, period: str) -> str:
    return f"{kind}_{period}.docx"


def write_official(result: CollectResult, plan: Plan, folder: Path, options: DocOptions,
                   digest: facts.Digest | None = None, orders: int = 0) -> Path:
    """Write 通报_<period>.docx or 报告_<period>.docx into `folder`; returns its path."""
    opts = options.resolved()
    digest = digest or facts.digest(result, plan)
    tables = C.attachments(result, plan, digest)
    numbers = {t.name: i + 1 for i, t in enumerate(tables)}
    doc = C.with_requests(C.bulletin_document(result, plan, digest), plan, opts.kind, orders, numbers,
                          opts.reply_by)
    if opts.kind == C.BAOGAO:
        doc = C.as_report(doc)
    office = office_name(plan)
    g = Gongwen()
    g.header(Header(office, document_number(plan, opts.number, opts.day.year), upward=opts.kind == C.BAOGAO,
                    signer=opts.signer))
    g.title(doc.title)
    g.addressee(C.TO_LEADERS if opts.kind == C.BAOGAO else C.TO_UNITS)
    g.body(doc.opening)
    tail = []  # the last two body paragraphs stay with the 落款
    for section in doc.sections:
        g.heading(section.heading)
        for p in section.paragraphs:
            tail = [*tail[-1:], g.body(p)]
    if doc.closing:
        tail = [*tail[-1:], g.body(doc.closing)]
    last = tail[0] if tail else None
    g.attachments_note([t.name for t in tables])
    g.signature(office, opts.day, blank_lines=2 if tables else 1)
    if last is not None:
        g.keep_together(last)
    for i, t in enumerate(tables):
        g.attachment(i + 1 if len(tables) > 1 else None, t.name)
        g.table(t.headers, t.rows, left_cols=t.left_cols, size=SIZE_5)
        if t.note:
            g.note(t.note, size=Pt(10.5))
    g.imprint(Imprint(opts.cc if opts.cc is not None else default_cc(opts.kind), office, opts.day))
    path = Path(folder) / document_name(opts.kind, result.period)
    return g.save(path, title=doc.title, author=office, day=opts.day)
