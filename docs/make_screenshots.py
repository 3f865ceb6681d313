"""Remake the screenshots under docs/screenshots/ from the browser tests.

    python3 docs/make_screenshots.py

The browser tests (marker ``browser``, Debian's /usr/bin/chromium, tests/api/test_browser.py)
write their screenshots to a temporary folder, so running the tests never changes a tracked
file. This command runs them with $SECKG_SCREENSHOTS pointing at docs/screenshots/, which
then holds:

- ``query.png``, ``entity.png``, ``article.png``, ``article-ar.png``: the walk from the query
  page to an organisation and both articles;
- ``PAGE-en.png`` and ``PAGE-ar.png``: every kind of page (query, person, organisation, post,
  event, statement, article-english, article-arabic, search, canned) with the interface in
  English and in Arabic (``?lang=ar``: the whole page right to left);
- ``search-suggestions-ar.png``: the search box's suggestions by name, in Arabic.

It then lists the images; review and commit them like any other change.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-m", "browser",
                           "-p", "no:cacheprovider", "tests/api/test_browser.py"],
                          cwd=ROOT, env={**os.environ, "SECKG_SCREENSHOTS": str(OUT)})
    for path in sorted(OUT.glob("*.png")):
        print(path.relative_to(ROOT))
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
