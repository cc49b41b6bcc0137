"""Pictures of what residents see: the main pages at phone (390x844) and tablet
(1024x768) size, in Dutch and Arabic, as PNG files.

    .venv/bin/python scripts/screenshots.py            # writes screenshots/*.png
    .venv/bin/python scripts/screenshots.py --out /tmp/shots

Needs the system Chromium (Debian package chromium) at /usr/bin/chromium, or CHROMIUM.
The app runs on a throwaway SQLite database; nothing else is touched.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from app.config import Settings  # noqa: E402
from app.local_server import serving  # noqa: E402
from app.main import create_app  # noqa: E402

PAGES = {
    "home": "/",
    "search": "/zoek?q=ik+kan+mijn+huur+niet+betalen&postcode=2011",
    "danger": "/zoek?q=ik+wil+niet+meer+leven",
    "domain": "/domein/financien?postcode=7511",
    "provider": "/aanbieder/juridisch-loket",
    "wegwijzer": "/wegwijzer",
    "roles": "/signalen",
    "checklist": "/signalen/huisarts",
    "advice": "/signalen/huisarts/advies?s=klein-netwerk&s=betalingsachterstanden"
              "&postcode=2011&client_lang=ar",
    "client": "/hulp?d=financien&d=wonen&postcode=2011",
    "kiosk": "/?kiosk=1",
}
SIZES = {"phone": (390, 844), "tablet": (1024, 768)}
LANGUAGES = ("nl", "ar")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    folder = tempfile.mkdtemp(prefix="wegwijzer-shots-")
    app = create_app(Settings(database_url=f"sqlite:///{folder}/shots.db"))
    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with serving(app) as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        for size_name, (width, height) in SIZES.items():
            for language in LANGUAGES:
                # A new context per size and language: no cookie of one picture in the next.
                context = browser.new_context(viewport={"width": width, "height": height},
                                              locale=language)
                page = context.new_page()
                for name, path in PAGES.items():
                    separator = "&" if "?" in path else "?"
                    page.goto(f"{site}{path}{separator}lang={language}")
                    target = args.out / f"{name}-{size_name}-{language}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
