//! The documented-operations check of `cargo xtask check`: every operation Red Hat's API
//! reference documents (the `rh_docs` column of tests/data/quay-operations.tsv, a copy of the
//! shared reference) is in the spec, but those still listed as not yet added; a listed one that
//! is in the spec fails too, so the list only shrinks.

use std::collections::BTreeSet;

use crate::workspace_root;

/// Quay's operation table, relative to the workspace root.
pub const OPERATIONS_PATH: &str = "tests/data/quay-operations.tsv";

/// Documented operations the spec does not hold yet (the repository chapters of issue 12,
/// which removes them as it adds them).
pub const NOT_YET_IN_SPEC: &[&str] = &[];

/// The operations the table marks as documented (`yes:CHAPTER` or `as:NAME`): their nickname,
/// or `METHOD PATH` for the rows without one (the table writes a remark there in parentheses).
pub fn documented(tsv: &str) -> Result<Vec<String>, String> {
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().ok_or("the operation table is empty")?.split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).ok_or(format!("the operation table has no `{name}` column"));
    let (nick, method, path, docs) = (col("nickname")?, col("method")?, col("path")?, col("rh_docs")?);
    Ok(lines
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|row| row.get(docs).is_some_and(|d| d.starts_with("yes:") || d.starts_with("as:")))
        .filter_map(|row| match row.get(nick) {
            Some(n) if n.starts_with('(') => Some(format!("{} {}", row.get(method)?, row.get(path)?)),
            n => n.map(|n| n.to_string()),
        })
        .collect())
}

/// The problems: documented operations missing from the spec and not listed, listed ones that
/// are in the spec, listed names the table does not document.
pub fn problems(spec_ids: &BTreeSet<String>, documented: &[String]) -> Vec<String> {
    let mut out = vec![];
    for id in documented {
        let listed = NOT_YET_IN_SPEC.contains(&id.as_str());
        match (spec_ids.contains(id), listed) {
            (false, false) => out.push(format!("{id}: documented by Red Hat's API reference but not in the spec")),
            (true, true) => out.push(format!("{id}: in the spec now; remove it from documented::NOT_YET_IN_SPEC")),
            _ => {}
        }
    }
    for id in NOT_YET_IN_SPEC.iter().filter(|id| !documented.iter().any(|d| d == *id)) {
        out.push(format!("{id}: listed in documented::NOT_YET_IN_SPEC but not documented"));
    }
    out
}

/// Runs the check on the embedded spec and the table; prints the count.
pub fn run() -> Result<(), String> {
    let path = workspace_root().join(OPERATIONS_PATH);
    let tsv = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let documented = documented(&tsv)?;
    let spec = quay_spec::Spec::embedded()?;
    let ids: BTreeSet<String> = spec
        .operations
        .iter()
        .flat_map(|o| [o.id.clone(), format!("{} {}", o.method, o.path.replace("{namespace}/{repository}", "{repository}"))])
        .collect();
    let problems = problems(&ids, &documented);
    if !problems.is_empty() {
        return Err(format!("documented operations: {} problem(s):\n  {}", problems.len(), problems.join("\n  ")));
    }
    let held = documented.iter().filter(|d| ids.contains(*d)).count();
    println!("documented operations: {held} of the {} operations Red Hat's API reference documents are in the spec ({} not yet)", documented.len(), NOT_YET_IN_SPEC.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_names_a_missing_operation_and_a_stale_listing() {
        let tsv = "chapter/file\tnickname\tmethod\tpath\trh_docs\nuser\tgetThing\tGET\t/a\tyes:user\nuser\thidden\tGET\t/b\tno\n\
                   user\trenamed\tPUT\t/c\tas:user/other\nuser\t(none)\tGET\t/d\tyes:user\n";
        let docs = documented(tsv).unwrap();
        assert_eq!(docs, ["getThing", "renamed", "GET /d"]);
        let spec: BTreeSet<String> = ["getThing".to_string()].into();
        let p = problems(&spec, &docs);
        assert!(p.iter().any(|x| x.starts_with("renamed: documented")), "{p:?}");
        assert!(!p.iter().any(|x| x.starts_with("getThing")), "{p:?}");
    }
}
