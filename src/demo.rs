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

const MONITOR_SEEDED: &str = "demo_monitor_seeded";
pub const DEMO_WAVE: &str = "2026";
const DEMO_UNITS: [&str; 3] = ["Techniek", "Zorg en Welzijn", "Economie en Ondernemen"];

/// A tiny deterministic generator, so every demo has the same answers.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// An open wave "2026" for the demo institutions, teams at ROC Voorbeeld
/// Noord, and responses in every stage: some completed, some halfway.
pub async fn seed_monitor(db: &Db) -> anyhow::Result<()> {
    use crate::monitor::{self, WaveState, store as ms};
    if db.setting(MONITOR_SEEDED).await?.is_some() {
        return Ok(());
    }
    let actor = Actor::system();
    let (iid, iver) = monitor::ensure_default_instrument(db).await?;
    let codes: Vec<String> = INSTITUTIONS
        .iter()
        .filter(|i| i.5)
        .map(|i| i.0.to_string())
        .collect();
    let new = monitor::validate_wave(
        DEMO_WAVE,
        &format!("{iid}@{iver}"),
        "2026-10-01",
        "2027-01-31",
        &codes,
    )
    .map_err(|e| anyhow::anyhow!("demo wave: {e:?}"))?;
    let wave_id = ms::create_wave(db, &actor, &new).await?;
    ms::advance(db, &actor, wave_id, WaveState::Open).await?;
    let noord: crate::institutions::InstitutionCode =
        "99AA".parse().map_err(|_| anyhow::anyhow!("code"))?;
    let mut units = Vec::new();
    for name in DEMO_UNITS {
        units.push(ms::add_unit(db, &actor, &noord, name).await?);
    }
    let source = ms::instrument_source(db, &iid, &iver)
        .await?
        .unwrap_or_default();
    let inst = monitor::instrument::parse("demo", &source).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let mut rng = Lcg(2026);
    for (u, unit) in units.iter().enumerate() {
        let tokens = ms::create_links(db, &actor, wave_id, &noord, Some(*unit), 14).await?;
        for (k, token) in tokens.iter().enumerate() {
            // Per team: 8 completed, 3 halfway, 3 not started.
            if k >= 11 {
                continue;
            }
            let Some(opened) = ms::open_token(db, token).await? else {
                continue;
            };
            let r = ms::start_response(db, token, &opened).await?;
            let leaning = (u as i64) - 1 + rng.next(3) as i64 - 1;
            let pages = if k < 8 { inst.domains.len() } else { 3 };
            for (d, domain) in inst.domains.iter().enumerate().take(pages) {
                let answers: Vec<(String, Option<i64>)> = domain
                    .items
                    .iter()
                    .map(|&ix| {
                        let it = &inst.items[ix];
                        let s = &inst.scales[it.scale];
                        if it.allow_na && rng.next(8) == 0 {
                            return (it.id.clone(), None);
                        }
                        let mid = (s.min() + s.max()) / 2 + leaning;
                        let v = (mid + rng.next(3) as i64 - 1).clamp(s.min(), s.max());
                        (it.id.clone(), Some(v))
                    })
                    .collect();
                ms::save(db, r.id, &answers, &[], d as i64 + 1).await?;
            }
            if k < 8 {
                ms::save(db, r.id, &[], &[], inst.domains.len() as i64 + 1).await?;
                ms::complete(db, r.id).await?;
            }
        }
    }
    let mut tx = db.begin().await?;
    tx.set_setting(MONITOR_SEEDED, "1").await?;
    tx.commit().await?;
    Ok(())
}

/// A fresh anonymous link into the demo wave, for trying the survey.
pub async fn survey_token(db: &Db) -> anyhow::Result<Option<String>> {
    use crate::monitor::store as ms;
    let Ok(w) = ms::wave_by_name(db, DEMO_WAVE).await else {
        return Ok(None);
    };
    if w.state != crate::monitor::WaveState::Open {
        return Ok(None);
    }
    let noord = "99AA".parse().map_err(|_| anyhow::anyhow!("code"))?;
    let t = ms::create_links(db, &Actor::system(), w.id, &noord, None, 1).await?;
    Ok(t.into_iter().next())
}
