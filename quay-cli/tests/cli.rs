//! The `quay` binary against the fake: output formats, `--query`, paging and `--limit`,
//! `--dry-run`, profiles and precedence, exit codes, help, reachability of every operation of
//! the spec, and the token never printed.

mod common;

use std::collections::BTreeMap;

use common::{Env, Run, words};
use serde_json::{Value, json};

fn setup_org(env: &Env) {
    env.run(&["org", "create", "--name", "acme", "--email", "acme@example.com"]).ok();
    env.run(&["robot", "create", "acme", "ci", "--description", "CI"]).ok();
    env.run(&["repo", "create", "--namespace", "acme", "--repository", "web", "--visibility", "private", "--description", ""]).ok();
}

#[test]
fn output_formats_and_queries() {
    let env = Env::new();
    setup_org(&env);
    // Piped: compact JSON on one line.
    let json = env.run(&["robot", "get", "acme", "ci"]).ok();
    assert_eq!(json.stdout.lines().count(), 1, "{}", json.stdout);
    assert_eq!(json.json()["name"], "acme+ci");
    let yaml = env.run(&["robot", "get", "acme", "ci", "-o", "yaml"]).ok();
    assert!(yaml.stdout.contains("name: acme+ci\n") && yaml.stdout.contains("description: CI\n"), "{}", yaml.stdout);
    let table = env.run(&["robot", "list", "acme", "--output", "table"]).ok();
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert!(lines[0].starts_with("CREATED") && lines[0].contains("NAME"), "{}", table.stdout);
    assert!(lines[1].contains("acme+ci"), "{}", table.stdout);
    let raw = env.run(&["robot", "get", "acme", "ci", "-o", "raw", "-q", "name"]).ok();
    assert_eq!(raw.stdout, "acme+ci\n");
    let list = env.run(&["org", "get", "acme", "--query", "teams.*.name", "--output", "raw"]).ok();
    assert_eq!(list.stdout, "owners\n");
    let index = env.run(&["robot", "list", "acme", "-q", "robots[0].description"]).ok();
    assert_eq!(index.json(), json!("CI"));
    let bad = env.run(&["robot", "list", "acme", "-q", "robots[x]"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("robots[x]"), "{}", bad.stderr);
    // A table of one object: its fields as rows.
    let kv = env.run(&["repo", "get", "acme/web", "-o", "table"]).ok();
    assert!(kv.stdout.lines().next().unwrap().starts_with("KEY") && kv.stdout.contains("namespace"), "{}", kv.stdout);
}

/// Registry operations log in with the token's kind: `--token-kind`, QUAY_TOKEN_KIND or the
/// profile's `token_kind`; an app-specific token's code works only as `app`.
#[test]
fn registry_operations_log_in_with_the_token_kind() {
    let env = Env::new();
    setup_org(&env);
    let image = env.fake.push_manifest("acme", "web", Some("latest"));
    env.fake.push_referrer("acme", "web", &image, "application/vnd.example.sbom", &[]).unwrap();
    let code = env.run(&["appspecifictokens", "create", "--title", "ci", "-q", "token.token_code", "-o", "raw"]).ok().stdout.trim().to_string();
    let referrers = ["referrers", "get-referrers", "acme/web", image.as_str(), "-q", "manifests", "-o", "json"];
    let with = |extra: &[&str], kind_env: Option<&str>| {
        let mut c = env.cmd();
        c.env("QUAY_TOKEN", &code);
        if let Some(k) = kind_env {
            c.env("QUAY_TOKEN_KIND", k);
        }
        Run::from(c.args(referrers).args(extra).output().expect("run quay"))
    };
    assert_eq!(with(&["--token-kind", "app"], None).ok().json().as_array().map(Vec::len), Some(1));
    assert_eq!(with(&[], Some("app")).ok().json().as_array().map(Vec::len), Some(1));
    // The flag wins over the environment; as an OAuth token the code is refused (exit 3).
    let refused = with(&["--token-kind", "oauth"], Some("app"));
    assert_eq!(refused.code, 3, "{}", refused.stderr);
    assert!(!refused.stderr.contains(&code) && !refused.stdout.contains(&code));
    let bad = with(&["--token-kind", "bearer"], None);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("bearer"), "{}", bad.stderr);
    let bad_env = with(&[], Some("bearer"));
    assert_eq!(bad_env.code, 2, "{}", bad_env.stderr);
    assert!(bad_env.stderr.contains("token_kind") && bad_env.stderr.contains("bearer"), "{}", bad_env.stderr);
}

#[test]
fn paged_operations_fetch_every_page_unless_limited() {
    let env = Env::new();
    setup_org(&env);
    env.fake.push_tags("acme", "web", 130, "t");
    env.fake.set_page_sizes(quay_fake::PageSizes { tags_default: 50, ..Default::default() });
    let all = env.run(&["tag", "list", "acme/web", "-q", "name", "-o", "raw"]).ok();
    let names: Vec<&str> = all.stdout.lines().collect();
    assert_eq!(names.len(), 130, "every page (3 of them)");
    let unique: std::collections::BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), 130);
    let json = env.run(&["tag", "list", "acme/web"]).ok();
    assert_eq!(json.json().as_array().unwrap().len(), 130, "one JSON array of every item");
    let limited = env.run(&["tag", "list", "acme/web", "--limit", "7", "-q", "name"]).ok();
    assert_eq!(limited.json().as_array().unwrap().len(), 7);
    let yaml = env.run(&["tag", "list", "acme/web", "--limit", "2", "-o", "yaml", "-q", "name"]).ok();
    assert_eq!(yaml.stdout.lines().filter(|l| l.starts_with("- ")).count(), 2, "{}", yaml.stdout);
    let table = env.run(&["tag", "list", "acme/web", "--limit", "60", "-o", "table"]).ok();
    assert_eq!(table.stdout.lines().count(), 61, "a header, then rows across two pages");
    let none = env.run(&["repo", "list", "--namespace", "nobody"]).ok();
    assert_eq!(none.json(), json!([]));
    let bad = env.run(&["tag", "list", "acme/web", "--limit", "many"]);
    assert_eq!(bad.code, 2);
    // The page-size parameter that shares the tool's flag name takes a suffix.
    let page = env.run(&["tag", "list", "acme/web", "--limit-param", "10", "--limit", "15", "-q", "name", "-o", "raw"]).ok();
    assert_eq!(page.stdout.lines().count(), 15);
}

#[test]
fn dry_run_prints_the_request_and_sends_nothing() {
    let env = Env::new();
    let before = env.fake.request_count();
    let r = env.run(&["robot", "create", "acme", "ci", "--description", "CI", "--dry-run"]).ok();
    assert_eq!(r.stdout.lines().next().unwrap(), format!("PUT {}/api/v1/organization/acme/robots/ci", env.fake.url()));
    assert!(r.stdout.contains("\"description\": \"CI\""), "{}", r.stdout);
    let s = env.run(&["tag", "list", "acme/web", "--dry-run", "-o", "json"]).ok();
    assert_eq!(s.json()["method"], "GET");
    assert_eq!(s.json()["url"], format!("{}/api/v1/repository/acme/web/tag/", env.fake.url()));
    let body = env.dir.join("body.json");
    std::fs::write(&body, r#"{"role": "read", "delegate": {"kind": "user", "name": "alice"}}"#).unwrap();
    let merged = env
        .run(&["proto", "create", "acme", "--body", body.to_str().unwrap(), "--role", "admin", "--dry-run", "-o", "json"])
        .ok();
    assert_eq!(merged.json()["body"], json!({"role": "admin", "delegate": {"kind": "user", "name": "alice"}}));
    // Bad input is refused in a dry run as in a real one.
    let bad = env.run(&["org", "get", "Not A Name", "--dry-run"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert_eq!(env.fake.request_count(), before, "a dry run sends nothing");
    assert!(!format!("{}{}{}", r.stdout, s.stdout, merged.stdout).contains(&env.fake.superuser_token()));
}

#[test]
fn bodies_from_stdin_and_repository_forms() {
    let env = Env::new();
    env.run(&["org", "create", "--name", "acme", "--email", "acme@example.com"]).ok();
    let mut child = env
        .cmd()
        .args(["repo", "create", "--body", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"{"namespace": "acme", "repository": "web", "visibility": "public", "description": "from stdin"}"#)
        .unwrap();
    let created: Run = child.wait_with_output().unwrap().into();
    assert_eq!(created.code, 0, "{}", created.stderr);
    let got = env.run(&["call", "getRepo", "--namespace", "acme", "--repository", "web"]).ok();
    assert_eq!(got.json()["description"], "from stdin");
    let joined = env.run(&["call", "getRepo", "--repository", "acme/web", "-q", "name"]).ok();
    assert_eq!(joined.json(), json!("web"));
    let kebab = env.run(&["repo", "get-repo", "acme/web", "-q", "name"]).ok();
    assert_eq!(kebab.json(), json!("web"), "the kebab-case operationId works in the chapter too");
    let missing = env.run(&["repo", "get", "web"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("namespace/name"), "{}", missing.stderr);
    let bad_int = env.run(&["mirror", "update", "acme/web", "--sync-interval", "soon"]);
    assert_eq!(bad_int.code, 2);
    assert!(bad_int.stderr.contains("--sync-interval") && bad_int.stderr.contains("soon"), "{}", bad_int.stderr);
    let bad_enum = env.run(&["repo", "change-repo-visibility", "acme/web", "--visibility", "hidden"]);
    assert_eq!(bad_enum.code, 2);
    assert!(bad_enum.stderr.contains("public") && bad_enum.stderr.contains("private"), "{}", bad_enum.stderr);
    let missing_field = env.run(&["repo", "change-repo-visibility", "acme/web"]);
    assert_eq!(missing_field.code, 2);
    assert!(missing_field.stderr.contains("visibility"), "{}", missing_field.stderr);
}

#[test]
fn every_error_kind_has_its_exit_code() {
    let env = Env::new();
    setup_org(&env);
    // 2: usage, invalid input (before sending) and Quay's 400.
    assert_eq!(env.run(&["robot", "create"]).code, 2);
    assert_eq!(env.run(&["no-such-chapter"]).code, 2);
    assert_eq!(env.run(&["org", "get", "UPPER CASE"]).code, 2);
    assert_eq!(env.run(&["robot", "get", "acme", "nope"]).code, 2, "Quay answers 400 for an unknown robot");
    // 3: authentication.
    let unauth = Run::from(env.bare().env("QUAY_REGISTRY", env.fake.url()).env("QUAY_TOKEN", "wrong").args(["robot", "list", "acme"]).output().unwrap());
    assert_eq!(unauth.code, 3, "{}", unauth.stderr);
    assert!(unauth.stderr.contains("getOrgRobots") && unauth.stderr.contains("quay login"), "{}", unauth.stderr);
    let csrf = Run::from(env.bare().env("QUAY_REGISTRY", env.fake.url()).args(["robot", "create", "acme", "x2"]).output().unwrap());
    assert_eq!(csrf.code, 3, "{}", csrf.stderr);
    // 4: not found.
    let nf = env.run(&["org", "get", "nobody"]);
    assert_eq!(nf.code, 4);
    assert!(nf.stderr.contains("getOrganization") && nf.stderr.contains("404") && nf.stderr.contains("not_found"), "{}", nf.stderr);
    // 5: already exists, conflict.
    let dup = env.run(&["robot", "create", "acme", "ci"]);
    assert_eq!(dup.code, 5);
    assert!(dup.stderr.contains("Existing robot") && dup.stderr.contains("api.already_exists"), "{}", dup.stderr);
    // 6: server.
    env.fake.inject_fault(quay_fake::Fault { times: 10, ..quay_fake::Fault::status(500) });
    let server = env.run(&["--retries", "0", "org", "get", "acme"]);
    env.fake.clear_faults();
    assert_eq!(server.code, 6, "{}", server.stderr);
    // 7: transport and timeout.
    let refused = Run::from(env.bare().args(["--registry", "http://127.0.0.1:9", "--retries", "0", "org", "get", "acme"]).output().unwrap());
    assert_eq!(refused.code, 7, "{}", refused.stderr);
    env.fake.inject_fault(quay_fake::Fault::delay(std::time::Duration::from_secs(3)));
    let slow = env.run(&["--timeout", "0.3", "--retries", "0", "org", "get", "acme"]);
    env.fake.clear_faults();
    assert_eq!(slow.code, 7, "{}", slow.stderr);
    assert!(slow.stderr.contains("timed out"), "{}", slow.stderr);
}

#[test]
fn profiles_and_precedence_flag_env_profile() {
    let env = Env::new();
    setup_org(&env);
    let bare = |args: &[&str]| Run::from(env.bare().args(args).output().unwrap());
    let none = bare(&["org", "get", "acme"]);
    assert_eq!(none.code, 2);
    assert!(none.stderr.contains("no registry"), "{}", none.stderr);
    // A profile holds the registry and token.
    bare(&["config", "set", "registry", &env.fake.url()]).ok();
    bare(&["config", "set", "token", &env.fake.superuser_token()]).ok();
    assert_eq!(bare(&["org", "get", "acme", "-q", "name"]).ok().json(), json!("acme"));
    assert_eq!(bare(&["config", "get", "registry"]).ok().stdout.trim(), env.fake.url());
    assert_eq!(bare(&["config", "get", "token"]).ok().stdout.trim(), "<set>");
    let listed = bare(&["config", "list"]).ok();
    assert!(listed.stdout.contains("[default]") && !listed.stdout.contains(&env.fake.superuser_token()), "{}", listed.stdout);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.config_path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // A named profile pointing nowhere; --profile and QUAY_PROFILE select it.
    bare(&["config", "set", "registry", "http://127.0.0.1:9", "--profile", "dead"]).ok();
    bare(&["config", "set", "retries", "0", "--profile", "dead"]).ok();
    assert_eq!(bare(&["--profile", "dead", "org", "get", "acme"]).code, 7);
    assert_eq!(Run::from(env.bare().env("QUAY_PROFILE", "dead").args(["org", "get", "acme"]).output().unwrap()).code, 7);
    assert_eq!(bare(&["--profile", "nope", "org", "get", "acme"]).code, 2);
    // env > profile: QUAY_REGISTRY wins over the dead profile's registry.
    let env_wins = Run::from(
        env.bare().env("QUAY_REGISTRY", env.fake.url()).env("QUAY_TOKEN", env.fake.superuser_token()).args(["--profile", "dead", "org", "get", "acme"]).output().unwrap(),
    );
    assert_eq!(env_wins.code, 0, "{}", env_wins.stderr);
    // flag > env: --registry wins over QUAY_REGISTRY.
    let flag_wins = Run::from(
        env.bare().env("QUAY_REGISTRY", "http://127.0.0.1:9").env("QUAY_TOKEN", env.fake.superuser_token()).args(["--registry", &env.fake.url(), "--retries", "0", "org", "get", "acme"]).output().unwrap(),
    );
    assert_eq!(flag_wins.code, 0, "{}", flag_wins.stderr);
    // flag > profile for the token too: a bad --token fails where the profile's would work.
    assert_eq!(bare(&["--token", "bad", "robot", "list", "acme"]).code, 3);
    assert_eq!(bare(&["robot", "list", "acme", "-q", "robots[0].name"]).ok().json(), json!("acme+ci"));
    // --debug says where each setting came from, never the token.
    let debug = Run::from(env.bare().env("QUAY_TOKEN", env.fake.superuser_token()).args(["--debug", "org", "get", "acme"]).output().unwrap());
    assert_eq!(debug.code, 0, "{}", debug.stderr);
    assert!(debug.stderr.contains("registry") && debug.stderr.contains("from Profile") && debug.stderr.contains("token set (from Env"), "{}", debug.stderr);
    assert!(!debug.stderr.contains(&env.fake.superuser_token()) && !debug.stdout.contains(&env.fake.superuser_token()));
    // `config use` changes the default profile.
    bare(&["config", "use", "dead"]).ok();
    assert_eq!(bare(&["org", "get", "acme"]).code, 7);
    bare(&["config", "unset", "registry", "--profile", "dead"]).ok();
    assert_eq!(bare(&["org", "get", "acme"]).code, 2);
}

#[test]
fn login_checks_and_stores_the_token() {
    let env = Env::new();
    let login = |token: &str| {
        let mut child = env
            .bare()
            .args(["login", "--registry", &env.fake.url(), "--profile", "fake"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(format!("{token}\n").as_bytes()).unwrap();
        Run::from(child.wait_with_output().unwrap())
    };
    let bad = login("not-a-token");
    assert_eq!(bad.code, 3, "{}", bad.stderr);
    assert!(!env.config_path().exists(), "a refused token is not stored");
    let ok = login(&env.fake.superuser_token());
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(!ok.stderr.contains(&env.fake.superuser_token()) && !ok.stdout.contains(&env.fake.superuser_token()));
    let text = std::fs::read_to_string(env.config_path()).unwrap();
    assert!(text.contains("[profiles.fake]") && text.contains(&env.fake.superuser_token()), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(env.config_path()).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let me = Run::from(env.bare().args(["--profile", "fake", "user", "get-logged-in-user", "-q", "username"]).output().unwrap());
    assert_eq!(me.code, 0, "{}", me.stderr);
}

#[test]
fn every_chapter_help_lists_its_operations_and_every_operation_is_reachable() {
    let env = Env::new();
    let spec = quay_spec::Spec::embedded().unwrap();
    let top = Run::from(env.bare().arg("--help").output().unwrap()).ok();
    for (chapter, ops) in spec.by_tag() {
        assert!(top.stdout.contains(&format!("  {chapter} ")), "quay --help lists {chapter}");
        let help = Run::from(env.bare().args([chapter, "--help"]).output().unwrap()).ok();
        for op in &ops {
            assert!(help.stdout.contains(&format!("[{}]", op.id)), "quay {chapter} --help lists {}:\n{}", op.id, help.stdout);
        }
    }
    // Every operation of the spec: by its chapter command and by `call`, with its parameters.
    for op in &spec.operations {
        let help = Run::from(env.bare().args(["call", &op.id, "--help"]).output().unwrap()).ok();
        assert!(help.stdout.contains(&format!("operationId: {}", op.id)), "{}", help.stdout);
        for p in &op.params {
            let flag = format!("--{}", p.snake_name.replace('_', "-"));
            assert!(help.stdout.contains(&flag), "quay call {} --help shows {flag}", op.id);
        }
        for f in op.body.iter().flat_map(|b| &b.properties) {
            let flag = format!("--{}", quay_spec::snake(f).replace('_', "-"));
            assert!(help.stdout.contains(&flag), "quay call {} --help shows body field {f} as {flag}", op.id);
        }
        // The chapter's command and `call` both resolve to the operation...
        let (chapter_line, call_line) = invocations(op);
        for line in [&chapter_line, &call_line] {
            let mut argv = vec!["quay".to_string()];
            argv.extend(line.iter().cloned());
            let m = quay_cli::parse(&argv).unwrap_or_else(|e| panic!("{line:?} does not parse: {e}"));
            assert_eq!(quay_cli::operation_of(&m).map(|(o, _)| o.id), Some(op.id.as_str()), "{line:?}");
        }
        // ...and a dry run of both reaches the SDK with it: the same request, or (where the sample
        // values do not fit a body schema) the same refusal naming the operation.
        let a = env.run(&chapter_line.iter().map(String::as_str).collect::<Vec<_>>());
        let b = env.run(&call_line.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(a.code, b.code, "{chapter_line:?}: {}\n{call_line:?}: {}", a.stderr, b.stderr);
        if a.code != 0 {
            assert_eq!(a.code, 2, "{chapter_line:?}: {}", a.stderr);
            assert!(a.stderr.contains(&format!("invalid input: {}:", op.id)), "{chapter_line:?}: {}", a.stderr);
            assert_eq!(a.stderr.lines().next(), b.stderr.lines().next(), "{}", op.id);
            continue;
        }
        let first = |r: &Run| r.json()["method"].as_str().map(str::to_string).zip(r.json()["url"].as_str().map(str::to_string));
        let (method, url) = first(&a).unwrap();
        assert_eq!(method, op.method, "{}", op.id);
        assert_eq!(first(&a), first(&b), "{}", op.id);
        let expected = op.path.split('/').map(|seg| if seg.starts_with('{') { path_sample(op, seg) } else { seg }).collect::<Vec<_>>().join("/");
        assert!(url.contains(&expected), "{}: {url} vs {expected}", op.id);
    }
}

/// A valid manifest digest.
const DIGEST: &str = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// The value [`invocations`] gives a path parameter (`{name}`).
fn path_sample(op: &quay_spec::Operation, segment: &str) -> &'static str {
    let name = segment.trim_start_matches('{').trim_end_matches('}');
    let table = quay_cli::table::operation(&op.id).unwrap();
    match table.args.iter().find(|a| a.key == name).map(|a| a.value) {
        Some(quay_cli::table::Value::Integer) => "1",
        _ if name.contains("digest") || name.contains("manifestref") => DIGEST,
        _ => "x1",
    }
}

/// A dry-run command line for an operation through its chapter and through `call`, with every
/// path parameter `x1` and every required query parameter and body field given a valid value.
fn invocations(op: &quay_spec::Operation) -> (Vec<String>, Vec<String>) {
    let table = quay_cli::table::operation(&op.id).expect("in the CLI's table");
    let mut chapter = vec![op.tag.clone(), table.command.to_string()];
    let mut call = vec!["call".to_string(), op.id.clone()];
    let joined = table.joins_repository();
    for (a, flag) in table.args.iter().zip(quay_cli::cli::flags(table)) {
        use quay_cli::table::Source;
        match a.source {
            Source::Path => {
                let value = path_sample(op, a.key).to_string();
                if !(joined && a.key == "namespace") {
                    chapter.push(if joined && a.key == "repository" { format!("x1/{value}") } else { value.clone() });
                }
                call.extend([format!("--{flag}"), value]);
            }
            _ if a.required => {
                let value = sample(a);
                chapter.extend([format!("--{flag}"), value.clone()]);
                call.extend([format!("--{flag}"), value]);
            }
            _ => {}
        }
    }
    for line in [&mut chapter, &mut call] {
        line.extend(["--dry-run".into(), "-o".into(), "json".into()]);
    }
    (chapter, call)
}

fn sample(a: &quay_cli::table::Arg) -> String {
    use quay_cli::table::Value as V;
    match a.value {
        V::Choice(values) | V::IntegerChoice(values) => values[0].to_string(),
        V::Integer | V::Number => "4102444800".into(),
        V::Boolean => "true".into(),
        V::TextList => "x1".into(),
        V::Json => "{}".into(),
        V::Text if a.key.contains("date") => "2100-01-01T00:00:00Z".into(),
        V::Text if a.key.contains("email") => "x1@example.com".into(),
        V::Text if a.key.contains("digest") || a.key.contains("manifestref") => DIGEST.to_string(),
        V::Text if a.key == "external_reference" => "quay.io/x1/x1".into(),
        V::Text => "x1".into(),
    }
}

#[test]
fn the_token_never_appears_in_any_output() {
    let env = Env::new();
    setup_org(&env);
    let token = env.fake.superuser_token();
    let mut runs = vec![
        env.run(&["org", "get", "acme"]),
        env.run(&["--debug", "robot", "list", "acme"]),
        env.run(&["--debug", "org", "get", "nobody"]),
        env.run(&["--debug", "--dry-run", "robot", "create", "acme", "x", "--description", "d"]),
        env.run(&["--debug", "tag", "list", "acme/web", "-o", "table"]),
        env.run(&["--token", &token, "--debug", "org", "get", "acme"]),
        env.run(&["--token", &token, "org", "get", "Bad Name"]),
        env.run(&["--token", &token, "--registry", "ftp://x", "org", "get", "acme"]),
        Run::from(env.bare().args(["--token", &token, "--debug", "--registry", "http://127.0.0.1:9", "--retries", "1", "org", "get", "acme"]).output().unwrap()),
    ];
    env.fake.inject_fault(quay_fake::Fault { times: 5, ..quay_fake::Fault::status(503) });
    runs.push(env.run(&["--debug", "--retries", "2", "org", "get", "acme"]));
    env.fake.clear_faults();
    for r in &runs {
        assert!(!r.stdout.contains(&token) && !r.stderr.contains(&token), "token printed:\n{}\n{}", r.stdout, r.stderr);
    }
    assert!(runs[1].stderr.contains("debug"), "--debug logs: {}", runs[1].stderr);
}

#[test]
fn readme_shell_lines_parse_with_the_cli() {
    let readme = include_str!("../../README.md");
    let mut in_block = false;
    let mut checked = 0;
    let vars: BTreeMap<String, String> = BTreeMap::new();
    for line in readme.lines() {
        if line.starts_with("```") {
            in_block = line == "```sh" || line == "```bash" || line == "```shell";
            continue;
        }
        let line = line.trim();
        if !in_block || !line.starts_with("quay ") {
            continue;
        }
        let mut argv = words(line, &vars);
        if let Some(cut) = argv.iter().position(|w| ["#", "&", ">", "|"].contains(&w.as_str())) {
            argv.truncate(cut);
        }
        let m = quay_cli::parse(&argv).unwrap_or_else(|e| panic!("README: `{line}` does not parse: {e}"));
        let _ = m;
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} README lines checked");
}

#[test]
fn version_completions_and_man_page() {
    let env = Env::new();
    let v = Run::from(env.bare().arg("--version").output().unwrap()).ok();
    assert_eq!(v.stdout.trim(), format!("quay {}", env!("CARGO_PKG_VERSION")));
    for shell in ["bash", "zsh", "fish"] {
        let c = Run::from(env.bare().args(["completions", shell]).output().unwrap()).ok();
        assert!(c.stdout.contains("createOrgRobot") && c.stdout.contains("robot"), "{shell} completion covers operations");
    }
    let man = Run::from(env.bare().arg("man").output().unwrap()).ok();
    assert!(man.stdout.contains(".TH quay") && man.stdout.contains("robot"), "{}", &man.stdout[..200.min(man.stdout.len())]);
}

#[test]
fn quay_fake_serves_and_prints_the_export_lines() {
    use std::io::{BufRead, BufReader};
    let env = Env::new();
    let mut child = env.bare().args(["fake", "--port", "0"]).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let registry = lines.next().unwrap().unwrap();
    let token = lines.next().unwrap().unwrap();
    let registry = registry.strip_prefix("export QUAY_REGISTRY=").expect("export QUAY_REGISTRY=").to_string();
    let token = token.strip_prefix("export QUAY_TOKEN=").expect("export QUAY_TOKEN=").to_string();
    let r = Run::from(env.bare().env("QUAY_REGISTRY", &registry).env("QUAY_TOKEN", &token).args(["user", "get-logged-in-user", "-q", "username"]).output().unwrap());
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(String::from_utf8_lossy(&out.stderr).contains("stop it with Ctrl-C"));
    let bad = Run::from(env.bare().args(["fake", "--port", "http"]).output().unwrap());
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("usage: quay fake"), "{}", bad.stderr);
    let _: Value = Value::Null;
}
