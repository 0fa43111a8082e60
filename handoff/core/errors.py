"""Errors the ticket core raises; the API turns each into {"error": {code, message}}."""
from __future__ import annotations


class HandoffError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code

    def to_json(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.field:
            error["field"] = self.field
        return {"error": error}


class ValidationError(HandoffError):
    status = 400
    code = "validation_error"


class NotFound(HandoffError):
    status = 404
    code = "not_found"


class Conflict(HandoffError):
    """The request is well-formed but clashes with the ticket's state (e.g. illegal transition)."""

    status = 409
    code = "conflict"


class Unauthorized(HandoffError):
    status = 401
    code = "unauthorized"


class Forbidden(HandoffError):
    status = 403
    code = "forbidden"
