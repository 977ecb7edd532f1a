//! Manifests: a manifest by digest, its labels (listed, added, read, deleted), its pull
//! statistics and those of a tag, and its security scan (no scanner answers: always queued).

use super::common::{Req, ok};
use crate::access::{require_normal, require_read, require_write};
use crate::http::errors::{message, not_found};
use crate::http::{ApiResult, Reply};
use crate::model::{Label, Manifest, State};
use crate::util::{rfc2822, uuid4};
use serde_json::{Value, json};

/// Label key prefixes Quay reserves for itself and for Docker.
const RESERVED_PREFIXES: [&str; 4] = ["com.docker.", "io.docker.", "org.dockerproject.", "quay."];

/// Quay's `VALID_LABEL_KEY_REGEX`, as the 400 message quotes it.
const LABEL_KEY_RULE: &str = "^[a-z0-9](([a-z0-9]|[-.](?![.-]))*[a-z0-9])?$";

/// Whether `key` matches [`LABEL_KEY_RULE`] (at most 255 characters).
fn valid_label_key(key: &str) -> bool {
    let b = key.as_bytes();
    let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let sep = |c: u8| c == b'-' || c == b'.';
    !b.is_empty()
        && b.len() <= 255
        && alnum(b[0])
        && alnum(b[b.len() - 1])
        && b.iter().all(|c| alnum(*c) || sep(*c))
        && b.windows(2).all(|w| !(sep(w[0]) && sep(w[1])))
}

/// The manifest `manifestref` of the request's repository, visible to the API only while a
/// live tag points to it (a manifest pushed by digest alone answers 404, as in Quay).
fn manifest<'a>(s: &'a State, req: &Req) -> Result<&'a Manifest, Reply> {
    let (ns, name) = req.repo();
    let r = s.repo(ns, name).ok_or_else(not_found)?;
    let digest = req.p("manifestref");
    let now = s.now();
    let tagged = r.tags.iter().any(|t| t.digest == digest && t.start <= now && t.end.is_none_or(|e| e > now));
    r.manifests.get(digest).filter(|_| tagged).ok_or_else(not_found)
}

fn label_view(l: &Label) -> Value {
    json!({"id": l.id, "key": l.key, "value": l.value, "source_type": l.source_type, "media_type": l.media_type})
}

/// getRepoManifest.
pub(crate) fn get(s: &mut State, req: &Req) -> ApiResult {
    require_read(s, &req.ident, req.repo())?;
    let m = manifest(s, req)?;
    ok(
        200,
        json!({
            "digest": req.p("manifestref"),
            "is_manifest_list": false,
            "manifest_data": m.payload,
            "config_media_type": "application/vnd.oci.image.config.v1+json",
            "layers_compressed_size": m.size,
            "layers": [{
                "index": 0, "compressed_size": m.size, "is_remote": false, "urls": null,
                "command": ["/bin/sh -c #(nop) ADD file in /"], "comment": null, "author": null,
                "blob_digest": m.layer_digest, "created_datetime": rfc2822(m.created),
            }],
        }),
    )
}

/// listManifestLabels (with an optional key prefix filter).
pub(crate) fn list_labels(s: &mut State, req: &Req) -> ApiResult {
    require_read(s, &req.ident, req.repo())?;
    let m = manifest(s, req)?;
    let filter = req.q("filter").unwrap_or_default();
    let labels: Vec<Value> = m.labels.iter().filter(|l| l.key.starts_with(filter)).map(label_view).collect();
    ok(200, json!({"labels": labels}))
}

/// addManifestLabel: 201 `{"label"}`; reserved prefixes and malformed keys are bare 400s.
pub(crate) fn add_label(s: &mut State, req: &Req) -> ApiResult {
    require_write(s, &req.ident, req.repo())?;
    require_normal(s, req.repo())?;
    let body = req.json("AddLabel")?;
    let key = body["key"].as_str().unwrap_or_default().to_string();
    if RESERVED_PREFIXES.iter().any(|p| key.starts_with(p)) {
        return Err(message(400, "Label has a reserved prefix"));
    }
    manifest(s, req)?;
    if !valid_label_key(&key) {
        return Err(message(400, format!("Label is of an invalid format or missing please use {LABEL_KEY_RULE} format for labels")));
    }
    let label = Label {
        id: uuid4(),
        key,
        value: body["value"].as_str().unwrap_or_default().to_string(),
        source_type: "api",
        media_type: body["media_type"].as_str().unwrap_or("text/plain").to_string(),
    };
    let (ns, name) = req.repo();
    let digest = req.p("manifestref").to_string();
    let repo = s.repo_id(ns, name).ok_or_else(not_found)?;
    let view = label_view(&label);
    let meta = json!({
        "id": label.id, "key": label.key, "value": label.value, "manifest_digest": digest,
        "media_type": label.media_type, "namespace": ns, "repo": name,
    });
    let location = format!("{}/api/v1/repository/{ns}/{name}/manifest/{digest}/labels/{}", s.base_url, label.id);
    s.repo_mut(repo).manifests.get_mut(&digest).ok_or_else(not_found)?.labels.push(label);
    let ns_id = s.repo(ns, name).map(|r| r.ns);
    req.log(s, "manifest_label_add", ns_id, meta);
    Ok(Reply::json(201, json!({"label": view})).with_header("Location", &location))
}

/// getManifestLabel.
pub(crate) fn get_label(s: &mut State, req: &Req) -> ApiResult {
    require_read(s, &req.ident, req.repo())?;
    let m = manifest(s, req)?;
    let l = m.labels.iter().find(|l| l.id == req.p("labelid")).ok_or_else(not_found)?;
    ok(200, label_view(l))
}

/// deleteManifestLabel: 204; an unknown (or already deleted) label is 404.
pub(crate) fn delete_label(s: &mut State, req: &Req) -> ApiResult {
    require_write(s, &req.ident, req.repo())?;
    require_normal(s, req.repo())?;
    manifest(s, req)?;
    let (ns, name) = req.repo();
    let digest = req.p("manifestref").to_string();
    let repo = s.repo_id(ns, name).ok_or_else(not_found)?;
    let m = s.repo_mut(repo).manifests.get_mut(&digest).ok_or_else(not_found)?;
    let at = m.labels.iter().position(|l| l.id == req.p("labelid")).ok_or_else(not_found)?;
    let l = m.labels.remove(at);
    let meta = json!({"id": l.id, "key": l.key, "value": l.value, "manifest_digest": digest, "namespace": ns, "repo": name});
    let ns_id = s.repo(ns, name).map(|r| r.ns);
    req.log(s, "manifest_label_delete", ns_id, meta);
    Ok(Reply::empty(204))
}

/// getManifestPullStatistics: 0 and null for a manifest never pulled.
pub(crate) fn manifest_pulls(s: &mut State, req: &Req) -> ApiResult {
    require_read(s, &req.ident, req.repo())?;
    let m = manifest(s, req)?;
    ok(
        200,
        json!({
            "manifest_digest": req.p("manifestref"), "manifest_pull_count": m.pulls,
            "last_manifest_pull_date": m.last_pull.map(rfc2822),
        }),
    )
}

/// getTagPullStatistics: the tag's counts and its current manifest's; 404 for a tag not live.
pub(crate) fn tag_pulls(s: &mut State, req: &Req) -> ApiResult {
    require_read(s, &req.ident, req.repo())?;
    let (ns, name) = req.repo();
    let r = s.repo(ns, name).ok_or_else(not_found)?;
    let tag = req.p("tag");
    let row = r.live_tag(tag, s.now()).ok_or_else(not_found)?;
    let m = r.manifests.get(&row.digest).ok_or_else(not_found)?;
    let (count, last) = r.tag_pulls.get(tag).copied().map(|(c, t)| (c, Some(t))).unwrap_or((0, None));
    ok(
        200,
        json!({
            "tag_name": tag, "tag_pull_count": count, "last_tag_pull_date": last.map(rfc2822),
            "current_manifest_digest": row.digest, "manifest_pull_count": m.pulls,
            "last_manifest_pull_date": m.last_pull.map(rfc2822),
        }),
    )
}

/// getRepoManifestSecurity: the fake runs no scanner, so every manifest stays `queued`, as a
/// Quay whose scanner cannot be reached answers.
pub(crate) fn security(s: &mut State, req: &Req) -> ApiResult {
    require_read(s, &req.ident, req.repo())?;
    manifest(s, req)?;
    ok(200, json!({"status": "queued", "data": null}))
}
