"""`helpdesk doctor`: each check says what it found, how to fix a miss, and the exit status."""
import socket

from handoff.db import migrate
from support_service import doctor
from support_service.config import Settings


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
