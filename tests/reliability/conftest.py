"""Fixtures of the reliability tests: servers that a test may stop and start."""

import socket
import subprocess
import time

import pytest

from tests.reliability.net import free_port
from tests.tools import require_program


@pytest.fixture
def redis_server():
    """A Redis server of the test's own, on a free port, that the test may stop and start."""
    binary = require_program("redis-server", "redis-server")
    port = free_port()

    def start():
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
             "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return process
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    state = {"process": start()}

    class Control:
        url = f"redis://127.0.0.1:{port}/0"

        def stop(self):
            state["process"].terminate()
            state["process"].wait(timeout=10)

        def start(self):
            state["process"] = start()

    yield Control()
    state["process"].terminate()
    state["process"].wait(timeout=10)
