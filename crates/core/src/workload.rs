//! The workload builder: for reviewers who know their ECS/Fargate service
//! (tasks, deployments, image size, log volume) but not its GB. It turns
//! those into the scenario they imply, with every derivation line in words
//! and numbers, so the result is checkable and editable as a comparison.
//!
//! Facts it rests on (AWS documentation): Fargate keeps no image cache
//! between tasks, so every task start pulls the whole image ("Linux
//! containers on Fargate container image pull behavior", Amazon ECS
//! Developer Guide); ECR serves image layers from Amazon S3 ("Amazon ECR
//! interface VPC endpoints", Amazon ECR User Guide), so they are S3 traffic.
//! SOCI lazy loading fetches layers on demand: with it a task may pull less
//! than the whole image, so the builder's image figure is an upper bound.

use crate::money::words::{gb, human};
use crate::money::{Plain, round_half_away};
use crate::pricing::PricingTable;
use crate::scenario::{
    DefaultValue, Field, FieldError, FieldErrors, FieldKind, Input, OUTBOUND_PERCENT_DEFAULT,
    Scenario, ServiceTraffic, Value, field_of, member, up_to, whole,
};
use rust_decimal::Decimal;

/// Decimal places of the GB and percentages the builder hands to the
/// scenario, so the permalink stays readable.
pub const PLACES: u32 = 4;

/// The builder's inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workload {
    /// Region code.
    pub region: String,
    /// Average running tasks.
    pub tasks: u32,
    /// Task starts a day: deployments × tasks + scale-outs + replacements.
    pub task_starts_per_day: Decimal,
    /// Compressed image size, MB (10^6 bytes).
    pub image_mb: Decimal,
    /// GB a day to CloudWatch Logs.
    pub log_gb_per_day: Decimal,
    /// GB a day leaving for the internet.
    pub internet_out_gb_per_day: Decimal,
    /// GB a day arriving from the internet.
    pub internet_in_gb_per_day: Decimal,
    /// Application traffic to S3, GB a day.
    pub s3_gb_per_day: Decimal,
    /// Other AWS APIs, GB a day per interface-endpoint service.
    pub services_gb_per_day: Vec<ServiceTraffic>,
    /// Availability Zones.
    pub azs: u32,
    /// Billed hours in the month.
    pub hours: u32,
}

/// Largest GB a day an input takes: 100 TB a day. With the other inputs'
/// ranges, the most a workload can add up to stays within `monthly_gb`'s
/// range, so every valid workload gives a valid scenario.
const MAX_GB_PER_DAY: u32 = 100_000;

/// A builder input (see [`member!`]).
macro_rules! input {
    ($member:ident, $label:expr, $kind:expr) => {
        member!(Workload, $member, $label, $kind)
    };
}

/// A GB-a-day input (0 to 100,000, default 0).
macro_rules! per_day {
    ($member:ident, $label:expr, $hint:expr) => {
        input!($member, $label, up_to(MAX_GB_PER_DAY))
            .unit("GB/day")
            .hint($hint)
    };
}

/// Every builder input, in form order.
pub const WORKLOAD_FIELDS: &[Field<Workload>] = &[
    input!(region, "Region", FieldKind::Region)
        .hint("AWS region of the service.")
        .default_to(DefaultValue::TableRegion),
    input!(tasks, "Running tasks", whole(0, 100_000))
        .unit("tasks")
        .hint("Average number of tasks running (each would need a public IPv4 address in public subnets).")
        .default_to(DefaultValue::Integer(2)),
    input!(task_starts_per_day, "Task starts a day", up_to(100_000))
        .unit("starts/day")
        .hint("Deployments × tasks + scale-outs + replacements: every start pulls the whole image on Fargate.")
        .default_to(DefaultValue::Decimal(2)),
    input!(image_mb, "Image size (compressed)", up_to(100_000))
        .unit("MB")
        .hint("The compressed size ECR shows for the image (1 MB = 10^6 bytes).")
        .default_to(DefaultValue::Decimal(500)),
    per_day!(log_gb_per_day, "Logs to CloudWatch a day", "What the awslogs driver ships, GB a day (CloudWatch shows IncomingBytes)."),
    per_day!(internet_out_gb_per_day, "Internet traffic out a day", "GB a day the tasks send to the internet (billed as data transfer out)."),
    per_day!(internet_in_gb_per_day, "Internet traffic in a day", "GB a day the tasks fetch from the internet (free to receive, but a NAT processes it)."),
    per_day!(s3_gb_per_day, "Application traffic to S3 a day", "GB a day the application reads from or writes to S3 in the region (image layers are counted separately)."),
    input!(azs, "Availability Zones", whole(1, 6))
        .unit("AZs")
        .hint("AZs the tasks run in.")
        .default_to(DefaultValue::Integer(2)),
    input!(hours, "Billed hours in the month", whole(1, 744))
        .unit("hours")
        .hint("The AWS Pricing Calculator uses 730; days = hours ÷ 24.")
        .default_to(DefaultValue::Integer(730)),
];

/// How one service's GB a day is read and described in messages.
const SERVICE_GB_PER_DAY: Field<Workload> = field_of(
    "services_gb_per_day",
    "Other AWS services a day",
    up_to(MAX_GB_PER_DAY),
    |_| Value::Decimal(Decimal::ZERO),
    |_, _| {},
)
.unit("GB/day");

/// The scenario a workload implies, with its derivation.
#[derive(Debug, Clone)]
pub struct Built {
    /// The scenario's fields as text, exactly as they are parsed (and as the
    /// comparison link carries them).
    pub fields: Vec<(String, String)>,
    /// The scenario.
    pub scenario: Scenario,
    /// Each derivation step in words and numbers.
    pub derivation: Vec<String>,
}

fn round4(value: Decimal) -> Decimal {
    round_half_away(value, PLACES).normalize()
}

/// `{what} = {gb_per_day} GB/day × {days} days = {total} GB{after}`.
fn per_day_line(
    what: &str,
    gb_per_day: Decimal,
    days: Decimal,
    total: Decimal,
    after: &str,
) -> String {
    format!(
        "{what} = {} GB/day × {} days = {} GB{after}",
        human(gb_per_day),
        human(round_half_away(days, 2)),
        gb(total)
    )
}

impl Workload {
    /// Every input at its default.
    pub fn defaults(table: &PricingTable) -> Workload {
        let mut w = Workload {
            region: table.meta.default_region.clone(),
            tasks: 0,
            task_starts_per_day: Decimal::ZERO,
            image_mb: Decimal::ZERO,
            log_gb_per_day: Decimal::ZERO,
            internet_out_gb_per_day: Decimal::ZERO,
            internet_in_gb_per_day: Decimal::ZERO,
            s3_gb_per_day: Decimal::ZERO,
            services_gb_per_day: Vec::new(),
            azs: 1,
            hours: 730,
        };
        for f in WORKLOAD_FIELDS {
            if let Some(v) = f.fixed_default(table) {
                (f.set)(&mut w, v);
            }
        }
        w
    }

    /// Parses named values: the same grammar, blanks rule and messages as a scenario.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, Input<'a>)>,
        table: &PricingTable,
    ) -> Result<Workload, FieldErrors> {
        let mut w = Workload::defaults(table);
        let mut errors = Vec::new();
        let mut given = vec![false; WORKLOAD_FIELDS.len()];
        for (name, input) in pairs {
            if let Some(service) = name.strip_prefix(crate::scenario::SERVICE_PREFIX) {
                if matches!(input, Input::Text("")) {
                    continue;
                }
                match parse_service(service, input, table, &w.services_gb_per_day) {
                    Ok(t) => w.services_gb_per_day.push(t),
                    Err(e) => errors.push(e),
                }
                continue;
            }
            if name == "services_gb_per_day" {
                match input {
                    Input::Json(raw) if raw.get().starts_with('{') => {
                        match crate::scenario::parse_json_object(raw.get().as_bytes()) {
                            Ok(members) => {
                                for (service, value) in members {
                                    match parse_service(&service, Input::Json(value), table, &w.services_gb_per_day) {
                                        Ok(t) => w.services_gb_per_day.push(t),
                                        Err(e) => errors.push(e),
                                    }
                                }
                            }
                            Err(e) => errors.push(FieldError::new("services_gb_per_day", e.message)),
                        }
                    }
                    _ => errors.push(FieldError::new(
                        "services_gb_per_day",
                        "services_gb_per_day must be a JSON object of service name → GB a day (in a query string: svc.<name>=GB)",
                    )),
                }
                continue;
            }
            let Some(index) = WORKLOAD_FIELDS.iter().position(|f| f.name == name) else {
                let known: Vec<&str> = WORKLOAD_FIELDS.iter().map(|f| f.name).collect();
                errors.push(FieldError::new(
                    &name.chars().take(64).collect::<String>(),
                    format!(
                        "unknown field {}; the fields are {}, services_gb_per_day",
                        crate::scenario::shown_text(name),
                        known.join(", ")
                    ),
                ));
                continue;
            };
            let spec = &WORKLOAD_FIELDS[index];
            if given[index] {
                errors.push(FieldError::new(
                    spec.name,
                    format!("{} is given more than once", spec.label),
                ));
                continue;
            }
            given[index] = true;
            match crate::scenario::parse_field_value(spec, input, table) {
                Ok(v) => (spec.set)(&mut w, v),
                Err(e) => errors.push(e),
            }
        }
        match FieldErrors::from_vec(errors) {
            Some(errors) => Err(errors),
            None => Ok(w),
        }
    }

    /// The scenario this workload implies, and how.
    pub fn build(&self, table: &PricingTable) -> Result<Built, FieldErrors> {
        let days = Decimal::from(self.hours) / Decimal::from(24);
        let mut derivation = Vec::new();
        derivation.push(format!(
            "days = {} h ÷ 24 = {} (unrounded in the arithmetic)",
            self.hours,
            human(round_half_away(days, 2))
        ));
        let pulls = self.task_starts_per_day * days * self.image_mb / Decimal::from(1000);
        derivation.push(format!(
            "{} task starts a day × {} days × {} MB = {} GB of image layers from S3 (Fargate keeps no image cache between tasks; ECR serves layers from S3)",
            human(self.task_starts_per_day),
            human(round_half_away(days, 2)),
            human(self.image_mb),
            gb(pulls)
        ));
        let app_s3 = self.s3_gb_per_day * days;
        let s3 = round4(pulls + app_s3);
        derivation.push(format!(
            "S3 = {} GB of image layers + {} GB/day × {} days of application traffic = {} GB",
            gb(pulls),
            human(self.s3_gb_per_day),
            human(round_half_away(days, 2)),
            gb(s3)
        ));
        let mut services: Vec<(String, Decimal)> = Vec::new();
        if !self.log_gb_per_day.is_zero() {
            let logs = round4(self.log_gb_per_day * days);
            derivation.push(per_day_line(
                "logs",
                self.log_gb_per_day,
                days,
                logs,
                " to CloudWatch Logs",
            ));
            services.push(("logs".to_owned(), logs));
        }
        for t in &self.services_gb_per_day {
            let monthly = round4(t.gb * days);
            derivation.push(per_day_line(&t.service, t.gb, days, monthly, ""));
            match services.iter_mut().find(|(s, _)| *s == t.service) {
                Some((_, existing)) => *existing += monthly,
                None => services.push((t.service.clone(), monthly)),
            }
        }
        let out = self.internet_out_gb_per_day;
        let inbound = self.internet_in_gb_per_day;
        let internet = round4((out + inbound) * days);
        derivation.push(format!(
            "internet = ({} out + {} in) GB/day × {} days = {} GB",
            human(out),
            human(inbound),
            human(round_half_away(days, 2)),
            gb(internet)
        ));
        let no_internet = (out + inbound).is_zero();
        // With no internet traffic there is no share to work out: the field's default stands.
        let outbound_percent = if no_internet {
            Decimal::from(OUTBOUND_PERCENT_DEFAULT)
        } else {
            round4(out * Decimal::ONE_HUNDRED / (out + inbound))
        };
        let outbound = human(outbound_percent);
        derivation.push(if no_internet {
            format!("outbound share = {outbound}%, the default (no internet traffic)")
        } else {
            let (out, inbound) = (human(out), human(inbound));
            format!("outbound share = {out} ÷ ({out} + {inbound}) = {outbound}%")
        });
        let services_total: Decimal = services.iter().map(|(_, g)| *g).sum();
        // A sum of values with four places has four places: no rounding here.
        let monthly = (s3 + services_total + internet).normalize();
        derivation.push(format!(
            "monthly traffic = {} GB S3 + {} GB AWS APIs + {} GB internet = {} GB",
            gb(s3),
            gb(services_total),
            gb(internet),
            gb(monthly)
        ));
        // Rounded down, so the S3 GB the comparison derives never exceeds
        // what the other traffic leaves.
        let s3_percent = if monthly.is_zero() {
            Decimal::ZERO
        } else {
            (s3 * Decimal::ONE_HUNDRED / monthly)
                .round_dp_with_strategy(PLACES, rust_decimal::RoundingStrategy::ToZero)
                .normalize()
        };
        derivation.push(format!(
            "S3 share = {} ÷ {} = {}% (4 places, rounded down)",
            gb(s3),
            gb(monthly),
            human(s3_percent)
        ));
        derivation.push(format!(
            "public IPv4 addresses for the public-subnet option = {} running tasks",
            self.tasks
        ));

        let mut fields: Vec<(String, String)> = vec![
            ("region".into(), self.region.clone()),
            ("monthly_gb".into(), Plain(monthly).to_string()),
            ("s3_percent".into(), Plain(s3_percent).to_string()),
            (
                "outbound_percent".into(),
                Plain(outbound_percent).to_string(),
            ),
            ("azs".into(), self.azs.to_string()),
            ("public_ips".into(), self.tasks.to_string()),
            ("hours".into(), self.hours.to_string()),
        ];
        for (service, g) in &services {
            fields.push((
                format!("{}{service}", crate::scenario::SERVICE_PREFIX),
                Plain(*g).to_string(),
            ));
        }
        let scenario = Scenario::parse(
            fields
                .iter()
                .map(|(k, v)| (k.as_str(), Input::Text(v.as_str()))),
            table,
        )?;
        Ok(Built {
            fields,
            scenario,
            derivation,
        })
    }
}

fn parse_service(
    service: &str,
    input: Input<'_>,
    table: &PricingTable,
    seen: &[ServiceTraffic],
) -> Result<ServiceTraffic, FieldError> {
    if let Some(problem) = crate::scenario::service_name_problem(service) {
        return Err(FieldError::new("services_gb_per_day", problem));
    }
    if seen.iter().any(|s| s.service == service) {
        return Err(FieldError::new(
            "services_gb_per_day",
            format!("{service} is given more than once"),
        ));
    }
    match crate::scenario::parse_field_value(&SERVICE_GB_PER_DAY, input, table) {
        Ok(v) => Ok(ServiceTraffic {
            service: service.to_owned(),
            gb: v.into(),
        }),
        Err(e) => Err(FieldError::new(
            "services_gb_per_day",
            format!("{service}: {}", e.message),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn build(query: &str) -> Built {
        let table = PricingTable::bundled().unwrap();
        let pairs = crate::scenario::query_pairs(query);
        let w = Workload::parse(
            pairs
                .iter()
                .map(|(k, v)| (k.as_ref(), Input::Text(v.as_ref()))),
            &table,
        )
        .unwrap();
        w.build(&table).unwrap()
    }

    #[test]
    fn a_service_is_turned_into_its_scenario() {
        // 730 h → 30.416666… days.
        // Image: 42 starts × 30.41666… × 850 MB / 1000 = 1,085.875 GB.
        // S3: 1,085.875 + 2 GB/day × 30.41666… = 1,085.875 + 60.8333… = 1,146.7083 GB (4 places).
        // Logs: 3 GB/day × 30.41666… = 91.25 GB.
        // Internet: (10 + 30) × 30.41666… = 1,216.6667 GB; outbound 10/40 = 25%.
        // Monthly: 1,146.7083 + 91.25 + 1,216.6667 = 2,454.625 GB.
        // S3 share: 1,146.7083 / 2,454.625 × 100 = 46.716231…% → 46.7162 (rounded down).
        let b = build(
            "tasks=6&task_starts_per_day=42&image_mb=850&log_gb_per_day=3&internet_out_gb_per_day=10&internet_in_gb_per_day=30&s3_gb_per_day=2&azs=3",
        );
        let s = &b.scenario;
        assert_eq!(s.monthly_gb, dec!(2454.625));
        assert_eq!(s.s3_percent, dec!(46.7162));
        assert_eq!(s.outbound_percent, dec!(25));
        assert_eq!(s.public_ips, 6);
        assert_eq!(s.azs, 3);
        let services = s.services.as_ref().unwrap();
        assert_eq!(services[0].service, "logs");
        assert_eq!(services[0].gb, dec!(91.25));
        assert!(
            b.derivation[1].starts_with(
                "42 task starts a day × 30.42 days × 850 MB = 1,085.88 GB of image layers from S3"
            ),
            "{:?}",
            b.derivation
        );
    }

    #[test]
    fn every_input_at_its_maximum_still_gives_a_valid_scenario() {
        // 100,000 starts × 31 days × 100,000 MB = 310,000,000 GB of image
        // layers, plus 100,000 GB/day × 31 days for each of the 4 daily
        // inputs and the 19 services: well inside 1,000,000,000 GB.
        let mut query = String::from(
            "hours=744&task_starts_per_day=100000&image_mb=100000&log_gb_per_day=100000&internet_out_gb_per_day=100000&internet_in_gb_per_day=100000&s3_gb_per_day=100000",
        );
        for known in crate::scenario::KNOWN_SERVICES {
            if known.name != "logs" {
                query.push_str(&format!("&svc.{}=100000", known.name));
            }
        }
        let b = build(&query);
        assert!(b.scenario.monthly_gb < Decimal::from(1_000_000_000u32));
    }

    #[test]
    fn no_internet_traffic_keeps_the_default_outbound_share() {
        let b = build("task_starts_per_day=0&image_mb=0");
        assert_eq!(b.scenario.outbound_percent, dec!(50));
        assert_eq!(b.scenario.monthly_gb, dec!(0));
        assert!(b.scenario.services.is_none());
        // No share is worked out of nothing: the step says the default stands.
        assert!(
            b.derivation
                .contains(&"outbound share = 50%, the default (no internet traffic)".to_owned()),
            "{:?}",
            b.derivation
        );
    }
}
