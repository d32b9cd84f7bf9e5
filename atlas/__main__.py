"""``python -m atlas``: the command line (see atlas.cli)."""
import sys

if __name__ == "__main__":
    try:
        from atlas.cli import main
    except KeyboardInterrupt:   # Ctrl-C while the modules load
        sys.exit(130)
    sys.exit(main())
