"""`python -m briefkit`."""

from .cli import main

main()
