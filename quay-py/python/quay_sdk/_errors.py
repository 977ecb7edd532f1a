"""The exceptions raised by quay_sdk. The token never appears in any of them."""

from typing import Any, Dict, Optional, Tuple, Type

__all__ = [
    "QuayError",
    "ApiError",
    "BadRequest",
    "AlreadyExists",
    "Unauthorized",
    "Forbidden",
    "NotFound",
    "Conflict",
    "RateLimited",
    "ServerError",
    "TransportError",
    "Timeout",
    "InvalidInput",
    "DecodeError",
]


class QuayError(Exception):
    """Base class of every error raised by quay_sdk.

    Attributes:
        operation: the operationId of the call that failed (e.g. ``getRepo``), when a call was
            made.
        method: its HTTP method (``GET``, ...), when a call was made.
        path: the path it requested (e.g. ``/api/v1/repository/acme/web``), when a call was made.
    """

    operation: Optional[str]
    method: Optional[str]
    path: Optional[str]

    def __init__(
        self,
        message: str,
        *,
        operation: Optional[str] = None,
        method: Optional[str] = None,
        path: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.operation = operation
        self.method = method
        self.path = path

    def _state(self) -> Dict[str, Any]:
        return {"operation": self.operation, "method": self.method, "path": self.path}

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
        kind: the class of the error, as the Rust SDK names it (``already_exists``,
            ``bad_request``, ``not_found``, ``read_only``, ...).
    """

    status: int
    error_type: Optional[str]
    title: Optional[str]
    detail: str
    retry_after: Optional[float]
    kind: str

    def __init__(
        self,
        message: str,
        *,
        status: int,
        error_type: Optional[str] = None,
        title: Optional[str] = None,
        detail: str = "",
        retry_after: Optional[float] = None,
        kind: str = "other",
        operation: Optional[str] = None,
        method: Optional[str] = None,
        path: Optional[str] = None,
    ) -> None:
        super().__init__(message, operation=operation, method=method, path=path)
        self.status = status
        self.error_type = error_type
        self.title = title
        self.detail = detail
        self.retry_after = retry_after
        self.kind = kind

    def _state(self) -> Dict[str, Any]:
        state = super()._state()
        state.update(
            status=self.status,
            error_type=self.error_type,
            title=self.title,
            detail=self.detail,
            retry_after=self.retry_after,
            kind=self.kind,
        )
        return state


class BadRequest(ApiError):
    """400: Quay refused the request (bad input, or a missing object Quay reports as 400)."""


class Unauthorized(ApiError):
    """401: the token is missing, invalid or expired."""


class Forbidden(ApiError):
    """403: the token lacks the scope, or its user lacks the permission (or, for a write, the token is missing)."""


class NotFound(ApiError):
    """404: no such object."""


class Conflict(ApiError):
    """409: a conflict (an immutable tag, ...)."""


class AlreadyExists(ApiError):
    """A create operation found the object already there (a robot, organization, user,
    repository, quota, mirror configuration, team member, ...), recognised from Quay's message
    for that operation. Catch it to write idempotent scripts. It is also a ``BadRequest`` (Quay
    answers 400) or a ``Conflict`` (409)."""


class _AlreadyExists400(AlreadyExists, BadRequest):
    pass


class _AlreadyExists409(AlreadyExists, Conflict):
    pass


class RateLimited(ApiError):
    """429: Quay is rate limiting; see ``retry_after``."""


class ServerError(ApiError):
    """5xx: Quay failed (or is in read-only mode: 503, ``kind == "read_only"``)."""


class TransportError(QuayError):
    """The connection failed or broke.

    Attributes:
        attempts: how many times the request was sent (0 when none was).
    """

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


class InvalidInput(QuayError, ValueError):
    """The input was refused before anything was sent: a bad name, digest or enum value, a missing
    or unknown argument, or a bad configuration. The message names the call, the argument, the
    rule and the value."""


class DecodeError(QuayError):
    """Quay answered with success but a body that does not match the spec."""


_BY_STATUS: Dict[int, Type[ApiError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    429: RateLimited,
}

_SIMPLE: Dict[str, Type[QuayError]] = {
    "invalid_input": InvalidInput,
    "decode": DecodeError,
    "quay": QuayError,
}

_TRANSPORT: Dict[str, Type[TransportError]] = {
    "timeout": Timeout,
    "transport": TransportError,
}


def api_error_class(status: int, kind: str = "other") -> Type[ApiError]:
    """The ApiError subclass raised for an HTTP status (and the error's kind)."""
    if kind == "already_exists":
        return _AlreadyExists409 if status == 409 else _AlreadyExists400
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if 500 <= status <= 599:
        return ServerError
    return ApiError


def _from_native(
    kind: str,
    message: str,
    status: Optional[int],
    error_type: Optional[str],
    title: Optional[str],
    detail: Optional[str],
    retry_after: Optional[float],
    api_kind: Optional[str] = None,
    operation: Optional[str] = None,
    method: Optional[str] = None,
    path: Optional[str] = None,
    attempts: int = 0,
) -> QuayError:
    """Called by the Rust extension to build the exception it raises."""
    call = {"operation": operation, "method": method, "path": path}
    if kind == "api" and status is not None:
        api_kind = api_kind or "other"
        return api_error_class(status, api_kind)(
            message,
            status=status,
            error_type=error_type,
            title=title,
            detail=detail or "",
            retry_after=retry_after,
            kind=api_kind,
            **call,
        )
    if kind in _TRANSPORT:
        return _TRANSPORT[kind](message, attempts=attempts, **call)
    return _SIMPLE.get(kind, QuayError)(message, **call)


for _cls in (
    QuayError,
    ApiError,
    BadRequest,
    AlreadyExists,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    RateLimited,
    ServerError,
    TransportError,
    Timeout,
    InvalidInput,
    DecodeError,
):
    _cls.__module__ = "quay_sdk"
del _cls
