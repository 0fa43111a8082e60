"""The REST API's OpenAPI 3.1 description (``openapi.yaml``, written by hand and kept true by
tests/security/test_openapi.py), served as JSON at ``/api/openapi.json``."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from flask import Blueprint, jsonify

SPEC_PATH = Path(__file__).with_name("openapi.yaml")
bp = Blueprint("openapi", __name__)


@lru_cache(maxsize=1)
def spec() -> dict:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


@bp.get("/api/openapi.json")
def openapi():
    return jsonify(spec())
