//! The route table: every /api/v1 operation the fake serves (and the registry's referrers listing), as (method, path pattern, Quay's
//! operationId, handler), some gated by a feature switch.

use crate::api::common::Req;
use super::discovery;
use crate::api::{
    apptoken, autoprune, build, globalmessages, immutability, logs, manifest, mirror, mirrorhealth, namespace_notification, org_apps, org_members,
    org_mirror, organization, permission, platform, prototype, proxy_cache, quota, quota_limit, repository,
    referrers, repositorynotification, robot, search, service_key, star, superuser, team_invite, trigger, user_robot,
    tag, team, user,
};
use crate::http::ApiResult;
use crate::model::{Features, State};

/// A handler: reads the request, reads or changes the state, answers.
pub(crate) type Handler = fn(&mut State, &Req) -> ApiResult;

/// One served operation.
pub(crate) struct Route {
    /// HTTP method.
    pub(crate) method: &'static str,
    /// Path pattern; `{repository}` spans two segments (`namespace/name`).
    pub(crate) pattern: &'static str,
    /// Quay's nickname (operationId).
    pub(crate) op: &'static str,
    /// The handler.
    pub(crate) handler: Handler,
    /// Feature gate: the route exists only when this returns true.
    pub(crate) gate: Option<fn(&Features) -> bool>,
}

fn team_sync(f: &Features) -> bool {
    f.team_syncing
}

fn auto_prune(f: &Features) -> bool {
    f.auto_prune
}

fn immutable_tags(f: &Features) -> bool {
    f.immutable_tags
}

fn pull_stats(f: &Features) -> bool {
    f.image_pull_stats
}

fn scanner(f: &Features) -> bool {
    f.security_scanner
}

fn app_tokens(f: &Features) -> bool {
    f.app_specific_tokens
}

fn bootstrap(f: &Features) -> bool {
    f.programmatic_bootstrap
}

fn mailing(f: &Features) -> bool {
    f.mailing
}

fn proxy_cache_on(f: &Features) -> bool {
    f.proxy_cache
}

fn org_mirror_on(f: &Features) -> bool {
    f.org_mirror
}

fn referrers_api(f: &Features) -> bool {
    f.referrers_api
}

fn quota_notifications(f: &Features) -> bool {
    f.quota_notifications
}

macro_rules! r {
    ($m:literal, $p:literal, $op:literal, $h:path) => {
        Route { method: $m, pattern: $p, op: $op, handler: $h, gate: None }
    };
    ($m:literal, $p:literal, $op:literal, $h:path, $g:expr) => {
        Route { method: $m, pattern: $p, op: $op, handler: $h, gate: Some($g) }
    };
}

/// Every served route.
pub(crate) static ROUTES: &[Route] = &[
    // organization
    r!("POST", "/api/v1/organization/", "createOrganization", organization::create),
    r!("GET", "/api/v1/organization/{orgname}", "getOrganization", organization::get),
    r!("PUT", "/api/v1/organization/{orgname}", "changeOrganizationDetails", organization::change),
    r!("DELETE", "/api/v1/organization/{orgname}", "deleteAdminedOrganization", organization::delete),
    r!("GET", "/api/v1/organization/{orgname}/members", "getOrganizationMembers", organization::members),
    r!("GET", "/api/v1/organization/{orgname}/applications", "getOrganizationApplications", organization::list_apps),
    r!("POST", "/api/v1/organization/{orgname}/applications", "createOrganizationApplication", organization::create_app),
    // prototype
    r!("GET", "/api/v1/organization/{orgname}/prototypes", "getOrganizationPrototypePermissions", prototype::list),
    r!("POST", "/api/v1/organization/{orgname}/prototypes", "createOrganizationPrototypePermission", prototype::create),
    r!("PUT", "/api/v1/organization/{orgname}/prototypes/{prototypeid}", "updateOrganizationPrototypePermission", prototype::update),
    r!("DELETE", "/api/v1/organization/{orgname}/prototypes/{prototypeid}", "deleteOrganizationPrototypePermission", prototype::delete),
    // repository
    r!("GET", "/api/v1/repository", "listRepos", repository::list),
    r!("POST", "/api/v1/repository", "createRepo", repository::create),
    r!("GET", "/api/v1/repository/{repository}", "getRepo", repository::get),
    r!("PUT", "/api/v1/repository/{repository}", "updateRepo", repository::update),
    r!("DELETE", "/api/v1/repository/{repository}", "deleteRepository", repository::delete),
    r!("POST", "/api/v1/repository/{repository}/changevisibility", "changeRepoVisibility", repository::visibility),
    r!("PUT", "/api/v1/repository/{repository}/changestate", "changeRepoState", repository::state),
    // permission
    r!("GET", "/api/v1/repository/{repository}/permissions/user/", "listRepoUserPermissions", permission::list_users),
    r!("GET", "/api/v1/repository/{repository}/permissions/user/{username}", "getUserPermissions", permission::get_user),
    r!("PUT", "/api/v1/repository/{repository}/permissions/user/{username}", "changeUserPermissions", permission::set_user),
    r!("DELETE", "/api/v1/repository/{repository}/permissions/user/{username}", "deleteUserPermissions", permission::delete_user),
    r!("GET", "/api/v1/repository/{repository}/permissions/user/{username}/transitive", "getUserTransitivePermission", permission::transitive),
    r!("GET", "/api/v1/repository/{repository}/permissions/team/", "listRepoTeamPermissions", permission::list_teams),
    r!("GET", "/api/v1/repository/{repository}/permissions/team/{teamname}", "getTeamPermissions", permission::get_team),
    r!("PUT", "/api/v1/repository/{repository}/permissions/team/{teamname}", "changeTeamPermissions", permission::set_team),
    r!("DELETE", "/api/v1/repository/{repository}/permissions/team/{teamname}", "deleteTeamPermissions", permission::delete_team),
    // mirrorhealth
    r!("GET", "/api/v1/repository/mirror/health", "getRepositoryMirrorHealth", mirrorhealth::repository),
    r!("GET", "/api/v1/superuser/mirror/health", "getSuperUserRepositoryMirrorHealth", mirrorhealth::superuser),
    // mirror
    r!("GET", "/api/v1/repository/{repository}/mirror", "getRepoMirrorConfig", mirror::get),
    r!("POST", "/api/v1/repository/{repository}/mirror", "createRepoMirrorConfig", mirror::create),
    r!("PUT", "/api/v1/repository/{repository}/mirror", "changeRepoMirrorConfig", mirror::change),
    r!("POST", "/api/v1/repository/{repository}/mirror/sync-now", "syncNow", mirror::sync_now),
    r!("POST", "/api/v1/repository/{repository}/mirror/sync-cancel", "syncCancel", mirror::sync_cancel),
    // tag
    r!("GET", "/api/v1/repository/{repository}/tag/", "listRepoTags", tag::list),
    r!("PUT", "/api/v1/repository/{repository}/tag/{tag}", "changeTag", tag::change),
    r!("DELETE", "/api/v1/repository/{repository}/tag/{tag}", "deleteFullTag", tag::delete),
    r!("POST", "/api/v1/repository/{repository}/tag/{tag}/restore", "restoreTag", tag::restore),
    r!("GET", "/api/v1/repository/{repository}/tag/{tag}/pull_statistics", "getTagPullStatistics", manifest::tag_pulls, pull_stats),
    // manifest
    r!("GET", "/api/v1/repository/{repository}/manifest/{manifestref}", "getRepoManifest", manifest::get),
    r!("GET", "/api/v1/repository/{repository}/manifest/{manifestref}/labels", "listManifestLabels", manifest::list_labels),
    r!("POST", "/api/v1/repository/{repository}/manifest/{manifestref}/labels", "addManifestLabel", manifest::add_label),
    r!("GET", "/api/v1/repository/{repository}/manifest/{manifestref}/labels/{labelid}", "getManifestLabel", manifest::get_label),
    r!("DELETE", "/api/v1/repository/{repository}/manifest/{manifestref}/labels/{labelid}", "deleteManifestLabel", manifest::delete_label),
    r!("GET", "/api/v1/repository/{repository}/manifest/{manifestref}/pull_statistics", "getManifestPullStatistics", manifest::manifest_pulls, pull_stats),
    r!("GET", "/api/v1/repository/{repository}/manifest/{manifestref}/security", "getRepoManifestSecurity", manifest::security, scanner),
    // referrers (the registry API)
    r!("GET", "/v2/{repository}/referrers/{digest}", "getReferrers", referrers::list, referrers_api),
    // logs
    r!("GET", "/api/v1/organization/{orgname}/logs", "listOrgLogs", logs::list_org),
    r!("GET", "/api/v1/repository/{repository}/logs", "listRepoLogs", logs::list_repo),
    r!("GET", "/api/v1/user/logs", "listUserLogs", logs::list_user),
    r!("GET", "/api/v1/organization/{orgname}/aggregatelogs", "getAggregateOrgLogs", logs::aggregate_org),
    r!("GET", "/api/v1/repository/{repository}/aggregatelogs", "getAggregateRepoLogs", logs::aggregate_repo),
    r!("GET", "/api/v1/user/aggregatelogs", "getAggregateUserLogs", logs::aggregate_user),
    r!("POST", "/api/v1/organization/{orgname}/exportlogs", "exportOrgLogs", logs::export_org),
    r!("POST", "/api/v1/repository/{repository}/exportlogs", "exportRepoLogs", logs::export_repo),
    r!("POST", "/api/v1/user/exportlogs", "exportUserLogs", logs::export_user),
    // policy (auto-prune)
    r!("GET", "/api/v1/organization/{orgname}/autoprunepolicy/", "listOrganizationAutoPrunePolicies", autoprune::list_org, auto_prune),
    r!("POST", "/api/v1/organization/{orgname}/autoprunepolicy/", "createOrganizationAutoPrunePolicy", autoprune::create_org, auto_prune),
    r!("GET", "/api/v1/organization/{orgname}/autoprunepolicy/{policy_uuid}", "getOrganizationAutoPrunePolicy", autoprune::get_org, auto_prune),
    r!("PUT", "/api/v1/organization/{orgname}/autoprunepolicy/{policy_uuid}", "updateOrganizationAutoPrunePolicy", autoprune::update_org, auto_prune),
    r!("DELETE", "/api/v1/organization/{orgname}/autoprunepolicy/{policy_uuid}", "deleteOrganizationAutoPrunePolicy", autoprune::delete_org, auto_prune),
    r!("GET", "/api/v1/repository/{repository}/autoprunepolicy/", "listRepositoryAutoPrunePolicies", autoprune::list_repo, auto_prune),
    r!("POST", "/api/v1/repository/{repository}/autoprunepolicy/", "createRepositoryAutoPrunePolicy", autoprune::create_repo, auto_prune),
    r!("GET", "/api/v1/repository/{repository}/autoprunepolicy/{policy_uuid}", "getRepositoryAutoPrunePolicy", autoprune::get_repo, auto_prune),
    r!("PUT", "/api/v1/repository/{repository}/autoprunepolicy/{policy_uuid}", "updateRepositoryAutoPrunePolicy", autoprune::update_repo, auto_prune),
    r!("DELETE", "/api/v1/repository/{repository}/autoprunepolicy/{policy_uuid}", "deleteRepositoryAutoPrunePolicy", autoprune::delete_repo, auto_prune),
    r!("GET", "/api/v1/user/autoprunepolicy/", "listUserAutoPrunePolicies", autoprune::list_user, auto_prune),
    r!("POST", "/api/v1/user/autoprunepolicy/", "createUserAutoPrunePolicy", autoprune::create_user, auto_prune),
    r!("GET", "/api/v1/user/autoprunepolicy/{policy_uuid}", "getUserAutoPrunePolicy", autoprune::get_user, auto_prune),
    r!("PUT", "/api/v1/user/autoprunepolicy/{policy_uuid}", "updateUserAutoPrunePolicy", autoprune::update_user, auto_prune),
    r!("DELETE", "/api/v1/user/autoprunepolicy/{policy_uuid}", "deleteUserAutoPrunePolicy", autoprune::delete_user, auto_prune),
    // immutability_policy
    r!("GET", "/api/v1/organization/{orgname}/immutabilitypolicy/", "listOrgImmutabilityPolicies", immutability::list_org, immutable_tags),
    r!("POST", "/api/v1/organization/{orgname}/immutabilitypolicy/", "createOrgImmutabilityPolicy", immutability::create_org, immutable_tags),
    r!("GET", "/api/v1/organization/{orgname}/immutabilitypolicy/{policy_uuid}", "getOrgImmutabilityPolicy", immutability::get_org, immutable_tags),
    r!("PUT", "/api/v1/organization/{orgname}/immutabilitypolicy/{policy_uuid}", "updateOrgImmutabilityPolicy", immutability::update_org, immutable_tags),
    r!("DELETE", "/api/v1/organization/{orgname}/immutabilitypolicy/{policy_uuid}", "deleteOrgImmutabilityPolicy", immutability::delete_org, immutable_tags),
    r!("GET", "/api/v1/repository/{repository}/immutabilitypolicy/", "listRepositoryImmutabilityPolicies", immutability::list_repo, immutable_tags),
    r!("POST", "/api/v1/repository/{repository}/immutabilitypolicy/", "createRepositoryImmutabilityPolicy", immutability::create_repo, immutable_tags),
    r!("GET", "/api/v1/repository/{repository}/immutabilitypolicy/{policy_uuid}", "getRepositoryImmutabilityPolicy", immutability::get_repo, immutable_tags),
    r!("PUT", "/api/v1/repository/{repository}/immutabilitypolicy/{policy_uuid}", "updateRepositoryImmutabilityPolicy", immutability::update_repo, immutable_tags),
    r!("DELETE", "/api/v1/repository/{repository}/immutabilitypolicy/{policy_uuid}", "deleteRepositoryImmutabilityPolicy", immutability::delete_repo, immutable_tags),
    // repositorynotification
    r!("GET", "/api/v1/repository/{repository}/notification/", "listRepoNotifications", repositorynotification::list),
    r!("POST", "/api/v1/repository/{repository}/notification/", "createRepoNotification", repositorynotification::create),
    r!("GET", "/api/v1/repository/{repository}/notification/{uuid}", "getRepoNotification", repositorynotification::get),
    r!("POST", "/api/v1/repository/{repository}/notification/{uuid}", "resetRepositoryNotificationFailures", repositorynotification::reset),
    r!("DELETE", "/api/v1/repository/{repository}/notification/{uuid}", "deleteRepoNotification", repositorynotification::delete),
    r!("POST", "/api/v1/repository/{repository}/notification/{uuid}/test", "testRepoNotification", repositorynotification::test),
    // build
    r!("POST", "/api/v1/repository/{repository}/build/", "requestRepoBuild", build::request),
    r!("GET", "/api/v1/repository/{repository}/build/", "getRepoBuilds", build::list),
    r!("GET", "/api/v1/repository/{repository}/build/{build_uuid}", "getRepoBuild", build::get),
    r!("DELETE", "/api/v1/repository/{repository}/build/{build_uuid}", "cancelRepoBuild", build::cancel),
    r!("GET", "/api/v1/repository/{repository}/build/{build_uuid}/status", "getRepoBuildStatus", build::status),
    r!("GET", "/api/v1/repository/{repository}/build/{build_uuid}/logs", "getRepoBuildLogs", build::logs),
    // trigger
    r!("GET", "/api/v1/repository/{repository}/trigger/", "listBuildTriggers", trigger::list),
    r!("GET", "/api/v1/repository/{repository}/trigger/{trigger_uuid}", "getBuildTrigger", trigger::get),
    r!("PUT", "/api/v1/repository/{repository}/trigger/{trigger_uuid}", "updateBuildTrigger", trigger::update),
    r!("DELETE", "/api/v1/repository/{repository}/trigger/{trigger_uuid}", "deleteBuildTrigger", trigger::delete),
    r!("POST", "/api/v1/repository/{repository}/trigger/{trigger_uuid}/activate", "activateBuildTrigger", trigger::activate),
    r!("POST", "/api/v1/repository/{repository}/trigger/{trigger_uuid}/start", "manuallyStartBuildTrigger", trigger::start),
    r!("GET", "/api/v1/repository/{repository}/trigger/{trigger_uuid}/builds", "listTriggerRecentBuilds", trigger::builds),
    // robot
    r!("GET", "/api/v1/organization/{orgname}/robots", "getOrgRobots", robot::list),
    r!("GET", "/api/v1/organization/{orgname}/robots/{robot_shortname}", "getOrgRobot", robot::get),
    r!("PUT", "/api/v1/organization/{orgname}/robots/{robot_shortname}", "createOrgRobot", robot::create),
    r!("DELETE", "/api/v1/organization/{orgname}/robots/{robot_shortname}", "deleteOrgRobot", robot::delete),
    r!("POST", "/api/v1/organization/{orgname}/robots/{robot_shortname}/regenerate", "regenerateOrgRobotToken", robot::regenerate),
    r!("GET", "/api/v1/organization/{orgname}/robots/{robot_shortname}/permissions", "getOrgRobotPermissions", robot::permissions),
    // team
    r!("PUT", "/api/v1/organization/{orgname}/team/{teamname}", "updateOrganizationTeam", team::update),
    r!("DELETE", "/api/v1/organization/{orgname}/team/{teamname}", "deleteOrganizationTeam", team::delete),
    r!("GET", "/api/v1/organization/{orgname}/team/{teamname}/members", "getOrganizationTeamMembers", team::members),
    r!("PUT", "/api/v1/organization/{orgname}/team/{teamname}/members/{membername}", "updateOrganizationTeamMember", team::add_member),
    r!("DELETE", "/api/v1/organization/{orgname}/team/{teamname}/members/{membername}", "deleteOrganizationTeamMember", team::remove_member),
    r!("GET", "/api/v1/organization/{orgname}/team/{teamname}/permissions", "getOrganizationTeamPermissions", team::permissions),
    r!("POST", "/api/v1/organization/{orgname}/team/{teamname}/syncing", "enableOrganizationTeamSync", team::enable_sync, team_sync),
    r!("DELETE", "/api/v1/organization/{orgname}/team/{teamname}/syncing", "disableOrganizationTeamSync", team::disable_sync, team_sync),
    // user
    r!("GET", "/api/v1/user/", "getLoggedInUser", user::logged_in),
    r!("GET", "/api/v1/users/{username}", "getUserInformation", user::information),
    r!("POST", "/api/v1/signin", "signinUser", user::signin),
    r!("GET", "/api/v1/user/starred", "listStarredRepos", star::list),
    r!("POST", "/api/v1/user/starred", "createStar", star::create),
    r!("DELETE", "/api/v1/user/starred/{repository}", "deleteStar", star::delete),
    // search
    r!("GET", "/api/v1/find/repositories", "conductRepoSearch", search::repos),
    r!("GET", "/api/v1/find/all", "conductSearch", search::all),
    r!("GET", "/api/v1/entities/{prefix}", "getMatchingEntities", search::entities),
    // namespace quota
    r!("GET", "/api/v1/organization/{orgname}/quota", "listOrganizationQuota", quota::org_list),
    r!("POST", "/api/v1/organization/{orgname}/quota", "createOrganizationQuota", quota::org_create),
    r!("GET", "/api/v1/organization/{orgname}/quota/{quota_id}", "getOrganizationQuota", quota::org_get),
    r!("PUT", "/api/v1/organization/{orgname}/quota/{quota_id}", "changeOrganizationQuota", quota::org_change),
    r!("DELETE", "/api/v1/organization/{orgname}/quota/{quota_id}", "deleteOrganizationQuota", quota::org_delete),
    // superuser
    r!("GET", "/api/v1/superuser/config", "getConfigDump", superuser::config_dump),
    r!("GET", "/api/v1/superuser/users/", "listAllUsers", superuser::list_users),
    r!("POST", "/api/v1/superuser/users/", "createInstallUser", superuser::create_user),
    r!("GET", "/api/v1/superuser/users/{username}", "getInstallUser", superuser::get_user),
    r!("PUT", "/api/v1/superuser/users/{username}", "changeInstallUser", superuser::change_user),
    r!("DELETE", "/api/v1/superuser/users/{username}", "deleteInstallUser", superuser::delete_user),
    r!("GET", "/api/v1/superuser/logs", "listAllLogs", superuser::logs),
    r!("GET", "/api/v1/superuser/organizations/", "listAllOrganizations", superuser::list_orgs),
    r!("PUT", "/api/v1/superuser/organizations/{name}", "changeOrganization", superuser::change_org),
    r!("DELETE", "/api/v1/superuser/organizations/{name}", "deleteOrganization", superuser::delete_org),
    r!("POST", "/api/v1/superuser/takeownership/{namespace}", "takeOwnership", superuser::take_ownership),
    r!("GET", "/api/v1/superuser/keys", "listServiceKeys", service_key::list_keys),
    r!("POST", "/api/v1/superuser/keys", "createServiceKey", service_key::create_key),
    r!("GET", "/api/v1/superuser/keys/{kid}", "getServiceKey", service_key::get_key),
    r!("PUT", "/api/v1/superuser/keys/{kid}", "updateServiceKey", service_key::update_key),
    r!("DELETE", "/api/v1/superuser/keys/{kid}", "deleteServiceKey", service_key::delete_key),
    r!("POST", "/api/v1/superuser/approvedkeys/{kid}", "approveServiceKey", service_key::approve_key),
    r!("GET", "/api/v1/superuser/users/{namespace}/quota", "listUserQuotaSuperUser", quota::su_list),
    r!("POST", "/api/v1/superuser/users/{namespace}/quota", "createUserQuotaSuperUser", quota::su_create),
    r!("PUT", "/api/v1/superuser/users/{namespace}/quota/{quota_id}", "changeUserQuotaSuperUser", quota::su_change),
    r!("DELETE", "/api/v1/superuser/users/{namespace}/quota/{quota_id}", "deleteUserQuotaSuperUser", quota::su_delete),
    r!("GET", "/api/v1/superuser/organization/{namespace}/quota", "listOrganizationQuotaSuperUser", quota::su_list),
    r!("POST", "/api/v1/superuser/organization/{namespace}/quota", "createOrganizationQuotaSuperUser", quota::su_create),
    r!("PUT", "/api/v1/superuser/organization/{namespace}/quota/{quota_id}", "changeOrganizationQuotaSuperUser", quota::su_change),
    r!("DELETE", "/api/v1/superuser/organization/{namespace}/quota/{quota_id}", "deleteOrganizationQuotaSuperUser", quota::su_delete),
    r!("GET", "/api/v1/superuser/{build_uuid}/status", "getRepoBuildStatusSuperUser", build::su_status),
    r!("GET", "/api/v1/superuser/{build_uuid}/build", "getRepoBuildSuperUser", build::su_get),
    r!("GET", "/api/v1/superuser/{build_uuid}/logs", "getRepoBuildLogsSuperUser", build::su_logs),
    r!("GET", "/api/v1/superuser/registrysize/", "getRegistrySize", superuser::registry_size),
    r!("POST", "/api/v1/superuser/registrysize/", "queueRegistrySizeCalculation", superuser::queue_registry_size),
    r!("GET", "/api/v1/superuser/apptokens", "listAllAppTokens", apptoken::list_all, app_tokens),
    // platform
    r!("GET", "/api/v1/registry/capabilities", "getRegistryCapabilities", platform::capabilities),
    r!("GET", "/api/v1/discovery", "discovery", discovery::serve),
    r!("GET", "/api/v1/error/{error_type}", "getErrorDescription", platform::error_description),
    r!("POST", "/api/v1/bootstrap/renew", "renewBootstrapToken", platform::renew_bootstrap, bootstrap),
    // global messages
    r!("GET", "/api/v1/messages", "getGlobalMessages", globalmessages::list),
    r!("POST", "/api/v1/messages", "createGlobalMessage", globalmessages::create),
    r!("DELETE", "/api/v1/message/{uuid}", "deleteGlobalMessage", globalmessages::delete),
    // app-specific tokens
    r!("GET", "/api/v1/user/apptoken", "listAppTokens", apptoken::list, app_tokens),
    r!("POST", "/api/v1/user/apptoken", "createAppToken", apptoken::create, app_tokens),
    r!("GET", "/api/v1/user/apptoken/{token_uuid}", "getAppToken", apptoken::get, app_tokens),
    r!("DELETE", "/api/v1/user/apptoken/{token_uuid}", "revokeAppToken", apptoken::revoke, app_tokens),
    // user robots and robot federation
    r!("GET", "/api/v1/user/robots", "getUserRobots", user_robot::list),
    r!("GET", "/api/v1/user/robots/{robot_shortname}", "getUserRobot", user_robot::get),
    r!("PUT", "/api/v1/user/robots/{robot_shortname}", "createUserRobot", user_robot::create),
    r!("DELETE", "/api/v1/user/robots/{robot_shortname}", "deleteUserRobot", user_robot::delete),
    r!("POST", "/api/v1/user/robots/{robot_shortname}/regenerate", "regenerateUserRobotToken", user_robot::regenerate),
    r!("GET", "/api/v1/user/robots/{robot_shortname}/permissions", "getUserRobotPermissions", user_robot::permissions),
    r!("GET", "/api/v1/organization/{orgname}/robots/{robot_shortname}/federation", "getOrgRobotFederation", user_robot::federation_get),
    r!("POST", "/api/v1/organization/{orgname}/robots/{robot_shortname}/federation", "createOrgRobotFederation", user_robot::federation_set),
    r!("DELETE", "/api/v1/organization/{orgname}/robots/{robot_shortname}/federation", "deleteOrgRobotFederation", user_robot::federation_delete),
    // organization members, collaborators, applications and their tokens
    r!("GET", "/api/v1/organization/{orgname}/members/{membername}", "getOrganizationMember", org_members::get),
    r!("DELETE", "/api/v1/organization/{orgname}/members/{membername}", "removeOrganizationMember", org_members::remove),
    r!("GET", "/api/v1/organization/{orgname}/collaborators", "getOrganizationCollaborators", org_members::collaborators),
    r!("GET", "/api/v1/organization/{orgname}/applications/{client_id}", "getOrganizationApplication", org_apps::get),
    r!("PUT", "/api/v1/organization/{orgname}/applications/{client_id}", "updateOrganizationApplication", org_apps::update),
    r!("DELETE", "/api/v1/organization/{orgname}/applications/{client_id}", "deleteOrganizationApplication", org_apps::delete),
    r!("GET", "/api/v1/app/{client_id}", "getApplicationInformation", org_apps::information),
    r!("GET", "/api/v1/organization/{orgname}/applications/{client_id}/tokens", "listOrganizationApplicationTokens", org_apps::tokens),
    r!("POST", "/api/v1/organization/{orgname}/applications/{client_id}/tokens", "createOrganizationApplicationToken", org_apps::create_token),
    r!("DELETE", "/api/v1/organization/{orgname}/applications/{client_id}/tokens/{token_uuid}", "deleteOrganizationApplicationToken", org_apps::delete_token),
    // quota limits and the caller's quotas
    r!("GET", "/api/v1/organization/{orgname}/quota/{quota_id}/limit", "listOrganizationQuotaLimit", quota_limit::list),
    r!("POST", "/api/v1/organization/{orgname}/quota/{quota_id}/limit", "createOrganizationQuotaLimit", quota_limit::create),
    r!("GET", "/api/v1/organization/{orgname}/quota/{quota_id}/limit/{limit_id}", "getOrganizationQuotaLimit", quota_limit::get),
    r!("PUT", "/api/v1/organization/{orgname}/quota/{quota_id}/limit/{limit_id}", "changeOrganizationQuotaLimit", quota_limit::change),
    r!("DELETE", "/api/v1/organization/{orgname}/quota/{quota_id}/limit/{limit_id}", "deleteOrganizationQuotaLimit", quota_limit::delete),
    r!("GET", "/api/v1/user/quota", "listUserQuota", quota_limit::user_list),
    r!("GET", "/api/v1/user/quota/{quota_id}", "getUserQuota", quota_limit::user_get),
    r!("GET", "/api/v1/user/quota/{quota_id}/limit", "listUserQuotaLimit", quota_limit::user_limits),
    r!("GET", "/api/v1/user/quota/{quota_id}/limit/{limit_id}", "getUserQuotaLimit", quota_limit::user_limit),
    // namespace notifications and the caller's notifications
    r!("GET", "/api/v1/organization/{orgname}/notifications", "listOrgNotifications", namespace_notification::org_list, quota_notifications),
    r!("POST", "/api/v1/organization/{orgname}/notifications", "createOrgNotification", namespace_notification::org_create, quota_notifications),
    r!("GET", "/api/v1/organization/{orgname}/notifications/{uuid}", "getOrgNotification", namespace_notification::org_get, quota_notifications),
    r!("POST", "/api/v1/organization/{orgname}/notifications/{uuid}", "resetOrgNotificationFailures", namespace_notification::org_reset, quota_notifications),
    r!("DELETE", "/api/v1/organization/{orgname}/notifications/{uuid}", "deleteOrgNotification", namespace_notification::org_delete, quota_notifications),
    r!("POST", "/api/v1/organization/{orgname}/notifications/{uuid}/test", "testOrgNotification", namespace_notification::org_test, quota_notifications),
    r!("GET", "/api/v1/user/namespacenotifications", "listUserNamespaceNotifications", namespace_notification::user_list, quota_notifications),
    r!("POST", "/api/v1/user/namespacenotifications", "createUserNamespaceNotification", namespace_notification::user_create, quota_notifications),
    r!("GET", "/api/v1/user/namespacenotifications/{uuid}", "getUserNamespaceNotification", namespace_notification::user_get, quota_notifications),
    r!("POST", "/api/v1/user/namespacenotifications/{uuid}", "resetUserNamespaceNotificationFailures", namespace_notification::user_reset, quota_notifications),
    r!("DELETE", "/api/v1/user/namespacenotifications/{uuid}", "deleteUserNamespaceNotification", namespace_notification::user_delete, quota_notifications),
    r!("POST", "/api/v1/user/namespacenotifications/{uuid}/test", "testUserNamespaceNotification", namespace_notification::user_test, quota_notifications),
    r!("GET", "/api/v1/user/notifications", "listUserNotifications", namespace_notification::user_notifications),
    // team e-mail invitations
    r!("PUT", "/api/v1/organization/{orgname}/team/{teamname}/invite/{email}", "inviteTeamMemberEmail", team_invite::invite, mailing),
    r!("DELETE", "/api/v1/organization/{orgname}/team/{teamname}/invite/{email}", "deleteTeamMemberEmailInvite", team_invite::delete, mailing),
    // proxy cache
    r!("GET", "/api/v1/organization/{orgname}/proxycache", "getProxyCacheConfig", proxy_cache::get, proxy_cache_on),
    r!("POST", "/api/v1/organization/{orgname}/proxycache", "createProxyCacheConfig", proxy_cache::create, proxy_cache_on),
    r!("DELETE", "/api/v1/organization/{orgname}/proxycache", "deleteProxyCacheConfig", proxy_cache::delete, proxy_cache_on),
    r!("POST", "/api/v1/organization/{orgname}/validateproxycache", "validateProxyCacheConfig", proxy_cache::validate, proxy_cache_on),
    // organization mirroring
    r!("GET", "/api/v1/organization/{orgname}/mirror", "getOrgMirrorConfig", org_mirror::get, org_mirror_on),
    r!("POST", "/api/v1/organization/{orgname}/mirror", "createOrgMirrorConfig", org_mirror::create, org_mirror_on),
    r!("PUT", "/api/v1/organization/{orgname}/mirror", "updateOrgMirrorConfig", org_mirror::update, org_mirror_on),
    r!("DELETE", "/api/v1/organization/{orgname}/mirror", "deleteOrgMirrorConfig", org_mirror::delete, org_mirror_on),
    r!("POST", "/api/v1/organization/{orgname}/mirror/verify", "verifyOrgMirrorConnection", org_mirror::verify, org_mirror_on),
    r!("POST", "/api/v1/organization/{orgname}/mirror/sync-now", "syncOrgMirrorNow", org_mirror::sync_now, org_mirror_on),
    r!("POST", "/api/v1/organization/{orgname}/mirror/sync-cancel", "cancelOrgMirrorSync", org_mirror::cancel, org_mirror_on),
    r!("GET", "/api/v1/organization/{orgname}/mirror/repositories", "listOrgMirrorRepositories", org_mirror::repositories, org_mirror_on),
];
