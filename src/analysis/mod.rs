//! Analysis of the monitor (speerpunt A, monitoring & evaluatie): scoring,
//! statistics and, next, disclosure control and reports. The plan asks to
//! see "per deelgebied" how ict-competence develops, and cites the Dutch
//! DPA's warning that privacy in education is not in order: nothing here
//! may reveal an individual teacher.

pub mod disclosure;
pub mod documents;
pub mod import;
pub mod kanon;
pub mod microdata;
pub mod release;
pub mod report;
pub mod routes;
pub mod scoring;
pub mod service;
pub mod stats;
pub mod store;
