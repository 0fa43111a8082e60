"""`helpdesk doctor`: each check says what it found, how to fix a miss, and the exit status."""
import json
import socket

from handoff.core.db import migrate
from helpdesk_settings.config import Settings
from support_service import doctor


def test_a_port_in_use_fails_with_how_to_find_its_owner():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        number = busy.getsockname()[1]
        result = doctor.port(number, "support service")
    assert result.state == "FAIL" and f"ss -ltnp 'sport = :{number}'" in result.fix
    assert doctor.port(number, "support service").state == "ok"  # closed again: free


def test_a_new_database_is_work_for_prepare_and_a_migrated_one_is_ok(tmp_path):
    url = f"sqlite:///{tmp_path / 'helpdesk.db'}"
    new = doctor.database(Settings(database_url=url))
    assert new.state == "todo" and "helpdesk prepare" in new.fix
    migrate(url)
    assert doctor.database(Settings(database_url=url)).state == "ok"


def test_an_unreachable_database_fails():
    result = doctor.database(Settings(database_url="postgresql+psycopg://postgres@127.0.0.1:1/nothing"))
    assert result.state == "FAIL" and "unreachable" in result.found and "DATABASE_URL" in result.fix


def test_production_refuses_shipped_secrets_and_the_exit_status_says_so(monkeypatch):
    monkeypatch.setenv("HELPDESK_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment-file")
    secrets = doctor.production_secrets()
    assert secrets.state == "FAIL" and "SECRET_KEY" not in secrets.found
    assert "TWILIO_AUTH_TOKEN is the development default" in secrets.found
    text, status = doctor.report([doctor.Result("fine-check", "ok", "fine"), secrets], quiet=True)
    assert status == 1 and "fine-check" not in text and "1 problem(s)" in text
    text, status = doctor.report([doctor.Result("x", "ok", "fine"), doctor.Result("y", "todo", "later", "prepare")])
    assert status == 0 and "1 for `helpdesk prepare` to do" in text


def test_prepare_loads_the_triage_model_again_only_when_what_it_depends_on_changed(triage_model_dir, tmp_path,
                                                                                     monkeypatch):
    import triage_model.train
    from support_service import cli

    stamp = tmp_path / "prepared-triage.json"
    monkeypatch.setattr(cli, "PREPARED_TRIAGE", stamp)
    loads, load = [], triage_model.train.ensure_model
    monkeypatch.setattr(triage_model.train, "ensure_model", lambda root: loads.append(root) or load(root))
    version = cli.prepare_triage_model(triage_model_dir)
    assert loads == [triage_model_dir] and version == (triage_model_dir / "current").read_text().strip()
    assert cli.prepare_triage_model(triage_model_dir) == version and len(loads) == 1  # the stamp matches
    for changed in ({"training_data": "0" * 64}, {"scikit_learn": "0.0"}, {"version": "an-older-one"}):
        stamp.write_text(json.dumps({**json.loads(stamp.read_text()), **changed}))
        assert cli.prepared_triage_version(triage_model_dir) is None, changed
        assert cli.prepare_triage_model(triage_model_dir) == version
    assert len(loads) == 4


def test_doctor_finds_a_prepared_triage_model_without_importing_scikit_learn(triage_model_dir, tmp_path,
                                                                            monkeypatch):
    import subprocess
    import sys

    from support_service import cli

    monkeypatch.setattr(cli, "PREPARED_TRIAGE", tmp_path / "prepared-triage.json")
    version = cli.prepare_triage_model(triage_model_dir)
    check = ("import sys; from pathlib import Path; from support_service import cli, doctor; "
             "from helpdesk_settings.config import Settings; "
             f"cli.PREPARED_TRIAGE = Path({str(cli.PREPARED_TRIAGE)!r}); "
             f"result = doctor.models(Settings(triage_model_dir=Path({str(triage_model_dir)!r})))[0]; "
             "print(result.state, result.found, any(m.startswith(('sklearn', 'spacy')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["ok", version, "False"]
