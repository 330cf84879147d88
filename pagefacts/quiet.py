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
  the known shutdown messages. Anything else, at any level, still shows;
- on a Dask run, strips the traceback (only the traceback: the line stays) from
  *informational* records of ``DASK_COMM_LOGGERS`` whose exception is a closed connection.
  When a local cluster retires its workers, the scheduler may still be writing to one that
  has just gone, and ``distributed`` logs that at INFO level *with* the
  ``CommClosedError`` traceback (``distributed/batched.py``: "Batched Comm Closed"). It is
  expected and harmless; the same exception in a WARNING or ERROR record is left untouched;
- on the workers of a local Dask cluster that pagefacts starts and stops itself (loaded there
  as a Dask *preload*, see :func:`dask_setup`), a heartbeat that finds the scheduler's
  connection already closed while the cluster shuts down is logged at INFO level without
  its traceback, instead of as an ERROR ("Failed to communicate with scheduler during
  heartbeat", ``distributed/worker.py``: a race between a worker's heartbeat and its
  retirement). Any other heartbeat failure, and any other error, still shows.
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


#: distributed's loggers that log a closed connection at INFO level with its traceback.
DASK_COMM_LOGGERS = ("distributed.batched", "distributed.core")

#: Exceptions that mean "the other end of a connection closed" (distributed, tornado).
DASK_CLOSED_ERRORS = ("CommClosedError", "StreamClosedError")


#: What a Dask worker logs, with the traceback, when a heartbeat finds the connection closed.
DASK_HEARTBEAT_FAILED = "Failed to communicate with scheduler during heartbeat"

#: The Dask preload that applies the worker-side measure (``LocalCluster(preload=[...])``).
DASK_PRELOAD = __name__


class ShutdownNoiseFilter(logging.Filter):
    """Drop cancellation tracebacks and known shutdown messages from the shutdown loggers."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(SHUTDOWN_LOGGERS):
            return True
        if record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError):
            return False
        message = record.getMessage()
        return not any(noise in message for noise in SHUTDOWN_MESSAGES)


class DaskCommClosedFilter(logging.Filter):
    """Strip the traceback of an INFO/DEBUG record about a closed Dask connection."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if (
            exc is not None and record.levelno < logging.WARNING
            and type(exc).__name__ in DASK_CLOSED_ERRORS
        ):
            record.exc_info = None
            record.exc_text = None
        return True


class DaskHeartbeatClosedFilter(logging.Filter):
    """Downgrade a closed-connection heartbeat failure to INFO, without its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if (
            exc is None or type(exc).__name__ not in DASK_CLOSED_ERRORS
            or not record.getMessage().startswith(DASK_HEARTBEAT_FAILED)
        ):
            return True
        record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
        record.exc_info = None
        record.exc_text = None
        return logging.getLogger(record.name).isEnabledFor(logging.INFO)


def dask_setup(worker: object) -> None:
    """Dask preload hook, run in each worker process of a cluster pagefacts owns."""
    logger = logging.getLogger("distributed.worker")
    if not any(isinstance(f, DaskHeartbeatClosedFilter) for f in logger.filters):
        logger.addFilter(DaskHeartbeatClosedFilter())
    install_dask_filter()


def install_dask_filter() -> None:
    """The Dask measure alone (idempotent): for Python callers of a Dask task runner."""
    for name in DASK_COMM_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, DaskCommClosedFilter) for f in logger.filters):
            logger.addFilter(DaskCommClosedFilter())


def install_shutdown_filter() -> None:
    """Apply every measure (idempotent)."""
    install_dask_filter()
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
