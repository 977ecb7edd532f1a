"""The examples of the namespace, identity and platform chapters (issue 13) for
test_operations.py, merged into operation_examples.EXAMPLES: one successful call each, with
the pieces of the world they need built here (cached on the World like its own pieces)."""

from typing import Any, Callable, Dict

import quay_sdk

from conftest import World

Example = Callable[[World], Dict[str, Any]]


def piece(w: World, name: str, make: Callable[[], Any]) -> Any:
    """Builds a named piece of the world once."""
    if name not in w._built:
        w._built[name] = make()
    return w._built[name]


def message_uuid(w: World) -> str:
    def make() -> str:
        w.client.create_global_message(message={"content": "hello", "media_type": "text/plain", "severity": "info"})
        return str(w.client.get_global_messages()["messages"][-1]["uuid"])

    return str(piece(w, "message_uuid", make))


def app_token(w: World) -> str:
    return str(piece(w, "app_token", lambda: w.client.create_app_token(title="ci")["token"]["uuid"]))


def as_bootstrap(w: World) -> Dict[str, Any]:
    """Makes the world's client the bootstrap token's (the only caller renewal accepts)."""
    token = w.fake.bootstrap_token()
    assert token is not None, "the fixture's fake has every feature on"
    w.client = quay_sdk.Client(registry=w.fake.url, token=token, retries=0)
    return {}


NAMESPACE_EXAMPLES: Dict[str, Example] = {
    # platform
    "getRegistryCapabilities": lambda w: dict(),
    "discovery": lambda w: dict(internal=True),
    "getErrorDescription": lambda w: dict(error_type="not_found"),
    "renewBootstrapToken": as_bootstrap,
    # globalmessages
    "getGlobalMessages": lambda w: dict(),
    "createGlobalMessage": lambda w: dict(
        message={"content": "maintenance", "media_type": "text/markdown", "severity": "warning"}
    ),
    "deleteGlobalMessage": lambda w: dict(uuid=message_uuid(w)),
    # appspecifictokens
    "listAppTokens": lambda w: dict(expiring=False),
    "createAppToken": lambda w: dict(title="ci login"),
    "getAppToken": lambda w: dict(token_uuid=app_token(w)),
    "revokeAppToken": lambda w: dict(token_uuid=app_token(w)),
    "listAllAppTokens": lambda w: dict(expiring=True),
}


def org_app(w: World) -> str:
    def make() -> str:
        app = w.client.create_organization_application(
            orgname=w.org, name="deployer", redirect_uri="https://a.example/cb", application_uri="https://a.example"
        )
        return str(app["client_id"])

    return str(piece(w, "org_app", make))


def org_app_token(w: World) -> str:
    def make() -> str:
        t = w.client.create_organization_application_token(
            orgname=w.org, client_id=org_app(w), name="ci", scope="repo:read"
        )
        return str(t["uuid"])

    return str(piece(w, "org_app_token", make))


def user_robot(w: World) -> str:
    return str(piece(w, "user_robot", lambda: w.client.create_user_robot(robot_shortname="mine")["name"]))


def quota_limit(w: World) -> int:
    def make() -> int:
        w.client.create_organization_quota_limit(
            orgname=w.org, quota_id=w.org_quota_id, type="Warning", threshold_percent=80
        )
        limits = w.client.list_organization_quota_limit(orgname=w.org, quota_id=w.org_quota_id)
        return int(limits[0]["id"])

    return int(piece(w, "quota_limit", make))


def own_quota(w: World) -> int:
    """A quota on the superuser's own namespace (the world's client is quayadmin)."""

    def make() -> int:
        w.client.create_user_quota_super_user(namespace="quayadmin", limit_bytes=10 * 1024 * 1024)
        return int(w.client.list_user_quota()[0]["id"])

    return int(piece(w, "own_quota", make))


def own_quota_limit(w: World) -> int:
    def make() -> int:
        q = own_quota(w)
        w.client.create_organization_quota_limit(orgname="quayadmin", quota_id=q, type="Reject", threshold_percent=95)
        return int(w.client.list_user_quota_limit(quota_id=q)[0]["id"])

    return int(piece(w, "own_quota_limit", make))


NOTIFICATION = {"event": "quota_warning", "method": "email", "config": {"email": "ops@example.com"}, "eventConfig": {}}


def org_notification(w: World) -> str:
    return str(piece(w, "org_notification", lambda: w.client.create_org_notification(orgname=w.org, **NOTIFICATION)["uuid"]))


def own_notification(w: World) -> str:
    return str(piece(w, "own_notification", lambda: w.client.create_user_namespace_notification(**NOTIFICATION)["uuid"]))


def invite(w: World) -> str:
    def make() -> str:
        w.needs("team")
        w.client.invite_team_member_email(orgname=w.org, teamname=w.team, email="new@example.com")
        return "new@example.com"

    return str(piece(w, "invite", make))


def proxied(w: World) -> str:
    def make() -> str:
        w.client.create_organization(name="cache", email="cache@example.com")
        w.client.create_proxy_cache_config(orgname="cache", upstream_registry="quay.io/library")
        return "cache"

    return str(piece(w, "proxied", make))


def mirrored_org(w: World) -> str:
    def make() -> str:
        w.needs("repo")
        w.client.create_organization(name="copy", email="copy@example.com")
        w.client.create_org_robot(orgname="copy", robot_shortname="bot")
        w.client.create_org_mirror_config(
            orgname="copy",
            external_registry_type="quay",
            external_registry_url=w.fake.url,
            external_namespace=w.org,
            robot_username="copy+bot",
            visibility="private",
            sync_interval=3600,
            sync_start_date="2030-01-01T00:00:00Z",
        )
        return "copy"

    return str(piece(w, "mirrored_org", make))


def synced_org(w: World) -> str:
    def make() -> str:
        w.client.sync_org_mirror_now(orgname=mirrored_org(w))
        return mirrored_org(w)

    return str(piece(w, "synced_org", make))


def member_of(w: World) -> Dict[str, Any]:
    return dict(orgname=w.needs("team").org, membername=w.alice)


def notified(w: World) -> Dict[str, Any]:
    """A test of a notification aimed at the superuser puts one in its list."""
    uuid = w.client.create_org_notification(
        orgname=w.org,
        event="quota_error",
        method="quay_notification",
        config={"target": {"name": "quayadmin", "kind": "user"}},
        eventConfig={},
    )["uuid"]
    w.client.test_org_notification(orgname=w.org, uuid=uuid)
    return dict(limit=5, page=1)


NAMESPACE_EXAMPLES.update(
    {
        # robot
        "getUserRobots": lambda w: dict(token=False, permissions=True, limit=10),
        "createUserRobot": lambda w: dict(robot_shortname="builder", description="builds"),
        "getUserRobot": lambda w: dict(robot_shortname=user_robot(w).split("+")[1]),
        "deleteUserRobot": lambda w: dict(robot_shortname=user_robot(w).split("+")[1]),
        "regenerateUserRobotToken": lambda w: dict(robot_shortname=user_robot(w).split("+")[1]),
        "getUserRobotPermissions": lambda w: dict(robot_shortname=user_robot(w).split("+")[1]),
        "getOrgRobotFederation": lambda w: dict(orgname=w.needs("robot").org, robot_shortname=w.robot),
        "createOrgRobotFederation": lambda w: dict(
            orgname=w.needs("robot").org,
            robot_shortname=w.robot,
            body=[{"issuer": "https://token.actions.githubusercontent.com", "subject": "repo:acme/app:ref:refs/heads/main"}],
        ),
        "deleteOrgRobotFederation": lambda w: dict(orgname=w.needs("robot").org, robot_shortname=w.robot),
        # organization
        "getOrganizationMember": member_of,
        "removeOrganizationMember": member_of,
        "getOrganizationCollaborators": lambda w: dict(orgname=w.needs("repo").org),
        "getOrganizationApplication": lambda w: dict(orgname=w.org, client_id=org_app(w)),
        "updateOrganizationApplication": lambda w: dict(
            orgname=w.org, client_id=org_app(w), name="renamed", redirect_uri="https://b/cb", application_uri="https://b"
        ),
        "deleteOrganizationApplication": lambda w: dict(orgname=w.org, client_id=org_app(w)),
        "getApplicationInformation": lambda w: dict(client_id=org_app(w)),
        "listOrganizationApplicationTokens": lambda w: dict(orgname=w.org, client_id=org_app(w)),
        "createOrganizationApplicationToken": lambda w: dict(
            orgname=w.org, client_id=org_app(w), name="reader", scope="repo:read", expiration=3600
        ),
        "deleteOrganizationApplicationToken": lambda w: dict(orgname=w.org, client_id=org_app(w), token_uuid=org_app_token(w)),
        "getProxyCacheConfig": lambda w: dict(orgname=proxied(w)),
        "createProxyCacheConfig": lambda w: dict(orgname=w.org, upstream_registry="quay.io/library", expiration_s=3600),
        "deleteProxyCacheConfig": lambda w: dict(orgname=proxied(w)),
        "validateProxyCacheConfig": lambda w: dict(
            orgname=w.org, upstream_registry=w.fake.url.split("://")[1] + "/library", insecure=True
        ),
        # org_mirror
        "createOrgMirrorConfig": lambda w: dict(
            orgname=w.org,
            external_registry_type="quay",
            external_registry_url="https://quay.io",
            external_namespace="projectquay",
            robot_username=f"{w.org}+{w.robot}",
            visibility="private",
            sync_interval=86400,
            sync_start_date="2030-01-01T00:00:00Z",
        ),
        "getOrgMirrorConfig": lambda w: dict(orgname=mirrored_org(w)),
        "updateOrgMirrorConfig": lambda w: dict(orgname=mirrored_org(w), sync_interval=7200),
        "verifyOrgMirrorConnection": lambda w: dict(orgname=mirrored_org(w)),
        "syncOrgMirrorNow": lambda w: dict(orgname=mirrored_org(w)),
        "cancelOrgMirrorSync": lambda w: dict(orgname=synced_org(w)),
        "listOrgMirrorRepositories": lambda w: dict(orgname=synced_org(w), page=1, limit=10),
        "deleteOrgMirrorConfig": lambda w: dict(orgname=mirrored_org(w)),
        # namespacequota
        "createOrganizationQuotaLimit": lambda w: dict(
            orgname=w.org, quota_id=w.org_quota_id, type="Reject", threshold_percent=95
        ),
        "listOrganizationQuotaLimit": lambda w: dict(orgname=w.org, quota_id=w.org_quota_id),
        "getOrganizationQuotaLimit": lambda w: dict(orgname=w.org, quota_id=w.org_quota_id, limit_id=quota_limit(w)),
        "changeOrganizationQuotaLimit": lambda w: dict(
            orgname=w.org, quota_id=w.org_quota_id, limit_id=quota_limit(w), threshold_percent=70
        ),
        "deleteOrganizationQuotaLimit": lambda w: dict(orgname=w.org, quota_id=w.org_quota_id, limit_id=quota_limit(w)),
        "listUserQuota": lambda w: dict(),
        "getUserQuota": lambda w: dict(quota_id=own_quota(w)),
        "listUserQuotaLimit": lambda w: dict(quota_id=own_quota(w)),
        "getUserQuotaLimit": lambda w: dict(quota_id=own_quota(w), limit_id=own_quota_limit(w)),
        # namespacenotification
        "listOrgNotifications": lambda w: dict(orgname=w.org),
        "createOrgNotification": lambda w: dict(orgname=w.org, title="mail", **NOTIFICATION),
        "getOrgNotification": lambda w: dict(orgname=w.org, uuid=org_notification(w)),
        "testOrgNotification": lambda w: dict(orgname=w.org, uuid=org_notification(w)),
        "resetOrgNotificationFailures": lambda w: dict(orgname=w.org, uuid=org_notification(w)),
        "deleteOrgNotification": lambda w: dict(orgname=w.org, uuid=org_notification(w)),
        "listUserNamespaceNotifications": lambda w: dict(),
        "createUserNamespaceNotification": lambda w: dict(**NOTIFICATION),
        "getUserNamespaceNotification": lambda w: dict(uuid=own_notification(w)),
        "testUserNamespaceNotification": lambda w: dict(uuid=own_notification(w)),
        "resetUserNamespaceNotificationFailures": lambda w: dict(uuid=own_notification(w)),
        "deleteUserNamespaceNotification": lambda w: dict(uuid=own_notification(w)),
        "listUserNotifications": notified,
        # team
        "inviteTeamMemberEmail": lambda w: dict(orgname=w.needs("team").org, teamname=w.team, email="someone@example.com"),
        "deleteTeamMemberEmailInvite": lambda w: dict(orgname=w.org, teamname=w.team, email=invite(w)),
    }
)
