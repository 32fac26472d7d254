//! OAI-PMH 2.0 (Identify, ListMetadataFormats, ListIdentifiers,
//! ListRecords, GetRecord) with unqualified Dublin Core, so repositories
//! such as Edurep can harvest the library. Only published items are
//! records; an unpublished item's identifier "does not exist". Pure: the
//! routes read the items and the clock.

use time::{Date, OffsetDateTime};

use super::{PUBLISHER, StoredItem, item_url};

/// Records per answer; the rest follows with a resumption token.
pub const PAGE: i64 = 100;

/// A harvester's request, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Identify,
    ListMetadataFormats,
    /// ListIdentifiers (`headers_only`) or ListRecords.
    List {
        headers_only: bool,
        offset: i64,
        from: Option<Date>,
        until: Option<Date>,
    },
    GetRecord {
        id: i64,
    },
}

/// The protocol's error codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    BadVerb,
    BadArgument,
    BadResumptionToken,
    CannotDisseminateFormat,
    IdDoesNotExist,
    NoRecordsMatch,
}

impl Error {
    pub fn code(self) -> &'static str {
        match self {
            Error::BadVerb => "badVerb",
            Error::BadArgument => "badArgument",
            Error::BadResumptionToken => "badResumptionToken",
            Error::CannotDisseminateFormat => "cannotDisseminateFormat",
            Error::IdDoesNotExist => "idDoesNotExist",
            Error::NoRecordsMatch => "noRecordsMatch",
        }
    }
}

/// The identifier prefix of this repository: `oai:{host}:library/`.
pub fn prefix(base: &str) -> String {
    let host = url::Url::parse(base)
        .ok()
        .and_then(|u| u.host_str().map(String::from))
        .unwrap_or_else(|| "localhost".into());
    format!("oai:{host}:library/")
}

fn date(s: &str) -> Result<Date, Error> {
    // Day granularity: YYYY-MM-DD.
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, format).map_err(|_| Error::BadArgument)
}

/// Parses the query arguments of a request (every argument once).
pub fn parse(base: &str, args: &[(String, String)]) -> Result<Request, Error> {
    let mut seen = std::collections::BTreeMap::new();
    for (k, v) in args {
        if seen.insert(k.as_str(), v.as_str()).is_some() {
            return Err(Error::BadArgument);
        }
    }
    let verb = seen.remove("verb").ok_or(Error::BadVerb)?;
    fn allowed(seen: &std::collections::BTreeMap<&str, &str>, names: &[&str]) -> bool {
        seen.keys().all(|k| names.contains(k))
    }
    match verb {
        "Identify" if seen.is_empty() => Ok(Request::Identify),
        "ListMetadataFormats" if allowed(&seen, &["identifier"]) => {
            Ok(Request::ListMetadataFormats)
        }
        "ListRecords" | "ListIdentifiers" => {
            let headers_only = verb == "ListIdentifiers";
            if let Some(token) = seen.remove("resumptionToken") {
                if !seen.is_empty() {
                    return Err(Error::BadArgument);
                }
                return token_request(headers_only, token);
            }
            if !allowed(&seen, &["metadataPrefix", "from", "until", "set"]) {
                return Err(Error::BadArgument);
            }
            if seen.contains_key("set") {
                return Err(Error::NoRecordsMatch);
            }
            match seen.get("metadataPrefix") {
                None => return Err(Error::BadArgument),
                Some(&"oai_dc") => {}
                Some(_) => return Err(Error::CannotDisseminateFormat),
            }
            Ok(Request::List {
                headers_only,
                offset: 0,
                from: seen.get("from").map(|s| date(s)).transpose()?,
                until: seen.get("until").map(|s| date(s)).transpose()?,
            })
        }
        "GetRecord" if allowed(&seen, &["identifier", "metadataPrefix"]) => {
            let id = seen.get("identifier").ok_or(Error::BadArgument)?;
            match seen.get("metadataPrefix") {
                None => return Err(Error::BadArgument),
                Some(&"oai_dc") => {}
                Some(_) => return Err(Error::CannotDisseminateFormat),
            }
            let id = id
                .strip_prefix(&prefix(base))
                .and_then(|n| n.parse().ok())
                .ok_or(Error::IdDoesNotExist)?;
            Ok(Request::GetRecord { id })
        }
        "Identify" | "ListMetadataFormats" | "GetRecord" => Err(Error::BadArgument),
        _ => Err(Error::BadVerb),
    }
}

/// A resumption token: `offset|from|until` (empty when absent).
fn token_request(headers_only: bool, token: &str) -> Result<Request, Error> {
    let parts: Vec<&str> = token.split('|').collect();
    let [offset, from, until] = parts[..] else {
        return Err(Error::BadResumptionToken);
    };
    let offset: i64 = offset
        .parse()
        .ok()
        .filter(|o| *o > 0)
        .ok_or(Error::BadResumptionToken)?;
    let d = |s: &str| {
        if s.is_empty() {
            Ok(None)
        } else {
            date(s).map(Some).map_err(|_| Error::BadResumptionToken)
        }
    };
    Ok(Request::List {
        headers_only,
        offset,
        from: d(from)?,
        until: d(until)?,
    })
}

/// The token that continues a list after `next`.
pub fn token(next: i64, from: Option<Date>, until: Option<Date>) -> String {
    let d = |x: Option<Date>| x.map(|d| d.to_string()).unwrap_or_default();
    format!("{next}|{}|{}", d(from), d(until))
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow are left out.
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn stamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn envelope(base: &str, now: OffsetDateTime, request: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/ \
         http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd\">\n\
         <responseDate>{}</responseDate>\n{}\n{body}\n</OAI-PMH>\n",
        stamp(now),
        // Only the request line holds the placeholder; the body holds
        // visitors' text, which is never searched for it.
        request.replace("{endpoint}", &esc(&endpoint(base)))
    )
}

fn endpoint(base: &str) -> String {
    format!("{}/library/oai", base.trim_end_matches('/'))
}

/// An error answer (`verb` as the request gave it, if it was one).
pub fn error(base: &str, now: OffsetDateTime, verb: Option<&str>, e: Error) -> String {
    let request = match verb {
        Some(v) if e != Error::BadVerb && e != Error::BadArgument => {
            format!("<request verb=\"{}\">{{endpoint}}</request>", esc(v))
        }
        _ => "<request>{endpoint}</request>".to_string(),
    };
    envelope(
        base,
        now,
        &request,
        &format!("<error code=\"{}\"/>", e.code()),
    )
}

pub fn identify(base: &str, now: OffsetDateTime, earliest: Option<OffsetDateTime>) -> String {
    let body = format!(
        "<Identify><repositoryName>{} bibliotheek</repositoryName>\
         <baseURL>{}</baseURL><protocolVersion>2.0</protocolVersion>\
         <adminEmail>bibliotheek@mbodigitaal.example</adminEmail>\
         <earliestDatestamp>{}</earliestDatestamp><deletedRecord>no</deletedRecord>\
         <granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify>",
        esc(PUBLISHER),
        esc(&endpoint(base)),
        stamp(earliest.unwrap_or(now))
    );
    envelope(
        base,
        now,
        "<request verb=\"Identify\">{endpoint}</request>",
        &body,
    )
}

pub fn metadata_formats(base: &str, now: OffsetDateTime) -> String {
    envelope(
        base,
        now,
        "<request verb=\"ListMetadataFormats\">{endpoint}</request>",
        "<ListMetadataFormats><metadataFormat><metadataPrefix>oai_dc</metadataPrefix>\
         <schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema>\
         <metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace>\
         </metadataFormat></ListMetadataFormats>",
    )
}

fn header(base: &str, s: &StoredItem) -> String {
    format!(
        "<header><identifier>{}{}</identifier><datestamp>{}</datestamp></header>",
        esc(&prefix(base)),
        s.id,
        stamp(s.updated_at)
    )
}

fn dublin_core(base: &str, s: &StoredItem) -> String {
    let i = &s.item;
    let mut dc = String::from(
        "<metadata><oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/oai_dc/ \
         http://www.openarchives.org/OAI/2.0/oai_dc.xsd\">",
    );
    let mut el = |name: &str, value: &str| {
        dc.push_str(&format!("<dc:{name}>{}</dc:{name}>", esc(value)));
    };
    el("title", &i.title);
    for a in &i.authors {
        el("creator", a);
    }
    el("subject", i.theme.as_str());
    el("description", &i.summary);
    el("publisher", PUBLISHER);
    if let Some(at) = s.published_at {
        el("date", &at.date().to_string());
    }
    el("type", i.kind.as_str());
    el("identifier", &item_url(base, s.id));
    el("language", "nl");
    el("rights", i.licence.deed);
    for l in &i.links {
        el("relation", l);
    }
    dc.push_str("</oai_dc:dc></metadata>");
    dc
}

/// A ListRecords / ListIdentifiers answer: `items` from `offset` of
/// `total`; a token follows when more remain.
#[allow(clippy::too_many_arguments)]
pub fn list(
    base: &str,
    now: OffsetDateTime,
    headers_only: bool,
    items: &[StoredItem],
    offset: i64,
    total: i64,
    from: Option<Date>,
    until: Option<Date>,
) -> String {
    let verb = if headers_only {
        "ListIdentifiers"
    } else {
        "ListRecords"
    };
    let mut body = format!("<{verb}>");
    for s in items {
        if headers_only {
            body.push_str(&header(base, s));
        } else {
            body.push_str(&format!(
                "<record>{}{}</record>",
                header(base, s),
                dublin_core(base, s)
            ));
        }
    }
    let next = offset + items.len() as i64;
    if next < total {
        body.push_str(&format!(
            "<resumptionToken completeListSize=\"{total}\" cursor=\"{offset}\">{}</resumptionToken>",
            esc(&token(next, from, until))
        ));
    } else if offset > 0 {
        body.push_str(&format!(
            "<resumptionToken completeListSize=\"{total}\" cursor=\"{offset}\"/>"
        ));
    }
    body.push_str(&format!("</{verb}>"));
    envelope(
        base,
        now,
        &format!("<request verb=\"{verb}\" metadataPrefix=\"oai_dc\">{{endpoint}}</request>"),
        &body,
    )
}

pub fn record(base: &str, now: OffsetDateTime, s: &StoredItem) -> String {
    envelope(
        base,
        now,
        &format!(
            "<request verb=\"GetRecord\" identifier=\"{}{}\" metadataPrefix=\"oai_dc\">{{endpoint}}</request>",
            esc(&prefix(base)),
            s.id
        ),
        &format!(
            "<GetRecord><record>{}{}</record></GetRecord>",
            header(base, s),
            dublin_core(base, s)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(q: &[(&str, &str)]) -> Vec<(String, String)> {
        q.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn requests_are_checked_as_the_protocol_says() {
        let b = "https://bekwaam.example";
        assert_eq!(
            parse(b, &args(&[("verb", "Identify")])),
            Ok(Request::Identify)
        );
        assert_eq!(
            parse(b, &args(&[("verb", "Identify"), ("x", "1")])),
            Err(Error::BadArgument)
        );
        assert_eq!(parse(b, &args(&[("verb", "Nope")])), Err(Error::BadVerb));
        assert_eq!(parse(b, &args(&[])), Err(Error::BadVerb));
        assert_eq!(
            parse(b, &args(&[("verb", "ListRecords")])),
            Err(Error::BadArgument)
        );
        assert_eq!(
            parse(
                b,
                &args(&[("verb", "ListRecords"), ("metadataPrefix", "lom")])
            ),
            Err(Error::CannotDisseminateFormat)
        );
        assert_eq!(
            parse(
                b,
                &args(&[
                    ("verb", "ListRecords"),
                    ("metadataPrefix", "oai_dc"),
                    ("from", "2024-08-01")
                ])
            ),
            Ok(Request::List {
                headers_only: false,
                offset: 0,
                from: Some(time::macros::date!(2024 - 08 - 01)),
                until: None
            })
        );
        assert_eq!(
            parse(
                b,
                &args(&[("verb", "ListIdentifiers"), ("resumptionToken", "100||")])
            ),
            Ok(Request::List {
                headers_only: true,
                offset: 100,
                from: None,
                until: None
            })
        );
        assert_eq!(
            parse(
                b,
                &args(&[("verb", "ListRecords"), ("resumptionToken", "x")])
            ),
            Err(Error::BadResumptionToken)
        );
        assert_eq!(
            parse(
                b,
                &args(&[
                    ("verb", "GetRecord"),
                    ("identifier", "oai:bekwaam.example:library/7"),
                    ("metadataPrefix", "oai_dc")
                ])
            ),
            Ok(Request::GetRecord { id: 7 })
        );
        assert_eq!(
            parse(
                b,
                &args(&[
                    ("verb", "GetRecord"),
                    ("identifier", "oai:other:library/7"),
                    ("metadataPrefix", "oai_dc")
                ])
            ),
            Err(Error::IdDoesNotExist)
        );
    }

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(esc("a<b>&\"'\u{1}c"), "a&lt;b&gt;&amp;&quot;&apos;c");
    }
}
