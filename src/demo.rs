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

const HISTORY_SEEDED: &str = "demo_history_seeded";

/// Open answers in the demo (fictitious); the fourth names a colleague, so
/// the review has something to hide.
const DEMO_OPEN: [(&str, &str); 6] = [
    (
        "open-didactiek",
        "Met Kahoot herhalen we de stof aan het begin van de les; studenten doen actief mee.",
    ),
    (
        "open-didactiek",
        "Video-opdrachten in de bpv-voorbereiding werkten beter dan het boek.",
    ),
    (
        "open-professionalisering",
        "Tijd om samen met collega's lesmateriaal te maken en uit te proberen.",
    ),
    (
        "open-professionalisering",
        "Een vaste collega om mee te sparren, zoals Anna Voorbeeld van het ict-team.",
    ),
    (
        "open-professionalisering",
        "Korte trainingen over privacy en AVG in de praktijk van de les.",
    ),
    (
        "open-didactiek",
        "Formatieve toetsing met directe feedback in de digitale leeromgeving.",
    ),
];

/// The measured waves before 2026 (measured elsewhere, as if imported),
/// with the year's offset on every domain: a slow rise.
const HISTORY: [(&str, f64); 4] = [
    ("2017", -0.04),
    ("2020", 0.0),
    ("2022", 0.025),
    ("2024", 0.05),
];

/// Per domain of the default instrument, the mean answer position in 2020
/// as a fraction of the scale. Chosen so that the `share_at_least`
/// indicators land near the plan's 2020 figures ("42% zet ict in om te
/// differentiëren, 37% besteedt aandacht aan ict-geletterdheid, 26% ...
/// zelfregie, 15% ... bpv"); a unit test checks that.
fn domain_base(domain: &str) -> f64 {
    match domain {
        "differentieren" => 0.68,
        "ict-geletterdheid" => 0.66,
        "zelfregie" => 0.60,
        "bpv" => 0.53,
        "eigen-vaardigheid" => 0.66,
        "veiligheid" => 0.62,
        "didactiek" => 0.63,
        _ => 0.58,
    }
}

/// Respondents per institution and wave: some institutions small, one
/// (99AL) below the minimum group so suppression shows in the sector report.
fn history_size(code: &str, k: usize, wave: usize) -> usize {
    if code == "99AL" {
        return 6;
    }
    18 + (k * 7 + wave * 5) % 30
}

/// Synthetic completed responses of one historical wave (pure, seeded).
pub fn history_responses(
    ins: &crate::monitor::instrument::Instrument,
    wave: usize,
    offset: f64,
    institutions: &[&str],
    units_99aa: &[i64],
    year: i32,
) -> Vec<crate::analysis::store::NewResponse> {
    use rand::rngs::SmallRng;
    use rand::{Rng, SeedableRng};
    let mut rng = SmallRng::seed_from_u64(2017 + wave as u64);
    let mut normal = move |sd: f64| {
        // Box-Muller
        let (u1, u2): (f64, f64) = (rng.random::<f64>().max(1e-12), rng.random());
        sd * (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    };
    let completed_on =
        time::Date::from_calendar_date(year, time::Month::November, 15).unwrap_or(time::Date::MIN);
    let mut out = Vec::new();
    for (k, code) in institutions.iter().enumerate() {
        // A fixed institution effect: some lead, some lag.
        let inst = ((k as f64 * 0.618).fract() - 0.5) * 0.14;
        for r in 0..history_size(code, k, wave) {
            let person = normal(0.15);
            let mut answers = Vec::new();
            for d in &ins.domains {
                let base = domain_base(&d.id) + offset + inst + person;
                for &i in &d.items {
                    let item = &ins.items[i];
                    let s = &ins.scales[item.scale];
                    let pos = (base + normal(0.17)).clamp(0.0, 1.0);
                    let steps = (s.options.len() - 1) as f64;
                    let coded = s.options[(pos * steps).round() as usize].value;
                    let raw = if item.reverse {
                        s.min() + s.max() - coded
                    } else {
                        coded
                    };
                    let na = item.allow_na && normal(1.0) > 1.9;
                    answers.push((item.id.clone(), (!na).then_some(raw)));
                }
            }
            let background = ins
                .background
                .iter()
                .filter(|q| !q.from_units && !q.options.is_empty())
                .map(|q| {
                    // The first option is the most common (e.g. "docent").
                    let pick = if normal(1.0) < 0.5 {
                        0
                    } else {
                        (normal(1.0).abs() * 10.0) as usize % q.options.len()
                    };
                    (q.id.clone(), q.options[pick].id.clone())
                })
                .collect();
            // At ROC Voorbeeld Noord teams of about 45%, 40% and 15%.
            let unit = (*code == "99AA" && units_99aa.len() >= 3).then(|| {
                let x = (r * 37 % 100) as f64 / 100.0;
                units_99aa[if x < 0.45 {
                    0
                } else if x < 0.85 {
                    1
                } else {
                    2
                }]
            });
            // A few open answers at ROC Voorbeeld Noord in the latest
            // wave, waiting for the coordinator's review (one names someone).
            let open = if *code == "99AA" && wave == HISTORY.len() - 1 {
                DEMO_OPEN
                    .get(r)
                    .map(|(q, t)| vec![(q.to_string(), t.to_string())])
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            out.push(crate::analysis::store::NewResponse {
                institution: (*code).to_string(),
                unit,
                background,
                answers,
                open,
                completed_on,
            });
        }
    }
    out
}

/// Waves 2017, 2020, 2022 and 2024 with completed responses for the
/// active demo institutions, closed, so reports show trends at once.
pub async fn seed_history(db: &Db) -> anyhow::Result<()> {
    use crate::monitor::{self, WaveState, store as ms};
    if db.setting(HISTORY_SEEDED).await?.is_some() {
        return Ok(());
    }
    let actor = Actor::system();
    let (iid, iver) = monitor::ensure_default_instrument(db).await?;
    let source = ms::instrument_source(db, &iid, &iver)
        .await?
        .unwrap_or_default();
    let ins = monitor::instrument::parse("demo", &source).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let codes: Vec<&str> = INSTITUTIONS.iter().filter(|i| i.5).map(|i| i.0).collect();
    let noord: crate::institutions::InstitutionCode =
        "99AA".parse().map_err(|_| anyhow::anyhow!("code"))?;
    let units: Vec<i64> = ms::units(db, &noord).await?.iter().map(|u| u.id).collect();
    for (w, (name, offset)) in HISTORY.iter().enumerate() {
        let year: i32 = name.parse()?;
        let new = monitor::validate_wave(
            name,
            &format!("{iid}@{iver}"),
            &format!("{year}-10-01"),
            &format!("{}-01-31", year + 1),
            &codes.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        )
        .map_err(|e| anyhow::anyhow!("demo wave {name}: {e:?}"))?;
        let id = ms::create_wave(db, &actor, &new).await?;
        ms::advance(db, &actor, id, WaveState::Open).await?;
        let rows = history_responses(&ins, w, *offset, &codes, &units, year);
        crate::analysis::store::insert_completed(db, id, &rows).await?;
        ms::advance(db, &actor, id, WaveState::Closed).await?;
    }
    let mut tx = db.begin().await?;
    tx.set_setting(HISTORY_SEEDED, "1").await?;
    tx.commit().await?;
    Ok(())
}

/// Programme progress for the demo: some milestones done with evidence,
/// KPI figures kept by hand, bookings against the budget, phases of the
/// master track and a conversation of the experts. Clearly fictitious
/// (example.org links, "demo" in every description). Runs once: nothing
/// happens when bookings exist.
pub async fn seed_programme(db: &Db) -> anyhow::Result<()> {
    use crate::programme::budget::{Entry, Kind};
    use crate::programme::store as ps;
    use crate::programme::{MilestoneStatus, definition};
    use time::macros::date;

    ps::ensure_shipped(db).await?;
    if !ps::budget_entries(db).await?.is_empty() {
        return Ok(());
    }
    let actor = Actor {
        user_id: None,
        label: "programmamanager".into(),
    };
    let (_, p) = ps::current(db).await?;
    for (id, status, done) in [
        (
            "a-bewegingsscan-2022",
            MilestoneStatus::Done,
            Some(date!(2022 - 12 - 15)),
        ),
        (
            "a-kennisnetwerk-start",
            MilestoneStatus::Done,
            Some(date!(2023 - 01 - 26)),
        ),
        (
            "c-werkplaats-opgestart",
            MilestoneStatus::Done,
            Some(date!(2023 - 06 - 30)),
        ),
        (
            "d-eerste-campagne",
            MilestoneStatus::Done,
            Some(date!(2023 - 11 - 20)),
        ),
        (
            "e-master-veldonderzoek",
            MilestoneStatus::Done,
            Some(date!(2023 - 07 - 10)),
        ),
        ("a-bewegingsscan-2024", MilestoneStatus::Running, None),
        ("e-master-studieprogramma", MilestoneStatus::Running, None),
    ] {
        // Milestones the platform observes follow from the data below.
        if p.milestones
            .iter()
            .any(|m| m.id == id && m.observed_by.is_none())
        {
            let evidence = done.map_or(String::new(), |_| format!("https://example.org/demo/{id}"));
            ps::set_milestone(db, &actor, id, status, done, &evidence).await?;
        }
    }
    for (kpi, period, ends, value, note) in [
        (
            "f-experts",
            "2023",
            date!(2023 - 12 - 31),
            1.0,
            "demo: eerste expert",
        ),
        (
            "f-experts",
            "2024",
            date!(2024 - 12 - 31),
            2.0,
            "demo: tweede expert",
        ),
        (
            "stuurgroep-voortgang",
            "2023",
            date!(2023 - 12 - 31),
            4.0,
            "demo",
        ),
        (
            "stuurgroep-voortgang",
            "2024",
            date!(2024 - 12 - 31),
            3.0,
            "demo: Q3 verschoven",
        ),
    ] {
        if p.kpis
            .iter()
            .any(|k| k.id == kpi && k.rule == crate::programme::kpi::MANUAL)
        {
            ps::add_kpi_entry(
                db,
                &actor,
                &ps::NewKpiEntry {
                    kpi,
                    period,
                    period_ends: ends,
                    value,
                    note,
                },
            )
            .await?;
        }
    }
    // Per line with a plan: most of each past year spent, some committed.
    let mut entries = Vec::new();
    for l in &p.budget_lines {
        for &(year, eur) in &l.amounts {
            if !(2022..=2025).contains(&year) || eur == 0 {
                continue;
            }
            let spent_share = if year == 2025 { 55 } else { 85 + (eur % 7) * 2 };
            entries.push(Entry {
                // Not before the programme starts (September 2022).
                booked_on: definition::parse_date(&format!("{year}-06-30"))
                    .unwrap_or(date!(2024 - 06 - 30))
                    .max(p.starts),
                line: l.id.clone(),
                kind: Kind::Actual,
                amount: eur * spent_share,
                description: format!("demo: uitgaven {year}"),
                reference: format!("DEMO-{year}-{}", entries.len() + 1),
            });
            entries.push(Entry {
                booked_on: definition::parse_date(&format!("{year}-09-15"))
                    .unwrap_or(date!(2024 - 09 - 15)),
                line: l.id.clone(),
                kind: Kind::Commitment,
                amount: eur * 8,
                description: format!("demo: verplichting {year}"),
                reference: format!("DEMO-{year}-{}", entries.len() + 1),
            });
        }
    }
    if !entries.is_empty() {
        ps::add_budget_entries(db, &actor, &entries).await?;
    }
    for (track, phase, on) in [
        ("e-master", "field-research", date!(2023 - 07 - 10)),
        ("e-master", "partner-chosen", date!(2023 - 12 - 01)),
    ] {
        let known = p
            .tracks
            .iter()
            .any(|t| t.id == track && t.phases.iter().any(|x| x.phase == phase));
        if known {
            ps::set_phase_reached(
                db,
                &actor,
                &ps::PhaseReached {
                    track: track.into(),
                    phase: phase.into(),
                    reached_on: on,
                    note: "demo".into(),
                },
            )
            .await?;
        }
    }
    let partner = p
        .partners
        .iter()
        .find(|x| x.id == "velon")
        .map_or(String::new(), |x| x.id.clone());
    ps::add_expert_record(
        db,
        &actor,
        &ps::ExpertRecord {
            id: 0,
            kind: "conversation".into(),
            title: "demo: verkennend gesprek over ict-bekwaamheid in de lerarenopleiding".into(),
            partner,
            held_on: date!(2024 - 03 - 12),
            link: String::new(),
            summary:
                "demo: afspraak om de digitale didactiek in de opleidingsprofielen te bespreken."
                    .into(),
            recorded_by: String::new(),
            recorded_on: date!(2024 - 03 - 12),
        },
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::scoring::{Raw, score};
    use crate::monitor::instrument::{Answer, IndicatorKind, parse};

    #[test]
    fn demo_2020_shares_are_near_the_plans_figures() {
        let ins = parse("default", crate::monitor::DEFAULT_INSTRUMENT).unwrap();
        let codes: Vec<&str> = INSTITUTIONS.iter().filter(|i| i.5).map(|i| i.0).collect();
        let rows = history_responses(&ins, 1, 0.0, &codes, &[], 2020);
        let scored: Vec<_> = rows
            .iter()
            .map(|r| {
                let raw = Raw {
                    answers: r
                        .answers
                        .iter()
                        .map(|(k, v)| (k.clone(), v.map_or(Answer::NotApplicable, Answer::Value)))
                        .collect(),
                    background: r.background.iter().cloned().collect(),
                };
                score(&ins, 0, None, &raw)
            })
            .collect();
        // The plan, 2020: 42% differentiate, 37% literacy, 26% self-regulation, 15% bpv.
        for (id, plan) in [
            ("ict-differentiatie", 0.42),
            ("ict-geletterdheid-aandacht", 0.37),
            ("ict-zelfregie", 0.26),
            ("ict-bpv", 0.15),
        ] {
            let k = ins.indicators.iter().position(|i| i.id == id).unwrap();
            assert!(matches!(
                ins.indicators[k].kind,
                IndicatorKind::ShareAtLeast { .. }
            ));
            let answered: Vec<bool> = scored.iter().filter_map(|r| r.counts[k]).collect();
            let share = answered.iter().filter(|c| **c).count() as f64 / answered.len() as f64;
            assert!(
                (share - plan).abs() < 0.08,
                "{id}: {share:.2} vs plan {plan}"
            );
        }
    }
}
