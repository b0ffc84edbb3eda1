"""Every option of every command says what it does in --help."""

from __future__ import annotations

import argparse

from prm.cli.main import build_parser


def _walk(parser: argparse.ArgumentParser, path: str):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _walk(sub, f"{path} {name}")
        elif isinstance(action, argparse._HelpAction):
            continue
        elif action.option_strings:
            yield path, action


def test_every_option_has_a_help_text():
    missing = [
        f"{path} {'/'.join(action.option_strings)}"
        for path, action in _walk(build_parser(), "prm")
        if not action.help or action.help is argparse.SUPPRESS
    ]
    assert missing == [], "options without help=:\n" + "\n".join(missing)


def test_the_walk_sees_the_options_named_in_issue_13():
    seen = {f"{path} {action.option_strings[-1]}" for path, action in _walk(build_parser(), "prm")}
    for option in (
        "prm reach-out --limit",
        "prm reach-out --tag",
        "prm reach-out --tier",
        "prm reach-out --json",
        "prm demo --contacts",
        "prm contacts add --given",
        "prm contacts edit --add-email",
    ):
        assert option in seen
