"""A workbook in a live Jupyter server: open it over REST, run it in a real kernel, move a control.

The server runs on loopback with a token; the test talks the Jupyter messaging protocol over the
kernel's websocket like JupyterLab does, so widget models (comm_open) and the output that a
control change produces are observed exactly as a browser front end would receive them.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.notebook

tornado_websocket = pytest.importorskip("tornado.websocket")

CONTROL_MODELS = {"IntSliderModel", "FloatSliderModel", "DropdownModel", "SelectionSliderModel",
                  "ToggleButtonsModel", "RadioButtonsModel", "BoundedFloatTextModel", "BoundedIntTextModel"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterServer:
    """`jupyter server` on 127.0.0.1 with a random token, stopped afterwards."""

    def __init__(self, root: Path):
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyter_server", f"--ServerApp.root_dir={root}", "--ServerApp.ip=127.0.0.1",
             f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0", "--ServerApp.open_browser=False",
             f"--IdentityProvider.token={self.token}", "--ServerApp.disable_check_xsrf=True",
             "--ServerApp.allow_root=True"],  # CI runs as root
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                self.request("GET", "/api/status")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("jupyter server did not start")
                time.sleep(0.3)

    def request(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as response:
            text = response.read()
        return json.loads(text) if text else {}

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


class KernelChannel:
    """The kernel's websocket: send shell messages, gather iopub messages by parent."""

    def __init__(self, ws, session: str):
        self.ws = ws
        self.session = session
        self.messages: list[dict] = []

    def message(self, msg_type: str, content: dict, channel: str = "shell") -> dict:
        return {
            "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": self.session,
                       "username": "test", "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": [],
        }

    async def send(self, msg: dict) -> str:
        await self.ws.write_message(json.dumps(msg))
        return msg["header"]["msg_id"]

    async def wait_idle(self, msg_id: str, timeout: float = 120) -> list[dict]:
        """Collect messages until the kernel reports idle for this request."""
        deadline = time.monotonic() + timeout
        got = []
        while time.monotonic() < deadline:
            raw = await asyncio.wait_for(self.ws.read_message(), timeout=deadline - time.monotonic())
            if raw is None:
                raise RuntimeError("websocket closed")
            if isinstance(raw, bytes):
                continue  # binary frames carry widget buffers; not needed here
            msg = json.loads(raw)
            self.messages.append(msg)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            got.append(msg)
            if msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
                return got
        raise TimeoutError(f"no idle for {msg_id}")


def built_workbook(site: Path) -> Path:
    """A region's workbook with widgets (the analysis workbook when it exists)."""
    candidates = sorted(site.glob("*/woonzorganalyse.ipynb")) or sorted(site.glob("*/*.ipynb"))
    for path in candidates:
        if '"ipywidgets' in path.read_text(encoding="utf-8") or "widgets" in path.read_text(encoding="utf-8"):
            return path
    pytest.skip("no built workbook uses widgets yet")


async def run_workbook(server: JupyterServer, relpath: str) -> dict:
    model = server.request("GET", f"/api/contents/{relpath}?content=1")
    assert model["type"] == "notebook"
    cells = [c for c in model["content"]["cells"] if c["cell_type"] == "code"]
    session = server.request("POST", "/api/sessions", {"path": relpath, "type": "notebook", "name": "",
                                                        "kernel": {"name": "python3"}})
    kernel_id = session["kernel"]["id"]
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels?token={server.token}"
    ws = await tornado_websocket.websocket_connect(url)
    channel = KernelChannel(ws, uuid.uuid4().hex)
    errors = []
    try:
        for cell in cells:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            msg_id = await channel.send(channel.message("execute_request", {
                "code": source, "silent": False, "store_history": True, "user_expressions": {},
                "allow_stdin": False, "stop_on_error": True}))
            for msg in await channel.wait_idle(msg_id):
                if msg["msg_type"] == "error":
                    errors.append((source[:80], msg["content"]["ename"], msg["content"]["evalue"]))
        opened = {m["content"]["comm_id"]: m["content"]["data"]["state"] for m in channel.messages
                  if m["msg_type"] == "comm_open" and m["content"].get("target_name") == "jupyter.widget"}
        control_id, state = next(((cid, s) for cid, s in opened.items() if s.get("_model_name") in CONTROL_MODELS),
                                 (None, None))
        changed = []
        if control_id is not None:
            update = channel.message("comm_msg", {"comm_id": control_id, "data": {
                "method": "update", "state": other_state(state), "buffer_paths": []}})
            msg_id = await channel.send(update)
            changed = await channel.wait_idle(msg_id)
        return {"errors": errors, "widgets": opened, "control": state, "after_change": changed}
    finally:
        ws.close()
        server.request("DELETE", f"/api/sessions/{session['id']}")


def other_state(state: dict) -> dict:
    """A state update that moves the control to another valid value, as a user would."""
    if "index" in state:  # selection widgets (dropdown, toggle buttons, ...) sync their index
        return {"index": 1 if state.get("index", 0) != 1 else 0}
    value = state["value"]
    low, high = state.get("min", 0), state.get("max", 100)
    step = state.get("step", 1) or 1
    return {"value": value + step if value + step <= high else max(low, value - step)}


def test_workbook_runs_in_a_live_server_and_a_control_updates_an_output(built_site):
    workbook = built_workbook(built_site)
    server = JupyterServer(built_site)
    try:
        result = asyncio.run(run_workbook(server, str(workbook.relative_to(built_site))))
    finally:
        server.stop()
    assert result["errors"] == []
    assert result["widgets"], "running the workbook created no widget models"
    assert result["control"] is not None, "the workbook has no control (slider, dropdown, ...)"
    outputs = [m for m in result["after_change"] if m["msg_type"] in ("display_data", "stream", "execute_result")
               or (m["msg_type"] == "comm_msg" and "outputs" in m["content"]["data"].get("state", {}))]
    assert outputs, "changing the control produced no new output"
