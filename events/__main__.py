"""``python -m events``: the old name of the atlas command line, kept so scripts and notes that use it go on
working. The command line belongs to the app (atlas.cli); this alias is the one import from the events
package upward, named as such in the import-linter contract (pyproject.toml)."""
import sys

if __name__ == "__main__":
    try:
        from atlas.cli import main
    except KeyboardInterrupt:   # Ctrl-C while the modules load
        sys.exit(130)
    sys.exit(main())
