"""The bot's plain rules (bot/actions/conversation.py, upload_help.yml), without any server.

conversation.py runs in the Rasa environment but needs only PyYAML, so it is loaded by path.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("bot_conversation", ROOT / "bot" / "actions" / "conversation.py")
conv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(conv)


@pytest.mark.parametrize("text, mb", [
    ("650MB", 650), ("it's 1.2 GB", 1228.8), ("1,5 GB", 1536), ("about 700 megs", 700),
    ("my 2gb video is too large", 2048), ("only 200 mb", 200),
])
def test_file_sizes_as_customers_write_them(text, mb):
    assert conv.file_size_mb(text) == pytest.approx(mb)


def test_no_size_when_none_is_stated():
    assert conv.file_size_mb("it says file too large") is None
    assert conv.file_size_mb("error 500 on upload") is None


@pytest.mark.parametrize("text", ["I have a problem", "human please", "i need help", "something is wrong", "agent"])
def test_filler_is_not_a_description(text):
    assert not conv.is_descriptive(text)


@pytest.mark.parametrize("text", ["the api returns 500 on /v1/analyze", "i was charged twice for january",
                                  "batch processing keeps failing since this morning"])
def test_a_real_problem_is_a_description(text):
    assert conv.is_descriptive(text)


def test_customer_from_the_widget_config_like_intercom_settings():
    metadata = {"customer": {"app_id": "secureai_app_id", "name": "Customer Name", "email": "customer@company.com",
                             "user_id": "customer_123", "company": {"id": "company_456", "name": "Customer Company",
                                                                    "plan": "Professional"},
                             "analyses_this_month": 1234}}
    customer = conv.customer_from_metadata(metadata)
    assert customer == {"email": "customer@company.com", "name": "Customer Name", "user_id": "customer_123",
                        "company": "Customer Company", "tier": "professional", "analyses_this_month": 1234}
    assert conv.customer_from_metadata({"customer": {"plan": "gold"}}) == {}
    assert conv.customer_from_metadata(None) == {}


def test_transcript_shows_buttons_as_the_customer_saw_them():
    events = [
        {"event": "user", "text": "/greet", "timestamp": 0},
        {"event": "bot", "text": "Hi! How can I help?", "timestamp": 1},
        {"event": "user", "text": "/deny", "timestamp": 2, "metadata": {"display_text": "No, I still need help"}},
        {"event": "slot", "name": "pending", "value": None},
        {"event": "user", "text": "my upload fails at 99%", "timestamp": 3},
    ]
    lines = conv.transcript(events)
    assert [(m["sender"], m["text"]) for m in lines] == [
        ("customer", "[greet]"), ("bot", "Hi! How can I help?"), ("customer", "No, I still need help"),
        ("customer", "my upload fails at 99%"),
    ]
    assert lines[1]["ts"].startswith("1970-01-01T00:00:01")
    assert conv.customer_messages(events) == ["my upload fails at 99%"]


def test_ticket_subject_is_the_topic_or_the_first_sentence():
    assert conv.ticket_subject("Video upload - file too large", "whatever") == "Video upload - file too large"
    assert conv.ticket_subject(None, "Reports are empty. Since Monday.") == "Reports are empty."
    assert len(conv.ticket_subject(None, "x" * 300)) == 80
    # A greeting or who is writing is not what is wrong.
    assert conv.ticket_subject(None, "hello, i am writing from gdansk. we bought the yearly plan by mistake") == (
        "we bought the yearly plan by mistake")
    assert conv.ticket_subject(None, "hi, ana here. sso is broken") == "sso is broken"
    assert conv.ticket_subject(None, "i am unable to log in. help") == "i am unable to log in."
    assert conv.ticket_subject(None, "nothing works here. help") == "nothing works here."
    assert conv.ticket_subject(None, "Hello, Imogen Hart here, operations at Brookfield Search. We'd like to cancel "
                                     "our subscription.") == "We'd like to cancel our subscription."
    assert conv.ticket_subject(None, "Daniel at Globex. Since Monday every call gets 403.") == (
        "Since Monday every call gets 403.")
    assert conv.ticket_subject(None, "Uploads at night fail. Since Monday.") == "Uploads at night fail."


def test_email_found_in_what_the_customer_typed():
    assert conv.email_in("sure, it's Ana.Lopez@TV.example thanks") == "ana.lopez@tv.example"
    assert conv.email_in("i don't remember") is None


def test_formats_and_ticket_ids():
    assert conv.video_format("my .WMV file") == "WMV" and not conv.is_supported_format("WMV")
    assert conv.is_supported_format("mkv")
    assert conv.ticket_id_in("status of tick-20250127-001 please") == "TICK-20250127-001"


def test_every_troubleshooting_answer_links_a_published_article():
    articles = ROOT / "kb_search" / "articles"
    linked = {a["article"] for a in conv.UPLOAD_HELP["answers"].values() if "article" in a}
    assert linked, "the troubleshooting answers link no article"
    missing = sorted(a for a in linked if not (articles / f"{a}.md").exists())
    assert not missing, f"articles missing from the help centre: {missing}"


def test_only_an_email_the_site_signed_is_verified():
    from support_service.widget import identity_token

    signed = {"customer": {"email": "ana@example.com", "identity_token": identity_token("ana@example.com", "s3cret")}}
    assert conv.is_verified(signed, "s3cret")
    assert not conv.is_verified(signed, "another-secret")
    assert not conv.is_verified({"customer": {**signed["customer"], "email": "eve@example.com"}}, "s3cret")
    assert not conv.is_verified({"customer": {"email": "ana@example.com"}}, "s3cret")
    assert not conv.is_verified(None, "s3cret")


def test_phone_numbers_as_people_type_them_but_not_ticket_ids_or_sizes():
    assert conv.phone_in("call me on +1 (312) 555-0111 please") == "+13125550111"
    assert conv.phone_in("+44 7700 900123") == "+447700900123"
    assert conv.phone_in("status of TICK-20250127-001") is None
    assert conv.phone_in("my 650MB video from 2025") is None


def test_emails_phones_and_ticket_ids_never_reach_the_description():
    said = "it's ana@x.example, call +1 312 555 0111 about TICK-20250127-001"
    assert conv.without_contacts(said) == "it's , call about"
    # The words that only gave the contact go with it.
    assert conv.without_contacts("hello, my email is piotr@baltic.example. refund please") == "hello, . refund please"
    assert conv.without_contacts("uploads fail, reach me at +44 7700 900123") == "uploads fail"
    events = [
        {"event": "user", "text": "hi", "timestamp": 1, "parse_data": {"intent": {"name": "greet"}}},
        {"event": "user", "text": "i want to talk to a human", "timestamp": 2,
         "parse_data": {"intent": {"name": "human_handoff"}}},
        {"event": "user", "text": "my reports are empty since monday", "timestamp": 3,
         "parse_data": {"intent": {"name": "report_problem"}}},
        {"event": "user", "text": "ana@x.example", "timestamp": 4, "parse_data": {"intent": {"name": "inform"}}},
        {"event": "user", "text": "/deny", "timestamp": 5, "parse_data": {"intent": {"name": "deny"}}},
        {"event": "user", "text": "it's the weekly one for legal", "timestamp": 6,
         "parse_data": {"intent": {"name": "nlu_fallback"}}},
    ]
    assert conv.problem_messages(events) == ["my reports are empty since monday", "it's the weekly one for legal"]
    assert conv.problem_messages(events, since=3) == ["it's the weekly one for legal"]


def test_a_short_upload_complaint_is_not_specific_but_an_error_is():
    assert not conv.is_specific_upload_problem("I can't upload my video")
    assert conv.is_specific_upload_problem("upload fails with error 413 at 80%")


def test_a_ticket_request_is_not_the_subject():
    assert conv.ticket_subject(None, "please open a ticket: reports are empty. since monday") == "reports are empty."


@pytest.mark.parametrize("text", ["okta sso", "forgot my password", "quota exceeded", "dashbord"])
def test_a_bare_topic_is_searched(text):
    # answering.yml min_words_to_search: one word beyond filler is enough to look in the help centre.
    assert conv.is_descriptive(text, words=1)


@pytest.mark.parametrize("text", ["hi there", "help please", "i have a problem", "ok"])
def test_filler_alone_is_not_searched(text):
    assert not conv.is_descriptive(text, words=1)


@pytest.mark.parametrize("text", ["put me through to an engineer", "can you transfer me to someone from your team",
                                  "i need a technician to look at this", "connect me to an agent",
                                  "is anyone there? our exports fail",
                                  "ok thanks but honestly it'd be easier to talk to someone",
                                  "can i speak with somebody",
                                  "this is beyond me. can someone from your team call me and walk me through it?",
                                  "could somebody please look at it"])
def test_a_person_asked_for_in_other_words(text):
    assert conv.WANTS_PERSON.search(text)


@pytest.mark.parametrize("text", ["how do i add a new user to our team", "the agent column in the report is empty",
                                  "our engineers can't upload anything",
                                  "the owner left the company. how can we put another person as owner?",
                                  "we need each person on the team to use sso",
                                  "how do i talk to someone on my team about permissions",
                                  "can someone on my team check the results?", "can anyone else see our videos?",
                                  "and is there a way to get that per person? they always ask"])
def test_a_problem_mentioning_people_is_not_a_request_for_one(text):
    assert not conv.WANTS_PERSON.search(text)


@pytest.mark.parametrize("intent, text, adds", [
    ("report_problem", "did all that, shorter range, other browser. still crawling", True),
    ("nlu_fallback", "can someone from your team call me and walk me through it step by step?", True),
    ("ask_howto", "how do i add a user?", False),  # a new question: answered as a new problem
    ("thanks", "thanks a lot", False), ("inform", "", False)])
def test_what_follows_a_ticket_is_added_to_it_unless_it_is_a_new_question(intent, text, adds):
    assert conv.follows_up(intent, text) is adds


@pytest.mark.parametrize("text, whole", [
    ("the web app shows a 503 page and every api call fails too. the whole SOC can't analyze a thing", True),
    ("nobody can load app.secureai.com, everyone gets a 503 page. our api calls are failing too", True),
    ("our platform only talks to you through the api, nobody here uses the website. since 7pm every request "
     "comes back 500", False),
    ("every api call fails with 500 since this morning, the web app still works", False)])
def test_a_whole_platform_outage_names_the_web_app_and_the_api_failing(text, whole):
    assert conv.web_and_api_down(text) is whole


def test_a_question_is_only_a_question_when_nothing_is_reported_after_it():
    assert conv.is_question("what number do we call if it's down?")
    assert conv.is_question("how do I rotate our api key")
    assert not conv.is_question("is it down? every call returns 502 for everyone here")
    assert not conv.is_question("our api key leaked on github")
    # a question followed by its purpose, not by a report
    assert conv.is_question("can secureai warn me by email when there's a bunch of failed logins on our account? "
                            "want to catch password guessing early")
    assert not conv.is_question("is it down? 502 for everyone here")


def test_a_request_for_a_person_in_new_words_is_not_the_problem():
    events = [
        {"event": "user", "text": "put me through to an engineer", "timestamp": 1,
         "parse_data": {"intent": {"name": "report_problem"}}},  # the intent model missed the request
        {"event": "user", "text": "can you transfer me to a person, our sentinel connector throws auth errors",
         "timestamp": 2, "parse_data": {"intent": {"name": "report_problem"}}},
    ]
    assert conv.problem_messages(events) == ["can you transfer me to a person, our sentinel connector throws auth "
                                             "errors"]
    # Who should help and how is not what is wrong: the problem is still to be asked.
    vague = [{"event": "user", "text": "could somebody from your tech side take this one, please", "timestamp": 1,
              "parse_data": {"intent": {"name": "human_handoff"}}}]
    assert conv.problem_messages(vague) == []


@pytest.mark.parametrize("text", ["our files are over 500mb now. let's move up to enterprise, who do i talk to",
                                  "we'd like to go to the professional plan next month", "please cancel our plan",
                                  "you took the november payment two times. i want the double one back please",
                                  "we got billed twice for october",
                                  "the invoice has our old company name, can you correct it and send it again?",
                                  "our accountant won't take the invoice like that. can you reissue it",
                                  "the project is over, please stop the subscription before the next charge",
                                  "can you bump our account up to professional today",
                                  "only two of us use it now, we'd like to drop back to starter",
                                  "we want to switch from monthly invoicing to one annual invoice"])
def test_a_plan_change_in_other_words_is_a_billing_change(text):
    assert conv.BILLING_CHANGE.search(text)


@pytest.mark.parametrize("text", ["what does enterprise include", "when is our next invoice due",
                                  "how do i get our VAT ID printed on the invoices?",
                                  "need a copy of last month's invoice for accounting",
                                  "how do i move a video to another folder",
                                  "what would going up to enterprise get us?", "do you offer annual billing?",
                                  "if we stop using it, what happens to our videos?"])
def test_a_billing_question_changes_nothing(text):
    assert not conv.BILLING_CHANGE.search(text)


def test_a_task_for_a_general_assistant_is_not_a_secureai_question():
    assert conv.ASSISTANT_TASK.search("could you translate this paragraph into german for me?")
    assert conv.ASSISTANT_TASK.search("can you help me write a motivation letter for a job as security analyst")
    assert not conv.ASSISTANT_TASK.search("can i write a custom report for our legal team")
    assert not conv.ASSISTANT_TASK.search("how do i share a report with a client who reads only german")
    assert conv.ASSISTANT_TASK.search("can you translate 'thank you for your patience' into japanese?")
    assert not conv.ASSISTANT_TASK.search("how do i translate the report into german")
    assert conv.ASSISTANT_TASK.search("could you help me write a polite reply to a client who is angry with us?")
    assert not conv.ASSISTANT_TASK.search("i want to write a message to your support team about billing")


def test_someone_else_s_ticket_is_not_a_request_for_one():
    assert conv.WANTS_TICKET.search("can i open a ticket about the empty reports")
    assert not conv.WANTS_TICKET.search("my colleague open a support case last month, what answer did he get?")
    assert not conv.WANTS_TICKET.search("we already opened a case about this")


def test_requests_for_a_person_billing_changes_and_changes_of_mind_in_customers_words():
    assert conv.WANTS_PERSON.search("hello, somebody from staff please. our company wish closing the account")
    assert not conv.WANTS_PERSON.search("is anybody from your support around on weekends?")
    assert not conv.WANTS_PERSON.search("someone from our team deleted the report")
    assert conv.WANTS_PERSON.search("actually is anyone on chat right now? would be quicker to show someone")
    assert not conv.WANTS_PERSON.search("is anyone on chat at the weekend?")
    assert conv.BILLING_CHANGE.search("our company wish closing the whole secureai account, everything")
    assert conv.CHANGED_MIND.search("hmm wait, before you do anything. what happens to the old reports?")
    assert conv.CHANGED_MIND.search("wait dont bother, i think it's my laptop going to sleep")
    assert conv.CHANGED_MIND.search("hm actually before I do anything, what happens to our past reports?")
    # A question about how things are is not a request to change them.
    assert conv.ASKS_HOW_THINGS_ARE.match("is paying yearly cheaper than monthly? thinking about switching")
    assert not conv.ASKS_HOW_THINGS_ARE.match("please cancel our subscription at the end of the month")
    assert not conv.ASKS_HOW_THINGS_ARE.match("how do i cancel our plan")


def test_a_message_that_opens_with_a_question():
    assert conv.opens_with_question("do your chat people work on public holidays? monday is one here in the us")
    assert not conv.opens_with_question("someone logged in from russia. did you get hacked?")
    assert not conv.opens_with_question("what now")


@pytest.mark.parametrize("text", [
    "none of our 12 ppl can upload anythign since 9, every single video ends with server error",
    "for 3 hours every analysis anyone starts just sits at 0% processing, no result for anybody",
    "the whole secureai site shows only a white page for everybody in our newsroom",
    "40 batches sitting in 'queued' since yesterday evening, not one video has moved",
    "since this morning every call to your api comes back 401 invalid_token",
])
def test_a_failure_is_stated(text):
    assert conv.FAILURE.search(text)


@pytest.mark.parametrize("text", [
    "we run trust & safety at a dating app and get a few hundred selfie verification videos every evening",
    "our whole team of 40 analysts will start using secureai next month",
])
def test_a_big_number_is_not_a_failure(text):
    assert not conv.FAILURE.search(text)


@pytest.mark.parametrize("text, fell_for_it", [
    ("got an email from 'secureai-accounts.co' saying our account gets closed tonight unless I confirm my login "
     "on their link", False),
    ("received a text that my secureai licence is suspended, verify at some weird link. didn't click", False),
    ("got a mail saying our account would be closed, i typed my password on the page before i noticed the address",
     True),
    ("got an email to verify our account, i clicked and entered the 6 digit code", True),
])
def test_a_phishing_message_received_and_whether_anything_was_given_away(text, fell_for_it):
    assert conv.PHISHING_RECEIVED.search(text)
    assert bool(conv.GAVE_AWAY.search(text)) is fell_for_it


def test_a_problem_report_is_not_a_phishing_message():
    assert not conv.PHISHING_RECEIVED.search("our api key leaked on github and we see calls we didn't make")


@pytest.mark.parametrize("text", [
    "a freelancer we stopped working with in march logged in on saturday and downloaded the case files",
    "there are 12 exports in the history from sunday that nobody on our side made",
    "on the usage page there is an api key called old-ci. none of us knows that key",
    "someone signed in from an unknown device in lagos at 4am",
    "when i edit the id in a share link i get a report that belongs to another company",
    "we see someone else's videos in our list, with their client names",
    "two new admin accounts appeared in our org tonight. nobody on my team made them",
    "an api token downloaded the whole analyses list at 4am. nothing of ours runs at that hour",
    "my colleague typed her password on a fake login page from an email yesterday",
    "someone deleted 40 analyses overnight. the audit trail shows a user called svc-test that none of us ever created",
    "a contractor whose project ended two weeks ago still had an active login, the audit trail shows him downloading "
    "reports",
    "an analyst on holiday all week created two new api tokens at 03:10. she confirms it wasn't her",
    "the sign-in came from an ip range we don't own",
    "we stopped working with a freelance developer in march. the token he set up says 'last used: today 10:42'",
    "there's a user 'qa-temp2' that nobody on my team recognises",
    "the webhook endpoint in our settings points to https://hooks.analytics-relay.io which is not ours",
    "got a mail that my login email was changed to some gmail adress i dont know. i didnt change anyting",
    "the trash shows 300+ items deleted at 3:12 this morning, by my user. i was asleep",
    "a report was shared by link, the link shows 31 opens\nnobody here remembers sharing it",
    "changing the analysis id in a report link let him open a report from another bank",
    "a video editor who quit at the end of last month still shows up as the uploader on 3 analyses",
    "I typed my secureai password into a page from an 'account suspension' email yesterday",
    "this morning there's a phone in my mfa devices that isn't mine",
    "a contract analyst finished with us at the end of last month. her account downloaded 14 case reports at 1:07",
    "got a notice that my secureai password was reset. i did not request it",
    "there's a second mfa device on his profile that he never added",
    "the last sign-in on my account is from a city i have never been to",
    "exports this morning from tom's user. we offboarded him in october, how is he still in there?",
])
def test_signs_of_someone_getting_in_without_a_security_word(text):
    assert conv.tells_intrusion(text)


@pytest.mark.parametrize("text", [
    "how do i make sure a former employee can't sign in any more",
    "can other companies see our reports if they have the link?",
    "we were charged for 8 users we removed before the billing date",
    "i never created an account but sign up says my email is already registered",
    "my login is blocked as suspicious location, i'm travelling",
    "the header of our pdf reports shows another organisation's name template",
    "does the upload api support an idempotency key so we don't create duplicates",
    "we disabled a leaver in entra id and he still shows as active in the user list",
    "i was on holiday for two weeks and now i can't log in",
    "i was on holiday last week, where do i see what my team exported",
    "i changed my password yesterday and now the app logs me out",
    "our webhook endpoint stopped getting events since wednesday",
    "since 22:00 every call from our xsoar playbooks gets 403 forbidden. nobody changed the token",
    "why same video give 71% yesterday and 76% today? i did not change nothing on the file",
    "rather than cancelling, we'll still get the odd video from other clients. take us down to 3 seats",
    "an intern left in june, how do i remove her so she can't log in anymore",
    "we did not change anything on our side and the uploads fail since monday",
])
def test_prevention_questions_and_own_mistakes_are_not_intrusions(text):
    assert not conv.tells_intrusion(text)


def test_a_password_typed_where_it_belongs_is_not_given_away():
    assert not conv.tells_intrusion("i entered my password three times and it says wrong password")


def test_a_person_asked_for_with_a_typo():
    assert conv.WANTS_PERSON.search("can i just talk to somone about it")


@pytest.mark.parametrize("text, asks", [
    ("if something breaks on a saturday can i still chat with a human? we're on the cheapest plan", True),
    ("is there a real person on weekends or only the bot?", True),
    ("can i talk to a human please? this is the third time it fails tonight", False),
    ("i need a person now", False),
    ("when does your chat have real people? i mostly work evenings", True),
])
def test_whether_a_person_is_there_some_day_is_a_question_about_hours(text, asks):
    assert conv.asks_when_people_are_there(text) is asks


@pytest.mark.parametrize("text, stated", [
    ("since 7pm every request to your api gets a 502. uploading by hand in the web app works", True),
    ("40 batches queued since yesterday, not one moved. single uploads go through normally", True),
    ("we don't use the website at all, everything goes through the api and every call fails", False),
    ("nothing loads, the web app shows a 503 and the api times out", False),
    ("batch processing is completely down for us, no batch starts", True),
    ("every single analysis ends as failed. web upload, batch, doesn't matter", False),
])
def test_only_part_of_the_product_fails(text, stated):
    assert conv.only_part_fails(text) is stated


def test_this_rounds_customer_words():
    # sign-ins from where nobody of the customer's is; a former employee's GDPR request is not an intrusion
    assert conv.tells_intrusion("api calls with our production token from ips in brazil. our servers are only in "
                                "frankfurt, nobody of us is there")
    assert not conv.tells_intrusion("a former employee asks us to erase the video of her exit interview that we ran "
                                    "through you")
    assert conv.WIDE_IMPACT.search("every analysis fails with internal error for our whole recruiting team")
    assert conv.WIDE_IMPACT.search("all 40 of our analysts get a blank white page")
    assert conv.web_and_api_down("503 on both the api and the web app for our whole fraud unit")
    assert conv.only_part_fails("is your api having problems or is it us? a few calls come back 503")
    assert conv.ASSISTANT_TASK.search("can u help me wirte a bash script that renames 2000 files")
    assert not conv.ASSISTANT_TASK.search("can you write a python script that calls your api")
    assert not conv.ASSISTANT_TASK.search("writing a python script to send clips from our archive. what do i call to "
                                          "get the answer back")
    assert conv.follows_up("report_problem", "re-exported it, still the same error. can somebody look at the file?")
    assert not conv.follows_up("report_problem", "ah forget the ticket, it's back. how do i get an alert next time?")


def test_a_case_number_is_not_a_ticket_request():
    assert not conv.WANTS_TICKET.search("api gives me 409 when i submit a video with our case number as reference")
    assert conv.WANTS_TICKET.search("can you just open a support ticket for me please")


def test_threats_weighed_changes_and_who_is_hit():
    assert not conv.states_threat("the post is public i cheked")
    assert conv.states_threat("pushed a config file with our live api token to a public github repo")
    assert conv.states_threat("my colleague typed our password on a website that look like your login page")
    assert conv.tells_intrusion("report downloads yesterday evening by the account of a guy who left us in january")
    assert not conv.tells_intrusion("the owner login was our director's and he has already left")
    assert not conv.tells_intrusion("batch of 240 clips stuck on queued since 6pm yesterday, none started")
    assert conv.weighs_a_change("thinking about cancelling at the end of the year. do we lose all our reports?")
    assert not conv.weighs_a_change("can someone switch us to starter from the next renewal")
    assert conv.WIDE_IMPACT.search("saturday night and none of our analysts can sign in")
    assert conv.only_part_fails("every call comes back 413, web upload of the same files works")


def test_times_out_is_down():
    assert conv.web_and_api_down("the web app won't load and every api call times out with 504")
    assert conv.only_part_fails("our script polls every second and now we get 429 rate_limited all over")
    assert conv.ASSISTANT_TASK.search("write me a linkedin post about our new office opening, something fun")


def test_an_integration_failing_alone_is_only_part_of_the_product():
    assert conv.only_part_fails("nothing from secureai ever shows up in our arcsight logger, we're on udp 514")
    assert conv.only_part_fails("all the playbooks in our splunk soar that call secureai fail with 401 since 9")
    assert not conv.only_part_fails("all 40 analysts get a blank page on the web app and our soar playbooks get 503")


@pytest.mark.parametrize("text", [
    "any chance of a dark theme? the white pages hurt at night. where do i suggest that",
    "would love bulk tagging. who do i tell about ideas like that?",
    "how can we ask you for a connector to our ticketing tool",
    "is there a feature request board",
    "where do I leave a rating for the agent who fixed our sso last week?",
])
def test_where_an_idea_goes_is_asked_in_many_words(text):
    assert conv.ASKS_WHERE_FEEDBACK_GOES.search(text)


def test_getting_something_back_is_not_an_idea():
    assert not conv.ASKS_WHERE_FEEDBACK_GOES.search("a colleague deleted 40 analyses. any chance of getting them back?")


def test_intrusion_told_as_a_leaver_s_uploads_or_a_session_that_was_not_me():
    assert conv.tells_intrusion("audit trail shows uploads from tom.berg's user at 03:10 tonight. tom left globex in "
                                "february")
    assert conv.tells_intrusion("now my profile shows a session from romania, thats not me")
    assert not conv.tells_intrusion("the file i uploaded was not mine, a colleague sent it to me")


def test_the_web_app_and_the_customer_s_scripts_failing_is_the_whole_platform():
    assert conv.web_and_api_down("every page after login says 'something went wrong (500)' and our scripts get 500s")
    assert conv.CHANGED_MIND.search("oh hang on, it's a .ts file. i'll convert it myself, how do i do that?")


def test_a_limit_quoted_is_not_the_customer_s_file_size():
    assert conv.file_size_mb("your site say limit is 500 mb. my file is 0,52 GB so why it say too large??") == 532.48
    assert conv.file_size_mb("my 700mb file fails, the limit is 500mb right?") == 700


@pytest.mark.parametrize("text, hours, line", [
    ("if i wrte agent in here on a sunday does an actual person answr or no", True, False),
    ("on the starter plan can i call you on the phone? im not a chat person", False, True),
    ("is there a phone number for support", False, True),
    ("can i talk to a real person", False, False),
])
def test_a_question_about_when_or_how_people_answer_is_not_a_request_for_one_now(text, hours, line):
    assert conv.asks_when_people_are_there(text) is hours
    assert bool(conv.ASKS_FOR_A_LINE.search(text)) is line


def test_roles_inside_the_organisation_but_not_provisioning_them_automatically():
    assert conv.about_roles("our recruiters get 'you don't have permission' when they try to upload interviews")
    assert conv.about_roles("since yesterday 3 of our analysts come in through okta as Viewer instead of Analyst")
    assert not conv.about_roles("we want okta groups to become secureai roles automatically")
    assert not conv.about_roles("token has analysis:write, nobody changed any roles. still 403 on everything")


def test_a_status_code_is_a_failure_but_a_port_or_a_count_is_not():
    assert conv.FAILURE.search("every call comes back 503 since noon")
    assert conv.FAILURE.search("my upload dies around 60% every single time")
    assert not conv.FAILURE.search("our smartconnector listens on 514 udp right now")
    assert not conv.FAILURE.search("i get an email for every single finished analysis, like 200 a day")


def test_a_password_typed_after_a_phishing_mail_is_an_intrusion():
    assert conv.tells_intrusion("stupid me. got a 'verify your secureai login' mail and typed my password on that page")


def test_a_short_question_about_what_came_before():
    assert conv.refers_back("where do i put it")
    assert conv.refers_back("is there an app for that")
    assert not conv.refers_back("where do i put our PO number so it prints on invoices?")


@pytest.mark.parametrize("text, wide", [
    ("the dashboard won't load for anyone at globex", True),
    ("the login page throws a 500 error for every one of them", True),
    ("app.secureai.com times out in every branch, over two networks", True),
    ("nine people so far, on different machines", True),
    ("all the analysis are failing for all my team", True),
    ("every video says analysis failed, 6 operators", True),
    ("the dashboard won't load for me", False),
])
def test_who_is_affected_in_customers_words(text, wide):
    assert bool(conv.WIDE_IMPACT.search(text)) is wide


@pytest.mark.parametrize("text, failure", [
    ("nobody on our team can log in since 9", True),
    ("none of our videos upload since this morning", True),
    ("we've got a viral video with a caption in amharic and nobody on shift today reads it", False),
    ("three producers join next week and none of them has used anything like secureai before", False),
])
def test_nobody_is_a_failure_only_with_what_fails(text, failure):
    assert bool(conv.FAILURE.search(text)) is failure


def test_activity_nobody_did_is_a_threat():
    assert conv.states_threat("we got an alert our admin password was changed. none of us did it")
    assert conv.states_threat("one of our analysts left her work laptop in a cab last night, still signed in")
    assert conv.web_and_api_down("the dashboard won't load and the api gives 503 to all our integrations too")


@pytest.mark.parametrize("text, setting_up", [
    ("our sso test keeps failing with 'audience mismatch'. we're setting up ping for a pilot group, nobody is locked "
     "out", True),
    ("how do i set up sso with our keycloak?", True),
    ("our idp cert rolled over tonight and every analyst trying to sign in through sso gets 'invalid signature'",
     False),
    ("it says my email is managed by single sign-on, but we never set up any sso", False),
])
def test_an_identity_provider_being_set_up_with_nobody_kept_out(text, setting_up):
    assert conv.sets_up_identity_provider(text) is setting_up


def test_what_an_automation_should_do_is_neither_an_incident_nor_a_ticket_request():
    playbook = ("want our splunk soar playbook to send video attachments from emails to you and open a case if its "
                "high risk")
    assert conv.DESCRIBES_A_PLAN.search(playbook)
    assert not conv.WANTS_TICKET.search(playbook)
    assert not conv.DESCRIBES_A_PLAN.search("all the playbooks that call secureai started failing with 401")


def test_context_that_only_sounds_alarming():
    # one person's problem while the others are fine
    assert conv.ONLY_ME.search("one of our journalists can't sign in, 'account deactivated'. the others enter normal")
    # a fraud team's work is no fraud
    assert not conv.THREAT.search("internal audit is doing their quarterly review of our fraud tooling on monday")
    assert conv.THREAT.search("we think it's fraud: someone changed the payout details")
    # a runbook being written is a plan
    assert conv.DESCRIBES_A_PLAN.search("i'm writing the incident runbook for our analysts, what to expect when "
                                        "something breaks")


def test_password_guessing_told_without_the_word():
    assert conv.tells_password_guessing("overnight 300 failed logins on our admin accounts from many strange ips, "
                                        "nobody got in as far as we can tell")
    assert conv.tells_password_guessing("lots of wrong password attempts from different countries since 2 hours")
    assert not conv.tells_password_guessing("how do i see failed logins from unknown countries?")
    assert not conv.tells_password_guessing("i typed a wrong password 5 times and now i'm locked out")


def test_words_that_look_like_another_request():
    assert conv.ASSISTANT_TASK.search("could your tool generate a deepfake of our ceo for the christmas party?")
    assert not conv.ASSISTANT_TASK.search("we make deepfakes for staff training, can secureai detect them?")
    assert not conv.SALES.search("the invoice has us sales tax on it but we are a uk company")
    assert conv.SALES.search("can i talk to sales about 40 seats")
    assert not conv.WANTS_TICKET.search("i have opened a ticket yesterday and lost the number, where do i find it?")
    assert conv.about_roles("after the directory sync everyone came back as viewers")


def test_the_web_app_down_for_everyone():
    assert conv.web_app_down_for_all("nothing loads for anyone here, app.secureai.com just times out")
    assert not conv.web_app_down_for_all("the web app won't load for me, the others are fine")


def test_words_about_speed():
    assert conv.SPEED.search("every comprehensive analysis takes 40 min since thursday")
    assert conv.SPEED.search("is there a concurrency limit for analyses?")
    assert not conv.SPEED.search("the red stripe under the player is wrong again")
    assert not conv.FAILURE.search("the audio score in the breakdown shows 0 on every video")


def test_a_person_asked_for_after_the_ticket_is_wanted_on_it():
    assert conv.follows_up("human_handoff", "can a real person look at this please, i dont have time for docs")
    assert not conv.follows_up("ask_howto", "how do i export the audit trail?")


def test_a_data_protection_request_told_without_a_threat():
    assert conv.PRIVACY_DUTY.search("a company ran a clip of me through your checker, i want that footage wiped")
    assert conv.PRIVACY_DUTY.search("under gdpr she asks us to erase everything we hold")
    assert not conv.PRIVACY_DUTY.search("please delete the failed uploads from our list")
    assert conv.tells_intrusion("we let an analyst go on friday and he was still in our secureai today")


def test_more_customer_words_for_known_situations():
    assert conv.tells_password_guessing("300 failed logins overnight on our admin from ips all over the place")
    assert conv.CHANGED_MIND.search("wait nvm, found the recovery codes")
    assert conv.asks_when_people_are_there("if something breaks on a saturday can we still get a real person in chat "
                                           "or is it just you")
    assert conv.WIDE_IMPACT.search("nothing has finished in 4 hours, the whole soc is blind")


def test_an_api_only_customer_and_an_identity_provider_being_moved_to():
    assert not conv.web_and_api_down("every api call returns 503 since 1am. we are api only, nobody uses the web app, "
                                     "so we are completely dead")
    assert conv.sets_up_identity_provider("we are moving our 60 users from passwords to entra id sso next week and "
                                          "want to plan it so nobody gets locked out")
    assert not conv.sets_up_identity_provider("since we moved to okta sso this morning nobody can log in")
    assert conv.ticket_subject(None, "hi, here. every api batch fails since 9pm") == "every api batch fails since 9pm"


def test_errors_frustration_and_shopping_are_not_what_they_sound_like():
    assert not conv.THREAT.search("the sentinel connector test event fails with 'unauthorized'")
    assert conv.THREAT.search("an unauthorized admin account appeared and exported reports")
    assert not conv.FAILURE.search("this is not acceptable, i am working on sunday night because of you")
    assert conv.FAILURE.search("the dashboard is not loading")
    assert conv.ASSISTANT_TASK.search("any tips for a decent usb mic for podcasting under 100 bucks?")
    assert not conv.ASSISTANT_TASK.search("any good way to check clips under 500 mb quickly?")
    assert conv.web_app_down_for_all("we can all log in but then every single page says 500. all 14 of us")
    assert conv.kept_out_of_sign_in("since 9 nobody can log in")
    assert not conv.web_app_down_for_all("all our api calls return 503. nobody uses the web app, we are dead")
