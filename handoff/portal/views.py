"""The customer portal: server-rendered pages where customers follow, answer and open tickets.

Who sees a ticket: whoever holds its tracking link (``handoff.outbound.tracking``; the token is
moved from the address into the session on first use), the customer signed in with
the ticket's email, and the admin contacts of the ticket's company. Anyone else gets
the sign-in page, the same whether the ticket exists or not.

Forms carry the console's per-session CSRF token; pages get the console's
Content-Security-Policy (no inline script) and Jinja escapes everything.
"""
from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import (
    session as flask_session,
)
from sqlalchemy import func, or_, select

from handoff.channels import surveys
from handoff.channels.email_ingest import attachments_dir
from handoff.channels.models import SatisfactionSurvey
from handoff.console.views import csrf_ok, page_headers, send_stored_file
from handoff.core.customers import find_customer
from handoff.core.db import begin_read, close_request_session, request_session
from handoff.core.errors import HandoffError, ValidationError
from handoff.core.models import OPEN_STATUSES, STATUS_LABELS, Contact, Ticket, utcnow
from handoff.core.tickets import create_ticket
from handoff.outbound import tracking
from handoff.portal import auth as portal_auth
from handoff.portal import tickets as portal_tickets
from handoff.portal.models import PortalDraft

bp = Blueprint("portal", __name__, template_folder="templates", static_folder="static/portal",
               static_url_path="/portal/static")
bp.teardown_app_request(close_request_session)

EMAIL_KEY = "portal_email"
LINKS_KEY = "portal_links"  # [[ticket id, tracking token], ...] of links opened in this browser, latest last
MAX_REMEMBERED_LINKS = 20
PAGE_SIZE = 20
MAX_UPLOAD_BYTES = 60 * 1024 * 1024  # five 10 MB files and the form around them
# Signing in from the widget: the identity is the credential, posted by the customer's own site.
CSRF_EXEMPT = {"portal.widget_sign_in"}


def init_app(app, verify_identity) -> None:
    """Register the portal; ``verify_identity(fields) -> email | None`` checks the chat
    widget's signed identity (support_service.widget owns that check)."""
    app.extensions["portal_verify_identity"] = verify_identity
    app.register_blueprint(bp)


@bp.before_request
def _guard():
    request.max_content_length = MAX_UPLOAD_BYTES
    if request.method == "POST" and request.endpoint not in CSRF_EXEMPT and not csrf_ok():
        abort(400, description="The form expired; go back, reload the page and try again.")
    g.customer_email = flask_session.get(EMAIL_KEY)
    return None


@bp.after_request
def _headers(response):
    page_headers(response)
    # Tracking links carry a token: never pass the address on, never keep the page in a shared cache.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.errorhandler(HandoffError)
def _handoff_error(error: HandoffError):
    request_session().rollback()
    flash(error.message, "error")
    return redirect(request.referrer if _same_site(request.referrer) else url_for("portal.home"))


@bp.errorhandler(413)
def _too_large(_error):
    flash(f"The files are too large together: at most {MAX_UPLOAD_BYTES // 1048576} MB per message.", "error")
    return redirect(request.referrer if _same_site(request.referrer) else url_for("portal.home"))


def _same_site(url: str | None) -> bool:
    return bool(url) and urlsplit(url).netloc == request.host


def _render(template: str, status: int = 200, **context):
    contact = _signed_in_contact()
    return render_template(template, customer=contact, customer_email=g.customer_email, **context), status


# --- who may see what ----------------------------------------------------------------------

def _signed_in_contact() -> Contact | None:
    if "contact" not in g:
        g.contact = find_customer(request_session(), email=g.customer_email) if g.customer_email else None
    return g.contact


def _can_see(ticket: Ticket | None) -> bool:
    if ticket is None:
        return False
    if tracking.is_valid(ticket, dict(flask_session.get(LINKS_KEY, [])).get(ticket.id)):
        return True
    if g.customer_email and ticket.customer_email == g.customer_email:
        return True
    contact = _signed_in_contact()
    if contact is not None and contact.portal_admin and ticket.contact_id is not None:
        owner = request_session().get(Contact, ticket.contact_id)
        return owner is not None and owner.company_id == contact.company_id
    return False


def _remember_link(ticket: Ticket) -> None:
    # A list, not a dict: the session's JSON sorts object keys, and the oldest link must go first.
    links = [pair for pair in flask_session.get(LINKS_KEY, []) if pair[0] != ticket.id]
    flask_session[LINKS_KEY] = [*links, [ticket.id, tracking.token(ticket)]][-MAX_REMEMBERED_LINKS:]


def _visible_ticket(ticket_id: str) -> Ticket:
    """The ticket if this visitor may see it; otherwise the request ends on the sign-in page."""
    ticket = request_session().get(Ticket, ticket_id) if len(ticket_id) <= 24 else None
    if not _can_see(ticket):
        abort(_sign_in_page(message="Sign in to see this ticket, or open the link in your ticket email."))
    return ticket


def _sign_in_page(message: str | None = None, status: int = 403):
    body, _ = _render("portal/sign_in.html", message=message, email="")
    return current_app.response_class(body, status=status)


# --- a ticket, by tracking link or signed in ----------------------------------------------------

@bp.get("/tickets/<ticket_id>")
def ticket(ticket_id: str):
    db = request_session()
    begin_read(db)
    token = request.args.get("token")
    if token is not None:
        found = db.get(Ticket, ticket_id) if len(ticket_id) <= 24 else None
        if found is None or not tracking.is_valid(found, token):
            return _sign_in_page(message="This link no longer works: it was replaced by a newer one. Use the link "
                                         "in our latest email, or sign in with your email address.")
        _remember_link(found)
        return redirect(url_for("portal.ticket", ticket_id=found.id))  # the token leaves the address bar
    found = _visible_ticket(ticket_id)
    return _render("portal/ticket.html", t=portal_tickets.public_view(db, found), limits=_upload_limits())


def _uploads() -> list[portal_tickets.Upload]:
    files = [portal_tickets.Upload(f.filename or "", f.read()) for f in request.files.getlist("attachments")]
    return portal_tickets.check_uploads(files)


def _upload_limits() -> dict:
    rules = portal_tickets.load_portal()["attachments"]
    return {"types": ", ".join(sorted(rules["types"])), "max_mb": rules["max_file_bytes"] // 1048576,
            "max_files": rules["max_files"], "accept": ",".join(f".{ext}" for ext in sorted(rules["types"]))}


def _who(ticket: Ticket) -> str:
    return g.customer_email or ticket.customer_email or "customer (tracking link)"


@bp.post("/tickets/<ticket_id>/reply")
def reply(ticket_id: str):
    db = request_session()
    ticket = _visible_ticket(ticket_id)
    try:
        refs = portal_tickets.store_uploads(attachments_dir(current_app.config["SETTINGS"].mail_dir), _uploads())
        landed = portal_tickets.customer_reply(db, ticket, request.form.get("message"), refs, who=_who(ticket),
                                               via="signed in" if g.customer_email else "tracking link")
    except ValidationError as error:  # shown on the page again with what the customer wrote
        db.rollback()
        return _render("portal/ticket.html", status=400, t=portal_tickets.public_view(db, ticket),
                       limits=_upload_limits(), error=error.message, reply_text=request.form.get("message", ""))
    if landed.id != ticket.id:
        _remember_link(landed)
        flash(f"This ticket was closed more than 7 days ago, so we opened follow-up ticket {landed.id} "
              "with your message.", "ok")
    else:
        flash("Thank you: your message is with your agent.", "ok")
    return redirect(url_for("portal.ticket", ticket_id=landed.id))


@bp.post("/tickets/<ticket_id>/rate")
def rate(ticket_id: str):
    db = request_session()
    ticket = _visible_ticket(ticket_id)
    if ticket.status not in ("resolved", "closed"):
        raise ValidationError("score: you can rate a ticket once it is resolved", field="score")
    survey = db.scalars(select(SatisfactionSurvey).where(
        SatisfactionSurvey.ticket_id == ticket.id, SatisfactionSurvey.sent_at >= ticket.resolved_at)).first()
    if survey is None:  # resolved where no survey went out yet: this answer is the survey
        survey = surveys.send_survey(db, ticket)
        db.commit()
    surveys.answer(db, survey.token, request.form.get("score"), request.form.get("comment"))
    flash("Thank you for rating our support.", "ok")
    return redirect(url_for("portal.ticket", ticket_id=ticket.id))


@bp.get("/tickets/<ticket_id>/files/<sha>/<path:name>")
def attachment(ticket_id: str, sha: str, name: str):
    ticket = _visible_ticket(ticket_id)
    if not any(portal_tickets.attachment_parts(ref) == (sha, name) for ref in ticket.attachments or []):
        abort(404)
    return send_stored_file(sha, name)


# --- signing in and out ---------------------------------------------------------------------------

@bp.route("/portal/sign-in", methods=["GET", "POST"])
def sign_in():
    if request.method == "GET":
        return _render("portal/sign_in.html", message=None, email="")
    email = request.form.get("email", "")
    portal_auth.request_link(request_session(), email)
    return _render("portal/link_sent.html", email=email.strip())


@bp.route("/portal/sign-in/<token>", methods=["GET", "POST"])
def use_sign_in_link(token: str):
    db = request_session()
    if request.method == "GET":
        # Opening the link only asks: mail scanners that follow links must not use it up.
        usable = portal_auth.link_is_usable(db, token)
        return _render("portal/confirm_sign_in.html", status=200 if usable else 410, usable=usable, token=token)
    email = portal_auth.use_link(db, token)
    if email is None:
        return _render("portal/confirm_sign_in.html", status=410, usable=False, token=token)
    _start_session(email)
    return redirect(url_for("portal.home"))


@bp.post("/portal/sign-in/widget")
def widget_sign_in():
    email = current_app.extensions["portal_verify_identity"](request.form.to_dict())
    if not email:
        return _sign_in_page(message="We could not confirm who you are from the chat. Sign in with your email "
                                     "address instead.", status=401)
    _start_session(email)
    return redirect(url_for("portal.home"))


def _start_session(email: str) -> None:
    links = flask_session.get(LINKS_KEY)
    for key in (EMAIL_KEY, LINKS_KEY):
        flask_session.pop(key, None)
    flask_session[EMAIL_KEY] = email.strip().lower()
    if links:
        flask_session[LINKS_KEY] = links
    g.customer_email = flask_session[EMAIL_KEY]


@bp.post("/portal/sign-out")
def sign_out():
    for key in (EMAIL_KEY, LINKS_KEY):
        flask_session.pop(key, None)
    return redirect(url_for("portal.sign_in"))


def _require_sign_in():
    if not g.customer_email:
        abort(redirect(url_for("portal.sign_in")))


# --- my tickets ---------------------------------------------------------------------------------

@bp.get("/portal/")
def home():
    _require_sign_in()
    db = request_session()
    begin_read(db)
    contact = _signed_in_contact()
    company_view = request.args.get("scope") == "company" and contact is not None and contact.portal_admin
    if company_view:
        owners = select(Contact.id).where(Contact.company_id == contact.company_id).scalar_subquery()
        scope = Ticket.contact_id.in_(owners)
    else:
        scope = Ticket.customer_email == g.customer_email
    state = "closed" if request.args.get("state") == "closed" else "open"
    is_open = Ticket.status.in_(OPEN_STATUSES)
    query = (request.args.get("q") or "").strip()[:100]
    where = [scope]
    if query:
        pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(or_(Ticket.subject.ilike(pattern, escape="\\"), Ticket.id.ilike(pattern, escape="\\")))
    counts = dict(db.execute(select(is_open, func.count()).where(*where).group_by(is_open)).all())
    total = counts.get(state == "open", 0)
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(1, request.args.get("page", 1, type=int)), pages)
    rows = db.execute(select(Ticket.id, Ticket.subject, Ticket.status, Ticket.priority, Ticket.updated_at,
                             Ticket.customer_name, Ticket.customer_email)
                      .where(*where, is_open if state == "open" else ~is_open)
                      .order_by(Ticket.created_at.desc(), Ticket.id.desc())
                      .limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)).all()
    tickets = [{"id": r.id, "subject": r.subject, "status": STATUS_LABELS[r.status], "priority": r.priority,
                "updated_at": r.updated_at.strftime("%Y-%m-%d %H:%M UTC"),
                "who": r.customer_name or r.customer_email} for r in rows]
    return _render("portal/tickets.html", tickets=tickets, state=state, q=query, company_view=company_view,
                   open_count=counts.get(True, 0), closed_count=counts.get(False, 0), number=number, pages=pages)


# --- opening a ticket ------------------------------------------------------------------------------

@bp.get("/portal/new")
def new_ticket():
    _require_sign_in()
    draft = PortalDraft(id=secrets.token_hex(16), email=g.customer_email, started_at=utcnow(), articles=[])
    db = request_session()
    db.add(draft)
    db.commit()
    return _render("portal/new.html", draft=draft.id, areas=portal_tickets.load_portal()["product_areas"],
                   limits=_upload_limits(), form={})


@bp.post("/portal/new")
def submit_ticket():
    _require_sign_in()
    try:
        return _submit_ticket(request_session(), request.form)
    except ValidationError as error:  # the form again, filled in as the customer left it
        request_session().rollback()
        return _render("portal/new.html", status=400, draft=request.form.get("draft", "")[:32], error=error.message,
                       areas=portal_tickets.load_portal()["product_areas"], limits=_upload_limits(),
                       form=request.form)


def _submit_ticket(db, form):
    areas = {a["key"]: a["label"] for a in portal_tickets.load_portal()["product_areas"]}
    draft = db.get(PortalDraft, form.get("draft", "")[:32])
    if draft is None or draft.email != g.customer_email:
        raise ValidationError("the form expired; please open a new one", field="draft")
    if form.get("product_area") not in areas:
        raise ValidationError("product_area: choose the part of SecureAI this is about", field="product_area")
    if not form.get("subject", "").strip() or not form.get("description", "").strip():
        raise ValidationError("subject and description: both are needed so we can help", field="subject")
    refs = portal_tickets.store_uploads(attachments_dir(current_app.config["SETTINGS"].mail_dir), _uploads())
    contact = _signed_in_contact()
    data = {
        "subject": form["subject"].strip(),
        "description": form["description"].strip(),
        "channel": "portal",
        "customer": {"email": g.customer_email, "name": contact.name if contact else ""},
        "details": {"product_area": areas[form["product_area"]],
                    **({"kb_articles_opened": draft.articles} if draft.articles else {})},
        "attachments": refs,
    }
    # The draft is the idempotency key: a second press of Submit shows the same ticket.
    ticket = create_ticket(db, data, idempotency_key=f"portal:{draft.id}", actor=g.customer_email)
    draft = db.get(PortalDraft, draft.id)
    draft.ticket_id = ticket.id
    db.commit()
    flash(f"Ticket {ticket.id} is open. We sent the details to {g.customer_email}.", "ok")
    return redirect(url_for("portal.ticket", ticket_id=ticket.id))


@bp.get("/portal/suggestions")
def suggestions():
    """Help-centre articles for what the customer is typing (JSON for the form's script)."""
    _require_sign_in()
    text = (request.args.get("q") or "").strip()[:300]
    draft = (request.args.get("draft") or "")[:32]
    if len(text) < 4:
        return jsonify(articles=[])
    try:
        import kb_search

        hits = kb_search.search(text, top=4, index_path=current_app.config["SETTINGS"].kb_index_path)
    except Exception:  # noqa: BLE001 - suggestions are a help; the form works without them
        current_app.logger.warning("help-centre suggestions failed", exc_info=True)
        hits = []
    return jsonify(articles=[{"title": h.title, "url": url_for("portal.open_article", article_id=h.id, draft=draft)}
                             for h in hits])


@bp.get("/portal/articles/<path:article_id>")
def open_article(article_id: str):
    """Counts the article as read from the ticket form's suggestions, then shows it."""
    draft_id = (request.args.get("draft") or "")[:32]
    db = request_session()
    draft = db.get(PortalDraft, draft_id) if draft_id else None
    if draft is not None and draft.email == g.customer_email and draft.ticket_id is None:
        draft.article_opened_at = draft.article_opened_at or utcnow()
        draft.articles = list(dict.fromkeys([*draft.articles, article_id[:200]]))[:20]
        db.commit()
    return redirect(url_for("kb.article_page", article_id=article_id))


# --- account ----------------------------------------------------------------------------------

@bp.get("/portal/account")
def account():
    _require_sign_in()
    contact = _signed_in_contact()
    if contact is None:
        return _render("portal/account.html", account=None)
    company = contact.company
    plan = portal_tickets.load_portal()["plans"][company.tier]
    used, quota = company.analyses_this_month, plan["quota"]
    return _render("portal/account.html", account={
        "name": contact.name, "email": contact.email, "company": company.name, "plan": company.tier.title(),
        "admin": contact.portal_admin, "account_manager": company.account_manager_email,
        "contacts": plan["contacts"], "used": used, "quota": quota,
        "percent": min(100, round(100 * used / quota)) if used is not None and quota else None,
        "usage_as_of": company.usage_as_of.strftime("%Y-%m-%d") if company.usage_as_of else None,
        "articles": portal_tickets.load_portal()["account_articles"],
    })
