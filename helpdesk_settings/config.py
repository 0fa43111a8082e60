"""Settings of the support service, read once from the environment.

Every setting has an embedded default (SQLite and local files under ``var/``),
so the service runs on a fresh machine with no configuration at all.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from helpdesk_settings import production

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("HELPDESK_DATA_DIR", PROJECT_ROOT / "var"))


@dataclass(frozen=True)
class Settings:
    """What the service needs to know about its surroundings."""

    #: ``development`` (default) or ``production``: production refuses shipped secrets,
    #: seeds no demo data, hides the widget demo and sends cookies only over HTTPS.
    env: str = "development"
    #: SQLAlchemy URL; SQLite file by default, PostgreSQL in production.
    database_url: str = f"sqlite:///{DATA_DIR / 'helpdesk.db'}"
    #: Directory holding triage model versions; ``current`` points at the one served.
    triage_model_dir: Path = DATA_DIR / "models" / "triage"
    #: The knowledge base's search index (a SQLite FTS5 file built by ``kb build``).
    kb_index_path: Path = DATA_DIR / "kb" / "index.sqlite"
    #: Twilio auth token used to check ``X-Twilio-Signature``.
    twilio_auth_token: str = "dev-twilio-token"
    #: Twilio account for outbound calls and texts (callbacks, SMS confirmation); empty = none sent.
    twilio_account_sid: str = ""
    #: The Twilio number callbacks and texts come from (E.164).
    twilio_number: str = ""
    #: Base URL of Twilio's REST API (a local fake in tests, bench and ``ivr simulate``).
    twilio_api_url: str = "https://api.twilio.com"
    #: Base URL of Twilio's Lookup API (is a number a mobile?).
    twilio_lookup_url: str = "https://lookups.twilio.com"
    #: Trust X-Forwarded-Proto/Host from one proxy in front of the service.
    trust_proxy: bool = False
    #: Flask session signing key.
    secret_key: str = "dev-secret-change-me"
    #: Public base URL, used in links sent to customers.
    public_url: str = "http://localhost:8000"
    #: The Rasa server the chat widget talks to (its REST channel).
    rasa_url: str = "http://localhost:5005"
    #: Origins of the pages embedding the widget, allowed to call Rasa's REST channel (CORS);
    #: empty: the origin of ``public_url`` (and its loopback twins in development).
    allowed_origins: tuple[str, ...] = ()
    #: Interface the Rasa server and the action server listen on (another host's Rasa servers
    #: need a private address here; see docs/deployment.md). Loopback by default.
    bind_host: str = "127.0.0.1"
    #: Signs the chat widget's identity token (support_service.widget.identity_token), shared with the action server.
    widget_secret: str = "dev-widget-secret"
    #: ``/metrics`` answers requests carrying ``Authorization: Bearer <this>``; empty: loopback callers only.
    metrics_token: str = ""
    #: Outgoing mail (smtp://user:pass@host:port, smtps://..., smtp+starttls://...); empty = outbox only.
    smtp_url: str = ""
    #: Resolved tickets close by themselves after this many hours.
    auto_close_hours: float = 72.0
    #: The services' (bot, IVR) API token that the demo data seeds.
    service_token: str = "dev-service-token"
    #: Inbound mail: attachments and originals by content hash, and messages the database refused.
    mail_dir: Path = DATA_DIR / "mail"
    #: A staff sign-in ends after this many minutes without a request...
    session_idle_minutes: float = 60.0
    #: ...and this many hours after it began, however busy (one shift).
    session_max_hours: float = 12.0
    #: Send the session cookie over HTTPS only (on in production, behind TLS).
    session_cookie_secure: bool = False
    #: Transcripts and mail of tickets closed this many days ago are removed by `handoff tick` (0 = kept).
    retention_days: float = 365.0
    #: Rasa's SQL tracker store (bot/endpoints.scale-out.yml), for `handoff forget` / `export-customer`.
    tracker_store_url: str = ""
    #: Rate-limit counters (redis://host:6379/0), shared by every worker; empty = each process's memory.
    redis_url: str = ""
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        defaults = cls()
        return cls(
            env=production.environment(env),
            database_url=env.get("DATABASE_URL", defaults.database_url),
            triage_model_dir=Path(env.get("TRIAGE_MODEL_DIR", defaults.triage_model_dir)),
            kb_index_path=Path(env.get("KB_INDEX_PATH", defaults.kb_index_path)),
            twilio_auth_token=env.get("TWILIO_AUTH_TOKEN", defaults.twilio_auth_token),
            twilio_account_sid=env.get("TWILIO_ACCOUNT_SID", defaults.twilio_account_sid),
            twilio_number=env.get("TWILIO_PHONE_NUMBER", defaults.twilio_number),
            twilio_api_url=env.get("TWILIO_API_URL", defaults.twilio_api_url),
            twilio_lookup_url=env.get("TWILIO_LOOKUP_URL", defaults.twilio_lookup_url),
            trust_proxy=env.get("TRUST_PROXY", "0") in ("1", "true", "yes"),
            secret_key=env.get("SECRET_KEY", defaults.secret_key),
            public_url=env.get("PUBLIC_URL", defaults.public_url),
            rasa_url=env.get("RASA_URL", defaults.rasa_url),
            allowed_origins=tuple(env.get("HELPDESK_ALLOWED_ORIGINS", "").replace(",", " ").split()),
            bind_host=env.get("HELPDESK_BIND_HOST", defaults.bind_host),
            widget_secret=env.get("HELPDESK_WIDGET_SECRET", defaults.widget_secret),
            metrics_token=env.get("HELPDESK_METRICS_TOKEN", defaults.metrics_token),
            smtp_url=env.get("SMTP_URL", defaults.smtp_url),
            auto_close_hours=float(env.get("AUTO_CLOSE_HOURS", defaults.auto_close_hours)),
            service_token=env.get("HELPDESK_SERVICE_TOKEN", defaults.service_token),
            mail_dir=Path(env.get("MAIL_DIR", defaults.mail_dir)),
            session_idle_minutes=float(env.get("SESSION_IDLE_MINUTES", defaults.session_idle_minutes)),
            session_max_hours=float(env.get("SESSION_MAX_HOURS", defaults.session_max_hours)),
            session_cookie_secure=env.get("SESSION_COOKIE_SECURE", "0") in ("1", "true", "yes"),
            redis_url=env.get("REDIS_URL", defaults.redis_url),
            retention_days=float(env.get("RETENTION_DAYS", defaults.retention_days)),
            tracker_store_url=env.get("TRACKER_STORE_URL", defaults.tracker_store_url),
        )

    @property
    def production(self) -> bool:
        return self.env == "production"

    def cors_origins(self) -> list[str]:
        """Who may call Rasa's REST channel from a browser: the configured origins, else the
        service's own (the widget demo), plus its loopback twins in development."""
        if self.allowed_origins:
            return list(self.allowed_origins)
        parts = urlsplit(self.public_url)
        origins = [f"{parts.scheme}://{parts.netloc}"]
        if not self.production and parts.hostname in ("localhost", "127.0.0.1"):
            port = f":{parts.port}" if parts.port else ""
            origins = [f"{parts.scheme}://{host}{port}" for host in ("localhost", "127.0.0.1")]
        return origins

    def refuse_weak_secrets(self, process: str) -> None:
        """Stop ``process`` in production while a secret of the service is weak (helpdesk_settings.production)."""
        values = {"SECRET_KEY": self.secret_key, "TWILIO_AUTH_TOKEN": self.twilio_auth_token,
                  "HELPDESK_WIDGET_SECRET": self.widget_secret}
        production.refuse_weak_secrets(process, values, ("service",), self.env)
