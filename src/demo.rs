//! Deterministic demo data: clearly fictitious institutions and one account
//! per role, so a newcomer can try every part on one machine. Seeding runs
//! once per database (a `settings` flag); a reused database is left as is.

use crate::audit::Actor;
use crate::auth::{self, Grant, Role, password};
use crate::institutions::{self, Institution, Status};
use crate::store::Db;

/// A demo account as printed by `bekwaam demo`.
pub struct DemoAccount {
    pub role: Role,
    pub username: &'static str,
    pub password: String,
}

const SEEDED: &str = "demo_seeded";

/// (code, name, place, region, teaching staff, active)
const INSTITUTIONS: [(&str, &str, &str, &str, i64, bool); 12] = [
    (
        "99AA",
        "ROC Voorbeeld Noord",
        "Groningen",
        "Noord",
        820,
        true,
    ),
    ("99AB", "ROC Voorbeeld Oost", "Zwolle", "Oost", 760, true),
    ("99AC", "ROC Voorbeeld Zuid", "Eindhoven", "Zuid", 910, true),
    ("99AD", "ROC Voorbeeld West", "Leiden", "West", 640, true),
    (
        "99AE",
        "ROC Voorbeeld Midden",
        "Amersfoort",
        "Midden",
        700,
        true,
    ),
    (
        "99AF",
        "Vakcollege Fictief Techniek",
        "Delft",
        "West",
        310,
        true,
    ),
    (
        "99AG",
        "Groen College Denkbeeldig",
        "Wageningen",
        "Oost",
        280,
        true,
    ),
    (
        "99AH",
        "Zorgacademie Verzonnen",
        "Tilburg",
        "Zuid",
        350,
        true,
    ),
    (
        "99AJ",
        "Grafisch Lyceum Proefstad",
        "Utrecht",
        "Midden",
        230,
        true,
    ),
    (
        "99AK",
        "Maritiem College Zandbank",
        "Den Helder",
        "Noord",
        190,
        true,
    ),
    ("99AL", "ROC Testdal", "Arnhem", "Oost", 880, true),
    (
        "99AM",
        "Creatief College Fantasia",
        "Amsterdam",
        "West",
        420,
        false,
    ),
];

/// (role, username, institution)
const ACCOUNTS: [(Role, &str, Option<&str>); 5] = [
    (Role::ProgrammeManager, "programmamanager", None),
    (Role::SteeringGroup, "stuurgroep", None),
    (Role::Researcher, "onderzoeker", None),
    (Role::Coordinator, "coordinator", Some("99AA")),
    (Role::Expert, "expert", Some("99AC")),
];

fn demo_password(username: &str) -> String {
    format!("demo-{username}")
}

/// Seeds `db` when it has not been seeded yet; returns the demo accounts.
pub async fn seed(db: &Db) -> anyhow::Result<Vec<DemoAccount>> {
    let accounts = ACCOUNTS
        .iter()
        .map(|(role, username, _)| DemoAccount {
            role: *role,
            username,
            password: demo_password(username),
        })
        .collect();
    if db.setting(SEEDED).await?.is_some() {
        return Ok(accounts);
    }
    let actor = Actor::system();
    let rows: Vec<Institution> = INSTITUTIONS
        .iter()
        .map(|(code, name, place, region, staff, active)| {
            Ok(Institution {
                code: code
                    .parse()
                    .map_err(|_| anyhow::anyhow!("bad demo code {code}"))?,
                name: (*name).into(),
                place: (*place).into(),
                region: (*region).into(),
                teaching_staff: *staff,
                status: if *active {
                    Status::Active
                } else {
                    Status::Inactive
                },
            })
        })
        .collect::<anyhow::Result<_>>()?;
    institutions::store::import(db, &actor, &rows).await?;

    for (role, username, institution) in ACCOUNTS {
        let hash = password::hash(demo_password(username)).await?;
        let display_name = format!("Demo {username}");
        let new = auth::store::NewUser {
            username,
            display_name: &display_name,
            email: None,
            password_hash: &hash,
            must_change_password: false,
        };
        let id = auth::store::create_user(db, &actor, &new).await?;
        let institution = institution
            .map(|c| c.parse())
            .transpose()
            .map_err(|_| anyhow::anyhow!("bad demo institution"))?;
        let grant = Grant::new(role, institution)?;
        auth::store::grant(db, &actor, id, &grant).await?;
    }

    let mut tx = db.begin().await?;
    tx.set_setting(SEEDED, "1").await?;
    tx.commit().await?;
    Ok(accounts)
}
