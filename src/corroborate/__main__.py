"""`python -m corroborate` runs the command line."""

from .cli import main

main()
