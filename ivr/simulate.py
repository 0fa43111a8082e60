"""Play a phone call against the IVR the way Twilio would, and show what the caller hears.

The simulator sends correctly signed webhooks (``X-Twilio-Signature``), executes
the TwiML it gets back (``<Say>``, ``<Play>``, ``<Gather>``, ``<Redirect>``,
``<Enqueue>`` with its wait URL, ``<Dial>``, ``<Record>`` with its transcription
callback, ``<Leave>``, ``<Hangup>``) and ends with the call's status callback.
The caller's inputs come from a list (tests, ``--script``) or from the keyboard.

An input is digits (``2``), speech (``say:my uploads fail``, or any text that is not
digits), a voicemail (``record:please call me back``) or silence (``-`` or empty).
"""
from __future__ import annotations

import itertools
import secrets
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPSConnection
from urllib.parse import urlencode, urljoin, urlsplit

from twilio.request_validator import RequestValidator

MAX_DOCUMENTS = 60  # a call that fetches more TwiML than this is looping
WORDS_PER_SECOND = 2.5  # text-to-speech at about 150 words a minute


class CallFailed(Exception):
    """Twilio would have played its "application error" message here."""


@dataclass
class Heard:
    kind: str  # say | play | pause | input | queue | dial | record | hangup | event
    text: str

    def __str__(self) -> str:
        marks = {"say": "", "input": "  > ", "hangup": "[hangup] "}
        return marks.get(self.kind, f"[{self.kind}] ") + self.text


@dataclass
class Call:
    """The record of one simulated call."""

    sid: str
    heard: list[Heard] = field(default_factory=list)
    requests: list[tuple[str, dict, str]] = field(default_factory=list)  # (url, params, twiml)
    #: Estimated seconds from the first ring to entering a queue (None: never queued).
    queued_after: int | None = None

    def said(self) -> str:
        return " ".join(h.text for h in self.heard if h.kind == "say")

    def kinds(self) -> list[str]:
        return [h.kind for h in self.heard]


def _speaking_time(text: str) -> int:
    return max(1, round(len(text.split()) / WORDS_PER_SECOND))


class Transport:
    """Sends a signed, form-encoded POST and returns (status, body)."""

    def __init__(self, base_url: str, auth_token: str, post: Callable[[str, dict, dict], tuple[int, str]]):
        self.base_url = base_url.rstrip("/") + "/"
        self.validator = RequestValidator(auth_token)
        self._post = post

    def absolute(self, url: str, current: str | None = None) -> str:
        return urljoin(current or self.base_url, url)

    def send(self, url: str, params: dict) -> tuple[int, str]:
        headers = {"X-Twilio-Signature": self.validator.compute_signature(url, params)}
        try:
            return self._post(url, params, headers)
        except OSError as exc:  # refused, timed out: Twilio would give up on the call too
            raise CallFailed(f"{url}: {exc}") from exc


def http_transport(base_url: str, auth_token: str, timeout: float = 15.0) -> Transport:
    """Against a running service (Twilio gives up after 15 s too); one connection per
    webhook, as Twilio makes them."""

    def post(url: str, params: dict, headers: dict) -> tuple[int, str]:
        parts = urlsplit(url)
        connection_class = HTTPSConnection if parts.scheme == "https" else HTTPConnection
        connection = connection_class(parts.hostname, parts.port, timeout=timeout)
        try:
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            connection.request("POST", target, urlencode(params),
                               {**headers, "Content-Type": "application/x-www-form-urlencoded"})
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    return Transport(base_url, auth_token, post)


def app_transport(app, base_url: str = "http://localhost") -> Transport:
    """Against a Flask app in this process (its test client)."""
    client = app.test_client()
    token = app.config["SETTINGS"].twilio_auth_token

    def post(url: str, params: dict, headers: dict) -> tuple[int, str]:
        response = client.post(url, data=params, headers=headers)
        return response.status_code, response.get_data(as_text=True)

    return Transport(base_url, token, post)



class Simulator:
    """One call: ``Simulator(transport, inputs=["2", "say:my API returns 401"]).run()``.

    ``agent``: what happens in a queue once the wait music has played
    ``wait_rounds`` times: ``answers`` (bridged) or ``none`` (the caller hangs up).
    ``dial``: the outcome of a ``<Dial>`` (``completed``, ``no-answer``, ``busy``).
    """

    def __init__(
        self,
        transport: Transport,
        inputs: Iterable[str] | None = None,
        ask: Callable[[str], str] | None = None,
        caller: str = "+15550100001",
        called: str = "+18007328734",
        call_sid: str | None = None,
        agent: str = "answers",
        dial: str = "completed",
        wait_rounds: int = 1,
        echo: Callable[[str], None] | None = None,
        entry: str = "/ivr/incoming",
        status_callback: str = "/ivr/status",
        answer_params: dict | None = None,
    ):
        self.transport = transport
        self.inputs = iter(inputs) if inputs is not None else None
        self.ask = ask
        self.caller = caller
        self.called = called
        self.agent = agent
        self.dial_outcome = dial
        self.wait_rounds = wait_rounds
        self.echo = echo
        self.entry = entry
        self.status_callback = status_callback
        self.answer_params = answer_params or {}  # what Twilio adds on answering (AnsweredBy, Direction)
        self.call = Call(sid=call_sid or "CA" + secrets.token_hex(16))
        self.seconds = 0
        self._ended = False

    # -- what the caller hears and does -------------------------------------------------
    def _hear(self, kind: str, text: str) -> None:
        heard = Heard(kind, text)
        self.call.heard.append(heard)
        if self.echo:
            self.echo(str(heard))

    def _next_input(self, prompt: str) -> str:
        if self.inputs is not None:
            value = next(self.inputs, None)
            if value is not None:
                return value.strip()
            if self.ask is None:
                return "-"
        if self.ask is None:
            return "-"
        try:
            return self.ask(prompt).strip()
        except EOFError:
            return "-"

    # -- requests ---------------------------------------------------------------------
    def _params(self, extra: dict | None = None) -> dict:
        params = {
            "CallSid": self.call.sid,
            "AccountSid": "AC" + "0" * 32,
            "From": self.caller,
            "To": self.called,
            "Direction": "inbound",
            "CallStatus": "in-progress",
            "ApiVersion": "2010-04-01",
        }
        params.update(extra or {})
        return params

    def _fetch(self, url: str, current: str | None, extra: dict | None = None) -> tuple[str, ET.Element]:
        absolute = self.transport.absolute(url, current)
        params = self._params(extra)
        status, body = self.transport.send(absolute, params)
        self.call.requests.append((absolute, params, body))
        if status != 200:
            raise CallFailed(f"{absolute} answered HTTP {status}")
        try:
            root = ET.fromstring(body)
        except ET.ParseError as exc:
            raise CallFailed(f"{absolute} answered something that is not TwiML: {exc}") from exc
        if root.tag != "Response":
            raise CallFailed(f"{absolute} answered <{root.tag}>, not <Response>")
        return absolute, root

    def _callback(self, url: str, current: str, extra: dict) -> None:
        """A request whose answer Twilio ignores (transcription, status); still must not fail."""
        absolute = self.transport.absolute(url, current)
        params = self._params(extra)
        status, body = self.transport.send(absolute, params)
        self.call.requests.append((absolute, params, body))
        if status >= 400:
            raise CallFailed(f"callback {absolute} answered HTTP {status}")

    # -- the call -----------------------------------------------------------------------
    def run(self) -> Call:
        self._hear("event", f"call {self.call.sid} from {self.caller}")
        document = self._fetch(self.entry, None, {"CallStatus": "ringing", **self.answer_params})
        documents = 1
        while document is not None and not self._ended:
            documents += 1
            if documents > MAX_DOCUMENTS:
                raise CallFailed("the call keeps fetching TwiML: a loop")
            document = self._execute(*document)
        self._finish()
        return self.call

    def _finish(self, status: str = "completed") -> None:
        if self.status_callback:
            self._callback(
                self.status_callback,
                self.transport.base_url,
                {"CallStatus": status, "CallDuration": str(self.seconds)},
            )
        self._hear("event", "call ended")

    def _execute(self, url: str, root: ET.Element):
        """Run one TwiML document; return the next (url, root) to run, or None when the call ends."""
        for verb in root:
            tag = verb.tag
            if tag == "Say":
                self._say(verb)
            elif tag == "Play":
                self._hear("play", verb.text or "")
            elif tag == "Pause":
                self.seconds += int(verb.get("length", "1"))
                self._hear("pause", verb.get("length", "1") + " s")
            elif tag == "Gather":
                nxt = self._gather(url, verb)
                if nxt is not None:
                    return nxt
            elif tag == "Redirect":
                return self._fetch(verb.text.strip(), url)
            elif tag == "Enqueue":
                return self._enqueue(url, verb)
            elif tag == "Dial":
                return self._dial(url, verb)
            elif tag == "Record":
                nxt = self._record(url, verb)
                if nxt is not None:
                    return nxt
            elif tag == "Hangup":
                self._hear("hangup", "")
                self._ended = True
                return None
            elif tag == "Leave":
                return None  # only meaningful in a queue; handled there
            else:
                raise CallFailed(f"unsupported verb <{tag}> in {url}")
        return None

    def _say(self, verb: ET.Element) -> None:
        text = (verb.text or "").strip()
        self.seconds += _speaking_time(text)
        self._hear("say", text)

    def _gather(self, url: str, verb: ET.Element):
        for child in verb:
            if child.tag == "Say":
                self._say(child)
            elif child.tag == "Play":
                self._hear("play", child.text or "")
            elif child.tag == "Pause":
                self._hear("pause", child.get("length", "1") + " s")
            else:
                raise CallFailed(f"<{child.tag}> cannot be nested in <Gather> ({url})")
        kinds = (verb.get("input") or "dtmf").split()
        value = self._next_input(f"[{'/'.join(kinds)}] ")
        if value in ("", "-"):
            self.seconds += int(verb.get("timeout", "5"))
            self._hear("input", "(silence)")
            if verb.get("actionOnEmptyResult") == "true":
                return self._fetch(verb.get("action", url), url)
            return None
        if value.startswith("say:"):
            speech = value[4:].strip()
        elif value.isdigit() and "dtmf" in kinds:
            speech = None
        else:
            speech = value
        if speech is not None and "speech" not in kinds:
            raise CallFailed(f"said {speech!r} to a Gather that only takes keys ({url})")
        self._hear("input", speech if speech is not None else f"presses {value}")
        self.seconds += 2 if speech is None else _speaking_time(speech) + 1  # + end-of-speech pause
        extra = (
            {"SpeechResult": speech, "Confidence": "0.91"} if speech is not None else {"Digits": value}
        )
        return self._fetch(verb.get("action", url), url, extra)

    def _enqueue(self, url: str, verb: ET.Element):
        queue = (verb.text or "").strip()
        self.call.queued_after = entered = self.seconds
        self._hear("queue", f"waiting in queue {queue} ({entered} s into the call)")
        wait_url = verb.get("waitUrl")
        action = verb.get("action")
        result = "bridged" if self.agent == "answers" else "hangup"
        for position in itertools.islice(itertools.count(1), self.wait_rounds):
            if not wait_url:
                break
            left = self._hold(url, wait_url, queue, position)
            if left:
                result = "leave"
                break
        if result == "bridged":
            self._hear("event", f"an agent of queue {queue} answers")
        elif result == "hangup":
            self._hear("event", "the caller hangs up while waiting")
            self._ended = True
        if action:
            document = self._fetch(action, url, {"QueueResult": result, "QueueTime": str(self.seconds - entered)})
            if result == "hangup":
                return None
            return document
        self._ended = result != "leave"
        return None

    def _hold(self, url: str, wait_url: str, queue: str, round_no: int) -> bool:
        """One pass of the wait URL; True when the caller left the queue (``<Leave>``)."""
        extra = {
            "QueueSid": "QU" + "0" * 32,
            "QueuePosition": str(round_no),
            "QueueTime": str(self.seconds - (self.call.queued_after or 0)),
            "AvgQueueTime": "60",
            "CurrentQueueSize": str(round_no),
        }
        document = self._fetch(wait_url, url, extra)
        for _ in range(MAX_DOCUMENTS):
            doc_url, root = document
            nxt = None
            for verb in root:
                if verb.tag == "Leave":
                    self._hear("queue", "leaves the queue")
                    return True
                if verb.tag == "Gather":
                    nxt = self._gather(doc_url, verb)
                    if nxt is not None:
                        break
                elif verb.tag == "Redirect":
                    return False  # back to the wait URL: the next round
                elif verb.tag == "Say":
                    self._say(verb)
                elif verb.tag == "Play":
                    self._hear("play", verb.text or "")
                elif verb.tag == "Hangup":
                    self._hear("hangup", "")
                    self._ended = True
                    return False
            if nxt is None:
                return False
            document = nxt
        raise CallFailed("the wait URL keeps fetching TwiML: a loop")

    def _dial(self, url: str, verb: ET.Element):
        number = (verb.text or "").strip() or " ".join((n.text or "") for n in verb)
        self._hear("dial", f"dialing {number}: {self.dial_outcome}")
        action = verb.get("action")
        if action:
            return self._fetch(action, url, {"DialCallStatus": self.dial_outcome, "DialCallDuration": "60"})
        if self.dial_outcome == "completed":
            self._ended = True
        return None

    def _record(self, url: str, verb: ET.Element):
        value = self._next_input("[voicemail: record:<words> or - for none] ")
        max_length = int(verb.get("maxLength", "3600"))
        if not value.startswith("record:") or not value[7:].strip():
            self._hear("record", f"(no message, up to {max_length} s allowed)")
            return None  # Twilio skips the action and goes on with the next verb
        words = value[7:].strip()
        self._hear("record", f"records {words!r} (up to {max_length} s)")
        recording_sid = "RE" + secrets.token_hex(16)
        recording = {
            "RecordingSid": recording_sid,
            "RecordingUrl": f"https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/{recording_sid}",
            "RecordingDuration": str(min(max_length, 4 + len(words.split()))),
        }
        document = self._fetch(verb.get("action", url), url, recording)
        if verb.get("transcribe") == "true" and verb.get("transcribeCallback"):
            self._callback(
                verb.get("transcribeCallback"),
                url,
                dict(recording, TranscriptionText=words, TranscriptionStatus="completed",
                     TranscriptionSid="TR" + secrets.token_hex(16)),
            )
        return document


def follow_up(app, twilio, transport: Transport, echo: Callable[[str], None], dial: str = "completed") -> None:
    """After the call, in process: one scheduler step (the texts it sends, the automatic
    callbacks it starts), then any callback still waiting placed as an agent's "Call back"
    would, each outbound call played here as Twilio would play it. ``twilio`` is the local
    fake of Twilio's REST API the app's client points at (ivr.fake_twilio)."""
    from sqlalchemy import select

    from handoff.core.db import session_scope
    from handoff.core.models import Agent, utcnow
    from handoff.outbound import callbacks
    from handoff.outbound.models import Callback
    from handoff.outbound.scheduler import tick

    settings = app.config["SETTINGS"]
    with app.app_context(), session_scope(settings.database_url) as session:
        tick(session)
        for message in twilio.messages():
            echo(f"[sms] to {message.form['To']}: {message.form['Body']}")
        started = []
        for callback in callbacks.open_callbacks(session):
            started.append(callback.id)
            echo(f"[callback] #{callback.id} for {callback.ticket_id} to {callback.phone} ({callback.source}, "
                 f"from {callback.window_start:%Y-%m-%d %H:%M} UTC): {callback.status}")
            if callback.status == "queued":
                agent = callbacks.free_agent(session, callback.queue) or session.query(Agent).first()
                echo(f"[callback] {agent.name} presses Call back")
                callbacks.start_callback(session, callback, agent, settings, utcnow())
    for placed in twilio.calls():
        form = placed.form
        echo(f"[callback] Twilio rings {form['To']} from {form['From']}")
        Simulator(transport, inputs=[], caller=form["From"], called=form["To"], call_sid=placed.answer["sid"],
                  dial=dial, echo=echo, entry=_path(form["Url"]), status_callback=_path(form["StatusCallback"]),
                  answer_params={"AnsweredBy": "human", "Direction": "outbound-api"}).run()
    with session_scope(settings.database_url) as session:
        for callback in session.scalars(select(Callback).where(Callback.id.in_(started))):
            outcomes = ", ".join(attempt.get("outcome") or "ringing" for attempt in callback.history)
            echo(f"[callback] #{callback.id}: {callback.status} ({outcomes})")


def _path(url: str) -> str:
    """Path and query of an absolute URL: the in-process transport serves them at its own base."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
