"""The spaCy pipeline: loaded once per process, with only the components the entity stage needs.

``en_core_web_sm``'s ``ner`` and ``senter`` carry their own embedding layers (they do not
listen to the shared ``tok2vec``), so the tagger, parser, lemmatizer and the shared
``tok2vec`` are removed: the statistical sentence splitter costs about 2% on top of NER
(measured on the four pages: 1.20 vs 1.18 pages/s), the dependency parser about 35%.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pagefacts.errors import ConfigError
from pagefacts.settings import DEFAULT_MAX_PAGE_BYTES, DEFAULT_SPACY_MODEL

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

#: The components kept (in pipeline order). Any component they listen to (a shared
#: ``tok2vec`` or ``transformer``) is kept too, see :func:`_needed_components`.
NLP_COMPONENTS: tuple[str, ...] = ("senter", "ner")

#: Texts per ``nlp.pipe`` batch: pages are long (5k-70k characters), so small batches keep
#: memory flat; above 8 the throughput does not change measurably.
DEFAULT_BATCH_SIZE = 8

#: A page may be as large as the ingest limit (bytes >= characters); spaCy's default of
#: 1,000,000 characters is a guard for the parser's memory, which is not loaded here.
MAX_TEXT_LENGTH = DEFAULT_MAX_PAGE_BYTES + 1

_CACHE: dict[str, Language] = {}
_LOCK = threading.Lock()


def _pip_name(model: str) -> str:
    return model.replace("_", "-")


def _needed_components(nlp: Language) -> set[str]:
    """NLP_COMPONENTS present in ``nlp`` plus the embedding components they listen to."""
    wanted = {name for name in NLP_COMPONENTS if name in nlp.component_names}
    for name in nlp.component_names:
        component = nlp.get_pipe(name)
        listeners = getattr(component, "listening_components", None) or []
        if wanted & set(listeners):
            wanted.add(name)
    return wanted


def _load(model: str) -> Language:
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spacy is a hard dependency
        raise ConfigError("spaCy is not installed: pip install spacy") from exc
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {model!r} is not installed (setting PAGEFACTS_SPACY_MODEL or "
            f"--spacy-model); install it with: pip install {_pip_name(model)}"
        ) from exc
    if "ner" not in nlp.component_names:
        raise ConfigError(
            f"spaCy model {model!r} has no 'ner' component (setting PAGEFACTS_SPACY_MODEL "
            "or --spacy-model); use an English pipeline such as en_core_web_sm"
        )
    keep = _needed_components(nlp)
    for name in list(nlp.component_names):
        if name not in keep:
            nlp.remove_pipe(name)
    for name in nlp.disabled:
        nlp.enable_pipe(name)
    if "senter" not in keep and "parser" not in keep:
        nlp.add_pipe("sentencizer", first=True)
    nlp.max_length = max(nlp.max_length, MAX_TEXT_LENGTH)
    return nlp


def get_nlp(model: str = DEFAULT_SPACY_MODEL) -> Language:
    """The pipeline for ``model``, loaded once per process (thread-safe)."""
    nlp = _CACHE.get(model)
    if nlp is not None:
        return nlp
    with _LOCK:
        if model not in _CACHE:
            _CACHE[model] = _load(model)
        return _CACHE[model]


def parse(
    nlp: Language, texts: Sequence[str], *, batch_size: int = DEFAULT_BATCH_SIZE
) -> list[Doc]:
    """Run ``nlp`` over ``texts`` with ``nlp.pipe``; one Doc per text, in order."""
    return list(nlp.pipe(texts, batch_size=batch_size))
