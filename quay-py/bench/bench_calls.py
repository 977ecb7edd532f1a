"""1,000 sequential calls through quay_sdk.Client, against the same calls through
requests.Session and httpx.Client, on the fake Quay on loopback. Run by `cargo xtask bench`
(with a release build of the wheel), with QUAY_REGISTRY and QUAY_TOKEN set.

Each round makes CALLS getRepo calls with one client; the figure is the median of ROUNDS
rounds, the clients taking turns so that drift hits them alike. Every client decodes the
JSON body into Python data.
"""

import json
import os
import statistics
import sys
import time
import urllib.request
from typing import Callable, Dict, List

import httpx
import requests

import quay_sdk

CALLS = 1_000
ROUNDS = 5
TARGET = 3.0  # quay_sdk.Client at least 3x faster than requests.Session
NAMESPACE, REPO = "pybench", "web"


def seed(url: str, token: str) -> None:
    with quay_sdk.Client(url, token) as c:
        try:
            c.create_organization(name=NAMESPACE)
        except quay_sdk.BadRequest:
            pass  # already there from an earlier run on the same server
        body = json.dumps({"namespace": NAMESPACE, "repository": REPO, "tag": "latest"}).encode()
        req = urllib.request.Request(
            url + "/__fake/manifests", data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        urllib.request.build_opener(urllib.request.ProxyHandler({})).open(req).close()
        assert c.get_repo(namespace=NAMESPACE, repository=REPO)["name"] == REPO


def main() -> int:
    url, token = os.environ["QUAY_REGISTRY"].rstrip("/"), os.environ["QUAY_TOKEN"]
    seed(url, token)
    endpoint = f"{url}/api/v1/repository/{NAMESPACE}/{REPO}"
    auth = {"Authorization": f"Bearer {token}"}

    sdk = quay_sdk.Client(url, token)
    session = requests.Session()
    session.trust_env = False
    session.headers.update(auth)
    hx = httpx.Client(headers=auth, trust_env=False)

    def run_sdk() -> None:
        for _ in range(CALLS):
            sdk.get_repo(namespace=NAMESPACE, repository=REPO)

    def run_requests() -> None:
        for _ in range(CALLS):
            r = session.get(endpoint)
            r.raise_for_status()
            r.json()

    def run_httpx() -> None:
        for _ in range(CALLS):
            r = hx.get(endpoint)
            r.raise_for_status()
            r.json()

    runs: Dict[str, Callable[[], None]] = {
        "quay_sdk.Client": run_sdk,
        "requests.Session": run_requests,
        "httpx.Client": run_httpx,
    }
    for run in runs.values():  # warm up connections and caches
        run()
    times: Dict[str, List[float]] = {name: [] for name in runs}
    for _ in range(ROUNDS):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    median = {name: statistics.median(t) for name, t in times.items()}
    base = median["quay_sdk.Client"]
    print(f"python: {CALLS:,} sequential getRepo calls on loopback (median of {ROUNDS} rounds)")
    for name, t in median.items():
        ratio = "" if name == "quay_sdk.Client" else f"   {name} / quay_sdk.Client = {t / base:.2f}x"
        print(f"  {name:<17} {t:7.3f} s  {t / CALLS * 1e6:7.1f} us/call{ratio}")
    ratio = median["requests.Session"] / base
    verdict = "met" if ratio >= TARGET else "NOT met"
    print(f"  target: quay_sdk.Client >= {TARGET:.0f}x faster than requests.Session: {verdict} ({ratio:.2f}x)")
    sdk.close()
    session.close()
    hx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
