//! Use cases the web, the command line and the KPI source share: the
//! sector's figures read from the store.

use time::Date;

use super::sector::{self, Row, YearShare};
use super::store;
use crate::institutions::{self, Status as Registry};
use crate::store::{Db, Result};

/// The sector: shares per year and a row per active institution (by name).
pub struct Sector {
    pub shares: Vec<YearShare>,
    pub rows: Vec<Row>,
}

pub async fn sector(db: &Db, today: Date) -> Result<Sector> {
    let mut active: Vec<institutions::Institution> = institutions::store::all(db)
        .await?
        .into_iter()
        .filter(|i| i.status == Registry::Active)
        .collect();
    active.sort_by(|a, b| a.name.cmp(&b.name));
    let codes: Vec<String> = active.iter().map(|i| i.code.to_string()).collect();
    let current = store::all_statuses(db).await?;
    let history = store::all_history(db).await?;
    let shares = sector::shares(&codes, &current, &history, today);
    let rows = active
        .into_iter()
        .map(|i| {
            let code = i.code.to_string();
            let found = current.iter().find(|s| s.institution == code);
            Row {
                status: found.map(|s| s.status).unwrap_or_default(),
                recorded: found.is_some(),
                code,
                name: i.name,
            }
        })
        .collect();
    Ok(Sector { shares, rows })
}

/// What is next in the policy cycle of one institution a coordinator
/// edits: the gaps in its status and the goals still open.
pub struct Next {
    pub code: String,
    pub name: String,
    /// Whether a status was ever recorded (otherwise every gap is shown).
    pub recorded: bool,
    /// Catalogue keys of what is missing, in the plan's order.
    pub gaps: Vec<&'static str>,
    /// Goals without a reflection: description and target year.
    pub open_goals: Vec<(String, i32)>,
}

/// The policy part of a coordinator's home: one entry per institution
/// `user` may edit the policy of (none for other roles).
pub async fn next_steps(db: &Db, user: &crate::auth::CurrentUser) -> Result<Vec<Next>> {
    let mut out = Vec::new();
    for code in user.coordinated_institutions() {
        if !user.can_for(crate::auth::Action::EditPolicy, code) {
            continue;
        }
        let name = institutions::store::get(db, code).await?.name;
        let found = store::status(db, code.as_str()).await?;
        let status = found.as_ref().map(|s| s.status).unwrap_or_default();
        let open_goals = super::goals_store::goals(db, code.as_str())
            .await?
            .into_iter()
            .filter(|g| g.reflection.is_none())
            .map(|g| (g.description, g.target_year))
            .collect();
        out.push(Next {
            code: code.to_string(),
            name,
            recorded: found.is_some(),
            gaps: status.gaps(),
            open_goals,
        });
    }
    Ok(out)
}
