//! Persistence of networks, members and meetings (issue 15, items 4-5).
//! Every change writes its audit entry in its own transaction. Attendance
//! is checked here, inside the transaction: only members of the meeting's
//! network, and only for a meeting whose date has passed.

use time::{Date, OffsetDateTime};

use super::{Attendance, Kind, Meeting, Member, Network, Role};
use crate::audit::{Actor, Event};
use crate::store::{Db, Result, StoreError, Tx};
use crate::{on_db, on_tx};

pub const ENTITY: &str = "network";

/// A stored network with its counts.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredNetwork {
    pub id: i64,
    pub kind: Kind,
    pub name: String,
    pub started_on: Date,
    pub region: Option<String>,
    pub members: i64,
    pub meetings: i64,
}

#[derive(sqlx::FromRow)]
struct NetworkRow {
    id: i64,
    kind: String,
    name: String,
    started_on: Date,
    region: Option<String>,
    members: i64,
    meetings: i64,
}

impl NetworkRow {
    fn network(self) -> Result<StoredNetwork> {
        Ok(StoredNetwork {
            id: self.id,
            kind: Kind::parse(&self.kind).ok_or(StoreError::Corrupt {
                column: "networks.kind",
                value: self.kind.clone(),
            })?,
            name: self.name,
            started_on: self.started_on,
            region: self.region,
            members: self.members,
            meetings: self.meetings,
        })
    }
}

const NETWORK_SELECT: &str = "SELECT n.id, n.kind, n.name, n.started_on, n.region, \
     (SELECT COUNT(*) FROM network_members m WHERE m.network_id = n.id AND m.left_on IS NULL) \
     AS members, \
     (SELECT COUNT(*) FROM meetings g WHERE g.network_id = n.id) AS meetings \
     FROM networks n";

/// Every network, by name.
pub async fn networks(db: &Db) -> Result<Vec<StoredNetwork>> {
    let sql = format!("{NETWORK_SELECT} ORDER BY n.name");
    let rows: Vec<NetworkRow> = on_db!(db, |p| { sqlx::query_as(&sql).fetch_all(p).await? });
    rows.into_iter().map(NetworkRow::network).collect()
}

pub async fn network(db: &Db, id: i64) -> Result<StoredNetwork> {
    let sql = format!("{NETWORK_SELECT} WHERE n.id = $1");
    let row: Option<NetworkRow> = on_db!(db, |p| {
        sqlx::query_as(&sql).bind(id).fetch_optional(p).await?
    });
    row.ok_or(StoreError::NotFound)?.network()
}

pub async fn create_network(
    db: &Db,
    actor: &Actor,
    n: &Network,
    at: OffsetDateTime,
) -> Result<i64> {
    let mut tx = db.begin().await?;
    let id: i64 = on_tx!(&mut tx, |c| {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO networks (kind, name, started_on, created_by, created_at, region) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(n.kind.as_str())
        .bind(&n.name)
        .bind(n.started_on)
        .bind(&actor.label)
        .bind(at)
        .bind(&n.region)
        .fetch_one(&mut *c)
        .await?;
        id
    });
    let entity_id = id.to_string();
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &entity_id,
            action: "network_created",
            summary: format!("{} ({}), started {}", n.name, n.kind.as_str(), n.started_on),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A stored member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredMember {
    pub id: i64,
    pub name: String,
    pub organisation: String,
    pub institution: Option<String>,
    pub role: Role,
    pub joined_on: Date,
    pub left_on: Option<Date>,
    /// The member's user account, when linked, by username.
    pub account: Option<String>,
}

impl StoredMember {
    pub fn current(&self) -> bool {
        self.left_on.is_none()
    }

    pub fn facts(&self) -> super::MemberFacts<'_> {
        super::MemberFacts {
            role: self.role,
            institution: self.institution.as_deref(),
            current: self.current(),
        }
    }
}

type MemberRow = (
    i64,
    String,
    String,
    Option<String>,
    String,
    Date,
    Option<Date>,
    Option<String>,
);

/// The members of `network`, current ones first, by name.
pub async fn members(db: &Db, network: i64) -> Result<Vec<StoredMember>> {
    let rows: Vec<MemberRow> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT m.id, m.name, m.organisation, m.institution_code, m.role, m.joined_on, \
             m.left_on, u.username FROM network_members m LEFT JOIN users u ON u.id = m.user_id \
             WHERE m.network_id = $1 \
             ORDER BY CASE WHEN m.left_on IS NULL THEN 0 ELSE 1 END, m.name, m.id",
        )
        .bind(network)
        .fetch_all(p)
        .await?
    });
    rows.into_iter()
        .map(
            |(id, name, organisation, institution, role, joined_on, left_on, account)| {
                Ok(StoredMember {
                    id,
                    name,
                    organisation,
                    institution,
                    role: Role::parse(&role).ok_or(StoreError::Corrupt {
                        column: "network_members.role",
                        value: role.clone(),
                    })?,
                    joined_on,
                    left_on,
                    account,
                })
            },
        )
        .collect()
}

/// Adds a member. An account that does not exist is refused as
/// `MissingReference { constraint: "network_members.user_id" }`.
pub async fn add_member(db: &Db, actor: &Actor, network: i64, m: &Member) -> Result<i64> {
    let mut tx = db.begin().await?;
    let user: Option<i64> = match &m.account {
        None => None,
        Some(username) => {
            let found: Option<(i64,)> = on_tx!(&mut tx, |c| {
                sqlx::query_as("SELECT id FROM users WHERE username = $1")
                    .bind(username)
                    .fetch_optional(&mut *c)
                    .await?
            });
            Some(
                found
                    .ok_or(StoreError::MissingReference {
                        constraint: "network_members.user_id".into(),
                    })?
                    .0,
            )
        }
    };
    let id: i64 = on_tx!(&mut tx, |c| {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO network_members \
             (network_id, name, organisation, institution_code, role, joined_on, user_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(network)
        .bind(&m.name)
        .bind(&m.organisation)
        .bind(&m.institution)
        .bind(m.role.as_str())
        .bind(m.joined_on)
        .bind(user)
        .fetch_one(&mut *c)
        .await?;
        id
    });
    let entity_id = network.to_string();
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &entity_id,
            action: "network_member_added",
            summary: format!(
                "member {id}: {} ({}), {}",
                m.name,
                m.role.as_str(),
                m.joined_on
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The role of user `user` as a current member of `network`, or `None`
/// when they are not one: what item 7's "of their own workshop/network"
/// rests on.
pub async fn current_role(db: &Db, network: i64, user: i64) -> Result<Option<Role>> {
    let rows: Vec<(String,)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT role FROM network_members \
             WHERE network_id = $1 AND user_id = $2 AND left_on IS NULL ORDER BY id",
        )
        .bind(network)
        .bind(user)
        .fetch_all(p)
        .await?
    });
    Ok(rows.first().and_then(|(r,)| Role::parse(r)))
}

/// The networks (and workshops) user `user` is a current member of.
pub async fn networks_of_user(db: &Db, user: i64) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT DISTINCT network_id FROM network_members \
             WHERE user_id = $1 AND left_on IS NULL ORDER BY network_id",
        )
        .bind(user)
        .fetch_all(p)
        .await?
    });
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Ends the membership of `member` on `on` (not before it began).
pub async fn end_member(db: &Db, actor: &Actor, network: i64, member: i64, on: Date) -> Result<()> {
    let mut tx = db.begin().await?;
    let done = on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE network_members SET left_on = $3 \
             WHERE id = $1 AND network_id = $2 AND left_on IS NULL AND joined_on <= $3",
        )
        .bind(member)
        .bind(network)
        .bind(on)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    if done == 0 {
        let exists: Option<(i64,)> = on_tx!(&mut tx, |c| {
            sqlx::query_as("SELECT id FROM network_members WHERE id = $1 AND network_id = $2")
                .bind(member)
                .bind(network)
                .fetch_optional(&mut *c)
                .await?
        });
        return Err(match exists {
            None => StoreError::NotFound,
            Some(_) => StoreError::WrongState {
                entity: "network member",
                state: "ended or not yet joined".into(),
            },
        });
    }
    let entity_id = network.to_string();
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &entity_id,
            action: "network_member_ended",
            summary: format!("member {member}: left {on}"),
        },
    )
    .await?;
    tx.commit().await
}

/// A stored meeting; `attendance` is empty in lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredMeeting {
    pub id: i64,
    pub network: i64,
    pub held_on: Date,
    pub place: Option<String>,
    pub agenda: String,
    pub minutes: Option<String>,
    pub attendance: Vec<(i64, Attendance)>,
}

type MeetingRow = (i64, i64, Date, Option<String>, String, Option<String>);

fn meeting_of(row: MeetingRow) -> StoredMeeting {
    let (id, network, held_on, place, agenda, minutes) = row;
    StoredMeeting {
        id,
        network,
        held_on,
        place,
        agenda,
        minutes,
        attendance: Vec::new(),
    }
}

/// The meetings of `network`, newest first.
pub async fn meetings(db: &Db, network: i64) -> Result<Vec<StoredMeeting>> {
    let rows: Vec<MeetingRow> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT id, network_id, held_on, place, agenda, minutes FROM meetings \
             WHERE network_id = $1 ORDER BY held_on DESC, id DESC",
        )
        .bind(network)
        .fetch_all(p)
        .await?
    });
    Ok(rows.into_iter().map(meeting_of).collect())
}

/// Meeting `id` of `network` with its attendance.
pub async fn meeting(db: &Db, network: i64, id: i64) -> Result<StoredMeeting> {
    let row: Option<MeetingRow> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT id, network_id, held_on, place, agenda, minutes FROM meetings \
             WHERE id = $1 AND network_id = $2",
        )
        .bind(id)
        .bind(network)
        .fetch_optional(p)
        .await?
    });
    let mut m = meeting_of(row.ok_or(StoreError::NotFound)?);
    let rows: Vec<(i64, String)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT member_id, attendance FROM meeting_attendance WHERE meeting_id = $1 \
             ORDER BY member_id",
        )
        .bind(id)
        .fetch_all(p)
        .await?
    });
    for (member, a) in rows {
        let a = Attendance::parse(&a).ok_or(StoreError::Corrupt {
            column: "meeting_attendance.attendance",
            value: a.clone(),
        })?;
        m.attendance.push((member, a));
    }
    Ok(m)
}

/// The meeting days of every network of `kind`, by network name.
pub async fn meeting_days_of_kind(db: &Db, kind: Kind) -> Result<Vec<(String, Vec<Date>)>> {
    let rows: Vec<(String, Option<Date>)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT n.name, g.held_on FROM networks n \
             LEFT JOIN meetings g ON g.network_id = n.id \
             WHERE n.kind = $1 ORDER BY n.name, g.held_on",
        )
        .bind(kind.as_str())
        .fetch_all(p)
        .await?
    });
    let mut out: Vec<(String, Vec<Date>)> = Vec::new();
    for (name, day) in rows {
        if out.last().is_none_or(|(n, _)| *n != name) {
            out.push((name, Vec::new()));
        }
        if let (Some(day), Some((_, days))) = (day, out.last_mut()) {
            days.push(day);
        }
    }
    Ok(out)
}

/// Attendance only for members of the network, and only once the meeting
/// is held (`today`).
async fn write_attendance(
    tx: &mut Tx,
    network: i64,
    meeting: i64,
    m: &Meeting,
    today: Date,
) -> Result<()> {
    if !m.attendance.is_empty() && m.held_on > today {
        return Err(StoreError::WrongState {
            entity: "meeting",
            state: "not yet held".into(),
        });
    }
    on_tx!(tx, |c| {
        sqlx::query("DELETE FROM meeting_attendance WHERE meeting_id = $1")
            .bind(meeting)
            .execute(&mut *c)
            .await?;
    });
    for (member, a) in &m.attendance {
        let ours: Option<(i64,)> = on_tx!(tx, |c| {
            sqlx::query_as("SELECT id FROM network_members WHERE id = $1 AND network_id = $2")
                .bind(member)
                .bind(network)
                .fetch_optional(&mut *c)
                .await?
        });
        if ours.is_none() {
            return Err(StoreError::MissingReference {
                constraint: "meeting_attendance.member_id".into(),
            });
        }
        on_tx!(tx, |c| {
            sqlx::query(
                "INSERT INTO meeting_attendance (meeting_id, member_id, attendance) \
                 VALUES ($1, $2, $3)",
            )
            .bind(meeting)
            .bind(member)
            .bind(a.as_str())
            .execute(&mut *c)
            .await?;
        });
    }
    Ok(())
}

fn summary(id: i64, m: &Meeting) -> String {
    format!(
        "meeting {id}: {} {}, {} attendance, minutes {}",
        m.held_on,
        m.place.as_deref().unwrap_or("online"),
        m.attendance.len(),
        if m.minutes.is_some() { "yes" } else { "no" }
    )
}

pub async fn record_meeting(
    db: &Db,
    actor: &Actor,
    network: i64,
    m: &Meeting,
    today: Date,
    at: OffsetDateTime,
) -> Result<i64> {
    let mut tx = db.begin().await?;
    let id: i64 = on_tx!(&mut tx, |c| {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO meetings (network_id, held_on, place, agenda, minutes, created_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(network)
        .bind(m.held_on)
        .bind(&m.place)
        .bind(&m.agenda)
        .bind(&m.minutes)
        .bind(&actor.label)
        .bind(at)
        .fetch_one(&mut *c)
        .await?;
        id
    });
    write_attendance(&mut tx, network, id, m, today).await?;
    let entity_id = network.to_string();
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &entity_id,
            action: "network_meeting_recorded",
            summary: summary(id, m),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_meeting(
    db: &Db,
    actor: &Actor,
    network: i64,
    id: i64,
    m: &Meeting,
    today: Date,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let done = on_tx!(&mut tx, |c| {
        sqlx::query(
            "UPDATE meetings SET held_on = $3, place = $4, agenda = $5, minutes = $6 \
             WHERE id = $1 AND network_id = $2",
        )
        .bind(id)
        .bind(network)
        .bind(m.held_on)
        .bind(&m.place)
        .bind(&m.agenda)
        .bind(&m.minutes)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    if done == 0 {
        return Err(StoreError::NotFound);
    }
    write_attendance(&mut tx, network, id, m, today).await?;
    let entity_id = network.to_string();
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &entity_id,
            action: "network_meeting_changed",
            summary: summary(id, m),
        },
    )
    .await?;
    tx.commit().await
}

pub async fn delete_meeting(db: &Db, actor: &Actor, network: i64, id: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "DELETE FROM meeting_attendance WHERE meeting_id = \
             (SELECT id FROM meetings WHERE id = $1 AND network_id = $2)",
        )
        .bind(id)
        .bind(network)
        .execute(&mut *c)
        .await?;
    });
    let done = on_tx!(&mut tx, |c| {
        sqlx::query("DELETE FROM meetings WHERE id = $1 AND network_id = $2")
            .bind(id)
            .bind(network)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    if done == 0 {
        return Err(StoreError::NotFound);
    }
    let entity_id = network.to_string();
    crate::audit::store::record(
        &mut tx,
        actor,
        Event {
            entity: ENTITY,
            entity_id: &entity_id,
            action: "network_meeting_deleted",
            summary: format!("meeting {id}"),
        },
    )
    .await?;
    tx.commit().await
}

/// The installation's key for calendar feed URLs (`secrets` row
/// `calendar-feed`, never shown). Deleting the row makes a new one: every
/// feed URL changes.
pub async fn feed_secret(db: &Db) -> Result<super::calendar::FeedSecret> {
    let bytes = crate::store::secret(db, "calendar-feed").await?;
    super::calendar::FeedSecret::new(&bytes).ok_or(StoreError::Corrupt {
        column: "secrets.value",
        value: "calendar-feed".into(),
    })
}
