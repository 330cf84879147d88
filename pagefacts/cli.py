"""The ``pagefacts`` command line: run the export flow, serve it on a schedule, validate records.

Exit status: 0 everything published; 1 the run finished but something was rejected (the rest
is published); 2 a usage or configuration error (one line saying why).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pagefacts import __version__
from pagefacts.errors import PagefactsError
from pagefacts.settings import DEFAULT_SPACY_MODEL, Settings

EXIT_OK, EXIT_REJECTS, EXIT_USAGE = 0, 1, 2

#: Prefect defaults for an offline, serverless machine. setdefault: a user's own value wins.
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # The temporary server's first start on a fresh machine runs database migrations, which
    # can take well over Prefect's default 20 s on a slow disk; 180 s is never tripped in CI.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
}

MAIN_EPILOG = """examples:
  pagefacts run                                   # raw/ -> output/
  pagefacts validate citation records.json
  pagefacts serve --cron "0 6 * * *"              # needs PREFECT_API_URL

Run 'pagefacts COMMAND --help' for the options and examples of a command.
"""

RUN_EPILOG = """examples:
  pagefacts run                          # raw/ -> output/, incremental
  pagefacts run --raw ~/pages --out /srv/pagefacts --full
  pagefacts run --task-runner dask --dask-address tcp://10.0.0.5:8786
  PAGEFACTS_SPACY_MODEL=en_core_web_md pagefacts run
  pagefacts run --lock-timeout 0         # fail at once if another run holds output/

Two runs on the same --out never interleave: the second waits for the first
(up to --lock-timeout seconds), then gives up without touching the output.

exit status: 0 all published, 1 published but some pages/records rejected
(see OUT/parquet/rejects/), 2 usage or configuration error.
Without PREFECT_API_URL the flow runs on Prefect's temporary local server.
"""

VALIDATE_EPILOG = """examples:
  pagefacts validate citation records.json     # a JSON array (or one object)
  pagefacts validate document doc.jsonl        # JSON Lines: one record per line
  cat quote.json | pagefacts validate quote -

kinds: the files in schemas/ (document, citation, citation_marker, quote, entity,
page_entity, mention, reject). Exit status 0 when every record is valid, 1 otherwise.
"""

SERVE_EPILOG = """examples:
  # terminal 1: a real Prefect server (schedules need one)
  prefect server start
  # terminal 2: register the deployment and keep serving its scheduled runs
  export PREFECT_API_URL=http://127.0.0.1:4200/api
  pagefacts serve --cron "0 6 * * *" --raw raw --out output
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pagefacts",
        description="Extract article metadata, citations, quotations and named entities from "
        "raw pages and publish validated Parquet datasets, JSON-LD and a DCAT catalog.",
        epilog=MAIN_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"pagefacts {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser(
        "run", help="run the export flow over a raw directory",
        description="Run the export_pages Prefect flow: every page under --raw is ingested, "
        "extracted and validated; the results are published atomically under --out.",
        epilog=RUN_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common_run_options(run)
    run.add_argument("--full", action="store_true",
                     help="re-extract every page, even unchanged ones")
    run.add_argument("--task-runner", choices=["local", "dask"], default="local",
                     help="where page tasks run: local (default: page chains in threads, "
                     "extraction in one process per core) or dask (Dask workers)")
    run.add_argument("--dask-address", metavar="tcp://HOST:PORT",
                     help="an existing Dask scheduler (with --task-runner dask); without it a "
                     "local cluster is started")
    run.add_argument("--workers", type=int, metavar="N",
                     help="extraction processes or local Dask workers (default: one per core)")
    run.add_argument("--lock-timeout", type=float, metavar="SECONDS", default=600.0,
                     help="wait at most this long for another run on the same --out to "
                     "finish, then give up with exit status 2 (default: 600)")

    serve = commands.add_parser(
        "serve", help="serve the export flow as a scheduled Prefect deployment",
        description="Register export_pages as a deployment with a cron schedule and serve "
        "its runs (flow.serve). Needs a real Prefect server: PREFECT_API_URL must be set.",
        epilog=SERVE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common_run_options(serve)
    serve.add_argument("--cron", default="0 6 * * *",
                       help='cron schedule (default: "0 6 * * *", daily at 06:00)')
    serve.add_argument("--timezone", default="UTC", help="time zone of the schedule")
    serve.add_argument("--name", default="pagefacts-daily", help="deployment name")

    validate = commands.add_parser(
        "validate", help="validate JSON records against a pagefacts schema",
        description="Validate records against schemas/<KIND>.schema.json and print every "
        "error with its JSON path, the rule that failed and a message.",
        epilog=VALIDATE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument("kind", metavar="KIND", help="record kind, e.g. document or citation")
    validate.add_argument("file", metavar="FILE",
                          help="JSON, JSON array or JSON Lines; - for stdin")
    return parser


def _common_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--raw", metavar="DIR", default=None,
                        help="directory of raw pages, read recursively (default: raw)")
    parser.add_argument("--out", metavar="DIR", default=None,
                        help="output directory (default: output)")
    parser.add_argument("--spacy-model", metavar="NAME", default=None,
                        help=f"spaCy pipeline to load (default: {DEFAULT_SPACY_MODEL}; "
                        "env PAGEFACTS_SPACY_MODEL)")
    parser.add_argument("--base-url", metavar="URL", default=None,
                        help="URL the published files will be served from (catalog links)")


def _settings_from(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env(
        raw_dir=args.raw, out_dir=args.out, spacy_model=args.spacy_model,
        base_url=args.base_url,
    )
    raw = Path(settings.raw_dir)
    if not raw.is_dir():
        raise PagefactsError(f"raw directory {raw} does not exist or is not a directory",
                             reason="config-error")
    return settings


def _prepare_prefect() -> None:
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    from pagefacts.quiet import install_shutdown_filter

    install_shutdown_filter()


@contextlib.contextmanager
def _holding_output(out_dir: str, timeout: float) -> Iterator[None]:
    """Take the output lock before any server or flow starts, saying so when it must wait.

    The flow takes the same lock (re-entrant in this process), so runs started another way
    (a deployment, Python) are serialised too; taking it here first gives a one-line message
    instead of a failed flow run.
    """
    from pagefacts.errors import PublishError
    from pagefacts.publish import output_lock

    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(output_lock(out_dir, timeout=0))
        except PublishError as busy:
            if timeout <= 0:
                raise
            print(f"pagefacts: {busy.message.split('; waited')[0]}; waiting up to {timeout:g} s",
                  file=sys.stderr)
            stack.enter_context(output_lock(out_dir, timeout=timeout))
        yield


def cmd_run(args: argparse.Namespace) -> int:
    settings = _settings_from(args)
    if args.dask_address and args.task_runner != "dask":
        raise PagefactsError("--dask-address needs --task-runner dask", reason="config-error")
    if args.workers is not None and args.workers < 1:
        raise PagefactsError("--workers must be at least 1", reason="config-error")
    if args.lock_timeout < 0:
        raise PagefactsError("--lock-timeout must be 0 or more seconds", reason="config-error")
    from pagefacts.nlp import get_nlp

    get_nlp(settings.spacy_model)  # fail fast, before any flow starts, if the model is missing
    _prepare_prefect()
    from flows.export_pages import with_runner

    flow = with_runner(args.task_runner, dask_address=args.dask_address, workers=args.workers)
    overrides = {"spacy_model": settings.spacy_model, "base_url": settings.base_url}
    from flows.server import shared_api

    api = shared_api() if args.task_runner == "dask" else contextlib.nullcontext()
    with _holding_output(settings.out_dir, args.lock_timeout), api:
        summary = flow(raw_dir=settings.raw_dir, out_dir=settings.out_dir, settings=overrides,
                       full=args.full, workers=args.workers, lock_timeout=args.lock_timeout)
    print(
        f"pagefacts: {summary['pages_total']} page(s): {summary['extracted']} extracted, "
        f"{summary['unchanged']} unchanged, {summary['removed']} removed; "
        f"{summary['rejects']} rejected; output in {settings.out_dir}"
    )
    return EXIT_OK if summary["ok"] else EXIT_REJECTS


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _settings_from(args)
    _prepare_prefect()
    from flows.serve import serve_export

    return serve_export(settings, cron=args.cron, timezone=args.timezone, name=args.name)


def _read_records(file: str) -> list[Any]:
    text = sys.stdin.read() if file == "-" else Path(file).read_text("utf-8")
    try:
        data = json.loads(text)
    except ValueError:
        try:
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        except ValueError as error:
            raise PagefactsError(f"{file} is neither JSON nor JSON Lines: {error}",
                                 reason="config-error") from None
    return data if isinstance(data, list) else [data]


def cmd_validate(args: argparse.Namespace) -> int:
    from pagefacts.validate import SchemaStore

    store = SchemaStore(Settings.from_env().schemas_dir)
    if args.kind not in store.kinds:
        raise PagefactsError(f"unknown kind {args.kind!r}; known: {', '.join(sorted(store.kinds))}",
                             reason="config-error")
    try:
        records = _read_records(args.file)
    except OSError as error:
        raise PagefactsError(f"cannot read {args.file}: {error.strerror}",
                             reason="config-error") from None
    invalid = 0
    for index, record in enumerate(records):
        issues = store.validate(args.kind, record)
        if issues:
            invalid += 1
        for issue in issues:
            print(f"record {index}: {issue.path}: [{issue.validator}] {issue.message}")
    print(f"{len(records) - invalid} of {len(records)} {args.kind} record(s) valid")
    return EXIT_OK if invalid == 0 else EXIT_REJECTS


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    handlers = {"run": cmd_run, "serve": cmd_serve, "validate": cmd_validate}
    try:
        return handlers[args.command](args)
    except PagefactsError as error:
        print(f"pagefacts: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("pagefacts: interrupted; the previous output is intact", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
