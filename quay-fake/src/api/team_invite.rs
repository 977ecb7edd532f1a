//! E-mail invitations to a team (with mailing on): stored as pending members until deleted.
//! The address is not checked, as in Quay.

use super::common::{Req, ok};
use super::views::avatar;
use crate::access::require_org_admin;
use crate::http::errors::not_found;
use crate::http::{ApiResult, Reply};
use crate::model::State;
use serde_json::{Value, json};

/// An invitation as team member lists show it.
pub(crate) fn invite_view(email: &str) -> Value {
    json!({"email": email, "kind": "invite", "avatar": avatar(email, email, "user"), "invited": true})
}

/// The team of the route, for organization administrators (404 when missing).
fn admin_team(s: &State, req: &Req) -> Result<(u64, u64), Reply> {
    require_org_admin(s, &req.ident, req.p("orgname"))?;
    let org = s.org_id(req.p("orgname")).ok_or_else(not_found)?;
    let team = s.team(org, req.p("teamname")).ok_or_else(not_found)?;
    Ok((org, team.id))
}

/// inviteTeamMemberEmail: 200 with the pending invitation (the mail is sent); with the SMTP
/// server down, the invitation is stored and the answer is 400, as in Quay.
pub(crate) fn invite(s: &mut State, req: &Req) -> ApiResult {
    let (org, team) = admin_team(s, req)?;
    let email = req.p("email").to_string();
    if !s.chapters.team_invites.iter().any(|(t, e)| *t == team && *e == email) {
        s.chapters.team_invites.push((team, email.clone()));
    }
    req.log(s, "org_invite_team_member", Some(org), json!({"team": req.p("teamname"), "email": email}));
    if !s.smtp_reachable {
        return Err(crate::http::errors::message(400, crate::model::MAIL_FAILED));
    }
    ok(200, invite_view(&email))
}

/// deleteTeamMemberEmailInvite: 204; 404 when no such invitation.
pub(crate) fn delete(s: &mut State, req: &Req) -> ApiResult {
    let (org, team) = admin_team(s, req)?;
    let email = req.p("email");
    let at = s.chapters.team_invites.iter().position(|(t, e)| *t == team && e == email).ok_or_else(not_found)?;
    s.chapters.team_invites.remove(at);
    req.log(s, "org_delete_team_member_invite", Some(org), json!({"team": req.p("teamname"), "email": email}));
    Ok(Reply::empty(204))
}
