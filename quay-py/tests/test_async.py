"""quay_sdk.AsyncClient: the same methods as coroutines on the Rust runtime."""

import asyncio
import time

import pytest

import quay_sdk
from quay_sdk.testing import FakeQuay


async def test_calls_are_coroutines(fake: FakeQuay) -> None:
    async with quay_sdk.AsyncClient(registry=fake.url, token=fake.superuser_token) as c:
        pending = c.get_logged_in_user()
        assert asyncio.iscoroutine(pending)
        me = await pending
        assert me["username"] == "quayadmin"
        assert await c.create_organization(name="acme") == "Created"
        robot = await c.create_org_robot(orgname="acme", robot_shortname="ci", description="CI")
        assert robot["name"] == "acme+ci"
        assert await c.delete_org_robot(orgname="acme", robot_shortname="ci") is None
        assert await c.call("getOrganization", orgname="acme")
    assert c.closed


async def test_tasks_and_gather(fake: FakeQuay) -> None:
    async with fake.async_client() as c:
        await c.create_organization(name="acme")
        tasks = [
            asyncio.create_task(c.create_repo(namespace="acme", repository=f"r{i}", visibility="private", description=""))
            for i in range(10)
        ]
        await asyncio.gather(*tasks)
        repos = await c.list_repos(namespace="acme")
        assert len(repos["repositories"]) + 8 >= 10  # the first page (2 a page in these tests)
        assert len([r async for r in c.iter_list_repos(namespace="acme")]) == 10


async def test_concurrent_slow_calls_overlap(fake: FakeQuay) -> None:
    fake.inject_fault(delay=0.5, operation_id="getLoggedInUser", times=4)
    async with fake.async_client(retries=0) as c:
        start = time.perf_counter()
        results = await asyncio.gather(*(c.get_logged_in_user() for _ in range(4)))
        elapsed = time.perf_counter() - start
    assert [r["username"] for r in results] == ["quayadmin"] * 4
    assert elapsed < 1.5, f"4 calls of 0.5 s took {elapsed:.2f} s: they did not run concurrently"


async def test_the_event_loop_keeps_running_during_a_call(fake: FakeQuay) -> None:
    fake.inject_fault(delay=0.5, operation_id="getLoggedInUser")
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    async with fake.async_client(retries=0) as c:
        t = asyncio.create_task(ticker())
        await c.get_logged_in_user()
        t.cancel()
    assert ticks >= 20


async def test_exceptions(fake: FakeQuay) -> None:
    async with fake.async_client(retries=0) as c:
        with pytest.raises(quay_sdk.NotFound) as e:
            await c.get_organization(orgname="nowhere")
        assert e.value.status == 404
        before = fake.request_count()
        with pytest.raises(quay_sdk.InvalidInput):
            await c.get_organization(orgname="Not A Name")
        assert fake.request_count() == before
        fake.inject_fault(delay=2, operation_id="getLoggedInUser")
    async with fake.async_client(timeout=0.2, retries=0) as slow:
        with pytest.raises(quay_sdk.Timeout):
            await slow.get_logged_in_user()


async def test_cancellation(fake: FakeQuay) -> None:
    fake.inject_fault(delay=1.0, operation_id="getLoggedInUser")
    async with fake.async_client(retries=0) as c:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(c.get_logged_in_user(), 0.1)
        # The client still works afterwards.
        assert (await c.get_logged_in_user())["username"] == "quayadmin"


def test_asyncio_run_from_sync_code(fake: FakeQuay) -> None:
    async def main() -> str:
        async with fake.async_client() as c:
            me = await c.get_logged_in_user()
            return str(me["username"])

    assert asyncio.run(main()) == "quayadmin"
    assert asyncio.run(main()) == "quayadmin"  # a second event loop works too
