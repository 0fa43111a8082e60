"""The email channel's reader: routing, threading, attachments and quarantine of bad mail."""
from __future__ import annotations

import random
from email.message import EmailMessage

import pytest

from handoff.channels.email_parse import (
    Quarantine,
    html_to_text,
    mailbox_of,
    parse_email,
    strip_quoted_reply,
    ticket_ref,
)


def make(to="support@secureai.com", sender="Jane Doe <jane@example.com>", subject="Upload fails",
         body="My 650MB video will not upload.", cc=None, headers=None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    msg["Message-ID"] = "<abc123@example.com>"
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    return msg


@pytest.mark.parametrize("to,mailbox", [
    ("billing@secureai.com", "billing"),
    ("security@secureai.com", "security"),
    ("enterprise-support@secureai.com", "enterprise-support"),
    ("technical@secureai.com", "technical"),
    ("support@secureai.com", "support"),
    ("Billing Team <BILLING@secureai.com>", "billing"),
])
def test_the_address_written_to_names_the_mailbox(to, mailbox):
    parsed = parse_email(make(to=to).as_bytes())
    assert mailbox_of(parsed.recipients)[1] == mailbox


def test_security_outranks_billing_when_both_are_written_to():
    parsed = parse_email(make(to="billing@secureai.com", cc="security@secureai.com").as_bytes())
    assert mailbox_of(parsed.recipients) == ("security@secureai.com", "security")


def test_the_envelope_recipient_counts_before_the_to_line():
    parsed = parse_email(make(to="support@secureai.com", headers={"Delivered-To": "billing@secureai.com"}).as_bytes())
    assert parsed.recipients[0] == "billing@secureai.com"


def test_mail_to_no_support_address_counts_as_support():
    assert mailbox_of(["someone@else.org"]) == (None, "support")


def test_sender_subject_and_body_are_read():
    parsed = parse_email(make().as_bytes())
    assert parsed.sender_email == "jane@example.com"
    assert parsed.sender_name == "Jane Doe"
    assert parsed.subject == "Upload fails"
    assert parsed.body == "My 650MB video will not upload."
    assert parsed.message_id == "<abc123@example.com>"
    assert parsed.ticket_ref is None


def test_a_reply_names_its_ticket_and_loses_the_quoted_history():
    body = ("Here are the logs you asked for.\n\nOn Mon, 27 Jan 2025, SecureAI Support wrote:\n"
            "> Dear Jane,\n> please send logs")
    parsed = parse_email(make(subject="RE: [Ticket #tick-20250127-001] Your SecureAI Support Request",
                              body=body).as_bytes())
    assert parsed.ticket_ref == "TICK-20250127-001"
    assert parsed.body == "Here are the logs you asked for."


def test_ticket_ref_needs_the_bracketed_form():
    assert ticket_ref("About TICK-20250127-001") is None
    assert ticket_ref("[Ticket #TICK-20250127-1234] x") == "TICK-20250127-1234"


def test_quoted_only_reply_keeps_its_text():
    assert strip_quoted_reply("> only quoted") == "> only quoted"


def test_attachments_are_kept_with_safe_names():
    msg = make()
    msg.add_attachment(b"%PDF-1.4 data", maintype="application", subtype="pdf", filename="../../etc/invoice.pdf")
    msg.add_attachment(b"\x89PNG fake", maintype="image", subtype="png", filename="screenshot_error.png")
    parsed = parse_email(msg.as_bytes())
    assert [(a.filename, a.content_type, a.data) for a in parsed.attachments] == [
        ("invoice.pdf", "application/pdf", b"%PDF-1.4 data"),
        ("screenshot_error.png", "image/png", b"\x89PNG fake"),
    ]
    assert parsed.body == "My 650MB video will not upload."


def test_html_only_mail_becomes_text_without_scripts():
    msg = make()
    msg.set_content("<html><head><script>alert(1)</script></head><body><p>Login &amp; access broken</p>"
                    "<p>Error 401</p></body></html>", subtype="html")
    parsed = parse_email(msg.as_bytes())
    assert parsed.body == "Login & access broken\nError 401"
    assert "alert" not in html_to_text("<script>alert(1)</script>ok")


def test_header_injection_in_an_encoded_subject_stays_one_line():
    raw = (b"From: jane@example.com\r\nTo: support@secureai.com\r\n"
           b"Subject: =?utf-8?q?Hello=0D=0ABcc:_victim@evil.com?=\r\n\r\nbody\r\n")
    parsed = parse_email(raw)
    assert "\n" not in parsed.subject and "\r" not in parsed.subject
    assert parsed.subject.startswith("Hello")


def test_an_unknown_charset_is_read_not_crashed_on():
    raw = (b"From: jane@example.com\r\nTo: support@secureai.com\r\nSubject: odd\r\n"
           b"Content-Type: text/plain; charset=x-no-such-charset\r\n\r\nCaf\xe9 broken\r\n")
    parsed = parse_email(raw)
    assert parsed.body.startswith("Caf")


def test_nul_bytes_and_control_characters_are_removed():
    parsed = parse_email(make(body="bad\x00 bytes\x07 here").as_bytes())
    assert parsed.body == "bad bytes here"


def _nested(depth: int) -> bytes:
    parts = ["From: jane@example.com", "To: support@secureai.com", "Subject: bomb"]
    head = "\r\n".join(parts) + "\r\n"
    body = "text"
    for level in range(depth):
        boundary = f"b{level}"
        body = (f"Content-Type: multipart/mixed; boundary={boundary}\r\n\r\n--{boundary}\r\n"
                + (body if body.startswith("Content-Type") else "Content-Type: text/plain\r\n\r\n" + body)
                + f"\r\n--{boundary}--\r\n")
    return (head + body).encode()


@pytest.mark.parametrize("raw,reason", [
    (b"", "empty message"),
    (b"\x00\x01\x02 garbage \xff\xfe", "no mail headers"),
    (b"To: support@secureai.com\r\nSubject: who am I\r\n\r\nno sender\r\n", "no valid sender"),
    (b"From: not an address\r\nTo: support@secureai.com\r\nSubject: x\r\n\r\nbody\r\n", "no valid sender"),
    (b"From: jane@example.com\r\nTo: support@secureai.com\r\nSubject: x\r\n"
     b"Content-Type: multipart/mixed\r\n\r\nno boundary given\r\n", "malformed MIME"),
    (b"From: noreply@secureai.com\r\nTo: support@secureai.com\r\nSubject: x\r\n\r\nloop\r\n", "mail loop"),
    (b"From: jane@example.com\r\nTo: support@secureai.com\r\nSubject: Out of office\r\n"
     b"Auto-Submitted: auto-replied\r\n\r\naway\r\n", "automatic message"),
    (b"From: MAILER-DAEMON@mx.example.com\r\nTo: support@secureai.com\r\nSubject: Undelivered\r\n\r\nbounce\r\n",
     "automatic message"),
    (b"From: jane@example.com\r\nTo: support@secureai.com\r\n\r\n", "no subject, no body"),
    (_nested(15), "MIME nesting"),
])
def test_bad_mail_is_quarantined_with_a_reason(raw, reason):
    with pytest.raises(Quarantine) as caught:
        parse_email(raw)
    assert reason in caught.value.reason


def test_executable_attachment_is_quarantined():
    msg = make()
    msg.add_attachment(b"MZ...", maintype="application", subtype="octet-stream", filename="invoice.pdf.exe")
    with pytest.raises(Quarantine, match="blocked attachment type: invoice.pdf.exe"):
        parse_email(msg.as_bytes())


def test_too_many_parts_is_quarantined():
    msg = make()
    for i in range(120):
        msg.add_attachment(b"x", maintype="application", subtype="pdf", filename=f"f{i}.pdf")
    with pytest.raises(Quarantine, match="too many MIME parts"):
        parse_email(msg.as_bytes())


def test_oversize_message_is_quarantined():
    rules = {**__import__("handoff.channels.email_parse", fromlist=["load_rules"]).load_rules()}
    rules["limits"] = {**rules["limits"], "max_message_bytes": 1000}
    with pytest.raises(Quarantine, match="larger than 1000 bytes"):
        parse_email(make(body="x" * 2000).as_bytes(), rules)


def test_mangled_messages_never_raise_anything_but_quarantine():
    """Random byte damage to a real message: every outcome is a parse or a quarantine."""
    msg = make(to="billing@secureai.com", subject="[Ticket #TICK-20250127-001] Invoice")
    msg.add_attachment(b"%PDF data" * 20, maintype="application", subtype="pdf", filename="a.pdf")
    original = bytearray(msg.as_bytes())
    rng = random.Random(5)
    outcomes = set()
    for _ in range(400):
        raw = bytearray(original)
        for _ in range(rng.randint(1, 30)):
            pos = rng.randrange(len(raw))
            action = rng.random()
            if action < 0.4:
                raw[pos] = rng.randrange(256)
            elif action < 0.7:
                del raw[pos:pos + rng.randint(1, 40)]
            else:
                raw[pos:pos] = rng.choice([b"\r\n", b"=?", b"?=", b"--", b"<", b"@", b"\x00", b":"])
        try:
            parse_email(bytes(raw))
            outcomes.add("parsed")
        except Quarantine:
            outcomes.add("quarantined")
    assert outcomes == {"parsed", "quarantined"}
