//! The `bekwaam` binary as an operator uses it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_bekwaam");

#[test]
fn the_demo_starts_prints_its_accounts_and_answers_healthz() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..2 {
        // The second round reuses the database.
        let mut child = Command::new(BIN)
            .args(["demo", "--addr", "127.0.0.1:0", "--data"])
            .arg(dir.path())
            .env("BEKWAAM_LANG", "nl")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut printed = Vec::new();
        let url = loop {
            let line = lines.next().expect("demo printed its URL").unwrap();
            if let Some(url) = line.strip_prefix("Bekwaam draait op ") {
                break url.to_string();
            }
            printed.push(line);
        };
        let text = printed.join("\n");
        for (role, user) in [
            ("Programmamanager", "programmamanager"),
            ("Stuurgroep", "stuurgroep"),
            ("Onderzoeker", "onderzoeker"),
            ("Instellingscoördinator", "coordinator"),
            ("Expert", "expert"),
        ] {
            assert!(
                text.contains(role) && text.contains(user),
                "round {round}: {text}"
            );
        }
        assert!(dir.path().join("bekwaam.db").exists());
        let rt = tokio::runtime::Runtime::new().unwrap();
        let status = rt.block_on(async {
            reqwest::get(format!("{url}/healthz"))
                .await
                .unwrap()
                .status()
                .as_u16()
        });
        assert_eq!(status, 200);
        let institutions = rt.block_on(async {
            let db = bekwaam::store::Db::connect(&format!(
                "sqlite://{}",
                dir.path().join("bekwaam.db").display()
            ))
            .await
            .unwrap();
            bekwaam::institutions::store::count(&db).await.unwrap()
        });
        assert_eq!(institutions, 12, "seeded once, not twice");
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

#[test]
fn a_bad_institutions_csv_is_reported_by_file_line_and_field_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    let file = dir.path().join("instellingen.csv");
    std::fs::write(
        &file,
        "code,name,place,region,teaching_staff\n25AA,ROC Een,Assen,Noord,300\n25B,ROC Twee,Breda,Zuid,500\n25CC,,Delft,West,x\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["institutions", "import"])
        .arg(&file)
        .args(["--database-url", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    let f = file.display().to_string();
    assert!(err.contains(&format!("{f}:3: code:")), "{err}");
    assert!(
        err.contains(&format!("{f}:4: name: Dit veld is verplicht.")),
        "{err}"
    );
    assert!(err.contains(&format!("{f}:4: teaching_staff:")), "{err}");
    assert!(err.contains("Niets geïmporteerd"), "{err}");

    let partial = Command::new(BIN)
        .args(["institutions", "import", "--partial"])
        .arg(&file)
        .args(["--database-url", &url])
        .output()
        .unwrap();
    assert!(partial.status.success());
    assert!(
        String::from_utf8(partial.stdout)
            .unwrap()
            .contains("1 toegevoegd")
    );
}

#[test]
fn users_are_added_and_granted_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .args(["--database-url", &url])
            .output()
            .unwrap()
    };
    let out = run(&[
        "user",
        "add",
        "--username",
        "beheer",
        "--name",
        "Beheerder",
        "--role",
        "programme_manager",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("Tijdelijk wachtwoord")
    );
    let bad = run(&[
        "user",
        "grant",
        "--username",
        "beheer",
        "--role",
        "coordinator",
    ]);
    assert!(!bad.status.success());
    assert!(
        String::from_utf8(bad.stderr)
            .unwrap()
            .contains("Kies een instelling")
    );
    let unknown = run(&["user", "grant", "--username", "niemand", "--role", "expert"]);
    assert!(
        String::from_utf8(unknown.stderr)
            .unwrap()
            .contains("Er is geen account met gebruikersnaam niemand")
    );
    let ok = run(&[
        "user",
        "grant",
        "--username",
        "beheer",
        "--role",
        "researcher",
    ]);
    assert!(ok.status.success());
    let help = Command::new(BIN)
        .args(["user", "add", "--help"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(help.stdout)
            .unwrap()
            .contains("--password-stdin")
    );
}

#[test]
fn an_instrument_file_with_errors_is_reported_by_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("goed.toml");
    std::fs::write(&good, bekwaam::monitor::DEFAULT_INSTRUMENT).unwrap();
    let ok = Command::new(BIN)
        .args(["instrument", "check"])
        .arg(&good)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8(ok.stdout).unwrap().contains("is in orde"));

    // Point the first item at a domain that does not exist.
    let src = bekwaam::monitor::DEFAULT_INSTRUMENT;
    let at = src.find("[[items]]").unwrap();
    let domain_at = at + src[at..].find("domain = \"").unwrap();
    let line = src[..at].matches('\n').count() + 1;
    let bad_src = format!(
        "{}domain = \"bestaat-niet{}",
        &src[..domain_at],
        &src[domain_at + "domain = \"".len()..]
    );
    let bad = dir.path().join("fout.toml");
    std::fs::write(&bad, bad_src).unwrap();
    let out = Command::new(BIN)
        .args(["instrument", "check"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    let expected = format!(
        "{}:{line}: items[0].domain: Er is geen deelgebied",
        bad.display()
    );
    assert!(err.contains(&expected), "{err}\nexpected: {expected}");
}

#[test]
fn invite_links_prints_one_link_per_line_and_stores_no_token() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = bekwaam::cli::open(&url).await.unwrap();
        bekwaam::demo::seed(&db).await.unwrap();
        bekwaam::demo::seed_monitor(&db).await.unwrap();
    });
    let out = Command::new(BIN)
        .args([
            "invite",
            "links",
            "--wave",
            "2026",
            "--institution",
            "99AB",
            "--count",
            "5",
            "--base-url",
            "https://bekwaam.test/",
        ])
        .args(["--database-url", &url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5);
    for l in &lines {
        let token = l.strip_prefix("https://bekwaam.test/s/").unwrap();
        assert_eq!(token.len(), 32);
    }
    let db_bytes = std::fs::read(dir.path().join("cli.db")).unwrap();
    let wal = std::fs::read(dir.path().join("cli.db-wal")).unwrap_or_default();
    for l in &lines {
        let token = l.rsplit('/').next().unwrap().as_bytes();
        assert!(
            !db_bytes.windows(token.len()).any(|w| w == token),
            "token stored in the database file"
        );
        assert!(
            !wal.windows(token.len()).any(|w| w == token),
            "token stored in the WAL"
        );
    }
    let wrong = Command::new(BIN)
        .args([
            "invite",
            "links",
            "--wave",
            "1999",
            "--institution",
            "99AB",
            "--count",
            "1",
            "--base-url",
            "x",
        ])
        .args(["--database-url", &url])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(wrong.stderr)
            .unwrap()
            .contains("Er is geen afname met de naam 1999")
    );
}

#[test]
fn survey_tokens_never_appear_in_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("stderr.log");
    let mut child = Command::new(BIN)
        .args(["demo", "--addr", "127.0.0.1:0", "--data"])
        .arg(dir.path())
        .env("BEKWAAM_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut survey = None;
    let base = loop {
        let line = lines.next().expect("demo output").unwrap();
        if let Some(u) = line.strip_prefix("Probeer de vragenlijst als docent: ") {
            survey = Some(u.to_string());
        }
        if let Some(u) = line.strip_prefix("Bekwaam draait op ") {
            break u.to_string();
        }
    };
    let survey = survey.expect("the demo prints a survey link");
    let token = survey.rsplit('/').next().unwrap().to_string();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let fresh = rt.block_on(async {
        let c = reqwest::Client::new();
        // The printed link is claimed at first use: the browser lands on a
        // fresh token's first page.
        let first = c.get(&survey).send().await.unwrap();
        assert_eq!(first.status(), 200);
        let landed = first.url().path().to_string();
        let fresh = landed
            .strip_prefix("/s/")
            .and_then(|p| p.strip_suffix("/page/0"))
            .expect("the fresh link's first page")
            .to_string();
        assert_ne!(fresh, token);
        let r = c
            .post(format!("{base}/s/{fresh}/page/0"))
            .form(&[("nav", "next")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let api = c
            .get(format!("{base}/api/v1/survey/{fresh}"))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 200);
        let used = c.get(&survey).send().await.unwrap();
        assert_eq!(used.status(), 409, "the printed link is used up");
        let missing = c
            .get(format!("{base}/s/{}", "f".repeat(32)))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 404);
        fresh
    });
    child.kill().unwrap();
    child.wait().unwrap();
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        logged.contains("/s/{token}"),
        "requests are logged, by route: {logged}"
    );
    assert!(!logged.contains(&token), "the token leaked into the log");
    assert!(
        !logged.contains(&fresh),
        "the claimed token leaked into the log"
    );
    assert!(!logged.contains(&"f".repeat(32)));
}

/// Historical waves: the same responses imported from CSV, imported from
/// SPSS .sav, and written directly give identical reports (`bekwaam report`);
/// a bad row imports nothing and names file, line and column.
#[test]
fn historical_import_round_trip_through_csv_and_sav() {
    use bekwaam::analysis::store::{NewResponse, insert_completed};
    use bekwaam::audit::Actor;
    use bekwaam::monitor::{self, WaveState, store as ms};
    use bekwaam::reports::sav;

    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("h.db").display());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let ins = rt.block_on(async {
        let db = bekwaam::store::Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        let actor = Actor::system();
        for (code, name) in [("99AA", "ROC Historie"), ("99AB", "ROC Verleden")] {
            let i = bekwaam::institutions::Institution {
                code: code.parse().unwrap(),
                name: name.into(),
                place: "Utrecht".into(),
                region: "Midden".into(),
                teaching_staff: 100,
                status: bekwaam::institutions::Status::Active,
            };
            bekwaam::institutions::store::create(&db, &actor, &i)
                .await
                .unwrap();
        }
        let (iid, iver) = monitor::ensure_default_instrument(&db).await.unwrap();
        for name in ["direct", "csv", "sav"] {
            let w = monitor::validate_wave(
                name,
                &format!("{iid}@{iver}"),
                "2020-10-01",
                "2021-01-31",
                &["99AA".into(), "99AB".into()],
            )
            .unwrap();
            ms::create_wave(&db, &actor, &w).await.unwrap();
        }
        let src = ms::instrument_source(&db, &iid, &iver)
            .await
            .unwrap()
            .unwrap();
        monitor::instrument::parse("x", &src).unwrap()
    });
    // 24 + 16 respondents, answers varying by respondent and item.
    let value = |r: usize, i: usize, s: &monitor::instrument::Scale| -> Option<i64> {
        if (r + i).is_multiple_of(13) {
            return None;
        }
        Some(s.options[(r * 7 + i * 3) % s.options.len()].value)
    };
    let people: Vec<(&str, usize)> = (0..40)
        .map(|r| (if r < 24 { "99AA" } else { "99AB" }, r))
        .collect();
    let direct: Vec<NewResponse> = people
        .iter()
        .map(|(code, r)| NewResponse {
            institution: code.to_string(),
            unit: None,
            background: vec![(
                "zij-instromer".into(),
                if r % 3 == 0 { "ja" } else { "nee" }.into(),
            )],
            answers: ins
                .items
                .iter()
                .enumerate()
                .filter_map(|(i, it)| {
                    value(*r, i, &ins.scales[it.scale]).map(|v| (it.id.clone(), Some(v)))
                })
                .collect(),
            open: Vec::new(),
            completed_on: time::macros::date!(2021 - 01 - 31),
        })
        .collect();
    rt.block_on(async {
        let db = bekwaam::store::Db::connect(&url).await.unwrap();
        let w = ms::wave_by_name(&db, "direct").await.unwrap();
        insert_completed(&db, w.id, &direct).await.unwrap();
    });

    // The mapping: column Vn holds item n.
    let mut mapping = String::from("institution = \"BRIN\"\n\n[items]\n");
    for (i, it) in ins.items.iter().enumerate() {
        mapping.push_str(&format!("{} = \"V{i}\"\n", it.id));
    }
    mapping.push_str("\n[background.zij-instromer]\ncolumn = \"ZIJ\"\nvalues = { \"1\" = \"ja\", \"2\" = \"nee\" }\n");
    let map_path = dir.path().join("koppeling.toml");
    std::fs::write(&map_path, &mapping).unwrap();

    let mut csv = String::from("BRIN;ZIJ");
    for i in 0..ins.items.len() {
        csv.push_str(&format!(";V{i}"));
    }
    csv.push('\n');
    let mut sav_rows: Vec<Vec<sav::OwnedValue>> = Vec::new();
    for (code, r) in &people {
        csv.push_str(&format!("{code};{}", if r % 3 == 0 { 1 } else { 2 }));
        let mut row = vec![
            sav::OwnedValue::Str(code.to_string()),
            sav::OwnedValue::Num(if r % 3 == 0 { 1.0 } else { 2.0 }),
        ];
        for (i, it) in ins.items.iter().enumerate() {
            match value(*r, i, &ins.scales[it.scale]) {
                Some(v) => {
                    csv.push_str(&format!(";{v}"));
                    row.push(sav::OwnedValue::Num(v as f64));
                }
                None => {
                    csv.push(';');
                    row.push(sav::OwnedValue::Missing);
                }
            }
        }
        csv.push('\n');
        sav_rows.push(row);
    }
    let csv_path = dir.path().join("monitor-2020.csv");
    std::fs::write(&csv_path, &csv).unwrap();
    let mut vars = vec![
        sav::Variable::string("BRIN", "Instelling", 4),
        sav::Variable::numeric("ZIJ", "Zij-instromer", 0, sav::Measure::Nominal),
    ];
    for i in 0..ins.items.len() {
        vars.push(sav::Variable::numeric(
            &format!("V{i}"),
            "",
            0,
            sav::Measure::Ordinal,
        ));
    }
    let mut w = sav::SavWriter::new(Vec::new(), "historisch", vars).unwrap();
    for row in &sav_rows {
        let values: Vec<sav::Value> = row.iter().map(|v| v.as_value()).collect();
        w.write_row(&values).unwrap();
    }
    let sav_path = dir.path().join("monitor-2020.sav");
    std::fs::write(&sav_path, w.finish().unwrap()).unwrap();

    let run = |args: &[&str]| {
        let out = Command::new(BIN)
            .args(["--database-url", &url])
            .args(args)
            .env("BEKWAAM_LANG", "nl")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    for (wave, data) in [("csv", &csv_path), ("sav", &sav_path)] {
        let (ok, stdout, stderr) = run(&[
            "responses",
            "import",
            "--wave",
            wave,
            "--mapping",
            map_path.to_str().unwrap(),
            data.to_str().unwrap(),
        ]);
        assert!(ok, "{stdout}{stderr}");
        assert!(stdout.contains("40 antwoorden geïmporteerd"), "{stdout}");
    }
    // Imported waves are reported once closed, like native ones.
    rt.block_on(async {
        let db = bekwaam::store::Db::connect(&url).await.unwrap();
        for name in ["direct", "csv", "sav"] {
            let w = ms::wave_by_name(&db, name).await.unwrap();
            ms::advance(&db, &Actor::system(), w.id, WaveState::Open)
                .await
                .unwrap();
            ms::advance(&db, &Actor::system(), w.id, WaveState::Closed)
                .await
                .unwrap();
        }
    });
    // An institution report by name is made for an account (issue 13).
    for (user, role) in [("beheer", "programme_manager"), ("stuur", "steering_group")] {
        let (ok, _, stderr) = run(&[
            "user",
            "add",
            "--username",
            user,
            "--name",
            user,
            "--role",
            role,
        ]);
        assert!(ok, "{stderr}");
    }
    let csv_out = dir.path().join("refused.csv");
    let refused = |extra: &[&str]| {
        let mut args = vec![
            "report",
            "--wave",
            "direct",
            "--institution",
            "99AA",
            "--format",
            "csv",
            "--table",
            "deelgebieden",
            "-o",
            csv_out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let (ok, _, stderr) = refused(&[]);
    assert!(!ok && stderr.contains("--as"), "{stderr}");
    let (ok, _, stderr) = refused(&["--as", "stuur"]);
    assert!(
        !ok && stderr.contains("instemden met vermelding op naam"),
        "the steering group reads no institution by name without consent: {stderr}"
    );
    assert!(!csv_out.exists());
    let report = |wave: &str, code: &str| {
        let out = dir.path().join(format!("{wave}-{code}.csv"));
        let (ok, stdout, stderr) = run(&[
            "report",
            "--as",
            "beheer",
            "--wave",
            wave,
            "--institution",
            code,
            "--format",
            "csv",
            "--table",
            "deelgebieden",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(ok, "{stdout}{stderr}");
        // The last column compares with the previous wave, which differs
        // per wave here ("csv" follows "direct"): leave it out.
        std::fs::read_to_string(out)
            .unwrap()
            .lines()
            .map(|l| l.rsplit_once(';').map_or(l, |(head, _)| head).to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    // Published figures carry each wave's own perturbation (cell keys of
    // other response ids), so the round trip is checked on the exact scored
    // responses, and the report is checked to be there.
    let direct = report("direct", "99AA");
    let n: u64 = direct
        .lines()
        .nth(1)
        .and_then(|l| l.split(';').nth(1))
        .and_then(|n| n.parse().ok())
        .expect("n in the first domain row");
    assert!(
        n.abs_diff(24) <= 2,
        "about 24 respondents at 99AA: {direct}"
    );
    assert!(report("sav", "99AA").contains("Didactisch gebruik van ict"));
    let scored = |name: &str| {
        let url = url.clone();
        let name = name.to_string();
        rt.block_on(async move {
            let db = bekwaam::store::Db::connect(&url).await.unwrap();
            let w = ms::wave_by_name(&db, &name).await.unwrap();
            let secret = bekwaam::analysis::store::secret(&db).await.unwrap();
            let wave = bekwaam::analysis::store::load_wave(&db, &Default::default(), &w, &secret)
                .await
                .unwrap();
            let mut rows: Vec<String> = wave
                .data
                .responses
                .iter()
                .map(|r| {
                    format!(
                        "{} {:?} {:?}",
                        wave.data.institutions[r.institution as usize], r.coded, r.scores
                    )
                })
                .collect();
            rows.sort();
            rows
        })
    };
    let expected = scored("direct");
    assert_eq!(expected.len(), 40);
    assert_eq!(scored("csv"), expected);
    assert_eq!(scored("sav"), expected);

    // A bad value and an unknown institution: nothing imported, every problem named.
    // Line 2: item V0 gets 77; line 26 (the first 99AB row): an unknown code.
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    let mut cells: Vec<String> = lines[1].split(';').map(str::to_string).collect();
    cells[2] = "77".into();
    lines[1] = cells.join(";");
    lines[25] = lines[25].replacen("99AB", "99ZZ", 1);
    let bad = lines.join("\n");
    let bad_path = dir.path().join("fout.csv");
    std::fs::write(&bad_path, bad).unwrap();
    let (ok, _, stderr) = run(&[
        "responses",
        "import",
        "--wave",
        "csv",
        "--mapping",
        map_path.to_str().unwrap(),
        bad_path.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(
        stderr.contains("fout.csv:2: V0: Waarde '77' past niet"),
        "{stderr}"
    );
    assert!(
        stderr.contains("fout.csv:26: BRIN: Instelling '99ZZ' doet niet mee"),
        "{stderr}"
    );
    assert!(stderr.contains("Niets geïmporteerd"), "{stderr}");
    assert_eq!(scored("csv"), expected, "nothing was added");

    // One more teacher into the closed wave with results: refused, or the
    // reports before and after would differ by that teacher alone.
    let lines: Vec<&str> = csv.lines().collect();
    let one_path = dir.path().join("een.csv");
    std::fs::write(&one_path, format!("{}\n{}\n", lines[0], lines[1])).unwrap();
    let (ok, _, stderr) = run(&[
        "responses",
        "import",
        "--wave",
        "csv",
        "--mapping",
        map_path.to_str().unwrap(),
        one_path.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(
        stderr.contains("instelling 99AA: 1 antwoorden erbij") && stderr.contains("minstens 10"),
        "{stderr}"
    );
    assert_eq!(scored("csv"), expected, "nothing was added");
}

#[test]
fn policy_export_writes_the_sector_overview_and_refuses_a_bad_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = bekwaam::cli::open(&url).await.unwrap();
        bekwaam::demo::seed(&db).await.unwrap();
        bekwaam::policy::demo::seed(&db).await.unwrap();
    });
    let csv = dir.path().join("beleid.csv");
    let out = Command::new(BIN)
        .args(["--database-url", &url, "policy", "export", "-o"])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    // A row per active demo institution, by name, with its status.
    assert!(text.lines().count() > 10, "{text}");
    assert!(text.contains("ROC Voorbeeld Noord"), "{text}");
    let xlsx = dir.path().join("beleid.xlsx");
    let out = Command::new(BIN)
        .args(["--database-url", &url, "policy", "export", "-o"])
        .arg(&xlsx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK", "a workbook");
    let bad = dir.path().join("beleid.pdf");
    let out = Command::new(BIN)
        .args(["--database-url", &url, "policy", "export", "-o"])
        .arg(&bad)
        .env("BEKWAAM_LANG", "nl")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("kies een bestand dat eindigt op .xlsx of .csv"),
        "{err}"
    );
    assert!(!bad.exists());
}
