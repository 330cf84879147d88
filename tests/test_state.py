"""Incremental planning: unchanged pages are skipped, changed and removed ones are noticed."""

from __future__ import annotations

from pathlib import Path

from pagefacts.model import PageResult
from pagefacts.state import StateStore, file_sha256, fingerprint, plan_run


def _page(raw: Path, name: str, text: str) -> None:
    path = raw / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def _publish(plan, state: StateStore) -> None:
    """What a run records after publishing: every current page with its hash."""
    for source_path in plan.to_extract:
        state.save(PageResult(document_id="d", source_path=source_path),
                   sha256=plan.hashes[source_path], fingerprint=plan.fingerprint)
    for source_path in plan.removed:
        state.remove(source_path)
    state.save_index({p: {"sha256": plan.hashes[p], "fingerprint": plan.fingerprint}
                      for p in plan.to_extract + plan.unchanged})


def test_first_run_extracts_everything_then_nothing(tmp_path: Path) -> None:
    raw, state = tmp_path / "raw", StateStore(tmp_path / "out")
    _page(raw, "a.txt", "alpha")
    _page(raw, "sub/b.txt", "beta")
    fp = fingerprint(schemas="s1", spacy_model="m")
    first = plan_run(raw, state, fp)
    assert sorted(first.to_extract) == ["a.txt", "sub/b.txt"] and first.changed_anything
    _publish(first, state)
    second = plan_run(raw, state, fp)
    assert second.to_extract == [] and sorted(second.unchanged) == ["a.txt", "sub/b.txt"]
    assert not second.changed_anything


def test_changed_removed_and_new_pages(tmp_path: Path) -> None:
    raw, state = tmp_path / "raw", StateStore(tmp_path / "out")
    _page(raw, "a.txt", "alpha")
    _page(raw, "b.txt", "beta")
    fp = fingerprint(schemas="s1", spacy_model="m")
    _publish(plan_run(raw, state, fp), state)
    _page(raw, "a.txt", "alpha, edited")
    (raw / "b.txt").unlink()
    _page(raw, "c.txt", "gamma")
    plan = plan_run(raw, state, fp)
    assert sorted(plan.to_extract) == ["a.txt", "c.txt"]
    assert plan.removed == ["b.txt"] and plan.unchanged == []


def test_new_fingerprint_re_extracts(tmp_path: Path) -> None:
    raw, state = tmp_path / "raw", StateStore(tmp_path / "out")
    _page(raw, "a.txt", "alpha")
    _publish(plan_run(raw, state, fingerprint(schemas="s1", spacy_model="m")), state)
    assert plan_run(raw, state, fingerprint(schemas="s2", spacy_model="m")).to_extract == ["a.txt"]
    assert plan_run(raw, state, fingerprint(schemas="s1", spacy_model="x")).to_extract == ["a.txt"]
    assert plan_run(raw, state, fingerprint(schemas="s1", spacy_model="m"), full=True).to_extract


def test_unreadable_hash_is_none_and_never_counts_as_unchanged(tmp_path: Path) -> None:
    assert file_sha256(tmp_path / "missing.txt") is None


def test_saved_result_round_trips(tmp_path: Path) -> None:
    state = StateStore(tmp_path)
    result = PageResult(document_id="doc-1", source_path="x/é y.txt",
                        tables={"documents": [{"title": "T", "n": 1}]},
                        rejects=[{"reason": "empty"}])
    state.save(result, sha256="ab", fingerprint="f")
    loaded = state.load("x/é y.txt")
    assert loaded == result
    state.remove("x/é y.txt")
    assert state.load("x/é y.txt") is None
