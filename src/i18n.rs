//! The message catalogue: every string a user reads comes from
//! `locales/<lang>/*.ftl` (Fluent: `main.ftl` plus one file per part). Dutch is the default, English the
//! alternative. Code refers to messages by key; errors that reach a user
//! carry a [`Msg`] (key plus arguments) and are translated at the edge.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use std::sync::LazyLock;

use fluent_templates::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "nl",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        static NL: LazyLock<LanguageIdentifier> = LazyLock::new(|| parse_id("nl"));
        static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| parse_id("en"));
        match self {
            Lang::Nl => &NL,
            Lang::En => &EN,
        }
    }
}

fn parse_id(code: &str) -> LanguageIdentifier {
    code.parse().unwrap_or_default()
}

/// A message to show a user: a catalogue key and its named arguments.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Msg {
    pub key: Cow<'static, str>,
    pub args: Vec<(Cow<'static, str>, String)>,
}

impl Msg {
    pub fn new(key: impl Into<Cow<'static, str>>) -> Msg {
        Msg {
            key: key.into(),
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Msg {
        self.args.push((Cow::Borrowed(name), value.to_string()));
        self
    }
}

/// A translator for one language; templates call `p.t` with a key.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    /// The message `key`, or the key itself when the catalogue lacks it (a
    /// test checks that every key used in code and templates exists).
    pub fn t(&self, key: &str) -> String {
        LOCALES
            .try_lookup(self.lang.id(), key)
            .unwrap_or_else(|| key.to_string())
    }

    /// The message `key` with one argument.
    pub fn t1(&self, key: &str, name: &'static str, value: impl ToString) -> String {
        self.msg(&Msg::new(key.to_string()).arg(name, value))
    }

    pub fn msg(&self, msg: &Msg) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = msg
            .args
            .iter()
            .map(|(k, v)| {
                // Plain whole numbers become Fluent numbers (for plural
                // rules); anything else, like a code "0042", stays text.
                let numeric = !v.is_empty()
                    && v.len() < 16
                    && v.chars().all(|c| c.is_ascii_digit())
                    && (v == "0" || !v.starts_with('0'));
                let value = match v.parse::<f64>() {
                    Ok(n) if numeric => FluentValue::from(n),
                    _ => FluentValue::from(v.clone()),
                };
                (k.clone(), value)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(self.lang.id(), &msg.key, &args)
            .unwrap_or_else(|| msg.key.to_string())
    }

    /// `true` when the catalogue of this language has `key`.
    pub fn has(&self, key: &str) -> bool {
        LOCALES.try_lookup(self.lang.id(), key).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_is_the_default_and_english_is_available() {
        assert_eq!(Tr::default().t("app-name"), "Bekwaam");
        assert_eq!(Tr::new(Lang::Nl).t("nav-login"), "Inloggen");
        assert_eq!(Tr::new(Lang::En).t("nav-login"), "Log in");
    }

    #[test]
    fn arguments_are_filled_in_without_isolation_marks() {
        let s = Tr::new(Lang::Nl).msg(&Msg::new("login-throttled").arg("minutes", 15));
        assert!(s.contains("15"), "{s}");
        assert!(!s.contains('\u{2068}'));
    }
}

#[cfg(test)]
mod catalogue {
    //! Every message key used in code and templates exists in every
    //! language, and the languages have the same keys.
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::{Lang, Tr};

    /// Every key a language's catalogue files define, with the file, in
    /// the order written (`main.ftl` for the shared parts, one file per
    /// part beside it: `policy.ftl`, `scan.ftl`, ...).
    fn definitions(lang: &str) -> Vec<(String, String)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("locales/{lang}"));
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("catalogue dir")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .collect();
        paths.sort();
        let mut out = Vec::new();
        for path in paths {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            for l in std::fs::read_to_string(&path).expect("catalogue").lines() {
                if l.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && let Some((k, _)) = l.split_once(" =")
                {
                    out.push((name.clone(), k.trim().to_string()));
                }
            }
        }
        out
    }

    fn keys_in_ftl(lang: &str) -> BTreeSet<String> {
        definitions(lang).into_iter().map(|(_, k)| k).collect()
    }

    #[test]
    fn no_key_is_defined_twice() {
        for lang in Lang::ALL {
            let mut seen = std::collections::HashMap::new();
            for (file, key) in definitions(lang.code()) {
                if let Some(first) = seen.insert(key.clone(), file.clone()) {
                    panic!("{lang:?}: {key} is in {first} and again in {file}");
                }
            }
            assert!(seen.len() > 100, "{lang:?}: {}", seen.len());
        }
    }

    fn files(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("dir").flatten() {
            let p = entry.path();
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs" || e == "html") {
                out.push(std::fs::read_to_string(&p).expect("read"));
            }
        }
    }

    /// Literal keys passed to `.t`, `.t1`, `Msg::new` and `.page`.
    fn used_keys() -> BTreeSet<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        files(&root.join("src"), &mut texts);
        files(&root.join("templates"), &mut texts);
        let mut keys = BTreeSet::new();
        for text in &texts {
            for call in [".t(\"", ".t1(\"", "Msg::new(\"", ".page(\""] {
                let mut rest = text.as_str();
                while let Some(i) = rest.find(call) {
                    rest = &rest[i + call.len()..];
                    if let Some(end) = rest.find('"') {
                        let k = &rest[..end];
                        if !k.is_empty()
                            && k.chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                        {
                            keys.insert(k.to_string());
                        }
                    }
                }
            }
        }
        keys
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let nl = keys_in_ftl("nl");
        let en = keys_in_ftl("en");
        assert!(nl.len() > 100, "catalogue parsed: {}", nl.len());
        let only_nl: Vec<_> = nl.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&nl).collect();
        assert!(
            only_nl.is_empty() && only_en.is_empty(),
            "nl only: {only_nl:?}, en only: {only_en:?}"
        );
    }

    #[test]
    fn every_key_used_in_code_and_templates_exists() {
        let used = used_keys();
        assert!(used.len() > 50, "keys found: {}", used.len());
        for lang in Lang::ALL {
            let known = keys_in_ftl(lang.code());
            let missing: Vec<_> = used.iter().filter(|k| !known.contains(*k)).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }

    #[test]
    fn computed_keys_exist_too() {
        use crate::auth::Role;
        use crate::institutions::Status;
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            for r in Role::ALL {
                assert!(tr.has(&r.label_key()), "{}", r.label_key());
            }
            for s in [Status::Active, Status::Inactive] {
                assert!(tr.has(s.label_key()));
            }
            for l in Lang::ALL {
                assert!(tr.has(&format!("language-{}", l.code())));
            }
        }
    }
}
