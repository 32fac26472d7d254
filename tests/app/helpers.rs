//! Spawning the real application on port 0 with a fresh database: a SQLite
//! file in a temporary directory, or a fresh PostgreSQL database when
//! `BEKWAAM_TEST_POSTGRES_URL` names a server (dropped again afterwards).

use std::sync::Once;

use bekwaam::audit::Actor;
use bekwaam::auth::{self, Grant, Role, password};
use bekwaam::institutions::{self, Institution, Status};
use bekwaam::store::Db;
use bekwaam::web::{self, Settings};

pub const POSTGRES_ENV: &str = "BEKWAAM_TEST_POSTGRES_URL";

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs a scenario `async fn name(app: TestApp)` on both backends, as
/// `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Sqlite).await;
                super::$name(app.expect("sqlite always runs")).await;
            }
            #[tokio::test]
            async fn postgres() {
                if let Some(app) = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Postgres).await {
                    super::$name(app).await;
                }
            }
        }
    )*};
}

fn init_logs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if std::env::var("TEST_LOG").is_ok() {
            tracing_subscriber::fmt()
                .with_env_filter("info")
                .with_test_writer()
                .init();
        }
    });
}

/// Runs one SQL statement outside the application, on either backend
/// (tests that break the schema under a running app).
pub async fn exec_sql(db: &Db, sql: &str) {
    match db {
        Db::Sqlite(p) => sqlx::query(sql).execute(p).await.map(|_| ()),
        Db::Postgres(p) => sqlx::query(sql).execute(p).await.map(|_| ()),
    }
    .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// A database that exists for one test.
pub struct TestDb {
    pub db: Db,
    _dir: Option<tempfile::TempDir>,
    drop_pg: Option<(String, String)>,
}

impl TestDb {
    /// A fresh, migrated database; `None` for PostgreSQL when no server is
    /// configured (`scripts/test` then says the PostgreSQL half was
    /// skipped). With `CI` set, a missing server fails the test instead of
    /// letting it pass without running.
    pub async fn new(backend: Backend) -> Option<TestDb> {
        let (url, dir, drop_pg) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                (url, Some(dir), None)
            }
            Backend::Postgres => {
                let admin = match std::env::var(POSTGRES_ENV) {
                    Ok(url) => url,
                    Err(_) if std::env::var_os("CI").is_some() => {
                        panic!(
                            "CI is set but {POSTGRES_ENV} is not: the PostgreSQL tests would pass without running"
                        )
                    }
                    Err(_) => return None,
                };
                let name = format!("bekwaam_test_{}", web::random_token(8));
                let admin_db = Db::connect(&admin)
                    .await
                    .expect("connect to the PostgreSQL admin URL");
                if let Db::Postgres(p) = &admin_db {
                    sqlx::query(&format!("CREATE DATABASE {name}"))
                        .execute(p)
                        .await
                        .expect("create test database");
                }
                admin_db.close().await;
                let mut u = url::Url::parse(&admin).expect("valid PostgreSQL URL");
                u.set_path(&name);
                (u.to_string(), None, Some((admin, name)))
            }
        };
        let db = Db::connect(&url).await.expect("connect");
        db.migrate().await.expect("migrate");
        Some(TestDb {
            db,
            _dir: dir,
            drop_pg,
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin, name)) = self.drop_pg.take() else {
            return;
        };
        // Drop runs on the test's runtime, which may still owe the pool the
        // return of a connection; waiting for the pool here (close) could
        // deadlock. DROP ... WITH (FORCE) ends those connections instead,
        // from a thread and runtime of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                if let Ok(Db::Postgres(p)) = Db::connect(&admin).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&p)
                        .await;
                    p.close().await;
                }
            });
        })
        .join();
    }
}

/// The running application and a browser-like client (cookies kept,
/// redirects not followed so tests can see them).
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: Db,
    _test_db: TestDb,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(s) = self.shutdown.take() {
            let _ = s.send(());
        }
    }
}

pub struct Html {
    pub status: u16,
    pub body: String,
    pub location: Option<String>,
}

impl Html {
    pub fn csrf(&self) -> String {
        extract_between(&self.body, "name=\"_csrf\" value=\"", "\"").unwrap_or_default()
    }
}

pub fn extract_between(s: &str, start: &str, end: &str) -> Option<String> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(s[i..j].to_string())
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, Settings::default()).await
    }

    pub async fn spawn_with(backend: Backend, settings: Settings) -> Option<TestApp> {
        init_logs();
        let test_db = TestDb::new(backend).await?;
        let db = test_db.db.clone();
        let router = web::app(db.clone(), settings).await.expect("build app");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = format!("http://{}", listener.local_addr().expect("addr"));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(web::serve(listener, router, async {
            let _ = rx.await;
        }));
        Some(TestApp {
            address,
            client: client(),
            db,
            _test_db: test_db,
            shutdown: Some(tx),
        })
    }

    /// A second, independent browser.
    pub fn new_browser(&self) -> reqwest::Client {
        client()
    }

    pub async fn get(&self, path: &str) -> Html {
        self.get_with(&self.client, path).await
    }

    pub async fn get_with(&self, client: &reqwest::Client, path: &str) -> Html {
        let res = client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("GET");
        to_html(res).await
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Html {
        self.post_with(&self.client, path, form).await
    }

    pub async fn post_with(
        &self,
        client: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> Html {
        let res = client
            .post(format!("{}{path}", self.address))
            .form(form)
            .send()
            .await
            .expect("POST");
        to_html(res).await
    }

    /// Posts `form` with the CSRF token taken from the page at `from`.
    pub async fn submit(&self, from: &str, path: &str, form: &[(&str, &str)]) -> Html {
        self.submit_with(&self.client, from, path, form).await
    }

    pub async fn submit_with(
        &self,
        client: &reqwest::Client,
        from: &str,
        path: &str,
        form: &[(&str, &str)],
    ) -> Html {
        let token = self.get_with(client, from).await.csrf();
        assert!(!token.is_empty(), "no CSRF token on {from}");
        let mut fields = vec![("_csrf", token.as_str())];
        fields.extend_from_slice(form);
        self.post_with(client, path, &fields).await
    }

    pub async fn login(&self, username: &str, password: &str) -> Html {
        self.login_with(&self.client, username, password).await
    }

    pub async fn login_with(
        &self,
        client: &reqwest::Client,
        username: &str,
        password: &str,
    ) -> Html {
        self.submit_with(
            client,
            "/login",
            "/login",
            &[("username", username), ("password", password)],
        )
        .await
    }

    pub async fn logout(&self) -> Html {
        self.submit("/", "/logout", &[]).await
    }

    /// Creates an account with `role` (scoped to `institution`) directly in
    /// the store; the password is `username` + "-wachtwoord".
    pub async fn user(&self, username: &str, role: Role, institution: Option<&str>) -> i64 {
        let hash = password::hash(format!("{username}-wachtwoord"))
            .await
            .expect("hash");
        let new = auth::store::NewUser {
            username,
            display_name: &format!("Test {username}"),
            email: None,
            password_hash: &hash,
            must_change_password: false,
        };
        let id = auth::store::create_user(&self.db, &Actor::system(), &new)
            .await
            .expect("create user");
        let grant = Grant::new(role, institution.map(|c| c.parse().expect("code"))).expect("grant");
        auth::store::grant(&self.db, &Actor::system(), id, &grant)
            .await
            .expect("grant");
        id
    }

    /// Creates a user with `role` and signs in as them in the main client.
    pub async fn login_as(&self, username: &str, role: Role, institution: Option<&str>) {
        self.user(username, role, institution).await;
        let res = self
            .login(username, &format!("{username}-wachtwoord"))
            .await;
        assert_eq!(res.status, 303, "login of {username} failed: {}", res.body);
    }

    pub async fn institution(&self, code: &str, name: &str) {
        let i = Institution {
            code: code.parse().expect("code"),
            name: name.into(),
            place: "Utrecht".into(),
            region: "Midden".into(),
            teaching_staff: 500,
            status: Status::Active,
        };
        institutions::store::create(&self.db, &Actor::system(), &i)
            .await
            .expect("create institution");
    }

    pub async fn api_get(&self, path: &str, key: Option<&str>) -> (u16, Option<String>, String) {
        let mut req = self.client.get(format!("{}{path}", self.address));
        if let Some(k) = key {
            req = req.bearer_auth(k);
        }
        let res = req.send().await.expect("GET");
        let status = res.status().as_u16();
        let ct = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        (status, ct, res.text().await.expect("body"))
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

async fn to_html(res: reqwest::Response) -> Html {
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = res.text().await.expect("body");
    Html {
        status,
        body,
        location,
    }
}

/// A minimal SMTP server for tests: accepts every message and keeps its
/// DATA. It speaks real SMTP over TCP, so the app's mail client is tested
/// end to end.
pub async fn smtp_sink() -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind smtp");
    let port = listener.local_addr().expect("addr").port();
    let inbox = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let store = inbox.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                let mut in_data = false;
                let mut data = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            store.lock().unwrap().push(std::mem::take(&mut data));
                            let _ = write.write_all(b"250 queued\r\n").await;
                        } else {
                            data.push_str(&line);
                            data.push('\n');
                        }
                        continue;
                    }
                    let verb = line
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 sink\r\n",
                        "DATA" => {
                            in_data = true;
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    (port, inbox)
}

/// Undoes quoted-printable soft line breaks so links can be found.
pub fn unfold_mail(s: &str) -> String {
    s.replace("=\n", "").replace("=3D", "=")
}

/// All survey tokens in a text (the last path segment of `/s/` links).
pub fn tokens_in(s: &str) -> Vec<String> {
    s.match_indices("/s/")
        .filter_map(|(i, _)| {
            let t: String = s[i + 3..]
                .chars()
                .take_while(|c| c.is_ascii_hexdigit())
                .collect();
            (t.len() == 32).then_some(t)
        })
        .collect()
}

/// The text of a PDF, whitespace collapsed (table cells wrap).
pub fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    // -raw: content-stream order, so a wrapped table cell stays together.
    let out = std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl TestApp {
    /// Uploads `csv` as the form field `file` (with `extra` fields) to
    /// `action`, with the CSRF token of the page at `from` in the query, as
    /// the upload forms do.
    pub async fn upload(
        &self,
        from: &str,
        action: &str,
        csv: impl AsRef<[u8]>,
        extra: &[(&str, &str)],
    ) -> Html {
        let token = self.get(from).await.csrf();
        let mut form = reqwest::multipart::Form::new().text("_csrf", token).part(
            "file",
            reqwest::multipart::Part::bytes(csv.as_ref().to_vec()).file_name("upload.csv"),
        );
        for (k, v) in extra {
            form = form.text(k.to_string(), v.to_string());
        }
        let res = self
            .client
            .post(format!("{}{action}", self.address))
            .multipart(form)
            .send()
            .await
            .expect("upload");
        to_html(res).await
    }
}
