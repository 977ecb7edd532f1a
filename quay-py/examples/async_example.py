"""quay_sdk.AsyncClient: the same methods as coroutines, and async iteration across pages."""

import asyncio
from typing import Dict, List

import quay_sdk


async def robot_tokens(client: quay_sdk.AsyncClient, orga: str, names: List[str]) -> Dict[str, str]:
    """Creates robots concurrently; returns their tokens by name."""
    robots = await asyncio.gather(*(client.create_org_robot(orgname=orga, robot_shortname=n) for n in names))
    return {r["name"]: r.get("token") or "" for r in robots}


async def repository_names(client: quay_sdk.AsyncClient, orga: str) -> List[str]:
    return [repo["name"] async for repo in client.iter_list_repos(namespace=orga)]


async def main(registry: str, token: str) -> None:
    async with quay_sdk.AsyncClient(registry=registry, token=token, timeout=30) as client:
        await client.create_organization(name="acme")
        tokens = await robot_tokens(client, "acme", ["ci", "deployer"])
        print(sorted(tokens))
        await asyncio.gather(
            *(
                client.create_repo(namespace="acme", repository=f"svc{i}", visibility="private", description="")
                for i in range(5)
            )
        )
        print(await repository_names(client, "acme"))


if __name__ == "__main__":
    from quay_sdk.testing import FakeQuay

    with FakeQuay() as fake:
        asyncio.run(main(fake.url, fake.superuser_token))
