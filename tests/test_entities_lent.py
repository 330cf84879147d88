"""A lent page (think-tank report, ../shared/pages): the first entities checked against a list
written by reading it; the other lent pages checked for totality and exact offsets."""

from __future__ import annotations

import pytest
from test_entities_helpers import f1, layout_between, read_text, validator

from pagefacts.entities import name_key, recognise, resolve
from pagefacts.nlp import get_nlp, parse

REPORT = "2026-08-26-commonwealth-us-big-tech-frenemies.txt"
END_OF_SAMPLE = "particularly relevant one has been their role"

# Every entity first named between the top of the report and END_OF_SAMPLE (the first
# sections), written by reading them. Names compare without case, full stops or "the".
GOLD = {
    ("United States", "GPE"),
    ("Big Tech", "ORG"),
    ("Cecilia Rikap", "PERSON"),
    ("Donald Trump", "PERSON"),
    ("China", "GPE"),
    ("American", "NORP"),
    ("Amazon", "ORG"),
    ("Microsoft", "ORG"),
    ("Google", "ORG"),
    ("Elon Musk", "PERSON"),
    ("Peter Thiel", "PERSON"),
    ("Satya Nadella", "PERSON"),
    ("Sundar Pichai", "PERSON"),
    ("Alphabet", "ORG"),
    ("US Department of Defense", "ORG"),
    ("US Department of War", "ORG"),
    ("Cold War", "EVENT"),
    ("IBM", "ORG"),
    ("AT&T", "ORG"),
    ("General Electric", "ORG"),
    ("Defense Advanced Research Projects Agency", "ORG"),
    ("Pentagon", "ORG"),
    ("US Department of Justice", "ORG"),
    ("Agreement on Trade-Related Aspects of Intellectual Property Rights", "LAW"),
    ("Pfizer", "ORG"),
    ("Chinese", "NORP"),
    ("Edward Snowden", "PERSON"),
    ("Apple", "ORG"),
    ("Facebook", "ORG"),
    ("US National Security Agency", "ORG"),
    ("US Immigration and Customs Enforcement", "ORG"),
    ("Palantir", "ORG"),
    ("US Department of Government Efficiency", "ORG"),
    ("Eric Schmidt", "PERSON"),
    ("Bill Gates", "PERSON"),
    ("New York", "GPE"),
}


@pytest.fixture(scope="session")
def nlp():
    return get_nlp()


@pytest.fixture(scope="module")
def report(shared_pages, nlp):
    path = shared_pages / REPORT
    if not path.exists():
        pytest.skip(f"lent page {REPORT} not available")
    text = read_text(path)
    layout = layout_between(
        text,
        body_from="US Big Tech and the US Government",
        notes_from="[1] See",
        notes_to=None,
        ignored=(("US\nAI & Tech", "US Big Tech and the US Government"), ("Share:\n", "  •   •")),
    )
    doc = parse(nlp, [text])[0]
    spans = recognise(text, doc, layout, page_authors=["Cecilia Rikap"])
    return text, resolve(
        text, spans, layout, document_id="cw-report", page_authors=["Cecilia Rikap"]
    )


def test_report_sample_f1(report):
    text, result = report
    cut = text.index(END_OF_SAMPLE)
    first: dict[str, int] = {}
    for m in result.mentions:
        first.setdefault(m["entity_id"], m["start"])
    found = {
        (name_key(e["name"]), e["type"])
        for e in result.page_entities
        if first.get(e["entity_id"], len(text)) < cut
    }
    gold = {(name_key(n), t) for n, t in GOLD}
    p, r, score = f1(found, gold)
    report = f"P={p:.2f} R={r:.2f} F1={score:.2f}"
    print(report)
    assert score >= 0.8, f"{report}\nmissed={sorted(gold - found)}\nextra={sorted(found - gold)}"


def test_report_aliases(report):
    _, result = report
    names = {e["name"]: e for e in result.page_entities}
    assert "Trump" in names["Donald Trump"]["aliases"]
    assert "DARPA" in names["Defense Advanced Research Projects Agency"]["aliases"]
    assert "NSA" in names["US National Security Agency"]["aliases"]
    assert "AI" not in {a for e in result.page_entities for a in e["aliases"] if e["type"] != "ORG"}


@pytest.mark.parametrize(
    "name",
    [
        "1993-11-01-mto-roeder-semiotic-evaluation.txt",
        "2025-11-05-cai-top-fine-art-photographers.txt",
        REPORT,
    ],
)
def test_lent_pages_offsets_and_schemas(shared_pages, nlp, name):
    path = shared_pages / name
    if not path.exists():
        pytest.skip(f"lent page {name} not available")
    text = read_text(path)
    from pagefacts.model import Layout

    layout = Layout(body_start=0, body_end=len(text))
    doc = parse(nlp, [text])[0]
    result = resolve(text, recognise(text, doc, layout), layout, document_id="lent-page")
    vm, ve = validator("mention"), validator("page_entity")
    assert result.page_entities
    for m in result.mentions:
        assert text[m["start"] : m["end"]] == m["text"]
        assert not list(vm.iter_errors(m))
    for e in result.page_entities:
        assert not list(ve.iter_errors(e))
        assert e["name"] and e["name"] not in ("Vol", "pp", "No")
