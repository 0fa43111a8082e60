"""The greeting and the menu: keys, speech, silence ("stay on the line"), wrong keys."""
import pytest


def test_incoming_call_hears_the_seed_greeting_and_menu_then_goes_to_an_agent_on_silence(phone):
    root = phone.twiml("/ivr/incoming", phone.new_sid())
    assert phone.verbs(root) == ["Gather", "Redirect"]
    gather = root.find("Gather")
    assert gather.get("input") == "dtmf speech"
    assert gather.get("numDigits") == "1"
    assert gather.get("action") == "/ivr/menu?a=1"
    assert gather.get("method") == "POST"
    assert "billing" in gather.get("hints").split(",")
    text = phone.said(gather)
    order = [
        "Thank you for calling SecureAI Support.",
        "this call may be recorded",
        "press 9 now",
        "Press 1 for general support",
        "Press 2 for technical support and API issues",
        "Press 3 for billing",
        "Press 4 for enterprise",
        "Press 5 to speak with a sales representative",
        "Press 0 to repeat",
        "stay on the line to speak with the next available agent",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert root.find("Redirect").text == "/ivr/describe?c=agent"


@pytest.mark.parametrize("fields, choice", [
    ({"Digits": "1"}, "general"),
    ({"Digits": "2"}, "technical"),
    ({"Digits": "3"}, "billing"),
    ({"Digits": "4"}, "enterprise"),
    ({"Digits": "5"}, "sales"),
    ({"SpeechResult": "Billing.", "Confidence": "0.9"}, "billing"),
    ({"SpeechResult": "I need a human", "Confidence": "0.8"}, "agent"),
])
def test_a_menu_choice_asks_for_the_problem_in_speech(phone, fields, choice):
    root = phone.twiml("/ivr/menu?a=1", phone.new_sid(), **fields)
    phone.assert_gathers_are_followed(root)
    gather = root.find("Gather")
    assert gather.get("input") == "speech"
    assert gather.get("action") == f"/ivr/problem?c={choice}"
    assert gather.get("speechTimeout") == "auto"
    assert gather.get("speechModel") is None  # "auto" is invalid together with a speech model
    assert gather.get("actionOnEmptyResult") == "true"
    assert {"API", "webhook", "MP4", "invoice"} <= set(gather.get("hints").split(","))
    assert root.find("Redirect").text == f"/ivr/problem?c={choice}"


def test_silence_in_the_menu_asks_for_a_description_while_connecting_to_an_agent(phone):
    root = phone.twiml("/ivr/describe?c=agent", phone.new_sid())
    assert root.find("Gather").get("action") == "/ivr/problem?c=agent"
    assert "next available agent" in phone.said(root)


def test_a_wrong_key_is_explained_and_the_menu_repeated_without_the_greeting(phone):
    root = phone.twiml("/ivr/menu?a=1", phone.new_sid(), Digits="7")
    phone.assert_gathers_are_followed(root)
    text = phone.said(root)
    assert "7 is not one of the options" in text
    assert "Press 1 for general support" in text
    assert "Thank you for calling" not in text
    assert root.find("Gather").get("action") == "/ivr/menu?a=2"


def test_repeated_wrong_keys_end_with_the_next_available_agent(phone):
    root = phone.twiml("/ivr/menu?a=3", phone.new_sid(), SpeechResult="umbrella", Confidence="0.7")
    assert "connect you with the next available agent" in phone.said(root)
    assert root.find("Gather").get("action") == "/ivr/problem?c=agent"


def test_zero_repeats_the_options(phone):
    root = phone.twiml("/ivr/menu?a=1", phone.new_sid(), Digits="0")
    assert "Press 3 for billing" in phone.said(root)
    assert root.find("Gather").get("action") == "/ivr/menu?a=2"


def test_a_tampered_attempt_counter_still_gets_a_menu(phone):
    root = phone.twiml("/ivr/menu?a=abc", phone.new_sid(), Digits="7")
    assert root.find("Gather").get("action") == "/ivr/menu?a=2"
