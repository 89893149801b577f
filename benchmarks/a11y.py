"""Print axe-core results and request counts per page kind for a built site.

    .venv/bin/python benchmarks/a11y.py site

Uses the same browser, CSP and page sample as tests/test_browser.py; prints a Markdown table.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.csp import policy  # noqa: E402
from tests.test_browser import ARGS, CHROMIUM, Visit, _axe, _Host, _sample_pages  # noqa: E402


def main() -> int:
    from playwright.sync_api import sync_playwright

    site = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site").resolve()
    host = type("Host", (_Host,), {"csp": policy(site), "csp_embed": policy(site, embeddable=True)})
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(host, directory=str(site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    print("| pagina | axe-overtredingen | verzoeken | naar andere hosts | consolefouten |")
    print("|---|---:|---:|---:|---:|")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for path in [*_sample_pages(), "embed/themas/juridisch/"]:
            visit = Visit(browser, base)
            visit.go(path)
            requests = len(visit.requests)
            violations = [] if path.startswith("embed/") else _axe(visit)
            print(
                f"| /{path} | {len(violations)} | {requests} | {len(visit.foreign())} | {len(visit.errors)} |"
            )
            visit.close()
    httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
