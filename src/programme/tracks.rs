//! Action lines E and F: the development tracks (the master's programme
//! and the leadership course) with their phases from field research to
//! running, and the experts' advice documents and conversations with
//! teacher-education organisations (plan, speerpunt F: "gesprekken ... met
//! onder andere ADEF, Velon, Vereniging Hogescholen en Samen Opleiden").
//! The page and its forms are in `tracks_routes`.

use time::Date;

use super::definition::Programme;
use super::store::PhaseReached;
use crate::i18n::Tr;

/// A phase as shown: reached (with its date), late, or planned.
pub fn phase_status(due: Date, reached: Option<Date>, today: Date) -> &'static str {
    match reached {
        Some(_) => "reached",
        None if today > due => "late",
        None => "planned",
    }
}

pub struct PhaseView {
    pub phase: String,
    pub name: String,
    pub due: Date,
    pub status: &'static str,
    pub status_label: String,
    pub reached_on: String,
    pub note: String,
}

pub struct TrackView {
    pub id: String,
    pub name: String,
    pub line: char,
    pub partners: Vec<String>,
    pub phases: Vec<PhaseView>,
}

/// Every track of `p` with its phases as shown on `today`.
pub fn views(tr: &Tr, p: &Programme, reached: &[PhaseReached], today: Date) -> Vec<TrackView> {
    let lang = tr.lang;
    p.tracks
        .iter()
        .map(|t| TrackView {
            id: t.id.clone(),
            name: t.name.get(lang).to_string(),
            line: p.action_lines[t.action_line].letter,
            partners: t
                .partners
                .iter()
                .map(|&i| p.partners[i].name.clone())
                .collect(),
            phases: t
                .phases
                .iter()
                .map(|ph| {
                    let r = reached
                        .iter()
                        .find(|r| r.track == t.id && r.phase == ph.phase);
                    let status = phase_status(ph.due, r.map(|r| r.reached_on), today);
                    PhaseView {
                        phase: ph.phase.clone(),
                        name: ph.name.get(lang).to_string(),
                        due: ph.due,
                        status,
                        status_label: tr.t(&format!("track-phase-{status}")),
                        reached_on: r.map(|r| r.reached_on.to_string()).unwrap_or_default(),
                        note: r.map(|r| r.note.clone()).unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_phase_is_reached_late_or_planned() {
        let due = date!(2024 - 07 - 31);
        assert_eq!(
            phase_status(due, Some(date!(2025 - 01 - 01)), date!(2026 - 01 - 01)),
            "reached"
        );
        assert_eq!(phase_status(due, None, date!(2024 - 08 - 01)), "late");
        assert_eq!(phase_status(due, None, date!(2024 - 07 - 31)), "planned");
    }
}
