//! The organisation model of docs/ODD.md: state and one file per mechanism.
//!
//! Owns the agents' state (`OrgState`, struct of arrays), the coefficients (`Parameters`) and
//! the mechanisms as plain functions over state and parameters. Does no I/O, knows nothing of
//! files, threads or the CLI; the engine decides order and parallelism.

pub mod autonomy;
pub mod beliefs;
pub mod economy;
pub mod engagement;
pub mod environment;
pub mod ideas;
pub mod innovation;
pub mod inputs;
pub mod interventions;
pub mod managers;
pub mod march;
pub mod metrics;
pub mod month;
pub mod observe;
pub mod params;
pub mod production;
pub mod real;
pub mod schedule;
pub mod skill;
pub mod state;
pub mod trust;
pub mod turnover;
