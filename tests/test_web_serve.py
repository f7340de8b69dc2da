"""`printgen serve` as a user starts it: the printed address, loopback only, the token, Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from conftest import ROOT


def listening(port: int) -> list[str]:
    """The local addresses listening on ``port`` (IPv4, from /proc/net/tcp)."""
    found = []
    for line in open("/proc/net/tcp", encoding="ascii").read().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":
            found.append(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_serve_prints_a_loopback_address_with_a_token_and_stops_cleanly(tmp_path, stop):
    env = {**os.environ, "TMPDIR": str(tmp_path), "PRINTGEN_TODAY": "2026-11-28"}
    proc = subprocess.Popen([sys.executable, "-m", "printgen", "serve", "--port", "0"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        while not any("http://" in line for line in lines):
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            lines.append(line)
        url = re.search(r"http://\S+", "".join(lines)).group(0)
        match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{32})", url)
        assert match, url
        port = int(match.group(1))
        assert listening(port) == ["127.0.0.1"]
        with urllib.request.urlopen(url, timeout=30) as page:
            assert page.status == 200 and b"Make cards" in page.read()
        for wrong in (url.split("?")[0], url[:-1] + ("A" if url[-1] != "A" else "B")):
            try:
                urllib.request.urlopen(wrong, timeout=30)
                raise AssertionError("served without the token")
            except urllib.error.HTTPError as exc:
                assert exc.code == 403
        assert list(tmp_path.iterdir())                       # the server's folder of files
    finally:
        proc.send_signal(stop)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "stopped" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []                     # everything it made is gone


def test_another_host_warns_and_a_port_that_cannot_be_had_is_one_line():
    out = subprocess.run([sys.executable, "-m", "printgen", "serve", "--host", "192.0.2.1", "--port", "0"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert lines[0].startswith("warning: --host 192.0.2.1: the page can be reached from other machines")
    assert lines[1].startswith("error: --port 0: cannot listen on 192.0.2.1:0") and len(lines) == 2
