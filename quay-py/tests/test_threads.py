"""One client shared by threads, and the GIL released during every network wait."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import List

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


def test_the_gil_is_released_during_a_slow_call(fake: FakeQuay, client: quay_sdk.Client) -> None:
    fake.inject_fault(delay=1.0, operation_id="getLoggedInUser")
    counts: List[int] = []
    running = threading.Event()
    stop = threading.Event()

    def spin() -> None:
        n = 0
        running.set()
        while not stop.is_set():
            n += 1
        counts.append(n)

    t = threading.Thread(target=spin)
    t.start()
    running.wait()
    # Let the spinner settle, then count what it does during the call only.
    start = time.perf_counter()
    me = client.get_logged_in_user()
    elapsed = time.perf_counter() - start
    stop.set()
    t.join()
    assert me["username"] == "quayadmin"
    assert elapsed >= 0.9
    # Holding the GIL for a second would leave the spinner at a few switch intervals' worth of
    # work; released, it runs the whole second (millions of iterations).
    assert counts[0] > 1_000_000, counts


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
