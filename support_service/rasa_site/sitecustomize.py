"""Imported by the Rasa processes' Python as it starts (``PYTHONPATH``, see
support_service.runner.RASA_QUIET_ENV); nothing else imports it.

Rasa 3.6 pins libraries that warn about their own deprecated APIs as they are
imported (SQLAlchemy 2.0 moves, pkg_resources, distutils, jax, pyparsing): about a
hundred lines a start that no one running the bot can act on. A plain ``-W`` filter
cannot hold them back, since sanic resets DeprecationWarning to "once" on import,
so they are dropped here, where they are shown: deprecations raised inside an
installed library only. The bot's own code, and every other warning, still show.
"""
import warnings

_show = warnings.showwarning


def _show_unless_library_deprecation(message, category, filename, lineno, file=None, line=None):
    if issubclass(category, DeprecationWarning) and "/site-packages/" in (filename or ""):
        return
    _show(message, category, filename, lineno, file, line)


warnings.showwarning = _show_unless_library_deprecation
