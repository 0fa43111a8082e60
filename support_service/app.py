"""The app factory: composes each part's blueprint into one Flask app."""
from __future__ import annotations

from flask import Flask, jsonify
from werkzeug.middleware.proxy_fix import ProxyFix

from handoff import api as handoff_api
from handoff import channels_api, console, tools_api
from handoff import db as handoff_db
from ivr import views as ivr_views
from kb_search import web as kb_web
from support_service import errors, health, observability, widget
from support_service.config import Settings


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["SETTINGS"] = settings
    app.config["SECRET_KEY"] = settings.secret_key
    if settings.trust_proxy:
        # Behind an HTTPS terminator request.url would read http://... and every
        # Twilio signature would fail; trust exactly one proxy's forwarded headers.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    observability.init_app(app)
    errors.init_app(app)

    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @app.get("/readyz")
    def readyz():
        ready, checks = health.readiness(app.config["SETTINGS"])
        return jsonify(status="ready" if ready else "unavailable", checks=checks), 200 if ready else 503

    # Each part registers its blueprint(s) here, one line each.
    app.register_blueprint(ivr_views.bp)
    app.register_blueprint(handoff_api.bp)
    app.register_blueprint(tools_api.bp)
    app.register_blueprint(console.bp)
    app.register_blueprint(channels_api.bp)
    app.register_blueprint(kb_web.create_blueprint(sessions=handoff_db.session_factory))
    app.register_blueprint(widget.bp)
    return app
