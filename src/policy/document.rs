//! What an uploaded policy document is, decided from its bytes alone: a
//! PDF, a Word document (DOCX) or an OpenDocument text (ODT). The name the
//! browser sent and its content type are not trusted; the name is only
//! kept, cleaned, for the download (issue 14, item 2).

use std::io::{Cursor, Read};

use crate::i18n::Msg;

/// The kinds of document accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Docx,
    Odt,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Docx => "docx",
            Kind::Odt => "odt",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        [Kind::Pdf, Kind::Docx, Kind::Odt]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    /// The extension the download gets.
    pub fn extension(self) -> &'static str {
        self.as_str()
    }

    pub fn mime(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Odt => "application/vnd.oasis.opendocument.text",
        }
    }
}

const ODT_MIME: &[u8] = b"application/vnd.oasis.opendocument.text";

/// The kind of `bytes`, or why they are refused. `limit` is the largest
/// size accepted, in bytes.
pub fn sniff(bytes: &[u8], limit: u64) -> Result<Kind, Msg> {
    if bytes.is_empty() {
        return Err(Msg::new("policy-file-empty"));
    }
    if bytes.len() as u64 > limit {
        return Err(Msg::new("policy-file-too-large").arg("mb", limit / (1024 * 1024)));
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(Kind::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04")
        && let Some(kind) = office_kind(bytes)
    {
        return Ok(kind);
    }
    Err(Msg::new("policy-file-kind"))
}

/// A zip file that is an ODT text (its first entry `mimetype` says so) or
/// a DOCX (it has the OOXML content types and a Word main part). Only the
/// directory and the tiny `mimetype` entry are read, so a zip bomb costs
/// nothing.
fn office_kind(bytes: &[u8]) -> Option<Kind> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    if let Ok(entry) = zip.by_name("mimetype") {
        let mut head = Vec::new();
        entry
            .take(ODT_MIME.len() as u64 + 1)
            .read_to_end(&mut head)
            .ok()?;
        return (head == ODT_MIME).then_some(Kind::Odt);
    }
    (zip.index_for_name("[Content_Types].xml").is_some()
        && zip.index_for_name("word/document.xml").is_some())
    .then_some(Kind::Docx)
}

/// The longest file name kept, in characters, before the extension.
const NAME_MAX: usize = 100;

/// The uploaded `original` name made harmless: its last path component,
/// no control characters, only letters, digits and `-_ .,()`, at most
/// [`NAME_MAX`] characters, with the extension of what the content is.
pub fn clean_name(original: &str, kind: Kind) -> String {
    let last = original.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = match last.rfind('.') {
        Some(i) if i > 0 => &last[..i],
        _ => last,
    };
    let mapped: String = stem
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if c.is_alphanumeric() || " -_.,()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let words: Vec<&str> = mapped.split_whitespace().collect();
    let joined = words.join(" ");
    let trimmed: String = joined
        .trim_matches(|c: char| c == '.' || c == '_' || c == ' ')
        .chars()
        .take(NAME_MAX)
        .collect();
    let trimmed = trimmed.trim_end();
    let stem = if trimmed.is_empty() {
        "document"
    } else {
        trimmed
    };
    format!("{stem}.{}", kind.extension())
}

/// A `Content-Disposition` header that always downloads, with an ASCII
/// name for old clients and the UTF-8 name (RFC 6266 / 5987) for the rest.
pub fn attachment_header(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    const MB: u64 = 1024 * 1024;

    /// A minimal zip holding `entries` (name, content), stored.
    pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            for (name, body) in entries {
                w.start_file(*name, opts).unwrap();
                w.write_all(body).unwrap();
            }
            w.finish().unwrap();
        }
        out.into_inner()
    }

    pub(crate) fn docx() -> Vec<u8> {
        zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w:document/>"),
        ])
    }

    pub(crate) fn odt() -> Vec<u8> {
        zip_of(&[
            ("mimetype", ODT_MIME),
            ("content.xml", b"<office:document/>"),
        ])
    }

    #[test]
    fn the_content_decides_not_the_name() {
        assert_eq!(sniff(b"%PDF-1.7\n...", MB), Ok(Kind::Pdf));
        assert_eq!(sniff(&docx(), MB), Ok(Kind::Docx));
        assert_eq!(sniff(&odt(), MB), Ok(Kind::Odt));
        let refused = |b: &[u8]| sniff(b, MB).unwrap_err().key;
        // An executable, a spreadsheet, a zip, HTML, an ODS: refused.
        assert_eq!(refused(b"MZ\x90\x00\x03"), "policy-file-kind");
        assert_eq!(refused(b"\x7fELF\x02\x01"), "policy-file-kind");
        assert_eq!(
            refused(&zip_of(&[
                ("[Content_Types].xml", b"x"),
                ("xl/workbook.xml", b"x")
            ])),
            "policy-file-kind"
        );
        assert_eq!(
            refused(&zip_of(&[(
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet"
            )])),
            "policy-file-kind"
        );
        assert_eq!(refused(b"<html><script>"), "policy-file-kind");
        assert_eq!(refused(b"PK\x03\x04broken"), "policy-file-kind");
        assert_eq!(refused(b""), "policy-file-empty");
        let big = vec![b'%'; (MB + 1) as usize];
        let e = sniff(&big, MB).unwrap_err();
        assert_eq!(e.key, "policy-file-too-large");
        assert_eq!(e.args[0].1, "1");
    }

    #[test]
    fn a_name_is_cleaned_of_paths_controls_and_length() {
        assert_eq!(
            clean_name("Beleid 2024.docx", Kind::Pdf),
            "Beleid 2024.pdf",
            "a PDF named .docx is served as the PDF it is"
        );
        assert_eq!(clean_name("../../etc/passwd", Kind::Pdf), "passwd.pdf");
        assert_eq!(
            clean_name("C:\\Users\\x\\visie.odt", Kind::Odt),
            "visie.odt"
        );
        assert_eq!(clean_name("a\u{0}b\r\nc\u{7}.pdf", Kind::Pdf), "abc.pdf");
        assert_eq!(clean_name("<script>\".pdf", Kind::Pdf), "script.pdf");
        assert_eq!(clean_name("", Kind::Pdf), "document.pdf");
        assert_eq!(clean_name("....", Kind::Pdf), "document.pdf");
        assert_eq!(clean_name("Visie één.pdf", Kind::Pdf), "Visie één.pdf");
        let long = format!("{}.pdf", "x".repeat(300));
        let cleaned = clean_name(&long, Kind::Pdf);
        assert_eq!(cleaned.chars().count(), NAME_MAX + 4);
    }

    #[test]
    fn the_download_header_always_attaches_and_quotes_safely() {
        let h = attachment_header("Visie één (2024).pdf");
        assert!(
            h.starts_with("attachment; filename=\"Visie __n (2024).pdf\"; "),
            "{h}"
        );
        assert!(
            h.ends_with("filename*=UTF-8''Visie%20%C3%A9%C3%A9n%20%282024%29.pdf"),
            "{h}"
        );
    }
}
