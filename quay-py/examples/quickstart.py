"""The curl guide's first steps in Python: organization, robot, team, repository, default
permission, tag and quota.

Run it against a Quay with QUAY_REGISTRY and QUAY_TOKEN set (a superuser's token with every
scope, as the guide's): `python quickstart.py ORGANIZATION`; or against the embedded fake Quay:
`python quickstart.py --fake`.
"""

import sys
import time
from typing import Callable, List

import quay_sdk
from quay_sdk.types import Organization, Robot


def guide(client: quay_sdk.Client, orga: str, push_image: Callable[[str, str], object]) -> List[str]:
    """Runs the steps; returns the repository's active tags."""
    # Create the organization $orga (Quay answers 201 and the string "Created")
    client.create_organization(name=orga, email=f"{orga}@example.com")
    org: Organization = client.get_organization(orgname=orga)
    print(f"organization {org['name']} (admin: {org['is_admin']})")

    # Create the orgrobot $robot, with its token
    robot: Robot = client.create_org_robot(orgname=orga, robot_shortname="ci", description="CI pushes")
    print(f"robot {robot['name']}")

    # Create the team devs (role member) and a default permission: devs may write new repos
    client.update_organization_team(orgname=orga, teamname="devs", role="member", description="Developers")
    client.create_organization_prototype_permission(
        orgname=orga, role="write", delegate={"name": "devs", "kind": "team"}
    )

    # Create the repository, then let the robot push to it
    client.create_repo(namespace=orga, repository="web", visibility="private", description="The web app")
    client.change_user_permissions(namespace=orga, repository="web", username=robot["name"], role="write")

    # Tag the pushed image v1.0; make it expire tomorrow; then clear the expiration (null)
    push_image(orga, "web")
    (latest,) = client.list_repo_tags(namespace=orga, repository="web", specific_tag="latest")["tags"]
    digest = latest["manifest_digest"]
    tomorrow = int(time.time()) + 86400
    client.change_tag(namespace=orga, repository="web", tag="v1.0", manifest_digest=digest)
    client.change_tag(namespace=orga, repository="web", tag="v1.0", expiration=tomorrow)
    client.change_tag(namespace=orga, repository="web", tag="v1.0", expiration=None)

    # A quota of 100 MiB on the organization
    client.create_organization_quota(orgname=orga, limit_bytes=100 * 1024 * 1024)
    for quota in client.list_organization_quota(orgname=orga):
        print(f"quota {quota['id']}: {quota.get('limit_bytes')} bytes")

    # Every repository of the organization, across pages
    for repo in client.iter_list_repos(namespace=orga):
        print(f"repository {repo['namespace']}/{repo['name']}")
    return [t["name"] for t in client.iter_list_repo_tags(namespace=orga, repository="web", only_active_tags=True)]


def main() -> None:
    if "--fake" in sys.argv:
        from quay_sdk.testing import FakeQuay

        with FakeQuay() as fake, fake.client() as client:
            print(guide(client, "acme", lambda orga, repo: fake.push_manifest(orga, repo, "latest")))
        return
    with quay_sdk.Client.from_env() as client:
        print(guide(client, sys.argv[1], lambda orga, repo: input(f"push an image to {orga}/{repo}:latest, then Enter")))


if __name__ == "__main__":
    main()
