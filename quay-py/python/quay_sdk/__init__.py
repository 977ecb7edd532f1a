"""quay_sdk: a typed client for the Quay container registry API, on a Rust core.

    import quay_sdk

    with quay_sdk.Client(registry="quay.example.com", token="...") as client:
        robot = client.create_org_robot(orgname="acme", robot_shortname="ci")
        print(robot["name"], robot["token"])

Every operation of the spec is a method of ``Client`` (and a coroutine of ``AsyncClient``)
with keyword arguments named after the spec's parameters and body fields. Responses are plain
Python data; ``quay_sdk.types`` describes them as TypedDicts. Errors are ``QuayError``s.
"""

from ._errors import (
    AlreadyExists,
    ApiError,
    BadRequest,
    Cancelled,
    ClientClosed,
    Conflict,
    CsrfError,
    DecodeError,
    FeatureDisabled,
    Forbidden,
    InsufficientScope,
    InternalError,
    InvalidInput,
    NotFound,
    QuayError,
    RateLimited,
    ReadOnly,
    RegistryAuthError,
    ServerError,
    Timeout,
    TransportError,
    Unauthorized,
    UnexpectedStatus,
    api_error_class,
)
from ._native import __version__
from ._client import AsyncClient, Client, RetryPolicy
from ._operations import OPERATION_IDS

__all__ = [
    "Client",
    "AsyncClient",
    "RetryPolicy",
    "OPERATION_IDS",
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
    "RegistryAuthError",
    "ReadOnly",
    "UnexpectedStatus",
    "TransportError",
    "Timeout",
    "InvalidInput",
    "DecodeError",
    "Cancelled",
    "ClientClosed",
    "InternalError",
    "api_error_class",
    "__version__",
]
