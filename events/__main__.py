"""Run the events CLI: python -m events validate | export."""
import sys

from events.cli import main

if __name__ == "__main__":
    sys.exit(main())
