//! Who may record in a network: the programme manager everywhere, and a
//! current member with a linked account in their own network or workshop
//! (issue 15, item 7). The grant is a pure rule (`auth::policy`); the
//! membership is data, so the two are joined here, once, for every page
//! and form that records.

use super::Role;
use super::store;
use crate::auth::{Action, CurrentUser};
use crate::store::{Db, Result};

/// Whether `user` may record meetings of `network` (and experiments, when
/// it is a workshop).
pub async fn may_record(db: &Db, user: &CurrentUser, network: i64) -> Result<bool> {
    if user.can(Action::ManageNetworks) {
        return Ok(true);
    }
    Ok(user.can(Action::RecordOwnNetwork) && own_role(db, user, network).await?.is_some())
}

/// `user`'s role as a current member of `network`, when their account is
/// linked to one.
pub async fn own_role(db: &Db, user: &CurrentUser, network: i64) -> Result<Option<Role>> {
    store::current_role(db, network, user.id).await
}
