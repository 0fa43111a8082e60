"""Answer first: every question or problem statement goes to the help centre before the bot
asks anything; a serious problem (triage P1/P2) gets a person offered at once; "I can only
help with SecureAI" and "I didn't get that" only when the search found nothing."""
from __future__ import annotations

import asyncio

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import common, handover
from actions import conversation as conv
from actions.common import RULES, URGENT

# Intents whose message states a problem (triaged for a person); how-to questions are P4 by nature.
# A message the intent model could not place (nlu_fallback) is triaged too: "none of our 12 ppl can
# upload anythign since 9, every single video ends with server error" fell back at 0.40.
PROBLEM_INTENTS = {"report_problem", "upload_problem", "create_ticket", "inform", "security_incident", "outage",
                   "frustrated", "billing_account_change", "nlu_fallback"}


def good_hits(hits: list[dict], reading: dict | None = None) -> list[dict]:
    """Hits that answer: a score from ``min_article_score`` up, from ``min_agreeing_score``
    up when its subject is the category that the triage of the same words reads (``article_categories``; `general`
    agrees with nothing: it names no subject), or from ``min_score_when_similar`` up when the article is close in
    meaning (``min_similarity``)."""
    category = (reading or {}).get("category")
    return [hit for hit in hits if hit.get("score", 0) >= RULES["min_article_score"]
            or (category not in (None, "general") and common.category_of_article(hit["id"]) == category
                and hit.get("score", 0) >= RULES["min_agreeing_score"])
            or ((hit.get("similarity") or 0) >= RULES["min_similarity"]
                and hit.get("score", 0) >= RULES["min_score_when_similar"])]


def off_topic(parse_data: dict) -> bool:
    """The intent model is sure the message is not about SecureAI: only a strong hit answers it."""
    intent = (parse_data or {}).get("intent") or {}
    return intent.get("name") == "out_of_scope" and (intent.get("confidence") or 0) >= RULES["min_off_topic_confidence"]


def sure(result: dict, priorities: tuple = ("P1", "P2")) -> bool:
    return (result.get("priority") in priorities
            and (result.get("priority_confidence") or 0) >= RULES["min_priority_confidence"])


def asks_or_only_me(text: str) -> bool:
    """A question about a problem ("is it down?") or one only the customer has ("won't load for me")."""
    return conv.is_question(text) or bool(conv.ONLY_ME.search(text) and not conv.WIDE_IMPACT.search(text))


def security_share(reading: dict) -> float:
    """How much of the triage's category reading is security (its top label or an alternative)."""
    if reading.get("category") == "security":
        return reading.get("category_confidence") or 0.0
    return next((share for label, share in reading.get("category_alternatives") or [] if label == "security"), 0.0)


def urgent_reason(intent: str, text: str, reading: dict, hits: list[dict], problem: str = "",
                  alarm: str | None = None) -> str | None:
    """security_incident / outage when this must reach a person at once, else None.

    The intent model names the incident; the triage of the words confirms it, so a question
    that only sounds alarming ("what number do we call if it's down?") gets its article.
    A security incident told in full, that the intent model is sure of (``min_urgent_intent_confidence``,
    checked by the caller), needs no confirmation: triage, trained on tickets, reads a vulnerability
    report ("changed the id in a report link and got another company's PDF") as general P3.
    Triage alone escalates only a problem told in a few words at least: on a bare topic
    ("close our account", "export all our data") the ticket-trained model reads P1 security.
    ``alarm``: the intent model's likeliest reading, however unsure; a security incident it names
    that triage files as security too (P1-P3) is one: the two models agree."""
    said = problem or text
    if conv.tells_intrusion(said) or conv.tells_password_guessing(said):
        return "security_incident"  # the labelling guide's suspected breach or spraying, whatever the models read
    if hits and asks_or_only_me(text):
        return None  # "is it down?", "won't load for me": the article first (P1/P2 still get a person offered)
    if conv.PHISHING_RECEIVED.search(said) and not conv.GAVE_AWAY.search(said):
        return None  # a phishing message that nobody fell for: the labelling guide's question, the article first
    if conv.DESCRIBES_A_PLAN.search(said):
        return None  # what a playbook should do with a phishing mail, a runbook being written: how-tos, not incidents
    told = conv.is_descriptive(said, words=RULES["min_words_for_triage_alone"])
    security = (reading.get("category") == "security" and reading.get("priority") in ("P1", "P2")
                and (reading.get("category_confidence") or 0) >= RULES["min_priority_confidence"])
    partial = conv.only_part_fails(said)  # the labelling guide's P2: a person offered, after hours a ticket
    # Neither model's security reading is an incident without a threat or a failure in the words ("the post is
    # public i cheked", of a tiktok link that would not upload: security_incident 0.69 and security P2).
    threat = conv.states_threat(said)
    if intent in URGENT and (security or reading.get("priority") in ("P1", "P2") or not reading):
        if security or intent == "security_incident":
            return "security_incident" if threat else None
        if not partial:
            return "outage"
    if intent == "security_incident" and told and threat:
        return "security_incident"
    if intent not in URGENT and conv.BILLING_CHANGE.search(text):
        # "we want to end our contract, budget got cut", "our company wish closing the whole secureai
        # account": triage, trained on tickets, reads ending an account as P1/P2 security
        return None
    # Triage alone does not make a question an incident: it read "do your chat people work on public
    # holidays? monday is one here and we have a big review that day" as security P2 at 0.92.
    # Nor a message that states no threat and nothing wrong: "1) we want a big counter of today's critical results on
    # the soc wall tv 2) our auditors ask in which country the videos are stored" read security P2 at 0.97 to triage.
    if security and told and not conv.opens_with_question(text) and threat:
        return "security_incident"
    # Neither model sure alone, both name it: "my work laptop got stolen, i was signed in on it" reads
    # security_incident 0.48 and security P3 (precautionary incidents sit between P2 and P3). A P4 is
    # a question, however it is typed ("do you train your AI on our videos? and where is our data").
    # Triage need not rank security first, only give it a fair share: a laptop left in a taxi while signed
    # in reads security_incident 0.54 and account_access 0.52 / security 0.48 at P2.
    if (alarm == "security_incident" and told and threat and reading.get("priority") != "P4"
            and security_share(reading) >= RULES["min_security_share"]):
        return "security_incident"
    # A failure stated (not asked about) is a problem report whatever the intent model read ("every
    # single video we analyse ends with 'analysis failed'. All four of us..." read as a how-to). A failure must be
    # stated: triage, trained on tickets that all report one, read volume ("a few hundred videos every evening") P1.
    reported = not conv.is_question(text) and bool(conv.FAILURE.search(said)) and not partial
    roles = conv.about_roles(said)  # a directory sync that made everyone a viewer: the labelling guide's P2, no outage
    if reported and sure(reading, ("P1",)) and told and not roles:
        return "outage"
    # The web app and the API failing together is the whole platform, whoever triage thinks is affected
    # ("app.secureai.com and the API both time out, in every branch" read account_access P2 to triage).
    if reported and told and conv.web_and_api_down(said) and not conv.ONLY_ME.search(said):
        return "outage"
    # ... and so is the web app failing for everyone, however unsure triage is of it ("nothing loads for anyone at
    # example corp. app.secureai.com just times out" read P3).
    if reported and told and conv.web_app_down_for_all(said) and not roles:
        return "outage"
    # The whole team stopped: an outage for this customer (the support design's "unusable for all
    # users"), at P1 or P2, however sure triage is of which of the two.
    # A whole team kept out at P2 is not one: the labelling guide's own example of P2 ("a whole team unable to
    # sign in", usually the customer's identity provider), a person promptly and after hours a ticket; unless our
    # server says it failed ("the login page throws a 500 error for every one of them").
    kept_out = reading.get("priority") == "P2" and reading.get("category") == "account_access"
    if (reported and told and reading.get("priority") in ("P1", "P2") and conv.WIDE_IMPACT.search(said)
            and not (kept_out and not conv.SERVER_ERROR.search(said)) and not roles):
        return "outage"
    return None


async def lead_with(question: str, hits: list[dict]) -> list[dict]:
    """``hits`` led by the article that answers ``question``: the customer's own words describe what they saw (the
    feature they would like, the mail they got) and the search finds the articles about that."""
    first = good_hits(await common.search(question))[:1]
    return first + [hit for hit in hits if hit["id"] not in {lead["id"] for lead in first}]


async def answer(dispatcher: CollectingDispatcher, tracker: Tracker, intent: str, text: str) -> list[EventType] | None:
    """Search (and triage) the problem; the events of the answer given, or None when nothing fits."""
    problem = "\n".join(common.problem_messages(tracker)) or text
    # "where do i put it", after "procurement needs our PO number printed on the invoices": searched with what it
    # refers to (the help centre has nothing on "where do i put it" alone)
    query = f"{common.previous_message(tracker)}\n{text}" if conv.refers_back(text) else text
    hits, reading = await asyncio.gather(common.search(query),
                                         common.triage(problem))
    hits = good_hits(hits, reading)
    if conv.ASKS_WHERE_FEEDBACK_GOES.search(text):
        hits = await lead_with(RULES["feedback_question"], hits)
    if conv.PHISHING_RECEIVED.search(problem) and not conv.GAVE_AWAY.search(problem):
        hits = await lead_with(RULES["phishing_question"], hits)
    if off_topic(tracker.latest_message):
        hits = [hit for hit in hits if hit.get("score", 0) >= RULES["min_score_when_off_topic"]]
    events: list[EventType] = [SlotSet("searched", True), SlotSet("misses", 0.0),
                               SlotSet("triage_priority", reading.get("priority"))]
    reason = urgent_reason(intent, text, reading, hits, problem,
                           alarm=(tracker.latest_message.get("intent") or {}).get("name"))
    if reason:
        dispatcher.utter_message(response="utter_urgent")
        handed = await handover.hand_off(dispatcher, tracker, reason)
        if handover.asks_contact(handed):
            return events + handed + [SlotSet("goal", "person")]
        return events + handed + [SlotSet("goal", None)]
    # A billing change told after a long introduction leaves the intent model unsure ("...moved the work in-house, so
    # we'd like to cancel our subscription" read nlu_fallback, billing_account_change 0.38 next): the words decide.
    billing = intent == "billing_account_change" or (
        intent == "nlu_fallback" and "billing_account_change" in common.likeliest_intents(tracker.latest_message)
        and bool(conv.BILLING_CHANGE.search(text)))
    if (billing and (conv.BILLING_CHANGE.search(text) or not hits)
            and not (hits and (conv.ASKS_HOW_THINGS_ARE.match(text) or conv.weighs_a_change(text)))):
        return events + [SlotSet("goal", "person")]  # a change to the account: a person makes it
    if intent in PROBLEM_INTENTS and sure(reading) and not tracker.get_slot("person_offered"):
        if hits:
            common.offer_article(dispatcher, hits, RULES["second_article_share"])
            events.append(SlotSet("offered_article", hits[0]["id"]))
        dispatcher.utter_message(response="utter_offer_person")
        return events + [SlotSet("pending", "person_offer"), SlotSet("person_offered", True), SlotSet("goal", None)]
    if not hits:
        return None
    common.offer_article(dispatcher, hits, RULES["second_article_share"])
    common.yes_no(dispatcher)
    return events + [SlotSet("pending", "article_solved"), SlotSet("offered_article", hits[0]["id"]),
                     SlotSet("goal", None)]


class ActionAnswer(Action):
    """A question, a problem, or a message the intent model did not place: the help centre first."""

    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent = tracker.latest_message.get("intent", {}).get("name") or "nlu_fallback"
        if intent in ("account_status", "ticket_status"):
            # passed on by the account flow (a reading it was unsure of, an intrusion) or the ticket status (a person
            # asked for): a message like any other
            intent = "nlu_fallback"
        if intent == "bot_challenge":  # "are you a bot?", or "is there a real person on sundays?": the hours
            text = tracker.latest_message.get("text") or ""
            if conv.asks_when_people_are_there(text):
                return await support_info(dispatcher, text, hours=True) + [SlotSet("goal", None)]
            dispatcher.utter_message(response="utter_iamabot")
            return [SlotSet("goal", None)]
        if tracker.get_slot("open_ticket"):
            said = conv.without_contacts(tracker.latest_message.get("text") or "")
            if conv.follows_up(intent, said):  # onto the ticket this conversation opened (the details form)
                person = intent in ("frustrated", "human_handoff") or bool(conv.WANTS_PERSON.search(said))
                return [SlotSet("goal", "person" if person else "ticket"), SlotSet("searched", True)]
            # A new question: a new problem, answered from the help centre like the first.
            return [SlotSet("open_ticket", None)] + await self.respond(dispatcher, tracker, intent)
        return await self.respond(dispatcher, tracker, intent)

    @staticmethod
    async def respond(dispatcher: CollectingDispatcher, tracker: Tracker, intent: str) -> list[EventType]:
        if intent in URGENT and not common.urgent_intent(tracker.latest_message):
            intent = "report_problem"  # an unsure alarm: the article first, triage may still bring a person
        if intent == "frustrated":  # the support design's frustration trigger, when the intent model is sure of it
            if (tracker.latest_message.get("intent", {}).get("confidence") or 0) >= RULES["min_frustrated_confidence"]:
                return [SlotSet("goal", "person")]
            intent = "report_problem"  # "never used this before. fastest way to check a clip?" read 0.42 frustrated
        said = tracker.latest_message.get("text") or ""
        text = "" if said.startswith("/") else conv.without_contacts(said)  # a button's payload has no words to search
        # "if i write agent on a sunday does an actual person answer?", "can i call you on the phone? im not a chat
        # person": the hours or the contacts, not a person now.
        hours = conv.asks_when_people_are_there(text)
        asks_for_one = intent == "human_handoff" or conv.WANTS_PERSON.search(text)
        if (hours or conv.ASKS_FOR_A_LINE.search(text)) and asks_for_one:
            return await support_info(dispatcher, text, hours=hours) + [SlotSet("goal", None)]
        if intent == "human_handoff":
            return [SlotSet("goal", "person"), SlotSet("searched", True)]
        if intent == "inform" and not text:  # only an email or a number: kept for when a ticket needs it
            dispatcher.utter_message(response="utter_how_else_can_i_help")
            return [SlotSet("goal", None)]
        if intent == "upload_problem" and not conv.is_specific_upload_problem(text):
            # the support design's troubleshooting, with its article
            article = conv.UPLOAD_HELP["upload_failures_article"]
            dispatcher.utter_message(response="utter_ask_upload_error", link=common.article_link(article))
            return [SlotSet("goal", None), SlotSet("offered_article", article)]
        if conv.WANTS_TICKET.search(text):  # "just log a ticket please: ..." is a request, not a question
            return [SlotSet("goal", "ticket"), SlotSet("searched", True)]
        if conv.WANTS_PERSON.search(text):  # "is anyone there? i need a human about..."
            return [SlotSet("goal", "person"), SlotSet("searched", True)]
        if conv.ASSISTANT_TASK.search(text):  # "could you translate this paragraph into german for me?"
            dispatcher.utter_message(response="utter_out_of_scope")
            return [SlotSet("goal", None)]
        urgent = intent in URGENT or intent == "billing_account_change"
        searchable = conv.is_descriptive(text, words=RULES["min_words_to_search"])  # "okta sso", "forgot my password"
        answered = await answer(dispatcher, tracker, intent, text) if urgent or searchable else None
        if answered is not None:
            return answered
        # Right after a misunderstanding, words the intent model takes for off-topic are the customer still
        # explaining ("it happen again with the second one" / "same like before. with the marks on it"):
        # a second misunderstanding, which brings a person, not "I can only help with SecureAI".
        still_explaining = intent == "out_of_scope" and bool(tracker.get_slot("misses"))
        if intent == "out_of_scope" and not still_explaining:
            dispatcher.utter_message(response="utter_out_of_scope")
            return [SlotSet("goal", None)]
        if intent in ("nlu_fallback", "inform") or still_explaining:
            misses = (tracker.get_slot("misses") or 0) + 1
            if misses >= RULES["misunderstandings_before_person"]:
                dispatcher.utter_message(response="utter_misunderstood_twice")
                return [SlotSet("misses", 0.0), SlotSet("goal", "person")]
            dispatcher.utter_message(response="utter_rephrase")
            return [SlotSet("misses", misses), SlotSet("goal", None)]
        # A problem or question the help centre has nothing on: the team takes it as a ticket.
        if conv.is_descriptive(text):
            dispatcher.utter_message(response="utter_no_article")
        return [SlotSet("goal", "ticket"), SlotSet("searched", conv.is_descriptive(text))]


class ActionAcceptOffer(Action):
    """"Yes" to a person or to a ticket: what the details form works towards."""

    def name(self) -> str:
        return "action_accept_offer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        goal = "person" if tracker.get_slot("pending") == "person_offer" else "ticket"
        return [SlotSet("goal", goal), SlotSet("pending", None)]


class ActionCloseQuestion(Action):
    """The customer's answer closes the question: solved, not solved (a person is offered, once),
    no person, no ticket, no status email."""

    def name(self) -> str:
        return "action_close_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        pending = tracker.get_slot("pending")
        said_no = tracker.latest_message.get("intent", {}).get("name") == "deny"
        if pending == "article_solved" and said_no:
            if tracker.get_slot("person_offered"):
                dispatcher.utter_message(response="utter_person_any_time")
                return [SlotSet("pending", None), SlotSet("article_answered", True)]
            dispatcher.utter_message(response="utter_offer_person_after_article")
            return [SlotSet("pending", "person_offer"), SlotSet("person_offered", True), SlotSet("article_answered",
                                                                                                 True)]
        if pending == "person_offer":
            if tracker.get_slot("offered_article") and not tracker.get_slot("article_answered"):
                common.yes_no(dispatcher)
                return [SlotSet("pending", "article_solved")]
            dispatcher.utter_message(response="utter_person_any_time")
            return [SlotSet("pending", None)]
        if pending == "status_offer":
            dispatcher.utter_message(response="utter_how_else_can_i_help")
            return [SlotSet("pending", None)]
        await common.record_outcome(tracker, "self_service")
        if pending == "ticket_offer":
            dispatcher.utter_message(response="utter_self_service")
            return [SlotSet("pending", None)]
        dispatcher.utter_message(response="utter_glad")
        return common.clear_problem()


class ActionSupportInfo(Action):
    """Chat hours and contacts (by the customer's tier), with the article that has them all."""

    def name(self) -> str:
        return "action_support_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return await support_info(dispatcher, tracker.latest_message.get("text") or "",
                                  hours=tracker.latest_message.get("intent", {}).get("name") == "ask_hours")


async def support_info(dispatcher: CollectingDispatcher, text: str, hours: bool) -> list[EventType]:
    """The chat hours or the contacts, with the help centre's contact-support article that fits the
    question best (response times, phone support, the hotline...), else the one with every hour and address."""
    hits = good_hits(await common.search(text))  # no triage: contacts only
    article = next((h["id"] for h in hits if h["id"].startswith("contact-support/")),
                   "contact-support/hours-and-contacts")
    dispatcher.utter_message(response="utter_chat_hours" if hours else "utter_contact",
                             link=common.article_link(article))
    return [SlotSet("offered_article", article)]
