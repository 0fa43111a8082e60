"""Ticket triage: category and priority from a scikit-learn model, details by rules.

    from triage_model import load_current
    model = load_current("var/models/triage")
    model.predict_one("Upload fails", "my 900 MB .wmv file is rejected")
"""
from triage_model.data import CATEGORIES, PRIORITIES, DataError
from triage_model.model import ModelLoadError, TriageModel, load_current, load_model, load_serving
from triage_model.train import ensure_model, train

__all__ = ["CATEGORIES", "PRIORITIES", "DataError", "ModelLoadError", "TriageModel", "ensure_model",
           "load_current", "load_model", "load_serving", "train"]
