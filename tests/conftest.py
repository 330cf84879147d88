"""Shared fixtures: the repository's raw pages and the lent pages in ../shared/pages."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = REPO_ROOT / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_PAGES = Path(os.environ.get("PAGEFACTS_SHARED_PAGES", REPO_ROOT.parent / "shared" / "pages"))

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

LSE_PAGE = "2021-04-13-comrades-putin-and-xi.txt"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def lse_text() -> str:
    """The LSE page as normalised text (ingested the same way the pipeline does)."""
    from pagefacts.ingest import read_page

    return read_page(RAW_DIR, LSE_PAGE).text


@pytest.fixture(scope="session")
def shared_pages() -> Path:
    """The lent third-party pages; tests using them skip when the folder is absent."""
    if not SHARED_PAGES.is_dir():
        pytest.skip(f"lent pages not available at {SHARED_PAGES}")
    return SHARED_PAGES


def shared_page_text(shared_pages: Path, name: str) -> str:
    from pagefacts.ingest import read_page

    if not (shared_pages / name).exists():
        pytest.skip(f"lent page {name} not available")
    return read_page(shared_pages, name).text


class ScriptTexts(HTMLParser):
    """The text of every <script> element, as a browser's tokenizer splits it."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.inside = tag == "script"
        if self.inside:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.scripts[-1] += data
