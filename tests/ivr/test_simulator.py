"""Whole calls played by the simulator (``ivr simulate``), in process and over HTTP."""
import re
import socket
import threading
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from twilio.request_validator import RequestValidator
from werkzeug.serving import make_server

from ivr import cli
from ivr.simulate import CallFailed, Simulator, app_transport

WEDNESDAY_10PM_NY = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def play(app, phone, inputs, caller="professional", **options):
    simulator = Simulator(app_transport(app), inputs=inputs, caller=phone.callers[caller], **options)
    call = simulator.run()
    for _url, _params, body in call.requests:
        if body.strip():
            phone.assert_gathers_are_followed(ET.fromstring(body))
    return call




def test_a_professional_caller_in_hours_describes_hears_the_number_and_reaches_an_agent(app, phone, stored):
    call = play(app, phone, ["2", "say:our webhook deliveries fail with error 500"])
    ticket = stored(call.sid)
    assert ticket.queue == "Technical"
    assert ticket.speech_transcript == "our webhook deliveries fail with error 500"
    assert "Your ticket number is 2 0 2 6 1 1 2 5, dash, 0 0 1." in call.said()
    assert any(h.text.startswith("waiting in queue Technical") for h in call.heard)
    assert "You are next in line." in call.said()
    assert ticket.details["call"]["outcome"] == "completed"
    # Listening to the whole greeting and menu, the caller is queued, ticket written, within a minute.
    assert call.queued_after < 60


def test_a_caller_on_hold_can_ask_for_a_callback(app, phone, stored):
    call = play(app, phone, ["3", "say:we were charged twice this month", "1"])
    assert "We will call you back" in call.said()
    assert stored(call.sid).details["call"]["callback_requested"] is True


def test_nobody_answering_the_queue_is_an_abandoned_call(app, phone, stored):
    call = play(app, phone, ["1", "say:how do I add a user", "-"], agent="none")
    assert stored(call.sid).details["call"]["outcome"] == "abandoned"


def test_an_enterprise_caller_after_hours_whose_on_call_misses_leaves_a_voicemail(app, phone, clock, stored):
    clock.now = WEDNESDAY_10PM_NY
    call = play(app, phone, ["4", "say:every analysis fails for the whole team", "record:please call me on my mobile"],
                caller="enterprise", dial="no-answer")
    assert "dialing +16175550142: no-answer" in [h.text for h in call.heard]
    ticket = stored(call.sid)
    assert ticket.recording_url
    assert ticket.details["voicemail"]["transcription"] == "please call me on my mobile"


def test_silence_everywhere_still_ends_in_a_ticket_and_a_queue(app, phone, stored):
    call = play(app, phone, ["-", "-"])
    ticket = stored(call.sid)
    assert ticket.details["ivr_menu"] == "agent"
    assert any(h.text.startswith("waiting in queue General") for h in call.heard)


def test_three_wrong_keys_reach_an_agent(app, phone, stored):
    call = play(app, phone, ["7", "6", "#", "say:I want to talk about pricing"])
    assert call.said().count("is not one of the options") == 3
    assert stored(call.sid).details["ivr_menu"] == "agent"


def test_press_9_dials_on_call_at_once(app, phone, stored):
    call = play(app, phone, ["9"], caller="starter")
    assert stored(call.sid).priority == "P1"
    assert [h.kind for h in call.heard].count("dial") == 1


def test_the_simulator_reports_a_refused_webhook_as_an_application_error(app, phone):
    transport = app_transport(app)
    transport.validator = RequestValidator("a-stale-token")
    with pytest.raises(CallFailed, match="HTTP 403"):
        Simulator(transport, inputs=[]).run()


@pytest.fixture
def served(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_ivr_simulate_plays_a_call_against_a_running_service(served, phone, capsys):
    code = cli.main(["simulate", "--url", served, "--auth-token", phone.token,
                     "--from", phone.callers["professional"], "2", "say:uploads of mov files are rejected"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Thank you for calling SecureAI Support." in out
    assert re.search(r"Your ticket number is (\d ){7}\d, dash, \d \d \d\.", out)
    assert "[queue] waiting in queue Technical" in out


def test_ivr_simulate_with_the_wrong_token_says_the_call_failed(served, capsys):
    code = cli.main(["simulate", "--url", served, "--auth-token", "wrong", "--no-input"])
    assert code == 1
    assert "HTTP 403" in capsys.readouterr().err


def test_ivr_simulate_without_a_service_says_so(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nobody listens here once closed
    code = cli.main(["simulate", "--url", f"http://127.0.0.1:{port}", "--no-input"])
    assert code == 1
    assert "APPLICATION ERROR" in capsys.readouterr().err


def test_ivr_simulate_reads_the_callers_part_from_a_script_file(served, phone, tmp_path, capsys):
    script = tmp_path / "call.txt"
    script.write_text("# a billing call\n3\nsay:we were charged twice for one invoice\n1\n")
    code = cli.main(["simulate", "--url", served, "--auth-token", phone.token,
                     "--from", phone.callers["professional"], "--script", str(script)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "> presses 3" in out
    assert "> we were charged twice for one invoice" in out
    assert "[queue] waiting in queue Billing" in out
    assert "We will call you back" in out


def test_the_simulator_shows_the_text_and_plays_the_callback_that_follow_the_call(app, phone, fake_twilio, stored):
    from ivr.simulate import follow_up

    call = play(app, phone, ["2", "say:our uploads of mp4 files stall at ninety percent", "1"])
    assert "call you back" in call.said()
    ticket = stored(call.sid)
    shown = []
    follow_up(app, fake_twilio, app_transport(app), shown.append)
    out = "\n".join(shown)
    assert f"[sms] to {phone.callers['professional']}: SecureAI Support: your ticket number is {ticket.id}." in out
    assert f"[callback] Twilio rings {phone.callers['professional']} from +18007328734" in out
    assert "calling you back about your video upload problem" in out
    assert "[dial] dialing +13125550191: completed" in out
    assert out.endswith("[callback] #1: completed (completed)")
    assert len(fake_twilio.calls()) == 1 and len(fake_twilio.messages()) == 1
