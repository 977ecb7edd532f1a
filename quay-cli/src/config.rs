//! Configuration: the config file with named profiles (`quay config`, `quay login`) and the
//! settings of a call, resolved flag > environment > profile.
//!
//! The file is TOML, written with permissions 0600 (it holds tokens):
//!
//! ```toml
//! default_profile = "prod"
//!
//! [profiles.prod]
//! registry = "quay.example.com"
//! token = "..."
//! token_kind = "oauth"   # or "app" for an app-specific token (registry /v2 operations)
//! ca_bundle = "/etc/pki/quay-ca.pem"
//! insecure = false
//! timeout = 30
//! retries = 3
//! ```

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::{Deserialize, Serialize};

use crate::exit::{OTHER, USAGE};

/// The config file.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The profile used without --profile or QUAY_PROFILE (else `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_profile: Option<String>,
    /// Profiles by name.
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One registry's settings.
#[derive(Default, Serialize, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The registry host or URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<String>,
    /// The OAuth token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// What the token is: `oauth` (the default) or `app` (an app-specific token), for the
    /// registry (`/v2`) operations' token exchange at `/v2/auth`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_kind: Option<String>,
    /// A PEM file of extra trusted certificates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_bundle: Option<String>,
    /// Skip TLS verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure: Option<bool>,
    /// Seconds allowed per request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<f64>,
    /// Retries of failed idempotent requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<usize>,
}

impl std::fmt::Debug for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Profile")
            .field("registry", &self.registry)
            .field("token", &self.token.as_ref().map(|_| "<set>"))
            .field("token_kind", &self.token_kind)
            .field("ca_bundle", &self.ca_bundle)
            .field("insecure", &self.insecure)
            .field("timeout", &self.timeout)
            .field("retries", &self.retries)
            .finish()
    }
}

/// The keys of a profile, as `quay config set/get` name them.
pub const KEYS: &[&str] = &["registry", "token", "token_kind", "ca_bundle", "insecure", "timeout", "retries"];

/// Where the config file lives: `$QUAY_CONFIG`, else `$XDG_CONFIG_HOME/quay/config.toml`, else
/// `~/.config/quay/config.toml`.
pub fn path() -> Option<PathBuf> {
    let var = |n: &str| std::env::var_os(n).filter(|v| !v.is_empty());
    if let Some(p) = var("QUAY_CONFIG") {
        return Some(PathBuf::from(p));
    }
    let base = var("XDG_CONFIG_HOME").map(PathBuf::from).or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("quay").join("config.toml"))
}

/// Reads the config file (empty when it does not exist).
pub fn load() -> Result<ConfigFile, String> {
    let Some(p) = path() else { return Ok(ConfigFile::default()) };
    match std::fs::read_to_string(&p) {
        Ok(text) => toml::from_str(&text).map_err(|e| format!("config file {}: {e}", p.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ConfigFile::default()),
        Err(e) => Err(format!("cannot read config file {}: {e}", p.display())),
    }
}

/// Writes the config file with permissions 0600 (through a temporary file, renamed).
pub fn save(file: &ConfigFile) -> Result<PathBuf, String> {
    let p = path().ok_or("no config file location: set HOME, XDG_CONFIG_HOME or QUAY_CONFIG")?;
    if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let text = toml::to_string(file).map_err(|e| format!("cannot write the config: {e}"))?;
    let tmp = p.with_extension(format!("tmp{}", std::process::id()));
    write_private(&tmp, text.as_bytes()).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &p).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {}: {e}", p.display())
    })?;
    Ok(p)
}

fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let mut f = options.open(path)?;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        f.write_all(bytes)?;
        f.sync_all()
    }
    #[cfg(not(unix))]
    {
        let mut f = options.open(path)?;
        f.write_all(bytes)?;
        f.sync_all()
    }
}

/// The profile's name: --profile, else QUAY_PROFILE, else the file's default, else `default`;
/// and whether it was asked for by name (then it must exist).
fn profile_name(flag: Option<&String>, file: &ConfigFile) -> (String, bool) {
    if let Some(p) = flag {
        return (p.clone(), true);
    }
    if let Ok(p) = std::env::var("QUAY_PROFILE")
        && !p.is_empty()
    {
        return (p, true);
    }
    match &file.default_profile {
        Some(p) => (p.clone(), true),
        None => ("default".into(), false),
    }
}

/// Where a setting came from (for --debug).
#[derive(Debug, Clone, Copy)]
enum From {
    Flag,
    Env,
    Profile,
    Default,
}

/// Resolves the client's settings, flag > environment > profile, and builds the SDK's builder.
/// With `debug`, says on stderr where each setting came from (the token only whether it is set).
pub fn builder(m: &ArgMatches, debug: bool) -> Result<quay_sdk::ClientBuilder, (u8, String)> {
    let file = load().map_err(|e| (OTHER, e))?;
    let (name, named) = profile_name(m.get_one::<String>("profile"), &file);
    let profile = match file.profiles.get(&name) {
        Some(p) => p.clone(),
        None if named => {
            let known: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
            return Err((
                USAGE,
                format!(
                    "no profile `{name}` in {} (profiles: {}); create it with `quay config set registry HOST --profile {name}`",
                    path().map(|p| p.display().to_string()).unwrap_or_default(),
                    if known.is_empty() { "none".to_string() } else { known.join(", ") }
                ),
            ));
        }
        None => Profile::default(),
    };
    let env = |names: &[&str]| names.iter().find_map(|n| std::env::var(n).ok().filter(|v| !v.is_empty()));
    let pick = |flag: Option<&String>, env_names: &[&str], from_profile: Option<String>| -> Option<(String, From)> {
        flag.map(|v| (v.clone(), From::Flag))
            .or_else(|| env(env_names).map(|v| (v, From::Env)))
            .or_else(|| from_profile.map(|v| (v, From::Profile)))
    };
    // The SDK's variables, and the curl guide's names it also reads.
    let registry = pick(m.get_one("registry"), &["QUAY_REGISTRY", "quay_registry"], profile.registry.clone());
    let token = pick(m.get_one("token"), &["QUAY_TOKEN", "bearer_token"], profile.token.clone());
    let ca = pick(m.get_one("ca-bundle"), &["QUAY_CA_BUNDLE"], profile.ca_bundle.clone());
    let token_kind = pick(m.get_one("token-kind"), &["QUAY_TOKEN_KIND"], profile.token_kind.clone());
    let insecure = if m.get_flag("insecure") { (true, From::Flag) } else { (profile.insecure.unwrap_or(false), if profile.insecure.is_some() { From::Profile } else { From::Default }) };
    let timeout = match m.get_one::<String>("timeout") {
        Some(t) => Some((parse_seconds(t).map_err(|e| (USAGE, format!("--timeout: {e}")))?, From::Flag)),
        None => profile.timeout.map(|t| (t, From::Profile)),
    };
    let retries = match m.get_one::<String>("retries") {
        Some(r) => Some((
            r.parse::<usize>().map_err(|_| (USAGE, format!("--retries needs a whole number of retries, 0 or more (got `{r}`)")))?,
            From::Flag,
        )),
        None => profile.retries.map(|r| (r, From::Profile)),
    };
    let Some((registry, registry_from)) = registry else {
        return Err((
            USAGE,
            "no registry: give --registry HOST, set QUAY_REGISTRY, or store one in a profile (`quay config set registry HOST`, or `quay login`)".into(),
        ));
    };
    if debug {
        eprintln!("quay: debug: config file {} (profile `{name}`)", path().map(|p| p.display().to_string()).unwrap_or_else(|| "-".into()));
        eprintln!("quay: debug: registry {registry} (from {registry_from:?})");
        match &token {
            Some((_, from)) => eprintln!("quay: debug: token set (from {from:?}; never shown)"),
            None => eprintln!("quay: debug: no token"),
        }
        if let Some((k, from)) = &token_kind {
            eprintln!("quay: debug: token kind {k} (from {from:?})");
        }
        if let Some((c, from)) = &ca {
            eprintln!("quay: debug: CA bundle {c} (from {from:?})");
        }
        eprintln!("quay: debug: insecure {} (from {:?})", insecure.0, insecure.1);
        if let Some((t, from)) = timeout {
            eprintln!("quay: debug: timeout {t}s (from {from:?})");
        }
        if let Some((r, from)) = retries {
            eprintln!("quay: debug: retries {r} (from {from:?})");
        }
    }
    let mut b = quay_sdk::Client::builder()
        .registry(registry)
        .user_agent(concat!("quay-cli/", env!("CARGO_PKG_VERSION")))
        .danger_accept_invalid_certs(insecure.0);
    if let Some((t, _)) = token {
        b = b.token(t);
    }
    if let Some((kind, from)) = token_kind {
        let kind = quay_sdk::TokenKind::parse(&kind).map_err(|e| (USAGE, format!("token_kind (from {from:?}): {e}")))?;
        b = b.token_kind(kind);
    }
    if let Some((c, _)) = ca {
        b = b.ca_bundle(c);
    }
    if let Some((t, _)) = timeout {
        b = b.timeout(Duration::from_secs_f64(t));
    }
    if let Some((r, _)) = retries {
        b = b.retry(quay_sdk::RetryPolicy { max_retries: r, ..Default::default() });
    }
    Ok(b)
}

fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(t) if t.is_finite() && t > 0.0 && t < 1e9 => Ok(t),
        _ => Err(format!("needs a positive number of seconds (got `{text}`)")),
    }
}

/// `quay config ...`.
pub fn command() -> Command {
    let key = || Arg::new("key").required(true).value_parser(KEYS.to_vec()).help("The setting");
    Command::new("config")
        .about("Read and write the config file's profiles (flags and the environment override them)")
        .long_about(
            "Read and write the config file's profiles: registry, token, token_kind, ca_bundle, insecure, timeout and retries per \
             profile. The file is $QUAY_CONFIG, else $XDG_CONFIG_HOME/quay/config.toml, else ~/.config/quay/config.toml, \
             written with permissions 0600. The profile is --profile, else QUAY_PROFILE, else the file's default_profile \
             (`quay config use NAME`), else `default`. Flags override the environment, which overrides the profile.",
        )
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("set")
                .about("Set a setting of the profile (`token -` reads the token from stdin)")
                .arg(key())
                .arg(Arg::new("value").required(true).allow_hyphen_values(true).help("The value")),
        )
        .subcommand(Command::new("get").about("Print a setting of the profile (the token only as <set>)").arg(key()))
        .subcommand(Command::new("unset").about("Remove a setting from the profile").arg(key()))
        .subcommand(Command::new("list").about("List every profile and its settings (tokens only as <set>)"))
        .subcommand(Command::new("use").about("Make a profile the default").arg(Arg::new("name").required(true)))
        .subcommand(Command::new("path").about("Print the config file's path"))
}

/// `quay login`.
pub fn login_command() -> Command {
    Command::new("login")
        .about("Store a registry and its token in a profile of the config file (0600)")
        .long_about(
            "Store a registry and its token in a profile of the config file (written with permissions 0600). The token \
             comes from --token, else from stdin (a prompt on a terminal, without echo where possible). It is checked with \
             getLoggedInUser first unless --no-verify.",
        )
        .arg(Arg::new("no-verify").long("no-verify").action(ArgAction::SetTrue).help("Store the token without checking it"))
}

/// The profile `quay config` and `quay login` write: --profile, else QUAY_PROFILE, else the
/// default one.
fn target_profile(m: &ArgMatches, file: &ConfigFile) -> String {
    profile_name(m.get_one::<String>("profile"), file).0
}

fn read_secret(prompt: &str) -> Result<String, String> {
    let stdin = std::io::stdin();
    let mut text = String::new();
    if stdin.is_terminal() {
        eprint!("{prompt}");
        let echo_off = std::process::Command::new("stty").arg("-echo").stdin(std::process::Stdio::inherit()).status().is_ok_and(|s| s.success());
        let r = stdin.read_line(&mut text);
        if echo_off {
            let _ = std::process::Command::new("stty").arg("echo").stdin(std::process::Stdio::inherit()).status();
            eprintln!();
        }
        r.map_err(|e| format!("cannot read the token: {e}"))?;
    } else {
        stdin.lock().read_to_string(&mut text).map_err(|e| format!("cannot read the token from stdin: {e}"))?;
    }
    let token = text.trim().to_string();
    if token.is_empty() {
        return Err("no token given (on stdin or with --token)".into());
    }
    Ok(token)
}

fn shown(key: &str, p: &Profile) -> Option<String> {
    match key {
        "registry" => p.registry.clone(),
        "token" => p.token.as_ref().map(|_| "<set>".to_string()),
        "token_kind" => p.token_kind.clone(),
        "ca_bundle" => p.ca_bundle.clone(),
        "insecure" => p.insecure.map(|v| v.to_string()),
        "timeout" => p.timeout.map(|v| v.to_string()),
        "retries" => p.retries.map(|v| v.to_string()),
        _ => None,
    }
}

fn set(p: &mut Profile, key: &str, value: &str) -> Result<(), String> {
    match key {
        "registry" => p.registry = Some(value.to_string()),
        "token" => p.token = Some(if value == "-" { read_secret("token: ")? } else { value.to_string() }),
        "token_kind" => {
            quay_sdk::TokenKind::parse(value).map_err(|e| e.to_string())?;
            p.token_kind = Some(value.to_string());
        }
        "ca_bundle" => p.ca_bundle = Some(value.to_string()),
        "insecure" => {
            p.insecure = Some(value.parse().map_err(|_| format!("insecure must be true or false (got `{value}`)"))?)
        }
        "timeout" => p.timeout = Some(parse_seconds(value).map_err(|e| format!("timeout {e}"))?),
        "retries" => {
            p.retries = Some(value.parse().map_err(|_| format!("retries must be a whole number, 0 or more (got `{value}`)"))?)
        }
        other => return Err(format!("unknown setting `{other}`")),
    }
    Ok(())
}

fn unset(p: &mut Profile, key: &str) {
    match key {
        "registry" => p.registry = None,
        "token" => p.token = None,
        "token_kind" => p.token_kind = None,
        "ca_bundle" => p.ca_bundle = None,
        "insecure" => p.insecure = None,
        "timeout" => p.timeout = None,
        "retries" => p.retries = None,
        _ => {}
    }
}

/// Runs `quay config ...`; returns the exit code.
pub fn run_config(root: &ArgMatches, m: &ArgMatches) -> u8 {
    match config_inner(root, m) {
        Ok(()) => 0,
        Err((code, msg)) => crate::exit::fail(code, msg),
    }
}

fn config_inner(root: &ArgMatches, m: &ArgMatches) -> Result<(), (u8, String)> {
    let mut file = load().map_err(|e| (OTHER, e))?;
    let profile = target_profile(root, &file);
    match m.subcommand() {
        Some(("set", s)) => {
            let key = s.get_one::<String>("key").map(String::as_str).unwrap_or("");
            let value = s.get_one::<String>("value").map(String::as_str).unwrap_or("");
            set(file.profiles.entry(profile.clone()).or_default(), key, value).map_err(|e| (USAGE, e))?;
            let p = save(&file).map_err(|e| (OTHER, e))?;
            eprintln!("quay: {key} of profile `{profile}` set in {}", p.display());
        }
        Some(("get", s)) => {
            let key = s.get_one::<String>("key").map(String::as_str).unwrap_or("");
            let value = file.profiles.get(&profile).and_then(|p| shown(key, p));
            match value {
                Some(v) => println!("{v}"),
                None => return Err((OTHER, format!("{key} is not set in profile `{profile}`"))),
            }
        }
        Some(("unset", s)) => {
            let key = s.get_one::<String>("key").map(String::as_str).unwrap_or("");
            if let Some(p) = file.profiles.get_mut(&profile) {
                unset(p, key);
            }
            save(&file).map_err(|e| (OTHER, e))?;
        }
        Some(("list", _)) => {
            let default = file.default_profile.clone().unwrap_or_else(|| "default".into());
            for (name, p) in &file.profiles {
                let mark = if *name == default { " (default)" } else { "" };
                println!("[{name}]{mark}");
                for key in KEYS {
                    if let Some(v) = shown(key, p) {
                        println!("  {key} = {v}");
                    }
                }
            }
        }
        Some(("use", s)) => {
            let name = s.get_one::<String>("name").cloned().unwrap_or_default();
            if !file.profiles.contains_key(&name) {
                return Err((USAGE, format!("no profile `{name}`; create it with `quay config set registry HOST --profile {name}`")));
            }
            file.default_profile = Some(name);
            save(&file).map_err(|e| (OTHER, e))?;
        }
        Some(("path", _)) => match path() {
            Some(p) => println!("{}", p.display()),
            None => return Err((OTHER, "no config file location: set HOME, XDG_CONFIG_HOME or QUAY_CONFIG".into())),
        },
        _ => return Err((USAGE, "see `quay config --help`".into())),
    }
    Ok(())
}

/// Runs `quay login`; returns the exit code.
pub fn run_login(root: &ArgMatches, m: &ArgMatches, rt: &tokio::runtime::Runtime) -> u8 {
    let mut file = match load() {
        Ok(f) => f,
        Err(e) => return crate::exit::fail(OTHER, e),
    };
    let profile = target_profile(root, &file);
    let stored = file.profiles.get(&profile).cloned().unwrap_or_default();
    let registry = root
        .get_one::<String>("registry")
        .cloned()
        .or_else(|| std::env::var("QUAY_REGISTRY").ok().filter(|v| !v.is_empty()))
        .or(stored.registry.clone());
    let Some(registry) = registry else {
        return crate::exit::fail(USAGE, "quay login needs a registry: --registry HOST (or QUAY_REGISTRY)");
    };
    let token = match root.get_one::<String>("token") {
        Some(t) => t.clone(),
        None => match read_secret(&format!("token for {registry}: ")) {
            Ok(t) => t,
            Err(e) => return crate::exit::fail(USAGE, e),
        },
    };
    let mut entry = stored;
    entry.registry = Some(registry.clone());
    entry.token = Some(token.clone());
    if !m.get_flag("no-verify") {
        let mut b = quay_sdk::Client::builder().registry(&registry).token(&token).danger_accept_invalid_certs(
            root.get_flag("insecure") || entry.insecure.unwrap_or(false),
        );
        if let Some(ca) = root.get_one::<String>("ca-bundle").or(entry.ca_bundle.as_ref()) {
            b = b.ca_bundle(ca);
        }
        let checked = b.build().map(|c| rt.block_on(c.call("getLoggedInUser", serde_json::Value::Null)));
        match checked {
            Ok(Ok(user)) => {
                eprintln!("quay: logged in to {registry} as {}", user.get("username").and_then(|u| u.as_str()).unwrap_or("?"))
            }
            Ok(Err(e)) | Err(e) => return crate::exit::report(&e, Some("quay login")),
        }
    }
    file.profiles.insert(profile.clone(), entry);
    match save(&file) {
        Ok(p) => {
            eprintln!("quay: token stored in profile `{profile}` of {} (permissions 0600)", p.display());
            0
        }
        Err(e) => crate::exit::fail(OTHER, e),
    }
}
