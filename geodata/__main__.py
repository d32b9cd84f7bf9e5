"""Entry point of ``python -m geodata`` (see geodata.cli)."""
import sys

try:
    from geodata.cli import main
except KeyboardInterrupt:   # Ctrl-C while the modules load
    sys.exit(130)
raise SystemExit(main())
