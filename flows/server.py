"""Which Prefect API a run talks to.

With ``PREFECT_API_URL`` set, that server. Otherwise Prefect's temporary local server: started
implicitly by Prefect for in-process runs, and explicitly here when page tasks run in other
processes (Dask workers), so that they all report to the same temporary server instead of each
starting its own.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

#: Seconds to wait for the temporary server. Its first start on a fresh machine runs the
#: database migrations, which can take well over a minute on a slow disk.
STARTUP_TIMEOUT_SECONDS = 180

#: Seconds to wait for queued logs and events to reach the server before stopping it: a batch
#: is a few hundred milliseconds of local HTTP, so this is only hit when something is wrong.
FLUSH_TIMEOUT_SECONDS = 10


@contextlib.contextmanager
def shared_api() -> Iterator[str | None]:
    """Yield the API URL every process of this run uses (starting a temporary server if needed)."""
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    configured = os.environ.get("PREFECT_API_URL") or PREFECT_API_URL.value()
    if configured:
        # A real server, a profile's, or a test harness's: processes started from here
        # (a local Dask cluster's workers) inherit it through the environment.
        with _environ("PREFECT_API_URL", configured):
            yield configured
        return

    # Offline by default: the temporary server must not try to send telemetry (it inherits
    # this process's environment).
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    server = SubprocessASGIServer()
    server.start(timeout=STARTUP_TIMEOUT_SECONDS)
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield server.api_url
    finally:
        _flush_to_api()
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


def _flush_to_api() -> None:
    """Send the logs and events still queued in this process before the server goes away.

    Prefect batches them (every ~2 s); what is queued when the temporary server stops would be
    retried at interpreter exit against a closed port ("--- Error logging to API ---", and
    about a minute of connection retries).
    """
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        with contextlib.suppress(Exception):
            worker.drain_all(timeout=FLUSH_TIMEOUT_SECONDS, at_exit=False)


@contextlib.contextmanager
def _environ(key: str, value: str) -> Iterator[None]:
    previous = os.environ.get(key)
    os.environ[key] = value
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = previous
