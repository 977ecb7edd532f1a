//! The seed curl guide (shared/seeds/000_*.txt) replayed through the `quay` binary against the
//! fake: each curl step's equivalent command, its output and the state it leaves (read back
//! through the SDK). The README's "From curl to quay" table lists exactly these commands, in
//! this order (checked here too).

mod common;

use std::collections::BTreeMap;

use common::{Env, Run, words};
use serde_json::{Value, json};

/// One step of the guide: what the curl line did, the `quay` command (`NAME=$(quay ...)`
/// keeps its output in a variable), the exit code expected, and the check of what it printed
/// and changed.
struct Step {
    curl: &'static str,
    line: &'static str,
    code: i32,
    check: fn(&Ctx, &Run),
}

/// The fake, an SDK client to read state back, and the guide's variables.
struct Ctx {
    env: Env,
    rt: tokio::runtime::Runtime,
    client: quay_sdk::Client,
    vars: BTreeMap<String, String>,
}

impl Ctx {
    fn get(&self, op: &str, args: Value) -> Value {
        self.rt.block_on(self.client.call(op, args)).unwrap_or_else(|e| panic!("{op}: {e}"))
    }

    fn fails(&self, op: &str, args: Value) -> String {
        match self.rt.block_on(self.client.call(op, args)) {
            Ok(v) => panic!("{op} should fail, got {v}"),
            Err(e) => e.code().to_string(),
        }
    }
}

fn nothing(_: &Ctx, _: &Run) {}

const STEPS: &[Step] = &[
    // Organizations
    Step { curl: "POST /api/v1/organization/", line: "quay org create --name $orga --email $orga@example.com", code: 0, check: |c, r| {
        assert_eq!(r.json(), json!("Created"));
        assert_eq!(c.get("getOrganization", json!({"orgname": "acme"}))["name"], "acme");
    }},
    Step { curl: "GET /api/v1/superuser/organizations/", line: "quay superuser list-all-organizations", code: 0, check: |_, r| {
        assert!(r.json().as_array().unwrap().iter().any(|o| o["name"] == "acme"), "{}", r.stdout);
    }},
    Step { curl: "GET /api/v1/organization/${orga}", line: "quay org get $orga", code: 0, check: |_, r| {
        assert_eq!(r.json()["name"], "acme");
        assert!(r.json()["teams"]["owners"].is_object());
    }},
    Step { curl: "GET /api/v1/organization/${orga}/applications", line: "quay org get-organization-applications $orga", code: 0, check: |_, r| {
        assert_eq!(r.json()["applications"], json!([]));
    }},
    // Users
    Step { curl: "POST /api/v1/superuser/users/", line: "quay superuser create-install-user --username $user --email $user@example.com", code: 0, check: |c, r| {
        assert_eq!(r.json()["username"], "alice");
        assert_eq!(c.get("getUserInformation", json!({"username": "alice"}))["username"], "alice");
    }},
    Step { curl: "GET /api/v1/superuser/users/", line: "quay superuser list-all-users --output table", code: 0, check: |_, r| {
        let header = r.stdout.lines().next().unwrap_or_default();
        assert!(header.contains("USERNAME") && header.contains("EMAIL"), "{}", r.stdout);
        assert!(r.stdout.lines().any(|l| l.contains("alice") && l.contains("alice@example.com")), "{}", r.stdout);
    }},
    Step { curl: "GET /api/v1/user/", line: "quay user get-logged-in-user --query username --output raw", code: 0, check: |c, r| {
        let me = c.get("getLoggedInUser", Value::Null);
        assert_eq!(r.stdout.trim(), me["username"].as_str().unwrap());
    }},
    Step { curl: "GET /api/v1/users/${user}", line: "quay user get-user-information $user", code: 0, check: |_, r| {
        assert_eq!(r.json()["username"], "alice");
    }},
    // Robots
    Step { curl: "PUT /api/v1/organization/${orga}/robots/${robot}", line: "quay robot create $orga $robot --description 'CI pushes'", code: 0, check: |c, r| {
        assert_eq!(r.json()["name"], "acme+ci");
        assert_eq!(c.get("getOrgRobot", json!({"orgname": "acme", "robot_shortname": "ci"}))["description"], "CI pushes");
    }},
    Step { curl: "GET /api/v1/organization/${orga}/robots/${robot}", line: "quay robot get $orga $robot", code: 0, check: |_, r| {
        assert_eq!(r.json()["name"], "acme+ci");
        assert!(r.json()["token"].as_str().is_some_and(|t| !t.is_empty()));
    }},
    Step { curl: "GET /api/v1/organization/${orga}/robots", line: "quay robot list $orga --query 'robots[].name'", code: 0, check: |_, r| {
        assert_eq!(r.json(), json!(["acme+ci"]));
    }},
    Step { curl: "POST /api/v1/organization/${orga}/robots/${robot}/regenerate", line: "quay robot regenerate-org-robot-token $orga $robot", code: 0, check: |c, r| {
        let now = c.get("getOrgRobot", json!({"orgname": "acme", "robot_shortname": "ci"}));
        assert_eq!(r.json()["token"], now["token"]);
    }},
    Step { curl: "GET /api/v1/organization/${orga}/robots/${robot}/permissions", line: "quay robot get-org-robot-permissions $orga $robot", code: 0, check: |_, r| {
        assert_eq!(r.json()["permissions"], json!([]));
    }},
    // Teams
    Step { curl: "PUT /api/v1/organization/${orga}/team/${team}", line: "quay team update $orga $team --role member --description 'Short description of the team'", code: 0, check: |c, r| {
        assert_eq!(r.json()["role"], "member");
        assert_eq!(c.get("getOrganization", json!({"orgname": "acme"}))["teams"]["devs"]["description"], "Short description of the team");
    }},
    Step { curl: "PUT /api/v1/organization/${orga}/team/${team} (role admin)", line: "quay team update $orga $team --role admin", code: 0, check: |c, _| {
        assert_eq!(c.get("getOrganization", json!({"orgname": "acme"}))["teams"]["devs"]["role"], "admin");
    }},
    Step { curl: "PUT /api/v1/organization/${orga}/team/${team} (markdown description)", line: "quay team update $orga $team --role member --description $'# Caption\\nShort description of the *team*'", code: 0, check: |c, _| {
        let teams = c.get("getOrganization", json!({"orgname": "acme"}))["teams"].clone();
        assert_eq!(teams["devs"]["description"], "# Caption\nShort description of the *team*");
        assert_eq!(teams["devs"]["role"], "member");
    }},
    Step { curl: "GET /api/v1/organization/${orga} (teams)", line: "quay org get $orga --query teams.*.name", code: 0, check: |_, r| {
        assert_eq!(r.json(), json!(["devs", "owners"]));
    }},
    Step { curl: "PUT /api/v1/organization/${orga}/team/${team}/members/${user}", line: "quay team update-organization-team-member $orga $team $user", code: 0, check: |c, _| {
        let members = c.get("getOrganizationTeamMembers", json!({"orgname": "acme", "teamname": "devs"}));
        assert!(members["members"].as_array().unwrap().iter().any(|m| m["name"] == "alice"), "{members}");
    }},
    Step { curl: "GET /api/v1/organization/${orga}/team/${team}/members", line: "quay team get-organization-team-members $orga $team --query 'members[].name'", code: 0, check: |_, r| {
        assert_eq!(r.json(), json!(["alice"]));
    }},
    Step { curl: "POST /api/v1/organization/${orga}/team/${team}/syncing", line: "quay team enable-organization-team-sync $orga $team --group-dn cn=ldapgroup,dc=domain,dc=tld", code: 0, check: |c, _| {
        let members = c.get("getOrganizationTeamMembers", json!({"orgname": "acme", "teamname": "devs"}));
        assert!(members["synced"].is_object(), "{members}");
    }},
    Step { curl: "DELETE /api/v1/organization/${orga}/team/${team}/syncing", line: "quay team disable-organization-team-sync $orga $team", code: 0, check: |c, _| {
        let members = c.get("getOrganizationTeamMembers", json!({"orgname": "acme", "teamname": "devs"}));
        assert!(members.get("synced").is_none_or(Value::is_null), "{members}");
    }},
    // Default permissions
    Step { curl: "GET /api/v1/organization/${orga}/prototypes", line: "quay proto list $orga", code: 0, check: |_, r| {
        assert_eq!(r.json()["prototypes"], json!([]));
    }},
    Step { curl: "POST /api/v1/organization/${orga}/prototypes (team, admin)", line: "quay proto create $orga --role admin --delegate-kind team --delegate-name $team", code: 0, check: |_, r| {
        assert_eq!(r.json()["role"], "admin");
        assert_eq!(r.json()["delegate"]["name"], "devs");
    }},
    Step { curl: "POST /api/v1/organization/${orga}/prototypes (user, write)", line: "quay proto create $orga --role write --delegate-kind user --delegate-name $user", code: 0, check: |_, r| {
        assert_eq!(r.json()["delegate"]["name"], "alice");
    }},
    Step { curl: "POST /api/v1/organization/${orga}/prototypes (robot, read)", line: "quay proto create $orga --role read --delegate-kind user --delegate-name $orga+$robot", code: 0, check: |c, _| {
        let all = c.get("getOrganizationPrototypePermissions", json!({"orgname": "acme"}));
        assert_eq!(all["prototypes"].as_array().unwrap().len(), 3, "{all}");
    }},
    Step { curl: "(the id of the first prototype)", line: "prototype_id=$(quay proto list $orga --output raw --query 'prototypes[0].id')", code: 0, check: nothing },
    Step { curl: "DELETE /api/v1/organization/${orga}/prototypes/${prototypes_id}", line: "quay proto delete $orga $prototype_id", code: 0, check: |c, _| {
        let all = c.get("getOrganizationPrototypePermissions", json!({"orgname": "acme"}));
        let ids: Vec<&str> = all["prototypes"].as_array().unwrap().iter().filter_map(|p| p["id"].as_str()).collect();
        assert_eq!(ids.len(), 2);
        assert!(!ids.contains(&c.vars["prototype_id"].as_str()));
    }},
    // Repositories
    Step { curl: "POST /api/v1/repository", line: "quay repo create --namespace $orga --repository $repo --visibility private --description '' --repo-kind image", code: 0, check: |c, r| {
        assert_eq!(r.json()["name"], "web");
        assert_eq!(c.get("getRepo", json!({"namespace": "acme", "repository": "web"}))["is_public"], false);
    }},
    Step { curl: "GET /api/v1/repository?namespace=${orga}", line: "quay repo list --namespace $orga --query name --output raw", code: 0, check: |_, r| {
        assert_eq!(r.stdout, "web\n");
    }},
    Step { curl: "POST /api/v1/repository/${orga}/${repo}/changevisibility", line: "quay repo change-repo-visibility $orga/$repo --visibility public", code: 0, check: |c, _| {
        assert_eq!(c.get("getRepo", json!({"namespace": "acme", "repository": "web"}))["is_public"], true);
    }},
    Step { curl: "GET /api/v1/repository?public=true", line: "quay repo list --public", code: 0, check: |_, r| {
        assert!(r.json().as_array().unwrap().iter().any(|x| x["namespace"] == "acme" && x["name"] == "web"), "{}", r.stdout);
    }},
    Step { curl: "PUT /api/v1/repository/orga/repo/permissions/user/orga+robby", line: "quay perm change-user-permissions $orga/$repo $orga+$robot --role write", code: 0, check: |c, _| {
        let p = c.get("getUserPermissions", json!({"namespace": "acme", "repository": "web", "username": "acme+ci"}));
        assert_eq!(p["role"], "write");
    }},
    Step { curl: "GET /api/v1/organization/${orga}/robots/${robot}/permissions (now one)", line: "quay robot get-org-robot-permissions $orga $robot --query 'permissions[].role' --output raw", code: 0, check: |_, r| {
        assert_eq!(r.stdout, "write\n");
    }},
    Step { curl: "DELETE /api/v1/repository/orga/repo/permissions/user/orga+robby", line: "quay perm delete-user-permissions $orga/$repo $orga+$robot", code: 0, check: |c, _| {
        assert_eq!(c.fails("getUserPermissions", json!({"namespace": "acme", "repository": "web", "username": "acme+ci"})), "api.bad_request");
    }},
    Step { curl: "GET /api/v1/organization/${orga}/team/${team}/permissions", line: "quay team get-organization-team-permissions $orga $team", code: 0, check: |_, r| {
        assert!(r.json()["permissions"].is_array(), "{}", r.stdout);
    }},
    // Tags (the fake pushed an image as `latest`)
    Step { curl: "GET /api/v1/repository/${orga}/${repo}/tag/", line: "quay tag list $orga/$repo --output table", code: 0, check: |_, r| {
        assert!(r.stdout.lines().next().unwrap_or_default().contains("MANIFEST_DIGEST"), "{}", r.stdout);
        assert!(r.stdout.lines().any(|l| l.starts_with("latest ") || l.contains(" latest ")), "{}", r.stdout);
    }},
    Step { curl: "PUT /api/v1/repository/${orga}/${repo}/tag/${newtag} (the guide wrote GET)", line: "quay tag update $orga/$repo $newtag --manifest-digest $manifest_digest", code: 0, check: |c, _| {
        let t = c.get("listRepoTags", json!({"namespace": "acme", "repository": "web", "specificTag": "v1"}));
        assert_eq!(t["tags"][0]["manifest_digest"], c.vars["manifest_digest"].as_str());
    }},
    Step { curl: "PUT /api/v1/repository/${orga}/${repo}/tag/${tag} (expiration)", line: "quay tag update $orga/$repo $newtag --expiration $tomorrow", code: 0, check: |c, _| {
        let t = c.get("listRepoTags", json!({"namespace": "acme", "repository": "web", "specificTag": "v1"}));
        assert_eq!(t["tags"][0]["end_ts"].as_i64().map(|t| t.to_string()), Some(c.vars["tomorrow"].clone()), "{t}");
    }},
    Step { curl: "PUT /api/v1/repository/${orga}/${repo}/tag/${tag} (expiration null)", line: "quay tag update $orga/$repo $newtag --expiration null", code: 0, check: |c, _| {
        let t = c.get("listRepoTags", json!({"namespace": "acme", "repository": "web", "specificTag": "v1"}));
        assert!(t["tags"][0].get("end_ts").is_none_or(Value::is_null), "{t}");
    }},
    Step { curl: "DELETE /api/v1/repository/${orga}/${repo}/tag/${tag}", line: "quay tag delete $orga/$repo $newtag", code: 0, check: |c, _| {
        let t = c.get("listRepoTags", json!({"namespace": "acme", "repository": "web", "specificTag": "v1", "onlyActiveTags": true}));
        assert_eq!(t["tags"], json!([]));
    }},
    // Mirroring
    Step { curl: "PUT /api/v1/repository/${orga}/${repo}/changestate (MIRROR)", line: "quay repo change-repo-state $orga/$repo --state MIRROR", code: 0, check: |c, _| {
        assert_eq!(c.get("getRepo", json!({"namespace": "acme", "repository": "web"}))["state"], "MIRROR");
    }},
    Step { curl: "GET /api/v1/repository/${orga}/${repo}/mirror (none yet: 404)", line: "quay mirror get $orga/$repo", code: 4, check: |_, r| {
        assert!(r.stderr.contains("getRepoMirrorConfig") && r.stderr.contains("404"), "{}", r.stderr);
    }},
    Step { curl: "POST /api/v1/repository/${orga}/${repo}/mirror", line: "quay mirror create $orga/$repo --external-reference quay.io/minio/mc --sync-interval 86400 --sync-start-date 2030-01-01T00:00:00Z --robot-username $orga+$robot --skopeo-timeout-interval 300 --root-rule-rule-kind tag_glob_csv --root-rule-rule-value latest", code: 0, check: |c, _| {
        let m = c.get("getRepoMirrorConfig", json!({"namespace": "acme", "repository": "web"}));
        assert_eq!(m["external_reference"], "quay.io/minio/mc");
        assert_eq!(m["root_rule"]["rule_value"], json!(["latest"]));
    }},
    Step { curl: "POST /api/v1/repository/${orga}/${repo}/mirror (again: 409)", line: "quay mirror create $orga/$repo --external-reference quay.io/minio/mc --sync-interval 60 --sync-start-date 2030-01-01T00:00:00Z --robot-username $orga+$robot --skopeo-timeout-interval 300 --root-rule-rule-kind tag_glob_csv --root-rule-rule-value latest", code: 5, check: |_, r| {
        assert!(r.stderr.contains("api.already_exists"), "{}", r.stderr);
    }},
    Step { curl: "PUT /api/v1/repository/${orga}/${repo}/mirror", line: "quay mirror update $orga/$repo --sync-interval 1260", code: 0, check: |c, _| {
        assert_eq!(c.get("getRepoMirrorConfig", json!({"namespace": "acme", "repository": "web"}))["sync_interval"], 1260);
    }},
    Step { curl: "POST /api/v1/repository/${orga}/${repo}/mirror/sync-now", line: "quay mirror sync-now $orga/$repo", code: 0, check: |c, _| {
        assert_eq!(c.get("getRepoMirrorConfig", json!({"namespace": "acme", "repository": "web"}))["sync_status"], "SYNC_NOW");
    }},
    Step { curl: "PUT /api/v1/repository/${orga}/${repo}/changestate (READ_ONLY)", line: "quay repo change-repo-state $orga/$repo --state READ_ONLY", code: 0, check: |c, _| {
        assert_eq!(c.get("getRepo", json!({"namespace": "acme", "repository": "web"}))["state"], "READ_ONLY");
    }},
    // Quotas
    Step { curl: "POST /api/v1/organization/${orga}/quota", line: "quay quota create $orga --limit-bytes 104857600", code: 0, check: |c, _| {
        let q = c.get("listOrganizationQuota", json!({"orgname": "acme"}));
        assert_eq!(q[0]["limit_bytes"], 104857600);
    }},
    Step { curl: "GET /api/v1/organization/${orga}/quota", line: "quota_id=$(quay quota list $orga --output raw --query '[0].id')", code: 0, check: |c, _| {
        assert!(c.vars["quota_id"].parse::<i64>().is_ok(), "{:?}", c.vars["quota_id"]);
    }},
    Step { curl: "DELETE /api/v1/organization/${orga}/quota/1", line: "quay quota delete $orga $quota_id", code: 0, check: |c, _| {
        assert_eq!(c.get("listOrganizationQuota", json!({"orgname": "acme"})), json!([]));
    }},
    // Take ownership, clean-up
    Step { curl: "POST /api/v1/superuser/takeownership/${orga}", line: "quay superuser take-ownership $orga", code: 0, check: nothing },
    Step { curl: "DELETE /api/v1/organization/${orga}/team/${team}/members/${user}", line: "quay team delete-organization-team-member $orga $team $user", code: 0, check: |c, _| {
        let members = c.get("getOrganizationTeamMembers", json!({"orgname": "acme", "teamname": "devs"}));
        assert!(!members["members"].as_array().unwrap().iter().any(|m| m["name"] == "alice"), "{members}");
    }},
    Step { curl: "DELETE /api/v1/organization/${orga}/team/${team}", line: "quay team delete $orga $team", code: 0, check: |c, _| {
        assert!(c.get("getOrganization", json!({"orgname": "acme"}))["teams"].get("devs").is_none());
    }},
    Step { curl: "DELETE /api/v1/superuser/users/$user", line: "quay superuser delete-install-user $user", code: 0, check: |c, _| {
        assert_eq!(c.fails("getUserInformation", json!({"username": "alice"})), "api.not_found");
    }},
    Step { curl: "DELETE /api/v1/organization/${orga}", line: "quay org delete $orga", code: 0, check: |c, _| {
        assert_eq!(c.fails("getOrganization", json!({"orgname": "acme"})), "api.not_found");
    }},
];

/// Runs one line (`quay ...` or `NAME=$(quay ...)`) with the variables substituted.
fn run_line(ctx: &mut Ctx, line: &str) -> Run {
    let (target, command) = match line.split_once("=$(") {
        Some((name, rest)) => (Some(name.to_string()), rest.strip_suffix(')').expect("NAME=$(...)")),
        None => (None, line),
    };
    let argv = words(command, &ctx.vars);
    assert_eq!(argv[0], "quay", "{line}");
    let run: Run = ctx.env.cmd().args(&argv[1..]).output().expect("run quay").into();
    if let Some(name) = target {
        ctx.vars.insert(name, run.stdout.trim().to_string());
    }
    run
}

#[test]
fn the_seed_guide_runs_end_to_end_through_quay() {
    let env = Env::new();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = quay_sdk::Client::builder().registry(env.fake.url()).token(env.fake.superuser_token()).build().unwrap();
    let mut vars = BTreeMap::new();
    for (k, v) in [("orga", "acme"), ("repo", "web"), ("team", "devs"), ("user", "alice"), ("robot", "ci"), ("newtag", "v1")] {
        vars.insert(k.to_string(), v.to_string());
    }
    vars.insert("tomorrow".into(), (env.fake.now() + 86_400).to_string());
    let mut ctx = Ctx { env, rt, client, vars };
    for (i, step) in STEPS.iter().enumerate() {
        if step.line.starts_with("quay repo change-repo-visibility") {
            // The guide's tag steps need an image: the fake pushes one as `latest`.
            let digest = ctx.env.fake.push_manifest("acme", "web", Some("latest"));
            ctx.vars.insert("manifest_digest".into(), digest);
        }
        let run = run_line(&mut ctx, step.line);
        assert_eq!(run.code, step.code, "step {} ({}): `{}`\nstdout: {}\nstderr: {}", i + 1, step.curl, step.line, run.stdout, run.stderr);
        (step.check)(&ctx, &run);
    }
}

/// The README's "From curl to quay" table: its `quay` column, in order.
fn readme_commands() -> Vec<String> {
    let readme = include_str!("../../README.md");
    let start = readme.find("<!-- BEGIN CURL TO QUAY -->").expect("README has the curl-to-quay table");
    let end = readme.find("<!-- END CURL TO QUAY -->").expect("README closes the curl-to-quay table");
    readme[start..end]
        .lines()
        .filter(|l| l.starts_with("| `") || l.starts_with("| "))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            let last = cells.last()?.trim().trim_end_matches('|').trim();
            let code = last.strip_prefix('`')?.strip_suffix('`')?;
            Some(code.replace("\\|", "|"))
        })
        .collect()
}

#[test]
fn the_readme_table_lists_every_step_and_each_parses() {
    let listed = readme_commands();
    let steps: Vec<String> = STEPS.iter().map(|s| s.line.to_string()).collect();
    assert_eq!(listed, steps, "the README's curl-to-quay table must list the seed guide's steps, in order");
    let mut vars: BTreeMap<String, String> = BTreeMap::new();
    for k in ["orga", "repo", "team", "user", "robot", "newtag", "tomorrow", "manifest_digest", "prototype_id", "quota_id"] {
        vars.insert(k.into(), "x1".into());
    }
    for line in &listed {
        let command = line.split_once("=$(").map(|(_, c)| c.trim_end_matches(')')).unwrap_or(line);
        let argv = words(command, &vars);
        let m = quay_cli::parse(&argv).unwrap_or_else(|e| panic!("`{line}` does not parse: {e}"));
        assert!(quay_cli::operation_of(&m).is_some(), "`{line}` calls no operation");
    }
}
