"""When an alarm goes to a person at once and when the article comes first (bot/actions/answer_first.py,
thresholds in answering.yml). The actions run in the Rasa environment, without any server."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from support_service import runner

pytestmark = pytest.mark.rasa

SCRIPT = r"""
import asyncio
import json
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from actions import answer_first, common, handover

P1_SECURITY = {"category": "security", "category_confidence": 0.8, "priority": "P1", "priority_confidence": 0.7}
P2_SECURITY = {"category": "security", "category_confidence": 0.5, "priority": "P2", "priority_confidence": 0.9}
P1_API = {"category": "api_integration", "category_confidence": 0.7, "priority": "P1", "priority_confidence": 0.95}
P2_UPLOADS = {"category": "upload_issues", "category_confidence": 0.96, "priority": "P2", "priority_confidence": 0.47}
SECURITY_P3 = {"category": "security", "category_confidence": 0.62, "priority": "P3", "priority_confidence": 0.51}
SECURITY_P4 = {**SECURITY_P3, "priority": "P4"}
LAPTOP = "my work laptop got stolen out of my car an hour ago. i was logged into secureai on it"
# Security not first but a fair share of the reading; and a SIEM question where security is only a trace.
ACCESS_OR_SECURITY = {"category": "account_access", "category_confidence": 0.52, "priority": "P2",
                      "priority_confidence": 0.81, "category_alternatives": [["security", 0.48], ["general", 0.0]]}
API_NOT_SECURITY = {"category": "api_integration", "category_confidence": 0.88, "priority": "P2",
                    "priority_confidence": 0.65, "category_alternatives": [["security", 0.06], ["general", 0.0]]}
GENERAL_P3 = {"category": "general", "category_confidence": 0.57, "priority": "P3", "priority_confidence": 0.96}


HOLIDAYS = "do your chat people work on public holidays? monday is one here in the us and we have a big review"
CLOSING = "hello, somebody from staff please. our company wish closing the whole secureai account, everything"
LOCKED_OUT = "since our okta change this morning nobody on our team can sign in, everyone gets 'invalid signature'"
P2_ACCESS = {"category": "account_access", "category_confidence": 0.85, "priority": "P2", "priority_confidence": 0.97}
DATING_APP = "we run trust & safety at a dating app and get a few hundred selfie verification videos every evening"
VULNERABILITY = "i changed the number at the end of a shared report link and got another company's report"


def said(text, reading="billing_account_change"):
    event = {"event": "user", "text": text, "timestamp": 1, "parse_data": intent(reading, 0.9)}
    return Tracker("visitor", {}, {"text": text}, [event], False, None, None, None)


def intent(name, confidence):
    return {"intent": {"name": name, "confidence": confidence}}

COURT = {"category": "security", "category_confidence": 0.55, "priority": "P4", "priority_confidence": 0.6,
         "category_alternatives": [["general", 0.45], ["account_access", 0.0]]}


def filed(article, reason="human_handoff", reading=COURT,
          text="i'd like to speak to someone. a video will be used in court, which mode should we run"):
    # The category the bot files on the way to a person, with triage answering as given and
    # `article` offered for the problem.
    async def read(text):
        return reading

    common.triage = read
    tracker = said(text, "human_handoff")
    tracker.slots["offered_article"] = article
    return asyncio.run(handover.category_of_a_question(tracker, reason, {})).get("category")


def replies_to_off_topic_words(misses):
    # What the bot answers to words the intent model reads as off-topic (0.66), with the help centre
    # finding nothing, after `misses` misunderstandings in a row.
    async def found_nothing(text):
        return []

    async def read_nothing(text):
        return {}

    common.search, common.triage = found_nothing, read_nothing
    text = "same like before. with the marks on it, you know"
    tracker = Tracker("visitor", {"misses": misses}, {"text": text, **intent("out_of_scope", 0.66)},
                      [{"event": "user", "text": text, "timestamp": 1}], False, None, None, None)
    dispatcher = CollectingDispatcher()
    asyncio.run(answer_first.ActionAnswer.respond(dispatcher, tracker, "out_of_scope"))
    return [message.get("response") for message in dispatcher.messages]


def replies_to(text, reading):
    # What the bot answers, and the goal it sets, to words the intent model reads as `reading`, with the help
    # centre finding nothing.
    async def found_nothing(text):
        return []

    common.search = found_nothing
    tracker = Tracker("visitor", {}, {"text": text, **intent(reading, 0.9)},
                      [{"event": "user", "text": text, "timestamp": 1}], False, None, None, None)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(answer_first.ActionAnswer().run(dispatcher, tracker, {}))
    return [[message.get("response") for message in dispatcher.messages],
            [event["value"] for event in events if event.get("name") == "goal"]]


print(json.dumps({
    # "Are you a bot?" is answered as such; "is there a real person on sundays?" gets the hours.
    "bot_challenge": [replies_to(text, "bot_challenge") for text in (
        "am i talking to a real person", "is there a real person on chat for us on sundays, or only the bot?")],
    # A request for a person goes to one; a question about when people answer, or how to call, gets the hours or
    # the contacts.
    "person_requests": [replies_to(text, "human_handoff") for text in (
        "agent please", "if i write agent here on a sunday does an actual person answer?",
        "on the starter plan can i call you on the phone? im not a chat person")],
    # Triage's security reading of a question (P3/P4, or any priority with no threat in the words) gives way to its
    # runner-up, unless the article offered for it is from the security section, or the bot took it for an incident.
    "question_category": [filed(None), filed("compliance-and-security/gdpr-compliance"),
                          filed("core-features/analysis-modes", "security_incident"),
                          filed("core-features/analysis-modes", reading={**COURT, "priority": "P2"}),
                          filed(None, reading={**COURT, "priority": "P2"},
                                text="can someone call me, our api key leaked on a public repo last night")],
    # The article the customer tried files the problem when triage is unsure of its category, and an upload
    # article when triage files it under general; a sure triage reading stays.
    "article_category": [filed("troubleshooting/upload-failures", reading={**GENERAL_P3, "category_confidence": 0.9}),
                         filed("administration/user-management", reading={**GENERAL_P3, "category": "billing",
                                                                          "category_confidence": 0.45}),
                         filed("administration/user-management", reading={**GENERAL_P3, "category": "billing",
                                                                          "category_confidence": 0.9}),
                         filed("administration/monitoring", reading={**GENERAL_P3, "category_confidence": 0.3})],
    # Off-topic words right after a misunderstanding are the customer still explaining: a second one.
    "still_explaining": [replies_to_off_topic_words(misses) for misses in (0.0, 1.0)],
    "sure_incident": common.urgent_intent(intent("security_incident", 0.9)),
    "unsure_incident": common.urgent_intent(intent("security_incident", 0.4)),
    "not_an_alarm": common.urgent_intent(intent("ask_howto", 0.99)),
    # The intent model names the incident, triage confirms it.
    "key_leaked": answer_first.urgent_reason("security_incident", "our api key leaked on github", P2_SECURITY, []),
    # A bare topic that the ticket-trained triage reads as P1 security: the article first.
    "bare_topic": answer_first.urgent_reason("billing_account_change", "close our account", P1_SECURITY, [],
                                             "close our account"),
    # Told in full, triage alone brings a person at once.
    "told_in_full": answer_first.urgent_reason(
        "report_problem", "since this morning nobody on our team can sign in, the login page loops", P1_SECURITY, [],
        "since this morning nobody on our team can sign in, the login page loops"),
    "api_down": answer_first.urgent_reason("report_problem", "every single api call returns 500 since noon today",
                                           P1_API, [], "every single api call returns 500 since noon today"),
    # A question that only sounds alarming gets its article.
    "question": answer_first.urgent_reason("outage", "what number do we call if the whole thing is down?",
                                           P1_API, [{"id": "contact-support/emergency-hotline", "score": 30}]),
    # Off-topic only when the intent model is sure: then only a strong hit answers.
    "off_topic": [answer_first.off_topic(intent(name, confidence))
                  for name, confidence in [("out_of_scope", 0.92), ("out_of_scope", 0.5), ("ask_howto", 0.95)]],
    # The customer says only they are affected: the status page first.
    "only_me": answer_first.urgent_reason("outage", "is secureai down?? page wont load for me", P1_API,
                                          [{"id": "troubleshooting/checking-the-status-page", "score": 60}]),
    # A message the intent model could not place is still triaged: a sure P1 told in full is an outage.
    "unplaced_outage": answer_first.urgent_reason(
        "nlu_fallback", "none of our 12 ppl can upload anythign since 9, every video ends with server error", P1_API,
        [], "none of our 12 ppl can upload anythign since 9, every video ends with server error"),
    # A security incident told in full that the intent model is sure of needs no triage to agree; named
    # in a few words, it does.
    "vulnerability": [answer_first.urgent_reason("security_incident", text, GENERAL_P3, [], text)
                      for text in (VULNERABILITY, "security incident")],
    # A whole team kept out at P2 is the labelling guide's P2, not an outage (a person offered, a ticket after hours).
    "team_locked_out": answer_first.urgent_reason("report_problem", LOCKED_OUT, P2_ACCESS, [], LOCKED_OUT),
    # ... unless our server says it failed; and the web app with the API failing is the whole platform, whoever
    # triage thinks is affected.
    "platform_failing": [answer_first.urgent_reason("nlu_fallback", text, P2_ACCESS, [], text) for text in (
        "our claims team can't get into secureai at all, the login page throws a 500 error for every one of them",
        "our reviewers can't reach secureai at all: app.secureai.com and the API both time out")],
    # Triage's sure P1 is no outage when nothing is said to fail (a ticket-trained model reads volume as impact).
    "no_failure_stated": answer_first.urgent_reason("ask_howto", DATING_APP, P1_API, [], DATING_APP),
    # A phishing message nobody fell for is the labelling guide's question, however sure the intent model is;
    # a password typed on it is an incident.
    "phishing": [answer_first.urgent_reason("security_incident", text, P2_SECURITY, [], text) for text in (
        "got an email from 'secureai-accounts.co' saying our account gets closed tonight unless I confirm my login",
        "got a mail saying our account would be closed, i typed my password on the page before i saw the address")],
    # A failure stated for the whole team is an outage at P2 too, whatever the intent model read;
    # one customer's failure at P2 is not.
    "team_stopped": [answer_first.urgent_reason("ask_howto", text, P2_UPLOADS, [], text) for text in (
        "nothing uploads anymore, for anyone on our team. every file ends in server error",
        "nothing uploads anymore from my laptop, every file ends in server error",
        "how do we upload when nothing works for anyone on our team?")],
    # A visitor the site did not sign in asking about prices is a prospect: sales, so `general`.
    "sales": [handover.known_fields(said(text), "billing_account_change").get("category") for text in (
        "can i talk with someone from sales? need a quote for about 50 users",
        "please cancel our plan and refund the last month")],
    # Neither model sure alone: the intent model's likeliest reading and triage's category agreeing on
    # security make an incident, unless triage reads a question (P4).
    "two_agree": [answer_first.urgent_reason("report_problem", LAPTOP, reading, [], LAPTOP, alarm=alarm)
                  for reading, alarm in ((SECURITY_P3, "security_incident"), (SECURITY_P4, "security_incident"),
                                         (SECURITY_P3, "report_problem"), (ACCESS_OR_SECURITY, "security_incident"),
                                         (API_NOT_SECURITY, "security_incident"))],
    # The web app and the API down together: the labelling guide's whole-platform outage, `general`.
    "whole_platform": [handover.known_fields(said(text, "outage"), "outage").get("category") for text in (
        "the web app shows a 503 page and every api call fails too", "every api call fails, the web app works")],
    # Triage alone does not make a question an incident, nor a billing change in any intent's reading.
    "holiday_question": answer_first.urgent_reason(
        "nlu_fallback", HOLIDAYS, P2_SECURITY, [{"id": "contact-support/hours-and-contacts", "score": 20}], HOLIDAYS),
    "closing_account": answer_first.urgent_reason("report_problem", CLOSING, P1_SECURITY, [], CLOSING),
    # A billing change the customer asks for is not a security incident, whatever triage reads.
    "billing_change": answer_first.urgent_reason(
        "billing_account_change", "we want to end our SecureAI contract, budget got cut", P1_SECURITY, [],
        "we want to end our SecureAI contract, budget got cut"),
    # On the way to a person, a billing change in words the intent model reads as one is filed as billing;
    # "cancelled" about an upload is not.
    "billing_category": [handover.known_fields(said(text, reading), "human_handoff").get("category")
                         for text, reading in (
        ("our files are over 500mb all the time now. let's move up to enterprise", "billing_account_change"),
        ("my upload got cancelled halfway, can someone look", "upload_problem"))],
    # A sure P1/P2 goes straight to a person only when reported, not asked about or only the customer's.
    "asked_or_only_me": [answer_first.asks_or_only_me(text) for text in (
        "since this morning every api call comes back 401, our nightly ingestion job is dead",
        "can secureai read .mts files from our camcorder",
        "is secureai down?? page wont load for me",
        "is secureai down?? page wont load for any of us, 12 people")],
}))
"""


def test_alarms_go_to_a_person_at_once_only_when_the_bot_is_sure():
    if not (runner.RASA_BIN / "python").exists():
        if os.environ.get("CI"):
            pytest.fail("no Rasa environment at .venv-rasa; CI is set, so it must be there")
        pytest.skip("no Rasa environment at .venv-rasa (make setup-rasa)")
    result = subprocess.run([str(runner.RASA_BIN / "python"), "-c", SCRIPT], cwd=runner.BOT_DIR, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    got = json.loads(result.stdout.strip().splitlines()[-1])
    assert got == {"sure_incident": "security_incident", "unsure_incident": None, "not_an_alarm": None,
                   "key_leaked": "security_incident", "bare_topic": None, "told_in_full": "security_incident",
                   "api_down": "outage", "question": None, "only_me": None, "off_topic": [True, False, False],
                   "unplaced_outage": "outage", "asked_or_only_me": [False, True, True, False],
                   "vulnerability": ["security_incident", None],
                   "team_stopped": ["outage", None, None], "sales": ["general", "billing"],
                   "billing_change": None, "billing_category": ["billing", None],
                   "two_agree": ["security_incident", None, None, "security_incident", None],
                   "whole_platform": ["general", None],
                   "holiday_question": None, "closing_account": None,
                   "question_category": ["general", None, None, "general", None],
                   "article_category": ["upload_issues", "account_access", None, None],
                   "bot_challenge": [[["utter_iamabot"], [None]], [["utter_chat_hours"], [None]]],
                   "person_requests": [[[], ["person"]], [["utter_chat_hours"], [None]], [["utter_contact"], [None]]],
                   "still_explaining": [["utter_out_of_scope"], ["utter_misunderstood_twice"]],
                   "no_failure_stated": None, "phishing": [None, "security_incident"],
                   "team_locked_out": None, "platform_failing": ["outage", "outage"]}
