"""The exceptions raised by quay_sdk. The token never appears in any of them."""

from typing import Dict, Optional, Type

__all__ = [
    "QuayError",
    "ApiError",
    "BadRequest",
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
    """Base class of every error raised by quay_sdk."""


class ApiError(QuayError):
    """Quay answered with an error status.

    Attributes:
        status: the HTTP status.
        error_type: Quay's machine-readable error type (e.g. ``insufficient_scope``), if sent.
        title: Quay's short title, if sent.
        detail: the explanation Quay gave (or a summary of a non-JSON body).
        retry_after: seconds to wait, from a ``Retry-After`` header, if sent.
    """

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
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error_type = error_type
        self.title = title
        self.detail = detail
        self.retry_after = retry_after

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (
            _rebuild_api_error,
            (type(self), str(self), self.status, self.error_type, self.title, self.detail, self.retry_after),
        )


def _rebuild_api_error(
    cls: "Type[ApiError]",
    message: str,
    status: int,
    error_type: Optional[str],
    title: Optional[str],
    detail: str,
    retry_after: Optional[float],
) -> "ApiError":
    return cls(message, status=status, error_type=error_type, title=title, detail=detail, retry_after=retry_after)


class BadRequest(ApiError):
    """400: Quay refused the request (bad input, a duplicate, or a missing object Quay reports as 400)."""


class Unauthorized(ApiError):
    """401: the token is missing, invalid or expired."""


class Forbidden(ApiError):
    """403: the token lacks the scope, or its user lacks the permission (or, for a write, the token is missing)."""


class NotFound(ApiError):
    """404: no such object."""


class Conflict(ApiError):
    """409: a conflict (an existing mirror configuration, an immutable tag)."""


class RateLimited(ApiError):
    """429: Quay is rate limiting; see ``retry_after``."""


class ServerError(ApiError):
    """5xx: Quay failed (or is in read-only mode: 503)."""


class TransportError(QuayError):
    """The connection failed or broke."""


class Timeout(TransportError):
    """The request or its response timed out."""


class InvalidInput(QuayError, ValueError):
    """The input was refused before anything was sent: a bad name, digest or enum value, a missing
    or unknown argument, or a bad configuration."""


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
    "timeout": Timeout,
    "transport": TransportError,
    "decode": DecodeError,
    "quay": QuayError,
}


def api_error_class(status: int) -> Type[ApiError]:
    """The ApiError subclass raised for an HTTP status."""
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
) -> QuayError:
    """Called by the Rust extension to build the exception it raises."""
    if kind == "api" and status is not None:
        return api_error_class(status)(
            message,
            status=status,
            error_type=error_type,
            title=title,
            detail=detail or "",
            retry_after=retry_after,
        )
    return _SIMPLE.get(kind, QuayError)(message)


for _cls in (
    QuayError,
    ApiError,
    BadRequest,
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
