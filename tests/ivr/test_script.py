"""The script data file: the menu a caller can choose from, and how numbers are read."""
from ivr.script import load_script, minutes_text, spell


def test_every_key_of_the_seed_menu_selects_its_option():
    script = load_script()
    expected = {"1": "general", "2": "technical", "3": "billing", "4": "enterprise",
                "5": "sales", "0": "repeat", "9": "emergency"}
    assert {key: script.choose(digits=key).choice for key in expected} == expected


def test_speech_selects_options_by_whole_words():
    script = load_script()
    assert script.choose(speech="Billing.").choice == "billing"
    assert script.choose(speech="I need a human").choice == "agent"
    assert script.choose(speech="speak with a sales representative").choice == "sales"
    assert script.choose(speech="our whole system is down").choice == "emergency"
    assert script.choose(speech="umbrella") is None
    assert script.choose(speech="") is None


def test_unknown_keys_select_nothing():
    script = load_script()
    assert script.choose(digits="7") is None
    assert script.choose(digits="*") is None


def test_ticket_number_is_read_as_a_caller_writes_it_down():
    assert spell("TICK-20261202-031") == "2 0 2 6 1 2 0 2, dash, 0 3 1"
    assert spell("TICK-20261202-1234") == "2 0 2 6 1 2 0 2, dash, 1 2 3 4"


def test_the_average_wait_is_said_in_minutes():
    assert minutes_text(20) == "less than a minute"
    assert minutes_text(75) == "about 1 minute"
    assert minutes_text(250) == "about 4 minutes"


def test_voicemail_stays_within_what_twilio_transcribes():
    assert 2 < load_script()["voicemail_max_seconds"] < 120
