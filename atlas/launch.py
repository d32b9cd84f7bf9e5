"""How ``scripts/run.sh`` starts the app: ``streamlit run dashboard.py`` (through :mod:`atlas.serve`, which adds a
warm-up) bound to 127.0.0.1, unless serving a
network is asked for (``--network`` or ATLAS_BIND); refused, with one line saying what to fix, when the
form would be open to that network (ATLAS_AUTH=none without ATLAS_ALLOW_OPEN_NETWORK=true) or when the
sign-in configuration is unusable.

``python -m atlas.launch [--network] [--print-command] [streamlit options...]``. Settings resolve as in
the app: environment, then the secrets files Streamlit will read, then the defaults.
"""
from __future__ import annotations

import argparse
import os
import shlex
import sys
import tomllib
from pathlib import Path
from typing import Any, Mapping, Sequence

from atlas import settings
from atlas.auth import auth_problem, is_loopback
from atlas.exc import AtlasError

LOOPBACK_ADDRESS = "127.0.0.1"
NETWORK_ADDRESS = "0.0.0.0"


class LaunchRefusedError(AtlasError):
    """The app would start open to writing by anyone, or with a sign-in that cannot work."""


def _option_values(args: Sequence[str], option: str) -> list[str]:
    """Values of ``--option X`` / ``--option=X`` among streamlit's arguments."""
    values = []
    for i, arg in enumerate(args):
        if arg == option and i + 1 < len(args):
            values.append(args[i + 1])
        elif arg.startswith(option + "="):
            values.append(arg.split("=", 1)[1])
    return values


def secrets_files(args: Sequence[str], environ: Mapping[str, str], project_root: Path) -> list[Path]:
    """The secrets files Streamlit will read, in its order (later files win)."""
    given = _option_values(args, "--secrets.files") or environ.get("STREAMLIT_SECRETS_FILES", "").split()
    if given:
        return [Path(p) for p in given]
    try:
        from streamlit import config     # reads [secrets] files from config.toml too
        return [Path(p) for p in config.get_option("secrets.files")]
    except ImportError:                  # outside the venv: Streamlit's defaults
        return [Path.home() / ".streamlit" / "secrets.toml", project_root / ".streamlit" / "secrets.toml"]


def read_secrets(paths: Sequence[Path]) -> dict[str, Any]:
    """The merged top level of the TOML secrets files that exist (directories are skipped)."""
    merged: dict[str, Any] = {}
    for path in paths:
        if path.suffix != ".toml" or not path.is_file():
            continue
        try:
            merged.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise LaunchRefusedError(f"the secrets file {path} cannot be read ({error}); fix it") from None
    return merged


def serve_command(args: Sequence[str], *, network: bool, environ: Mapping[str, str], secrets: Mapping[str, Any],
                  python: str = sys.executable) -> list[str]:
    """The command that serves the dashboard, or LaunchRefusedError saying why it must not start.

    The address: ``--server.address`` among ``args``, else ATLAS_BIND (default, or blank: 127.0.0.1);
    ``network`` turns a loopback ATLAS_BIND into 0.0.0.0 (every interface).
    """
    def value(name):
        return settings.get(name, environ=environ, secrets=secrets)

    given = _option_values(args, "--server.address")
    address = given[-1] if given else str(value("ATLAS_BIND")).strip() or LOOPBACK_ADDRESS
    if network and is_loopback(address) and not given:
        address = NETWORK_ADDRESS
    auth = {name: value(name) for name in ("ATLAS_AUTH", "ATLAS_EDITORS", "ATLAS_ALLOW_OPEN_NETWORK")}
    problem = auth_problem(auth, secrets.get("auth"), bind_address=address)
    if problem:
        raise LaunchRefusedError(problem)
    command = [python, "-m", "atlas.serve", "dashboard.py"]     # streamlit run, with the warm-up (atlas.serve)
    if not given:
        command += ["--server.address", address]
    return command + list(args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/run.sh", description=__doc__.split("\n\n")[0],
                                     epilog="Other options go to `streamlit run` (e.g. --server.port 8600).")
    parser.add_argument("--network", action="store_true",
                        help="serve every interface (0.0.0.0) for a team: needs ATLAS_AUTH=oidc "
                             "(or ATLAS_ALLOW_OPEN_NETWORK=true)")
    parser.add_argument("--print-command", action="store_true",
                        help="print the command that would serve the app, and exit without starting it")
    options, rest = parser.parse_known_args(argv)
    root = settings.PROJECT_ROOT
    try:
        secrets = read_secrets(secrets_files(rest, os.environ, root))
        command = serve_command(rest, network=options.network, environ=os.environ, secrets=secrets)
    except LaunchRefusedError as error:
        print(f"run.sh: not starting: {error}", file=sys.stderr)
        return 2
    if options.print_command:
        print(shlex.join(command))
        return 0
    os.chdir(root)
    os.execv(command[0], command)
    return 0   # not reached


if __name__ == "__main__":
    sys.exit(main())
