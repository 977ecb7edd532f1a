"""Paging: iter_<operation> yields items lazily across pages (the fake's pages are small:
see PAGE_SIZES in conftest.py), for both paging styles, sync and async."""

from typing import List

import pytest

import quay_sdk
from quay_sdk.testing import FakeQuay

from conftest import PAGE_SIZES


def make_repos(client: quay_sdk.Client, n: int) -> List[str]:
    client.create_organization(name="acme")
    names = [f"repo{i:02d}" for i in range(n)]
    for name in names:
        client.create_repo(namespace="acme", repository=name, visibility="private", description="")
    return names


def test_next_page_tokens_across_several_pages(fake: FakeQuay, client: quay_sdk.Client) -> None:
    names = make_repos(client, 7)
    first = client.list_repos(namespace="acme")
    assert len(first["repositories"]) == PAGE_SIZES["repos"] and first.get("next_page")
    before = fake.request_count()
    items = list(client.iter_list_repos(namespace="acme"))
    assert sorted(r["name"] for r in items) == names
    assert fake.request_count() - before == 4  # 7 items, 2 a page


def test_items_are_fetched_lazily(fake: FakeQuay, client: quay_sdk.Client) -> None:
    make_repos(client, 7)
    before = fake.request_count()
    pager = client.iter_list_repos(namespace="acme")
    assert fake.request_count() == before, "making the pager sends nothing"
    next(pager)
    next(pager)
    assert fake.request_count() - before == 1, "the first page serves two items"
    next(pager)
    assert fake.request_count() - before == 2


def test_numbered_pages_of_tags(fake: FakeQuay, client: quay_sdk.Client) -> None:
    client.create_organization(name="acme")
    tags = [f"v{i}" for i in range(5)]
    for tag in tags:
        fake.push_manifest("acme", "app", tag)
    before = fake.request_count()
    names = [t["name"] for t in client.iter_list_repo_tags(namespace="acme", repository="app", only_active_tags=True)]
    assert sorted(names) == tags
    assert fake.request_count() - before == 3  # 5 tags, 2 a page (tags_default)


def test_superuser_listings(fake: FakeQuay, client: quay_sdk.Client) -> None:
    users = [f"user{i}" for i in range(5)]
    for u in users:
        fake.create_user(u)
    orgs = [f"org{i}" for i in range(5)]
    for o in orgs:
        client.create_organization(name=o)
    assert set(users) <= {u["username"] for u in client.iter_list_all_users()}
    assert sorted(o["name"] for o in client.iter_list_all_organizations()) == orgs
    logs = list(client.iter_list_all_logs())
    assert len(logs) > PAGE_SIZES["logs"]
    assert all("kind" in entry for entry in logs)


def test_generic_paginate(client: quay_sdk.Client) -> None:
    names = make_repos(client, 3)
    assert sorted(r["name"] for r in client.paginate("listRepos", namespace="acme")) == names
    with pytest.raises(quay_sdk.InvalidInput):
        client.paginate("getOrganization", orgname="acme")  # not a paged operation


def test_an_error_mid_way_is_raised(fake: FakeQuay, client: quay_sdk.Client) -> None:
    make_repos(client, 5)
    pager = client.iter_list_repos(namespace="acme")
    assert next(pager) and next(pager)
    fake.inject_fault(status=500, operation_id="listRepos")
    with pytest.raises(quay_sdk.ServerError):
        next(pager)


async def test_async_paging(fake: FakeQuay) -> None:
    with fake.client() as c:
        names = make_repos(c, 5)
    async with fake.async_client() as ac:
        seen = [r["name"] async for r in ac.iter_list_repos(namespace="acme")]
        assert sorted(seen) == names
        tags = [t async for t in ac.iter_list_repo_tags(namespace="acme", repository="repo00")]
        assert tags == []
