"""Named entities of a page: recognition (model + structure + rules) and resolution.

The work is split in :mod:`pagefacts.entities_recognise` and :mod:`pagefacts.entities_resolve`;
this module is the public face the pipeline codes against.
"""

from __future__ import annotations

from pagefacts.entities_recognise import EntitySpan, clean_name, name_key, recognise
from pagefacts.entities_resolve import (
    EntityResult,
    entity_id_for,
    link_records,
    merge_corpus,
    resolve,
)

__all__ = [
    "EntityResult",
    "EntitySpan",
    "clean_name",
    "entity_id_for",
    "link_records",
    "merge_corpus",
    "name_key",
    "recognise",
    "resolve",
]
