"""quay_sdk.Client and quay_sdk.AsyncClient: configuration, lifetime and the generic entry points.

Every operation of the spec is a method generated into ``_operations.py`` (mixed in here);
each one hands its operationId and keyword arguments to the Rust core.
"""

import os
from dataclasses import dataclass
from types import TracebackType
from typing import Any, AsyncIterator, Iterator, Optional, Type, TypeVar, Union

from . import _native
from ._operations import AsyncOperations, SyncOperations

__all__ = ["Client", "AsyncClient", "RetryPolicy"]


@dataclass(frozen=True)
class RetryPolicy:
    """How failed calls are retried: idempotent methods only, on connection errors and
    429/502/503/504, with exponential backoff and jitter, honouring ``Retry-After``."""

    #: Retries after the first attempt (0 turns retrying off).
    max_retries: int = 3
    #: The first backoff delay, in seconds.
    initial_delay: float = 0.2
    #: The largest backoff delay, in seconds.
    max_delay: float = 5.0
    #: No retry starts once this many seconds have passed since the first attempt.
    max_elapsed: float = 30.0

    def __post_init__(self) -> None:
        from ._errors import InvalidInput

        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int) or self.max_retries < 0:
            raise InvalidInput(
                f"invalid input: RetryPolicy: max_retries must be an int >= 0, not {self.max_retries!r}"
            )
        for name in ("initial_delay", "max_delay", "max_elapsed"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise InvalidInput(f"invalid input: RetryPolicy: {name} must be a number of seconds > 0, not {value!r}")


_C = TypeVar("_C", bound="_Base")

PathLike = Union[str, "os.PathLike[str]"]


class _Base:
    __slots__ = ("_native", "_call", "_acall", "_paginate", "__weakref__")

    _native: _native.NativeClient

    def __init__(
        self,
        registry: Optional[str] = None,
        token: Optional[str] = None,
        *,
        ca_bundle: Optional[PathLike] = None,
        verify_tls: bool = True,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        retries: Union[int, RetryPolicy, None] = None,
        user_agent: Optional[str] = None,
        token_kind: Optional[str] = None,
    ) -> None:
        """A client of the Quay at ``registry``.

        Args:
            registry: a host (``quay.example.com``, https is assumed) or a URL (``http://`` is
                allowed for local servers); a trailing ``/`` or ``/api/v1`` is ignored.
            token: the OAuth bearer token. It never shows in ``repr()`` or in exceptions.
            token_kind: what ``token`` is: ``"oauth"`` (an OAuth token, the default) or
                ``"app"`` (an app-specific token). Registry (``/v2``) operations such as
                ``get_referrers`` exchange it at ``/v2/auth`` for a registry token, as the
                password of ``$oauthtoken`` or ``$app``.
            ca_bundle: a PEM file whose certificates are trusted in addition to the system's.
            verify_tls: ``False`` turns certificate verification off (test registries only).
            timeout: seconds allowed for a whole request (default 60).
            connect_timeout: seconds allowed to open a connection (default 10).
            retries: the number of retries, or a ``RetryPolicy`` (default: 3 retries).
            user_agent: the ``User-Agent`` header.

        Raises:
            InvalidInput: the configuration is invalid (no registry, a bad URL, an unreadable
                CA bundle); nothing is sent.
        """
        self._setup(registry, token, ca_bundle, verify_tls, timeout, connect_timeout, retries, user_agent, False, token_kind)

    def _setup(
        self,
        registry: Optional[str],
        token: Optional[str],
        ca_bundle: Optional[PathLike],
        verify_tls: bool,
        timeout: Optional[float],
        connect_timeout: Optional[float],
        retries: Union[int, RetryPolicy, None],
        user_agent: Optional[str],
        from_env: bool,
        token_kind: Optional[str] = None,
    ) -> None:
        policy = None
        count = None
        if isinstance(retries, RetryPolicy):
            policy = (retries.max_retries, retries.initial_delay, retries.max_delay, retries.max_elapsed)
        elif retries is not None:
            if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
                from ._errors import InvalidInput

                raise InvalidInput(f"invalid input: retries must be a non-negative int or a RetryPolicy, not {retries!r}")
            count = retries
        native = _native.NativeClient(
            registry,
            token,
            ca_bundle=os.fspath(ca_bundle) if ca_bundle is not None else None,
            verify_tls=verify_tls,
            timeout=timeout,
            connect_timeout=connect_timeout,
            retries=count,
            retry_policy=policy,
            user_agent=user_agent,
            from_env=from_env,
            token_kind=token_kind,
        )
        self._native = native
        self._call = native.call
        self._acall = native.call_async
        self._paginate = native.paginate

    @classmethod
    def from_env(
        cls: Type[_C],
        *,
        registry: Optional[str] = None,
        token: Optional[str] = None,
        ca_bundle: Optional[PathLike] = None,
        verify_tls: bool = True,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        retries: Union[int, RetryPolicy, None] = None,
        user_agent: Optional[str] = None,
        token_kind: Optional[str] = None,
    ) -> _C:
        """A client configured from the environment, as the Rust client is: ``QUAY_REGISTRY``
        and ``QUAY_TOKEN`` (falling back to the curl guide's ``quay_registry`` and
        ``bearer_token``), and ``QUAY_CA_BUNDLE`` and ``QUAY_TOKEN_KIND``. Keyword arguments given
        here win."""
        self = cls.__new__(cls)
        self._setup(registry, token, ca_bundle, verify_tls, timeout, connect_timeout, retries, user_agent, True, token_kind)
        return self

    @property
    def base_url(self) -> str:
        """The URL requests go to (``https://host``), without the token."""
        return self._native.base_url

    @property
    def closed(self) -> bool:
        """Whether the client was closed."""
        return self._native.closed

    def __repr__(self) -> str:
        state = ", closed" if self._native.closed else ""
        return f"{type(self).__name__}(registry={self._native.base_url!r}{state})"


class Client(_Base, SyncOperations):
    """A Quay API client. Every operation of the spec is a method taking keyword arguments,
    e.g. ``client.create_org_robot(orgname="acme", robot_shortname="ci")``; responses are plain
    Python data. Paged operations also have ``iter_<name>(...)``, yielding items across pages.

    Safe to share between threads; the GIL is released while waiting on the network. Use it
    as a context manager, or call ``close()``, to release its connections.
    """

    __slots__ = ()

    def call(self, operation: str, /, **kwargs: Any) -> Any:
        """Calls any operation by its operationId (``"createOrgRobot"``) or method name
        (``"create_org_robot"``), with the same keyword arguments as its method."""
        return self._call(operation, kwargs)

    def paginate(self, operation: str, /, **kwargs: Any) -> Iterator[Any]:
        """Iterates over the items of any paged operation, across pages."""
        return self._paginate(operation, kwargs)

    def close(self) -> None:
        """Releases the connections; later calls raise ``QuayError``."""
        self._native.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()


class AsyncClient(_Base, AsyncOperations):
    """The asyncio twin of ``Client``: the same methods as coroutines, running on the Rust
    runtime (``await client.get_repo(namespace="acme", repository="app")``), and
    ``iter_<name>(...)`` as async iterators (``async for repo in client.iter_list_repos(...)``).
    """

    __slots__ = ()

    async def call(self, operation: str, /, **kwargs: Any) -> Any:
        """Calls any operation by its operationId or method name."""
        return await self._acall(operation, kwargs)

    def paginate(self, operation: str, /, **kwargs: Any) -> AsyncIterator[Any]:
        """Iterates asynchronously over the items of any paged operation, across pages."""
        return self._paginate(operation, kwargs)

    async def aclose(self) -> None:
        """Releases the connections; later calls raise ``QuayError``."""
        self._native.close()

    def close(self) -> None:
        """Releases the connections (synchronously); later calls raise ``QuayError``."""
        self._native.close()

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()
