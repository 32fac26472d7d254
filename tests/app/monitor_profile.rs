//! Issue 13, item 10: the teacher's profile sets their scores against the
//! published figures of the previous closed wave, explains each level,
//! uses their self-placement answers and comes as a PDF; the first page
//! separates the introduction and privacy statement from the background
//! questions and marks optional ones; an unknown link says whom to ask.

use bekwaam::analysis;
use bekwaam::audit::Actor;
use bekwaam::monitor::instrument::{Instrument, ScaleKind};
use bekwaam::monitor::{self, WaveState, store as ms};

use crate::helpers::{TestApp, pdftotext};
use crate::on_both;

on_both!(
    the_profile_compares_with_the_published_figures_of_the_previous_wave,
    the_first_page_separates_the_privacy_statement_and_marks_optional_questions,
    an_unknown_link_says_to_ask_the_coordinator_for_a_new_one,
);

async fn wave(app: &TestApp, name: &str, opens: &str, closes: &str) -> i64 {
    let (iid, iver) = monitor::ensure_default_instrument(&app.db).await.unwrap();
    let w = monitor::validate_wave(
        name,
        &format!("{iid}@{iver}"),
        opens,
        closes,
        &["25AA".into(), "25BB".into()],
    )
    .unwrap();
    let id = ms::create_wave(&app.db, &Actor::system(), &w)
        .await
        .unwrap();
    ms::advance(&app.db, &Actor::system(), id, WaveState::Open)
        .await
        .unwrap();
    id
}

fn instrument() -> Instrument {
    monitor::instrument::parse(
        monitor::DEFAULT_INSTRUMENT_FILE,
        monitor::DEFAULT_INSTRUMENT,
    )
    .unwrap()
}

/// Every item answered with the scale's option `pick(options)` (0-based
/// from the bottom).
fn answers(i: &Instrument, pick: impl Fn(usize) -> usize) -> Vec<(String, Option<i64>)> {
    i.items
        .iter()
        .map(|it| {
            let s = &i.scales[it.scale];
            let k = pick(s.options.len()).min(s.options.len() - 1);
            (it.id.clone(), Some(s.min() + k as i64))
        })
        .collect()
}

/// `n` completed responses at `code`, each answering with `pick`; returns
/// the tokens.
async fn responses(
    app: &TestApp,
    wave: i64,
    code: &str,
    n: usize,
    pick: impl Fn(usize, usize) -> usize,
) -> Vec<String> {
    let i = instrument();
    let code = code.parse().unwrap();
    let tokens = ms::create_links(&app.db, &Actor::system(), wave, &code, None, n)
        .await
        .unwrap();
    for (k, t) in tokens.iter().enumerate() {
        let o = ms::open_token(&app.db, t).await.unwrap().unwrap();
        let r = ms::start_response(&app.db, t, &o).await.unwrap();
        let a = answers(&i, |len| pick(k, len));
        ms::save_page(&app.db, r.id, &a, &[], &[], 9).await.unwrap();
        ms::complete(&app.db, r.id).await.unwrap();
    }
    tokens
}

async fn the_profile_compares_with_the_published_figures_of_the_previous_wave(app: TestApp) {
    app.institution("25AA", "ROC A").await;
    app.institution("25BB", "ROC B").await;
    let i = instrument();
    // 2024, closed: 12 at A, 14 at B, answers spread over the scale.
    let old = wave(&app, "2024", "2024-10-01", "2025-01-31").await;
    responses(&app, old, "25AA", 12, |k, len| k % len).await;
    responses(&app, old, "25BB", 14, |k, len| (k + 2) % len).await;
    ms::advance(&app.db, &Actor::system(), old, WaveState::Closed)
        .await
        .unwrap();
    // 2026, open: one teacher at A answers the top of every scale, with
    // level 4 on the self-placement items.
    let new = wave(&app, "2026", "2026-10-01", "2027-01-31").await;
    let token = ms::create_links(
        &app.db,
        &Actor::system(),
        new,
        &"25AA".parse().unwrap(),
        None,
        1,
    )
    .await
    .unwrap()
    .remove(0);
    let o = ms::open_token(&app.db, &token).await.unwrap().unwrap();
    let r = ms::start_response(&app.db, &token, &o).await.unwrap();
    let mut a = answers(&i, |len| len - 1);
    for (id, v) in a.iter_mut() {
        let it = &i.items[i.item_index(id).unwrap()];
        if i.scales[it.scale].kind == ScaleKind::Proficiency {
            *v = Some(4);
        }
    }
    ms::save_page(&app.db, r.id, &a, &[], &[], 9).await.unwrap();
    ms::complete(&app.db, r.id).await.unwrap();

    // What the reports publish for 2024, through the release gate.
    let instruments = monitor::Instruments::default();
    let cache = analysis::store::WaveCache::default();
    let all = analysis::store::load_waves(&app.db, &instruments, &cache)
        .await
        .unwrap();
    let waves: Vec<analysis::report::Wave> = all.into_iter().map(|(_, w)| w).collect();
    let k = waves.iter().position(|w| w.data.wave == "2024").unwrap();
    let m = Default::default();
    let inst = analysis::report::institution(&waves[..=k], k, "25AA", None, &[], m);
    let sector = analysis::report::sector(&waves[..=k], k, m);
    let published_own = inst.domains[0]
        .own
        .as_ref()
        .unwrap()
        .summary
        .as_ref()
        .unwrap()
        .mean;
    let published_sector = sector.domains[0]
        .stats
        .as_ref()
        .unwrap()
        .summary
        .as_ref()
        .unwrap()
        .mean;

    // The printed card is claimed at its first use: the fresh link.
    let teacher = app.new_browser();
    let claimed = app.get_with(&teacher, &format!("/s/{token}")).await;
    let token = claimed
        .location
        .unwrap()
        .trim_start_matches("/s/")
        .to_string();
    let page = app
        .get_with(&teacher, &format!("/s/{token}/feedback"))
        .await;
    assert_eq!(page.status, 200);
    let b = &page.body;
    assert!(
        b.contains("Je instelling (2024)") && b.contains("Alle instellingen (2024)"),
        "{b}"
    );
    let first_row = &b[b.find("<tbody>").unwrap()..];
    let first_row = &first_row[..first_row.find("</tr>").unwrap()];
    assert!(
        first_row.contains(&format!(
            "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
            published_own.round() as i64,
            published_sector.round() as i64
        )),
        "the published 2024 means ({published_own}, {published_sector}): {first_row}"
    );
    // Every level explained, the teacher's own marked.
    assert_eq!(
        b.matches("Wat betekenen de niveaus?").count(),
        i.domains.len()
    );
    for band in &i.feedback[0] {
        assert!(b.contains(band.label.get(bekwaam::i18n::Lang::Nl)));
    }
    assert!(b.contains("jouw niveau"));
    // The self-placement answers, in the teacher's own words of the item.
    let placement = i
        .items
        .iter()
        .find(|it| i.scales[it.scale].kind == ScaleKind::Proficiency)
        .unwrap();
    let statement = placement.levels[3].get(bekwaam::i18n::Lang::Nl);
    assert!(
        b.contains(&format!("Zelf koos je niveau 4: “{statement}”")),
        "{b}"
    );
    // The PDF, made by the report engine, carries the same.
    let pdf = teacher
        .get(format!("{}/s/{token}/feedback?download=1", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(
        pdf.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("mijn-profiel-digitaal-bekwaam.pdf")
    );
    let text = pdftotext(&pdf.bytes().await.unwrap());
    assert!(text.contains("Jouw profiel"), "{text}");
    assert!(text.contains("Je instelling (2024)"), "{text}");
    assert!(text.contains("Wat betekenen de niveaus?"));
    assert!(text.contains("Zelf koos je niveau 4"));
    assert!(!text.contains(&token), "no survey link in the PDF");
}

async fn the_first_page_separates_the_privacy_statement_and_marks_optional_questions(app: TestApp) {
    app.institution("25AA", "ROC A").await;
    app.institution("25BB", "ROC B").await;
    let w = wave(&app, "2026", "2026-10-01", "2027-01-31").await;
    let printed = ms::create_links(
        &app.db,
        &Actor::system(),
        w,
        &"25AA".parse().unwrap(),
        None,
        1,
    )
    .await
    .unwrap()
    .remove(0);
    let teacher = app.new_browser();
    let r = app.get_with(&teacher, &format!("/s/{printed}")).await;
    let fresh = r.location.unwrap();
    let p0 = app.get_with(&teacher, &format!("{fresh}/page/0")).await;
    assert_eq!(p0.status, 200);
    let b = &p0.body;
    let welcome = b
        .find("<h1>Welkom bij de monitor Digitaal Bekwaam</h1>")
        .expect(b);
    let privacy = b.find("Wat gebeurt er met je antwoorden?").unwrap();
    let about = b.find("<h2>Over jou</h2>").unwrap();
    let form = b.find("<form").unwrap();
    assert!(
        welcome < privacy && privacy < about && about < form,
        "intro, privacy, then the questions"
    );
    for said in [
        "Niet bewaard worden je naam, je e-mailadres of je IP-adres",
        "Alleen jij ziet je eigen antwoorden en profiel",
        "Neem contact op met de instellingscoördinator",
    ] {
        assert!(b[privacy..about].contains(said), "{said}");
    }
    // Every background question of the shipped instrument is optional
    // and says so (the team question is left out: 25AA has no teams).
    let i = instrument();
    let shown = i.background.iter().filter(|q| !q.from_units).count();
    assert!(i.background.iter().all(|q| !q.required));
    assert_eq!(b[form..].matches("(optioneel)").count(), shown, "{b}");
}

async fn an_unknown_link_says_to_ask_the_coordinator_for_a_new_one(app: TestApp) {
    for path in [
        format!("/s/{}", "ab".repeat(16)),
        format!("/s/{}/page/0", "ab".repeat(16)),
        format!("/s/{}/feedback", "cd".repeat(16)),
        "/s/niet-een-link".to_string(),
    ] {
        let r = app.get(&path).await;
        assert_eq!(r.status, 404, "{path}");
        assert!(
            r.body.contains("Deze link werkt niet"),
            "{path}: {}",
            r.body
        );
        assert!(
            r.body.contains(
                "vraag dan de instellingscoördinator van je instelling om een nieuwe link"
            ),
            "{path}"
        );
    }
}
