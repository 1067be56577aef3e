"""The docs cannot drift: every generated reference in docs/ is what the code renders now
(docs/generate.py), the CLI reference is what `--help` prints, every page is in the
site's navigation, and the README stays one screen whose links all lead somewhere."""

from __future__ import annotations

import importlib.util
import re

import pytest
import yaml

from conftest import ROOT
from schedule_planner.cli import main

DOCS = ROOT / "docs"


def _generator():
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _generator()


@pytest.mark.parametrize("page", sorted(generate.PAGES))
def test_each_generated_reference_is_the_codes(page):
    _, block, _ = generate.split(page)
    assert block == generate.PAGES[page](), f"docs/{page} is stale: regenerate it with {generate.COMMAND}"


def test_the_cli_reference_is_what_help_prints(monkeypatch, capsys):
    """The reference renders help as `planner ... --help` prints it on an 80-column
    terminal (click reads COLUMNS; CliRunner would force its own width)."""
    _, block, _ = generate.split("reference/cli.md")
    monkeypatch.setenv("COLUMNS", str(generate.WIDTH))
    for args in ([], ["solve"], ["export", "ics"]):
        assert main.main([*args, "--help"], prog_name="planner", standalone_mode=False) == 0
        shown = block.split(f"## {' '.join(['planner', *args])}\n\n```text\n")[1].split("```")[0]
        assert shown == capsys.readouterr().out


def test_every_command_is_in_the_cli_reference():
    _, block, _ = generate.split("reference/cli.md")
    names = set(re.findall(r"^## (planner.*)$", block, re.MULTILINE))
    assert {f"planner {name}" for name in main.commands} <= names
    assert {f"planner export {name}" for name in main.commands["export"].commands} <= names


def _nav_pages(nav) -> list[str]:
    pages: list[str] = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        pages += _nav_pages(value) if isinstance(value, list) else [value]
    return pages


def test_every_page_is_in_the_site_navigation():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["strict"] is True
    nav = _nav_pages(config["nav"])
    pages = sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md"))
    assert sorted(nav) == pages and len(set(nav)) == len(nav)


def test_the_readme_is_one_screen_and_its_links_lead_somewhere():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 60
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme)
    local = [link for link in links if "://" not in link]
    assert local and all((ROOT / link).exists() for link in local), local


def test_the_quick_start_commands_are_the_readmes():
    """The guide repeats the README's two commands word for word (.ci/run runs the second)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)\n```", readme.split("## Quick start")[1].split("\n## ")[0])
    assert len(commands) == 2
    guide = (DOCS / "guide" / "getting-started.md").read_text(encoding="utf-8")
    assert all(f"```sh\n{command}\n```" in guide for command in commands)
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
