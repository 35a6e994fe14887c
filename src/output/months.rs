//! The months an intervention acts in, as one phrase shared by the figures and the report, so
//! that a figure's label and the report's table never disagree.
//!
//! An intervention's `month` is the first month it acts in and its `end_month` the first month
//! it no longer acts in, so `month = 6, end_month = 30` acts in months 6 to 29: "months 6–29".

/// "months 6–29" (`end` 30), "month 6" (`end` 7), "months 6–60" without an end and a horizon
/// of 60 (`to_end` then says so: "months 6–60 (to the end)"), "from month 6" with neither.
pub fn acting_months(start: u32, end: Option<u32>, horizon: Option<u32>) -> String {
    match (end, horizon) {
        (Some(end), _) if end > start.saturating_add(1) => {
            format!("months {start}–{}", end - 1)
        }
        (Some(_), _) => format!("month {start}"),
        (None, Some(h)) if h > start => format!("months {start}–{h} (to the end)"),
        (None, Some(_)) => format!("month {start}"),
        (None, None) => format!("from month {start}"),
    }
}

#[cfg(test)]
mod tests {
    use super::acting_months;

    #[test]
    fn an_end_month_is_the_first_month_without_the_intervention() {
        assert_eq!(acting_months(6, Some(30), Some(60)), "months 6–29");
        assert_eq!(acting_months(6, Some(7), None), "month 6");
        assert_eq!(acting_months(6, None, Some(60)), "months 6–60 (to the end)");
        assert_eq!(acting_months(6, None, None), "from month 6");
    }
}
