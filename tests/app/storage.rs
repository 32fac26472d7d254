//! The storage story: the same operations and rules on SQLite and PostgreSQL.

use bekwaam::audit::{self, Actor, Event};
use bekwaam::auth::{self, Grant, Role, throttle};
use bekwaam::institutions::{self, Institution, Status};
use bekwaam::store::{Db, StoreError};
use time::macros::datetime;

use crate::helpers::{Backend, TestDb};

macro_rules! story {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let t = crate::helpers::TestDb::new(crate::helpers::Backend::Sqlite).await.unwrap();
                super::$name(&t.db).await;
            }
            #[tokio::test]
            async fn postgres() {
                if let Some(t) = crate::helpers::TestDb::new(crate::helpers::Backend::Postgres).await {
                    super::$name(&t.db).await;
                }
            }
        }
    )*};
}

story!(
    migrations_run_twice_without_harm,
    institutions_are_stored_found_and_refused_twice,
    a_failed_import_leaves_nothing_behind,
    accounts_grants_and_sessions_versions_round_trip,
    the_audit_log_cannot_be_changed_or_erased,
    login_throttle_state_round_trips,
    api_keys_are_stored_hashed_and_find_their_user,
);

fn inst(code: &str, name: &str) -> Institution {
    Institution {
        code: code.parse().unwrap(),
        name: name.into(),
        place: "Zwolle".into(),
        region: "Oost".into(),
        teaching_staff: 700,
        status: Status::Active,
    }
}

async fn migrations_run_twice_without_harm(db: &Db) {
    db.migrate().await.unwrap();
    db.migrate().await.unwrap();
    assert!(db.ping().await);
}

async fn institutions_are_stored_found_and_refused_twice(db: &Db) {
    let a = Actor::system();
    institutions::store::create(db, &a, &inst("25AA", "ROC Één"))
        .await
        .unwrap();
    let got = institutions::store::get(db, &"25aa".parse().unwrap())
        .await
        .unwrap();
    assert_eq!(got, inst("25AA", "ROC Één"));
    assert!(matches!(
        institutions::store::create(db, &a, &inst("25AA", "Ander")).await,
        Err(StoreError::Duplicate { .. })
    ));
    assert!(matches!(
        institutions::store::get(db, &"25ZZ".parse().unwrap()).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        institutions::store::save(db, &a, &inst("25ZZ", "Niet bestaand")).await,
        Err(StoreError::NotFound)
    ));
    // Case-insensitive search on both backends, with non-ASCII names.
    let (found, total) = institutions::store::search(db, "één", None, 10, 0)
        .await
        .unwrap();
    assert_eq!((found.len(), total), (1, 1));
    let (found, _) = institutions::store::search(db, "roc", None, 10, 0)
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let scope_code = "25BB".parse().unwrap();
    let (scoped, _) = institutions::store::search(db, "", Some(&[&scope_code]), 10, 0)
        .await
        .unwrap();
    assert!(scoped.is_empty(), "a scope only shows its own institutions");
}

async fn a_failed_import_leaves_nothing_behind(db: &Db) {
    let a = Actor::system();
    // The second row breaks a CHECK rule inside the transaction.
    let mut bad = inst("25BB", "Negatief");
    bad.teaching_staff = -1;
    let res = institutions::store::import(db, &a, &[inst("25AA", "Goed"), bad]).await;
    assert!(res.is_err());
    assert_eq!(institutions::store::count(db).await.unwrap(), 0);
    let (entries, _) = audit::store::list(db, &audit::Filter::default(), 10, 0)
        .await
        .unwrap();
    assert!(entries.is_empty(), "no audit entry without its change");
}

async fn accounts_grants_and_sessions_versions_round_trip(db: &Db) {
    let a = Actor::system();
    institutions::store::create(db, &a, &inst("25AA", "ROC"))
        .await
        .unwrap();
    let new = auth::store::NewUser {
        username: "jan",
        display_name: "Jan",
        email: Some("jan@voorbeeld.nl"),
        password_hash: "$argon2id$x",
        must_change_password: false,
    };
    let id = auth::store::create_user(db, &a, &new).await.unwrap();
    assert!(
        matches!(
            auth::store::create_user(db, &a, &new).await,
            Err(StoreError::Duplicate { constraint }) if constraint.contains("username")
        ),
        "the database names the broken rule on both backends"
    );
    let coord = Grant::new(Role::Coordinator, Some("25AA".parse().unwrap())).unwrap();
    auth::store::grant(db, &a, id, &coord).await.unwrap();
    assert!(
        matches!(
            auth::store::grant(db, &a, id, &coord).await,
            Err(StoreError::Duplicate { .. })
        ),
        "a grant is held once"
    );
    let expert = Grant::new(Role::Expert, None).unwrap();
    auth::store::grant(db, &a, id, &expert).await.unwrap();
    assert!(
        matches!(
            auth::store::grant(db, &a, id, &expert).await,
            Err(StoreError::Duplicate { .. })
        ),
        "also without an institution"
    );
    let unknown = Grant::new(Role::Coordinator, Some("25ZZ".parse().unwrap())).unwrap();
    assert!(
        matches!(
            auth::store::grant(db, &a, id, &unknown).await,
            Err(StoreError::MissingReference { .. })
        ),
        "the institution must exist"
    );

    let u = auth::store::session_user(db, id, 0).await.unwrap().unwrap();
    assert_eq!(u.grants, vec![coord.clone(), expert.clone()]);
    auth::store::set_password(db, &a, id, "$argon2id$y", true)
        .await
        .unwrap();
    assert!(
        auth::store::session_user(db, id, 0)
            .await
            .unwrap()
            .is_none(),
        "old sessions end"
    );
    let v = auth::store::session_version(db, id).await.unwrap();
    assert!(
        auth::store::session_user(db, id, v)
            .await
            .unwrap()
            .unwrap()
            .must_change_password
    );
    auth::store::revoke(db, &a, id, &expert).await.unwrap();
    assert!(matches!(
        auth::store::revoke(db, &a, id, &expert).await,
        Err(StoreError::NotFound)
    ));
    auth::store::set_active(db, &a, id, false).await.unwrap();
    let v = auth::store::session_version(db, id).await.unwrap();
    assert!(
        auth::store::session_user(db, id, v)
            .await
            .unwrap()
            .is_none(),
        "inactive accounts have no session"
    );
    let accounts = auth::store::accounts(db).await.unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].grants, vec![coord]);
    assert!(!accounts[0].active);
}

async fn the_audit_log_cannot_be_changed_or_erased(db: &Db) {
    let actor = Actor::user(7, "pm");
    audit::store::record_now(
        db,
        &actor,
        Event {
            entity: "institution",
            entity_id: "25AA",
            action: "view",
            summary: "Viewed".into(),
        },
    )
    .await
    .unwrap();
    let update = bekwaam::on_db!(db, |p| sqlx::query("UPDATE audit_log SET summary = 'x'")
        .execute(p)
        .await
        .map(|_| ()));
    assert!(update.is_err(), "UPDATE refused");
    let delete = bekwaam::on_db!(db, |p| sqlx::query("DELETE FROM audit_log")
        .execute(p)
        .await
        .map(|_| ()));
    assert!(delete.is_err(), "DELETE refused");
    let (entries, total) = audit::store::list(db, &audit::Filter::default(), 10, 0)
        .await
        .unwrap();
    assert_eq!(total, 1);
    assert_eq!(entries[0].summary, "Viewed");
    // Filters: by actor, by day.
    // Filter days are days in Amsterdam, so "today" is Amsterdam's (from
    // 23:00 UTC on it is already tomorrow there).
    let today = audit::local(time::OffsetDateTime::now_utc())
        .date()
        .to_string();
    let f = audit::Filter {
        actor: "pm".into(),
        from: today.clone(),
        to: today,
        ..Default::default()
    };
    assert_eq!(audit::store::list(db, &f, 10, 0).await.unwrap().1, 1);
    let f = audit::Filter {
        actor: "iemand".into(),
        ..Default::default()
    };
    assert_eq!(audit::store::list(db, &f, 10, 0).await.unwrap().1, 0);
    let f = audit::Filter {
        to: "2000-01-01".into(),
        ..Default::default()
    };
    assert_eq!(audit::store::list(db, &f, 10, 0).await.unwrap().1, 0);
}

async fn login_throttle_state_round_trips(db: &Db) {
    assert_eq!(auth::store::throttle_state(db, "x").await.unwrap(), None);
    let s = throttle::State {
        failures: 3,
        window_start: datetime!(2026-11-29 10:00 UTC),
        locked_until: Some(datetime!(2026-11-29 10:15 UTC)),
    };
    auth::store::save_throttle(db, "x", &s).await.unwrap();
    auth::store::save_throttle(db, "x", &s).await.unwrap();
    assert_eq!(auth::store::throttle_state(db, "x").await.unwrap(), Some(s));
    auth::store::clear_throttle(db, "x").await.unwrap();
    assert_eq!(auth::store::throttle_state(db, "x").await.unwrap(), None);
}

async fn api_keys_are_stored_hashed_and_find_their_user(db: &Db) {
    let a = Actor::system();
    let new = auth::store::NewUser {
        username: "koppeling",
        display_name: "Koppeling",
        email: None,
        password_hash: "$argon2id$x",
        must_change_password: false,
    };
    let id = auth::store::create_user(db, &a, &new).await.unwrap();
    let key = auth::store::create_api_key(db, &a, id, "test")
        .await
        .unwrap();
    assert!(key.len() > 60, "256-bit key");
    let stored: Vec<(String,)> =
        bekwaam::on_db!(db, |p| sqlx::query_as("SELECT key_hash FROM api_keys")
            .fetch_all(p)
            .await
            .unwrap());
    assert_ne!(stored[0].0, key, "only the hash is stored");
    assert_eq!(
        auth::store::api_key_user(db, &key)
            .await
            .unwrap()
            .unwrap()
            .id,
        id
    );
    assert!(
        auth::store::api_key_user(db, "bkw_wrong")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn an_unknown_database_url_is_refused_with_its_name() {
    let err = Db::connect("mysql://x").await.unwrap_err();
    assert!(err.to_string().contains("mysql://x"));
    let _ = Backend::Sqlite;
    let _ = TestDb::new;
}
