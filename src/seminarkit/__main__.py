"""`python -m seminarkit`: the same command line as `seminarkit`."""

from .cli import main

main(prog_name="seminarkit")
