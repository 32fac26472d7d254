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
