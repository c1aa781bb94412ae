"""The month's documents in one call: the 通报 (or 报告) and the 督办单, from a judged month."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..collect import CollectResult
from ..plan import Plan
from ..report import facts
from .official import DocOptions, write_official
from .supervise import orders, write_orders

ORDERS_FOLDER = "督办单"


@dataclass
class MonthDocuments:
    official: Path
    orders: list[Path] = field(default_factory=list)


def write_documents(result: CollectResult, plan: Plan, folder: Path, options: DocOptions | None = None,
                    digest: facts.Digest | None = None) -> MonthDocuments:
    """通报_<period>.docx (or 报告_…) in `folder`, the 督办单 in `folder`/督办单/."""
    options = (options or DocOptions()).resolved()
    digest = digest or facts.digest(result, plan)
    the_orders = orders(result, plan, digest)
    official = write_official(result, plan, Path(folder), options, digest, orders=len(the_orders))
    paths = write_orders(result, plan, Path(folder) / ORDERS_FOLDER, options, the_orders)
    return MonthDocuments(official, paths)
