//! The Atom feed of new library items (RFC 4287), written by
//! `atom_syndication`, which escapes every text it writes. Only published
//! items reach it: the caller passes what `store::latest` returns.

use atom_syndication::{Category, Entry, Feed, FixedDateTime, Link, Person, Text};

use super::{PUBLISHER, StoredItem, item_url};

/// How many items the feed carries.
pub const ENTRIES: i64 = 50;

fn chrono_time(t: time::OffsetDateTime) -> FixedDateTime {
    chrono::DateTime::from_timestamp(t.unix_timestamp(), 0)
        .unwrap_or_default()
        .fixed_offset()
}

fn link(href: String, rel: &str, mime: &str) -> Link {
    let mut l = Link::default();
    l.set_href(href);
    l.set_rel(rel);
    l.set_mime_type(Some(mime.to_string()));
    l
}

/// The feed of `items` (newest first), served at `{base}/library/feed.atom`.
/// `title` and `subtitle` are in the reader's language.
pub fn atom(base: &str, title: &str, subtitle: &str, items: &[StoredItem]) -> String {
    let base = base.trim_end_matches('/');
    let updated = items
        .iter()
        .map(|s| s.published_at.unwrap_or(s.updated_at).max(s.updated_at))
        .max()
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let entries: Vec<Entry> = items
        .iter()
        .map(|s| {
            let item = &s.item;
            let mut e = Entry::default();
            e.set_title(Text::plain(item.title.clone()));
            e.set_id(item_url(base, s.id));
            e.set_updated(chrono_time(s.updated_at));
            e.set_published(s.published_at.map(chrono_time));
            let authors: Vec<Person> = if item.authors.is_empty() {
                vec![person(PUBLISHER)]
            } else {
                item.authors.iter().map(|a| person(a)).collect()
            };
            e.set_authors(authors);
            e.set_links(vec![link(item_url(base, s.id), "alternate", "text/html")]);
            e.set_summary(Some(Text::plain(item.summary.clone())));
            e.set_rights(Some(Text::plain(item.licence.name)));
            let mut kind = Category::default();
            kind.set_term(item.kind.as_str());
            let mut theme = Category::default();
            theme.set_term(item.theme.as_str());
            e.set_categories(vec![kind, theme]);
            e
        })
        .collect();
    let mut feed = Feed::default();
    feed.set_title(Text::plain(title));
    feed.set_subtitle(Some(Text::plain(subtitle)));
    feed.set_id(format!("{base}/library/feed.atom"));
    feed.set_updated(chrono_time(updated));
    feed.set_lang(Some("nl".to_string()));
    feed.set_authors(vec![person(PUBLISHER)]);
    feed.set_links(vec![
        link(
            format!("{base}/library/feed.atom"),
            "self",
            "application/atom+xml",
        ),
        link(format!("{base}/library"), "alternate", "text/html"),
    ]);
    feed.set_entries(entries);
    feed.to_string()
}

fn person(name: &str) -> Person {
    let mut p = Person::default();
    p.set_name(name);
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::ItemInput;

    #[test]
    fn text_is_escaped_and_the_feed_reads_back() {
        let mut f = ItemInput::new_for(crate::networks::SchoolYear(2024));
        f.kind = "advice".into();
        f.title = "Tips & <tricks> \"voor\" ']]>'".into();
        f.summary = "<script>alert(1)</script>".into();
        f.theme = "policy".into();
        f.audience = vec!["support".into()];
        let s = StoredItem {
            id: 3,
            item: f.validate().unwrap(),
            published_at: Some(time::OffsetDateTime::UNIX_EPOCH),
            updated_at: time::OffsetDateTime::UNIX_EPOCH,
            experiment: None,
        };
        let xml = atom("https://x/", "Bibliotheek", "Nieuw", &[s]);
        assert!(!xml.contains("<script>"), "{xml}");
        assert!(!xml.contains("<tricks>"), "{xml}");
        let back: Feed = xml.parse().unwrap();
        assert_eq!(
            back.entries()[0].title().as_str(),
            "Tips & <tricks> \"voor\" ']]>'"
        );
        assert_eq!(back.entries()[0].id(), "https://x/library/3");
    }
}
