"""`python -m seminarkit`: the same command line as `seminarkit`."""

from .cli import run

run()
