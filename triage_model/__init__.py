"""Ticket triage: category and priority from a scikit-learn model, details by rules.

    from triage_model import load_current
    model = load_current("var/models/triage")
    model.predict_one("Upload fails", "my 900 MB .wmv file is rejected")

The names below are imported from their modules when first used, so that a light
submodule (``triage_model.data``) costs no scikit-learn or spaCy import (seconds).
Training is ``triage_model.train.train`` (the package's attribute ``train`` is that module).
"""
from __future__ import annotations

import importlib

_SOURCES = {"CATEGORIES": "data", "PRIORITIES": "data", "DataError": "data",
            "ModelLoadError": "model", "TriageModel": "model", "load_current": "model", "load_model": "model",
            "load_serving": "model", "ensure_model": "train"}
__all__ = sorted(_SOURCES)


def __getattr__(name: str):
    if name not in _SOURCES:
        raise AttributeError(f"module 'triage_model' has no attribute {name!r}")
    return getattr(importlib.import_module(f"triage_model.{_SOURCES[name]}"), name)
