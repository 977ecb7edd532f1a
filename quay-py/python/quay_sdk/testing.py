"""quay_sdk.testing: a fake Quay server for testing your own automation without a Quay.

The fake (the ``quay-fake`` crate, linked into this package) answers ``/api/v1`` as a real
Quay does: the same status codes, error shapes and paging. Start it in-process (the default:
it runs on its own native threads) or as a managed subprocess::

    from quay_sdk.testing import FakeQuay

    with FakeQuay() as fake:
        client = fake.client()                  # a quay_sdk.Client with the superuser token
        client.create_organization(name="acme")
        my_automation(registry=fake.url, token=fake.superuser_token)
        assert client.get_org_robot(orgname="acme", robot_shortname="ci")

With pytest the ``quay_fake`` fixture gives a fresh ``FakeQuay`` to each test, and
``quay_client`` a ``Client`` on it (this module is registered as a pytest plugin).

Seed and steer the fake with ``create_user``, ``mint_token``, ``push_manifest``,
``create_build_trigger``, ``set_page_sizes`` and ``inject_fault``; read ``request_count()``
and ``coverage()``. All of it goes through the fake's JSON control API under ``/__fake/``, so
tests in other languages can do the same over HTTP.

The fake has its own clock: ``FakeQuay(clock_at=...)`` pins it, ``set_time`` and ``advance``
move it, ``now()`` reads it. Every timestamp the fake writes or compares comes from it, so a
test of tag-expiry automation sets an expiration an hour ahead, advances two hours and sees
the tag expired, in milliseconds and whatever today's date is::

    with FakeQuay(clock_at=1_924_992_000) as fake:      # 2031-01-01, standing still
        c = fake.client()
        c.change_tag(namespace="acme", repository="web", tag="v1", expiration=fake.now() + 3600)
        fake.advance(timedelta(hours=2))
        assert not c.list_repo_tags(namespace="acme", repository="web", only_active_tags=True)["tags"]
"""

import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone
from typing import IO, Any, Dict, Iterator, List, Optional, Sequence, Set, Union

from . import _native
from ._client import AsyncClient, Client
from ._errors import InvalidInput, QuayError

__all__ = ["FakeQuay", "fake_quay", "quay_fake", "quay_client"]

# operationIds answered with success by every fake started in this process (kept when the fake
# stops), for the coverage file written at the end of a pytest session.
_COVERED: Set[str] = set()
_COVERED_LOCK = threading.Lock()

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class FakeQuay:
    """A fake Quay server on 127.0.0.1.

    Args:
        subprocess: run it in a child process (``python -m quay_sdk.testing``) instead of in
            this one; the child is stopped with the fake.
        port: the port to listen on (0, the default, picks a free one).
        page_sizes: sizes of the paged listings, to page cheaply in tests: any of ``repos``
            (Quay: 100), ``logs`` (20), ``tags_default`` (50), ``tags_max`` (100),
            ``superuser_max_limit`` (100).
        team_syncing: turn FEATURE_TEAM_SYNCING on (off by default, as on most Quays).
        config_dump: turn FEATURE_SUPERUSER_CONFIGDUMP on (off by default).
        immutable_tags: turn FEATURE_IMMUTABLE_TAGS on (off by default, as in Quay): tag
            listings then carry ``immutable`` and an immutable tag refuses to move or go (409).
        quota_management: turn FEATURE_QUOTA_MANAGEMENT on (off by default, as in Quay):
            organization, user and repository views then carry ``quotas``/``quota_report``.
        image_pull_stats: turn FEATURE_IMAGE_PULL_STATS on (off by default): the tag and
            manifest pull statistics operations then exist.
        security_scanner: turn FEATURE_SECURITY_SCANNER on (off by default):
            getRepoManifestSecurity then exists, answering as a Quay whose scanner cannot be
            reached (every scan ``queued``).
        referrers_api: turn FEATURE_REFERRERS_API on (off by default): the OCI referrers
            listing (``get_referrers``, on ``/v2``) then exists.
        user_metadata: turn FEATURE_USER_METADATA on (off by default): the signed-in user's
            ``prompts`` then asks for a name and a company.
        all_features: turn every feature switch above on (as a Quay with every feature
            enabled answers), and with them the programmatic bootstrap token, proxy caches,
            organization mirroring, namespace notifications and auto-prune policies; the individual switches cannot
            turn one off again. App-specific tokens and mailing are on either way, as in Quay.
        superuser_token: use this superuser token instead of a random one.
        clock_at: pin the fake's clock at this time (a Unix time in seconds, or a
            ``datetime``; naive ones are read as UTC); it then stands still until moved with
            ``set_time`` or ``advance``. By default the clock follows the system clock.
        keep_alive: seconds after which an idle keep-alive connection is closed (default 2,
            as gunicorn in front of Quay does), so that clients meet the dead pooled
            connections a real server leaves behind.
    """

    _native: Optional[_native.NativeFake]
    _process: Optional["subprocess.Popen[str]"]
    _url: Optional[str]
    _token: Optional[str]

    def __init__(
        self,
        *,
        subprocess: bool = False,
        port: int = 0,
        page_sizes: Optional[Dict[str, int]] = None,
        team_syncing: bool = False,
        config_dump: bool = False,
        immutable_tags: bool = False,
        quota_management: bool = False,
        image_pull_stats: bool = False,
        security_scanner: bool = False,
        referrers_api: bool = False,
        user_metadata: bool = False,
        all_features: bool = False,
        superuser_token: Optional[str] = None,
        clock_at: Union[int, datetime, None] = None,
        keep_alive: Optional[float] = None,
    ) -> None:
        self._clock_at = None if clock_at is None else _unix_seconds("FakeQuay", "clock_at", clock_at)
        if keep_alive is not None and (
            isinstance(keep_alive, bool) or not isinstance(keep_alive, (int, float)) or not keep_alive > 0
        ):
            raise InvalidInput(f"invalid input: FakeQuay: keep_alive must be a number of seconds > 0, not {keep_alive!r}")
        self._keep_alive = keep_alive
        self._subprocess = subprocess
        self._port = port
        self._page_sizes = dict(page_sizes or {})
        self._features = {
            "team_syncing": team_syncing or all_features,
            "config_dump": config_dump or all_features,
            "immutable_tags": immutable_tags or all_features,
            "quota_management": quota_management or all_features,
            "image_pull_stats": image_pull_stats or all_features,
            "security_scanner": security_scanner or all_features,
            "referrers_api": referrers_api or all_features,
            "user_metadata": user_metadata or all_features,
            "programmatic_bootstrap": all_features,
            "proxy_cache": all_features,
            "org_mirror": all_features,
            "quota_notifications": all_features,
            "auto_prune": all_features,
        }
        self._superuser_token = superuser_token
        self._native = None
        self._process = None
        self._url = None
        self._token = None

    # ------------------------------------------------------------------------- lifetime

    def start(self) -> "FakeQuay":
        """Starts the server (a no-op when it runs)."""
        if self._url is not None:
            return self
        if self._subprocess:
            self._start_process()
        else:
            self._native = _native.NativeFake(
                port=self._port,
                page_sizes=self._page_sizes or None,
                features=self._features,
                superuser_token=self._superuser_token,
                clock_at=self._clock_at,
                keep_alive=self._keep_alive,
            )
            self._url, self._token = self._native.url, self._native.superuser_token
        return self

    def _start_process(self) -> None:
        cmd = [sys.executable, "-m", "quay_sdk.testing", "--port", str(self._port), "--stop-on-eof"]
        for name, on in self._features.items():
            if on:
                cmd.append("--" + name.replace("_", "-"))
        for name, size in self._page_sizes.items():
            cmd += ["--page-size", f"{name}={size}"]
        if self._superuser_token:
            cmd += ["--superuser-token", self._superuser_token]
        if self._clock_at is not None:
            cmd += ["--clock-at", str(self._clock_at)]
        if self._keep_alive is not None:
            cmd += ["--keep-alive", repr(float(self._keep_alive))]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        url = token = None
        while url is None or token is None:
            line = proc.stdout.readline()
            if not line:
                proc.wait()
                raise QuayError(f"the fake Quay subprocess exited ({proc.returncode}) before starting")
            key, _, value = line.strip().partition("=")
            if key == "QUAY_REGISTRY":
                url = value
            elif key == "QUAY_TOKEN":
                token = value
        self._process, self._url, self._token = proc, url, token

    def stop(self) -> None:
        """Stops the server (idempotent). Its coverage is kept for the session's report."""
        if self._url is None:
            return
        try:
            covered = self.coverage()
        except QuayError:
            covered = []
        with _COVERED_LOCK:
            _COVERED.update(covered)
        if self._native is not None:
            self._native.stop()
            self._native = None
        if self._process is not None:
            stdin: Optional[IO[str]] = self._process.stdin
            if stdin is not None:
                stdin.close()  # the child stops when its stdin closes
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            if self._process.stdout is not None:
                self._process.stdout.close()
            self._process = None
        self._url = None

    def __enter__(self) -> "FakeQuay":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = "subprocess" if self._subprocess else "in-process"
        return f"FakeQuay(url={self._url!r}, {where})"

    # ---------------------------------------------------------------------- connection

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:41234``: give it to your code as the registry."""
        if self._url is None:
            raise QuayError("the fake Quay is not running (use it as a context manager or call start())")
        return self._url

    @property
    def superuser_token(self) -> str:
        """Token of the built-in superuser ``quayadmin``, with every scope."""
        self.url  # raises when stopped
        assert self._token is not None
        return self._token

    def env(self, token: Optional[str] = None) -> Dict[str, str]:
        """``QUAY_REGISTRY`` and ``QUAY_TOKEN`` for code that configures itself from the
        environment (``Client.from_env()``, a subprocess)."""
        return {"QUAY_REGISTRY": self.url, "QUAY_TOKEN": token or self.superuser_token}

    def client(self, token: Optional[str] = None, **kwargs: Any) -> Client:
        """A ``quay_sdk.Client`` on this fake (the superuser's token unless ``token`` is given)."""
        return Client(self.url, token or self.superuser_token, **kwargs)

    def async_client(self, token: Optional[str] = None, **kwargs: Any) -> AsyncClient:
        """A ``quay_sdk.AsyncClient`` on this fake."""
        return AsyncClient(self.url, token or self.superuser_token, **kwargs)

    # ------------------------------------------------------------------ control API

    def _control(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + "/__fake/" + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with _NO_PROXY.open(req, timeout=30) as resp:
                return json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as e:
            try:
                message = json.loads(e.read()).get("error", str(e))
            except ValueError:
                message = str(e)
            raise InvalidInput(f"invalid input: fake Quay: {message}") from None
        except OSError as e:
            raise QuayError(f"fake Quay control API unreachable: {e}") from None

    def create_user(
        self, username: str, email: Optional[str] = None, *, password: Optional[str] = None, superuser: bool = False
    ) -> str:
        """Creates a user and returns a token of theirs carrying every scope."""
        body: Dict[str, Any] = {"username": username, "superuser": superuser}
        if email is not None:
            body["email"] = email
        if password is not None:
            body["password"] = password
        return str(self._control("POST", "users", body)["token"])

    def bootstrap_token(self) -> Optional[str]:
        """The programmatic bootstrap token (what Quay's bootstrap token file holds), with
        ``all_features``; each renewBootstrapToken replaces it. None otherwise."""
        token = self._control("GET", "bootstrap-token")["token"]
        return None if token is None else str(token)

    def mint_token(self, username: str, scopes: Sequence[str]) -> str:
        """Mints a token for an existing user with the given scopes (e.g. ``["repo:read"]``)."""
        return str(self._control("POST", "tokens", {"username": username, "scopes": list(scopes)})["token"])

    def push_manifest(self, namespace: str, repository: str, tag: Optional[str] = None) -> str:
        """Pushes a new manifest into ``namespace/repository`` (created if missing), as
        ``docker push`` would, optionally tagging it. Returns its ``sha256:`` digest."""
        body: Dict[str, Any] = {"namespace": namespace, "repository": repository}
        if tag is not None:
            body["tag"] = tag
        return str(self._control("POST", "manifests", body)["digest"])

    def create_build_trigger(
        self, namespace: str, repository: str, service: str = "custom-git", username: str = "quayadmin"
    ) -> str:
        """Sets up an inactive build trigger on ``namespace/repository`` for ``username``, as
        Quay's web UI does (no API operation creates one), and returns its uuid. ``service`` is
        ``custom-git`` (which ``activate_build_trigger`` activates with its credentials) or
        ``github``, ``gitlab`` or ``bitbucket`` (whose activation fails, as on a Quay that cannot
        reach the service). Only ``username`` may activate it."""
        body = {"namespace": namespace, "repository": repository, "service": service, "username": username}
        return str(self._control("POST", "triggers", body)["uuid"])

    def push_referrer(
        self,
        namespace: str,
        repository: str,
        subject: str,
        artifact_type: str,
        annotations: Optional[Dict[str, str]] = None,
    ) -> str:
        """Pushes an OCI artifact into ``namespace/repository`` that refers to the manifest
        ``subject`` (a manifest with that ``subject`` and ``artifactType``, untagged, as
        ``oras attach`` would), with ``annotations``. Returns its digest; ``get_referrers``
        lists it. Raises ``InvalidInput`` for an unknown repository or subject, or an
        artifact type that is not a media type."""
        body: Dict[str, Any] = {
            "namespace": namespace,
            "repository": repository,
            "subject": subject,
            "artifact_type": artifact_type,
            "annotations": dict(annotations or {}),
        }
        return str(self._control("POST", "referrers", body)["digest"])

    def registry_login_count(self) -> int:
        """Number of registry logins (``GET /v2/auth``) received so far."""
        return int(self._control("GET", "requests")["registry_logins"])

    def deliver_notifications(self) -> Dict[str, int]:
        """Runs Quay's notification worker once over the queued notification events (from
        ``test_repo_notification``): Quay's own notifications are delivered; webhook, e-mail and
        chat deliveries fail as to an unreachable target (the fake makes no outbound calls), each
        adding one to its notification's ``number_of_failures``. Returns ``{"delivered": n,
        "failed": n}``."""
        return dict(self._control("POST", "notifications/deliver"))

    def set_smtp_reachable(self, reachable: bool) -> None:
        """Makes Quay's SMTP server reachable or not (reachable by default). While it is down,
        with mailing on, the calls that send mail make their change and then fail with 400
        "Could not send email...", as a real Quay does: ``create_install_user`` creates the user,
        ``invite_team_member_email`` stores the invitation."""
        self._control("PUT", "smtp", {"reachable": bool(reachable)})

    def set_page_sizes(self, **sizes: int) -> Dict[str, int]:
        """Sets page sizes (``repos``, ``logs``, ``tags_default``, ``tags_max``,
        ``superuser_max_limit``); returns them all."""
        return dict(self._control("PUT", "page-sizes", dict(sizes)))

    def inject_fault(
        self,
        *,
        status: Optional[int] = None,
        delay: Optional[float] = None,
        operation_id: Optional[str] = None,
        method: Optional[str] = None,
        path_prefix: Optional[str] = None,
        times: int = 1,
        headers: Optional[Dict[str, str]] = None,
        body: Any = None,
    ) -> None:
        """Makes the next ``times`` matching requests answer ``status`` (with ``headers`` and
        ``body``: a str is sent as is, anything else as JSON) and/or wait ``delay`` seconds
        first. Matches by ``operation_id`` and/or ``method`` and ``path_prefix`` (any request
        when none is given)."""
        fault: Dict[str, Any] = {"times": times}
        if status is not None:
            fault["status"] = status
        if delay is not None:
            fault["delay_ms"] = int(delay * 1000)
        for key, value in (("operation_id", operation_id), ("method", method), ("path_prefix", path_prefix)):
            if value is not None:
                fault[key] = value
        if headers:
            fault["headers"] = dict(headers)
        if body is not None:
            fault["body"] = body
        self._control("POST", "faults", fault)

    def clear_faults(self) -> None:
        """Drops every pending fault."""
        self._control("DELETE", "faults")

    def reset(self) -> None:
        """Empties the registry (back to the superuser alone, same token) and drops faults;
        coverage, the request counter and page sizes are kept."""
        self._control("POST", "reset")

    # ------------------------------------------------------------------------- clock

    def now(self) -> int:
        """The fake's current time, in Unix seconds."""
        return int(self._control("GET", "clock")["now"])

    def set_time(self, when: Union[int, datetime]) -> int:
        """Pins the fake's clock at ``when`` (a Unix time in seconds, or a ``datetime``; naive
        ones are read as UTC). It stands still from then on. Returns the new time."""
        return int(self._control("PUT", "clock", {"now": _unix_seconds("set_time", "when", when)})["now"])

    def advance(self, by: Union[int, float, timedelta]) -> int:
        """Moves the fake's clock forward by ``by`` (seconds, or a ``timedelta``; whole seconds
        count). Tags and service keys whose expiration passes expire, as on a Quay that waited
        that long. Returns the new time."""
        if isinstance(by, timedelta):
            seconds = by.total_seconds()
        elif isinstance(by, (int, float)) and not isinstance(by, bool):
            seconds = float(by)
        else:
            raise InvalidInput(f"invalid input: advance: `by` must be seconds or a timedelta (got {by!r})")
        if not seconds >= 0:
            raise InvalidInput(f"invalid input: advance: `by` must not be negative (got {by!r})")
        return int(self._control("PUT", "clock", {"advance": int(seconds)})["now"])

    def follow_system_clock(self) -> int:
        """Lets the fake's clock follow the system clock again. Returns the current time."""
        return int(self._control("PUT", "clock", {"system": True})["now"])

    def coverage(self) -> List[str]:
        """The operationIds answered with a 2xx status so far, sorted."""
        if self._native is not None:
            return list(self._native.coverage())
        return [str(op) for op in self._control("GET", "coverage")["operations"]]

    def request_count(self) -> int:
        """Number of API requests received so far: ``/api/v1`` and the registry's ``/v2``
        operations (the control API's and the registry login ``/v2/auth`` are not counted)."""
        if self._native is not None:
            return int(self._native.request_count())
        return int(self._control("GET", "requests")["count"])


def _unix_seconds(call: str, argument: str, when: Union[int, datetime]) -> int:
    """A Unix time in whole seconds from an int or a datetime (naive ones read as UTC)."""
    if isinstance(when, datetime):
        aware = when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)
        seconds = int(aware.timestamp())
    elif isinstance(when, int) and not isinstance(when, bool):
        seconds = when
    else:
        raise InvalidInput(f"invalid input: {call}: `{argument}` must be a Unix time or a datetime (got {when!r})")
    if seconds < 0:
        raise InvalidInput(f"invalid input: {call}: `{argument}` must not be before 1970 (got {when!r})")
    return seconds


def fake_quay(**options: Any) -> FakeQuay:
    """A ``FakeQuay`` to use as a context manager: ``with fake_quay() as fake: ...``.
    Takes the options of ``FakeQuay``."""
    return FakeQuay(**options)


def covered_operations() -> List[str]:
    """The operationIds answered with success by every fake started (and stopped) in this
    process so far, sorted."""
    with _COVERED_LOCK:
        return sorted(_COVERED)


# ----------------------------------------------------------------------------- pytest

try:
    import pytest
except ImportError:  # pragma: no cover - pytest is optional
    pytest = None  # type: ignore[assignment]

if pytest is not None:

    @pytest.fixture
    def quay_fake() -> Iterator[FakeQuay]:
        """A fresh fake Quay server for one test."""
        with FakeQuay() as fake:
            yield fake

    @pytest.fixture
    def quay_client(quay_fake: FakeQuay) -> Iterator[Client]:
        """A ``quay_sdk.Client`` with the superuser's token on the test's fake Quay."""
        with quay_fake.client() as client:
            yield client

    def pytest_sessionfinish(session: Any, exitstatus: Any) -> None:
        """With ``QUAY_FAKE_COVERAGE_DIR`` set, writes the operationIds answered with success by
        the session's fakes (sorted, one per line) to a new file in that directory."""
        directory = os.environ.get("QUAY_FAKE_COVERAGE_DIR")
        if not directory:
            return
        name = f"python-{os.getpid()}-{uuid.uuid4().hex[:12]}.txt"
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, name)
        with open(path, "w", encoding="utf-8") as out:
            out.writelines(op + "\n" for op in covered_operations())


# ------------------------------------------------------------------------ subprocess


def _main(argv: Sequence[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m quay_sdk.testing",
        description="Serves a fake Quay on 127.0.0.1 until killed (or, with --stop-on-eof, until stdin "
        "closes); prints QUAY_REGISTRY=<url> and QUAY_TOKEN=<superuser token>.",
    )
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--team-syncing", action="store_true")
    parser.add_argument("--config-dump", action="store_true")
    parser.add_argument("--immutable-tags", action="store_true")
    parser.add_argument("--quota-management", action="store_true")
    parser.add_argument("--image-pull-stats", action="store_true")
    parser.add_argument("--security-scanner", action="store_true")
    parser.add_argument("--referrers-api", action="store_true")
    parser.add_argument("--user-metadata", action="store_true")
    parser.add_argument("--programmatic-bootstrap", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--proxy-cache", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--org-mirror", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--quota-notifications", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--auto-prune", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--all-features", action="store_true", help="turn every feature switch on")
    parser.add_argument("--page-size", action="append", default=[], metavar="NAME=N")
    parser.add_argument("--superuser-token")
    parser.add_argument("--clock-at", type=int, metavar="UNIX_SECONDS", help="pin the fake's clock at this time")
    parser.add_argument("--keep-alive", type=float, metavar="SECONDS", help="close connections idle this long (default 2)")
    parser.add_argument("--stop-on-eof", action="store_true", help="stop when stdin closes")
    args = parser.parse_args(argv)
    sizes = {}
    for item in args.page_size:
        name, _, value = item.partition("=")
        sizes[name] = int(value)
    fake = FakeQuay(
        port=args.port,
        page_sizes=sizes,
        team_syncing=args.team_syncing,
        config_dump=args.config_dump,
        immutable_tags=args.immutable_tags,
        quota_management=args.quota_management,
        image_pull_stats=args.image_pull_stats,
        security_scanner=args.security_scanner,
        referrers_api=args.referrers_api,
        user_metadata=args.user_metadata,
        # The switches without a keyword of their own come on only together, with all_features.
        all_features=args.all_features
        or (
            args.programmatic_bootstrap
            and args.proxy_cache
            and args.org_mirror
            and args.quota_notifications
            and args.auto_prune
        ),
        superuser_token=args.superuser_token,
        clock_at=args.clock_at,
        keep_alive=args.keep_alive,
    ).start()
    print(f"QUAY_REGISTRY={fake.url}")
    print(f"QUAY_TOKEN={fake.superuser_token}", flush=True)
    try:
        if args.stop_on_eof:
            sys.stdin.read()  # until the parent closes our stdin (or exits)
        else:
            threading.Event().wait()
    except KeyboardInterrupt:
        pass
    fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
