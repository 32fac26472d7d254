//! Integration tests: the real application on port 0, a fresh database per
//! test, on SQLite always and on PostgreSQL when `BEKWAAM_TEST_POSTGRES_URL`
//! is set (see CONTRIBUTING.md).

mod helpers;

mod api_errors;
mod audit;
mod auth;
mod cli;
mod consent;
mod events;
mod institutions;
mod library;
mod monitor;
mod monitor_home;
mod monitor_invitations;
mod monitor_profile;
mod networks;
mod networks_calendar;
mod policy;
mod policy_goals;
mod programme;
mod reports;
mod reports_layout;
mod scan;
mod schema;
mod storage;
mod workshop;
