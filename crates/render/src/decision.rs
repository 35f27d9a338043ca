//! An architecture decision record in the MADR layout, filled from one comparison and the option
//! chosen: `/decision.md?…&chosen=<id>` and `compare --format adr --chosen <id>`. Every figure
//! and sentence is prepared here; the template (`templates/decision.md`) only lays them out.

use crate::{PAGE_BYTES, render, sentences};
use askama::Template;
use egress_core::engine::properties::{Availability, Exposure, Statement, Upkeep};
use egress_core::engine::{Comparison, Money, OptionResult, Requirement};
use egress_core::money::words::gb;
use egress_core::pricing::PricingTable;
use egress_core::scenario::permalink;
use rust_decimal::Decimal;

/// The chosen option is not one of the comparison's.
#[derive(Debug)]
pub struct UnknownOption {
    /// What was asked for.
    pub chosen: String,
    /// The ids there are, comma-separated.
    pub ids: String,
}

impl std::fmt::Display for UnknownOption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "The chosen option {:?} is not one of the options: {}",
            self.chosen, self.ids
        )
    }
}

/// Why a record could not be written.
#[derive(Debug)]
pub enum DecisionError {
    /// `chosen` names no option.
    Unknown(UnknownOption),
    /// The template failed.
    Render(askama::Error),
}

impl std::fmt::Display for DecisionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecisionError::Unknown(u) => u.fmt(f),
            DecisionError::Render(e) => write!(f, "cannot render the decision record: {e}"),
        }
    }
}

/// A statement with its source, as a Markdown line's text.
struct Said {
    text: String,
    source: &'static str,
    /// The source's short title, the link's text.
    title: &'static str,
}

impl Said {
    fn of(s: &Statement) -> Said {
        Said {
            text: s.text.to_string(),
            source: s.source,
            title: s.source_title(),
        }
    }

    /// The statement after "because", its first word lowercased (see [`lower_first`]).
    fn after_because(s: &Statement) -> Said {
        Said {
            text: lower_first(&s.text.to_string()),
            source: s.source,
            title: s.source_title(),
        }
    }

    fn plain(text: String) -> Said {
        Said {
            text,
            source: "",
            title: "",
        }
    }
}

/// `text` with its first letter lowercased (`A firewall` → `a firewall`), unless its first
/// word is an acronym or a name with capitals or digits after its first letter (`AWS`, `S3`,
/// `IPv6`).
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let acronym = chars
        .take_while(|c| !c.is_whitespace())
        .any(|c| c.is_uppercase() || c.is_ascii_digit());
    if acronym {
        text.to_owned()
    } else {
        format!("{}{}", first.to_lowercase(), &text[first.len_utf8()..])
    }
}

/// One option's pros and cons.
struct ProsCons {
    name: &'static str,
    summary: &'static str,
    cost: String,
    bandwidth: String,
    good: Vec<Said>,
    bad: Vec<Said>,
}

/// One line of "Considered options".
struct Considered {
    name: &'static str,
    cost: String,
    standing: String,
}

#[derive(Template)]
#[template(path = "decision.md")]
struct Record<'a> {
    c: &'a Comparison<'a>,
    title: String,
    status: &'static str,
    context: String,
    drivers: Vec<String>,
    considered: Vec<Considered>,
    chosen_name: &'static str,
    justification: Vec<String>,
    good: Vec<Said>,
    bad: Vec<Said>,
    neutral: Vec<Said>,
    options: Vec<ProsCons>,
    assumed: Vec<String>,
    permalink: String,
}

/// For an option with no cost, the engine's reason without its full stop: "Not priced: the
/// pricing table has no tgw_attachment_hour price for this region".
fn not_priced(o: &OptionResult) -> Option<String> {
    o.monthly_cost.is_none().then(|| {
        o.infeasible_reason.as_ref().map_or_else(
            || "Not priced".to_owned(),
            |r| r.to_string().trim_end_matches('.').to_owned(),
        )
    })
}

/// For a priced option that cannot carry the scenario, why, after "because": "it cannot carry
/// this scenario: 12,000 GB/month goes to or comes from the internet, …".
fn cannot_carry(o: &OptionResult) -> Option<String> {
    let reason = o
        .infeasible_reason
        .as_ref()
        .filter(|_| o.monthly_cost.is_some())?;
    Some(format!(
        "it cannot carry this scenario: {}",
        lower_first(&reason.to_string())
    ))
}

fn cost(o: &OptionResult) -> String {
    o.monthly_cost.map_or_else(
        || "not priced".to_owned(),
        |m| format!("{} a month", m.display()),
    )
}

/// `$12.30 a month ($147.60 a year)` between two rounded monthly costs.
fn difference(more: Money, less: Money) -> String {
    let month = more.rounded() - less.rounded();
    format!(
        "{} a month ({} a year)",
        Money::new(month).display(),
        Money::new(month * Decimal::from(12)).display()
    )
}

fn availability_good(v: Availability) -> bool {
    v == Availability::Contained
}

fn security_good(v: Exposure) -> bool {
    v != Exposure::PublicAddress
}

fn operations_good(v: Upkeep) -> bool {
    v == Upkeep::Managed
}

/// The good and bad of an option's properties, and the further statements as neutral.
fn judged(o: &OptionResult, with_details: bool) -> (Vec<Said>, Vec<Said>, Vec<Said>) {
    let (mut good, mut bad, mut neutral) = (Vec::new(), Vec::new(), Vec::new());
    let mut put = |is_good: bool, lead: &Statement, details: &[Statement]| {
        if is_good {
            good.push(Said::after_because(lead));
        } else {
            bad.push(Said::after_because(lead));
        }
        if with_details {
            neutral.extend(details.iter().map(Said::of));
        }
    };
    if let Some(p) = &o.properties {
        put(
            availability_good(p.availability.verdict),
            &p.availability.lead,
            &p.availability.details,
        );
        put(
            security_good(p.security.verdict),
            &p.security.lead,
            &p.security.details,
        );
        put(
            operations_good(p.operations.verdict),
            &p.operations.lead,
            &p.operations.details,
        );
    }
    for r in o.requirements.iter().filter(|r| !r.met) {
        bad.push(Said::plain(format!(
            "it does not meet the requirement “{}”.",
            r.requirement.label()
        )));
    }
    (good, bad, neutral)
}

/// The decision record for `chosen` in `comparison`, its permalink starting with `base`.
pub fn decision_record(
    comparison: &Comparison<'_>,
    table: &PricingTable,
    chosen: &str,
    base: &str,
) -> Result<String, DecisionError> {
    let c = comparison;
    let Some(choice) = c.option(chosen) else {
        return Err(DecisionError::Unknown(UnknownOption {
            chosen: chosen.to_owned(),
            ids: c
                .options
                .iter()
                .map(|o| o.id)
                .collect::<Vec<_>>()
                .join(", "),
        }));
    };
    let s = &c.scenario;
    let permalink = format!(
        "{}/compare?{}",
        base.trim_end_matches('/'),
        permalink::to_query(s, table)
    );
    let given = Requirement::given(s);
    let context = format!(
        "The ECS/Fargate tasks of this workload run in {} ({}) over {} and need a way out to the internet and to AWS services: {} GB a month on the egress path ({} GB to S3, {} GB to other AWS APIs, {} GB to and from the internet), peaking at {} Gbps. Which egress architecture should they use? {} options were compared on the monthly cost of every line AWS bills, on bandwidth, and on what each does when an AZ fails, what it exposes and what it takes to run.",
        c.region_name,
        c.region,
        if s.azs == 1 {
            "1 Availability Zone".to_owned()
        } else {
            format!("{} Availability Zones", s.azs)
        },
        gb(s.monthly_gb),
        gb(c.volumes.s3_gb),
        gb(c.volumes.aws_gb),
        gb(c.volumes.internet_gb),
        gb(s.peak_gbps),
        c.options.len(),
    );
    let mut drivers = vec![
        format!(
            "Monthly cost, from the pricing table {} (prices as of {}).",
            c.pricing.version, c.pricing.as_of
        ),
        format!("Carrying the peak of {} Gbps.", gb(s.peak_gbps)),
    ];
    for r in &given {
        drivers.push(format!("Requirement: {}.", lower_first(r.label())));
    }
    drivers.push(
        "What the loss of one AZ does to egress, what can reach the tasks, and who patches and watches the path."
            .to_owned(),
    );

    let considered = c
        .ranked()
        .into_iter()
        .map(|o| match not_priced(o) {
            Some(why) => Considered {
                name: o.name,
                cost: lower_first(&why),
                standing: String::new(),
            },
            None => Considered {
                name: o.name,
                cost: cost(o),
                standing: if !o.feasible {
                    "cannot carry this scenario".to_owned()
                } else if !o.meets_requirements() {
                    format!("fails {}", sentences::unmet(o))
                } else if o.id == c.cheapest {
                    "the cheapest that meets every requirement".to_owned()
                } else {
                    sentences::over_cheapest(c, o).to_string()
                },
            },
        })
        .collect();

    let cheapest = c.cheapest_option();
    let mut justification = Vec::new();
    match (
        choice.id == c.cheapest,
        choice.feasible,
        choice.monthly_cost,
    ) {
        (_, false, None) => justification.push(format!(
            "it is {}",
            lower_first(&not_priced(choice).unwrap_or_default())
        )),
        (_, false, _) => justification.extend(cannot_carry(choice)),
        (true, true, Some(_)) => {
            let next = c
                .ranked()
                .into_iter()
                .find(|o| o.id != choice.id && o.qualifies());
            let mut said = format!(
                "it is the cheapest option that carries the traffic{}: {}",
                if given.is_empty() {
                    ""
                } else {
                    " and meets every requirement"
                },
                cost(choice)
            );
            if let (Some(next), Some(mine), Some(theirs)) =
                (next, choice.monthly_cost, next.and_then(|n| n.monthly_cost))
            {
                if theirs.cents() == mine.cents() {
                    said.push_str(&format!(
                        ", the same as {} (a tie goes to the option listed first)",
                        next.name
                    ));
                } else {
                    said.push_str(&format!(
                        ", {} less than the next, {}",
                        difference(theirs, mine),
                        next.name
                    ));
                }
            }
            justification.push(said);
            for p in &c.passed_over {
                if let Some(o) = c.option(p.id) {
                    justification.push(format!(
                        "{} would cost less ({}), but it fails {}",
                        o.name,
                        cost(o),
                        p.reason
                    ));
                }
            }
        }
        (false, true, Some(mine)) => {
            if let Some(best) = cheapest.monthly_cost {
                let relation = if mine.cents() >= best.cents() {
                    format!("{} more than", difference(mine, best))
                } else {
                    format!("{} less than", difference(best, mine))
                };
                justification.push(format!(
                    "it costs {}, {relation} {}, the cheapest option that meets the requirements",
                    cost(choice),
                    cheapest.name
                ));
            }
            if let (Some(a), Some(b)) = (&choice.properties, &cheapest.properties) {
                // Each aspect where the two differ: both verdicts, then the chosen one's reason.
                let aspects = [
                    (
                        "availability when an AZ fails",
                        a.availability.verdict.word(),
                        b.availability.verdict.word(),
                        &a.availability.lead,
                    ),
                    (
                        "security",
                        a.security.verdict.word(),
                        b.security.verdict.word(),
                        &a.security.lead,
                    ),
                    (
                        "operations",
                        a.operations.verdict.word(),
                        b.operations.verdict.word(),
                        &a.operations.lead,
                    ),
                ];
                for (aspect, here, there, lead) in aspects {
                    if here != there {
                        justification.push(format!(
                            "{aspect}: {} here against {} for {}: {}",
                            lower_first(here),
                            lower_first(there),
                            cheapest.name,
                            lower_first(&lead.text.to_string())
                        ));
                    }
                }
            }
        }
        (_, true, None) => justification.push("it is not priced in this region".to_owned()),
    }

    for j in &mut justification {
        if !j.ends_with('.') {
            j.push('.');
        }
    }
    let (mut good, mut bad, neutral) = judged(choice, true);
    if let Some(mine) = choice.monthly_cost {
        for o in c.ranked() {
            if o.id == choice.id || !o.feasible {
                continue;
            }
            if let Some(theirs) = o.monthly_cost {
                if theirs.cents() > mine.cents() {
                    good.push(Said::plain(format!(
                        "it saves {} against {}.",
                        difference(theirs, mine),
                        o.name
                    )));
                } else if theirs.cents() < mine.cents() && o.meets_requirements() {
                    bad.push(Said::plain(format!(
                        "it costs {} more than {}.",
                        difference(mine, theirs),
                        o.name
                    )));
                }
            }
        }
    }
    // What cannot carry the scenario says why (a path it lacks, or its bandwidth); what can,
    // its bandwidth verdict. An unpriced choice was said to be so above.
    match (cannot_carry(choice), &choice.bandwidth_verdict) {
        (Some(why), _) => bad.push(Said::plain(why)),
        (None, Some(verdict)) if choice.feasible => {
            good.push(Said::plain(format!("of its bandwidth: {verdict}")));
        }
        _ => {}
    }
    // A warning that repeats a statement already given (with its source) is not said twice.
    for warning in &choice.warnings {
        let text = lower_first(&warning.to_string());
        if !bad.iter().any(|b| b.text == text) {
            bad.push(Said::plain(text));
        }
    }

    let options = c
        .ranked()
        .into_iter()
        .map(|o| {
            let (good, bad, _) = judged(o, false);
            ProsCons {
                name: o.name,
                summary: o.summary,
                // Unpriced, its one verdict is the engine's reason, in place of the cost.
                cost: not_priced(o)
                    .unwrap_or_else(|| format!("{} ({})", cost(o), sentences::over_cheapest(c, o))),
                bandwidth: match o.monthly_cost {
                    Some(_) => sentences::bandwidth_text(o),
                    None => String::new(),
                },
                good,
                bad,
            }
        })
        .collect();

    let record = Record {
        c,
        title: format!(
            "Egress for the ECS/Fargate tasks in {}: {}",
            c.region, choice.name
        ),
        status: "proposed",
        context,
        drivers,
        considered,
        chosen_name: choice.name,
        justification,
        good,
        bad,
        neutral,
        options,
        assumed: c
            .assumed_figures
            .iter()
            .map(|a| format!("`{}` ({})", a.figure, a.note))
            .collect(),
        permalink,
    };
    render(&record, PAGE_BYTES).map_err(DecisionError::Render)
}

#[cfg(test)]
mod tests {
    use super::lower_first;

    #[test]
    fn a_statement_after_because_starts_in_lower_case_unless_it_starts_with_an_acronym() {
        for (text, after_because) in [
            (
                "A firewall endpoint in each AZ",
                "a firewall endpoint in each AZ",
            ),
            (
                "Interface endpoints in each AZ",
                "interface endpoints in each AZ",
            ),
            ("Dual-stack tasks", "dual-stack tasks"),
            (
                "AWS runs a regional NAT gateway",
                "AWS runs a regional NAT gateway",
            ),
            (
                "S3 traffic takes the gateway endpoint",
                "S3 traffic takes the gateway endpoint",
            ),
            ("IPv6 destinations", "IPv6 destinations"),
            ("NAT", "NAT"),
            ("2 NAT gateways", "2 NAT gateways"),
            ("", ""),
        ] {
            assert_eq!(lower_first(text), after_because, "{text}");
        }
    }
}
