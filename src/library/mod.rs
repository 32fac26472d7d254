//! The public library (issue 16, items 1-3): what the programme produces,
//! for the whole sector. "Alle verrichte experimenten worden publiekelijk
//! gedeeld via de website" and campaign "materiaal ... via de website van
//! MBO Digitaal beschikbaar voor derden".
//!
//! An item is a publication, a report, the bewegingsscan report, an advice
//! document, a published experiment or campaign material, with a theme,
//! audiences, a school year, a Creative Commons licence, authors (named
//! only with their consent), files and links. It is invisible to the
//! public until it is published ([`store`] filters every public query on
//! `published_at`). Visitors may say they used it ("Ik heb dit ingezet");
//! a moderated report becomes usage evidence for the programme's
//! evaluation.
//!
//! Pure: no I/O, no clock. [`store`] keeps the data; [`counter`] counts
//! downloads without tracking; [`feed`] writes the Atom feed, [`oai`] the
//! OAI-PMH answers, [`jsonld`] the schema.org description.

pub mod counter;
pub mod demo;
pub mod feed;
pub mod jsonld;
pub mod oai;
pub mod routes;
pub mod store;

use serde::Deserialize;

use crate::i18n::Msg;
use crate::networks::{Errors, SchoolYear, required};

pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 5_000;
/// "een vrije tekst van hoogstens 1.000 tekens".
pub const USAGE_TEXT_MAX: usize = 1_000;
pub const PLACE_MAX: usize = 200;
pub const AUTHORS_MAX: usize = 20;
pub const LINKS_MAX: usize = 10;
/// Items per page of the public list.
pub const PER_PAGE: i64 = 20;
/// Search words used at most (the rest of a long query is ignored).
pub const SEARCH_WORDS_MAX: usize = 8;

/// A fixed list of values stored by name: `as_str`, `parse`, `ALL` and a
/// catalogue key `<prefix>-<name with dashes>`.
macro_rules! named {
    ($(#[$m:meta])* $name:ident, $prefix:literal, { $($(#[$vm:meta])* $v:ident => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|k| k.as_str() == s)
            }

            /// Its catalogue key.
            pub fn key(self) -> String {
                format!(concat!($prefix, "-{}"), self.as_str().replace('_', "-"))
            }
        }
    };
}

named!(
    /// What an item is.
    Kind, "library-kind", {
        Publication => "publication",
        Report => "report",
        /// The bewegingsscan's sector report.
        ScanReport => "scan_report",
        Advice => "advice",
        /// A published design-thinking experiment of a workshop.
        Experiment => "experiment",
        CampaignMaterial => "campaign_material",
    }
);

named!(
    /// The programme's themes: "ict-bekwaamheid en digitale veiligheid",
    /// with digital didactics and policy.
    Theme, "library-theme", {
        IctCompetence => "ict_competence",
        DigitalSafety => "digital_safety",
        DigitalDidactics => "digital_didactics",
        Policy => "policy",
    }
);

named!(
    /// For whom: docent, onderwijskundige, leidinggevende, ondersteunend
    /// personeel.
    Audience, "library-audience", {
        Teacher => "teacher",
        Educationalist => "educationalist",
        Manager => "manager",
        Support => "support",
    }
);

named!(
    /// Who says they used an item.
    UsageRole, "library-usage-role", {
        Teacher => "teacher",
        Educationalist => "educationalist",
        Manager => "manager",
        Support => "support",
        Other => "other",
    }
);

named!(
    /// How an item was used.
    UsageHow, "library-usage-how", {
        Lesson => "lesson",
        Training => "training",
        Policy => "policy",
        Campaign => "campaign",
        Other => "other",
    }
);

named!(
    /// Where a usage report is in moderation; only approved ones count.
    UsageState, "library-usage-state", {
        Pending => "pending",
        Approved => "approved",
        Rejected => "rejected",
    }
);

/// A Creative Commons licence an item may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Licence {
    /// Stored code, e.g. `CC-BY-4.0` (the SPDX identifier).
    pub code: &'static str,
    /// Its name as the deed gives it.
    pub name: &'static str,
    /// The deed's address.
    pub deed: &'static str,
}

/// The licences to choose from; the first is the default ("standaard CC
/// BY 4.0").
pub const LICENCES: [Licence; 7] = [
    Licence {
        code: "CC-BY-4.0",
        name: "CC BY 4.0",
        deed: "https://creativecommons.org/licenses/by/4.0/deed.nl",
    },
    Licence {
        code: "CC-BY-SA-4.0",
        name: "CC BY-SA 4.0",
        deed: "https://creativecommons.org/licenses/by-sa/4.0/deed.nl",
    },
    Licence {
        code: "CC-BY-NC-4.0",
        name: "CC BY-NC 4.0",
        deed: "https://creativecommons.org/licenses/by-nc/4.0/deed.nl",
    },
    Licence {
        code: "CC-BY-NC-SA-4.0",
        name: "CC BY-NC-SA 4.0",
        deed: "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.nl",
    },
    Licence {
        code: "CC-BY-ND-4.0",
        name: "CC BY-ND 4.0",
        deed: "https://creativecommons.org/licenses/by-nd/4.0/deed.nl",
    },
    Licence {
        code: "CC-BY-NC-ND-4.0",
        name: "CC BY-NC-ND 4.0",
        deed: "https://creativecommons.org/licenses/by-nc-nd/4.0/deed.nl",
    },
    Licence {
        code: "CC0-1.0",
        name: "CC0 1.0",
        deed: "https://creativecommons.org/publicdomain/zero/1.0/deed.nl",
    },
];

impl Licence {
    pub fn default_licence() -> Licence {
        LICENCES[0]
    }

    pub fn parse(code: &str) -> Option<Licence> {
        LICENCES.iter().copied().find(|l| l.code == code)
    }
}

/// A library item, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub kind: Kind,
    pub title: String,
    pub summary: String,
    pub theme: Theme,
    pub audiences: Vec<Audience>,
    pub school_year: SchoolYear,
    pub licence: Licence,
    /// Names, in order; empty unless the authors consented to be named.
    pub authors: Vec<String>,
    pub links: Vec<String>,
}

impl Item {
    /// The audiences as stored: names joined by commas.
    pub fn audiences_stored(&self) -> String {
        join_audiences(&self.audiences)
    }

    /// The citation text an item page offers: "Auteurs (studiejaar).
    /// Titel. MBO Digitaal. Licentie. Adres".
    pub fn citation(&self, publisher: &str, url: &str) -> String {
        let who = if self.authors.is_empty() {
            publisher.to_string()
        } else {
            self.authors.join(", ")
        };
        format!(
            "{who} ({}). {}. {publisher}. {}. {url}",
            self.school_year.label(),
            self.title.trim_end_matches('.'),
            self.licence.name
        )
    }
}

impl Item {
    /// The library item of a published workshop experiment: its question,
    /// results and conclusions as the summary, for teachers and
    /// educationalists, under the default licence. Researchers are not
    /// named: the experiment holds no consent of theirs to be.
    pub fn of_experiment(e: &crate::workshop::Experiment, year: SchoolYear) -> Item {
        let mut summary = e.question.trim().to_string();
        for part in [&e.results, &e.conclusions].into_iter().flatten() {
            summary.push_str("\n\n");
            summary.push_str(part.trim());
        }
        Item {
            kind: Kind::Experiment,
            title: e.title.chars().take(TITLE_MAX).collect(),
            summary: summary.chars().take(SUMMARY_MAX).collect(),
            theme: match e.theme {
                crate::workshop::Theme::IctCompetence => Theme::IctCompetence,
                crate::workshop::Theme::DigitalSafety => Theme::DigitalSafety,
            },
            audiences: vec![Audience::Teacher, Audience::Educationalist],
            school_year: year,
            licence: Licence::default_licence(),
            authors: Vec::new(),
            links: Vec::new(),
        }
    }
}

/// A stored item: its fields, whether (and when) it is published, and the
/// experiment it was published from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredItem {
    pub id: i64,
    pub item: Item,
    /// `None`: not published, invisible to the public.
    pub published_at: Option<time::OffsetDateTime>,
    pub updated_at: time::OffsetDateTime,
    pub experiment: Option<i64>,
}

/// A file of an item, without its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    pub id: i64,
    pub item: i64,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    /// Counted downloads, all days.
    pub downloads: i64,
}

/// The address of item `id` under `base` (the server's public address).
pub fn item_url(base: &str, id: i64) -> String {
    format!("{}/library/{id}", base.trim_end_matches('/'))
}

/// The address of file `file` of item `item`.
pub fn file_url(base: &str, item: i64, file: i64) -> String {
    format!("{}/library/{item}/files/{file}", base.trim_end_matches('/'))
}

/// Who publishes: the programme's name in citations, the feed and OAI-PMH.
pub const PUBLISHER: &str = "MBO Digitaal";

pub fn join_audiences(a: &[Audience]) -> String {
    a.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(",")
}

/// The audiences of a stored list; `None` when a name is unknown.
pub fn parse_audiences(s: &str) -> Option<Vec<Audience>> {
    s.split(',')
        .filter(|p| !p.is_empty())
        .map(Audience::parse)
        .collect()
}

/// The item form as sent (checkbox lists repeat their field).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ItemInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub audience: Vec<String>,
    /// The school year's first calendar year, e.g. "2024" for 2024-2025.
    #[serde(default)]
    pub school_year: String,
    #[serde(default)]
    pub licence: String,
    /// One name per line.
    #[serde(default)]
    pub authors: String,
    /// "on" when the authors agreed to be named.
    #[serde(default)]
    pub authors_consent: Option<String>,
    /// One address per line.
    #[serde(default)]
    pub links: String,
}

impl ItemInput {
    /// The form of a stored item.
    pub fn of(item: &Item) -> ItemInput {
        ItemInput {
            kind: item.kind.as_str().into(),
            title: item.title.clone(),
            summary: item.summary.clone(),
            theme: item.theme.as_str().into(),
            audience: item
                .audiences
                .iter()
                .map(|a| a.as_str().to_string())
                .collect(),
            school_year: item.school_year.0.to_string(),
            licence: item.licence.code.into(),
            authors: item.authors.join("\n"),
            authors_consent: (!item.authors.is_empty()).then(|| "on".into()),
            links: item.links.join("\n"),
        }
    }

    /// A new item's form: this school year, the default licence.
    pub fn new_for(year: SchoolYear) -> ItemInput {
        ItemInput {
            school_year: year.0.to_string(),
            licence: Licence::default_licence().code.into(),
            ..ItemInput::default()
        }
    }

    pub fn has_audience(&self, a: &str) -> bool {
        self.audience.iter().any(|x| x == a)
    }

    pub fn validate(&self) -> Result<Item, Errors> {
        let mut errors = Errors::new();
        let kind = Kind::parse(self.kind.trim());
        if kind.is_none() {
            errors.push(("kind", Msg::new("library-kind-choose")));
        }
        let title = required(&mut errors, "title", &clean(&self.title), TITLE_MAX);
        let summary = required(&mut errors, "summary", &clean(&self.summary), SUMMARY_MAX);
        let theme = Theme::parse(self.theme.trim());
        if theme.is_none() {
            errors.push(("theme", Msg::new("library-theme-choose")));
        }
        let audiences: Vec<Audience> = Audience::ALL
            .iter()
            .copied()
            .filter(|a| self.has_audience(a.as_str()))
            .collect();
        if audiences.is_empty()
            || self
                .audience
                .iter()
                .any(|a| Audience::parse(a.trim()).is_none())
        {
            errors.push(("audience", Msg::new("library-audience-choose")));
        }
        let school_year = self
            .school_year
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .map(SchoolYear);
        if school_year.is_none() {
            errors.push(("school_year", Msg::new("library-school-year-invalid")));
        }
        let licence = Licence::parse(self.licence.trim());
        if licence.is_none() {
            errors.push(("licence", Msg::new("library-licence-choose")));
        }
        let authors: Vec<String> = lines(&clean(&self.authors));
        if authors.len() > AUTHORS_MAX || authors.iter().any(|a| a.chars().count() > TITLE_MAX) {
            errors.push((
                "authors",
                Msg::new("library-authors-too-many").arg("max", AUTHORS_MAX),
            ));
        } else if !authors.is_empty() && self.authors_consent.is_none() {
            errors.push(("authors", Msg::new("library-authors-consent")));
        }
        let links = lines(&self.links);
        if links.len() > LINKS_MAX {
            errors.push((
                "links",
                Msg::new("library-links-too-many").arg("max", LINKS_MAX),
            ));
        } else if let Some(bad) = links.iter().find(|l| !is_web_address(l)) {
            errors.push(("links", Msg::new("library-link-invalid").arg("link", bad)));
        }
        match (kind, theme, school_year, licence) {
            (Some(kind), Some(theme), Some(school_year), Some(licence)) if errors.is_empty() => {
                Ok(Item {
                    kind,
                    title,
                    summary,
                    theme,
                    audiences,
                    school_year,
                    licence,
                    authors,
                    links,
                })
            }
            _ => Err(errors),
        }
    }
}

/// `s` without control characters other than line breaks and tabs (they
/// are invisible on a page and invalid in XML: the feed and OAI-PMH).
pub fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// An http(s) address with a host, at most 500 characters.
pub fn is_web_address(s: &str) -> bool {
    s.len() <= 500
        && url::Url::parse(s)
            .map(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .unwrap_or(false)
}

/// A usage report ("Ik heb dit ingezet"), validated. It holds no e-mail
/// and no name: a role, optionally a sector or institution, how, and a
/// short text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Usage {
    pub role: UsageRole,
    /// Sector or institution, as typed; empty when not given.
    pub place: String,
    pub how: UsageHow,
    pub note: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct UsageInput {
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub how: String,
    #[serde(default)]
    pub note: String,
    #[serde(default, rename = "_stamp")]
    pub stamp: String,
    #[serde(default)]
    pub website: String,
}

impl UsageInput {
    pub fn validate(&self) -> Result<Usage, Errors> {
        let mut errors = Errors::new();
        let role = UsageRole::parse(self.role.trim());
        if role.is_none() {
            errors.push(("role", Msg::new("library-usage-role-choose")));
        }
        let how = UsageHow::parse(self.how.trim());
        if how.is_none() {
            errors.push(("how", Msg::new("library-usage-how-choose")));
        }
        let place = clean(&self.place).trim().to_string();
        if place.chars().count() > PLACE_MAX {
            errors.push((
                "place",
                Msg::new("network-field-long").arg("max", PLACE_MAX),
            ));
        }
        let note = clean(&self.note).trim().to_string();
        if note.chars().count() > USAGE_TEXT_MAX {
            errors.push((
                "note",
                Msg::new("library-usage-note-long")
                    .arg("max", USAGE_TEXT_MAX)
                    .arg("count", note.chars().count()),
            ));
        }
        match (role, how) {
            (Some(role), Some(how)) if errors.is_empty() => Ok(Usage {
                role,
                place,
                how,
                note,
            }),
            _ => Err(errors),
        }
    }
}

/// The words of a search query, lowercased: letters and digits only, so
/// neither backend's query syntax can be reached from a visitor's text.
/// At most [`SEARCH_WORDS_MAX`] words of at most 40 characters.
pub fn search_words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().take(40).collect::<String>().to_lowercase())
        .take(SEARCH_WORDS_MAX)
        .collect()
}

/// SQLite FTS5: every word as a prefix, all required (`"digi"* "veil"*`).
pub fn fts5_query(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{w}\"*"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// PostgreSQL `to_tsquery('simple', ...)`: the same meaning
/// (`digi:* & veil:*`).
pub fn tsquery(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("{w}:*"))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// The list's filters, as parsed from the query string; unknown values are
/// ignored (a public list never errors on its query).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub words: Vec<String>,
    pub kind: Option<Kind>,
    pub theme: Option<Theme>,
    pub audience: Option<Audience>,
    pub school_year: Option<SchoolYear>,
    pub licence: Option<Licence>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct FilterInput {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub licence: String,
    pub page: Option<i64>,
}

impl FilterInput {
    pub fn filter(&self) -> Filter {
        Filter {
            words: search_words(&self.q),
            kind: Kind::parse(&self.kind),
            theme: Theme::parse(&self.theme),
            audience: Audience::parse(&self.audience),
            school_year: self
                .year
                .parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .map(SchoolYear),
            licence: Licence::parse(&self.licence),
        }
    }

    /// The query string without `page`, for page links.
    pub fn base(&self) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("kind", &self.kind),
            ("theme", &self.theme),
            ("audience", &self.audience),
            ("year", &self.year),
            ("licence", &self.licence),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        s.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ItemInput {
        ItemInput {
            kind: "publication".into(),
            title: "Veilig digitaal toetsen".into(),
            summary: "Wat docenten doen.".into(),
            theme: "digital_safety".into(),
            audience: vec!["teacher".into(), "manager".into()],
            school_year: "2024".into(),
            licence: "CC-BY-4.0".into(),
            ..ItemInput::default()
        }
    }

    #[test]
    fn a_valid_item_keeps_its_fields_and_round_trips_through_its_form() {
        let item = form().validate().unwrap();
        assert_eq!(item.audiences, vec![Audience::Teacher, Audience::Manager]);
        assert_eq!(item.audiences_stored(), "teacher,manager");
        assert_eq!(ItemInput::of(&item).validate().unwrap(), item);
        assert_eq!(
            item.citation("MBO Digitaal", "https://x/library/1"),
            "MBO Digitaal (2024-2025). Veilig digitaal toetsen. MBO Digitaal. CC BY 4.0. https://x/library/1"
        );
    }

    #[test]
    fn authors_need_their_consent_and_links_must_be_web_addresses() {
        let mut f = form();
        f.authors = "A. de Vries\n\n B. Jansen ".into();
        let e = f.validate().unwrap_err();
        assert_eq!(e[0].0, "authors");
        f.authors_consent = Some("on".into());
        assert_eq!(
            f.validate().unwrap().authors,
            vec!["A. de Vries", "B. Jansen"]
        );
        f.links = "https://example.org/a\njavascript:alert(1)".into();
        assert_eq!(f.validate().unwrap_err()[0].0, "links");
    }

    #[test]
    fn every_missing_field_is_named() {
        let e = ItemInput::default().validate().unwrap_err();
        let fields: Vec<_> = e.iter().map(|(f, _)| *f).collect();
        for f in [
            "kind",
            "title",
            "summary",
            "theme",
            "audience",
            "school_year",
            "licence",
        ] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
    }

    #[test]
    fn control_characters_are_dropped_but_line_breaks_kept() {
        let mut f = form();
        f.title = "Veilig\u{0}\u{1b} toetsen".into();
        f.summary = "Regel een\r\nRegel\ttwee".into();
        let item = f.validate().unwrap();
        assert_eq!(item.title, "Veilig toetsen");
        assert_eq!(item.summary, "Regel een\nRegel\ttwee");
    }

    #[test]
    fn a_usage_report_is_at_most_a_thousand_characters() {
        let mut u = UsageInput {
            role: "teacher".into(),
            how: "lesson".into(),
            note: "x".repeat(1000),
            ..UsageInput::default()
        };
        assert!(u.validate().is_ok());
        u.note.push('y');
        assert_eq!(u.validate().unwrap_err()[0].0, "note");
    }

    #[test]
    fn search_words_cannot_reach_either_query_syntax() {
        let w = search_words(r#"Digi* "veilig" OR -x) & y:* NEAR(a b)"#);
        assert_eq!(w, ["digi", "veilig", "or", "x", "y", "near", "a", "b"]);
        assert_eq!(fts5_query(&w[..2]), r#""digi"* "veilig"*"#);
        assert_eq!(tsquery(&w[..2]), "digi:* & veilig:*");
        assert_eq!(search_words("één twee").len(), 2);
        assert_eq!(search_words(&"a ".repeat(50)).len(), SEARCH_WORDS_MAX);
    }
}
