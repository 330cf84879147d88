"""The docs are checked: Quickstart matches CI, the table reference is current, examples run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LSE_PAGE, RAW_DIR, REPO_ROOT

from pagefacts.reference import reference
from pagefacts.settings import Settings
from pagefacts.validate import SchemaStore

README = (REPO_ROOT / "README.md").read_text("utf-8")


def _quickstart_commands() -> list[str]:
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, re.S)]


def test_quickstart_is_two_commands_and_ci_runs_the_test_one() -> None:
    commands = _quickstart_commands()
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    assert "pagefacts run" in commands[0]
    ci = (REPO_ROOT / ".ci" / "run").read_text("utf-8")
    install, test = commands[1].split(" && ")
    assert install.replace("python3 -m pip install", "python3 -m pip install -q") in ci
    assert test in ci


def test_table_reference_is_generated_from_the_schemas() -> None:
    current = (REPO_ROOT / "docs" / "tables.md").read_text("utf-8")
    expected = reference(SchemaStore(Settings().schemas_dir))
    assert current == expected, "run: python -m pagefacts.reference > docs/tables.md"


def test_readme_links_point_at_files() -> None:
    for target in re.findall(r"\]\(([^)#:]+)\)", README):
        assert (REPO_ROOT / target).exists(), target


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    from pagefacts.export import export

    root = tmp_path_factory.mktemp("docs")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / LSE_PAGE, raw / LSE_PAGE)
    report = export(Settings.from_env(raw_dir=str(raw), out_dir=str(root / "output")))
    assert report.published
    return root / "output"


def test_analyst_example_answers_its_questions(exported: Path) -> None:
    sys.path.insert(0, str(REPO_ROOT / "examples"))
    try:
        import analyst_questions
    finally:
        sys.path.pop(0)
    answers = analyst_questions.answers(exported)
    assert set(answers) == set(analyst_questions.QUESTIONS)
    assert not answers["Who is quoted most"].empty
    assert answers["Pages per author"].iloc[0]["author"] == "Michael Cox"
    periodicals = set(answers["Most-cited periodicals and sites"]["container_title"])
    assert "Foreign Affairs" in periodicals
    issues = set(answers["Notes with data-quality issues"]["issue"])
    assert "truncated-url" in issues


def test_analyst_example_runs_as_a_script(exported: Path) -> None:
    proc = subprocess.run([sys.executable, str(REPO_ROOT / "examples" / "analyst_questions.py"),
                           str(exported)], capture_output=True, text=True, check=True)
    assert "## Who is quoted most" in proc.stdout and "Traceback" not in proc.stderr
