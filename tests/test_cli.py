"""The `pagefacts` command line as a user meets it: help, validate, exit statuses, a clean terminal.

The `run` tests start the CLI as a subprocess with PREFECT_API_URL unset and PREFECT_HOME in a
temporary directory, so the flow runs on Prefect's temporary local server, as on a fresh machine.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import LSE_PAGE, RAW_DIR, REPO_ROOT

from pagefacts.cli import EXIT_OK, EXIT_REJECTS, EXIT_USAGE, main

#: Words that must not appear in a clean run's terminal output.
NOISE = ("Error", "error", "Traceback", "Exception")


def _cli(args: list[str], home: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PYTHONPATH=str(REPO_ROOT))
    return subprocess.run([sys.executable, "-m", "pagefacts.cli", *args], env=env, cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """One PREFECT_HOME for the module: the temporary server's migrations run once."""
    return tmp_path_factory.mktemp("prefect-home")


@pytest.fixture(scope="module")
def good_run(tmp_path_factory, home) -> tuple[Path, subprocess.CompletedProcess]:
    root = tmp_path_factory.mktemp("good")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / LSE_PAGE, raw / LSE_PAGE)
    out = root / "out"
    return out, _cli(["run", "--raw", str(raw), "--out", str(out)], home)


# -- help -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["run"], ["serve"], ["validate"]])
def test_every_help_lists_examples(command, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    assert "examples:" in text
    examples = text.split("examples:", 1)[1]
    assert "pagefacts " + (command[0] if command else "") in examples


def test_no_command_prints_help_and_exits_2(capsys) -> None:
    assert main([]) == EXIT_USAGE
    assert "COMMAND" in capsys.readouterr().out


# -- validate -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def citation(good_run) -> dict:
    """A real citation record, as the pipeline produced and validated it."""
    from pagefacts.state import StateStore

    out, done = good_run
    assert done.returncode == EXIT_OK, done.stderr[-3000:]
    result = StateStore(out).load(LSE_PAGE)
    assert result is not None and result.tables["citations"]
    return result.tables["citations"][0]


def test_validate_passes_a_valid_record(citation, tmp_path, capsys) -> None:
    file = tmp_path / "ok.json"
    file.write_text(json.dumps([citation]), "utf-8")
    assert main(["validate", "citation", str(file)]) == EXIT_OK
    assert "1 of 1 citation record(s) valid" in capsys.readouterr().out


def test_validate_names_the_field_and_the_rule(citation, tmp_path, capsys) -> None:
    bad = dict(citation, issued="April 2019")
    file = tmp_path / "bad.jsonl"
    file.write_text(json.dumps(citation) + "\n" + json.dumps(bad) + "\n", "utf-8")
    assert main(["validate", "citation", str(file)]) == EXIT_REJECTS
    out = capsys.readouterr().out
    (error,) = [line for line in out.splitlines() if line.startswith("record ")]
    assert error.startswith("record 1: $.issued: [pattern]")
    assert "'April 2019'" in error
    assert "1 of 2 citation record(s) valid" in out


def test_validate_reports_every_error_of_a_record(citation, tmp_path, capsys) -> None:
    bad = {k: v for k, v in citation.items() if k != "title"} | {"start": -1, "extra": 1}
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(bad), "utf-8")
    assert main(["validate", "citation", str(file)]) == EXIT_REJECTS
    out = capsys.readouterr().out
    assert "[required]" in out and "'title'" in out
    assert "$.start: [minimum]" in out
    assert "[additionalProperties]" in out and "'extra'" in out


def test_validate_unknown_kind_exits_2(tmp_path, capsys) -> None:
    file = tmp_path / "x.json"
    file.write_text("{}", "utf-8")
    assert main(["validate", "nonsense", str(file)]) == EXIT_USAGE
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown kind 'nonsense'" in err[0] and "citation" in err[0]


def test_validate_unreadable_or_malformed_file_exits_2(tmp_path, capsys) -> None:
    assert main(["validate", "citation", str(tmp_path / "missing.json")]) == EXIT_USAGE
    assert "cannot read" in capsys.readouterr().err
    file = tmp_path / "broken.json"
    file.write_text("{not json", "utf-8")
    assert main(["validate", "citation", str(file)]) == EXIT_USAGE
    assert "neither JSON nor JSON Lines" in capsys.readouterr().err


# -- run ------------------------------------------------------------------------------------------


def test_run_on_a_missing_raw_dir_exits_2_with_one_line(tmp_path, home) -> None:
    done = _cli(["run", "--raw", "/nonexistent", "--out", str(tmp_path / "out")], home)
    assert done.returncode == EXIT_USAGE
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("pagefacts: error:") and "/nonexistent" in lines[0]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("option", [["--workers", "0"], ["--lock-timeout", "-1"],
                                    ["--dask-address", "tcp://127.0.0.1:1"]])
def test_run_rejects_bad_options_with_exit_2(option, tmp_path, capsys) -> None:
    assert main(["run", "--raw", str(RAW_DIR), "--out", str(tmp_path / "o"), *option]) == 2
    assert capsys.readouterr().err.startswith("pagefacts: error:")


def test_run_on_good_pages_exits_0_with_a_clean_terminal(good_run) -> None:
    out, done = good_run
    terminal = done.stdout + done.stderr
    assert done.returncode == EXIT_OK, terminal[-3000:]
    assert not [w for w in NOISE if w in terminal], terminal[-3000:]
    assert "[1/1] " + LSE_PAGE in terminal and "pages/s" in terminal  # progress reaches it
    assert done.stdout.strip().splitlines()[-1].startswith("pagefacts: 1 page(s): 1 extracted")
    assert len(pd.read_parquet(out / "parquet" / "documents")) == 1


def test_run_with_a_bad_page_exits_1_and_publishes_the_good_one(tmp_path, home) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / LSE_PAGE, raw / LSE_PAGE)
    (raw / "broken.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    out = tmp_path / "out"
    done = _cli(["run", "--raw", str(raw), "--out", str(out)], home)
    assert done.returncode == EXIT_REJECTS, (done.stdout + done.stderr)[-3000:]
    assert "Traceback" not in done.stdout + done.stderr
    assert "1 rejected" in done.stdout.strip().splitlines()[-1]
    documents = pd.read_parquet(out / "parquet" / "documents")
    assert list(documents["source_path"]) == [LSE_PAGE]
    rejects = pd.read_parquet(out / "parquet" / "rejects")
    assert list(rejects["source_path"]) == ["broken.txt"]


# -- progress -------------------------------------------------------------------------------------


def _logged(total: int, seconds_per_page: float) -> list[int]:
    from flows.export_pages import ProgressThrottle

    now = [0.0]

    def clock() -> float:
        return now[0]

    throttle = ProgressThrottle(total, clock=clock)
    logged = []
    for done in range(1, total + 1):
        now[0] += seconds_per_page
        if throttle.due(done):
            logged.append(done)
    return logged


def test_progress_logs_every_page_of_a_small_run() -> None:
    assert _logged(40, 0.001) == list(range(1, 41))


def test_progress_is_throttled_for_a_large_fast_run() -> None:
    logged = _logged(20_000, 0.001)  # 1,000 pages/s: 20 s in all
    assert logged[:50] == list(range(1, 51)) and logged[-1] == 20_000
    after = logged[50:]
    assert 45 <= len(after) <= 55  # about one line per 2% of the run
    assert all(b - a <= 400 for a, b in itertools.pairwise(logged[49:]))


def test_progress_speaks_at_least_every_ten_seconds_of_a_slow_run() -> None:
    logged = _logged(20_000, 0.5)  # 2 pages/s: a 2% step would be 200 s of silence
    gaps = [b - a for a, b in itertools.pairwise(logged[49:])]
    assert gaps and max(gaps) <= 20 and logged[-1] == 20_000
