//! The registry of mbo institutions, keyed by the 4-character
//! onderwijsinstellingscode (BRIN). Every other part refers to an
//! institution by its [`InstitutionCode`].

pub mod csv_import;
pub mod routes;
pub mod store;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

/// An onderwijsinstellingscode (BRIN): two digits then two letters or
/// digits, e.g. `25LX`. Input is trimmed and upper-cased.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, sqlx::Type,
)]
#[sqlx(transparent)]
#[serde(try_from = "String", into = "String")]
pub struct InstitutionCode(String);

impl InstitutionCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for InstitutionCode {
    type Err = Msg;
    fn from_str(s: &str) -> Result<Self, Msg> {
        let code = s.trim().to_ascii_uppercase();
        let b = code.as_bytes();
        let valid = b.len() == 4
            && b[..2].iter().all(u8::is_ascii_digit)
            && b[2..].iter().all(u8::is_ascii_alphanumeric);
        if valid {
            Ok(InstitutionCode(code))
        } else {
            Err(Msg::new("institution-code-invalid").arg("value", s.trim()))
        }
    }
}

impl TryFrom<String> for InstitutionCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
            .map_err(|_| format!("invalid institution code {s:?}"))
    }
}

impl From<InstitutionCode> for String {
    fn from(c: InstitutionCode) -> String {
        c.0
    }
}

impl fmt::Display for InstitutionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Active,
    /// Merged, closed or otherwise no longer taking part.
    Inactive,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Inactive => "inactive",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Status::Active => "institution-status-active",
            Status::Inactive => "institution-status-inactive",
        }
    }
}

impl FromStr for Status {
    type Err = Msg;
    /// Accepts the code and the Dutch word (`actief`, `inactief`).
    fn from_str(s: &str) -> Result<Self, Msg> {
        match s.trim().to_lowercase().as_str() {
            "active" | "actief" => Ok(Status::Active),
            "inactive" | "inactief" => Ok(Status::Inactive),
            _ => Err(Msg::new("institution-status-invalid").arg("value", s.trim())),
        }
    }
}

/// A stored institution.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Institution {
    #[schema(value_type = String, example = "25LX")]
    pub code: InstitutionCode,
    pub name: String,
    pub place: String,
    pub region: String,
    /// Number of teaching staff (headcount).
    pub teaching_staff: i64,
    pub status: Status,
}

/// The fields of an institution as typed in a form or a CSV row, before
/// validation. Validation reports every bad field, not just the first.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct InstitutionInput {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub teaching_staff: String,
    #[serde(default)]
    pub status: String,
}

/// A field of an institution, as named in forms and CSV headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Code,
    Name,
    Place,
    Region,
    TeachingStaff,
    Status,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Code,
        Field::Name,
        Field::Place,
        Field::Region,
        Field::TeachingStaff,
        Field::Status,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::Name => "name",
            Field::Place => "place",
            Field::Region => "region",
            Field::TeachingStaff => "teaching_staff",
            Field::Status => "status",
        }
    }
}

pub const MAX_NAME: usize = 200;
pub const MAX_PLACE: usize = 100;
pub const MAX_STAFF: i64 = 100_000;

fn required_text(value: &str, max: usize) -> Result<String, Msg> {
    let v = value.trim();
    if v.is_empty() {
        Err(Msg::new("field-required"))
    } else if v.chars().count() > max {
        Err(Msg::new("field-too-long").arg("max", max))
    } else {
        Ok(v.to_string())
    }
}

impl InstitutionInput {
    /// Validates every field; on failure returns each bad field with why.
    pub fn validate(&self) -> Result<Institution, Vec<(Field, Msg)>> {
        let mut errors = Vec::new();
        let mut check = |field: Field, r: Result<(), Msg>| {
            if let Err(m) = r {
                errors.push((field, m));
            }
        };
        let code = self.code.parse::<InstitutionCode>();
        let name = required_text(&self.name, MAX_NAME);
        let place = required_text(&self.place, MAX_PLACE);
        let region = required_text(&self.region, MAX_PLACE);
        let staff = match self.teaching_staff.trim() {
            "" => Err(Msg::new("field-required")),
            s => match s.parse::<i64>() {
                Ok(n) if (0..=MAX_STAFF).contains(&n) => Ok(n),
                _ => Err(Msg::new("field-whole-number")
                    .arg("min", 0)
                    .arg("max", MAX_STAFF)
                    .arg("value", s)),
            },
        };
        let status = match self.status.trim() {
            "" => Ok(Status::Active),
            s => s.parse::<Status>(),
        };
        check(Field::Code, code.clone().map(drop));
        check(Field::Name, name.clone().map(drop));
        check(Field::Place, place.clone().map(drop));
        check(Field::Region, region.clone().map(drop));
        check(Field::TeachingStaff, staff.clone().map(drop));
        check(Field::Status, status.clone().map(drop));
        match (code, name, place, region, staff, status) {
            (Ok(code), Ok(name), Ok(place), Ok(region), Ok(teaching_staff), Ok(status)) => {
                Ok(Institution {
                    code,
                    name,
                    place,
                    region,
                    teaching_staff,
                    status,
                })
            }
            _ => Err(errors),
        }
    }
}

impl From<&Institution> for InstitutionInput {
    fn from(i: &Institution) -> Self {
        InstitutionInput {
            code: i.code.to_string(),
            name: i.name.clone(),
            place: i.place.clone(),
            region: i.region.clone(),
            teaching_staff: i.teaching_staff.to_string(),
            status: i.status.code().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_are_normalised_and_checked() {
        assert_eq!("25lx".parse::<InstitutionCode>().unwrap().as_str(), "25LX");
        assert_eq!(
            " 00GT ".parse::<InstitutionCode>().unwrap().as_str(),
            "00GT"
        );
        for bad in ["", "25L", "25LXX", "AB12", "2-LX", "25 X"] {
            assert!(bad.parse::<InstitutionCode>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn every_bad_field_is_reported() {
        let input = InstitutionInput {
            code: "XX".into(),
            name: "".into(),
            place: "Utrecht".into(),
            region: "Midden".into(),
            teaching_staff: "veel".into(),
            status: "misschien".into(),
        };
        let fields: Vec<Field> = input
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            vec![
                Field::Code,
                Field::Name,
                Field::TeachingStaff,
                Field::Status
            ]
        );
    }

    #[test]
    fn a_complete_input_becomes_an_institution() {
        let input = InstitutionInput {
            code: "25lx".into(),
            name: " ROC Voorbeeld Noord ".into(),
            place: "Groningen".into(),
            region: "Noord".into(),
            teaching_staff: "850".into(),
            status: "actief".into(),
        };
        let i = input.validate().unwrap();
        assert_eq!(i.name, "ROC Voorbeeld Noord");
        assert_eq!(i.status, Status::Active);
        assert_eq!(i.teaching_staff, 850);
    }

    proptest! {
        #[test]
        fn any_valid_code_round_trips(d in "[0-9]{2}", a in "[A-Za-z0-9]{2}") {
            let s = format!("{d}{a}");
            let c: InstitutionCode = s.parse().unwrap();
            prop_assert_eq!(c.as_str(), s.to_ascii_uppercase());
            prop_assert_eq!(c.to_string().parse::<InstitutionCode>().unwrap(), c);
        }

        #[test]
        fn parsing_never_panics(s in ".*") {
            let _ = s.parse::<InstitutionCode>();
        }
    }
}
