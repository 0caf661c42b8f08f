"""Config: discovery (accord.toml, [tool.accord]), paths, per-check settings, and errors naming the key."""

from pathlib import Path

import pytest

from checker.config import ConfigError, find_config, load_config
from checker.findings import Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_accord_toml_found_walking_up(tmp_path, monkeypatch):
    config = write(tmp_path / "accord.toml", 'fail_on = "warning"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_config() == config
    assert load_config().fail_on == "warning"


def test_pyproject_tool_accord(tmp_path, monkeypatch):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.accord]\nbaseline = "b.json"\n')
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config.baseline == tmp_path / "b.json"
    assert config.source == tmp_path / "pyproject.toml"


def test_pyproject_without_tool_accord_is_skipped(tmp_path, monkeypatch):
    write(tmp_path / "accord.toml", 'fail_on = "info"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    monkeypatch.chdir(tmp_path / "sub")
    assert find_config() == tmp_path / "accord.toml"


def test_accord_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.accord]\nfail_on = "info"\n')
    write(tmp_path / "accord.toml", 'fail_on = "never"\n')
    assert find_config(tmp_path) == tmp_path / "accord.toml"


def test_no_config_gives_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config(discover=False)
    assert config.fail_on is None and config.checks == {} and config.source is None


def test_check_settings_and_relative_paths(tmp_path):
    path = write(
        tmp_path / "conf" / "accord.toml",
        'roles = ["extra/roles.toml"]\n[checks.rank-regression]\nseverity = "error"\nmax_years = 1.5\n'
        '[checks.weekday-mismatch]\nenabled = false\n[nli]\nmodel = "../models/nli"\nthreshold = 0.8\n',
    )
    config = load_config(path)
    assert config.checks["rank-regression"].severity is Severity.ERROR
    assert config.checks["rank-regression"].options == {"max_years": 1.5}
    assert config.checks["weekday-mismatch"].enabled is False
    assert config.roles == (tmp_path / "conf" / "extra" / "roles.toml",)
    assert config.nli.model == tmp_path / "models" / "nli"
    assert config.nli.threshold == 0.8


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('fail_on = "sometimes"\n', "'fail_on'"),
        ('colour = "red"\n', "unknown key 'colour'"),
        ("[checks.no-such-check]\nenabled = true\n", "unknown check 'checks.no-such-check'"),
        ("[checks.rank-regression]\nmax_yeras = 2\n", "unknown key 'checks.rank-regression.max_yeras'"),
        ('[checks.rank-regression]\nmax_years = "soon"\n', "key 'checks.rank-regression.max_years'"),
        ('[checks.rank-regression]\nseverity = "fatal"\n', "'checks.rank-regression.severity'"),
        ('[checks.rank-regression]\nenabled = "no"\n', "'checks.rank-regression.enabled'"),
        ("[nli]\nthreshold = 1.5\n", "key 'nli.threshold'"),
        ("[nli]\nmodle = 'x'\n", "unknown key 'nli.modle'"),
        ("checks = 3\n", "'checks'"),
        ("fail_on = \n", "not valid TOML"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path, text, named):
    path = write(tmp_path / "accord.toml", text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    message = str(error.value)
    assert message.startswith(str(path)) and named in message
    assert "\n" not in message


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "nope.toml")
