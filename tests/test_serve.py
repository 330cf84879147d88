"""`pagefacts serve` and `prefect.yaml` against a real `prefect server start` on a free port.

One server per module (its first start runs the database migrations); every process this
module starts runs in its own session and is stopped, and checked gone, before it ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pandas as pd
import psutil
import pytest
import yaml
from conftest import LSE_PAGE, RAW_DIR, REPO_ROOT

pytestmark = pytest.mark.slow  # runs in CI too: "slow" only names what it starts

#: Seconds for a fresh server (database migrations on a slow disk) or a served run to be ready.
STARTUP_TIMEOUT = 180.0
RUN_TIMEOUT = 300.0
CRON = "17 5 * * 1-5"
DEPLOYMENT = "pagefacts-test"
PAGEFACTS = [sys.executable, "-m", "pagefacts.cli"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _base_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PYTHONPATH=str(REPO_ROOT))
    return env


def _start(args: list[str], env: dict[str, str], log: Path,
           cwd: Path = REPO_ROOT) -> subprocess.Popen:
    handle = log.open("wb")
    # A session of its own: stopping it reaches every process it started, and nothing else.
    process = subprocess.Popen(args, env=env, cwd=cwd, stdout=handle,
                               stderr=subprocess.STDOUT, start_new_session=True)
    handle.close()
    return process


def _alive_in_group(pgid: int) -> list[psutil.Process]:
    alive = []
    for proc in psutil.process_iter(["pid", "status"]):
        with contextlib.suppress(psutil.Error, ProcessLookupError):
            if os.getpgid(proc.pid) == pgid and proc.info["status"] != psutil.STATUS_ZOMBIE:
                alive.append(proc)
    return alive


def _stop(process: subprocess.Popen, sig: int, grace: float) -> None:
    """Send ``sig`` to the process, then clean up its whole group; assert nothing is left."""
    pgid = process.pid  # session leader: its pgid is its pid
    if process.poll() is None:
        process.send_signal(sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    deadline = time.monotonic() + grace
    while _alive_in_group(pgid) and time.monotonic() < deadline:
        time.sleep(0.2)
    leftovers = _alive_in_group(pgid)
    for proc in leftovers:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)
    assert not leftovers, f"processes left behind: {[p.pid for p in leftovers]}"


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, f"prefect server exited:\n{log.read_text()[-3000:]}"
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                return
        time.sleep(0.5)
    raise AssertionError(f"prefect server not healthy after {STARTUP_TIMEOUT} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:
    """A real `prefect server start` on a free port, with its own PREFECT_HOME."""
    root = tmp_path_factory.mktemp("prefect-server")
    env = _base_env(root / "home")
    port = _free_port()
    log = root / "server.log"
    process = _start(["prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                     env, log)
    url = f"http://127.0.0.1:{port}/api"
    try:
        _wait_healthy(url, process, log)
        yield url, env | {"PREFECT_API_URL": url}
    finally:
        _stop(process, signal.SIGTERM, grace=30)


@contextlib.contextmanager
def _client(url: str):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: url}), get_client(sync_client=True) as c:
        yield c


def _wait_for_deployment(client, name: str, process: subprocess.Popen, log: Path):
    from prefect.exceptions import ObjectNotFound

    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, f"pagefacts serve exited:\n{log.read_text()[-3000:]}"
        with contextlib.suppress(ObjectNotFound):
            return client.read_deployment_by_name(name)
        time.sleep(0.5)
    raise AssertionError(f"deployment {name} not registered:\n{log.read_text()[-3000:]}")


def _wait_final(client, flow_run_id, log: Path):
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        run = client.read_flow_run(flow_run_id)
        if run.state is not None and run.state.is_final():
            return run
        time.sleep(1)
    raise AssertionError(f"flow run not finished after {RUN_TIMEOUT} s:\n{log.read_text()[-3000:]}")


def test_serve_registers_schedule_and_runs_deployment(server, tmp_path) -> None:
    url, env = server
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / LSE_PAGE, raw / LSE_PAGE)
    out = tmp_path / "out"
    log = tmp_path / "serve.log"
    serve = _start([*PAGEFACTS, "serve", "--cron", CRON, "--raw", str(raw), "--out", str(out),
                    "--name", DEPLOYMENT], env, log)
    try:
        with _client(url) as client:
            deployment = _wait_for_deployment(client, f"export-pages/{DEPLOYMENT}", serve, log)
            crons = [s.schedule.cron for s in deployment.schedules if s.active]
            assert crons == [CRON]
            assert deployment.schedules[0].schedule.timezone == "UTC"
            assert deployment.parameters["raw_dir"] == str(raw.resolve())
            assert deployment.parameters["out_dir"] == str(out.resolve())
            assert deployment.parameters["settings"]["spacy_model"]
            assert deployment.entrypoint.endswith("export_pages.py:export_pages")

            run = client.create_flow_run_from_deployment(deployment.id)
            final = _wait_final(client, run.id, log)
            assert final.state.is_completed(), f"{final.state}\n{log.read_text()[-3000:]}"
            assert final.parameters["out_dir"] == str(out.resolve())
    finally:
        # SIGINT is Ctrl-C, what the command tells its user to press to stop it.
        _stop(serve, signal.SIGINT, grace=60)
    documents = pd.read_parquet(out / "parquet" / "documents")
    assert list(documents["source_path"]) == [LSE_PAGE]
    assert (out / "catalog.jsonld").is_file()
    served = log.read_text()
    assert "Traceback" not in served, served[-3000:]


def test_serve_without_api_url_exits_2(tmp_path) -> None:
    env = _base_env(tmp_path / "home")
    done = subprocess.run([*PAGEFACTS, "serve", "--raw", str(RAW_DIR), "--out",
                           str(tmp_path / "out")], env=env, cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "prefect server start" in lines[0]
    assert "PREFECT_API_URL" in lines[0]
    assert "Traceback" not in done.stderr


def test_serve_with_no_server_at_api_url_exits_2(tmp_path) -> None:
    url = f"http://127.0.0.1:{_free_port()}/api"  # nothing listens there
    env = _base_env(tmp_path / "home") | {"PREFECT_API_URL": url}
    done = subprocess.run([*PAGEFACTS, "serve", "--raw", str(RAW_DIR), "--out",
                           str(tmp_path / "out")], env=env, cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr[-3000:]
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"pagefacts: error: no Prefect server answers at PREFECT_API_URL={url}")
    assert "prefect server start" in line


# -- prefect.yaml ---------------------------------------------------------------------------------


def _prefect_yaml() -> dict:
    return yaml.safe_load((REPO_ROOT / "prefect.yaml").read_text("utf-8"))


def test_prefect_yaml_names_the_real_flow_with_serves_parameters() -> None:
    from prefect.flows import load_flow_from_entrypoint

    from flows.serve import deployment_parameters
    from pagefacts.settings import Settings

    config = _prefect_yaml()
    (deployment,) = config["deployments"]
    path, _, name = deployment["entrypoint"].partition(":")
    assert (REPO_ROOT / path).is_file()
    flow = load_flow_from_entrypoint(str(REPO_ROOT / deployment["entrypoint"]))
    assert flow.name == "export-pages" and name == "export_pages"
    served = deployment_parameters(Settings.from_env())
    assert set(deployment["parameters"]) == set(served)
    assert set(deployment["parameters"]["settings"]) == set(served["settings"])
    assert set(deployment["parameters"]) <= set(flow.parameters.properties)
    assert deployment["work_pool"]["name"] == "pagefacts"
    assert deployment["schedules"][0]["cron"] == "0 6 * * *"  # the serve default


def test_prefect_deploy_registers_the_yaml_deployment(server, tmp_path) -> None:
    """`prefect deploy` with the repository's prefect.yaml, as its comments tell a user to."""
    url, env = server
    pool = subprocess.run(["prefect", "work-pool", "create", "pagefacts", "--type", "process"],
                          env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=180)
    assert pool.returncode == 0, pool.stdout + pool.stderr
    deploy = subprocess.run(["prefect", "--no-prompt", "deploy", "--all"], env=env, cwd=REPO_ROOT,
                            capture_output=True, text=True, timeout=180)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    config = _prefect_yaml()["deployments"][0]
    with _client(url) as client:
        deployment = client.read_deployment_by_name(f"export-pages/{config['name']}")
    assert deployment.work_pool_name == "pagefacts"
    assert [s.schedule.cron for s in deployment.schedules] == [config["schedules"][0]["cron"]]
    assert deployment.parameters == config["parameters"]
    assert deployment.entrypoint == config["entrypoint"]

    # A process worker runs it (from another directory: the recorded pull step moves to the
    # repository, where raw/ is); the output goes to a temporary directory, not the user's.
    out = tmp_path / "out"
    with _client(url) as client:
        run = client.create_flow_run_from_deployment(deployment.id,
                                                      parameters={"out_dir": str(out)})
    log = tmp_path / "worker.log"
    worker = _start(["prefect", "worker", "start", "--pool", "pagefacts", "--run-once"],
                    env, log, cwd=tmp_path)
    try:
        worker.wait(timeout=RUN_TIMEOUT)
    finally:
        _stop(worker, signal.SIGTERM, grace=30)
    with _client(url) as client:
        final = client.read_flow_run(run.id)
    assert final.state.is_completed(), f"{final.state}\n{log.read_text()[-3000:]}"
    documents = pd.read_parquet(out / "parquet" / "documents")
    assert list(documents["source_path"]) == sorted(p.name for p in RAW_DIR.glob("*.txt"))
