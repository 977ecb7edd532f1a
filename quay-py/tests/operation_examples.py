"""One successful call of every spec operation: the keyword arguments to pass, built on a
fresh World (see conftest.py). test_operations.py is parametrised from the spec and fails for
an operation that has no example here, so a new spec operation cannot go untested."""

from typing import Any, Callable, Dict

from conftest import World
from namespace_examples import NAMESPACE_EXAMPLES

Example = Callable[[World], Dict[str, Any]]


def repo(w: World, **extra: Any) -> Dict[str, Any]:
    return dict(namespace=w.org, repository=w.repo, **extra)


EXAMPLES: Dict[str, Example] = {
    # organization
    "createOrganization": lambda w: dict(name="neworg", email="neworg@example.com"),
    "getOrganization": lambda w: dict(orgname=w.org),
    "changeOrganizationDetails": lambda w: dict(orgname=w.org, email="admin@acme.example", tag_expiration_s=86400),
    "deleteAdminedOrganization": lambda w: dict(orgname=w.org),
    "getOrganizationMembers": lambda w: dict(orgname=w.needs("team").org),
    "getOrganizationApplications": lambda w: dict(orgname=w.org),
    "createOrganizationApplication": lambda w: dict(orgname=w.org, name="tokenapp", description="tokens"),
    # prototype
    "getOrganizationPrototypePermissions": lambda w: dict(orgname=w.needs("prototype_id").org),
    "createOrganizationPrototypePermission": lambda w: dict(
        orgname=w.org, role="read", delegate={"name": f"{w.org}+{w.robot}", "kind": "user"}
    ),
    "updateOrganizationPrototypePermission": lambda w: dict(orgname=w.org, prototypeid=w.prototype_id, role="admin"),
    "deleteOrganizationPrototypePermission": lambda w: dict(orgname=w.org, prototypeid=w.prototype_id),
    # repository
    "listRepos": lambda w: dict(namespace=w.needs("repo").org),
    "createRepo": lambda w: dict(
        namespace=w.org, repository="new-repo", visibility="public", description="", repo_kind="image"
    ),
    "getRepo": lambda w: repo(w, include_tags=True),
    "updateRepo": lambda w: repo(w, description="# Main\nThe *app*"),
    "deleteRepository": lambda w: repo(w),
    "changeRepoVisibility": lambda w: repo(w, visibility="public"),
    "changeRepoState": lambda w: repo(w, state="READ_ONLY"),
    # permission
    "listRepoUserPermissions": lambda w: repo(w),
    "getUserPermissions": lambda w: repo(w, username=w.bob),
    "changeUserPermissions": lambda w: repo(w, username=f"{w.org}+{w.robot}", role="write"),
    "deleteUserPermissions": lambda w: repo(w, username=w.bob),
    "listRepoTeamPermissions": lambda w: repo(w),
    "getTeamPermissions": lambda w: repo(w, teamname=w.team),
    "changeTeamPermissions": lambda w: repo(w, teamname=w.team, role="admin"),
    "deleteTeamPermissions": lambda w: repo(w, teamname=w.team),
    # mirror
    "getRepoMirrorConfig": lambda w: dict(namespace=w.org, repository=w.mirrored),
    "createRepoMirrorConfig": lambda w: dict(
        namespace=w.org,
        repository=w.repo,
        external_reference="quay.io/minio/mc",
        external_registry_username="",
        sync_interval=600,
        sync_start_date="2021-08-06T11:11:39Z",
        root_rule={"rule_kind": "tag_glob_csv", "rule_value": ["latest"]},
        robot_username=f"{w.org}+{w.robot}",
        skopeo_timeout_interval=300,
    ),
    "changeRepoMirrorConfig": lambda w: dict(namespace=w.org, repository=w.mirrored, sync_interval=1260),
    "syncNow": lambda w: dict(namespace=w.org, repository=w.mirrored),
    "syncCancel": lambda w: dict(namespace=w.org, repository=w.syncing),
    # manifest
    "getRepoManifest": lambda w: repo(w, manifestref=w.latest_digest, include_modelcard=True),
    "listManifestLabels": lambda w: repo(w.needs("label_id"), manifestref=w.latest_digest, filter="com."),
    "addManifestLabel": lambda w: repo(w, manifestref=w.latest_digest, key="com.example.k", value="v", media_type=None),
    "getManifestLabel": lambda w: repo(w, manifestref=w.latest_digest, labelid=w.label_id),
    "deleteManifestLabel": lambda w: repo(w, manifestref=w.latest_digest, labelid=w.label_id),
    "getManifestPullStatistics": lambda w: repo(w, manifestref=w.latest_digest),
    "getRepoManifestSecurity": lambda w: repo(w, manifestref=w.latest_digest, vulnerabilities=True),
    "getUserTransitivePermission": lambda w: repo(w, username=w.bob),
    "getTagPullStatistics": lambda w: repo(w, tag="latest"),
    # logs
    "listOrgLogs": lambda w: dict(orgname=w.needs("repo").org, performer="quayadmin"),
    "listRepoLogs": lambda w: repo(w),
    "listUserLogs": lambda w: dict(),
    "getAggregateOrgLogs": lambda w: dict(orgname=w.needs("repo").org),
    "getAggregateRepoLogs": lambda w: repo(w),
    "getAggregateUserLogs": lambda w: dict(),
    "exportOrgLogs": lambda w: dict(orgname=w.org, callback_email="ops@example.com"),
    "exportRepoLogs": lambda w: repo(w, callback_url="https://hooks.example.com/logs"),
    "exportUserLogs": lambda w: dict(),
    # policy (auto-prune)
    "listOrganizationAutoPrunePolicies": lambda w: dict(orgname=w.needs("org_policy_uuid").org),
    "createOrganizationAutoPrunePolicy": lambda w: dict(orgname=w.org, method="creation_date", value="2w"),
    "getOrganizationAutoPrunePolicy": lambda w: dict(orgname=w.org, policy_uuid=w.org_policy_uuid),
    "updateOrganizationAutoPrunePolicy": lambda w: dict(orgname=w.org, policy_uuid=w.org_policy_uuid, method="number_of_tags", value=25),
    "deleteOrganizationAutoPrunePolicy": lambda w: dict(orgname=w.org, policy_uuid=w.org_policy_uuid),
    "listRepositoryAutoPrunePolicies": lambda w: repo(w.needs("repo_policy_uuid")),
    "createRepositoryAutoPrunePolicy": lambda w: repo(w, method="number_of_tags", value=3, tagPatternMatches=False, tagPattern="^keep-"),
    "getRepositoryAutoPrunePolicy": lambda w: repo(w, policy_uuid=w.repo_policy_uuid),
    "updateRepositoryAutoPrunePolicy": lambda w: repo(w, policy_uuid=w.repo_policy_uuid, method="creation_date", value="1w"),
    "deleteRepositoryAutoPrunePolicy": lambda w: repo(w, policy_uuid=w.repo_policy_uuid),
    "listUserAutoPrunePolicies": lambda w: dict(),
    "createUserAutoPrunePolicy": lambda w: dict(method="creation_date", value="30d"),
    "getUserAutoPrunePolicy": lambda w: dict(policy_uuid=w.user_policy_uuid),
    "updateUserAutoPrunePolicy": lambda w: dict(policy_uuid=w.user_policy_uuid, method="number_of_tags", value=7),
    "deleteUserAutoPrunePolicy": lambda w: dict(policy_uuid=w.user_policy_uuid),
    # referrers (the registry API: the client obtains its registry token from /v2/auth)
    "getReferrers": lambda w: repo(w, digest=w.needs("referrer").latest_digest, artifactType="application/vnd.example.sbom.v1"),
    # immutability_policy
    "listOrgImmutabilityPolicies": lambda w: dict(orgname=w.needs("org_immutability_uuid").org),
    "createOrgImmutabilityPolicy": lambda w: dict(orgname=w.org, tagPattern="^stable-", tagPatternMatches=False),
    "getOrgImmutabilityPolicy": lambda w: dict(orgname=w.org, policy_uuid=w.org_immutability_uuid),
    "updateOrgImmutabilityPolicy": lambda w: dict(orgname=w.org, policy_uuid=w.org_immutability_uuid, tagPattern="^rel"),
    "deleteOrgImmutabilityPolicy": lambda w: dict(orgname=w.org, policy_uuid=w.org_immutability_uuid),
    "listRepositoryImmutabilityPolicies": lambda w: repo(w.needs("repo_immutability_uuid")),
    "createRepositoryImmutabilityPolicy": lambda w: repo(w, tagPattern="^latest$"),
    "getRepositoryImmutabilityPolicy": lambda w: repo(w, policy_uuid=w.repo_immutability_uuid),
    "updateRepositoryImmutabilityPolicy": lambda w: repo(w, policy_uuid=w.repo_immutability_uuid, tagPattern="^v2"),
    "deleteRepositoryImmutabilityPolicy": lambda w: repo(w, policy_uuid=w.repo_immutability_uuid),
    # mirrorhealth
    "getRepositoryMirrorHealth": lambda w: dict(namespace=w.needs("mirrored").org, detailed=True, limit=10, offset=0),
    "getSuperUserRepositoryMirrorHealth": lambda w: dict(),
    # repositorynotification
    "listRepoNotifications": lambda w: repo(w.needs("notification_uuid")),
    "createRepoNotification": lambda w: repo(
        w, event="build_failure", method="quay_notification",
        config={"target": {"name": w.team, "kind": "team"}}, eventConfig={},
    ),
    "getRepoNotification": lambda w: repo(w, uuid=w.notification_uuid),
    "testRepoNotification": lambda w: repo(w, uuid=w.notification_uuid),
    "resetRepositoryNotificationFailures": lambda w: repo(w, uuid=w.notification_uuid),
    "deleteRepoNotification": lambda w: repo(w, uuid=w.notification_uuid),
    # tag
    "listRepoTags": lambda w: repo(w, only_active_tags=True),
    "changeTag": lambda w: repo(w, tag="stable", manifest_digest=w.latest_digest),
    "deleteFullTag": lambda w: repo(w, tag="latest"),
    "restoreTag": lambda w: repo(w, tag="v1", manifest_digest=w.v1_digest),
    # build
    "requestRepoBuild": lambda w: repo(w, archive_url="https://example.com/ctx.tar.gz", docker_tags=["x"]),
    "getRepoBuilds": lambda w: repo(w.needs("build_uuid"), limit=10),
    "getRepoBuild": lambda w: repo(w, build_uuid=w.build_uuid),
    "getRepoBuildStatus": lambda w: repo(w, build_uuid=w.build_uuid),
    "getRepoBuildLogs": lambda w: repo(w, build_uuid=w.build_uuid),
    "cancelRepoBuild": lambda w: repo(w, build_uuid=w.build_uuid),
    # trigger
    "listBuildTriggers": lambda w: repo(w.needs("trigger_uuid")),
    "getBuildTrigger": lambda w: repo(w, trigger_uuid=w.trigger_uuid),
    "activateBuildTrigger": lambda w: repo(
        w, trigger_uuid=w.trigger_uuid, config={"build_source": "git@git.example.com:acme/app.git"}
    ),
    "updateBuildTrigger": lambda w: repo(w, trigger_uuid=w.active_trigger_uuid, enabled=False),
    "manuallyStartBuildTrigger": lambda w: repo(w, trigger_uuid=w.active_trigger_uuid, commit_sha="0123456789abcdef"),
    "listTriggerRecentBuilds": lambda w: repo(w, trigger_uuid=w.active_trigger_uuid, limit=3),
    "deleteBuildTrigger": lambda w: repo(w, trigger_uuid=w.trigger_uuid),
    # robot
    "getOrgRobots": lambda w: dict(orgname=w.needs("robot").org, token=True, permissions=True),
    "getOrgRobot": lambda w: dict(orgname=w.org, robot_shortname=w.robot),
    "createOrgRobot": lambda w: dict(orgname=w.org, robot_shortname="deployer", description="Deploys"),
    "deleteOrgRobot": lambda w: dict(orgname=w.org, robot_shortname=w.robot),
    "regenerateOrgRobotToken": lambda w: dict(orgname=w.org, robot_shortname=w.robot),
    "getOrgRobotPermissions": lambda w: dict(orgname=w.org, robot_shortname=w.robot),
    # team
    "updateOrganizationTeam": lambda w: dict(orgname=w.org, teamname="readers", role="member", description="Read"),
    "deleteOrganizationTeam": lambda w: dict(orgname=w.org, teamname=w.team),
    "enableOrganizationTeamSync": lambda w: dict(orgname=w.org, teamname=w.team, group_dn="cn=devs,dc=example"),
    "disableOrganizationTeamSync": lambda w: dict(orgname=w.org, teamname=w.team),
    "getOrganizationTeamMembers": lambda w: dict(orgname=w.org, teamname=w.team, include_pending=True),
    "updateOrganizationTeamMember": lambda w: dict(orgname=w.org, teamname=w.team, membername=w.bob),
    "deleteOrganizationTeamMember": lambda w: dict(orgname=w.org, teamname=w.team, membername=w.alice),
    "getOrganizationTeamPermissions": lambda w: dict(orgname=w.needs("repo").org, teamname=w.team),
    # user
    "getLoggedInUser": lambda w: dict(),
    "getUserInformation": lambda w: dict(username=w.alice),
    "createStar": lambda w: dict(namespace=w.org, repository=w.repo),
    "listStarredRepos": lambda w: dict(),
    "deleteStar": lambda w: repo(w),
    # search
    "conductRepoSearch": lambda w: dict(query=w.needs("repo").repo, include_usage=True),
    "conductSearch": lambda w: dict(query=w.needs("repo").org),
    "getMatchingEntities": lambda w: dict(prefix="ali", namespace=w.needs("team").org, include_teams=True),
    # namespacequota
    "listOrganizationQuota": lambda w: dict(orgname=w.org),
    "createOrganizationQuota": lambda w: dict(orgname=w.org, limit_bytes=104857600),
    "getOrganizationQuota": lambda w: dict(orgname=w.org, quota_id=w.org_quota_id),
    "changeOrganizationQuota": lambda w: dict(orgname=w.org, quota_id=w.org_quota_id, limit_bytes=209715200),
    "deleteOrganizationQuota": lambda w: dict(orgname=w.org, quota_id=w.org_quota_id),
    # superuser
    "getConfigDump": lambda w: dict(),
    "listAllUsers": lambda w: dict(),
    "createInstallUser": lambda w: dict(username="abc", email="abc@example.com"),
    "changeInstallUser": lambda w: dict(username=w.carol, email="carol.new@example.com"),
    "deleteInstallUser": lambda w: dict(username=w.carol),
    "listAllLogs": lambda w: dict(),
    "listAllOrganizations": lambda w: dict(),
    "changeOrganization": lambda w: dict(name=w.org, body={"name": "renamed"}),
    "deleteOrganization": lambda w: dict(name=w.org),
    "takeOwnership": lambda w: dict(namespace=w.org),
    "listServiceKeys": lambda w: dict(),
    "createServiceKey": lambda w: dict(service="quay", expiration=4102444800, name="k", metadata={"a": "b"}),
    "getServiceKey": lambda w: dict(kid=w.service_key),
    "updateServiceKey": lambda w: dict(kid=w.service_key, name="renamed", expiration=None),
    "deleteServiceKey": lambda w: dict(kid=w.service_key),
    "approveServiceKey": lambda w: dict(kid=w.service_key, notes="approved"),
    "listUserQuotaSuperUser": lambda w: dict(namespace=w.bob),
    "createUserQuotaSuperUser": lambda w: dict(namespace=w.bob, limit_bytes=52428800),
    "changeUserQuotaSuperUser": lambda w: dict(namespace=w.bob, quota_id=w.user_quota_id, limit_bytes=104857600),
    "deleteUserQuotaSuperUser": lambda w: dict(namespace=w.bob, quota_id=w.user_quota_id),
    "listOrganizationQuotaSuperUser": lambda w: dict(namespace=w.needs("org_quota_id").org),
    "createOrganizationQuotaSuperUser": lambda w: dict(namespace=w.org, limit="2 GiB"),
    "changeOrganizationQuotaSuperUser": lambda w: dict(
        namespace=w.org, quota_id=w.org_quota_id, limit_bytes=3221225472
    ),
    "deleteOrganizationQuotaSuperUser": lambda w: dict(namespace=w.org, quota_id=w.org_quota_id),
    "getRepoBuildStatusSuperUser": lambda w: dict(build_uuid=w.build_uuid),
    "getRepoBuildSuperUser": lambda w: dict(build_uuid=w.build_uuid),
    "getRepoBuildLogsSuperUser": lambda w: dict(build_uuid=w.build_uuid),
    "getRegistrySize": lambda w: dict(),
    "queueRegistrySizeCalculation": lambda w: dict(),
}
EXAMPLES.update(NAMESPACE_EXAMPLES)
