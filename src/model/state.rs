//! The organisation's state: plain data, struct of arrays.
//!
//! Owns `OrgState` and its parts: `Employees` (one entry per slot, filled or vacant),
//! `Managers` (one per team), and organisation-level values (reality, code, innovation,
//! rolling windows). Slots of team t are `t·team_size .. (t+1)·team_size`, so a range of whole
//! teams is a contiguous range of every array, which is how the engine splits work.
//! Does not own how state changes (the mechanisms) or in what order (the engine).

use super::beliefs::Beliefs;
use crate::model::inputs::Implementation;

/// Bits of `Employees::flags`.
pub mod flag {
    /// The slot holds an employee.
    pub const FILLED: u8 = 1;
    /// The employee reacts to control with lower motivation (Falk & Kosfeld 2006).
    pub const CONTROL_AVERSE: u8 = 2;
    /// The employee has adopted the current technical innovation.
    pub const ADOPTED: u8 = 4;
    /// March mode: the individual socialises at the fast rate.
    pub const FAST_LEARNER: u8 = 8;
    /// The slot belongs to a closed team (an economy's organisation that has not grown into
    /// it, or has shrunk out of it): never hired into, never filled.
    pub const CLOSED: u8 = 16;
}

macro_rules! struct_of_arrays {
    ($(#[$doc:meta])* $owner:ident, $view:ident { $( $(#[$fdoc:meta])* $field:ident : $ty:ty, )* }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $owner { $( $(#[$fdoc])* pub $field: Vec<$ty>, )* }

        /// Mutable view of a contiguous range of the arrays.
        pub struct $view<'a> { $( pub $field: &'a mut [$ty], )* }

        impl $owner {
            /// `len` entries of default values.
            pub fn with_len(len: usize) -> Self {
                Self { $( $field: vec![<$ty>::default(); len], )* }
            }
            pub fn view(&mut self) -> $view<'_> {
                $view { $( $field: &mut self.$field[..], )* }
            }
        }

        impl<'a> $view<'a> {
            /// The entries in `range`, as a shorter view. Every array of the result has the
            /// same length, which lets the compiler drop bounds checks in loops over it.
            #[inline(always)]
            pub fn range(&mut self, range: std::ops::Range<usize>) -> $view<'_> {
                $view { $( $field: &mut self.$field[range.clone()], )* }
            }

            /// Whether every array has `len` entries. Asserted before a loop over `0..len`, it
            /// lets the compiler drop the loop's bounds checks.
            #[inline(always)]
            pub fn all_have_len(&self, len: usize) -> bool {
                true $( && self.$field.len() == len )*
            }

            /// Splits into `[0, mid)` and `[mid, len)`.
            pub fn split_at(self, mid: usize) -> (Self, Self) {
                $( let $field = self.$field.split_at_mut(mid); )*
                ($view { $( $field: $field.0, )* }, $view { $( $field: $field.1, )* })
            }
        }
    };
}

struct_of_arrays!(
    /// Employee slots (struct of arrays; 52 bytes a slot).
    Employees, EmployeesMut {
        /// `flag::*` bits.
        flags: u8,
        /// Index of the workforce group.
        group: u8,
        tenure_months: u16,
        skill: f32,
        trust: f32,
        engagement: f32,
        autonomy: f32,
        desired_autonomy: f32,
        /// Sense of voice from accepted and rejected ideas (0.5 neutral).
        voice: f32,
        /// Trait-like offset to the trust target, drawn at hire (normal, SD `trait_sd_trust`).
        trust_propensity: f32,
        /// Trait-like offset to the engagement target, drawn at hire (normal, SD
        /// `trait_sd_engagement`).
        engagement_propensity: f32,
        /// Beliefs: `known` mask.
        belief_known: u64,
        /// Beliefs: `positive` mask (subset of `belief_known`).
        belief_positive: u64,
    }
);

struct_of_arrays!(
    /// Managers, one per team.
    Managers, ManagersMut {
        /// 0 = control, 1 = coaching.
        style: f32,
        coaching_skill: f32,
        trust_in_team: f32,
        /// Style the current coaching programme ramps toward.
        style_target: f32,
        /// Months of style ramp left (0: no ramp).
        ramp_months_left: u16,
        /// First month in which this manager's coaching programme no longer runs (0: none).
        programme_until: u32,
        /// Share of the team's working time the programme takes while it runs.
        programme_time_share: f32,
        /// Programme cost per month for this manager while it runs.
        programme_cost: f32,
        /// Team mean trust at the end of the previous month (for reciprocity).
        team_mean_trust: f32,
        /// Team mean skill at the end of the previous month (for peer learning).
        team_mean_skill: f32,
    }
);

impl EmployeesMut<'_> {
    #[inline(always)]
    pub fn beliefs(&self, i: usize) -> Beliefs {
        Beliefs {
            known: self.belief_known[i],
            positive: self.belief_positive[i],
        }
    }
    #[inline(always)]
    pub fn set_beliefs(&mut self, i: usize, b: Beliefs) {
        self.belief_known[i] = b.known;
        self.belief_positive[i] = b.positive;
    }
}

impl Employees {
    pub fn beliefs(&self, i: usize) -> Beliefs {
        Beliefs {
            known: self.belief_known[i],
            positive: self.belief_positive[i],
        }
    }
    pub fn is_filled(&self, i: usize) -> bool {
        self.flags[i] & flag::FILLED != 0
    }
}

/// The technical innovation being rolled out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ActiveInnovation {
    pub gain: f64,
    pub implementation: Implementation,
    pub start_month: u32,
    /// First month in which it is withdrawn (u32::MAX: never).
    pub until: u32,
}

/// Months in the rolling windows of retention and agility.
pub const WINDOW_MONTHS: usize = 12;

/// Most workforce groups a scenario may have.
pub const MAX_GROUPS: usize = 16;

/// A rolling 12-month window of quits and headcount (for retention).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RetentionWindow {
    pub quits: [u32; WINDOW_MONTHS],
    pub headcount: [u32; WINDOW_MONTHS],
    /// Months recorded so far (saturates at WINDOW_MONTHS).
    pub filled: usize,
}

impl RetentionWindow {
    /// Records one month (the slot is month mod 12).
    pub fn record(&mut self, month: u32, quits: u32, headcount: u32) {
        let slot = month as usize % WINDOW_MONTHS;
        self.quits[slot] = quits;
        self.headcount[slot] = headcount;
        self.filled = (self.filled + 1).min(WINDOW_MONTHS);
    }

    /// Annual retention: 1 − quits over the window / mean headcount over the window, with the
    /// quit rate of a window not yet full (the first 11 months of a run without warm-up)
    /// scaled to 12 months: 1 − (12/m)·quits/mean headcount over the m months recorded. With
    /// a full window the scale is exactly 1. NaN before any month or without headcount.
    pub fn retention(&self) -> f64 {
        if self.filled == 0 {
            return f64::NAN;
        }
        let quits: u32 = self.quits.iter().sum();
        let headcount: u32 = self.headcount.iter().sum();
        if headcount == 0 {
            return f64::NAN;
        }
        let mean_headcount = headcount as f64 / self.filled as f64;
        let to_a_year = WINDOW_MONTHS as f64 / self.filled as f64;
        1.0 - quits as f64 / mean_headcount * to_a_year
    }

    /// Renumbers the window so that `month` becomes month 0 (after a warm-up of `month`
    /// months): the months recorded keep their order and the next `record(1, …)` replaces
    /// the oldest of them.
    pub fn restart_at(&mut self, month: u32) {
        let shift = month as usize % WINDOW_MONTHS;
        self.quits.rotate_left(shift);
        self.headcount.rotate_left(shift);
    }
}

/// `OrgState::last_change` of a dimension that has not changed since the start.
pub const NEVER_CHANGED: i32 = i32::MIN;

/// The whole organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct OrgState {
    /// The last completed month (0 before the first step).
    pub month: u32,
    pub team_size: usize,
    pub dimensions: u32,
    pub employees: Employees,
    pub managers: Managers,
    /// Reality: mask of dimensions whose value is +1.
    pub reality: u64,
    pub code: Beliefs,
    /// Month each reality dimension last changed ([`NEVER_CHANGED`]: not since the start;
    /// at or below 0: during a warm-up).
    pub last_change: [i32; 64],
    pub innovation: Option<ActiveInnovation>,
    pub retention: RetentionWindow,
    pub group_retention: [RetentionWindow; MAX_GROUPS],
}

impl OrgState {
    pub fn slots(&self) -> usize {
        self.employees.flags.len()
    }
    pub fn teams(&self) -> usize {
        self.managers.style.len()
    }
}

/// Bytes of simulation state per employee slot: the `Employees` arrays.
pub const BYTES_PER_SLOT: u64 = 52;
/// Bytes of simulation state per team: the `Managers` arrays (38 bytes) and the manager order
/// of `Simulation` (4 bytes).
pub const BYTES_PER_TEAM: u64 = 42;
/// Bytes a replication holds besides its state and rows (the `Simulation` itself, chunk
/// totals, the result's vectors), rounded up.
pub const FIXED_BYTES_PER_RUN: u64 = 64 << 10;
/// Bytes of state of one simulation of `slots` employee slots in `teams` teams.
pub fn state_bytes(slots: u64, teams: u64) -> u64 {
    slots
        .saturating_mul(BYTES_PER_SLOT)
        .saturating_add(teams.saturating_mul(BYTES_PER_TEAM))
        .saturating_add(FIXED_BYTES_PER_RUN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_window_counts_the_last_twelve_months() {
        let mut w = RetentionWindow::default();
        assert!(w.retention().is_nan());
        for month in 1..=24 {
            w.record(month, if month > 12 { 1 } else { 3 }, 100);
        }
        assert!((w.retention() - 0.88).abs() < 1e-12);
    }

    #[test]
    fn retention_of_a_partial_window_is_scaled_to_a_year() {
        let mut w = RetentionWindow::default();
        for month in 1..=3 {
            w.record(month, 1, 100);
        }
        // 3 quits in 3 months of 100 people: 12 a year, retention 0.88.
        assert!((w.retention() - 0.88).abs() < 1e-12, "{}", w.retention());
    }

    #[test]
    fn a_restarted_window_replaces_its_oldest_month_first() {
        let mut w = RetentionWindow::default();
        for month in 1..=17 {
            w.record(month, month, 100);
        }
        let before = w.retention();
        w.restart_at(17);
        assert_eq!(w.retention(), before);
        // Month 1 after the restart replaces month 6 (the oldest) of the first numbering.
        w.record(1, 0, 100);
        let expected = 1.0 - (7..=17).sum::<u32>() as f64 / 100.0;
        assert!((w.retention() - expected).abs() < 1e-12);
    }

    #[test]
    fn views_split_into_disjoint_ranges() {
        let mut e = Employees::with_len(10);
        let (a, b) = e.view().split_at(4);
        a.skill[0] = 1.0;
        b.skill[0] = 2.0;
        assert_eq!((a.skill.len(), b.skill.len()), (4, 6));
        assert_eq!((e.skill[0], e.skill[4]), (1.0, 2.0));
    }
}
