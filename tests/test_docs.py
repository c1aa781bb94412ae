"""The documentation: generated pages match the code, links stay inside the repository, the
README stays short and its commands are the ones CI runs."""
from __future__ import annotations

import difflib
import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, ROOT / "CONTRIBUTING.md", ROOT / "bench" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _make_docs():
    spec = importlib.util.spec_from_file_location("make_docs", ROOT / "scripts" / "make_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["findings.md", "cli.md"])
def test_generated_page_is_up_to_date(name):
    make_docs = _make_docs()
    want = make_docs.PAGES[name]()
    have = (ROOT / "docs" / name).read_text("utf-8")
    diff = "".join(difflib.unified_diff(have.splitlines(True), want.splitlines(True), "docs/" + name, "generated",
                                        n=1))
    assert have == want, f"docs/{name} is out of date; run: python scripts/make_docs.py\n{diff[:3000]}"


def test_every_finding_code_is_documented():
    from huyu_xlsx.findings import CATALOGUE

    page = (ROOT / "docs" / "findings.md").read_text("utf-8")
    documented = re.findall(r"^\| `([a-z0-9-]+)` \|", page, flags=re.M)
    assert documented == list(CATALOGUE)


def test_check_mode_names_a_stale_page(tmp_path, monkeypatch, capsys):
    make_docs = _make_docs()
    for name in make_docs.PAGES:
        (tmp_path / name).write_text((ROOT / "docs" / name).read_text("utf-8"), "utf-8")
    monkeypatch.setattr(make_docs, "DOCS", tmp_path)
    assert make_docs.main(["--check"]) == 0
    (tmp_path / "findings.md").write_text("hand-edited\n", "utf-8")
    assert make_docs.main(["--check"]) == 1
    assert "docs/findings.md" in capsys.readouterr().err


def test_readme_is_at_most_12_kb():
    assert len(README.read_bytes()) <= 12 * 1024


def _links(page: Path):
    text = re.sub(r"```.*?```", "", page.read_text("utf-8"), flags=re.S)  # code blocks hold commands, not links
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if not re.match(r"[a-z]+:", target):
            yield target


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_point_to_files_in_the_repository(page):
    assert page.exists()
    for target in _links(page):
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        assert resolved.is_relative_to(ROOT), f"{target} leaves the repository"
        assert resolved.exists(), f"{page.name}: {target} does not exist"
        if anchor and resolved.suffix == ".md":
            assert anchor in _anchors(resolved), f"{page.name}: {target}: no heading with that anchor"


def _anchors(page: Path) -> set[str]:
    """GitHub's heading anchors: lower case, spaces to hyphens, punctuation (also CJK) dropped."""
    heads = re.findall(r"^#+ (.+)$", re.sub(r"```.*?```", "", page.read_text("utf-8"), flags=re.S), flags=re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in heads}


def test_nothing_points_outside_the_repository():
    for page in PAGES:
        assert "../shared" not in page.read_text("utf-8"), page


def test_readme_test_command_is_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text("utf-8").strip().splitlines()[-1]
    readme = README.read_text("utf-8")
    assert ci.replace("pip install -q ", "pip install ") in readme  # CI only quietens pip
    assert "python -m pip install -e . && huyu demo" in readme
