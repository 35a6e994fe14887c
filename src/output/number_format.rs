//! Numbers as the CSV tables write them: 7 significant digits, shortest form, no allocation.
//!
//! Owns `significant_into` (the table writers' formatter) and `write_significant` (the same
//! text into a `String`). Formatting is done by hand, with powers of ten computed once,
//! because it is most of the cost of writing a large sweep's tables; the tests pin it to a
//! reference written with the standard library's formatting, over random and edge-case
//! values.

use std::io::Write;

/// Significant digits written for floats. Agent state is stored in f32 (about 7 digits), so
/// more digits would only print noise such as 0.6000000238418579.
pub const SIGNIFICANT_DIGITS: usize = 7;

/// Powers of ten for number formatting, computed once.
struct PowersOfTen {
    /// `exact[k + OFFSET]` is 10^k correctly rounded (for comparisons).
    exact: Vec<f64>,
    /// `powi[k + OFFSET]` is `10f64.powi(k)` (the scale factors the digits were always computed
    /// with; kept bit for bit so tables do not change).
    powi: Vec<f64>,
    /// `binary_floor[b]`: the largest k with 10^k (as in `exact`) ≤ 2^(b − 1023), for every
    /// biased binary exponent b whose powers of two lie within the table (0 elsewhere).
    binary_floor: Vec<i32>,
}

impl PowersOfTen {
    const OFFSET: i32 = 310;

    fn exact(&self, k: i32) -> f64 {
        self.exact[(k + Self::OFFSET) as usize]
    }

    fn powi(&self, k: i32) -> f64 {
        self.powi[(k + Self::OFFSET) as usize]
    }
}

fn powers_of_ten() -> &'static PowersOfTen {
    static POWERS: std::sync::OnceLock<PowersOfTen> = std::sync::OnceLock::new();
    POWERS.get_or_init(|| {
        let range = -PowersOfTen::OFFSET..=PowersOfTen::OFFSET;
        let mut powers = PowersOfTen {
            exact: range
                .clone()
                .map(|k| format!("1e{k}").parse().unwrap_or(f64::NAN))
                .collect(),
            powi: range.map(|k| 10f64.powi(k)).collect(),
            binary_floor: vec![0; 2048],
        };
        // Powers of two from 2^-1000 to 2^1000 (10^±301) keep the search inside the table.
        for biased in 23..2024 {
            let power_of_two = f64::from_bits((biased as u64) << 52);
            let mut k =
                (f64::from(biased as i32 - 1023) * std::f64::consts::LOG10_2).floor() as i32 - 1;
            while power_of_two >= powers.exact(k + 1) {
                k += 1;
            }
            powers.binary_floor[biased] = k;
        }
        powers
    })
}

/// The largest k with 10^k ≤ m, 10^k as correctly rounded doubles, for 1e-290 ≤ m < 1e291.
/// m lies in [2^b, 2^(b+1)), a factor of two, so k is the power of two's or one more: one
/// table lookup and one comparison, with no branch to mispredict.
fn decimal_exponent(m: f64, powers: &PowersOfTen) -> i32 {
    let biased = ((m.to_bits() >> 52) & 0x7FF) as usize;
    let floor = powers.binary_floor[biased];
    floor + (m >= powers.exact(floor + 1)) as i32
}

/// Appends `x` rounded to `SIGNIFICANT_DIGITS` significant digits, in plain decimal
/// notation without trailing zeros (0.6, 123456800, -0.0001234568).
pub fn write_significant(out: &mut String, x: f64) {
    let mut bytes = Vec::with_capacity(32);
    significant_into(&mut bytes, x);
    // Only ASCII digits, signs, '.', 'e' and the names of non-finite values are written.
    out.push_str(std::str::from_utf8(&bytes).expect("ASCII"));
}

/// The eight decimal digits of `n` < 10^8 in ASCII, the first digit in the lowest byte (so
/// the little-endian bytes read in text order). All digits at once in one word (SWAR, after
/// Khuong and Lemire): split into two halves of four digits, each of those into two pairs,
/// each pair into two digits, every split of a level in one multiply.
#[inline]
fn eight_digits(n: u32) -> u64 {
    let halves = u64::from(n / 10_000) | (u64::from(n % 10_000) << 32);
    // ⌊x / 100⌋ for x < 10^4 is ⌊x · 10486 / 2^20⌋.
    let hundreds = ((halves * 10_486) >> 20) & ((0x7F << 32) | 0x7F);
    let pairs = ((halves - 100 * hundreds) << 16) + hundreds;
    // ⌊x / 10⌋ for x < 100 is ⌊x · 103 / 2^10⌋.
    let tens = ((pairs * 103) >> 10) & ((0xF << 48) | (0xF << 32) | (0xF << 16) | 0xF);
    let digits = tens + ((pairs - 10 * tens) << 8);
    digits + u64::from_le_bytes([b'0'; 8])
}

/// The correctly rounded integer nearest `x` (halves away from zero), for 1 ≤ x < 2^52: what
/// `x.round()` gives, without its separate rounding step (the conversion truncates).
#[inline]
fn round_positive(x: f64) -> u64 {
    // The largest double below one half: adding exactly 0.5 would round x = n + 0.5 − ulp up.
    (x + 0.499_999_999_999_999_94) as u64
}

/// [`write_significant`] into bytes. Integer arithmetic on the 7-digit mantissa, digits
/// assembled in a machine word and appended at once: this runs once per CSV cell, so the
/// common case (magnitudes 1e-20 to 1e21) is kept short and inlined, the rest is out of line.
#[inline]
pub(crate) fn significant_into(out: &mut Vec<u8>, x: f64) {
    let magnitude = x.abs();
    // Also false for NaN, infinities and zero.
    if !(1e-290..1e291).contains(&magnitude) {
        return unusual_into(out, x);
    }
    let powers = powers_of_ten();
    let mut exponent = decimal_exponent(magnitude, powers);
    let top = 10u64.pow(SIGNIFICANT_DIGITS as u32);
    let scaled =
        |e: i32| round_positive(magnitude * powers.powi(SIGNIFICANT_DIGITS as i32 - 1 - e));
    let mut mantissa = scaled(exponent);
    // Rounding can carry to 10^7, and a magnitude at a power of ten can scale (through `powi`'s
    // rounding) to just below 10^6: one step of the exponent either way mends both.
    if mantissa >= top {
        exponent += 1;
        mantissa = scaled(exponent);
    } else if mantissa < top / 10 {
        exponent -= 1;
        mantissa = scaled(exponent);
    }
    // The seven digits in the low seven bytes of a word, first digit lowest; the eighth byte
    // is a '0' too.
    let digits = (eight_digits(mantissa as u32) >> 8) | (u64::from(b'0') << 56);
    // Digits up to the last nonzero one (at least one): the highest byte that is not '0'.
    let nonzero = digits ^ u64::from_le_bytes([b'0'; 8]);
    let significant = ((71 - nonzero.leading_zeros()) / 8).max(1) as usize;
    let negative = x < 0.0;
    if !(-20..=20).contains(&exponent) {
        return long_into(out, negative, exponent, digits, significant);
    }
    // At most 30 bytes, written in place over 32 '0's (so runs of zeros cost nothing), then
    // cut to length.
    let start = out.len();
    out.resize(start + 32, b'0');
    let text = &mut out[start..];
    let sign = negative as usize;
    text[0] = if negative { b'-' } else { b'0' };
    let end = if exponent < 0 {
        // "0.", −exponent − 1 zeros, the digits.
        text[sign + 1] = b'.';
        let first_digit = sign + 1 + (-exponent) as usize;
        text[first_digit..first_digit + 8].copy_from_slice(&digits.to_le_bytes());
        first_digit + significant
    } else {
        let integer_digits = exponent as usize + 1;
        if integer_digits < SIGNIFICANT_DIGITS {
            // The point goes after the integer digits: shift the rest up a byte.
            let point_at = 8 * integer_digits;
            let integer_part = (1u64 << point_at) - 1;
            let with_point = (digits & integer_part)
                | (u64::from(b'.') << point_at)
                | ((digits & !integer_part) << 8);
            text[sign..sign + 8].copy_from_slice(&with_point.to_le_bytes());
            if significant > integer_digits {
                sign + significant + 1
            } else {
                sign + integer_digits
            }
        } else {
            text[sign..sign + 8].copy_from_slice(&digits.to_le_bytes());
            sign + integer_digits
        }
    };
    out.truncate(start + end);
}

/// [`significant_into`] of zero, NaN, infinities and magnitudes beyond 1e±290.
#[cold]
#[inline(never)]
fn unusual_into(out: &mut Vec<u8>, x: f64) {
    if !x.is_finite() {
        let _ = write!(out, "{x}");
    } else if x == 0.0 {
        out.push(b'0');
    } else {
        // Far outside the model's ranges: let the standard formatter do the rounding.
        let _ = write!(out, "{:.*e}", SIGNIFICANT_DIGITS - 1, x);
    }
}

/// [`significant_into`] of a number with more than 20 zeros before or after its digits.
#[cold]
#[inline(never)]
fn long_into(out: &mut Vec<u8>, negative: bool, exponent: i32, digits: u64, significant: usize) {
    let digits = &digits.to_le_bytes()[..SIGNIFICANT_DIGITS];
    if negative {
        out.push(b'-');
    }
    if exponent < 0 {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', (-exponent - 1) as usize));
        out.extend_from_slice(&digits[..significant]);
    } else {
        let integer_digits = exponent as usize + 1;
        out.extend_from_slice(digits);
        out.extend(std::iter::repeat_n(
            b'0',
            integer_digits - SIGNIFICANT_DIGITS,
        ));
    }
}

#[cfg(test)]
mod rounding_tests {
    use super::*;
    use crate::ground::rng::{Purpose, Stream};

    fn text(x: f64) -> String {
        let mut s = String::new();
        write_significant(&mut s, x);
        s
    }

    #[test]
    fn the_fast_exponent_writes_what_log10_wrote() {
        // The writer before the table of powers, kept to check the bytes did not change.
        fn reference(x: f64) -> String {
            let magnitude = x.abs();
            let mut exponent = magnitude.log10().floor() as i32;
            let top = 10u64.pow(SIGNIFICANT_DIGITS as u32);
            let scaled =
                |e: i32| (magnitude * 10f64.powi(SIGNIFICANT_DIGITS as i32 - 1 - e)).round() as u64;
            let mut mantissa = scaled(exponent);
            if mantissa >= top {
                exponent += 1;
                mantissa = scaled(exponent);
            } else if mantissa < top / 10 {
                exponent -= 1;
                mantissa = scaled(exponent);
            }
            format!("{mantissa}e{exponent}")
        }
        fn fast(x: f64) -> String {
            let mut out = String::new();
            write_significant(&mut out, x);
            let mut expected = String::new();
            write_significant_reference(&mut expected, x, reference(x));
            assert_eq!(out, expected, "{x:e}");
            out
        }
        // Renders the reference mantissa and exponent the way write_significant does.
        fn write_significant_reference(out: &mut String, x: f64, me: String) {
            let (m, e) = me.split_once('e').unwrap();
            let exponent: i32 = e.parse().unwrap();
            let digits = format!("{:0>7}", m);
            let digits = digits.trim_end_matches('0');
            let digits = if digits.is_empty() { "0" } else { digits };
            if x < 0.0 {
                out.push('-');
            }
            if exponent < 0 {
                out.push_str("0.");
                out.push_str(&"0".repeat((-exponent - 1) as usize));
                out.push_str(digits);
            } else {
                let integer = exponent as usize + 1;
                let padded = format!("{digits:0<integer$}");
                out.push_str(&padded[..integer]);
                if digits.len() > integer {
                    out.push('.');
                    out.push_str(&digits[integer..]);
                }
            }
        }
        let mut rng =
            crate::ground::rng::Stream::new(5, 0, 0, crate::ground::rng::Purpose::Employee, 0);
        for k in -280..280 {
            let p: f64 = format!("1e{k}").parse().unwrap();
            for x in [
                p,
                f64::from_bits(p.to_bits() - 1),
                f64::from_bits(p.to_bits() + 1),
                p * 0.99999995,
                p * 0.9999999,
                p * 0.99999997,
                p * 1.0000005,
            ] {
                fast(x);
                fast(-x);
            }
        }
        for _ in 0..200_000 {
            let x = (rng.uniform() - 0.5) * 10f64.powi(rng.below(40) as i32 - 20);
            if x != 0.0 {
                fast(x);
            }
        }
    }

    #[test]
    fn eight_digits_are_the_decimal_digits_of_every_number_below_ten_million() {
        for n in (0..10_000_000u32).chain([99_999_999, 12_345_678, 10_000_000]) {
            let expected = format!("{n:08}");
            assert_eq!(&eight_digits(n).to_le_bytes(), expected.as_bytes(), "{n}");
        }
    }

    #[test]
    fn rounding_without_round_rounds_as_round() {
        let mut rng = Stream::new(9, 0, 0, Purpose::Employee, 0);
        for _ in 0..1_000_000 {
            let x = 1.0 + rng.uniform() * 1e8;
            let n = x.floor();
            // Random values, the halfway points and their neighbours a few ulps away.
            for v in [x, n + 0.5, n - 0.5, n + 1.0].into_iter().flat_map(|v| {
                (-3i64..=3).map(move |d| f64::from_bits((v.to_bits() as i64 + d) as u64))
            }) {
                assert_eq!(round_positive(v), v.round() as u64, "{v:e}");
            }
        }
    }

    #[test]
    fn floats_are_written_with_seven_significant_digits() {
        assert_eq!(text(0.6000000238418579), "0.6");
        assert_eq!(text(123456789.0), "123456800");
        assert_eq!(text(-0.000123456789), "-0.0001234568");
        assert_eq!(text(0.0), "0");
        assert_eq!(text(1.0), "1");
        assert_eq!(text(99.999996), "100");
        assert_eq!(text(0.30000000000000004), "0.3");
        assert_eq!(text(12.5), "12.5");
        assert_eq!(text(1e-7), "0.0000001");
        assert_eq!(text(f64::INFINITY), "inf");
    }

    #[test]
    fn written_values_are_within_half_a_unit_of_the_seventh_digit() {
        let mut rng = Stream::new(5, 0, 0, Purpose::Employee, 0);
        for _ in 0..100_000 {
            let x = (rng.uniform() - 0.5) * 10f64.powi(rng.below(24) as i32 - 12);
            let written: f64 = text(x).parse().unwrap();
            let unit = 10f64.powi(x.abs().log10().floor() as i32 - 6);
            assert!(
                (written - x).abs() <= 0.5 * unit * (1.0 + 1e-9),
                "{x} -> {written}"
            );
        }
    }
}
