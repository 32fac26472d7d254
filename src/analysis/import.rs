//! Importing responses of waves measured elsewhere (2017, 2020, 2022) from
//! CSV or SPSS `.sav`, with a mapping file that says which column holds
//! which item. Pure: bytes in, validated responses or every problem out
//! (file, line or case, column, reason); nothing is imported when any row
//! is wrong. The mapping format is documented in `docs/historical-import.md`.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use toml::Spanned;

use super::store::NewResponse;
use crate::i18n::Msg;
use crate::monitor::instrument::Instrument;
use crate::reports::sav;

/// One problem, in the mapping file or in the data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    /// 1-based line of the mapping or CSV file, or case number of a `.sav`.
    pub line: u64,
    pub column: Option<String>,
    pub reason: Msg,
}

impl ImportError {
    pub fn render(&self, tr: &crate::i18n::Tr) -> String {
        match &self.column {
            Some(c) => format!("{}:{}: {c}: {}", self.file, self.line, tr.msg(&self.reason)),
            None => format!("{}:{}: {}", self.file, self.line, tr.msg(&self.reason)),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    institution: Spanned<String>,
    #[serde(default)]
    unit: Option<Spanned<String>>,
    #[serde(default)]
    not_applicable: Vec<String>,
    items: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    background: BTreeMap<Spanned<String>, RawBackground>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBackground {
    column: Spanned<String>,
    #[serde(default)]
    values: BTreeMap<String, Spanned<String>>,
}

/// A validated mapping for one instrument.
#[derive(Clone, Debug)]
pub struct Mapping {
    pub institution: String,
    pub unit: Option<String>,
    pub not_applicable: Vec<String>,
    /// (item index, column)
    pub items: Vec<(usize, String)>,
    /// (background index, column, source value -> option id)
    pub background: Vec<(usize, String, HashMap<String, String>)>,
}

fn line_of(text: &str, offset: usize) -> u64 {
    text[..offset.min(text.len())].matches('\n').count() as u64 + 1
}

/// Parses and checks a mapping file against the instrument.
pub fn parse_mapping(
    file: &str,
    text: &str,
    ins: &Instrument,
) -> Result<Mapping, Vec<ImportError>> {
    let err = |line: u64, column: Option<String>, reason: Msg| ImportError {
        file: file.to_string(),
        line,
        column,
        reason,
    };
    let raw: RawMapping = toml::from_str(text).map_err(|e| {
        vec![err(
            e.span().map_or(1, |s| line_of(text, s.start)),
            None,
            Msg::new("import-mapping-syntax").arg("detail", e.message()),
        )]
    })?;
    let mut errors = Vec::new();
    let mut items = Vec::new();
    for (item, column) in &raw.items {
        match ins.item_index(item.get_ref()) {
            Some(i) => items.push((i, column.get_ref().clone())),
            None => errors.push(err(
                line_of(text, item.span().start),
                Some(item.get_ref().clone()),
                Msg::new("import-mapping-unknown-item").arg("item", item.get_ref()),
            )),
        }
    }
    if items.is_empty() && errors.is_empty() {
        errors.push(err(1, None, Msg::new("import-mapping-no-items")));
    }
    let mut background = Vec::new();
    for (q, b) in &raw.background {
        let Some(qi) = ins
            .background
            .iter()
            .position(|x| &x.id == q.get_ref() && !x.from_units)
        else {
            errors.push(err(
                line_of(text, q.span().start),
                Some(q.get_ref().clone()),
                Msg::new("import-mapping-unknown-question").arg("question", q.get_ref()),
            ));
            continue;
        };
        let mut values = HashMap::new();
        for (from, to) in &b.values {
            if ins.background[qi]
                .options
                .iter()
                .any(|o| &o.id == to.get_ref())
            {
                values.insert(from.clone(), to.get_ref().clone());
            } else {
                errors.push(err(
                    line_of(text, to.span().start),
                    Some(q.get_ref().clone()),
                    Msg::new("import-mapping-unknown-option")
                        .arg("question", q.get_ref())
                        .arg("option", to.get_ref()),
                ));
            }
        }
        background.push((qi, b.column.get_ref().clone(), values));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Mapping {
        institution: raw.institution.into_inner(),
        unit: raw.unit.map(Spanned::into_inner),
        not_applicable: raw.not_applicable,
        items,
        background,
    })
}

/// The data as text cells, whatever the source format.
pub struct Table {
    pub headers: Vec<String>,
    /// (line or case number, cells)
    pub rows: Vec<(u64, Vec<String>)>,
}

/// Reads a CSV file (`,` or `;`, optional BOM, header line first).
pub fn read_csv(file: &str, data: &[u8]) -> Result<Table, Vec<ImportError>> {
    let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    use crate::institutions::csv_import::{detect_delimiter, line_numbers};
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(data))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(data);
    let err = |line: u64, reason: Msg| ImportError {
        file: file.to_string(),
        line,
        column: None,
        reason,
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| {
            vec![err(
                1,
                Msg::new("import-csv-invalid").arg("detail", e.to_string()),
            )]
        })?
        .iter()
        .map(str::to_string)
        .collect();
    let line_at = line_numbers(data);
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) if r.iter().all(str::is_empty) => {}
            Ok(r) if r.len() != headers.len() => errors.push(err(
                line_at(r.position()),
                Msg::new("import-wrong-column-count")
                    .arg("expected", headers.len())
                    .arg("found", r.len()),
            )),
            Ok(r) => rows.push((
                line_at(r.position()),
                r.iter().map(str::to_string).collect(),
            )),
            Err(e) => errors.push(err(
                line_at(e.position()),
                Msg::new("import-csv-invalid").arg("detail", e.to_string()),
            )),
        }
    }
    if errors.is_empty() {
        Ok(Table { headers, rows })
    } else {
        Err(errors)
    }
}

/// Reads an SPSS system file; numbers become their shortest decimal text
/// ("3", "2.5"), system-missing an empty cell. Row numbers are case numbers.
pub fn read_sav(file: &str, data: &[u8]) -> Result<Table, Vec<ImportError>> {
    let f = sav::read(data).map_err(|e| {
        vec![ImportError {
            file: file.to_string(),
            line: 0,
            column: None,
            reason: Msg::new("import-sav-invalid").arg("detail", e.to_string()),
        }]
    })?;
    let headers = f.variables.iter().map(|v| v.name.clone()).collect();
    let rows = f
        .rows
        .into_iter()
        .enumerate()
        .map(|(k, row)| {
            let cells = row
                .into_iter()
                .map(|v| match v {
                    sav::OwnedValue::Num(x) => format!("{x}"),
                    sav::OwnedValue::Missing => String::new(),
                    sav::OwnedValue::Str(s) => s.trim_end().to_string(),
                })
                .collect();
            (k as u64 + 1, cells)
        })
        .collect();
    Ok(Table { headers, rows })
}

/// (question index, column name, value map, column position)
type BackgroundColumn<'a> = (usize, &'a str, &'a HashMap<String, String>, Option<usize>);

/// Turns the table into responses, checking every cell. `institutions` are
/// the codes taking part in the wave; `units` maps (institution, unit name)
/// to the unit id.
pub fn responses(
    file: &str,
    table: &Table,
    mapping: &Mapping,
    ins: &Instrument,
    institutions: &[String],
    units: &HashMap<(String, String), i64>,
    completed_on: time::Date,
) -> Result<Vec<NewResponse>, Vec<ImportError>> {
    let mut errors = Vec::new();
    let col = |name: &str| table.headers.iter().position(|h| h.trim() == name);
    let missing = |name: &str| ImportError {
        file: file.to_string(),
        line: 1,
        column: Some(name.to_string()),
        reason: Msg::new("import-missing-column").arg("column", name),
    };
    let inst_col = col(&mapping.institution);
    if inst_col.is_none() {
        errors.push(missing(&mapping.institution));
    }
    let unit_col = match &mapping.unit {
        Some(u) => {
            let c = col(u);
            if c.is_none() {
                errors.push(missing(u));
            }
            c
        }
        None => None,
    };
    let item_cols: Vec<(usize, &str, Option<usize>)> = mapping
        .items
        .iter()
        .map(|(i, c)| (*i, c.as_str(), col(c)))
        .collect();
    let bg_cols: Vec<BackgroundColumn> = mapping
        .background
        .iter()
        .map(|(q, c, v)| (*q, c.as_str(), v, col(c)))
        .collect();
    for (_, c, k) in &item_cols {
        if k.is_none() {
            errors.push(missing(c));
        }
    }
    for (_, c, _, k) in &bg_cols {
        if k.is_none() {
            errors.push(missing(c));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out = Vec::with_capacity(table.rows.len());
    for (line, cells) in &table.rows {
        let err = |column: &str, reason: Msg| ImportError {
            file: file.to_string(),
            line: *line,
            column: Some(column.to_string()),
            reason,
        };
        let before = errors.len();
        let code = cells[inst_col.unwrap_or(0)].trim().to_uppercase();
        if !institutions.contains(&code) {
            errors.push(err(
                &mapping.institution,
                Msg::new("import-unknown-institution").arg("code", &code),
            ));
        }
        let unit = match (unit_col, &mapping.unit) {
            (Some(k), Some(name)) if !cells[k].trim().is_empty() => {
                match units.get(&(code.clone(), cells[k].trim().to_string())) {
                    Some(id) => Some(*id),
                    None => {
                        errors.push(err(
                            name,
                            Msg::new("import-unknown-unit").arg("unit", cells[k].trim()),
                        ));
                        None
                    }
                }
            }
            _ => None,
        };
        let mut answers = Vec::new();
        for (i, c, k) in &item_cols {
            let raw = cells[k.unwrap_or(0)].trim();
            if raw.is_empty() {
                continue;
            }
            let item = &ins.items[*i];
            if mapping.not_applicable.iter().any(|na| na == raw) {
                // n.v.t. where the item offers it; otherwise no answer.
                if item.allow_na {
                    answers.push((item.id.clone(), None));
                }
                continue;
            }
            let value = raw
                .parse::<f64>()
                .ok()
                .filter(|v| v.fract() == 0.0)
                .map(|v| v as i64)
                .filter(|v| ins.scales[item.scale].allows(*v));
            match value {
                Some(v) => answers.push((item.id.clone(), Some(v))),
                None => {
                    let s = &ins.scales[item.scale];
                    errors.push(err(
                        c,
                        Msg::new("import-bad-value")
                            .arg("value", raw)
                            .arg("item", &item.id)
                            .arg("min", s.min())
                            .arg("max", s.max()),
                    ));
                }
            }
        }
        let mut background = Vec::new();
        for (q, c, values, k) in &bg_cols {
            let raw = cells[k.unwrap_or(0)].trim();
            if raw.is_empty() {
                continue;
            }
            let question = &ins.background[*q];
            let option = values.get(raw).cloned().or_else(|| {
                question
                    .options
                    .iter()
                    .find(|o| o.id == raw)
                    .map(|o| o.id.clone())
            });
            match option {
                Some(o) => background.push((question.id.clone(), o)),
                None => errors.push(err(
                    c,
                    Msg::new("import-bad-choice")
                        .arg("value", raw)
                        .arg("question", &question.id),
                )),
            }
        }
        if errors.len() == before {
            out.push(NewResponse {
                institution: code,
                unit,
                background,
                answers,
                open: Vec::new(),
                completed_on,
            });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The rule for adding responses to a wave whose results are released
/// (DESIGN.md: "published figures do not move when fewer than MIN_GROUP
/// responses change"): every institution the import adds to must get at
/// least `m` responses, or the difference of its reports before and after
/// would describe fewer than `m` teachers. A wave without completed
/// responses yet (a historical wave being filled) takes any import whose
/// institutions it will report anyway. Returns the institutions (code,
/// responses added) that break the rule.
pub fn small_additions(
    rows: &[NewResponse],
    released_with_responses: bool,
    m: super::disclosure::MinGroup,
) -> Vec<(String, u64)> {
    if !released_with_responses {
        return Vec::new();
    }
    let mut per: BTreeMap<&str, u64> = BTreeMap::new();
    for r in rows {
        *per.entry(r.institution.as_str()).or_default() += 1;
    }
    per.into_iter()
        .filter(|&(_, n)| !m.allows(n))
        .map(|(c, n)| (c.to_string(), n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::instrument;

    fn ins() -> Instrument {
        instrument::parse("d", crate::monitor::DEFAULT_INSTRUMENT).unwrap()
    }

    const MAPPING: &str = r#"
institution = "BRIN"
unit = "Team"
not_applicable = ["9"]

[items]
dif-01 = "V1"
dif-02 = "V2"

[background.zij-instromer]
column = "ZIJ"
values = { "1" = "ja", "2" = "nee" }
"#;

    fn units() -> HashMap<(String, String), i64> {
        HashMap::from([(("99AA".to_string(), "Techniek".to_string()), 7)])
    }

    #[test]
    fn mapping_errors_name_the_line() {
        let ins = ins();
        let bad = MAPPING.replace("dif-02 = \"V2\"", "bestaat-niet = \"V2\"");
        let e = parse_mapping("m.toml", &bad, &ins).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, 8);
        assert_eq!(e[0].reason.key, "import-mapping-unknown-item");
        let e = parse_mapping("m.toml", "institution = \n", &ins).unwrap_err();
        assert_eq!(e[0].reason.key, "import-mapping-syntax");
        let e = parse_mapping(
            "m.toml",
            &MAPPING.replace("\"nee\" }", "\"misschien\" }"),
            &ins,
        )
        .unwrap_err();
        assert_eq!(e[0].reason.key, "import-mapping-unknown-option");
        assert_eq!(e[0].line, 12);
    }

    #[test]
    fn csv_rows_become_responses_and_bad_cells_are_reported() {
        let ins = ins();
        let m = parse_mapping("m.toml", MAPPING, &ins).unwrap();
        let csv = "BRIN;Team;V1;V2;ZIJ\n99aa;Techniek;4;9;1\n\n99AA;;5;;2\n";
        let t = read_csv("d.csv", csv.as_bytes()).unwrap();
        let date = time::macros::date!(2020 - 11 - 15);
        let r = responses("d.csv", &t, &m, &ins, &["99AA".into()], &units(), date).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].institution, "99AA");
        assert_eq!(r[0].unit, Some(7));
        assert_eq!(r[0].answers[0], ("dif-01".to_string(), Some(4)));
        let dif02_na = ins.items[ins.item_index("dif-02").unwrap()].allow_na;
        assert_eq!(r[0].answers.len(), if dif02_na { 2 } else { 1 });
        assert_eq!(
            r[1].background,
            vec![("zij-instromer".into(), "nee".into())]
        );

        let bad = "BRIN;Team;V1;V2;ZIJ\n99AA;Techniek;7;1;1\n99ZZ;Onbekend;1;1;3\n";
        let t = read_csv("d.csv", bad.as_bytes()).unwrap();
        let e = responses("d.csv", &t, &m, &ins, &["99AA".into()], &units(), date).unwrap_err();
        let found: Vec<(u64, Option<&str>, &str)> = e
            .iter()
            .map(|e| (e.line, e.column.as_deref(), e.reason.key.as_ref()))
            .collect();
        assert_eq!(
            found,
            vec![
                (2, Some("V1"), "import-bad-value"),
                (3, Some("BRIN"), "import-unknown-institution"),
                (3, Some("Team"), "import-unknown-unit"),
                (3, Some("ZIJ"), "import-bad-choice"),
            ]
        );
    }

    #[test]
    fn a_missing_column_is_reported_once() {
        let ins = ins();
        let m = parse_mapping("m.toml", MAPPING, &ins).unwrap();
        let t = read_csv("d.csv", b"BRIN,Team,V1,ZIJ\n99AA,,1,1\n").unwrap();
        let e = responses(
            "d.csv",
            &t,
            &m,
            &ins,
            &["99AA".into()],
            &units(),
            time::Date::MIN,
        )
        .unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].column.as_deref(), Some("V2"));
        assert_eq!(e[0].line, 1);
    }

    #[test]
    fn sav_files_read_like_csv() {
        use sav::{Measure, SavWriter, Value, Variable};
        let vars = vec![
            Variable::string("BRIN", "Instelling", 4),
            Variable::string("Team", "Team", 20),
            Variable::numeric("V1", "dif-01", 0, Measure::Ordinal),
            Variable::numeric("V2", "dif-02", 0, Measure::Ordinal),
            Variable::numeric("ZIJ", "Zij-instromer", 0, Measure::Nominal),
        ];
        let mut w = SavWriter::new(Vec::new(), "historisch", vars).unwrap();
        w.write_row(&[
            Value::Str("99AA"),
            Value::Str("Techniek"),
            Value::Num(3.0),
            Value::Missing,
            Value::Num(2.0),
        ])
        .unwrap();
        let bytes = w.finish().unwrap();
        let t = read_sav("d.sav", &bytes).unwrap();
        let m = parse_mapping("m.toml", MAPPING, &ins()).unwrap();
        let r = responses(
            "d.sav",
            &t,
            &m,
            &ins(),
            &["99AA".into()],
            &units(),
            time::Date::MIN,
        )
        .unwrap();
        assert_eq!(r[0].answers, vec![("dif-01".to_string(), Some(3))]);
        assert_eq!(
            r[0].background,
            vec![("zij-instromer".into(), "nee".into())]
        );
        assert!(read_sav("x.sav", b"not a sav file").is_err());
    }

    #[test]
    fn a_released_wave_takes_additions_only_in_groups_of_the_minimum() {
        let row = |code: &str| NewResponse {
            institution: code.into(),
            unit: None,
            background: Vec::new(),
            answers: Vec::new(),
            open: Vec::new(),
            completed_on: time::macros::date!(2024 - 06 - 01),
        };
        let m = crate::analysis::disclosure::MinGroup::default();
        let mut rows: Vec<NewResponse> = (0..10).map(|_| row("99AA")).collect();
        rows.push(row("99AB"));
        assert_eq!(
            small_additions(&rows, true, m),
            vec![("99AB".to_string(), 1)]
        );
        assert!(small_additions(&rows, false, m).is_empty());
        assert!(small_additions(&rows[..10], true, m).is_empty());
    }
}
