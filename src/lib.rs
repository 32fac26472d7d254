//! Bekwaam: the platform of the programme Digitaal Bekwaam MBO.
//!
//! One module per part of the programme (see `DESIGN.md` in the shared
//! material and `README.md`); pure rules free of I/O, storage in each part's
//! `store.rs`, HTTP in its `routes.rs`, templates under `templates/<part>/`.
#![forbid(unsafe_code)]

pub mod analysis;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod datafile;
pub mod demo;
pub mod i18n;
pub mod institutions;
pub mod library;
pub mod mail;
pub mod monitor;
pub mod networks;
pub mod policy;
pub mod programme;
pub mod reports;
pub mod scan;
pub mod spam;
pub mod store;
pub mod token;
pub mod web;
pub mod workshop;
