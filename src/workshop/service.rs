//! Who may do what in a workshop, where the answer rests on membership
//! (issue 15, item 7): the grant is `auth::policy`'s, the member row is
//! data, and the two are joined here once for every page and form.

use super::Requester;
use crate::auth::{Action, CurrentUser, Role as AccountRole};
use crate::networks::{Kind, Role};
use crate::store::{Db, Result};

/// The workshop's lead triages requests: the programme manager, or an
/// educationalist of the workshop with a linked account ("onder
/// begeleiding van tenminste 1 onderwijskundige").
pub async fn is_lead(db: &Db, user: &CurrentUser, workshop: i64) -> Result<bool> {
    if user.can(Action::ManageNetworks) {
        return Ok(true);
    }
    Ok(user.can(Action::RecordOwnNetwork)
        && crate::networks::service::own_role(db, user, workshop).await?
            == Some(Role::Educationalist))
}

/// For whom `user` may ask a workshop for an experiment, with the
/// requester's name: the steering group (its members and the programme
/// manager) and the IBP, IM and DD&VDO networks (the programme manager
/// for each, an expert for those they are a current member of).
pub async fn may_ask(db: &Db, user: &CurrentUser) -> Result<Vec<(Requester, Option<String>)>> {
    let mut out = Vec::new();
    if !user.can(Action::RequestExperiment) {
        return Ok(out);
    }
    let manager = user.can(Action::ManageNetworks);
    if manager
        || user
            .grants
            .iter()
            .any(|g| g.role == AccountRole::SteeringGroup)
    {
        out.push((Requester::SteeringGroup, None));
    }
    let mine = if manager {
        Vec::new()
    } else if user.grants.iter().any(|g| g.role == AccountRole::Expert) {
        crate::networks::store::networks_of_user(db, user.id).await?
    } else {
        Vec::new()
    };
    for n in crate::networks::store::networks(db).await? {
        if n.kind.may_request_experiments() && (manager || mine.contains(&n.id)) {
            out.push((Requester::Network(n.id), Some(n.name)));
        }
    }
    Ok(out)
}

/// The workshops, by name.
pub async fn workshops(db: &Db) -> Result<Vec<crate::networks::store::StoredNetwork>> {
    Ok(crate::networks::store::networks(db)
        .await?
        .into_iter()
        .filter(|n| n.kind == Kind::Workshop)
        .collect())
}
