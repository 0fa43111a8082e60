"""Custom actions of the SecureAI assistant, served by the Rasa action server.

They run in the Rasa environment and reach the support service only over HTTP
(``service.py``), never by importing the service's packages. The one exception is
the list of secrets and their checks (helpdesk_settings/production.py, standard
library only), read by path so that there is one list: in production
(``HELPDESK_ENV=production``) the action server refuses to start with a weak
``HELPDESK_SERVICE_TOKEN`` or ``HELPDESK_WIDGET_SECRET``.
"""
import importlib.util as _importlib_util
import sys as _sys
from pathlib import Path as _Path

_spec = _importlib_util.spec_from_file_location(
    "helpdesk_production", _Path(__file__).resolve().parents[2] / "helpdesk_settings" / "production.py")
_production = _sys.modules[_spec.name] = _importlib_util.module_from_spec(_spec)
_spec.loader.exec_module(_production)
try:
    _production.refuse_weak_secrets("rasa action server", _production.environ_values(), ("actions",),
                                    _production.environment())
except _production.InsecureConfiguration as _error:
    raise SystemExit(str(_error)) from None
