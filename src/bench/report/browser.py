"""Screenshots of the HTML report in headless Chromium (Debian's ``chromium`` package)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.errors import InputError
from bench.io.gold import GoldCorpus
from bench.schema.results import Report


def chromium() -> str:
    """The path of a Chromium executable, or an error saying none was found."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    raise InputError("a screenshot needs Chromium (e.g. apt-get install -y chromium fonts-noto-core)")


def screenshot(html: Path, png: Path, *, width: int = 1400, height: int = 2000, timeout: int = 180) -> Path:
    """Render ``html`` in headless Chromium and save a ``width``×``height`` PNG."""
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               f"--screenshot={png.resolve()}", f"--window-size={width},{height}", html.resolve().as_uri()]
    try:
        subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.CalledProcessError as exc:
        raise InputError(f"chromium failed ({exc.returncode}): {exc.stderr.strip()[-500:]}") from None
    except subprocess.TimeoutExpired:
        raise InputError(f"chromium took longer than {timeout} s") from None
    return png


def screenshot_report(report: Report, corpus: GoldCorpus, png: Path, *, only: str | None = None) -> Path:
    """A PNG of the HTML report: the page's top, or with ``only`` one article under the legend."""
    from bench.report.html import write_html

    with tempfile.TemporaryDirectory(prefix="bench-render-") as folder:
        try:
            page = write_html(Path(folder) / "report.html", report, corpus, only=only)
        except ValueError as exc:
            raise InputError(str(exc), field="--screenshot-doc") from None
        return screenshot(page, png)
