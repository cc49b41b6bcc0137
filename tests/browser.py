"""A real browser against a real server: the system Chromium driven by Playwright."""

import os
import shutil
import subprocess

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# As root in a container, without the sandbox; no traffic to outside hosts.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# The font the pages are measured in; .ci/run installs it (Debian fonts-noto-core).
MEASURED_FONT = "Noto Sans"


def chromium_or_skip() -> str:
    if os.environ.get("CI") and not has_font(MEASURED_FONT):
        pytest.fail(f"the font {MEASURED_FONT} is missing: .ci/run installs fonts-noto-core")
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs the Debian package chromium")
    pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium to run the browser tests")


def has_font(family: str) -> bool:
    if not shutil.which("fc-list"):
        return False
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True)
    return any(family in line.split(",") for line in listed.stdout.splitlines())
