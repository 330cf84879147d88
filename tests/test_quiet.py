"""The shutdown-noise filter drops only known noise from the shutdown loggers."""

from __future__ import annotations

import asyncio
import logging
import sys

from pagefacts.quiet import ShutdownNoiseFilter


def _record(name: str, message: str, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = None
    if exc is not None:
        try:
            raise exc
        except BaseException:
            exc_info = sys.exc_info()
    return logging.LogRecord(name, logging.ERROR, __file__, 1, message, None, exc_info)


def test_drops_known_shutdown_noise() -> None:
    noise = ShutdownNoiseFilter()
    assert not noise.filter(_record("prefect.server.events", "Error flushing 3 events"))
    assert not noise.filter(_record("asyncio", "Task exception", asyncio.CancelledError()))
    assert not noise.filter(_record(
        "sqlalchemy.pool.impl.AsyncAdaptedQueuePool",
        "The garbage collector is trying to clean up non-checked-in connection <x>"))


def test_keeps_real_errors() -> None:
    noise = ShutdownNoiseFilter()
    assert noise.filter(_record("prefect.flow_runs", "Error flushing"))  # not a shutdown logger
    assert noise.filter(_record("asyncio", "Task exception", ValueError("real")))
    assert noise.filter(_record("prefect.server.api", "database is locked"))
    assert noise.filter(_record("pagefacts", "extraction failed for a.txt"))
