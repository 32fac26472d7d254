//! The budget pages: planned against committed and spent per line and year,
//! entries typed in or imported from CSV (every bad row reported), and the
//! financial report per year and action line for the steering group and
//! OCW, as a page, PDF and XLSX (the report itself is built in `budget`).

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::budget::{self, Entry, Kind, euros, financial_report};
use super::definition::{self, Programme};
use super::store;
use crate::auth::Action;
use crate::i18n::{Msg, Tr};
use crate::reports::routes::render_download;
use crate::reports::view::{ViewBlock, labels, view_blocks};
use crate::web::{AppError, AppState, Ctx, FieldErrors, Page, Render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/programme/budget", get(budget_page).post(add_entry))
        .route("/programme/budget/import", post(import))
        .route("/programme/budget/report/download", get(report_download))
}

#[derive(Deserialize, Default)]
struct YearQuery {
    year: Option<i32>,
}

/// The year shown: asked for, else this year when it has a budget, else
/// the last budget year.
fn year_of(p: &Programme, asked: Option<i32>, today: time::Date) -> i32 {
    let years = p.budget_years();
    asked
        .or_else(|| years.contains(&today.year()).then_some(today.year()))
        .or_else(|| years.last().copied())
        .unwrap_or(today.year())
}

struct EntryView {
    booked_on: time::Date,
    line: String,
    kind: String,
    amount: String,
    description: String,
    reference: String,
    entered: String,
}

struct LineOption {
    id: String,
    label: String,
}

#[derive(Template)]
#[template(path = "programme/budget.html")]
struct BudgetPage {
    p: Page,
    year: i32,
    years: Vec<YearRow>,
    blocks: Vec<ViewBlock>,
    entries: Vec<EntryView>,
    lines: Vec<LineOption>,
    can_manage: bool,
    errors: FieldErrors,
    form: EntryForm,
    problems: Vec<(u64, String, String)>,
    /// How many problems there were beyond those listed (empty: none).
    problems_more: String,
    /// Budget lines whose balance in `year` is negative, with it.
    overspent: Vec<(String, String)>,
}

/// One row of the per-year table.
struct YearRow {
    year: i32,
    planned: String,
    committed: String,
    spent: String,
    balance: String,
    /// More committed and spent than planned.
    negative: bool,
    burn: String,
}

struct Loaded {
    programme: Programme,
    stored: Vec<store::BudgetEntry>,
    min_group: crate::analysis::disclosure::MinGroup,
}

async fn load(state: &AppState) -> Result<Loaded, AppError> {
    let (_, programme) = store::current(&state.db).await?;
    let stored = store::budget_entries(&state.db).await?;
    Ok(Loaded {
        programme,
        stored,
        min_group: state.settings.min_group,
    })
}

fn page_of(
    ctx: &Ctx,
    l: &Loaded,
    year: i32,
    can_manage: bool,
    errors: FieldErrors,
    form: EntryForm,
    problems: Vec<(u64, String, String)>,
) -> BudgetPage {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let p = &l.programme;
    let entries: Vec<Entry> = l.stored.iter().map(|e| e.entry.clone()).collect();
    let all = budget::by_line_and_year(p, &entries);
    // Rows come per line, then year: sort before removing repeats.
    let mut year_list: Vec<i32> = all.iter().map(|r| r.year).collect();
    year_list.sort_unstable();
    year_list.dedup();
    let years = year_list
        .iter()
        .map(|&y| {
            let (pl, co, sp) = budget::total(all.iter().filter(|r| r.year == y));
            let balance = budget::balance(pl, co, sp);
            YearRow {
                year: y,
                planned: euros(pl),
                committed: euros(co),
                spent: euros(sp),
                balance: euros(balance),
                negative: balance < 0,
                burn: budget::burn(pl, sp)
                    .map_or_else(|| "-".into(), |b| format!("{:.0}%", b * 100.0)),
            }
        })
        .collect();
    let overspent = all
        .iter()
        .filter(|r| r.year == year && r.variance() < 0)
        .map(|r| {
            (
                p.budget_lines[r.line].name.get(lang).to_string(),
                euros(r.variance()),
            )
        })
        .collect();
    let doc = financial_report(tr, p, &entries, year, crate::monitor::store::today(), true);
    let labels = labels(tr, l.min_group.get());
    let line_name = |id: &str| {
        p.budget_lines
            .iter()
            .find(|b| b.id == id)
            .map_or_else(|| id.to_string(), |b| b.name.get(lang).to_string())
    };
    BudgetPage {
        p: ctx.page("budget-title"),
        year,
        years,
        blocks: view_blocks(
            &doc,
            &labels,
            &format!("/programme/budget/report/download?year={year}&format=csv"),
        ),
        entries: l
            .stored
            .iter()
            .take(100)
            .map(|e| EntryView {
                booked_on: e.entry.booked_on,
                line: line_name(&e.entry.line),
                kind: tr.t(&format!("budget-kind-{}", e.entry.kind.key())),
                amount: euros(e.entry.amount),
                description: e.entry.description.clone(),
                reference: e.entry.reference.clone(),
                entered: tr.msg(
                    &Msg::new("milestone-updated")
                        .arg("by", &e.entered_by)
                        .arg("on", e.entered_on),
                ),
            })
            .collect(),
        lines: p
            .budget_lines
            .iter()
            .map(|b| LineOption {
                id: b.id.clone(),
                label: format!(
                    "{} · {}",
                    p.action_lines[b.action_line].letter,
                    b.name.get(lang)
                ),
            })
            .collect(),
        can_manage,
        errors,
        form,
        problems,
        problems_more: String::new(),
        overspent,
    }
}

async fn budget_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<YearQuery>,
) -> Result<Html<String>, AppError> {
    let user = ctx.require(Action::ViewProgramme)?;
    let l = load(&state).await?;
    let year = year_of(&l.programme, q.year, crate::monitor::store::today());
    page_of(
        &ctx,
        &l,
        year,
        user.can(Action::ManageProgramme),
        FieldErrors::default(),
        EntryForm::default(),
        Vec::new(),
    )
    .html()
}

#[derive(Clone, Debug, Default, Deserialize)]
struct EntryForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    line: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    reference: String,
}

fn check_entry(tr: &Tr, p: &Programme, f: &EntryForm) -> Result<Entry, FieldErrors> {
    let mut errors = Vec::new();
    let date = definition::parse_date(&f.date);
    match date {
        None => errors.push(("date", tr.t("kpi-entry-date-invalid"))),
        Some(d) if !p.books_on(d) => errors.push(("date", tr.msg(&budget::outside_period(p, d)))),
        Some(_) => {}
    }
    if !p.budget_lines.iter().any(|l| l.id == f.line) {
        errors.push(("line", tr.t("budget-line-choose")));
    }
    let kind = Kind::from_key(&f.kind);
    if kind.is_none() {
        errors.push(("kind", tr.t("budget-kind-choose")));
    }
    let amount = budget::parse_amount(&f.amount);
    if amount.is_none() {
        errors.push((
            "amount",
            tr.msg(&Msg::new("budget-import-amount").arg("value", &f.amount)),
        ));
    }
    let description = f.description.trim();
    if description.is_empty() || description.chars().count() > 300 {
        errors.push(("description", tr.t("budget-import-description")));
    }
    if f.reference.chars().count() > 100 {
        errors.push(("reference", tr.t("budget-import-reference")));
    }
    match (date, kind, amount, errors.is_empty()) {
        (Some(booked_on), Some(kind), Some(amount), true) => Ok(Entry {
            booked_on,
            line: f.line.clone(),
            kind,
            amount,
            description: description.to_string(),
            reference: f.reference.trim().to_string(),
        }),
        _ => Err(errors.into()),
    }
}

async fn add_entry(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(form): Form<EntryForm>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageProgramme)?;
    let l = load(&state).await?;
    match check_entry(&ctx.tr, &l.programme, &form) {
        Ok(e) => {
            store::add_budget_entries(&state.db, &user.actor(), std::slice::from_ref(&e)).await?;
            ctx.flash(Msg::new("budget-entry-saved")).await?;
            Ok(
                Redirect::to(&format!("/programme/budget?year={}", e.booked_on.year()))
                    .into_response(),
            )
        }
        Err(errors) => {
            let year = year_of(&l.programme, None, crate::monitor::store::today());
            let page = page_of(&ctx, &l, year, true, errors, form, Vec::new());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
        }
    }
}

async fn import(
    ctx: Ctx,
    State(state): State<AppState>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageProgramme)?;
    let l = load(&state).await?;
    let parsed = match crate::web::page::uploaded_file(multipart).await {
        Ok(data) => budget::parse_csv(&data, &l.programme),
        Err(msg) => Err(budget::ImportErrors {
            listed: vec![crate::institutions::csv_import::RowError {
                line: 0,
                field: None,
                reason: msg,
            }],
            more: 0,
        }),
    };
    match parsed {
        Ok(rows) => {
            let entries: Vec<Entry> = rows.into_iter().map(|(_, e)| e).collect();
            store::add_budget_entries(&state.db, &user.actor(), &entries).await?;
            ctx.flash(Msg::new("budget-imported").arg("count", entries.len()))
                .await?;
            Ok(Redirect::to("/programme/budget").into_response())
        }
        Err(errs) => {
            let problems = errs
                .listed
                .iter()
                .map(|e| {
                    (
                        e.line,
                        e.field.unwrap_or("-").to_string(),
                        ctx.tr.msg(&e.reason),
                    )
                })
                .collect();
            let year = year_of(&l.programme, None, crate::monitor::store::today());
            let mut page = page_of(
                &ctx,
                &l,
                year,
                true,
                FieldErrors::default(),
                EntryForm::default(),
                problems,
            );
            if errs.more > 0 {
                page.problems_more = ctx.tr.msg(
                    &Msg::new("budget-import-more")
                        .arg("count", errs.more)
                        .arg("shown", budget::MAX_LISTED_ERRORS),
                );
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page.html()?).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
struct DownloadQuery {
    year: Option<i32>,
    #[serde(default)]
    format: String,
    #[serde(default)]
    table: String,
}

async fn report_download(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, AppError> {
    ctx.require(Action::ViewProgramme)?;
    let l = load(&state).await?;
    let year = year_of(&l.programme, q.year, crate::monitor::store::today());
    let entries: Vec<Entry> = l.stored.into_iter().map(|e| e.entry).collect();
    let doc = financial_report(
        &ctx.tr,
        &l.programme,
        &entries,
        year,
        crate::monitor::store::today(),
        true,
    );
    let labels = labels(&ctx.tr, state.settings.min_group.get());
    let stem = format!("financiele-rapportage-{year}");
    render_download(doc, labels, q.format, q.table, stem).await
}
