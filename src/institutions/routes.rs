//! Pages and API of the institution registry.

use super::csv_import::describe_errors;
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::csv_import;
use super::{Field, Institution, InstitutionCode, InstitutionInput, Status, store};
use crate::auth::Action;
use crate::i18n::{Msg, Tr};
use crate::store::StoreError;
use crate::web::{ApiError, ApiUser, AppError, AppState, Ctx, FieldErrors, Page, Pager, Render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/institutions", get(list).post(create))
        .route("/institutions/new", get(new_form))
        .route("/institutions/import", get(import_form).post(import))
        .route("/institutions/{code}", get(show).post(update))
        .route("/institutions/{code}/edit", get(edit_form))
}

pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_list))
        .routes(routes!(api_get))
}

fn parse_code(code: &str) -> Result<InstitutionCode, AppError> {
    code.parse().map_err(|_| AppError::NotFound)
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    q: String,
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "institutions/list.html")]
struct ListPage {
    p: Page,
    q: String,
    items: Vec<Institution>,
    pager: Pager,
    can_manage: bool,
}

async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    let user = ctx.user()?;
    let own = user.coordinated_institutions();
    let scope = if user.can(Action::ListInstitutions) {
        None
    } else if !own.is_empty() {
        Some(own.as_slice())
    } else {
        return Err(AppError::Forbidden);
    };
    let base: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &query.q)
        .finish();
    let mut pager = Pager::new(query.page, base);
    let (items, total) =
        store::search(&state.db, &query.q, scope, pager.per_page, pager.offset()).await?;
    pager.total = total;
    ListPage {
        can_manage: user.can(Action::ManageInstitutions),
        p: ctx.page("institutions-title"),
        q: query.q,
        items,
        pager,
    }
    .html()
}

#[derive(Template)]
#[template(path = "institutions/show.html")]
struct ShowPage {
    p: Page,
    i: Institution,
    can_manage: bool,
    can_units: bool,
}

async fn show(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let code = parse_code(&code)?;
    let user = ctx.user()?;
    user.require_institution(Action::ViewInstitution, &code)?;
    let i = store::get(&state.db, &code).await?;
    ShowPage {
        can_manage: user.can(Action::ManageInstitutions),
        can_units: user.can_for(Action::ManageUnits, &code),
        p: ctx.page_titled(i.name.clone()),
        i,
    }
    .html()
}

/// The institution form, for a new one (`code_editable`) or an edit.
#[derive(Template)]
#[template(path = "institutions/form.html")]
struct FormPage {
    p: Page,
    action: String,
    code_editable: bool,
    input: InstitutionInput,
    errors: FieldErrors,
}

impl FormPage {
    /// The text inputs: (name, label key, value, input type).
    fn fields(&self) -> Vec<(&'static str, &'static str, String, &'static str)> {
        let i = &self.input;
        vec![
            ("code", "institution-code", i.code.clone(), "text"),
            ("name", "institution-name", i.name.clone(), "text"),
            ("place", "institution-place", i.place.clone(), "text"),
            ("region", "institution-region", i.region.clone(), "text"),
            (
                "teaching_staff",
                "institution-teaching-staff",
                i.teaching_staff.clone(),
                "number",
            ),
        ]
    }

    fn statuses(&self) -> Vec<(&'static str, String)> {
        [Status::Active, Status::Inactive]
            .into_iter()
            .map(|s| (s.code(), self.p.t(s.label_key())))
            .collect()
    }
}

fn field_errors(tr: &Tr, errors: Vec<(Field, Msg)>) -> FieldErrors {
    errors
        .into_iter()
        .map(|(f, m)| (f.name(), tr.msg(&m)))
        .collect()
}

async fn new_form(ctx: Ctx) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageInstitutions)?;
    FormPage {
        p: ctx.page("institution-new-title"),
        action: "/institutions".into(),
        code_editable: true,
        input: InstitutionInput::default(),
        errors: FieldErrors::default(),
    }
    .html()
}

async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(input): Form<InstitutionInput>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageInstitutions)?;
    let form = |errors: FieldErrors| FormPage {
        p: ctx.page("institution-new-title"),
        action: "/institutions".into(),
        code_editable: true,
        input: input.clone(),
        errors,
    };
    let inst = match input.validate() {
        Ok(i) => i,
        Err(errors) => {
            return Ok(invalid(form(field_errors(&ctx.tr, errors)).html()?));
        }
    };
    match store::create(&state.db, &user.actor(), &inst).await {
        Ok(()) => {}
        Err(StoreError::Duplicate { .. }) => {
            let msg = ctx
                .tr
                .msg(&Msg::new("institution-code-taken").arg("code", &inst.code));
            return Ok(invalid(
                form(vec![(Field::Code.name(), msg)].into()).html()?,
            ));
        }
        Err(e) => return Err(e.into()),
    }
    ctx.flash(Msg::new("institution-created").arg("name", &inst.name))
        .await?;
    Ok(Redirect::to(&format!("/institutions/{}", inst.code)).into_response())
}

/// A form shown again with its errors: 422, so scripts and tests notice.
fn invalid(html: Html<String>) -> Response {
    (axum::http::StatusCode::UNPROCESSABLE_ENTITY, html).into_response()
}

async fn edit_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageInstitutions)?;
    let i = store::get(&state.db, &parse_code(&code)?).await?;
    FormPage {
        p: ctx.page_titled(ctx.tr.t1("institution-edit-title", "name", &i.name)),
        action: format!("/institutions/{}", i.code),
        code_editable: false,
        input: InstitutionInput::from(&i),
        errors: FieldErrors::default(),
    }
    .html()
}

async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
    Form(mut input): Form<InstitutionInput>,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageInstitutions)?;
    let code = parse_code(&code)?;
    input.code = code.to_string();
    match input.validate() {
        Ok(inst) => {
            store::save(&state.db, &user.actor(), &inst).await?;
            ctx.flash(Msg::new("institution-saved").arg("name", &inst.name))
                .await?;
            Ok(Redirect::to(&format!("/institutions/{code}")).into_response())
        }
        Err(errors) => Ok(invalid(
            FormPage {
                p: ctx.page_titled(ctx.tr.t1("institution-edit-title", "name", &input.name)),
                action: format!("/institutions/{code}"),
                code_editable: false,
                errors: field_errors(&ctx.tr, errors),
                input,
            }
            .html()?,
        )),
    }
}

/// One problem of an import, translated for the page.
struct ImportProblem {
    line: u64,
    field: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "institutions/import.html")]
struct ImportPage {
    p: Page,
    problems: Vec<ImportProblem>,
    /// "and M more lines with an error" when not all are listed.
    more: Option<String>,
    result: Option<String>,
}

async fn import_form(ctx: Ctx) -> Result<Html<String>, AppError> {
    ctx.require(Action::ManageInstitutions)?;
    ImportPage {
        p: ctx.page("institution-import-title"),
        problems: vec![],
        more: None,
        result: None,
    }
    .html()
}

async fn import(
    ctx: Ctx,
    State(state): State<AppState>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let user = ctx.require(Action::ManageInstitutions)?;
    let page = |problems, more, result| ImportPage {
        p: ctx.page("institution-import-title"),
        problems,
        more,
        result,
    };
    let form = match crate::web::page::uploaded_form(multipart).await {
        Ok(form) => form,
        Err(msg) => {
            let problem = ImportProblem {
                line: 0,
                field: "-".into(),
                reason: ctx.tr.msg(&msg),
            };
            return Ok(invalid(page(vec![problem], None, None).html()?));
        }
    };
    let (data, partial) = (form.file.clone(), form.has("partial"));
    let parsed = csv_import::parse(&data);
    let parsed_bad_lines = parsed.bad_lines();
    let (listed, left_out) = csv_import::first_errors(&parsed.errors);
    let more = (left_out > 0).then(|| {
        ctx.tr.msg(
            &Msg::new("import-more-errors")
                .arg("count", left_out)
                .arg("shown", listed.len()),
        )
    });
    let problems: Vec<ImportProblem> = describe_errors(&ctx.tr, listed)
        .into_iter()
        .map(|(line, field, reason)| ImportProblem {
            line,
            field,
            reason,
        })
        .collect();
    if !problems.is_empty() && !partial {
        return Ok(invalid(page(problems, more, None).html()?));
    }
    let rows: Vec<Institution> = parsed.rows.into_iter().map(|(_, i)| i).collect();
    let count = store::import(&state.db, &user.actor(), &rows).await?;
    let result = ctx.tr.msg(
        &Msg::new("import-done")
            .arg("created", count.created)
            .arg("updated", count.updated)
            .arg("skipped", parsed_bad_lines),
    );
    Ok(page(problems, more, Some(result)).html()?.into_response())
}

// --- JSON API -----------------------------------------------------------

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ApiListQuery {
    /// Part of a code, name or place.
    #[serde(default)]
    q: String,
    /// 1-based page number (100 per page), at most 1000000.
    #[param(minimum = 1, maximum = 1000000)]
    page: Option<i64>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct InstitutionList {
    items: Vec<Institution>,
    total: i64,
    page: i64,
    per_page: i64,
}

/// Institutions the caller may see (a coordinator: only their own).
#[utoipa::path(
    get,
    path = "/api/v1/institutions",
    tag = "institutions",
    params(ApiListQuery),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "A page of institutions", body = InstitutionList),
        (status = 401, description = "Not signed in", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 403, description = "No access to institutions", body = crate::web::Problem, content_type = "application/problem+json"),
    )
)]
async fn api_list(
    caller: ApiUser,
    State(state): State<AppState>,
    crate::web::api::ApiQuery(q): crate::web::api::ApiQuery<ApiListQuery>,
) -> Result<Json<InstitutionList>, ApiError> {
    const PER_PAGE: i64 = 100;
    let own = caller.user.coordinated_institutions();
    let scope = if caller.user.can(Action::ListInstitutions) {
        None
    } else if !own.is_empty() {
        Some(own.as_slice())
    } else {
        return Err(caller.err(AppError::Forbidden));
    };
    let page = crate::web::api::api_page(q.page, caller.tr)?;
    let (items, total) = store::search(&state.db, &q.q, scope, PER_PAGE, (page - 1) * PER_PAGE)
        .await
        .map_err(|e| caller.err(e))?;
    Ok(Json(InstitutionList {
        items,
        total,
        page,
        per_page: PER_PAGE,
    }))
}

/// One institution.
#[utoipa::path(
    get,
    path = "/api/v1/institutions/{code}",
    tag = "institutions",
    params(("code" = String, Path, description = "Onderwijsinstellingscode (BRIN), e.g. 25LX")),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "The institution", body = Institution),
        (status = 401, description = "Not signed in", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not your institution", body = crate::web::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such institution", body = crate::web::Problem, content_type = "application/problem+json"),
    )
)]
async fn api_get(
    caller: ApiUser,
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<Institution>, ApiError> {
    let code = parse_code(&code).map_err(|e| caller.err(e))?;
    caller
        .user
        .require_institution(Action::ViewInstitution, &code)
        .map_err(|e| caller.err(e))?;
    let i = store::get(&state.db, &code)
        .await
        .map_err(|e| caller.err(e))?;
    Ok(Json(i))
}
