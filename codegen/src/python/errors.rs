//! `_errors.py`: the exception classes, one per stable error code of
//! `quay_spec::errors::ERROR_CODES` (the table the Rust `Error::code()` and every other
//! binding answer from), in the table's order so that parents come first.

use std::fmt::Write;

use quay_spec::errors::{ERROR_CODES, ErrorCode};

use super::{HEADER, lit};
use super::text::wrap;

/// The root class and the helpers every class shares (not per code).
const PRELUDE: &str = r#"

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
"#;

/// The body of the class answering every error status (the `api` code).
const API_BODY: &str = r#"
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
"#;

/// The body of the class of transport errors (the `transport` code).
const TRANSPORT_BODY: &str = r#"
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
"#;

/// The factory the extension calls, and the status fallback.
const FACTORY: &str = r#"

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
"#;

/// The classes a code's class derives from (`InvalidInput` is also a `ValueError`).
fn bases(c: &ErrorCode) -> String {
    if c.code == "invalid_input" { format!("{}, ValueError", c.parent) } else { c.parent.to_string() }
}

fn class(out: &mut String, c: &ErrorCode) {
    let _ = write!(out, "\n\nclass {}({}):\n", c.class, bases(c));
    let doc = wrap(c.description, 92);
    let doc = doc.trim_end().replace('\n', "\n    ");
    match c.code {
        "api" => {
            let _ = write!(out, "    \"\"\"{doc}\n{API_BODY}");
        }
        "transport" => {
            let _ = write!(out, "    \"\"\"{doc}\n{TRANSPORT_BODY}");
        }
        _ => {
            let _ = write!(out, "    \"\"\"{doc}\"\"\"\n\n    code = {}\n", lit(c.code));
        }
    }
}

/// `_errors.py`.
pub fn render() -> String {
    let mut out = String::from(HEADER);
    out.push_str(
        "\"\"\"The exceptions raised by quay_sdk. The token never appears in any of them.\n\n\
         One class per stable error code of the SDK (`quay_spec`'s ERROR_CODES table, the same\n\
         codes as the Rust `Error::code()` and every other binding): a CSRF 403 is `CsrfError`, a\n\
         missing scope `InsufficientScope`, a read-only 503 `ReadOnly`, a duplicate `AlreadyExists`.\n\
         Every exception has `code`.\n\"\"\"\n\n\
         from typing import Any, Dict, Optional, Tuple, Type\n\n__all__ = [\n    \"QuayError\",\n",
    );
    for c in ERROR_CODES {
        let _ = writeln!(out, "    {},", lit(c.class));
    }
    out.push_str("]\n");
    out.push_str(PRELUDE);
    for c in ERROR_CODES {
        class(&mut out, c);
    }
    out.push_str("\n\n#: Every class by its code, in the table's order.\nBY_CODE: Dict[str, Type[QuayError]] = {\n");
    for c in ERROR_CODES {
        let _ = writeln!(out, "    {}: {},", lit(c.code), c.class);
    }
    out.push_str("}\n");
    out.push_str(FACTORY);
    out
}
