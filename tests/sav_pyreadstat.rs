//! Cross-checks against pyreadstat (ReadStat), an independent .sav
//! implementation: files we write must read correctly there, and files it
//! writes must read correctly here. Needs `python3` (or `$PYTHON`) with
//! pyreadstat and pandas; without them these tests fail rather than skip.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use bekwaam::reports::sav::{
    Compression, Measure, OwnedValue, SavError, SavWriter, UserMissing, Value, VarType, Variable,
    WriteOptions, read,
};

fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sav/check_sav.py")
}

fn run_script(args: &[&str]) {
    let out = Command::new(python())
        .arg(script())
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}); these tests need Python 3 with pyreadstat and pandas",
                python()
            )
        });
    assert!(
        out.status.success(),
        "check_sav.py {args:?} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

struct Dataset {
    file_label: String,
    variables: Vec<Variable>,
    rows: Vec<Vec<OwnedValue>>,
    user_missing: Vec<(String, Vec<f64>)>,
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_num(x: f64) -> String {
    // Debug prints the shortest text that parses back to the same f64.
    format!("{x:?}")
}

fn to_json(d: &Dataset) -> String {
    let vars: Vec<String> = d
        .variables
        .iter()
        .map(|v| {
            let (kind, size) = match v.var_type {
                VarType::Numeric { decimals } => ("numeric", format!("\"decimals\": {decimals}")),
                VarType::String { width } => ("string", format!("\"width\": {width}")),
            };
            let measure = match v.measure {
                Measure::Nominal => "nominal",
                Measure::Ordinal => "ordinal",
                Measure::Scale => "scale",
            };
            let labels: Vec<String> = v
                .value_labels
                .iter()
                .map(|(x, l)| format!("[{}, {}]", json_num(*x), json_str(l)))
                .collect();
            format!(
                "{{\"name\": {}, \"label\": {}, \"type\": \"{kind}\", {size}, \
                 \"measure\": \"{measure}\", \"value_labels\": [{}]}}",
                json_str(&v.name),
                json_str(&v.label),
                labels.join(", ")
            )
        })
        .collect();
    let rows: Vec<String> = d
        .rows
        .iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    OwnedValue::Num(x) => json_num(*x),
                    OwnedValue::Missing => "null".to_owned(),
                    OwnedValue::Str(s) => json_str(s),
                })
                .collect();
            format!("[{}]", cells.join(", "))
        })
        .collect();
    let missing: Vec<String> = d
        .user_missing
        .iter()
        .map(|(name, values)| {
            let values: Vec<String> = values.iter().map(|x| json_num(*x)).collect();
            format!("{}: [{}]", json_str(name), values.join(", "))
        })
        .collect();
    format!(
        "{{\"file_label\": {}, \"variables\": [{}], \"rows\": [{}], \"user_missing\": {{{}}}}}",
        json_str(&d.file_label),
        vars.join(",\n"),
        rows.join(",\n"),
        missing.join(", ")
    )
}

fn survey() -> Dataset {
    use OwnedValue::{Missing, Num, Str};
    let variables = vec![
        Variable::numeric("respondent", "Respondentnummer", 0, Measure::Nominal),
        Variable::numeric(
            "q_digitaal_bekwaam_1",
            "Ik kan één app installeren — stelling 1",
            0,
            Measure::Ordinal,
        )
        .with_value_labels(&[
            (1.0, "Helemaal oneens"),
            (3.0, "Neutraal"),
            (5.0, "Helemaal eens"),
            (99.0, "Weet niet"),
        ]),
        Variable::numeric("gewicht", "Weegfactor", 3, Measure::Scale),
        Variable::string("Opleiding", "Naam van de opleiding", 40),
        Variable::string("x", "", 2),
        Variable::numeric("jaar", "", 0, Measure::Scale),
    ];
    let rows = vec![
        vec![
            Num(1.0),
            Num(5.0),
            Num(1.125),
            Str("Verpleegkunde".into()),
            Str("a".into()),
            Num(2024.0),
        ],
        vec![
            Num(2.0),
            Missing,
            Num(-0.5),
            Str("".into()),
            Str("".into()),
            Num(2024.0),
        ],
        vec![
            Num(3.0),
            Num(99.0),
            Missing,
            Str("Zorg & welzijn — één \"quote\"".into()),
            Str("é".into()),
            Missing,
        ],
        vec![
            Num(1e10),
            Num(-99.0),
            Num(151.0),
            Str("x".repeat(40)),
            Str("b".into()),
            Num(0.1),
        ],
    ];
    Dataset {
        file_label: "Monitor Digitaal Bekwaam — 2024".into(),
        variables,
        rows,
        user_missing: Vec::new(),
    }
}

fn write_ours(path: &Path, d: &Dataset, compression: Compression, seek: bool) {
    let file = fs::File::create(path).unwrap();
    let options = WriteOptions {
        compression,
        created_unix_secs: None,
    };
    let mut w = SavWriter::with_options(file, &d.file_label, d.variables.clone(), options).unwrap();
    for row in &d.rows {
        let row: Vec<Value<'_>> = row.iter().map(OwnedValue::as_value).collect();
        w.write_row(&row).unwrap();
    }
    if seek {
        w.finish_with_case_count().unwrap();
    } else {
        w.finish().unwrap();
    }
}

fn check_with_pyreadstat(d: &Dataset, compression: Compression, seek: bool) {
    let dir = tempfile::tempdir().unwrap();
    let sav = dir.path().join("export.sav");
    let expected = dir.path().join("expected.json");
    write_ours(&sav, d, compression, seek);
    fs::write(&expected, to_json(d)).unwrap();
    run_script(&[sav.to_str().unwrap(), expected.to_str().unwrap()]);
}

#[test]
fn pyreadstat_reads_a_streamed_compressed_export() {
    check_with_pyreadstat(&survey(), Compression::Bytecode, false);
}

#[test]
fn pyreadstat_reads_a_streamed_uncompressed_export() {
    check_with_pyreadstat(&survey(), Compression::None, false);
}

#[test]
fn pyreadstat_reads_an_export_whose_case_count_was_patched_in() {
    check_with_pyreadstat(&survey(), Compression::Bytecode, true);
    check_with_pyreadstat(&survey(), Compression::None, true);
}

#[test]
fn pyreadstat_reads_a_wide_export_with_many_rows() {
    // 70 variables x 3000 rows: cases run across compression blocks.
    let mut variables: Vec<Variable> = (0..68)
        .map(|i| {
            Variable::numeric(
                &format!("vraag_{i:02}"),
                &format!("Vraag {i}"),
                0,
                Measure::Ordinal,
            )
            .with_value_labels(&[(1.0, "oneens"), (5.0, "eens")])
        })
        .collect();
    variables.push(Variable::numeric("score", "Score", 2, Measure::Scale));
    variables.push(Variable::string("toelichting", "Toelichting", 30));
    let mut state = 7u64;
    let rows = (0..3000u32)
        .map(|r| {
            let mut row: Vec<OwnedValue> = (0..68)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1);
                    match (state >> 33) % 13 {
                        0 => OwnedValue::Missing,
                        k => OwnedValue::Num((1 + k % 5) as f64),
                    }
                })
                .collect();
            row.push(OwnedValue::Num(f64::from(r) / 3.0));
            row.push(OwnedValue::Str(if r % 3 == 0 {
                String::new()
            } else {
                format!("rij {r} ë")
            }));
            row
        })
        .collect();
    let d = Dataset {
        file_label: String::new(),
        variables,
        rows,
        user_missing: Vec::new(),
    };
    check_with_pyreadstat(&d, Compression::Bytecode, false);
    check_with_pyreadstat(&d, Compression::None, false);
}

fn pyreadstat_dataset() -> Dataset {
    use OwnedValue::{Missing, Num, Str};
    let mut d = survey();
    // pyreadstat sizes strings to their longest value, so each needs one
    // value of full width.
    d.rows[1][4] = Str("ab".into());
    // A very long string: pyreadstat splits it into 255-byte segments.
    d.variables
        .push(Variable::string("open_antwoord", "Open antwoord", 600));
    let long: String = (0..600).map(|i| (b'a' + (i % 26) as u8) as char).collect();
    for (i, row) in d.rows.iter_mut().enumerate() {
        row.push(Str(if i == 0 {
            long.clone()
        } else {
            format!("antwoord {i}")
        }));
    }
    d.rows[1][1] = Missing;
    d.user_missing = vec![("q_digitaal_bekwaam_1".into(), vec![99.0])];
    d.rows.push(vec![
        Num(5.0),
        Num(3.0),
        Num(0.0),
        Str("laatste".into()),
        Str("zz".into()),
        Num(2017.0),
        Str("".into()),
    ]);
    d
}

fn read_pyreadstat_file(mode: Option<&str>) -> Result<bekwaam::reports::sav::SavFile, SavError> {
    let d = pyreadstat_dataset();
    let dir = tempfile::tempdir().unwrap();
    let sav = dir.path().join("wave.sav");
    let spec = dir.path().join("spec.json");
    fs::write(&spec, to_json(&d)).unwrap();
    let mut args = vec!["--write", sav.to_str().unwrap(), spec.to_str().unwrap()];
    args.extend(mode);
    run_script(&args);
    read(fs::File::open(&sav).unwrap())
}

fn assert_same_as_written_by_pyreadstat(file: &bekwaam::reports::sav::SavFile) {
    let d = pyreadstat_dataset();
    assert_eq!(file.file_label, d.file_label);
    assert_eq!(file.variables, d.variables);
    assert_eq!(file.rows, d.rows);
    let q = file.column("q_digitaal_bekwaam_1").unwrap();
    assert_eq!(file.user_missing[q], UserMissing::Values(vec![99.0]));
    assert!(
        file.user_missing
            .iter()
            .enumerate()
            .all(|(i, m)| i == q || *m == UserMissing::None)
    );
    let mut cleaned = file.clone();
    cleaned.apply_user_missing();
    assert_eq!(cleaned.rows[2][q], OwnedValue::Missing);
    assert_eq!(cleaned.rows[0][q], OwnedValue::Num(5.0));
}

#[test]
fn uncompressed_files_written_by_pyreadstat_read_back_with_labels_and_values() {
    assert_same_as_written_by_pyreadstat(&read_pyreadstat_file(None).unwrap());
}

#[test]
fn bytecode_compressed_files_written_by_pyreadstat_read_back_with_labels_and_values() {
    assert_same_as_written_by_pyreadstat(&read_pyreadstat_file(Some("--row-compress")).unwrap());
}

#[test]
fn zlib_compressed_zsav_files_are_rejected_with_a_clear_error() {
    let err = read_pyreadstat_file(Some("--zsav")).unwrap_err();
    assert!(
        matches!(err, SavError::UnsupportedCompression { .. }),
        "{err}"
    );
    assert!(err.to_string().contains(".zsav"), "{err}");
}
