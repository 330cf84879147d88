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


@contextlib.contextmanager
def shared_api() -> Iterator[str | None]:
    """Yield the API URL every process of this run uses (starting a temporary server if needed)."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = SubprocessASGIServer()
    server.start(timeout=STARTUP_TIMEOUT_SECONDS)
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield server.api_url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()
