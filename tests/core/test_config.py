"""core/config.py: how each kind of variable is read, and that its documentation agrees."""
from __future__ import annotations

import ast
from dataclasses import fields
from pathlib import Path

import pytest

from core import config
from core.config import APP_ROOT, Settings, variables

APP_CODE = ["app.py", "core", "api", "ui", "pages", "migrations"]
# Reads of the environment that are not settings: a child process inherits PYTHONPATH.
NOT_SETTINGS = {("core/sandbox.py", "PYTHONPATH")}


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No variable set and no .env file: every setting at its default."""
    for var in variables():
        monkeypatch.setenv(var.name, "")  # recorded, so teardown undoes what .env files set
        monkeypatch.delenv(var.name)
    monkeypatch.setattr(config, "ENV_FILE", tmp_path / "missing.env")
    return monkeypatch


def test_defaults(clean_env):
    s = Settings.from_env()
    assert s.database_url == f"sqlite:///{APP_ROOT / 'resumedesk.db'}"
    assert s.resume_storage_dir == APP_ROOT / "resumes"
    assert (s.parser_backend, s.parser_workers, s.parser_fallback, s.parser_plugins) == ("rules", 4, False, ())
    assert (s.max_resume_mb, s.max_resume_bytes) == (10.0, 10 * 1024 * 1024)
    assert (s.login_max_failures, s.login_lockout_seconds, s.password_min_length) == (5, 300, 10)
    assert (s.admin_email, s.admin_password, s.default_phone_region) == ("", "", "US")


def test_numbers_bools_lists_and_paths(clean_env):
    clean_env.setenv("PARSER_WORKERS", " 8 ")
    clean_env.setenv("OPENAI_TIMEOUT", "2.5")
    clean_env.setenv("PDF_ISOLATION", "off")
    clean_env.setenv("PARSER_FALLBACK", "Yes")
    clean_env.setenv("PARSER_PLUGINS", " a.b , ,c ")
    clean_env.setenv("RESUME_STORAGE_DIR", "elsewhere/files")
    clean_env.setenv("DEFAULT_PHONE_REGION", "gb")
    s = Settings.from_env()
    assert (s.parser_workers, s.openai_timeout) == (8, 2.5)
    assert (s.pdf_isolation, s.parser_fallback) == (False, True)
    assert s.parser_plugins == ("a.b", "c")
    assert s.resume_storage_dir == APP_ROOT / "elsewhere/files"
    assert s.default_phone_region == "GB"


def test_minimums_raise_small_numbers(clean_env):
    clean_env.setenv("PASSWORD_MIN_LENGTH", "4")
    clean_env.setenv("PDF_MEMORY_MB", "1")
    clean_env.setenv("JOB_POLL_SECONDS", "0")
    s = Settings.from_env()
    assert (s.password_min_length, s.pdf_memory_mb, s.job_poll_seconds) == (10, 128, 0.05)


@pytest.mark.parametrize("name, raw, message", [
    ("PARSER_WORKERS", "four", "PARSER_WORKERS must be a whole number, got 'four'"),
    ("LOGIN_MAX_FAILURES", "2.5", "LOGIN_MAX_FAILURES must be a whole number, got '2.5'"),
    ("MAX_RESUME_MB", "ten", "MAX_RESUME_MB must be a number, got 'ten'"),
])
def test_a_bad_number_names_the_variable(clean_env, name, raw, message):
    clean_env.setenv(name, raw)
    with pytest.raises(ValueError, match=message):
        Settings.from_env()


def test_the_backend_follows_the_api_key_unless_chosen(clean_env):
    clean_env.setenv("OPENAI_API_KEY", "sk-test")
    assert Settings.from_env().parser_backend == "openai"
    clean_env.setenv("PARSER_BACKEND", "RULES")
    assert Settings.from_env().parser_backend == "rules"


def test_passwords_keep_their_spaces_and_the_env_file_is_read(clean_env, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text('ADMIN_EMAIL= ops@example.com \nADMIN_PASSWORD=" two words "\n')
    clean_env.setattr(config, "ENV_FILE", env_file)
    s = Settings.from_env()
    assert (s.admin_email, s.admin_password) == ("ops@example.com", " two words ")
    clean_env.setenv("ADMIN_EMAIL", "boss@example.com")  # the environment wins over .env
    assert Settings.from_env().admin_email == "boss@example.com"


def test_get_settings_is_read_once_until_reset(clean_env):
    config.reset_settings()
    first = config.get_settings()
    clean_env.setenv("PARSER_WORKERS", "7")
    assert config.get_settings() is first
    config.reset_settings()
    assert config.get_settings().parser_workers == 7
    config.reset_settings()


def test_every_field_is_one_documented_variable():
    names = [var.name for var in variables()]
    assert len(names) == len(set(names)) == len(fields(Settings))
    assert all(var.doc.strip() for var in variables())


def test_env_example_is_written_from_the_declarations():
    assert (APP_ROOT / ".env.example").read_text(encoding="utf-8") == config.env_example(), \
        "run `python -m core.config --write-docs`"
    for var in variables():
        assert f"\n{var.name}=" in config.env_example()


def test_readme_table_is_written_from_the_declarations():
    readme = (APP_ROOT / "README.md").read_text(encoding="utf-8")
    assert config.readme_with_table(readme) == readme, "run `python -m core.config --write-docs`"
    for var in variables():
        assert f"| `{var.name}` |" in readme


def _environment_reads(path: Path):
    """(variable name or '?', line) of every os.environ / os.getenv read in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = ast.unparse(node.func)
            if target in ("os.environ.get", "os.getenv", "environ.get", "getenv"):
                arg = node.args[0] if node.args else None
                yield (arg.value if isinstance(arg, ast.Constant) else "?"), node.lineno
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) in ("os.environ", "environ"):
            key = node.slice
            yield (key.value if isinstance(key, ast.Constant) else "?"), node.lineno


def test_the_app_reads_the_environment_only_through_settings():
    files = [APP_ROOT / "app.py"] + [p for d in APP_CODE[1:] for p in sorted((APP_ROOT / d).rglob("*.py"))]
    stray = []
    for path in files:
        rel = path.relative_to(APP_ROOT).as_posix()
        if rel == "core/config.py":
            continue
        stray += [f"{rel}:{line} reads {name}" for name, line in _environment_reads(path)
                  if (rel, name) not in NOT_SETTINGS]
    assert stray == [], "read these through core.config.Settings"


def test_the_scan_finds_a_read(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('import os\nA = os.environ.get("X")\nB = os.environ["Y"]\nC = os.getenv("Z", "1")\n')
    assert sorted(_environment_reads(sample)) == [("X", 2), ("Y", 3), ("Z", 4)]


def test_main_shows_settings_with_secrets_masked(clean_env, capsys):
    clean_env.setenv("OPENAI_API_KEY", "sk-very-secret")
    config.reset_settings()
    try:
        assert config.main([]) == 0
    finally:
        config.reset_settings()
    out = capsys.readouterr().out
    assert "OPENAI_API_KEY=***" in out and "sk-very-secret" not in out
    assert "PARSER_BACKEND=openai" in out
