//! How the templates write numbers, the same way on every view.

use crate::sentences::Phrase;
use egress_core::engine;
use egress_core::money::words::{Grouped, gb, human};

/// How the result templates write numbers.
pub trait Numbers {
    /// A quantity for people: GB to two places, counts whole (`13,333.33`).
    fn qty(&self, value: &rust_decimal::Decimal) -> Grouped {
        gb(*value)
    }
    /// A price or a share as given, trailing zeros dropped (`0.045`).
    fn exact(&self, value: &rust_decimal::Decimal) -> Grouped {
        human(*value)
    }
    /// What moving from today's option to `o` saves a month: `$90.00/mo`, `costs $12.00/mo
    /// more`, `today`, or `—` when `o` cannot carry the scenario (no move to make) or is not priced.
    fn saving(&self, today: &Option<&str>, o: &engine::OptionResult) -> Phrase {
        if *today == Some(o.id) {
            return Phrase::words("today");
        }
        let Some(s) = o.saving.filter(|_| o.feasible) else {
            return Phrase::words("—");
        };
        let monthly = s.monthly;
        if monthly.exact().is_sign_negative() && !monthly.rounded().is_zero() {
            Phrase::amount(
                "costs ",
                engine::Money::new(-monthly.exact()).display(),
                "/mo more",
            )
        } else {
            Phrase::amount("", monthly.display(), "/mo")
        }
    }
    /// An option's total, or why there is none (`$306.80`, `not priced`).
    fn money(&self, value: &Option<engine::Money>) -> Total {
        Total(*value)
    }
}

/// An option's total as every view writes it, `$306.80`, or `not priced` when the table cannot
/// price it; displayed straight into the page or text being written.
#[derive(Debug, Clone, Copy)]
pub struct Total(pub Option<engine::Money>);

impl Total {
    /// Writes the total without `fmt`'s machinery.
    pub fn write_to(self, out: &mut (impl std::fmt::Write + ?Sized)) -> std::fmt::Result {
        match self.0 {
            Some(total) => total.display().write_to(out),
            None => out.write_str("not priced"),
        }
    }
}

impl std::fmt::Display for Total {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_to(f)
    }
}
