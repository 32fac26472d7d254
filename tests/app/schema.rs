//! The two migration folders describe one schema: after `migrate`, SQLite
//! and PostgreSQL have the same tables, columns (type family, nullability),
//! primary keys, unique and plain indexes and foreign keys. A migration
//! written for one backend and forgotten, or written differently, for the
//! other fails here.
//!
//! Types are compared by family, as the code reads them: SQLite keeps dates
//! and timestamps as TEXT (bound from Rust as ISO strings), so PostgreSQL's
//! `date` and `timestamp with time zone` count as text.

use std::collections::BTreeSet;

use bekwaam::store::Db;
use sqlx::Row;

use crate::helpers::{Backend, TestDb};

/// Everything the comparison looks at, one line per fact, so a failure
/// prints exactly what differs.
type Facts = BTreeSet<String>;

fn family(t: &str) -> &'static str {
    let t = t.to_ascii_lowercase();
    match t.as_str() {
        "integer" | "bigint" | "int" | "int8" | "int4" | "smallint" => "integer",
        "text"
        | "character varying"
        | "varchar"
        | "date"
        | "timestamp with time zone"
        | "timestamptz" => "text",
        "boolean" | "bool" => "boolean",
        "double precision" | "real" | "float8" => "float",
        "blob" | "bytea" => "bytes",
        _ => "other",
    }
}

/// Tables whose names belong to the migration tool, not to us, and
/// SQLite's full-text tables (FTS5's virtual table and its shadow tables),
/// whose PostgreSQL counterpart is an index ([`FULL_TEXT_INDEXES`]).
fn ours(table: &str) -> bool {
    !table.starts_with("_sqlx")
        && !table.starts_with("sqlite_")
        && !table.starts_with("library_fts")
}

/// PostgreSQL's full-text indexes (GIN over an expression), which SQLite
/// keeps as an FTS5 table instead: the one documented difference between
/// the two schemas (migrations 0019). Both are tested by the library's
/// search scenarios on both backends.
const FULL_TEXT_INDEXES: &[&str] = &["index library_items(<expression>)"];

async fn sqlite_facts(db: &Db) -> Facts {
    let Db::Sqlite(p) = db else { unreachable!() };
    let mut facts = Facts::new();
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(p)
            .await
            .unwrap();
    for t in tables.iter().filter(|t| ours(t)) {
        facts.insert(format!("table {t}"));
        let cols = sqlx::query(
            "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY pk, cid",
        )
        .bind(t)
        .fetch_all(p)
        .await
        .unwrap();
        let mut pk = Vec::new();
        for c in &cols {
            let name: String = c.get(0);
            let ty: String = c.get(1);
            let notnull: i64 = c.get(2);
            let pk_pos: i64 = c.get(3);
            // An INTEGER PRIMARY KEY is the rowid: never NULL, whatever the
            // pragma says. Other SQLite key columns accept NULL unless they
            // say NOT NULL, so they are reported as they are.
            let rowid = pk_pos > 0 && ty.eq_ignore_ascii_case("integer");
            let null = if notnull == 1 || rowid {
                "not null"
            } else {
                "null"
            };
            facts.insert(format!("column {t}.{name} {} {null}", family(&ty)));
            if pk_pos > 0 {
                pk.push(name);
            }
        }
        if !pk.is_empty() {
            facts.insert(format!("primary key {t}({})", pk.join(",")));
        }
        let indexes = sqlx::query("SELECT name, \"unique\", origin FROM pragma_index_list(?)")
            .bind(t)
            .fetch_all(p)
            .await
            .unwrap();
        for i in &indexes {
            let name: String = i.get(0);
            let unique: i64 = i.get(1);
            let origin: String = i.get(2);
            if origin == "pk" {
                continue;
            }
            // An expression column (COALESCE(...)) has no name.
            let cols: Vec<String> = sqlx::query_scalar::<_, Option<String>>(
                "SELECT name FROM pragma_index_info(?) ORDER BY seqno",
            )
            .bind(&name)
            .fetch_all(p)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.unwrap_or_else(|| "<expression>".into()))
            .collect();
            let kind = if unique == 1 { "unique" } else { "index" };
            facts.insert(format!("{kind} {t}({})", cols.join(",")));
        }
        let fks = sqlx::query(
            "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq",
        )
        .bind(t)
        .fetch_all(p)
        .await
        .unwrap();
        let mut by_id: std::collections::BTreeMap<i64, (String, Vec<String>, Vec<String>)> =
            Default::default();
        for f in &fks {
            let e = by_id
                .entry(f.get(0))
                .or_insert_with(|| (f.get(1), vec![], vec![]));
            e.1.push(f.get(2));
            // `REFERENCES t` without columns means t's primary key.
            e.2.push(f.get::<Option<String>, _>(3).unwrap_or_else(|| "id".into()));
        }
        for (_, (to, from, cols)) in by_id {
            facts.insert(format!(
                "foreign key {t}({}) -> {to}({})",
                from.join(","),
                cols.join(",")
            ));
        }
    }
    facts
}

async fn postgres_facts(db: &Db) -> Facts {
    let Db::Postgres(p) = db else { unreachable!() };
    let mut facts = Facts::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .fetch_all(p)
    .await
    .unwrap();
    for t in tables.iter().filter(|t| ours(t)) {
        facts.insert(format!("table {t}"));
        let cols = sqlx::query(
            "SELECT column_name::text, data_type::text, is_nullable::text
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
        )
        .bind(t)
        .fetch_all(p)
        .await
        .unwrap();
        for c in &cols {
            let name: String = c.get(0);
            let ty: String = c.get(1);
            let nullable: String = c.get(2);
            let null = if nullable == "NO" { "not null" } else { "null" };
            facts.insert(format!("column {t}.{name} {} {null}", family(&ty)));
        }
        // Indexes with their columns in key order.
        let indexes = sqlx::query(
            "SELECT ix.indisprimary, ix.indisunique,
                    array_agg(COALESCE(a.attname::text, '<expression>') ORDER BY k.ord) AS cols
             FROM pg_index ix
             JOIN pg_class c ON c.oid = ix.indrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
             LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
             WHERE n.nspname = 'public' AND c.relname = $1
             GROUP BY ix.indexrelid, ix.indisprimary, ix.indisunique",
        )
        .bind(t)
        .fetch_all(p)
        .await
        .unwrap();
        for i in &indexes {
            let primary: bool = i.get(0);
            let unique: bool = i.get(1);
            let cols: Vec<String> = i.get(2);
            if primary {
                facts.insert(format!("primary key {t}({})", cols.join(",")));
            } else {
                let kind = if unique { "unique" } else { "index" };
                facts.insert(format!("{kind} {t}({})", cols.join(",")));
            }
        }
        let fks = sqlx::query(
            "SELECT rc.relname::text,
                    array_agg(fa.attname::text ORDER BY k.ord),
                    array_agg(ta.attname::text ORDER BY k.ord)
             FROM pg_constraint con
             JOIN pg_class c ON c.oid = con.conrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_class rc ON rc.oid = con.confrelid
             CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(f, t, ord)
             JOIN pg_attribute fa ON fa.attrelid = con.conrelid AND fa.attnum = k.f
             JOIN pg_attribute ta ON ta.attrelid = con.confrelid AND ta.attnum = k.t
             WHERE con.contype = 'f' AND n.nspname = 'public' AND c.relname = $1
             GROUP BY con.oid, rc.relname",
        )
        .bind(t)
        .fetch_all(p)
        .await
        .unwrap();
        for f in &fks {
            let to: String = f.get(0);
            let from: Vec<String> = f.get(1);
            let cols: Vec<String> = f.get(2);
            facts.insert(format!(
                "foreign key {t}({}) -> {to}({})",
                from.join(","),
                cols.join(",")
            ));
        }
    }
    facts
}

#[tokio::test]
async fn both_migration_folders_produce_the_same_schema() {
    let sqlite = TestDb::new(Backend::Sqlite)
        .await
        .expect("sqlite always runs");
    let Some(pg) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    let a = sqlite_facts(&sqlite.db).await;
    let mut b = postgres_facts(&pg.db).await;
    for ix in FULL_TEXT_INDEXES {
        assert!(
            b.remove(*ix),
            "the full-text index {ix} exists on PostgreSQL"
        );
    }
    assert!(a.len() > 50, "the SQLite schema was read: {a:?}");
    let only_sqlite: Vec<_> = a.difference(&b).collect();
    let only_pg: Vec<_> = b.difference(&a).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "the schemas differ\nonly in migrations/sqlite:\n  {}\nonly in migrations/postgres:\n  {}",
        only_sqlite
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  "),
        only_pg
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  "),
    );
}
