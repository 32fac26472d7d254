//! The quarterly steering report (plan: "De voortgang van de activiteiten
//! ... wordt elk kwartaal besproken met de stuurgroep"): progress per
//! objective, KPIs, milestones, the risk register and the year's finance,
//! with the programme manager's commentary. "Freeze" stores the document as
//! it is that day; a frozen report never changes (the database refuses it
//! too) and is what the steering group reads, as a page or PDF.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use time::Date;

use super::budget::Entry;
use super::kpi;
use super::loaded::{Loaded, light_label, load};
use super::routes::source_ctx;
use super::store::{self, SteeringReport};
use crate::auth::Action;
use crate::i18n::{Lang, Msg, Tr};
use crate::reports::document::{Block, Cell, Column, ColumnKind, Document, Layout, Table};
use crate::reports::web::{ViewBlock, labels, render_download, view_blocks};
use crate::store::StoreError;
use crate::web::{AppError, AppState, Ctx, Page, Render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/programme/steering", get(list).post(create))
        .route("/programme/steering/{id}", get(show).post(save_commentary))
        .route(
            "/programme/steering/{id}/freeze",
            get(freeze_confirm).post(freeze),
        )
        .route("/programme/steering/{id}/download", get(report_download))
}

/// A quarter as people write it: `2026-K4` (also `2026-Q4`, `2026 k4`),
/// normalised to `2026-K4`, with its last day.
pub fn parse_quarter(s: &str) -> Option<(String, Date)> {
    let t = s.trim().to_uppercase().replace(' ', "-");
    let (year, q) = t.split_once('-')?;
    let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y))?;
    let n: u8 = q.strip_prefix(['K', 'Q'])?.parse().ok()?;
    let month = match n {
        1 => time::Month::March,
        2 => time::Month::June,
        3 => time::Month::September,
        4 => time::Month::December,
        _ => return None,
    };
    let last = time::util::days_in_month(month, year);
    Some((
        format!("{year}-K{n}"),
        Date::from_calendar_date(year, month, last).ok()?,
    ))
}

fn text_table(id: &str, title: String, headers: Vec<String>, rows: Vec<Vec<String>>) -> Block {
    Block::Table(Table {
        id: id.into(),
        title,
        columns: headers
            .into_iter()
            .map(|header| Column {
                header,
                kind: ColumnKind::Text,
            })
            .collect(),
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(Cell::Text).collect())
            .collect(),
        note: None,
    })
}

/// The report of `quarter` from the programme as it stands.
pub fn document(
    tr: &Tr,
    s: &Loaded,
    entries: &[Entry],
    quarter: &str,
    commentary: &str,
) -> Document {
    let lang = tr.lang;
    let p = &s.programme;
    let mut blocks = Vec::new();

    blocks.push(Block::Heading {
        level: 1,
        text: tr.t("steering-objectives"),
    });
    let status = super::objective_status(p, &s.assessments, &s.shown);
    blocks.push(text_table(
        "doelstellingen",
        tr.t("steering-objectives"),
        vec![
            tr.t("kpi-objective"),
            tr.t("kpi-status"),
            tr.t("steering-why"),
        ],
        status
            .iter()
            .map(|o| {
                let text = p
                    .objectives
                    .iter()
                    .find(|x| x.number == o.number)
                    .map_or("", |x| x.text.get(lang));
                let mut why: Vec<String> = o
                    .off_track
                    .iter()
                    .map(|&k| {
                        format!(
                            "{}: {}",
                            p.kpis[k].name.get(lang),
                            tr.msg(&s.assessments[k].reason)
                        )
                    })
                    .collect();
                why.extend(o.late.iter().map(|&m| {
                    tr.msg(
                        &Msg::new("steering-late")
                            .arg("name", p.milestones[m].name.get(lang))
                            .arg("date", p.milestones[m].due),
                    )
                }));
                if why.is_empty() {
                    why.push(tr.t(&format!("steering-why-{}", o.light.key())));
                }
                vec![
                    format!("{}. {text}", o.number),
                    light_label(tr, o.light),
                    why.join(" · "),
                ]
            })
            .collect(),
    ));

    blocks.push(Block::Heading {
        level: 1,
        text: tr.t("kpis-title"),
    });
    blocks.push(text_table(
        "kpis",
        tr.t("kpis-title"),
        vec![
            tr.t("steering-kpi"),
            tr.t("kpi-target"),
            tr.t("kpi-status"),
            tr.t("kpi-trend"),
        ],
        p.kpis
            .iter()
            .enumerate()
            .map(|(k, kpi)| {
                let a = &s.assessments[k];
                vec![
                    kpi.name.get(lang).to_string(),
                    kpi::format_value(tr, kpi.unit, kpi.target),
                    format!("{}: {}", light_label(tr, a.light), tr.msg(&a.reason)),
                    tr.t(&format!("kpi-trend-{}", a.trend.key())),
                ]
            })
            .collect(),
    ));

    blocks.push(Block::Heading {
        level: 1,
        text: tr.t("milestones-title"),
    });
    let mut order: Vec<usize> = (0..p.milestones.len()).collect();
    order.sort_by_key(|&m| (p.milestones[m].due, m));
    blocks.push(text_table(
        "mijlpalen",
        tr.t("milestones-table"),
        vec![
            tr.t("milestone-name"),
            tr.t("kpi-action-line"),
            tr.t("milestone-due-col"),
            tr.t("kpi-status"),
        ],
        order
            .into_iter()
            .map(|m| {
                let ms = &p.milestones[m];
                let line = p.activities[ms.activity].action_line;
                vec![
                    ms.name.get(lang).to_string(),
                    p.action_lines[line].letter.to_string(),
                    ms.due.to_string(),
                    tr.t(&format!("milestone-status-{}", s.shown[m].key())),
                ]
            })
            .collect(),
    ));

    blocks.push(Block::Heading {
        level: 1,
        text: tr.t("steering-risks"),
    });
    if p.risks.is_empty() {
        blocks.push(Block::Paragraph(tr.t("steering-risks-none")));
    } else {
        blocks.push(text_table(
            "risicos",
            tr.t("steering-risks"),
            vec![
                tr.t("steering-risk"),
                tr.t("steering-likelihood"),
                tr.t("steering-impact"),
                tr.t("steering-mitigation"),
            ],
            p.risks
                .iter()
                .map(|r| {
                    vec![
                        r.text.get(lang).to_string(),
                        tr.t(&format!("steering-level-{}", r.likelihood.key())),
                        tr.t(&format!("steering-level-{}", r.impact.key())),
                        r.mitigation.get(lang).to_string(),
                    ]
                })
                .collect(),
        ));
    }

    let year = parse_quarter(quarter).map_or(s.today.year(), |(_, d)| d.year());
    blocks.push(Block::Heading {
        level: 1,
        text: tr.t1("budget-report-title", "year", year),
    });
    // The per-line detail stays in the financial report itself.
    let finance = super::budget_routes::financial_report(tr, p, entries, year, s.today, false);
    blocks.extend(finance.blocks);

    blocks.push(Block::Heading {
        level: 1,
        text: tr.t("steering-commentary"),
    });
    let paragraphs: Vec<Block> = commentary
        .split("\n\n")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| Block::Paragraph(t.to_string()))
        .collect();
    if paragraphs.is_empty() {
        blocks.push(Block::Paragraph(tr.t("steering-commentary-none")));
    } else {
        blocks.extend(paragraphs);
    }

    Document {
        title: tr.t1("steering-report-title", "quarter", quarter),
        subtitle: Some(format!(
            "{} · {}",
            p.name.get(lang),
            tr.t1("programme-version-link", "version", s.version.version)
        )),
        lang: lang.code().to_string(),
        layout: Layout::Report,
        blocks,
        footer: tr.t1("steering-report-footer", "date", s.today),
    }
}

// --- pages ---------------------------------------------------------------------

struct ReportLine {
    id: i64,
    quarter: String,
    frozen: Option<String>,
}

#[derive(Template)]
#[template(path = "programme/steering.html")]
struct ListPage {
    p: Page,
    reports: Vec<ReportLine>,
    can_manage: bool,
    error: Option<String>,
    quarter: String,
}

/// The steering group reads frozen reports only; drafts are the
/// programme manager's.
fn visible(r: &SteeringReport, can_manage: bool) -> bool {
    can_manage || r.frozen_on.is_some()
}

async fn list_page(
    ctx: &Ctx,
    state: &AppState,
    error: Option<String>,
    quarter: String,
) -> Result<ListPage, AppError> {
    let user = ctx.require(Action::ViewProgramme)?;
    let can_manage = user.can(Action::ManageProgramme);
    let reports = store::steering_reports(&state.db)
        .await?
        .into_iter()
        .filter(|r| visible(r, can_manage))
        .map(|r| ReportLine {
            id: r.id,
            quarter: r.quarter,
            frozen: r.frozen_on.map(|d| {
                ctx.tr.msg(
                    &Msg::new("steering-frozen-on")
                        .arg("date", d)
                        .arg("by", r.frozen_by.unwrap_or_default()),
                )
            }),
        })
        .collect();
    Ok(ListPage {
        p: ctx.page("steering-title"),
        reports,
        can_manage,
        error,
        quarter,
    })
}

async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, AppError> {
    list_page(&ctx, &state, None, String::new()).await?.html()
}

#[derive(Deserialize)]
struct QuarterForm {
    #[serde(default)]
    quarter: String,
}

async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(form): Form<QuarterForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageProgramme)?;
    let error = match parse_quarter(&form.quarter) {
        None => ctx.tr.t("steering-quarter-invalid"),
        Some((quarter, _)) => {
            match store::create_steering_report(&state.db, &user.actor(), &quarter).await {
                Ok(id) => {
                    return Ok(Redirect::to(&format!("/programme/steering/{id}")).into_response());
                }
                Err(StoreError::Conflict(_)) => {
                    ctx.tr.t1("steering-quarter-exists", "quarter", quarter)
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    let page = list_page(&ctx, &state, Some(error), form.quarter).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
}

/// The report's document: the frozen snapshot, or built now for a draft.
async fn document_of(
    ctx: &Ctx,
    state: &AppState,
    r: &SteeringReport,
) -> Result<Document, AppError> {
    if let Some(snapshot) = &r.snapshot {
        return serde_json::from_str(snapshot).map_err(|e| AppError::Internal(e.into()));
    }
    let s = load(&source_ctx(state), &ctx.tr).await?;
    let entries: Vec<Entry> = store::budget_entries(&state.db)
        .await?
        .into_iter()
        .map(|e| e.entry)
        .collect();
    Ok(document(&ctx.tr, &s, &entries, &r.quarter, &r.commentary))
}

async fn visible_report(ctx: &Ctx, state: &AppState, id: i64) -> Result<SteeringReport, AppError> {
    let user = ctx.require(Action::ViewProgramme)?;
    let r = store::steering_report(&state.db, id).await?;
    if !visible(&r, user.can(Action::ManageProgramme)) {
        return Err(AppError::NotFound);
    }
    Ok(r)
}

#[derive(Template)]
#[template(path = "programme/steering_report.html")]
struct ReportPage {
    p: Page,
    id: i64,
    blocks: Vec<ViewBlock>,
    footer: String,
    frozen: Option<String>,
    can_manage: bool,
    commentary: String,
}

async fn show(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let r = visible_report(&ctx, &state, id).await?;
    let doc = document_of(&ctx, &state, &r).await?;
    let labels = labels(
        &Tr::new(Lang::from_code(&doc.lang).unwrap_or_default()),
        u64::from(state.settings.min_group),
    );
    ReportPage {
        p: ctx.page_titled(doc.title.clone()),
        id,
        blocks: view_blocks(
            &doc,
            &labels,
            &format!("/programme/steering/{id}/download?format=csv"),
        ),
        footer: doc.footer.clone(),
        frozen: r.frozen_on.map(|d| {
            ctx.tr.msg(
                &Msg::new("steering-frozen-on")
                    .arg("date", d)
                    .arg("by", r.frozen_by.clone().unwrap_or_default()),
            )
        }),
        can_manage: ctx.user()?.can(Action::ManageProgramme) && r.frozen_on.is_none(),
        commentary: r.commentary,
    }
    .html()
}

#[derive(Deserialize)]
struct CommentaryForm {
    #[serde(default)]
    commentary: String,
}

async fn save_commentary(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<CommentaryForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageProgramme)?;
    let text = form.commentary.replace("\r\n", "\n");
    if text.chars().count() > 20_000 {
        return Err(AppError::BadRequest(Msg::new("steering-commentary-long")));
    }
    match store::set_commentary(&state.db, &user.actor(), id, text.trim()).await {
        Ok(()) => {
            ctx.flash(Msg::new("steering-commentary-saved")).await?;
            Ok(Redirect::to(&format!("/programme/steering/{id}")).into_response())
        }
        // Frozen (or gone): nothing may change it.
        Err(StoreError::NotFound) => Err(AppError::Conflict(Msg::new("steering-frozen-no-change"))),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "programme/steering_freeze.html")]
struct FreezePage {
    p: Page,
    id: i64,
    quarter: String,
}

async fn freeze_confirm(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageProgramme)?;
    let r = store::steering_report(&state.db, id).await?;
    if r.frozen_on.is_some() {
        return Err(AppError::Conflict(Msg::new("steering-frozen-no-change")));
    }
    FreezePage {
        p: ctx.page_titled(ctx.tr.t1("steering-freeze-title", "quarter", &r.quarter)),
        id,
        quarter: r.quarter,
    }
    .html()
}

async fn freeze(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageProgramme)?;
    let r = store::steering_report(&state.db, id).await?;
    if r.frozen_on.is_some() {
        return Err(AppError::Conflict(Msg::new("steering-frozen-no-change")));
    }
    let doc = document_of(&ctx, &state, &r).await?;
    let snapshot = serde_json::to_string(&doc).map_err(|e| AppError::Internal(e.into()))?;
    match store::freeze(&state.db, &user.actor(), id, &snapshot).await {
        Ok(()) => {
            ctx.flash(Msg::new("steering-frozen")).await?;
            Ok(Redirect::to(&format!("/programme/steering/{id}")).into_response())
        }
        Err(StoreError::NotFound) => Err(AppError::Conflict(Msg::new("steering-frozen-no-change"))),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
struct DownloadQuery {
    #[serde(default)]
    format: String,
    #[serde(default)]
    table: String,
}

async fn report_download(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, AppError> {
    let r = visible_report(&ctx, &state, id).await?;
    let doc = document_of(&ctx, &state, &r).await?;
    let labels = labels(
        &Tr::new(Lang::from_code(&doc.lang).unwrap_or_default()),
        u64::from(state.settings.min_group),
    );
    let stem = format!("stuurgroeprapportage-{}", r.quarter.to_lowercase());
    render_download(doc, labels, q.format, q.table, stem).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn quarters_as_people_write_them() {
        assert_eq!(
            parse_quarter("2026-K4"),
            Some(("2026-K4".into(), date!(2026 - 12 - 31)))
        );
        assert_eq!(
            parse_quarter(" 2024 q1 "),
            Some(("2024-K1".into(), date!(2024 - 03 - 31)))
        );
        assert_eq!(parse_quarter("2024-K5"), None);
        assert_eq!(parse_quarter("K4-2024"), None);
        assert_eq!(parse_quarter("1999-K1"), None);
    }
}
