"""Keep the temporary Prefect server's shutdown noise out of a user's terminal.

When no ``PREFECT_API_URL`` is set, Prefect 3 runs flows against a temporary local server that
it starts and stops around the run. While stopping, that server (a subprocess) may log
"Error flushing … events", and asyncio/sqlalchemy may log ``CancelledError`` or connection-pool
tracebacks from tasks cancelled mid-flush. None of it concerns the user's run: the flow's own
logs and errors come from the client side and are left untouched.

What this does, and nothing more:

- sets ``PREFECT_SERVER_LOGGING_LEVEL=CRITICAL`` for the *temporary* server only (never when a
  real server is configured through ``PREFECT_API_URL``, and never over a user's own value):
  it inherits the environment, so its internal service logs stay quiet;
- installs a logging filter that drops, in this process, only records whose logger is one of
  ``SHUTDOWN_LOGGERS`` *and* whose exception is a cancellation, or whose message is one of
  the known shutdown messages. Anything else, at any level, still shows.
"""

from __future__ import annotations

import asyncio
import logging
import os

#: Loggers that emit the shutdown noise (server services, asyncio, sqlalchemy's pool).
SHUTDOWN_LOGGERS = ("asyncio", "sqlalchemy.pool", "prefect.server", "prefect.events")

#: Messages known to be shutdown noise of the temporary server.
SHUTDOWN_MESSAGES = (
    "Error flushing",
    "The garbage collector is trying to clean up non-checked-in connection",
    "Task was destroyed but it is pending",
)


class ShutdownNoiseFilter(logging.Filter):
    """Drop cancellation tracebacks and known shutdown messages from the shutdown loggers."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(SHUTDOWN_LOGGERS):
            return True
        if record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError):
            return False
        message = record.getMessage()
        return not any(noise in message for noise in SHUTDOWN_MESSAGES)


def install_shutdown_filter() -> None:
    """Apply both measures (idempotent)."""
    if not os.environ.get("PREFECT_API_URL"):
        os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
    noise = ShutdownNoiseFilter()
    for name in SHUTDOWN_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, ShutdownNoiseFilter) for f in logger.filters):
            logger.addFilter(noise)
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, ShutdownNoiseFilter) for f in handler.filters):
            handler.addFilter(noise)
