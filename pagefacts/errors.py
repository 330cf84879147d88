"""Errors of the pipeline stages.

Every error carries a short machine-readable ``reason`` (it becomes the ``reason`` column of
the ``rejects`` table) and says whether retrying can help (``transient``).
"""

from __future__ import annotations


class PagefactsError(Exception):
    """Base of all pagefacts errors."""

    reason: str = "error"
    transient: bool = False

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason

    @property
    def message(self) -> str:
        return str(self)


class TransientError(PagefactsError):
    """A failure that may go away on retry (I/O hiccup, busy file)."""

    reason = "transient-io"
    transient = True


class IngestError(PagefactsError):
    """A page that cannot be read as text (terminal: retrying gives the same answer)."""

    reason = "ingest-failed"


class ExtractError(PagefactsError):
    """An extractor failed on a page."""

    reason = "extract-failed"


class SchemaError(PagefactsError):
    """A schema is missing or malformed (a configuration error, not a data error)."""

    reason = "schema-error"


class PublishError(PagefactsError):
    """Publishing the output failed; the previous output is left intact."""

    reason = "publish-failed"


class ConfigError(PagefactsError):
    """Bad settings or command-line usage."""

    reason = "config-error"
