"""The app factory: composes each part's blueprint into one Flask app."""
from __future__ import annotations

from flask import Flask, jsonify
from werkzeug.middleware.proxy_fix import ProxyFix

from handoff.console import views as console
from handoff.core import db as handoff_db
from handoff.core import triage_traffic
from handoff.portal import views as portal
from handoff.web import api as handoff_api
from handoff.web import channels_api, tools_api
from helpdesk_settings.config import Settings
from ivr import views as ivr_views
from kb_search import web as kb_web
from support_service import errors, health, hostile_input, observability, openapi, rate_limits, widget


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    settings.refuse_weak_secrets("support service")  # production only; names the weak secret
    app = Flask(__name__)
    app.config["SETTINGS"] = settings
    app.config["SECRET_KEY"] = settings.secret_key
    # The cookie only names a server-side sign-in (handoff.web.auth); never to scripts, never on
    # cross-site posts, over HTTPS only in production (or when configured).
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_SECURE=settings.session_cookie_secure or settings.production)
    if settings.trust_proxy:
        # Behind an HTTPS terminator request.url would read http://... and every
        # Twilio signature would fail; trust exactly one proxy's forwarded headers.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    observability.init_app(app)
    errors.init_app(app)
    hostile_input.init_app(app)

    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @app.get("/readyz")
    def readyz():
        ready, checks = health.readiness(app.config["SETTINGS"])
        processes = health.processes()
        extra = {"processes": processes} if processes is not None else {}
        return jsonify(status="ready" if ready else "unavailable", checks=checks, **extra), 200 if ready else 503

    # Each part registers its blueprint(s) here, one line each.
    app.register_blueprint(ivr_views.bp)
    app.register_blueprint(handoff_api.bp)
    app.register_blueprint(tools_api.bp)
    app.register_blueprint(console.bp)
    app.register_blueprint(channels_api.bp)
    app.register_blueprint(kb_web.create_blueprint(sessions=handoff_db.session_factory))
    app.register_blueprint(widget.bp)
    portal.init_app(app, verify_identity=lambda fields: widget.verified_email(fields, app.config["SETTINGS"]))
    rate_limits.init_app(app, settings.redis_url)
    triage_traffic.register_gauges(lambda: handoff_db.session_factory(settings.database_url)(),
                                   settings.triage_model_dir)
    app.register_blueprint(openapi.bp)
    return app
