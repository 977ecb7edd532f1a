//! Routing: matches a method and path against the route table as werkzeug would (the most
//! literal match wins; a missing trailing slash redirects; a known path with another method is
//! a 405; OPTIONS lists the allowed methods).

use super::routes::{ROUTES, Route};
use crate::model::Features;
use crate::util::percent_decode;

/// Outcome of matching a path against the route table.
pub(crate) enum Resolved {
    /// A route with its decoded parameters.
    Found(&'static Route, Vec<(String, String)>),
    /// Werkzeug's strict-slashes redirect to the slash-terminated path.
    Redirect(String),
    /// The path exists but not for this method (allowed methods listed).
    MethodNotAllowed(String),
    /// No API route: the web app's catch-all (GET-only) answers.
    NoRoute,
    /// An OPTIONS request on an existing path (allowed methods listed).
    Options(String),
}

/// Decoded path parameters and the per-segment literal flags used to rank matches.
type Match = (Vec<(String, String)>, Vec<bool>);

fn match_pattern(pattern: &str, segs: &[&str]) -> Option<Match> {
    let mut params = vec![];
    let mut score = vec![];
    let mut i = 0;
    for p in pattern.split('/').skip(1) {
        if p == "{repository}" {
            let (ns, name) = (segs.get(i)?, segs.get(i + 1)?);
            if ns.is_empty() || name.is_empty() {
                return None;
            }
            params.push(("namespace".into(), percent_decode(ns, false)));
            params.push(("repository".into(), percent_decode(name, false)));
            score.extend([false, false]);
            i += 2;
        } else if let Some(name) = p.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
            let s = segs.get(i)?;
            if s.is_empty() {
                return None;
            }
            params.push((name.into(), percent_decode(s, false)));
            score.push(false);
            i += 1;
        } else {
            if *segs.get(i)? != p {
                return None;
            }
            score.push(true);
            i += 1;
        }
    }
    (i == segs.len()).then_some((params, score))
}

/// Matches `method path` against the routes enabled under `features`.
pub(crate) fn resolve(features: &Features, method: &str, path: &str) -> Resolved {
    let find = |path: &str| -> Vec<(&'static Route, Match)> {
        let segs: Vec<&str> = path.split('/').skip(1).collect();
        ROUTES
            .iter()
            .filter(|r| r.gate.is_none_or(|g| g(features)))
            .filter_map(|r| match_pattern(r.pattern, &segs).map(|m| (r, m)))
            .collect()
    };
    let matches = find(path);
    if matches.is_empty() {
        if !path.ends_with('/') && !find(&format!("{path}/")).is_empty() {
            return Resolved::Redirect(format!("{path}/"));
        }
        return Resolved::NoRoute;
    }
    let allowed = || {
        let mut allow: Vec<&str> = matches.iter().map(|(r, _)| r.method).collect();
        if allow.contains(&"GET") {
            allow.push("HEAD");
        }
        allow.push("OPTIONS");
        allow.sort();
        allow.dedup();
        allow.join(", ")
    };
    if method == "OPTIONS" {
        return Resolved::Options(allowed());
    }
    let want = if method == "HEAD" { "GET" } else { method };
    let best = matches.iter().filter(|(r, _)| r.method == want).max_by(|a, b| a.1.1.cmp(&b.1.1));
    match best {
        Some((r, (p, _))) => Resolved::Found(r, p.clone()),
        None => Resolved::MethodNotAllowed(allowed()),
    }
}
