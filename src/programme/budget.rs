//! The budget against what is committed and spent (plan: "Financiële
//! onderbouwing"; the steering group "legt verantwoording af over bestede
//! middelen richting de subsidieverstrekker"). Pure: parsing an import of
//! entries (CSV, every bad row reported with line and field) and the
//! variance and burn per budget line and year, and the financial report
//! built from them (the budget page, its download and the steering report
//! show it).

use std::collections::HashMap;

use time::Date;

use super::definition::Programme;
use crate::i18n::{Msg, Tr};
use crate::institutions::csv_import::{RowError, detect_delimiter, line_numbers};
use crate::reports::document::{self, Block, Cell, ColumnKind, Document, KeyFigure, Layout, Table};

/// Money is held in cents: no rounding drift in sums.
pub type Cents = i64;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Committed (an order or contract), not yet paid.
    Commitment,
    /// Actually spent.
    Actual,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Commitment => "commitment",
            Kind::Actual => "actual",
        }
    }

    pub fn from_key(s: &str) -> Option<Kind> {
        match s.trim().to_lowercase().as_str() {
            "commitment" | "verplichting" | "verplicht" => Some(Kind::Commitment),
            "actual" | "realisatie" | "uitgave" | "besteed" => Some(Kind::Actual),
            _ => None,
        }
    }
}

/// One commitment or expense.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub booked_on: Date,
    /// Id of a budget line of the programme.
    pub line: String,
    pub kind: Kind,
    pub amount: Cents,
    pub description: String,
    pub reference: String,
}

/// An amount as people write it: `1234.56`, `1.234,56`, `€ 1 234,56`,
/// `-250`. At most two decimals.
pub fn parse_amount(s: &str) -> Option<Cents> {
    let t: String = s
        .trim()
        .trim_start_matches('€')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, t),
    };
    if t.is_empty() {
        return None;
    }
    // The last '.' or ',' followed by one or two digits is the decimal mark;
    // any other '.' or ',' groups thousands.
    let mark = t
        .rfind(['.', ','])
        .filter(|&i| (1..=2).contains(&(t.len() - i - 1)));
    let (whole, frac) = match mark {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t.as_str(), ""),
    };
    let whole: String = whole.chars().filter(|c| *c != '.' && *c != ',').collect();
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let euros: i64 = whole.parse().ok()?;
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    let v = euros.checked_mul(100)?.checked_add(cents)?;
    Some(if neg { -v } else { v })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Column {
    Date,
    Line,
    Kind,
    Amount,
    Description,
    Reference,
}

impl Column {
    fn name(self) -> &'static str {
        match self {
            Column::Date => "date",
            Column::Line => "line",
            Column::Kind => "kind",
            Column::Amount => "amount",
            Column::Description => "description",
            Column::Reference => "reference",
        }
    }

    fn of(header: &str) -> Option<Column> {
        let h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
        Some(match h.as_str() {
            "date" | "datum" => Column::Date,
            "line" | "regel" | "begrotingsregel" => Column::Line,
            "kind" | "soort" => Column::Kind,
            "amount" | "bedrag" => Column::Amount,
            "description" | "omschrijving" => Column::Description,
            "reference" | "referentie" | "kenmerk" => Column::Reference,
            _ => return None,
        })
    }
}

/// How many problems of one import are listed; the rest are counted (a
/// small file of bad lines must not give a huge page).
pub const MAX_LISTED_ERRORS: usize = 50;

/// The problems of an import: the first [`MAX_LISTED_ERRORS`] in full,
/// and how many more there were.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportErrors {
    pub listed: Vec<RowError>,
    pub more: usize,
}

impl ImportErrors {
    fn push(&mut self, e: RowError) {
        if self.listed.len() < MAX_LISTED_ERRORS {
            self.listed.push(e);
        } else {
            self.more += 1;
        }
    }

    fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }
}

/// The entries of an import file, or its problems. All or nothing: money
/// is not booked from a file that is partly wrong. A budget line is named
/// by its id or its name; a date must fall in the programme's period.
pub fn parse_csv(data: &[u8], p: &Programme) -> Result<Vec<(u64, Entry)>, ImportErrors> {
    let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    let mut errors = ImportErrors::default();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(data))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(data);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(ImportErrors {
                listed: vec![RowError {
                    line: 1,
                    field: None,
                    reason: Msg::new("import-unreadable").arg("detail", e),
                }],
                more: 0,
            });
        }
    };
    let mut columns: HashMap<Column, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        match Column::of(h) {
            Some(c) if columns.contains_key(&c) => errors.push(RowError {
                line: 1,
                field: Some(c.name()),
                reason: Msg::new("import-duplicate-column").arg("column", h),
            }),
            Some(c) => {
                columns.insert(c, i);
            }
            None => errors.push(RowError {
                line: 1,
                field: None,
                reason: Msg::new("import-unknown-column").arg("column", h),
            }),
        }
    }
    for c in [
        Column::Date,
        Column::Line,
        Column::Amount,
        Column::Description,
    ] {
        if !columns.contains_key(&c) {
            errors.push(RowError {
                line: 1,
                field: Some(c.name()),
                reason: Msg::new("import-missing-column").arg("column", c.name()),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let line_at = line_numbers(data);
    let mut out = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(RowError {
                    line: line_at(e.position()),
                    field: None,
                    reason: Msg::new("import-unreadable").arg("detail", e),
                });
                continue;
            }
        };
        let line = line_at(record.position());
        let get = |c: Column| columns.get(&c).and_then(|&i| record.get(i)).unwrap_or("");
        let mut bad = |field: Column, reason: Msg| {
            errors.push(RowError {
                line,
                field: Some(field.name()),
                reason,
            });
        };
        let value = |key: &'static str, c: Column| Msg::new(key).arg("value", get(c));
        let date = super::definition::parse_date(get(Column::Date))
            .or_else(|| dutch_date(get(Column::Date)));
        match date {
            None => bad(Column::Date, value("budget-import-date", Column::Date)),
            Some(d) if !p.books_on(d) => bad(Column::Date, outside_period(p, d)),
            Some(_) => {}
        }
        let budget_line = p.budget_line(get(Column::Line));
        if budget_line.is_none() {
            bad(Column::Line, value("budget-import-line", Column::Line));
        }
        let kind = match get(Column::Kind) {
            "" => Some(Kind::Actual),
            k => Kind::from_key(k),
        };
        if kind.is_none() {
            bad(Column::Kind, value("budget-import-kind", Column::Kind));
        }
        let amount = parse_amount(get(Column::Amount));
        if amount.is_none() {
            bad(
                Column::Amount,
                value("budget-import-amount", Column::Amount),
            );
        }
        let description = get(Column::Description);
        if description.is_empty() || description.chars().count() > 300 {
            bad(
                Column::Description,
                value("budget-import-description", Column::Description),
            );
        }
        let reference = get(Column::Reference);
        if reference.chars().count() > 100 {
            bad(
                Column::Reference,
                value("budget-import-reference", Column::Reference),
            );
        }
        if let (Some(booked_on), Some(l), Some(kind), Some(amount)) =
            (date, budget_line, kind, amount)
        {
            out.push((
                line,
                Entry {
                    booked_on,
                    line: l.id.clone(),
                    kind,
                    amount,
                    description: description.to_string(),
                    reference: reference.to_string(),
                },
            ));
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(RowError {
            line: 2,
            field: None,
            reason: Msg::new("budget-import-empty"),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Why a booking on `day` is refused: outside the programme's period.
pub fn outside_period(p: &Programme, day: Date) -> Msg {
    let (from, to) = p.booking_period();
    Msg::new("budget-date-outside")
        .arg("value", day)
        .arg("from", from)
        .arg("to", to)
}

/// `31-12-2024` or `31/12/2024`, as Dutch spreadsheets write dates.
fn dutch_date(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s.trim().split(['-', '/']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let month = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

/// One budget line in one year: planned, committed, spent.
#[derive(Clone, Debug, PartialEq)]
pub struct LineYear {
    pub line: usize,
    pub year: i32,
    pub planned: Cents,
    pub committed: Cents,
    pub spent: Cents,
}

/// Planned minus committed and spent: what is left (negative: over).
pub fn balance(planned: Cents, committed: Cents, spent: Cents) -> Cents {
    planned - committed - spent
}

/// Share of the planned amount spent; `None` without a plan.
pub fn burn(planned: Cents, spent: Cents) -> Option<f64> {
    (planned > 0).then(|| spent as f64 / planned as f64)
}

impl LineYear {
    pub fn variance(&self) -> Cents {
        balance(self.planned, self.committed, self.spent)
    }

    pub fn burn(&self) -> Option<f64> {
        burn(self.planned, self.spent)
    }
}

/// Per budget line and year (every year with a plan or a booking), in the
/// order of the definition and ascending years.
pub fn by_line_and_year(p: &Programme, entries: &[Entry]) -> Vec<LineYear> {
    let mut years = p.budget_years();
    years.extend(entries.iter().map(|e| e.booked_on.year()));
    years.sort_unstable();
    years.dedup();
    let mut out = Vec::new();
    for (i, l) in p.budget_lines.iter().enumerate() {
        for &year in &years {
            let booked = |k: Kind| -> Cents {
                entries
                    .iter()
                    .filter(|e| e.line == l.id && e.kind == k && e.booked_on.year() == year)
                    .map(|e| e.amount)
                    .sum()
            };
            let row = LineYear {
                line: i,
                year,
                planned: l.planned(year) * 100,
                committed: booked(Kind::Commitment),
                spent: booked(Kind::Actual),
            };
            if row.planned != 0 || row.committed != 0 || row.spent != 0 {
                out.push(row);
            }
        }
    }
    out
}

/// Sums of rows (per year, per action line, or all).
pub fn total<'a>(rows: impl IntoIterator<Item = &'a LineYear>) -> (Cents, Cents, Cents) {
    rows.into_iter().fold((0, 0, 0), |(p, c, s), r| {
        (p + r.planned, c + r.committed, s + r.spent)
    })
}

/// Euros for people: `€ 1.234,56` (Dutch grouping).
pub fn euros(c: Cents) -> String {
    let sign = if c < 0 { "-" } else { "" };
    let c = c.unsigned_abs();
    let whole = (c / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("{sign}€ {grouped},{:02}", c % 100)
}

// --- the financial report ------------------------------------------------------

fn money(c: Cents) -> Cell {
    Cell::Number(c as f64 / 100.0)
}

/// The financial report of `year`: totals, then per action line its
/// budget lines with planned, committed, spent, variance and burn.
/// With `per_line` false only the totals per action line (the steering
/// report's summary).
pub fn financial_report(
    tr: &Tr,
    p: &Programme,
    entries: &[Entry],
    year: i32,
    generated: time::Date,
    per_line: bool,
) -> Document {
    let lang = tr.lang;
    let rows: Vec<LineYear> = by_line_and_year(p, entries)
        .into_iter()
        .filter(|r| r.year == year)
        .collect();
    let (planned, committed, spent) = total(&rows);
    let mut blocks = vec![Block::KeyFigures(vec![
        KeyFigure {
            label: tr.t("budget-planned"),
            value: euros(planned),
        },
        KeyFigure {
            label: tr.t("budget-committed"),
            value: euros(committed),
        },
        KeyFigure {
            label: tr.t("budget-spent"),
            value: euros(spent),
        },
        KeyFigure {
            label: tr.t("budget-variance"),
            value: euros(balance(planned, committed, spent)),
        },
    ])];
    if let Some(n) = &p.currency_note {
        blocks.push(Block::Paragraph(n.get(lang).to_string()));
    }
    let unchecked: Vec<String> = rows
        .iter()
        .map(|r| &p.budget_lines[r.line])
        .filter(|l| l.to_check)
        .map(|l| l.name.get(lang).to_string())
        .collect();
    if !unchecked.is_empty() {
        blocks.push(Block::Paragraph(tr.t("budget-to-check-note")));
        blocks.push(Block::Bullets(unchecked));
    }
    let columns = |first: &str| {
        let mut c = vec![document::Column {
            header: first.to_string(),
            kind: ColumnKind::Text,
        }];
        for key in [
            "budget-planned",
            "budget-committed",
            "budget-spent",
            "budget-variance",
        ] {
            c.push(document::Column {
                header: tr.t(key),
                kind: ColumnKind::Decimal(2),
            });
        }
        c.push(document::Column {
            header: tr.t("budget-burn"),
            kind: ColumnKind::Percent,
        });
        c
    };
    let row = |label: String, r: (Cents, Cents, Cents)| {
        let (pl, co, sp) = r;
        vec![
            Cell::Text(label),
            money(pl),
            money(co),
            money(sp),
            money(balance(pl, co, sp)),
            burn(pl, sp).map_or(Cell::Empty, Cell::Number),
        ]
    };
    let mut per_line_rows = Vec::new();
    for (a, line) in p.action_lines.iter().enumerate() {
        let mine: Vec<&LineYear> = rows
            .iter()
            .filter(|r| p.budget_lines[r.line].action_line == a)
            .collect();
        per_line_rows.push(row(
            format!("{} · {}", line.letter, line.name.get(lang)),
            total(mine.iter().copied()),
        ));
        if mine.is_empty() || !per_line {
            continue;
        }
        blocks.push(Block::Table(Table {
            id: format!("speerpunt-{}", line.letter.to_ascii_lowercase()),
            title: tr.t1("budget-table-line", "line", line.letter),
            columns: columns(&tr.t("budget-line")),
            rows: mine
                .iter()
                .map(|r| {
                    let l = &p.budget_lines[r.line];
                    let mut name = l.name.get(lang).to_string();
                    if l.to_check {
                        name.push_str(&format!(" ({})", tr.t("budget-to-check")));
                    }
                    row(name, (r.planned, r.committed, r.spent))
                })
                .collect(),
            note: None,
        }));
    }
    per_line_rows.push(row(tr.t("budget-total"), (planned, committed, spent)));
    blocks.insert(
        1,
        Block::Table(Table {
            id: "speerpunten".into(),
            title: tr.t("budget-table-lines"),
            columns: columns(&tr.t("kpi-action-line")),
            rows: per_line_rows,
            note: None,
        }),
    );
    Document {
        title: tr.t1("budget-report-title", "year", year),
        subtitle: Some(p.name.get(lang).to_string()),
        lang: lang.code().to_string(),
        layout: Layout::Report,
        blocks,
        footer: tr.t1("budget-report-footer", "date", generated),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn programme() -> Programme {
        super::super::definition::parse("shipped", super::super::SHIPPED).unwrap()
    }

    #[test]
    fn amounts_as_people_write_them() {
        assert_eq!(parse_amount("1234.56"), Some(123_456));
        assert_eq!(parse_amount("1.234,56"), Some(123_456));
        assert_eq!(parse_amount("€ 1 234,5"), Some(123_450));
        assert_eq!(parse_amount("15000"), Some(1_500_000));
        assert_eq!(parse_amount("15.000"), Some(1_500_000));
        assert_eq!(parse_amount("-250"), Some(-25_000));
        assert_eq!(
            parse_amount("12,345"),
            Some(1_234_500),
            "grouping, not decimals"
        );
        assert_eq!(parse_amount(""), None);
        assert_eq!(parse_amount("twaalf"), None);
        assert_eq!(parse_amount("1,2,3x"), None);
    }

    #[test]
    fn euros_for_people() {
        assert_eq!(euros(123_456), "€ 1.234,56");
        assert_eq!(euros(-5), "-€ 0,05");
        assert_eq!(euros(100_000_000), "€ 1.000.000,00");
    }

    #[test]
    fn every_bad_row_is_reported_with_line_and_field() {
        let p = programme();
        let line = &p.budget_lines[0].id;
        let csv = format!(
            "datum;regel;soort;bedrag;omschrijving;kenmerk\n\
             2024-03-01;{line};realisatie;1.500,00;Zaalhuur;F-1\n\
             \n\
             2024-13-01;{line};;100;Catering;\n\
             2024-04-01;bestaat-niet;;100;Catering;\n\
             2024-04-01;{line};gok;honderd;;\n"
        );
        let errs = parse_csv(csv.as_bytes(), &p).unwrap_err();
        let got: Vec<(u64, Option<&str>)> = errs.listed.iter().map(|e| (e.line, e.field)).collect();
        assert_eq!(
            got,
            vec![
                (4, Some("date")),
                (5, Some("line")),
                (6, Some("kind")),
                (6, Some("amount")),
                (6, Some("description")),
            ]
        );
    }

    #[test]
    fn a_good_file_gives_its_entries() {
        let p = programme();
        let line = &p.budget_lines[0].id;
        let csv = format!(
            "date,line,amount,description\n2024-03-01,{line},1500.00,Zaalhuur\n31-12-2024,{line},250,Catering\n"
        );
        let rows = parse_csv(csv.as_bytes(), &p).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].0, 3);
        assert_eq!(rows[1].1.booked_on, date!(2024 - 12 - 31));
        assert_eq!(rows[1].1.kind, Kind::Actual);
        let missing = parse_csv(b"datum,bedrag\n", &p).unwrap_err().listed;
        assert!(missing.iter().any(|e| e.field == Some("line")));
        assert!(missing.iter().any(|e| e.field == Some("description")));
    }

    #[test]
    fn a_line_is_named_by_id_or_name_and_a_date_must_fall_in_the_programme() {
        let p = programme();
        let l = &p.budget_lines[0];
        let csv = format!(
            "datum;regel;bedrag;omschrijving\n\
             2024-03-01;{};10;Op id\n\
             2024-03-02;  {}  ;10;Op naam\n\
             2024-03-03;{};10;Op Engelse naam\n",
            l.id,
            l.name.nl.to_uppercase(),
            l.name.en
        );
        let rows = parse_csv(csv.as_bytes(), &p).unwrap();
        assert!(rows.iter().all(|(_, e)| e.line == l.id), "{rows:?}");

        let (from, to) = p.booking_period();
        assert_eq!(from, p.starts);
        assert!(to >= p.ends);
        let before = from.previous_day().unwrap();
        let after = to.next_day().unwrap();
        let csv = format!(
            "datum;regel;bedrag;omschrijving\n{before};{id};10;Te vroeg\n{from};{id};10;Eerste dag\n{after};{id};10;Te laat\n",
            id = l.id
        );
        let errs = parse_csv(csv.as_bytes(), &p).unwrap_err().listed;
        let got: Vec<(u64, Option<&str>, &str)> = errs
            .iter()
            .map(|e| (e.line, e.field, e.reason.key.as_ref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, Some("date"), "budget-date-outside"),
                (4, Some("date"), "budget-date-outside"),
            ]
        );
    }

    #[test]
    fn an_import_lists_the_first_errors_and_counts_the_rest() {
        let p = programme();
        let mut csv = String::from("datum;regel;bedrag;omschrijving\n");
        for _ in 0..100_000 {
            csv.push_str("x;y;z;\n");
        }
        assert!(csv.len() < 1_000_000);
        let errs = parse_csv(csv.as_bytes(), &p).unwrap_err();
        assert_eq!(errs.listed.len(), MAX_LISTED_ERRORS);
        // Four bad fields on each of 100,000 lines.
        assert_eq!(errs.listed.len() + errs.more, 400_000);
    }

    #[test]
    fn variance_and_burn_per_line_and_year() {
        let p = programme();
        let (i, l) = p
            .budget_lines
            .iter()
            .enumerate()
            .find(|(_, l)| !l.amounts.is_empty())
            .unwrap();
        let (year, eur) = l.amounts[0];
        let day = Date::from_calendar_date(year, time::Month::June, 1).unwrap();
        let entry = |kind, amount| Entry {
            booked_on: day,
            line: l.id.clone(),
            kind,
            amount,
            description: "x".into(),
            reference: String::new(),
        };
        let entries = [
            entry(Kind::Actual, eur * 50),
            entry(Kind::Commitment, eur * 10),
            entry(Kind::Actual, eur * 25),
        ];
        let rows = by_line_and_year(&p, &entries);
        let row = rows.iter().find(|r| r.line == i && r.year == year).unwrap();
        assert_eq!(row.planned, eur * 100);
        assert_eq!(row.spent, eur * 75);
        assert_eq!(row.committed, eur * 10);
        assert_eq!(row.variance(), eur * 15);
        assert_eq!(row.burn(), Some(0.75));
        let (planned, committed, spent) = total(rows.iter().filter(|r| r.year == year));
        assert_eq!(committed, eur * 10);
        assert_eq!(spent, eur * 75);
        assert!(planned >= eur * 100);
    }
}
