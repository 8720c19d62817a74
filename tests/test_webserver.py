"""The Dagster webserver serves the whole code location: every asset and every check, over GraphQL."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipelines.dagster_home import DAGSTER_YAML
from pipelines.paths import REPO_ROOT

# `dagster` servers started from a script ignore SIGTERM/SIGINT unless both are reset to default
# (../shared/ENVIRONMENT.md); this wrapper does that, then execs the server.
RESET_SIGNALS = ("import os,signal,sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                 "signal.signal(signal.SIGTERM, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])")

QUERY = """{ assetNodes { assetKey { path }
                          assetChecksOrError { ... on AssetChecks { checks { name } } } } }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def webserver(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(DAGSTER_YAML)
    port = free_port()
    env = dict(os.environ, DAGSTER_HOME=str(home), DO_NOT_TRACK="1", EVENTS_DATA_DIR=str(tmp_path / "data"))
    server = Path(sys.executable).with_name("dagster-webserver")
    proc = subprocess.Popen([sys.executable, "-c", RESET_SIGNALS, str(server), "-w", "workspace.yaml",
                             "-h", "127.0.0.1", "-p", str(port)], cwd=REPO_ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"webserver exited: {proc.stderr.read().decode()[-3000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("webserver did not answer within 120 s")
        yield port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_every_asset_and_check_is_loaded(webserver):
    from pipelines.definitions import defs

    graph = defs.resolve_asset_graph()
    expected_assets = {"/".join(k.path) for k in graph.get_all_asset_keys()}
    expected_checks = {(("/".join(k.asset_key.path)), k.name) for k in graph.asset_check_keys}

    deadline = time.monotonic() + 60
    while True:  # the code location loads in the background after the server answers
        data = graphql(webserver, QUERY).get("data") or {}
        nodes = data.get("assetNodes") or []
        if nodes or time.monotonic() > deadline:
            break
        time.sleep(1)
    assets = {"/".join(n["assetKey"]["path"]) for n in nodes}
    checks = {("/".join(n["assetKey"]["path"]), c["name"])
              for n in nodes for c in (n.get("assetChecksOrError") or {}).get("checks", [])}
    assert expected_assets <= assets, sorted(expected_assets - assets)
    assert {"news/articles", "extraction/event_mentions", "fct_events", "dim_actors"} <= assets
    assert expected_checks == checks, (sorted(expected_checks - checks), sorted(checks - expected_checks))
