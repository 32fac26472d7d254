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
