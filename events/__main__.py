"""Run the events CLI: python -m events validate | export | snapshot | import (see events.cli)."""
import sys

if __name__ == "__main__":
    try:
        from events.cli import main
    except KeyboardInterrupt:   # Ctrl-C while the modules load
        sys.exit(130)
    sys.exit(main())
