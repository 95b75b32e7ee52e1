"""`python -m lkip.cli`: the same as the `lkip` command."""

from .main import run

run()
