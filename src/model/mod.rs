//! The organisation model of MODEL.md: state and one file per mechanism.
//!
//! Owns the agents' state (`OrgState`, struct of arrays), the coefficients (`Parameters`) and
//! the mechanisms as plain functions over state and parameters. Does no I/O, knows nothing of
//! files, threads or the CLI; the engine decides order and parallelism.

pub mod autonomy;
pub mod beliefs;
pub mod engagement;
pub mod environment;
pub mod ideas;
pub mod innovation;
pub mod interventions;
pub mod managers;
pub mod march;
pub mod metrics;
pub mod observe;
pub mod params;
pub mod production;
pub mod real;
pub mod skill;
pub mod state;
pub mod trust;
pub mod turnover;

/// `if condition { when_true } else { when_false }` without a branch, for conditions that are
/// coin flips per employee (a mispredicted branch costs more than a conditional move).
/// LLVM turns every portable spelling of this (`select_unpredictable`, a 0/1 factor, a
/// two-entry table) back into a branch on x86-64 for floats, so there it is one `cmov`.
#[inline(always)]
pub(crate) fn select_f64(condition: bool, when_true: f64, when_false: f64) -> f64 {
    #[cfg(target_arch = "x86_64")]
    {
        let mut bits = when_false.to_bits();
        // SAFETY: register-only instructions; no memory, stack or flags visible to Rust.
        unsafe {
            std::arch::asm!(
                "test {c}, {c}",
                "cmovnz {r}, {t}",
                c = in(reg) condition as u64,
                t = in(reg) when_true.to_bits(),
                r = inout(reg) bits,
                options(pure, nomem, nostack),
            );
        }
        f64::from_bits(bits)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        std::hint::select_unpredictable(condition, when_true, when_false)
    }
}
