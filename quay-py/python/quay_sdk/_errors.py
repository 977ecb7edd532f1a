"""The exceptions raised by quay_sdk. The token never appears in any of them.

One class per stable error code of the SDK (``quay_spec``'s ERROR_CODES table, the same codes
as the Rust ``Error::code()`` and every other binding): a CSRF 403 is ``CsrfError``, a missing
scope ``InsufficientScope``, a read-only 503 ``ReadOnly``, a duplicate ``AlreadyExists``. Every
exception has ``code``; a test checks that these classes follow the table exactly.
"""

from typing import Any, Dict, Optional, Tuple, Type

__all__ = [
    "QuayError",
    "ApiError",
    "BadRequest",
    "AlreadyExists",
    "Unauthorized",
    "Forbidden",
    "InsufficientScope",
    "CsrfError",
    "NotFound",
    "FeatureDisabled",
    "Conflict",
    "RateLimited",
    "ServerError",
    "ReadOnly",
    "UnexpectedStatus",
    "InvalidInput",
    "TransportError",
    "Timeout",
    "DecodeError",
    "Cancelled",
    "ClientClosed",
]


class QuayError(Exception):
    """Base class of every error raised by quay_sdk.

    Attributes:
        code: the stable dotted code (``api.not_found``, ``invalid_input``, ``timeout``, ...).
        operation: the operationId of the call that failed (e.g. ``getRepo``), when a call was
            made.
        method: its HTTP method (``GET``, ...), when a call was made.
        path: the path it requested (e.g. ``/api/v1/repository/acme/web``), when a call was made.
    """

    code: str = "quay"
    operation: Optional[str]
    method: Optional[str]
    path: Optional[str]

    def __init__(
        self,
        message: str,
        *,
        code: Optional[str] = None,
        operation: Optional[str] = None,
        method: Optional[str] = None,
        path: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.operation = operation
        self.method = method
        self.path = path

    def _state(self) -> Dict[str, Any]:
        return {"code": self.code, "operation": self.operation, "method": self.method, "path": self.path}

    def __reduce__(self) -> Tuple[Any, ...]:
        return (_rebuild, (type(self), str(self), self._state()))


def _rebuild(cls: "Type[QuayError]", message: str, state: Dict[str, Any]) -> "QuayError":
    return cls(message, **state)


class ApiError(QuayError):
    """Quay answered with an error status.

    Attributes:
        status: the HTTP status.
        error_type: Quay's machine-readable error type (e.g. ``insufficient_scope``), if sent.
        title: Quay's short title, if sent.
        detail: the explanation Quay gave (or a summary of a non-JSON body).
        retry_after: seconds to wait, from a ``Retry-After`` header, if sent.
    """

    code = "api"
    status: int
    error_type: Optional[str]
    title: Optional[str]
    detail: str
    retry_after: Optional[float]

    def __init__(
        self,
        message: str,
        *,
        status: int,
        error_type: Optional[str] = None,
        title: Optional[str] = None,
        detail: str = "",
        retry_after: Optional[float] = None,
        code: Optional[str] = None,
        operation: Optional[str] = None,
        method: Optional[str] = None,
        path: Optional[str] = None,
    ) -> None:
        super().__init__(message, code=code, operation=operation, method=method, path=path)
        self.status = status
        self.error_type = error_type
        self.title = title
        self.detail = detail
        self.retry_after = retry_after

    def _state(self) -> Dict[str, Any]:
        state = super()._state()
        state.update(
            status=self.status,
            error_type=self.error_type,
            title=self.title,
            detail=self.detail,
            retry_after=self.retry_after,
        )
        return state


class BadRequest(ApiError):
    """400: Quay refused the request (bad input, or a missing object Quay reports as 400)."""

    code = "api.bad_request"


class AlreadyExists(ApiError):
    """A create found the object already there (a robot, organization, user, repository, quota,
    mirror configuration, team member), recognised from Quay's message for that operation:
    Quay answers 400 (409 for a mirror configuration). Catch it to write idempotent scripts."""

    code = "api.already_exists"


class Unauthorized(ApiError):
    """401: the token is missing, invalid or expired."""

    code = "api.unauthorized"


class Forbidden(ApiError):
    """403: the user lacks the permission."""

    code = "api.forbidden"


class InsufficientScope(Forbidden):
    """403: the token lacks the OAuth scope the operation needs."""

    code = "api.insufficient_scope"


class CsrfError(Forbidden):
    """403 for a write without a valid token (Quay's CSRF check): the token is missing or invalid."""

    code = "api.csrf"


class NotFound(ApiError):
    """404: no such object."""

    code = "api.not_found"


class FeatureDisabled(ApiError):
    """405: the operation is turned off on this Quay (a feature flag)."""

    code = "api.method_not_allowed"


class Conflict(ApiError):
    """409: a conflict (an immutable tag, ...)."""

    code = "api.conflict"


class RateLimited(ApiError):
    """429: Quay is rate limiting; see ``retry_after``."""

    code = "api.rate_limited"


class ServerError(ApiError):
    """5xx: Quay failed."""

    code = "api.server"


class ReadOnly(ServerError):
    """503: the repository or registry is in read-only or mirror mode (never retried)."""

    code = "api.read_only"


class UnexpectedStatus(ApiError):
    """Quay answered with a status the spec does not declare for the operation."""

    code = "api.unexpected_status"


class InvalidInput(QuayError, ValueError):
    """The input was refused before anything was sent: a bad name, digest or enum value (in
    arguments and inside bodies), a missing or unknown argument or body key, an expiration in the
    past, or a bad configuration. The message names the call, the argument, the rule and the
    value."""

    code = "invalid_input"


class TransportError(QuayError):
    """The connection failed or broke.

    Attributes:
        attempts: how many times the request was sent (0 when none was).
    """

    code = "transport"
    attempts: int

    def __init__(self, message: str, *, attempts: int = 0, **call: Optional[str]) -> None:
        super().__init__(message, **call)
        self.attempts = attempts

    def _state(self) -> Dict[str, Any]:
        state = super()._state()
        state["attempts"] = self.attempts
        return state


class Timeout(TransportError):
    """The request or its response timed out."""

    code = "timeout"


class DecodeError(QuayError):
    """Quay answered with success but a body that does not match the spec."""

    code = "decode"


class Cancelled(QuayError):
    """The call was cancelled before it completed."""

    code = "cancelled"


class ClientClosed(QuayError):
    """The client was closed, or is used in a process forked after it was made."""

    code = "closed"


#: Every class by its code (the table they follow: ``_native.error_codes()``).
BY_CODE: Dict[str, Type[QuayError]] = {
    cls.code: cls
    for cls in (
        ApiError,
        BadRequest,
        AlreadyExists,
        Unauthorized,
        Forbidden,
        InsufficientScope,
        CsrfError,
        NotFound,
        FeatureDisabled,
        Conflict,
        RateLimited,
        ServerError,
        ReadOnly,
        UnexpectedStatus,
        InvalidInput,
        TransportError,
        Timeout,
        DecodeError,
        Cancelled,
        ClientClosed,
    )
}

_BY_STATUS: Dict[int, Type[ApiError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    405: FeatureDisabled,
    409: Conflict,
    429: RateLimited,
}


def api_error_class(status: int) -> Type[ApiError]:
    """The ApiError subclass for an HTTP status alone (the SDK itself classifies by code)."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if 500 <= status <= 599:
        return ServerError
    return ApiError


def _from_native(
    code: str,
    message: str,
    status: Optional[int],
    error_type: Optional[str],
    title: Optional[str],
    detail: Optional[str],
    retry_after: Optional[float],
    operation: Optional[str] = None,
    method: Optional[str] = None,
    path: Optional[str] = None,
    attempts: int = 0,
) -> QuayError:
    """Called by the Rust extension to build the exception of an error's code."""
    cls = BY_CODE.get(code, QuayError)
    call: Dict[str, Any] = {"operation": operation, "method": method, "path": path, "code": code}
    if issubclass(cls, ApiError):
        return cls(
            message,
            status=status if status is not None else 0,
            error_type=error_type,
            title=title,
            detail=detail or "",
            retry_after=retry_after,
            **call,
        )
    if issubclass(cls, TransportError):
        return cls(message, attempts=attempts, **call)
    return cls(message, **call)


for _cls in (QuayError, *BY_CODE.values()):
    _cls.__module__ = "quay_sdk"
del _cls
