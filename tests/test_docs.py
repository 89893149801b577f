"""The contributor guide shows real validation output, and the repository has its PR tooling."""

from __future__ import annotations

import yaml

from .conftest import FIXTURES, ROOT


def test_contributing_quotes_real_validation_messages() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for case in ("dangling-reference", "unknown-key", "missing-field", "yaml-syntax"):
        expected = (FIXTURES / "invalid" / case / "expected.txt").read_text(encoding="utf-8")
        for line in expected.splitlines():
            if line.startswith("themes_data/"):
                assert line in guide, f"CONTRIBUTING.md toont een verouderde melding ({case})"


def test_contributing_names_every_editor_command() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for command in (
        "jzojp new",
        "jzojp validate",
        "jzojp fmt",
        "jzojp rename",
        "make serve",
        "herkomst",
        "afgeleid",
    ):
        assert command in guide


def test_pull_request_tooling_is_configured() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    ids = {hook["id"] for repo in hooks["repos"] for hook in repo["hooks"]}
    assert {"yamllint", "jzojp-validate", "jzojp-fmt"} <= ids
    workflow = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    )
    steps = [
        step.get("run", "") + step.get("uses", "") for step in workflow["jobs"]["test"]["steps"]
    ]
    assert "make test" in steps and any("upload-pages-artifact" in s for s in steps)
    assert any("deploy-pages" in s.get("uses", "") for s in workflow["jobs"]["deploy"]["steps"])
    assert (ROOT / ".github" / "pull_request_template.md").is_file()
