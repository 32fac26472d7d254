//! The meetings in calendar apps (issue 15, item 8): one meeting's `.ics`
//! for a signed-in reader of the networks, and a network's feed that
//! Outlook or Google Calendar subscribe to.
//!
//! The feed URL `/calendar/networks/{id}/{key}.ics` is a capability: it
//! needs no session (calendar apps send no cookie), so whoever has the URL
//! reads the dates, places and agendas of that network's meetings, past
//! and future (never minutes or attendance). Its key is an HMAC of the
//! network id under the installation's `calendar-feed` secret
//! ([`super::calendar::FeedSecret`]); a wrong key answers 404, like an
//! unknown network, so the URL space tells nothing. Replacing the secret
//! invalidates every feed URL (docs/operations.md). The network page shows
//! the URL only to users who may view the network.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::calendar::{self, Entry, Texts};
use super::store::{self, StoredMeeting};
use crate::auth::Action;
use crate::i18n::{Msg, Tr};
use crate::web::{AppError, AppState, Ctx};

pub fn routes() -> Router<AppState> {
    Router::new()
        // matchit (axum 0.8) has no captures with a suffix such as
        // `{meeting}.ics`, so the file name is a segment of its own; the
        // feed's `{key}.ics` is one capture, split in the handler.
        .route(
            "/networks/{id}/meetings/{meeting}/calendar.ics",
            get(meeting_ics),
        )
        .route("/calendar/networks/{id}/{file}", get(feed))
}

/// The feed's path for `network`, for the network page.
pub async fn feed_path(state: &AppState, network: i64) -> Result<String, AppError> {
    let key = store::feed_secret(&state.db).await?.key(network);
    Ok(format!("/calendar/networks/{network}/{key}.ics"))
}

/// The feed's full URL (the public address plus [`feed_path`]), to paste
/// into a calendar app.
pub async fn feed_url(state: &AppState, network: i64) -> Result<String, AppError> {
    Ok(format!(
        "{}{}",
        state.settings.public_url.trim_end_matches('/'),
        feed_path(state, network).await?
    ))
}

fn entry(m: &StoredMeeting) -> Entry<'_> {
    Entry {
        id: m.id,
        held_on: m.held_on,
        place: m.place.as_deref(),
        agenda: &m.agenda,
    }
}

fn texts(tr: &Tr, network: &str, feed: bool) -> Texts {
    Texts {
        summary: tr.msg(&Msg::new("meeting-calendar-summary").arg("network", network)),
        online: tr.t("meeting-online"),
        calendar_name: feed
            .then(|| tr.msg(&Msg::new("network-calendar-name").arg("network", network))),
    }
}

fn calendar_response(body: String, disposition: String) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    (headers, body).into_response()
}

async fn meeting_ics(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, meeting)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    ctx.require(Action::ViewNetworks)?;
    let n = store::network(&state.db, id).await?;
    let m = store::meeting(&state.db, id, meeting).await?;
    let body = calendar::ics(
        &texts(&ctx.tr, &n.name, false),
        &[entry(&m)],
        crate::store::now(),
    );
    // Date and id only: ASCII, no name to sanitise.
    let file = format!("bijeenkomst-{}-{}.ics", m.held_on, m.id);
    Ok(calendar_response(
        body,
        format!("attachment; filename=\"{file}\""),
    ))
}

async fn feed(
    State(state): State<AppState>,
    Path((id, file)): Path<(i64, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let key = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    if !store::feed_secret(&state.db).await?.accepts(id, key) {
        return Err(AppError::NotFound);
    }
    let n = store::network(&state.db, id).await?;
    let meetings = store::meetings(&state.db, id).await?;
    let entries: Vec<Entry<'_>> = meetings.iter().map(entry).collect();
    // A calendar app sends no language cookie: Dutch unless a browser
    // that chose English opens the URL.
    let tr = Tr::new(crate::web::page::lang_of(&headers));
    let body = calendar::ics(&texts(&tr, &n.name, true), &entries, crate::store::now());
    Ok(calendar_response(
        body,
        format!("inline; filename=\"bijeenkomsten-netwerk-{id}.ics\""),
    ))
}
