//! The schema.org `LearningResource` description of an item page, for
//! search engines and Edurep-like harvesters. It goes into a
//! `<script type="application/ld+json">` element, so [`script_text`]
//! escapes `<`, `>` and `&` as JSON `\u` escapes: no title can close the
//! element or open another.

use serde_json::{Value, json};

use super::{FileInfo, PUBLISHER, StoredItem, file_url, item_url};

/// The JSON-LD object of a published item.
pub fn learning_resource(base: &str, s: &StoredItem, files: &[FileInfo]) -> Value {
    let item = &s.item;
    let authors: Vec<Value> = item
        .authors
        .iter()
        .map(|a| json!({"@type": "Person", "name": a}))
        .collect();
    let audience: Vec<Value> = item
        .audiences
        .iter()
        .map(|a| json!({"@type": "EducationalAudience", "educationalRole": a.as_str()}))
        .collect();
    let media: Vec<Value> = files
        .iter()
        .map(|f| {
            json!({
                "@type": "MediaObject",
                "name": f.name,
                "contentUrl": file_url(base, s.id, f.id),
                "encodingFormat": f.content_type,
                "contentSize": f.size.to_string(),
            })
        })
        .collect();
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "@id": item_url(base, s.id),
        "url": item_url(base, s.id),
        "name": item.title,
        "description": item.summary,
        "inLanguage": "nl",
        "learningResourceType": item.kind.as_str(),
        "about": item.theme.as_str(),
        "audience": audience,
        "license": item.licence.deed,
        "isAccessibleForFree": true,
        "publisher": {"@type": "Organization", "name": PUBLISHER},
        "temporalCoverage": item.school_year.label(),
        "associatedMedia": media,
    });
    if !authors.is_empty() {
        v["author"] = Value::Array(authors);
    }
    if !item.links.is_empty() {
        v["sameAs"] = json!(item.links);
    }
    if let Some(at) = s.published_at {
        v["datePublished"] = json!(at.date().to_string());
    }
    v
}

/// `v` as text that is safe inside a `<script>` element.
pub fn script_text(v: &Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{ItemInput, StoredItem};

    #[test]
    fn a_title_cannot_close_the_script_element() {
        let mut f = ItemInput::new_for(crate::networks::SchoolYear(2024));
        f.kind = "report".into();
        f.title = "</script><script>alert(1)</script> & co".into();
        f.summary = "<b>x</b>".into();
        f.theme = "policy".into();
        f.audience = vec!["teacher".into()];
        let s = StoredItem {
            id: 5,
            item: f.validate().unwrap(),
            published_at: None,
            updated_at: time::OffsetDateTime::UNIX_EPOCH,
            experiment: None,
        };
        let text = script_text(&learning_resource("https://x", &s, &[]));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & co");
        assert_eq!(back["@type"], "LearningResource");
        assert_eq!(
            back["license"],
            "https://creativecommons.org/licenses/by/4.0/deed.nl"
        );
    }
}
