"""Reading one RFC 822 message into what a ticket needs, or a reason to quarantine it.

Pure functions on bytes: no database, so every hostile case is cheap to test.
``handoff.channels.email_ingest`` turns the result into tickets.
"""
from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from email import policy
from email.errors import HeaderParseError, MessageDefect
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import yaml

RULES_PATH = Path(__file__).with_name("email_routes.yaml")

# Defects after which the structure we read is a guess: a person must look.
_STRUCTURAL_DEFECTS = {
    "NoBoundaryInMultipartDefect",
    "StartBoundaryNotFoundDefect",
    "MultipartInvariantViolationDefect",
    "MissingHeaderBodySeparatorDefect",
    "FirstHeaderLineIsContinuationDefect",
}
_TICKET_REF = re.compile(r"\[\s*Ticket\s*#\s*(TICK-\d{8}-\d{3,})\s*\]", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_QUOTE_INTRO = re.compile(r"^\s*(On .{0,200} wrote:|-{2,}\s*Original Message\s*-{2,})\s*$", re.IGNORECASE)


class Quarantine(Exception):
    """The message cannot safely become a ticket; ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Attachment:
    filename: str
    content_type: str
    data: bytes = field(repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class ParsedEmail:
    message_id: str | None
    sender_email: str
    sender_name: str
    recipients: list[str]
    subject: str
    body: str
    attachments: list[Attachment]
    ticket_ref: str | None


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_PATH) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def ticket_ref(subject: str) -> str | None:
    """The ticket id a reply's subject carries (``[Ticket #TICK-20250127-001]``), if any."""
    match = _TICKET_REF.search(subject or "")
    return match.group(1).upper() if match else None


def mailbox_of(recipients: list[str], rules: dict | None = None) -> tuple[str | None, str]:
    """(support address written to, its mailbox name); the rules' order decides between
    several, and mail to none of them (a Bcc, a forward) counts as ``support``."""
    rules = rules or load_rules()
    locals_written = {r.split("@", 1)[0].lower(): r for r in recipients if "@" in r}
    for mailbox in rules["mailboxes"]:
        if mailbox in locals_written:
            return locals_written[mailbox], mailbox
    return None, "support"


def clean_text(text: str, limit: int) -> str:
    """Strip control characters (NULs included) and cap the length."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text[:limit]


def one_line(text: str, limit: int) -> str:
    """A header value as a single line: folded or injected line breaks become spaces."""
    return re.sub(r"\s+", " ", _CONTROL.sub("", text or "")).strip()[:limit]


def strip_quoted_reply(body: str) -> str:
    """The new part of a reply: drops the quoted history mail clients append."""
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if _QUOTE_INTRO.match(line) or (line.startswith(">") and all(
                not rest.strip() or rest.startswith(">") for rest in lines[i:])):
            kept = "\n".join(lines[:i]).strip()
            return kept or body.strip()
    return body.strip()


class _TextFromHTML(HTMLParser):
    """Visible text of an HTML body; scripts and styles are dropped, never rendered."""

    _SKIP = {"script", "style", "head", "title"}
    _BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextFromHTML()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    return re.sub(r"\n\s*\n+", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()


def _decoded_text(part: EmailMessage) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError, AssertionError, ValueError):
        # An unknown or lying charset: keep the words we can read rather than nothing.
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


def _safe_filename(name: str | None, index: int) -> str:
    name = one_line(name or "", 200).replace("\\", "/").rsplit("/", 1)[-1].strip(". ")
    return name or f"attachment-{index}"


def _walk(msg: EmailMessage, limits: dict, depth: int = 0, counter: list | None = None):
    """Every leaf part, refusing MIME bombs (too deep, too many parts)."""
    counter = counter if counter is not None else [0]
    counter[0] += 1
    if counter[0] > limits["max_parts"]:
        raise Quarantine(f"too many MIME parts (over {limits['max_parts']})")
    if depth > limits["max_depth"]:
        raise Quarantine(f"MIME nesting deeper than {limits['max_depth']}")
    structural = sorted({type(d).__name__ for d in msg.defects} & _STRUCTURAL_DEFECTS)
    if structural:
        raise Quarantine("malformed MIME structure: " + ", ".join(structural))
    if msg.is_multipart():
        for sub in msg.iter_parts():
            yield from _walk(sub, limits, depth + 1, counter)
    else:
        yield msg


def _addresses(msg: EmailMessage, *names: str) -> list[tuple[str, str]]:
    """(display name, addr-spec) pairs of the named headers, in header order."""
    found = []
    for name in names:
        for value in msg.get_all(name, []) or []:
            try:
                if hasattr(value, "addresses"):
                    found.extend((a.display_name, a.addr_spec) for a in value.addresses)
                else:  # Delivered-To, X-Original-To: not address headers to the stdlib
                    found.extend(getaddresses([str(value)]))
            except (HeaderParseError, IndexError, ValueError):
                continue
    return [(name, spec) for name, spec in found if _valid_spec(spec)]


def _valid_spec(spec: str) -> bool:
    local, _, domain = (spec or "").rpartition("@")
    return bool(local) and "." in domain and not any(c.isspace() for c in spec)


def _is_automatic(msg: EmailMessage) -> bool:
    auto = str(msg.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(msg.get("Precedence", "")).strip().lower()
    return auto not in ("", "no") or precedence in ("bulk", "junk", "auto_reply") or "X-Autoreply" in msg


def parse_email(raw: bytes, rules: dict | None = None) -> ParsedEmail:
    """Parse one message; raises ``Quarantine`` when it must not become a ticket as is."""
    rules = rules or load_rules()
    limits = rules["limits"]
    if not raw or not raw.strip():
        raise Quarantine("empty message")
    if len(raw) > limits["max_message_bytes"]:
        raise Quarantine(f"message larger than {limits['max_message_bytes']} bytes")
    try:
        msg = BytesParser(policy=policy.default).parsebytes(raw)
    except RecursionError as exc:  # MIME parts nested hundreds deep: the stdlib parser recurses per level
        raise Quarantine(f"MIME nesting deeper than {limits['max_depth']}") from exc
    except (MessageDefect, HeaderParseError, ValueError, TypeError, IndexError) as exc:
        raise Quarantine(f"unparseable message: {type(exc).__name__}") from exc

    try:
        return _read(msg, rules, limits)
    except Quarantine:
        raise
    except (HeaderParseError, ValueError, TypeError, IndexError, AttributeError, KeyError,
            LookupError, UnicodeError, AssertionError, RecursionError) as exc:
        # The stdlib parser is lenient until a header is read; a crash here is a
        # malformed message, never a reason to lose it.
        raise Quarantine(f"malformed message: {type(exc).__name__}: {exc}"[:300]) from exc


def _read(msg: EmailMessage, rules: dict, limits: dict) -> ParsedEmail:
    if not any(msg.get(h) for h in ("From", "To", "Subject", "Date", "Message-ID")):
        raise Quarantine("no mail headers")
    senders = _addresses(msg, "From")
    if not senders:
        raise Quarantine("no valid sender address")
    sender_name, sender_email = senders[0]
    sender_email = one_line(sender_email, 254).lower()
    local, _, domain = sender_email.rpartition("@")
    if domain in {d.lower() for d in rules["own_domains"]}:
        raise Quarantine(f"sent from our own domain ({domain}): mail loop")
    if _is_automatic(msg) or local in ("mailer-daemon", "postmaster"):
        raise Quarantine("automatic message (auto-reply or bounce)")

    # The envelope recipient (Delivered-To, X-Original-To) is what the mail server
    # routed on; To and Cc are what the customer typed.
    recipients = []
    for _name, spec in _addresses(msg, "Delivered-To", "X-Original-To", "To", "Cc"):
        spec = spec.lower()
        if spec not in recipients:
            recipients.append(spec)

    body_plain, body_html, attachments = [], [], []
    for index, part in enumerate(_walk(msg, limits), start=1):
        content_type = part.get_content_type()
        disposition = part.get_content_disposition()
        filename = part.get_filename()
        if disposition == "attachment" or filename or content_type.split("/")[0] not in ("text", "multipart"):
            if content_type == "message/rfc822" or not part.get_payload():
                continue
            name = _safe_filename(filename, index)
            ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if ext in rules["blocked_extensions"]:
                raise Quarantine(f"blocked attachment type: {name}")
            data = part.get_payload(decode=True) or b""
            attachments.append(Attachment(filename=name, content_type=content_type, data=data))
        elif content_type == "text/html":
            body_html.append(_decoded_text(part))
        else:
            body_plain.append(_decoded_text(part))
    if len(attachments) > limits["max_attachments"]:
        raise Quarantine(f"more than {limits['max_attachments']} attachments")

    body = "\n\n".join(body_plain) if any(b.strip() for b in body_plain) else html_to_text("\n".join(body_html))
    body = clean_text(body, limits["max_body_chars"]).strip()
    subject = one_line(str(msg.get("Subject", "") or ""), limits["max_subject_chars"])
    if not subject and not body and not attachments:
        raise Quarantine("no subject, no body and no attachment")
    ref = ticket_ref(subject)
    if ref:
        body = strip_quoted_reply(body)
    message_id = one_line(str(msg.get("Message-ID", "") or ""), 500) or None
    return ParsedEmail(
        message_id=message_id,
        sender_email=sender_email,
        sender_name=one_line(sender_name or "", 200),
        recipients=recipients,
        subject=subject,
        body=body,
        attachments=attachments,
        ticket_ref=ref,
    )
