"""Serve ``export_pages`` as a scheduled deployment (``pagefacts serve``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from flows.export_pages import export_pages
from pagefacts.errors import ConfigError
from pagefacts.settings import Settings

NO_SERVER = (
    "pagefacts serve needs a real Prefect server, because schedules only run against one: "
    "start it with 'prefect server start' in another terminal, then "
    "'export PREFECT_API_URL=http://127.0.0.1:4200/api' and run this command again"
)


#: Seconds to wait for the server's health check: a local server answers in milliseconds.
HEALTH_TIMEOUT_SECONDS = 10


def _check_server(api_url: str) -> None:
    """Fail with one clear line, not a traceback, when no Prefect server answers there."""
    import httpx

    try:
        response = httpx.get(f"{api_url.rstrip('/')}/health", timeout=HEALTH_TIMEOUT_SECONDS)
        response.raise_for_status()
    except httpx.HTTPError as error:
        raise ConfigError(
            f"no Prefect server answers at PREFECT_API_URL={api_url} ({error}): start it with "
            "'prefect server start', or correct PREFECT_API_URL"
        ) from None


def deployment_parameters(settings: Settings) -> dict[str, object]:
    """The parameters every scheduled run gets (directories made absolute: a run of a served
    deployment must not depend on the working directory of whatever process executes it)."""
    return {
        "raw_dir": str(Path(settings.raw_dir).resolve()),
        "out_dir": str(Path(settings.out_dir).resolve()),
        "settings": {"spacy_model": settings.spacy_model, "base_url": settings.base_url},
    }


def serve_export(settings: Settings, *, cron: str, timezone: str, name: str) -> int:
    """Register the deployment with its schedule and serve its runs until interrupted."""
    if not os.environ.get("PREFECT_API_URL"):
        raise ConfigError(NO_SERVER)
    _check_server(os.environ["PREFECT_API_URL"])
    from prefect.client.schemas.schedules import CronSchedule

    try:
        schedule = CronSchedule(cron=cron, timezone=timezone)
    except ValueError as error:
        raise ConfigError(f"invalid --cron {cron!r} or --timezone {timezone!r}: {error}") from None
    print(f"pagefacts: serving deployment 'export-pages/{name}' on '{cron}' ({timezone}); "
          "Ctrl-C stops", file=sys.stderr)
    export_pages.serve(
        name=name, schedules=[schedule], parameters=deployment_parameters(settings),
        description="Daily pagefacts export", tags=["pagefacts"],
    )
    return 0
