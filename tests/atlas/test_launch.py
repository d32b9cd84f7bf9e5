"""scripts/run.sh (atlas.launch): 127.0.0.1 by default; a network only when asked, and never with an open form
unless the operator says so; an unusable sign-in configuration refuses to start. No server is started here."""
from __future__ import annotations

import os
import shlex
import subprocess

import pytest

from atlas.launch import LaunchRefusedError, read_secrets, secrets_files, serve_command

PYTHON = "/venv/bin/python"
BASE = [PYTHON, "-m", "atlas.serve", "dashboard.py"]   # streamlit run, with the warm-up
OIDC_SECTION = {"redirect_uri": "https://atlas.example.org/oauth2callback", "cookie_secret": "c" * 32,
                "client_id": "atlas", "client_secret": "s", "server_metadata_url": "https://idp.example.org/.well-known"}


@pytest.mark.parametrize("args, network, environ, secrets, expected", [
    ([], False, {}, {}, BASE + ["--server.address", "127.0.0.1"]),
    (["--server.port", "8600"], False, {}, {}, BASE + ["--server.address", "127.0.0.1", "--server.port", "8600"]),
    ([], False, {"ATLAS_BIND": ""}, {}, BASE + ["--server.address", "127.0.0.1"]),          # blank: loopback
    ([], True, {"ATLAS_AUTH": "oidc"}, {"auth": OIDC_SECTION}, BASE + ["--server.address", "0.0.0.0"]),
    ([], False, {"ATLAS_BIND": "0.0.0.0"}, {"ATLAS_AUTH": "oidc", "auth": OIDC_SECTION},
     BASE + ["--server.address", "0.0.0.0"]),
    ([], True, {"ATLAS_BIND": "10.0.0.5"}, {"ATLAS_AUTH": "oidc", "auth": OIDC_SECTION},
     BASE + ["--server.address", "10.0.0.5"]),
    ([], True, {"ATLAS_ALLOW_OPEN_NETWORK": "true"}, {}, BASE + ["--server.address", "0.0.0.0"]),
    ([], True, {}, {"ATLAS_ALLOW_OPEN_NETWORK": True}, BASE + ["--server.address", "0.0.0.0"]),
    (["--server.address", "127.0.0.1"], True, {}, {}, BASE + ["--server.address", "127.0.0.1"]),  # explicit wins
])
def test_serve_command(args, network, environ, secrets, expected):
    assert serve_command(args, network=network, environ=environ, secrets=secrets, python=PYTHON) == expected


@pytest.mark.parametrize("args, network, environ, secrets, message", [
    ([], True, {}, {}, "ATLAS_AUTH=none"),
    ([], True, {"ATLAS_AUTH": "none"}, {}, "anyone on the network could write"),
    ([], False, {"ATLAS_BIND": "0.0.0.0"}, {}, "ATLAS_ALLOW_OPEN_NETWORK=true"),
    (["--server.address=0.0.0.0"], False, {}, {}, "listens on 0.0.0.0"),
    ([], True, {"ATLAS_ALLOW_OPEN_NETWORK": "true"}, {"ATLAS_ALLOW_OPEN_NETWORK": False, "ATLAS_AUTH": "none"}, None),
    ([], True, {"ATLAS_ALLOW_OPEN_NETWORK": "false"}, {"ATLAS_ALLOW_OPEN_NETWORK": True}, "ATLAS_AUTH=none"),
    ([], True, {"ATLAS_AUTH": "none"}, {"ATLAS_AUTH": "oidc", "auth": OIDC_SECTION}, "ATLAS_AUTH=none"),  # env wins
    ([], False, {"ATLAS_AUTH": ""}, {}, "set but empty"),
    ([], False, {"ATLAS_AUTH": "odic"}, {}, "not a sign-in mode"),
    ([], True, {"ATLAS_AUTH": "oidc"}, {}, "no [auth] section"),
    ([], True, {"ATLAS_AUTH": "oidc"}, {"auth": {**OIDC_SECTION, "client_secret": ""}}, "lacks client_secret"),
])
def test_refusals_say_what_to_fix(args, network, environ, secrets, message):
    if message is None:       # the environment's "true" beats the secrets file's false: allowed
        assert serve_command(args, network=network, environ=environ, secrets=secrets, python=PYTHON)
        return
    with pytest.raises(LaunchRefusedError, match=message.replace("[", r"\[")):
        serve_command(args, network=network, environ=environ, secrets=secrets, python=PYTHON)


def test_secrets_files_follow_streamlit(tmp_path):
    assert [str(p) for p in secrets_files(["--secrets.files", "/a.toml"], {}, tmp_path)] == ["/a.toml"]
    assert [str(p) for p in secrets_files(["--secrets.files=/a.toml"], {}, tmp_path)] == ["/a.toml"]
    assert [str(p) for p in secrets_files([], {"STREAMLIT_SECRETS_FILES": "/b.toml /c.toml"}, tmp_path)] == \
        ["/b.toml", "/c.toml"]
    defaults = secrets_files([], {}, tmp_path)          # Streamlit's own list: ~/.streamlit, ./.streamlit
    assert defaults and all(p.name == "secrets.toml" and p.parent.name == ".streamlit" for p in defaults)


def test_read_secrets_merges_in_order_and_refuses_a_broken_file(tmp_path):
    first, second, broken = tmp_path / "1.toml", tmp_path / "2.toml", tmp_path / "broken.toml"
    first.write_text('ATLAS_AUTH = "none"\nATLAS_EDITORS = "a@b.c"\n', encoding="utf-8")
    second.write_text('ATLAS_AUTH = "oidc"\n[auth]\nclient_id = "x"\n', encoding="utf-8")
    broken.write_text('ATLAS_AUTH = "oidc\n', encoding="utf-8")
    merged = read_secrets([first, tmp_path / "missing.toml", second])
    assert merged == {"ATLAS_AUTH": "oidc", "ATLAS_EDITORS": "a@b.c", "auth": {"client_id": "x"}}
    with pytest.raises(LaunchRefusedError, match="cannot be read"):
        read_secrets([first, broken])


# -- the script itself -------------------------------------------------------------------------------------
def run_script(project_root, tmp_path, *args, **environ):
    """bash scripts/run.sh with a clean environment: no secrets file but the one given, a temp HOME."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATLAS_", "STREAMLIT_"))}
    env.update(HOME=str(tmp_path), STREAMLIT_SECRETS_FILES=str(tmp_path / "secrets.toml"), **environ)
    return subprocess.run(["bash", str(project_root / "scripts" / "run.sh"), *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def test_run_sh_binds_loopback_by_default(project_root, tmp_path):
    done = run_script(project_root, tmp_path, "--print-command", "--server.port", "8765")
    assert done.returncode == 0, done.stderr
    command = shlex.split(done.stdout.strip())
    assert command[1:4] == ["-m", "atlas.serve", "dashboard.py"]
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert command[-2:] == ["--server.port", "8765"]


def test_run_sh_serves_a_network_only_with_sign_in_or_explicit_consent(project_root, tmp_path):
    refused = run_script(project_root, tmp_path, "--network", "--print-command")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("run.sh: not starting:") and "ATLAS_AUTH=none" in refused.stderr
    assert "Traceback" not in refused.stderr and len(refused.stderr.strip().splitlines()) == 1

    consent = run_script(project_root, tmp_path, "--network", "--print-command", ATLAS_ALLOW_OPEN_NETWORK="true")
    assert consent.returncode == 0, consent.stderr
    assert "--server.address 0.0.0.0" in consent.stdout

    (tmp_path / "secrets.toml").write_text(
        'ATLAS_AUTH = "oidc"\n[auth]\n' + "".join(f'{k} = "{v}"\n' for k, v in OIDC_SECTION.items()),
        encoding="utf-8")
    signed = run_script(project_root, tmp_path, "--print-command", ATLAS_BIND="0.0.0.0")
    assert signed.returncode == 0, signed.stderr
    assert "--server.address 0.0.0.0" in signed.stdout


def test_run_sh_refuses_a_misspelt_auth_mode(project_root, tmp_path):
    done = run_script(project_root, tmp_path, "--print-command", ATLAS_AUTH="oicd")
    assert done.returncode == 2 and "not a sign-in mode" in done.stderr and "Traceback" not in done.stderr
