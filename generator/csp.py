"""The Content-Security-Policy the built site satisfies, computed from the site itself.

Material for MkDocs has a few small inline scripts (their text depends on the page depth),
so the policy lists their hashes instead of allowing every inline script.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_INLINE = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)


def inline_script_hashes(site: Path) -> list[str]:
    hashes = set()
    for page in site.rglob("*.html"):
        for match in _INLINE.finditer(page.read_text(encoding="utf-8")):
            if "application/json" in match.group(1) or not match.group(2).strip():
                continue
            digest = hashlib.sha256(match.group(2).encode("utf-8")).digest()
            hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(hashes)


def policy(site: Path, embeddable: bool = False) -> str:
    """The header value; `embeddable` is the variant for /embed/, which other sites may frame."""
    parts = [
        "default-src 'self'",
        "script-src 'self' " + " ".join(inline_script_hashes(site)),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors *" if embeddable else "frame-ancestors 'self'",
    ]
    return "; ".join(parts)
