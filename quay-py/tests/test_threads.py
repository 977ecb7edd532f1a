"""One client shared by threads, and the GIL released during every network wait."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, List

import quay_sdk
from quay_sdk.testing import FakeQuay


def test_eight_threads_share_one_client(fake: FakeQuay, client: quay_sdk.Client) -> None:
    client.create_organization(name="acme")

    def work(i: int) -> List[str]:
        names = []
        for j in range(10):
            name = f"t{i}-r{j}"
            client.create_repo(namespace="acme", repository=name, visibility="private", description="")
            assert client.get_repo(namespace="acme", repository=name)["name"] == name
            names.append(name)
        return names

    with ThreadPoolExecutor(max_workers=8) as pool:
        created = [n for names in pool.map(work, range(8)) for n in names]
    listed = sorted(r["name"] for r in client.iter_list_repos(namespace="acme"))
    assert listed == sorted(created) and len(listed) == 80


def spin_while(action: Callable[[], object]) -> int:
    """Counts the iterations another Python thread makes while `action` runs."""
    counts: List[int] = []
    go = threading.Event()
    stop = threading.Event()

    def spin() -> None:
        go.wait()
        n = 0
        while not stop.is_set():
            n += 1
        counts.append(n)

    t = threading.Thread(target=spin)
    t.start()
    go.set()
    try:
        action()
    finally:
        stop.set()
        t.join()
    return counts[0]


def test_the_gil_is_released_during_a_slow_call(fake: FakeQuay, client: quay_sdk.Client) -> None:
    # Baseline: what the spinner does in 0.5 s while this thread sleeps (GIL released).
    baseline = spin_while(lambda: time.sleep(0.5))
    fake.inject_fault(delay=1.0, operation_id="getLoggedInUser")
    start = time.perf_counter()
    during = spin_while(client.get_logged_in_user)
    elapsed = time.perf_counter() - start
    assert elapsed >= 0.9
    # Had the call held the GIL for its second, the spinner would have run a few switch
    # intervals (5 ms each) at most; released, it runs about as much as during two sleeps.
    assert during > baseline * 0.5, (during, baseline)


def test_threads_run_slow_calls_in_parallel(fake: FakeQuay, client: quay_sdk.Client) -> None:
    fake.inject_fault(delay=0.5, operation_id="getLoggedInUser", times=8)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: client.get_logged_in_user(), range(8)))
    elapsed = time.perf_counter() - start
    assert len(results) == 8
    assert elapsed < 2.0, f"8 calls of 0.5 s on 8 threads took {elapsed:.2f} s"


def test_close_while_other_threads_call(fake: FakeQuay) -> None:
    c = fake.client()
    errors: List[BaseException] = []

    def caller() -> None:
        for _ in range(50):
            try:
                c.get_logged_in_user()
            except quay_sdk.QuayError as e:
                assert "closed" in str(e)
            except BaseException as e:  # pragma: no cover - reported below
                errors.append(e)

    threads = [threading.Thread(target=caller) for _ in range(4)]
    for t in threads:
        t.start()
    c.close()
    for t in threads:
        t.join()
    assert errors == []
