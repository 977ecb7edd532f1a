"""The curl guide (shared/seeds: "quay-api"), chapter by chapter, with every `curl | jq` line
replaced by a method call of quay_sdk.Client, against the fake Quay."""


import pytest

import quay_sdk
from quay_sdk.testing import FakeQuay

ORGA, REPO, TEAM, USER, ROBOT = "acme", "app", "devs", "alice", "ci"


@pytest.fixture
def c(fake: FakeQuay, client: quay_sdk.Client) -> quay_sdk.Client:
    """The guide's starting point: an organization, a user and a robot."""
    fake.create_user(USER, f"{USER}@example.com")
    client.create_organization(name=ORGA)
    client.create_org_robot(orgname=ORGA, robot_shortname=ROBOT)
    return client


def test_organizations(client: quay_sdk.Client) -> None:
    # List all existing organizations (super:user)
    assert client.list_all_organizations()["organizations"] == []
    # Create the organization $orga: HTTP 201, Quay's body is the string "Created"
    assert client.create_organization(name=ORGA) == "Created"
    assert [o["name"] for o in client.iter_list_all_organizations()] == [ORGA]
    # Get the details for the organization $orga
    org = client.get_organization(orgname=ORGA)
    assert org["name"] == ORGA and org["is_admin"]
    # List the applications for the organization $orga
    assert client.get_organization_applications(orgname=ORGA)["applications"] == []
    # Delete the organization $orga: HTTP 204, None in Python
    assert client.delete_admined_organization(orgname=ORGA) is None
    # ... after which getting it is a 404
    with pytest.raises(quay_sdk.NotFound):
        client.get_organization(orgname=ORGA)


def test_prototypes(c: quay_sdk.Client) -> None:
    c.update_organization_team(orgname=ORGA, teamname=TEAM, role="member")
    # Get current existing permission prototypes
    assert c.get_organization_prototype_permissions(orgname=ORGA)["prototypes"] == []
    # Create a permission prototype for team $team to admin
    team = c.create_organization_prototype_permission(orgname=ORGA, delegate={"name": TEAM, "kind": "team"}, role="admin")
    # ... for user $user to write
    c.create_organization_prototype_permission(orgname=ORGA, delegate={"name": USER, "kind": "user"}, role="write")
    # ... for robot $robot to read (a robot is the user "orga+robot")
    c.create_organization_prototype_permission(
        orgname=ORGA, body={"delegate": {"name": f"{ORGA}+{ROBOT}", "kind": "user"}, "role": "read"}
    )
    protos = c.get_organization_prototype_permissions(orgname=ORGA)["prototypes"]
    assert sorted(p["role"] for p in protos) == ["admin", "read", "write"]
    # Valid values for role are admin, write and read: anything else is refused before sending
    with pytest.raises(quay_sdk.InvalidInput):
        c.create_organization_prototype_permission(orgname=ORGA, delegate={"name": TEAM, "kind": "team"}, role="owner")
    # Delete a prototype permission (its id from the listing)
    assert c.delete_organization_prototype_permission(orgname=ORGA, prototypeid=team["id"]) is None
    assert len(c.get_organization_prototype_permissions(orgname=ORGA)["prototypes"]) == 2


def test_repositories(c: quay_sdk.Client) -> None:
    # Create the repository $repo in organization $orga
    created = c.create_repo(namespace=ORGA, repository=REPO, visibility="private", description="", repo_kind="image")
    assert created["name"] == REPO
    # List all existing repositories in organization $orga
    assert [r["name"] for r in c.iter_list_repos(namespace=ORGA)] == [REPO]
    # List the repositories the token's user can see (public=true)
    assert [r["name"] for r in c.iter_list_repos(public=True)] == [REPO]
    # Change the visibility to public
    assert c.change_repo_visibility(namespace=ORGA, repository=REPO, visibility="public")["success"]
    assert c.get_repo(namespace=ORGA, repository=REPO)["is_public"]
    # Change the repository state to READ_ONLY (case sensitive: "read_only" never leaves Python)
    with pytest.raises(quay_sdk.InvalidInput):
        c.change_repo_state(namespace=ORGA, repository=REPO, state="read_only")
    c.change_repo_state(namespace=ORGA, repository=REPO, state="READ_ONLY")
    assert c.get_repo(namespace=ORGA, repository=REPO)["state"] == "READ_ONLY"


def test_mirrored_repositories(c: quay_sdk.Client) -> None:
    c.create_repo(namespace=ORGA, repository=REPO, visibility="private", description="")
    # Get the existing mirror config: 404 when there is none
    with pytest.raises(quay_sdk.NotFound):
        c.get_repo_mirror_config(namespace=ORGA, repository=REPO)
    # Create a mirror config (minimal config; the robot must exist)
    minimal = dict(
        external_reference="quay.io/minio/mc",
        external_registry_username="",
        sync_interval=600,
        sync_start_date="2021-08-06T11:11:39Z",
        root_rule={"rule_kind": "tag_glob_csv", "rule_value": ["latest"]},
        robot_username=f"{ORGA}+{ROBOT}",
        skopeo_timeout_interval=300,
    )
    c.create_repo_mirror_config(namespace=ORGA, repository=REPO, **minimal)
    # A second one is a 409: it already exists
    with pytest.raises(quay_sdk.AlreadyExists):
        c.create_repo_mirror_config(namespace=ORGA, repository=REPO, **minimal)
    # Extended config on another repository
    c.create_repo(namespace=ORGA, repository="mc", visibility="private", description="")
    c.create_repo_mirror_config(
        namespace=ORGA,
        repository="mc",
        is_enabled=True,
        external_reference="quay.io/minio/mc",
        external_registry_username="username",
        external_registry_password="password",
        external_registry_config={
            "verify_tls": False,
            "unsigned_images": True,
            "proxy": {"http_proxy": "http://proxy.tld", "https_proxy": "https://proxy.tld", "no_proxy": "domain"},
        },
        sync_interval=600,
        sync_start_date="2021-08-06T11:11:39Z",
        root_rule={"rule_kind": "tag_glob_csv", "rule_value": ["*"]},
        robot_username=f"{ORGA}+{ROBOT}",
        skopeo_timeout_interval=300,
    )
    # Update a part of the mirror config: only the sync interval
    c.change_repo_mirror_config(namespace=ORGA, repository=REPO, sync_interval=1260)
    assert c.get_repo_mirror_config(namespace=ORGA, repository=REPO)["sync_interval"] == 1260
    # Initiate a mirror sync action
    assert c.sync_now(namespace=ORGA, repository="mc") is None
    assert c.get_repo_mirror_config(namespace=ORGA, repository="mc")["sync_status"] == "SYNC_NOW"


def test_tags(fake: FakeQuay, c: quay_sdk.Client) -> None:
    digest = fake.push_manifest(ORGA, REPO, "latest")
    # List all tags in repository $repo
    assert [t["name"] for t in c.list_repo_tags(namespace=ORGA, repository=REPO)["tags"]] == ["latest"]
    # Create a new tag $newtag for manifest digest $manifest_digest (full sha256 digest only)
    with pytest.raises(quay_sdk.InvalidInput):
        c.change_tag(namespace=ORGA, repository=REPO, tag="v1", manifest_digest="sha256:xxxx")
    c.change_tag(namespace=ORGA, repository=REPO, tag="v1", manifest_digest=digest)
    # Set the expiration date (a UNIX time stamp)
    expiration = fake.now() + 86400
    c.change_tag(namespace=ORGA, repository=REPO, tag="v1", expiration=expiration)
    (tag,) = c.list_repo_tags(namespace=ORGA, repository=REPO, specific_tag="v1")["tags"]
    assert tag.get("end_ts") == expiration
    # Reset the expiration date to Never: expiration=None sends null
    c.change_tag(namespace=ORGA, repository=REPO, tag="v1", expiration=None)
    (tag,) = c.list_repo_tags(namespace=ORGA, repository=REPO, specific_tag="v1")["tags"]
    assert tag.get("end_ts") is None
    # Delete tag $tag
    assert c.delete_full_tag(namespace=ORGA, repository=REPO, tag="v1") is None
    assert [t["name"] for t in c.iter_list_repo_tags(namespace=ORGA, repository=REPO, only_active_tags=True)] == ["latest"]


def test_teams(c: quay_sdk.Client) -> None:
    c.create_repo(namespace=ORGA, repository=REPO, visibility="private", description="")
    # Create a team $team with role member
    c.update_organization_team(orgname=ORGA, teamname=TEAM, role="member", description="Short description of the team")
    # List all teams within organization $orga (and additional info)
    assert TEAM in c.get_organization(orgname=ORGA)["teams"]
    # Change the role to admin ... as the guide does, on a repository permission
    c.change_team_permissions(namespace=ORGA, repository=REPO, teamname=TEAM, role="admin")
    # Set the description using markdown text
    team = c.update_organization_team(
        orgname=ORGA, teamname=TEAM, role="member", description="# Caption\nShort description of the *team*"
    )
    assert team["description"].startswith("# Caption")
    # Add the user $user as member
    c.update_organization_team_member(orgname=ORGA, teamname=TEAM, membername=USER)
    # Get all members
    members = c.get_organization_team_members(orgname=ORGA, teamname=TEAM)["members"]
    assert [m["name"] for m in members] == [USER]
    # Get all permissions of the team
    perms = c.get_organization_team_permissions(orgname=ORGA, teamname=TEAM)["permissions"]
    assert [(p["repository"]["name"], p["role"]) for p in perms] == [(REPO, "admin")]
    # Remove the user
    assert c.delete_organization_team_member(orgname=ORGA, teamname=TEAM, membername=USER) is None
    # Enable, then remove, LDAP group team sync
    c.enable_organization_team_sync(orgname=ORGA, teamname=TEAM, group_dn="cn=ldapgroup,dc=domain,dc=tld")
    c.disable_organization_team_sync(orgname=ORGA, teamname=TEAM)
    # Delete the team
    assert c.delete_organization_team(orgname=ORGA, teamname=TEAM) is None
    assert TEAM not in c.get_organization(orgname=ORGA)["teams"]


def test_users(c: quay_sdk.Client) -> None:
    # Get all existing users
    assert USER in [u["username"] for u in c.iter_list_all_users()]
    # Get the user who owns the token
    assert c.get_logged_in_user()["username"] == "quayadmin"
    # Create a user abc
    created = c.create_install_user(username="abc", email="abc@example.com")
    assert created["username"] == "abc"
    # ... an existing one is a 400: it already exists
    with pytest.raises(quay_sdk.AlreadyExists):
        c.create_install_user(username="abc", email="abc2@example.com")
    # Get user information of user $user
    assert c.get_user_information(username=USER)["username"] == USER
    # Delete user abc
    c.delete_install_user(username="abc")
    with pytest.raises(quay_sdk.NotFound):
        c.get_user_information(username="abc")


def test_org_robots(c: quay_sdk.Client) -> None:
    # Create the orgrobot (done by the fixture), get it with its token
    robot = c.get_org_robot(orgname=ORGA, robot_shortname=ROBOT)
    assert robot["name"] == f"{ORGA}+{ROBOT}" and robot["token"]
    # List all robots with their tokens
    robots = c.get_org_robots(orgname=ORGA, token=True)["robots"]
    assert [r["name"] for r in robots] == [f"{ORGA}+{ROBOT}"]
    # Replace the robot's token
    assert c.regenerate_org_robot_token(orgname=ORGA, robot_shortname=ROBOT)["token"] != robot["token"]
    # The robot's permissions
    assert c.get_org_robot_permissions(orgname=ORGA, robot_shortname=ROBOT)["permissions"] == []


def test_user_robots(c: quay_sdk.Client) -> None:
    c.create_repo(namespace=ORGA, repository=REPO, visibility="private", description="")
    robot = f"{ORGA}+{ROBOT}"
    # Set the permission write for the robot on the repository
    assert c.change_user_permissions(namespace=ORGA, repository=REPO, username=robot, role="write")["role"] == "write"
    assert c.get_org_robot_permissions(orgname=ORGA, robot_shortname=ROBOT)["permissions"][0]["role"] == "write"
    # Delete it
    assert c.delete_user_permissions(namespace=ORGA, repository=REPO, username=robot) is None


def test_quotas(c: quay_sdk.Client) -> None:
    # List quota of organization $orga
    assert c.list_organization_quota(orgname=ORGA) == []
    # Create a quota of 100MB
    c.create_organization_quota(orgname=ORGA, limit_bytes=104857600)
    (quota,) = c.list_organization_quota(orgname=ORGA)
    assert quota["limit_bytes"] == 104857600
    # Delete it (quota ids travel as text)
    c.delete_organization_quota(orgname=ORGA, quota_id=quota["id"])
    assert c.list_organization_quota(orgname=ORGA) == []


def test_take_ownership(fake: FakeQuay, c: quay_sdk.Client) -> None:
    alice = quay_sdk.Client(fake.url, fake.create_user("bob", "bob@example.com"))
    alice.create_organization(name="bobs")
    # Take the ownership of organization $orga (super:user)
    c.take_ownership(namespace="bobs")
    assert c.get_organization(orgname="bobs")["is_admin"]
    # Without the super:user scope it is a 403
    limited = quay_sdk.Client(fake.url, fake.mint_token("bob", ["org:admin"]))
    with pytest.raises(quay_sdk.Forbidden):
        limited.take_ownership(namespace=ORGA)
