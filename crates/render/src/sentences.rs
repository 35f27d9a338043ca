//! The sentences the Markdown and the terminal table both lead their sections with, written once
//! from the comparison so the two say the same thing.

use egress_core::engine::advice::EndpointAdvice;
use egress_core::engine::{Comparison, Money, OptionResult, Requirement};
use egress_core::money::words::{Grouped, counted, gb};
use egress_core::scenario::Scenario;
use std::fmt;

/// `interface endpoints pay for themselves above 1,251.43 GB/month of AWS API traffic. …`
pub fn interface_break_even(c: &Comparison<'_>) -> String {
    let lead = c
        .break_even
        .interface_endpoints_gb
        .map_or_else(String::new, |at| {
            format!(
                "interface endpoints pay for themselves above {} GB/month of AWS API traffic. ",
                gb(at.0)
            )
        });
    format!("{lead}{}", c.break_even.interface_endpoints_explanation)
}

/// `from 7 sharing VPCs at this traffic; with 7, below 1,042.86 GB/month. …`
/// (centralized egress against a regional NAT gateway in this VPC).
pub fn centralizing(c: &Comparison<'_>) -> String {
    let b = &c.break_even;
    let mut lead = String::new();
    if let Some(vpcs) = b.centralized_egress_vpcs {
        lead.push_str(&format!("from {vpcs} sharing VPCs at this traffic"));
    }
    if let Some(at) = b.centralized_egress_max_gb {
        if !lead.is_empty() {
            lead.push_str("; ");
        }
        lead.push_str(&format!(
            "with {}, below {} GB/month",
            counted(c.scenario.shared_vpcs, "sharing VPC", "sharing VPCs"),
            gb(at.0)
        ));
    }
    if !lead.is_empty() {
        lead.push_str(". ");
    }
    format!("{lead}{}", b.centralized_egress_explanation)
}

/// The lines an option shows with a quantity and a unit price but no cost
/// (waived charges), each as `item: quantity unit × $price = $0.00`.
pub fn waived_lines(o: &OptionResult) -> Vec<String> {
    o.lines
        .iter()
        .filter(|l| l.cost.exact().is_zero() && !l.unit_price.is_zero() && !l.quantity.is_zero())
        .map(|l| {
            format!(
                "{}: {} {} × ${} = {}",
                l.item,
                gb(l.quantity),
                l.unit,
                l.unit_price.normalize(),
                l.cost.display()
            )
        })
        .collect()
}

/// `saves $54.00 a month. …` (the S3 gateway endpoint).
pub fn s3_saving(c: &Comparison<'_>) -> String {
    format!(
        "saves {} a month. {}",
        c.break_even.s3_gateway_endpoint_saving.display(),
        c.break_even.s3_gateway_endpoint_explanation
    )
}

/// `one endpoint pays for itself above 453.1 GB/month; creating only those marked create saves …`
pub fn advice_lead(advice: &EndpointAdvice) -> String {
    let per = advice
        .break_even_gb_per_endpoint
        .map_or_else(String::new, |at| {
            format!("one endpoint pays for itself above {} GB/month; ", gb(at.0))
        });
    format!(
        "{per}creating only those marked create saves {} a month.",
        advice.saving.display()
    )
}

/// `Requirements: no task may have a public address; egress survives the loss of one AZ.` (None
/// when the scenario sets none).
pub fn requirements(scenario: &Scenario) -> Option<String> {
    let given = Requirement::given(scenario);
    if given.is_empty() {
        return None;
    }
    let labels: Vec<&str> = given.iter().map(|r| r.label()).collect();
    Some(format!("{}.", labels.join("; ")))
}

/// `Public subnets with public IPv4 ($57.30 a month) was passed over: sensitive: …` for each
/// cheaper option that fails a requirement (None when none was passed over).
pub fn passed_over(c: &Comparison<'_>) -> Option<String> {
    if c.passed_over.is_empty() {
        return None;
    }
    let said: Vec<String> = c
        .passed_over
        .iter()
        .filter_map(|p| {
            let o = c.option(p.id)?;
            let cost = o
                .monthly_cost
                .map_or_else(String::new, |m| format!(" ({} a month)", m.display()));
            Some(format!(
                "{}{cost} is cheaper but fails {}",
                o.name, p.reason
            ))
        })
        .collect();
    Some(format!(
        "{} is the cheapest option that meets the requirements. {}",
        c.cheapest_option().name,
        said.join(" ")
    ))
}

/// How much more than the answer: `cheapest`, `+$12.30`, `−$4.10` (a cheaper option passed over
/// for a requirement), or `—` (not feasible).
pub fn over_cheapest(c: &Comparison<'_>, o: &OptionResult) -> Phrase {
    if o.id == c.cheapest {
        return Phrase::words("cheapest");
    }
    match o.over_cheapest {
        Some(more) if more.cents() < 0 => {
            Phrase::amount("−", Money::new(-more.exact()).display(), "")
        }
        Some(more) => Phrase::amount("+", more.display(), ""),
        None => Phrase::words("—"),
    }
}

/// Fixed words around an amount (`+$12.30`, `costs $12.00/mo more`) or fixed words alone
/// (`cheapest`): written straight into a view, piece by piece, rather than put together in a
/// string of its own first. The words hold no markup.
#[derive(Debug, Clone, Copy)]
pub struct Phrase {
    before: &'static str,
    amount: Option<Grouped>,
    after: &'static str,
}

impl Phrase {
    /// Fixed words alone.
    pub fn words(words: &'static str) -> Phrase {
        Phrase {
            before: words,
            amount: None,
            after: "",
        }
    }

    /// An amount between fixed words.
    pub fn amount(before: &'static str, amount: Grouped, after: &'static str) -> Phrase {
        Phrase {
            before,
            amount: Some(amount),
            after,
        }
    }

    fn write_to(&self, out: &mut (impl fmt::Write + ?Sized)) -> fmt::Result {
        if !self.before.is_empty() {
            out.write_str(self.before)?;
        }
        if let Some(amount) = self.amount {
            amount.write_to(out)?;
        }
        if !self.after.is_empty() {
            out.write_str(self.after)?;
        }
        Ok(())
    }
}

impl fmt::Display for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl askama::FastWritable for Phrase {
    fn write_into(&self, dest: &mut dyn fmt::Write, _: &dyn askama::Values) -> askama::Result<()> {
        Ok(self.write_to(dest)?)
    }
}

/// Fixed words and a number: nothing to escape.
impl askama::filters::HtmlSafe for Phrase {}

/// The requirements an option fails, by name (`sensitive, survive_az_loss`); empty when it meets
/// them all.
pub fn unmet(o: &OptionResult) -> String {
    let names: Vec<&str> = o
        .requirements
        .iter()
        .filter(|r| !r.met)
        .map(|r| r.requirement.name())
        .collect();
    names.join(", ")
}

/// The bandwidth cell of the decision matrix: `Carries`, `No` or `Unpriced`.
pub fn bandwidth_word(o: &OptionResult) -> &'static str {
    if o.monthly_cost.is_none() {
        "Unpriced"
    } else if o.feasible {
        "Carries"
    } else {
        "No"
    }
}

/// The bandwidth cell's longer text: the option's verdict, or why it is not feasible.
pub fn bandwidth_text(o: &OptionResult) -> String {
    match (&o.infeasible_reason, &o.bandwidth_verdict) {
        (Some(reason), _) => reason.to_string(),
        (None, Some(verdict)) => verdict.to_string(),
        (None, None) => String::new(),
    }
}
