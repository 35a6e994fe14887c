//! A condition on a sweep's outputs, as `orgsim discover --where` takes it:
//! `metric@month OP number`, OP one of `<`, `<=`, `>`, `>=`, comparisons joined by `and` and
//! `or` (`and` binds tighter), e.g. `net_value@60 < 120 and retention@60 >= 0.8`.
//!
//! Owns parsing (errors name the column, the metrics allowed and the closest metric name) and
//! evaluating a condition on one point's (or one replication's) values. Does not know which
//! metrics or months a results folder holds (the caller checks [`Condition::comparisons`]
//! against them) or read any file.

use crate::model::metrics::Metric;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Less,
    LessEq,
    Greater,
    GreaterEq,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Less => "<",
            Op::LessEq => "<=",
            Op::Greater => ">",
            Op::GreaterEq => ">=",
        }
    }

    fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Op::Less => a < b,
            Op::LessEq => a <= b,
            Op::Greater => a > b,
            Op::GreaterEq => a >= b,
        }
    }
}

/// `metric@month OP value`, and the column (1-based) where it starts in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub metric: Metric,
    pub month: u32,
    pub op: Op,
    pub value: f64,
    pub column: usize,
}

impl Comparison {
    /// `metric@month`, the name of the value it compares.
    pub fn operand(&self) -> String {
        format!("{}@{}", self.metric.name(), self.month)
    }
}

/// Comparisons joined by `or` of `and`s: true when every comparison of some `and` group holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub any_of: Vec<Vec<Comparison>>,
}

/// A condition that does not parse: where, what, and a hint.
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionError {
    /// 1-based column in the text (in characters).
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

impl std::fmt::Display for ConditionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConditionError {}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Word(String),
    At,
    Op(Op),
}

fn tokens(text: &str) -> Result<Vec<(Token, usize)>, ConditionError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = vec![];
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c == '@' {
            out.push((Token::At, column));
            i += 1;
        } else if c == '<' || c == '>' {
            let eq = chars.get(i + 1) == Some(&'=');
            let op = match (c, eq) {
                ('<', false) => Op::Less,
                ('<', true) => Op::LessEq,
                ('>', false) => Op::Greater,
                _ => Op::GreaterEq,
            };
            out.push((Token::Op(op), column));
            i += if eq { 2 } else { 1 };
        } else if c.is_alphanumeric() || "_.-+".contains(c) {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || "_.-+".contains(chars[i])) {
                // An exponent sign belongs to the number (1e-3); any other sign starts anew.
                if i > start && (chars[i] == '-' || chars[i] == '+') {
                    let prev = chars[i - 1];
                    if !(prev == 'e' || prev == 'E') {
                        break;
                    }
                }
                i += 1;
            }
            out.push((Token::Word(chars[start..i].iter().collect()), column));
        } else {
            return Err(ConditionError {
                column,
                message: format!("unexpected `{c}`"),
                help: Some(
                    "write comparisons as metric@month OP number, OP one of < <= > >=, joined by `and` or `or`"
                        .to_string(),
                ),
            });
        }
    }
    Ok(out)
}

fn metric_names() -> String {
    Metric::ALL
        .iter()
        .map(|m| m.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The metric name closest to `name`, if one is close.
fn closest(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    Metric::ALL
        .iter()
        .map(|m| (strsim::jaro_winkler(&lower, m.name()), m.name()))
        .filter(|(s, _)| *s >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

/// Parses `text` into a condition.
pub fn parse(text: &str) -> Result<Condition, ConditionError> {
    let toks = tokens(text)?;
    let end = text.chars().count() + 1;
    let mut pos = 0;
    let mut any_of = vec![];
    let mut group = vec![];
    let usage = "write comparisons as metric@month OP number, e.g. net_value@60 < 0";
    loop {
        let at = |pos: usize| toks.get(pos).map_or(end, |t| t.1);
        let fail = |pos: usize, message: String, help: Option<String>| ConditionError {
            column: at(pos),
            message,
            help,
        };
        // metric
        let Some((Token::Word(name), column)) = toks.get(pos).cloned() else {
            return Err(fail(
                pos,
                "expected a metric name".to_string(),
                Some(usage.to_string()),
            ));
        };
        let Some(metric) = Metric::from_name(&name) else {
            let help = match closest(&name) {
                Some(n) => format!("did you mean `{n}`? metrics: {}", metric_names()),
                None => format!("metrics: {}", metric_names()),
            };
            return Err(fail(pos, format!("unknown metric `{name}`"), Some(help)));
        };
        pos += 1;
        if toks.get(pos).map(|t| &t.0) != Some(&Token::At) {
            return Err(fail(
                pos,
                format!("expected `@month` after `{name}`"),
                Some(format!("e.g. {name}@60 for the value in month 60")),
            ));
        }
        pos += 1;
        let month = match toks.get(pos) {
            Some((Token::Word(w), _)) => w.parse::<u32>().map_err(|_| {
                fail(
                    pos,
                    format!("`{w}` is not a month (a whole number)"),
                    Some(format!("e.g. {name}@60")),
                )
            })?,
            _ => {
                return Err(fail(
                    pos,
                    "expected a month after `@`".to_string(),
                    Some(format!("e.g. {name}@60")),
                ));
            }
        };
        pos += 1;
        let Some((Token::Op(op), _)) = toks.get(pos).cloned() else {
            return Err(fail(
                pos,
                "expected a comparison: <, <=, > or >=".to_string(),
                Some(usage.to_string()),
            ));
        };
        pos += 1;
        let value = match toks.get(pos) {
            Some((Token::Word(w), _)) => match w.parse::<f64>() {
                Ok(v) if v.is_finite() => v,
                _ => {
                    return Err(fail(
                        pos,
                        format!("`{w}` is not a number"),
                        Some(usage.to_string()),
                    ));
                }
            },
            _ => {
                return Err(fail(
                    pos,
                    format!("expected a number after `{}`", op.symbol()),
                    Some(usage.to_string()),
                ));
            }
        };
        pos += 1;
        group.push(Comparison {
            metric,
            month,
            op,
            value,
            column,
        });
        match toks.get(pos) {
            None => break,
            Some((Token::Word(w), _)) if w == "and" => pos += 1,
            Some((Token::Word(w), _)) if w == "or" => {
                any_of.push(std::mem::take(&mut group));
                pos += 1;
            }
            Some(_) => {
                return Err(fail(
                    pos,
                    "expected `and`, `or` or the end after a comparison".to_string(),
                    None,
                ));
            }
        }
    }
    any_of.push(group);
    Ok(Condition { any_of })
}

impl Condition {
    /// Every comparison, in the order written.
    pub fn comparisons(&self) -> impl Iterator<Item = &Comparison> {
        self.any_of.iter().flatten()
    }

    /// Whether the condition holds, given the value of each comparison's operand (in the order
    /// of [`Condition::comparisons`]); a missing (NaN) value makes its comparison false.
    pub fn holds(&self, values: &[f64]) -> bool {
        let mut i = 0;
        let mut any = false;
        for group in &self.any_of {
            let mut all = true;
            for c in group {
                all &= c.op.holds(values[i], c.value);
                i += 1;
            }
            any |= all;
        }
        any
    }
}

impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let groups: Vec<String> = self
            .any_of
            .iter()
            .map(|g| {
                g.iter()
                    .map(|c| format!("{} {} {}", c.operand(), c.op.symbol(), c.value))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect();
        write!(f, "{}", groups.join(" or "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_before_or() {
        let c = parse("net_value@60 < 0 and retention@36>=0.8 or trust@12 > 1e-3").unwrap();
        assert_eq!(c.any_of.len(), 2);
        assert_eq!(c.any_of[0].len(), 2);
        let r = &c.any_of[0][1];
        assert_eq!(
            (r.metric, r.month, r.op, r.value),
            (Metric::Retention, 36, Op::GreaterEq, 0.8)
        );
        assert_eq!(r.column, 22);
        assert_eq!(c.any_of[1][0].value, 1e-3);
        assert!(c.holds(&[-1.0, 0.9, 0.0]));
        assert!(!c.holds(&[-1.0, 0.7, 0.0]));
        assert!(c.holds(&[1.0, 0.7, 0.5]));
        assert!(!c.holds(&[f64::NAN, 0.9, f64::NAN]));
        assert_eq!(parse("agility@36 < -0.5").unwrap().any_of[0][0].value, -0.5);
    }

    #[test]
    fn errors_name_the_column_and_a_close_metric() {
        let e = parse("net_valeu@60 < 0").unwrap_err();
        assert_eq!(e.column, 1);
        assert!(e.help.unwrap().contains("did you mean `net_value`"));
        let e = parse("net_value@60 = 0").unwrap_err();
        assert_eq!(e.column, 14);
        let e = parse("net_value@sixty < 0").unwrap_err();
        assert_eq!(e.column, 11);
        let e = parse("net_value@60 <").unwrap_err();
        assert_eq!(e.column, 15);
        assert!(parse("").is_err());
        assert!(parse("net_value@60 < 0 and").is_err());
        assert!(parse("net_value@60 < 0 xor trust@1 > 0").is_err());
    }
}
