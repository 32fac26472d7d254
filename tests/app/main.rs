//! Integration tests: the real application on port 0, a fresh database per
//! test, on SQLite always and on PostgreSQL when `BEKWAAM_TEST_POSTGRES_URL`
//! is set (see CONTRIBUTING.md).

mod helpers;

mod audit;
mod auth;
mod cli;
mod institutions;
mod monitor;
mod monitor_home;
mod monitor_invitations;
mod monitor_profile;
mod programme;
mod reports;
mod schema;
mod storage;
