//! Exit codes, one per kind of error, and the message printed on stderr for a failure.

/// Every exit code: the code, what it means, and the SDK error codes
/// (`quay_spec::errors::ERROR_CODES`) that end with it.
pub const EXIT_CODES: &[(u8, &str, &[&str])] = &[
    (0, "success", &[]),
    (1, "other failure (a feature turned off on this Quay, rate limited, config file, I/O)", &[
        "api", "api.method_not_allowed", "api.rate_limited", "cancelled", "closed", "internal",
    ]),
    (2, "usage or invalid input (refused by quay before sending, or by Quay with 400)", &["invalid_input", "api.bad_request"]),
    (3, "authentication or permission (missing, invalid or under-scoped token)", &[
        "api.unauthorized", "api.forbidden", "api.insufficient_scope", "api.csrf", "registry_auth",
    ]),
    (4, "not found", &["api.not_found"]),
    (5, "conflict or already exists", &["api.conflict", "api.already_exists"]),
    (6, "server error (5xx, read-only mode, an answer that does not match the spec)", &[
        "api.server", "api.read_only", "api.unexpected_status", "decode",
    ]),
    (7, "transport or timeout (cannot connect, TLS, connection broken, timed out)", &["transport", "timeout"]),
];

/// Usage and invalid input.
pub const USAGE: u8 = 2;
/// Any other failure.
pub const OTHER: u8 = 1;

/// The exit code of an SDK error code.
pub fn code_for(error_code: &str) -> u8 {
    EXIT_CODES.iter().find(|(_, _, codes)| codes.contains(&error_code)).map(|(c, _, _)| *c).unwrap_or(OTHER)
}

/// What to do about an error of this exit code.
fn advice(exit: u8, chapter_hint: Option<&str>) -> String {
    match exit {
        2 => match chapter_hint {
            Some(h) => format!("check the arguments (see `{h} --help`)"),
            None => "check the arguments (see --help)".into(),
        },
        3 => "check the token (`quay login`, --token or QUAY_TOKEN) and that it has the scope the operation needs \
              (for registry operations, also token_kind: oauth or app)"
            .into(),
        4 => "check the names given: no such object, or the token's user cannot see it".into(),
        5 => "it already exists or conflicts: use the update command, or pick another name".into(),
        6 => "Quay failed: retry later (--retries N), or ask its administrator".into(),
        7 => "check --registry (http:// or https://, host and port), the network, TLS (--ca-bundle) and --timeout".into(),
        _ => "see the message above".into(),
    }
}

/// Prints a failed call's message on stderr and returns its exit code. `command` is how the
/// user reaches the operation's help (e.g. `quay robot create`).
pub fn report(err: &quay_sdk::Error, command: Option<&str>) -> u8 {
    let code = err.code();
    let exit = code_for(code);
    let mut line = format!("quay: error: {err}");
    if let Some(api) = err.api()
        && let Some(t) = &api.error_type
        && !line.contains(t.as_str())
    {
        line.push_str(&format!(" (error type {t})"));
    }
    eprintln!("{line}");
    eprintln!("quay: [{code}, exit {exit}] {}", advice(exit, command));
    exit
}

/// Prints a failure of the tool itself (bad flag value, config file) and returns `exit`.
pub fn fail(exit: u8, message: impl std::fmt::Display) -> u8 {
    eprintln!("quay: error: {message}");
    exit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sdk_error_code_has_a_documented_exit_code() {
        for c in quay_spec::errors::ERROR_CODES {
            let listed: Vec<u8> = EXIT_CODES.iter().filter(|(_, _, codes)| codes.contains(&c.code)).map(|(e, _, _)| *e).collect();
            assert_eq!(listed.len(), 1, "{} must be listed under exactly one exit code", c.code);
        }
        assert_eq!(code_for("api.not_found"), 4);
        assert_eq!(code_for("timeout"), 7);
        assert_eq!(code_for("api.already_exists"), 5);
    }
}
