//! What an HTML handler gets ([`Ctx`]) and what every page template holds
//! ([`Page`]): language, signed-in user, CSRF token, navigation, flash.

use askama::Template;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::Html;
use tower_sessions::Session;

use super::{AppError, AppState};
use crate::auth::{Action, CurrentUser, session};
use crate::i18n::{Lang, Msg, Tr};

pub const LANG_COOKIE: &str = "bekwaam_lang";

/// The request context of an HTML handler.
pub struct Ctx {
    pub tr: Tr,
    pub session: Session,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    /// Path and query of this request (for "return here" links).
    pub path: String,
    pub flash: Option<String>,
}

/// The language chosen with the switch (a cookie); Dutch otherwise.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == LANG_COOKIE)
        .and_then(|(_, v)| Lang::from_code(v))
        .unwrap_or_default()
}

impl<S> FromRequestParts<S> for Ctx
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let session = Session::from_request_parts(parts, &state)
            .await
            .map_err(|(_, m)| AppError::Internal(anyhow::anyhow!(m)))?;
        let tr = Tr::new(lang_of(&parts.headers));
        let user = match session::user_of(&session).await? {
            Some((id, version)) => crate::auth::store::session_user(&state.db, id, version).await?,
            None => None,
        };
        let csrf = session::existing_csrf_token(&session)
            .await?
            .unwrap_or_default();
        let flash = session::take_flash(&session).await?.map(|m| tr.msg(&m));
        let path = parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_string();
        Ok(Ctx {
            tr,
            session,
            user,
            csrf,
            path,
            flash,
        })
    }
}

impl Ctx {
    /// The signed-in user; an account that must change its password is sent
    /// to do so first.
    pub fn user(&self) -> Result<&CurrentUser, AppError> {
        match &self.user {
            None => Err(AppError::Unauthenticated),
            Some(u) if u.must_change_password => Err(AppError::MustChangePassword),
            Some(u) => Ok(u),
        }
    }

    /// The signed-in user, if allowed to do `action`.
    pub fn require(&self, action: Action) -> Result<&CurrentUser, AppError> {
        Ok(self.user()?.require(action)?)
    }

    /// The template context of a page titled by catalogue key `title`.
    pub fn page(&self, title: &str) -> Page {
        self.page_titled(self.tr.t(title))
    }

    pub fn page_titled(&self, title: String) -> Page {
        Page {
            tr: self.tr,
            title,
            user: self.user.clone(),
            csrf: self.csrf.clone(),
            path: self.path.clone(),
            flash: self.flash.clone(),
        }
    }

    pub async fn flash(&self, msg: Msg) -> Result<(), AppError> {
        Ok(session::flash(&self.session, msg).await?)
    }
}

/// One navigation link.
pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

/// The parts of the layout every page template shares.
pub struct Page {
    pub tr: Tr,
    pub title: String,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub path: String,
    pub flash: Option<String>,
}

impl Page {
    pub fn lang(&self) -> &'static str {
        self.tr.lang.code()
    }

    /// A catalogue message by key, for templates.
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    /// A catalogue message with one named argument, for templates.
    pub fn t1(&self, key: &str, name: &'static str, value: impl ToString) -> String {
        self.tr.t1(key, name, value)
    }

    pub fn nav(&self) -> Vec<NavItem> {
        let mut items = vec![("/", "nav-home", true)];
        if let Some(u) = self.user.as_ref().filter(|u| !u.must_change_password) {
            let institutions =
                u.can(Action::ListInstitutions) || !u.coordinated_institutions().is_empty();
            items.push(("/institutions", "nav-institutions", institutions));
            items.push(("/users", "nav-users", u.can(Action::ManageUsers)));
            let waves = u.can(Action::ViewWaves) || !u.coordinated_institutions().is_empty();
            items.push(("/waves", "nav-waves", waves));
            let reports =
                u.can(Action::ViewSectorReport) || !u.coordinated_institutions().is_empty();
            items.push(("/reports", "nav-reports", reports));
            let policy =
                u.can(Action::ViewPolicySector) || !u.coordinated_institutions().is_empty();
            items.push(("/policy", "nav-policy", policy));
            let scan = u.can(Action::ViewScan) || !u.coordinated_institutions().is_empty();
            items.push(("/scan", "nav-scan", scan));
            items.push(("/networks", "nav-networks", u.can(Action::ViewNetworks)));
            items.push(("/workshops", "nav-workshops", u.can(Action::ViewNetworks)));
            items.push(("/programme", "nav-programme", u.can(Action::ViewProgramme)));
            items.push(("/audit", "nav-audit", u.can(Action::ViewAudit)));
            items.push(("/outbox", "nav-outbox", u.can(Action::ViewOutbox)));
        }
        // The public side, for everyone (signed in or not).
        items.push(("/library", "nav-library", true));
        items.push(("/events", "nav-events", true));
        let path = self.path.split('?').next().unwrap_or("/");
        items
            .into_iter()
            .filter(|(_, _, shown)| *shown)
            .map(|(href, key, _)| NavItem {
                href,
                label: self.tr.t(key),
                current: if href == "/" {
                    path == "/"
                } else {
                    path.starts_with(href)
                },
            })
            .collect()
    }

    /// Links to the other languages, returning to this page.
    pub fn languages(&self) -> Vec<(String, &'static str, String)> {
        Lang::ALL
            .into_iter()
            .filter(|l| *l != self.tr.lang)
            .map(|l| {
                let next: String =
                    url::form_urlencoded::byte_serialize(self.path.as_bytes()).collect();
                (
                    format!("/lang/{}?next={next}", l.code()),
                    l.code(),
                    self.tr.t(&format!("language-{}", l.code())),
                )
            })
            .collect()
    }

    /// The role names of the signed-in user, for the header.
    pub fn roles(&self) -> String {
        self.user
            .as_ref()
            .map(|u| {
                let mut names: Vec<String> = u
                    .grants
                    .iter()
                    .map(|g| self.tr.t(&g.role.label_key()))
                    .collect();
                names.dedup();
                names.join(", ")
            })
            .unwrap_or_default()
    }
}

/// Pagination of a list: which page, how many per page, how many in all.
#[derive(Clone, Debug)]
pub struct Pager {
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
    /// The query string without `page`, to build page links.
    pub base: String,
}

/// The highest page number any list accepts: its offset fits every
/// backend's integer with room to spare (issue 13: a huge page number once
/// overflowed the offset). Pages clamp to it; the API refuses beyond it.
pub const MAX_PAGE: i64 = 1_000_000;

impl Pager {
    pub const PER_PAGE: i64 = 25;

    pub fn new(page: Option<i64>, base: String) -> Pager {
        Pager {
            page: page.unwrap_or(1).clamp(1, MAX_PAGE),
            per_page: Self::PER_PAGE,
            total: 0,
            base,
        }
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }

    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }

    pub fn first_item(&self) -> i64 {
        if self.total == 0 {
            0
        } else {
            self.offset() + 1
        }
    }

    pub fn last_item(&self) -> i64 {
        (self.offset() + self.per_page).min(self.total)
    }

    pub fn href(&self, page: i64) -> String {
        if self.base.is_empty() {
            format!("?page={page}")
        } else {
            format!("?{}&page={page}", self.base)
        }
    }

    pub fn prev(&self) -> Option<String> {
        (self.page > 1).then(|| self.href(self.page - 1))
    }

    pub fn next(&self) -> Option<String> {
        (self.page < self.pages()).then(|| self.href(self.page + 1))
    }
}

/// The fields of a form that were refused, each with its translated reason,
/// in the order the form shows them.
#[derive(Clone, Debug, Default)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    /// The reason `field` was refused, if it was.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, (&'static str, String)> {
        self.0.iter()
    }
}

impl FromIterator<(&'static str, String)> for FieldErrors {
    fn from_iter<I: IntoIterator<Item = (&'static str, String)>>(iter: I) -> Self {
        FieldErrors(iter.into_iter().collect())
    }
}

impl From<Vec<(&'static str, String)>> for FieldErrors {
    fn from(v: Vec<(&'static str, String)>) -> Self {
        FieldErrors(v)
    }
}

/// Renders a template into an HTML response.
pub trait Render {
    fn html(&self) -> Result<Html<String>, AppError>;
}

impl<T: Template> Render for T {
    fn html(&self) -> Result<Html<String>, AppError> {
        Ok(Html(self.render()?))
    }
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    p: Page,
    /// A coordinator's waves: response per team, dates, next steps.
    waves: Vec<crate::monitor::routes::HomeWave>,
    /// A coordinator's policy cycle: gaps and open goals per institution.
    policy: Vec<HomePolicy>,
    min_group: u64,
    /// The user holds the expert role: the home explains what the
    /// workshop and network parts will hold (issue 13, until they exist).
    expert: bool,
}

/// One institution's policy cycle on a coordinator's home: the policy
/// part's next steps and the bewegingsscan round still waiting for its
/// interview.
struct HomePolicy {
    next: crate::policy::service::Next,
    scan_round: Option<String>,
}

async fn home_policy(
    state: &AppState,
    user: Option<&crate::auth::CurrentUser>,
) -> Result<Vec<HomePolicy>, AppError> {
    let Some(u) = user.filter(|u| !u.must_change_password) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for next in crate::policy::service::next_steps(&state.db, u).await? {
        let scan_round = crate::scan::service::pending_interview(&state.db, &next.code)
            .await?
            .map(|r| r.name);
        out.push(HomePolicy { next, scan_round });
    }
    Ok(out)
}

pub async fn home(
    ctx: Ctx,
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<Html<String>, AppError> {
    if let Some(u) = &ctx.user
        && u.must_change_password
    {
        return Err(AppError::MustChangePassword);
    }
    HomePage {
        waves: crate::monitor::routes::coordinator_home(&ctx, &state).await?,
        policy: home_policy(&state, ctx.user.as_ref()).await?,
        min_group: state.settings.min_group.get(),
        expert: ctx
            .user
            .as_ref()
            .is_some_and(|u| u.grants.iter().any(|g| g.role == crate::auth::Role::Expert)),
        p: ctx.page("home-title"),
    }
    .html()
}

/// An upload form as read: the `file` field's bytes and the other fields.
pub struct UploadForm {
    pub file: axum::body::Bytes,
    pub fields: Vec<(String, String)>,
}

impl UploadForm {
    /// Whether the form has a field `name` (a checkbox that was ticked).
    pub fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == name)
    }
}

/// Reads an upload form. A missing, empty or unreadable file is the user's
/// to fix, so it comes back as the message to show on the form (issue 13:
/// never a bare "400" page).
pub async fn uploaded_form(mut multipart: axum::extract::Multipart) -> Result<UploadForm, Msg> {
    let mut file = None;
    let mut fields = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Err(Msg::new("import-upload-failed")),
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let bytes = field
                .bytes()
                .await
                .map_err(|_| Msg::new("import-upload-failed"))?;
            file = Some(bytes);
        } else {
            let value = field
                .text()
                .await
                .map_err(|_| Msg::new("import-upload-failed"))?;
            fields.push((name, value));
        }
    }
    match file {
        Some(file) if !file.iter().all(u8::is_ascii_whitespace) => Ok(UploadForm { file, fields }),
        _ => Err(Msg::new("import-no-file")),
    }
}

/// The bytes of the form's `file` field (a CSV upload); a missing, empty or
/// unreadable file is the message to show on the form.
pub async fn uploaded_file(multipart: axum::extract::Multipart) -> Result<axum::body::Bytes, Msg> {
    uploaded_form(multipart).await.map(|f| f.file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pager_counts_pages_and_links_them() {
        let mut p = Pager::new(Some(2), "q=roc".into());
        p.total = 51;
        assert_eq!(p.pages(), 3);
        assert_eq!(p.offset(), 25);
        assert_eq!((p.first_item(), p.last_item()), (26, 50));
        assert_eq!(p.prev().as_deref(), Some("?q=roc&page=1"));
        assert_eq!(p.next().as_deref(), Some("?q=roc&page=3"));
        assert_eq!(Pager::new(Some(i64::MAX), String::new()).page, MAX_PAGE);
        let empty = Pager::new(None, String::new());
        assert_eq!(
            (empty.pages(), empty.first_item(), empty.next()),
            (1, 0, None)
        );
    }

    #[test]
    fn the_language_cookie_chooses_english() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, "a=b; bekwaam_lang=en".parse().unwrap());
        assert_eq!(lang_of(&h), Lang::En);
        assert_eq!(lang_of(&HeaderMap::new()), Lang::Nl);
    }
}
