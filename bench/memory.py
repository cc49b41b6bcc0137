"""Memory of a serving process, with the sentence model and without it.

    .venv/bin/python bench/memory.py

Each figure comes from a process of its own: the app is started on a fresh SQLite file,
answers the dev set's questions over HTTP, and then reports its resident memory (VmRSS
and its peak, VmHWM, from /proc/self/status).
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys, urllib.parse, urllib.request
sys.path.insert(0, {project!r})
from app.config import Settings
from app.local_server import serving
from app.main import create_app
from app.services.evaluation import load_cases

settings = Settings(database_url="sqlite:///{folder}/memory.db", semantic_matching={semantic})
with serving(create_app(settings)) as root:
    for case in load_cases():
        query = urllib.parse.urlencode({{"q": case["q"], "postcode": "7511"}})
        with urllib.request.urlopen(f"{{root}}/api/v1/match?{{query}}") as response:
            json.load(response)
    health = json.load(urllib.request.urlopen(f"{{root}}/healthz"))
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(json.dumps({{"matching": health["matching"],
                  "rss_mb": int(status["VmRSS"].split()[0]) / 1024,
                  "peak_mb": int(status["VmHWM"].split()[0]) / 1024}}))
"""


def measure(semantic: bool) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        code = CHILD.format(project=str(PROJECT), folder=folder, semantic=semantic)
        output = subprocess.run([sys.executable, "-c", code], check=True,
                                capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    rows = [measure(False), measure(True)]
    print(f"{'matching':<14} {'RSS MB':>8} {'peak MB':>8}")
    for row in rows:
        print(f"{row['matching']:<14} {row['rss_mb']:>8.0f} {row['peak_mb']:>8.0f}")
    print(f"the model adds {rows[1]['rss_mb'] - rows[0]['rss_mb']:.0f} MB "
          f"(peak {rows[1]['peak_mb'] - rows[0]['peak_mb']:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
