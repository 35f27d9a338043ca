//! `GET /api/v1/sweep`: one decimal field varied from `from` to `to` in
//! `steps` equal intervals, every option's monthly cost at each point, and
//! where the options' costs cross in that range (found by the engine's
//! crossing code). JSON, or CSV for spreadsheets (`format=csv` or
//! `Accept: text/csv`). Each point is parsed like a single comparison's
//! query, so every rule holds at every point and the costs are the same.

use super::AppState;
use super::costs::Costs;
use super::error::{ApiError, ErrorBody};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use egress_core::engine::{self, Money, OPTIONS};
use egress_core::money::round_half_away;
use egress_core::scenario::{
    FIELDS, FieldError, FieldErrors, FieldKind, Input, MAX_FRACTION_DIGITS, Scenario, query_pairs,
};
use rust_decimal::Decimal;
use serde::Serialize;
use std::borrow::Cow;
use utoipa::ToSchema;

/// Most intervals in one sweep (so at most 1,001 points).
pub const MAX_STEPS: u32 = 1000;

/// Intervals when `steps` is not given.
pub const DEFAULT_STEPS: u32 = 10;

/// The parameters of a sweep besides the scenario's fields.
const SWEEP_PARAMETERS: &[&str] = &["vary", "from", "to", "steps", "format"];

/// One point of the sweep.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = SweepPoint)]
pub struct Point {
    /// The varied field's value here.
    #[serde(serialize_with = "egress_core::money::plain")]
    pub value: Decimal,
    /// The cheapest option, each option's cost and feasibility here.
    #[serde(flatten)]
    pub costs: Costs,
}

/// Places a crossing's value is given to: a ten-thousandth of a GB or a percent is finer than any
/// bill, and a 28-digit quotient reads as noise.
pub const CROSSING_PLACES: u32 = 4;

/// Where two options cost the same.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = SweepCrossing)]
pub struct CrossingOut {
    /// The varied field's value where they meet, rounded half away from zero to four places.
    #[serde(serialize_with = "egress_core::money::plain")]
    pub value: Decimal,
    /// The two options' ids.
    pub options: [&'static str; 2],
    /// What each costs there.
    pub monthly_cost: Money,
}

/// The whole sweep.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Sweep<'t> {
    /// The varied field.
    pub vary: &'static str,
    /// First value.
    #[serde(serialize_with = "egress_core::money::plain")]
    pub from: Decimal,
    /// Last value.
    #[serde(serialize_with = "egress_core::money::plain")]
    pub to: Decimal,
    /// Intervals (points − 1).
    pub steps: u32,
    /// The table the costs come from.
    pub pricing: engine::PricingUsed<'t>,
    /// The option ids in the order of docs/cost-model.md (the CSV's columns).
    pub options: Vec<&'static str>,
    /// `steps + 1` points, `from` and `to` included.
    pub points: Vec<Point>,
    /// Where two options' costs cross between `from` and `to`, by value,
    /// among options feasible at the points on both sides.
    pub crossings: Vec<CrossingOut>,
    /// True when the crossings are exact (varying `monthly_gb`, where the
    /// engine adds every tier boundary); otherwise they are interpolated
    /// between neighbouring points.
    pub crossings_exact: bool,
}

/// Whether option `option` (its position in `OPTIONS`) is feasible at the
/// points on both sides of `value` (at the point itself, when it is one).
fn feasible_around(points: &[Point], value: Decimal, option: usize) -> bool {
    let below = points
        .iter()
        .filter(|p| p.value <= value)
        .max_by_key(|p| p.value);
    let above = points
        .iter()
        .filter(|p| p.value >= value)
        .min_by_key(|p| p.value);
    below.into_iter().chain(above).all(|p| {
        p.costs
            .feasible
            .get(option)
            .is_some_and(|&(_, feasible)| feasible)
    })
}

fn bad(field: &str, message: impl Into<String>) -> ApiError {
    FieldError::new(field, message).into()
}

/// Errors of the scenario at one value of the sweep: the varied field's own
/// are re-labelled as the parameter that gave the value, the others say at
/// which value they arise.
fn at(parameter: &str, errors: FieldErrors, vary: &str, text: &str) -> ApiError {
    let mut api = ApiError::from(errors);
    for e in &mut api.errors {
        if e.field.as_deref() == Some(vary) {
            e.field = Some(parameter.to_owned());
            e.message = format!("{parameter}: {}", e.message);
        } else {
            e.message = format!("at {vary}={text}: {}", e.message);
        }
    }
    api
}

/// Whether `Accept` asks for CSV (what a sweep answers in when `format` is not given).
pub fn csv_by_accept(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.to_ascii_lowercase().contains("text/csv"))
}

/// Parses and computes a sweep from its query string; `Ok((sweep, csv))`.
pub fn sweep<'s>(
    state: &'s AppState,
    query: &str,
    headers: &HeaderMap,
) -> Result<(Sweep<'s>, bool), ApiError> {
    let table = &state.table;
    let pairs = query_pairs(query);
    let one = |name: &str| -> Result<Option<&str>, ApiError> {
        let mut values = pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_ref());
        let first = values.next();
        if values.next().is_some() {
            return Err(bad(name, format!("{name} is given more than once")));
        }
        Ok(first)
    };
    // A sweep varies a number: a decimal field, or a whole-number one (taken at whole values).
    let sweepable =
        |kind: FieldKind| matches!(kind, FieldKind::Decimal { .. } | FieldKind::Integer { .. });
    let decimal_fields: Vec<&str> = FIELDS
        .iter()
        .filter(|f| sweepable(f.kind))
        .map(|f| f.name)
        .collect();
    let vary_name = one("vary")?.ok_or_else(|| {
        bad(
            "vary",
            format!(
                "vary: name the field to vary, one of {}",
                decimal_fields.join(", ")
            ),
        )
    })?;
    let vary = FIELDS
        .iter()
        .find(|f| f.name == vary_name && sweepable(f.kind))
        .ok_or_else(|| {
            bad(
                "vary",
                format!(
                    "vary must be a numeric field, one of {}; got {}",
                    decimal_fields.join(", "),
                    egress_core::scenario::shown(vary_name)
                ),
            )
        })?;
    let steps = match one("steps")? {
        None => DEFAULT_STEPS,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_STEPS).contains(n) && text.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| {
                bad(
                    "steps",
                    format!(
                        "steps must be a whole number of intervals from 1 to {MAX_STEPS}; got {}",
                        egress_core::scenario::shown(text)
                    ),
                )
            })?,
    };
    let csv = match one("format")? {
        None => csv_by_accept(headers),
        Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(bad(
                "format",
                format!(
                    "format must be json or csv; got {}",
                    egress_core::scenario::shown(other)
                ),
            ));
        }
    };
    // The varied field's value comes from the sweep: a value given for it
    // too would be silently ignored, so it is refused.
    if pairs.iter().any(|(k, _)| k == vary.name) {
        return Err(bad(
            vary.name,
            format!(
                "{} is varied by the sweep (from … to …); leave it out of the scenario",
                vary.name
            ),
        ));
    }
    // The scenario's own fields.
    let base: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(k, _)| !SWEEP_PARAMETERS.contains(&k.as_ref()) && k != vary.name)
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    let parse_at = |text: &str| {
        Scenario::parse(
            base.iter()
                .map(|&(k, v)| (k, Input::Text(v)))
                .chain([(vary.name, Input::Text(text))]),
            table,
        )
    };
    let mut ends = [Decimal::ZERO; 2];
    for (slot, parameter) in ends.iter_mut().zip(["from", "to"]) {
        let text = one(parameter)?.ok_or_else(|| {
            bad(
                parameter,
                format!(
                    "{parameter}: give the {} of {} to sweep",
                    if parameter == "from" {
                        "first value"
                    } else {
                        "last value"
                    },
                    vary.name
                ),
            )
        })?;
        let scenario = parse_at(text).map_err(|e| at(parameter, e, vary.name, text))?;
        *slot = match (vary.get)(&scenario) {
            egress_core::scenario::Value::Decimal(d) => d,
            egress_core::scenario::Value::Integer(n) => Decimal::from(n),
            _ => Decimal::ZERO,
        };
    }
    let [from, to] = ends;

    let n = Decimal::from(steps);
    let mut points = Vec::with_capacity(steps as usize + 1);
    let mut samples: Vec<engine::curve::Sample> = Vec::with_capacity(steps as usize + 1);
    let mut first: Option<Scenario> = None;
    let whole = matches!(vary.kind, FieldKind::Integer { .. });
    for k in 0..=steps {
        let value = if k == steps {
            to
        } else {
            let exact = from + (to - from) * Decimal::from(k) / n;
            if whole {
                // A whole-number field is taken at whole values; steps that round to the same
                // one are one point.
                egress_core::money::round_half_away(exact, 0)
            } else {
                exact.round_dp(MAX_FRACTION_DIGITS as u32).normalize()
            }
        };
        if whole
            && samples
                .last()
                .is_some_and(|(previous, _)| *previous == value)
        {
            continue;
        }
        let text = value.to_string();
        let scenario = parse_at(&text).map_err(|e| at("to", e, vary.name, &text))?;
        // Costs, feasibility and the cheapest: the options' words are not needed.
        let comparison = engine::price_options(&scenario, table)?;
        samples.push((
            value,
            comparison
                .options
                .iter()
                .map(|o| o.monthly_cost.map(Money::exact))
                .collect(),
        ));
        points.push(Point {
            value,
            costs: Costs::from(&comparison),
        });
        first.get_or_insert(scenario);
    }
    let among: Vec<usize> = (0..OPTIONS.len()).collect();
    let exact = vary.name == "monthly_gb";
    let samples = match (&first, exact) {
        // The engine adds every slope change between the ends: exact crossings.
        (Some(scenario), true) => {
            let volumes: Vec<Decimal> = points.iter().map(|p| p.value).collect();
            engine::samples(scenario, table, &volumes)?
        }
        _ => {
            samples.sort_by_key(|(value, _)| *value);
            samples
        }
    };
    let crossings = engine::crossings(&samples, &among)?
        .into_iter()
        // Like the chart, which draws only feasible options: a crossing with
        // an option that cannot carry the traffic there is no choice to make.
        .filter(|c| {
            feasible_around(&points, c.gb, c.options.0)
                && feasible_around(&points, c.gb, c.options.1)
        })
        .map(|c| CrossingOut {
            value: round_half_away(c.gb, CROSSING_PLACES).normalize(),
            options: [OPTIONS[c.options.0].about.id, OPTIONS[c.options.1].about.id],
            monthly_cost: c.cost,
        })
        .collect();
    let sweep = Sweep {
        vary: vary.name,
        from,
        to,
        steps,
        pricing: engine::PricingUsed::of(table),
        options: OPTIONS.iter().map(|o| o.about.id).collect(),
        points,
        crossings,
        crossings_exact: exact,
    };
    Ok((sweep, csv))
}

/// The ids whose flag is false, space-separated (a CSV cell).
fn ids_without(flags: &[(&'static str, bool)]) -> String {
    let ids: Vec<&str> = flags
        .iter()
        .filter(|(_, f)| !f)
        .map(|(id, _)| *id)
        .collect();
    ids.join(" ")
}

/// The sweep as CSV: a header row, one `step` row per point (its column
/// `infeasible` names the options that cannot carry the traffic there, whose
/// costs a spreadsheet would otherwise take for choices, and `fails` those that
/// do not meet the scenario's requirements), then one `crossing` row per
/// crossing (only the two options' costs filled in).
pub fn to_csv(sweep: &Sweep<'_>) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["kind", sweep.vary, "cheapest"];
    header.extend(&sweep.options);
    header.extend(["crossing", "infeasible", "fails"]);
    out.write_record(&header)?;
    for p in &sweep.points {
        let mut row: Vec<Cow<'_, str>> = vec![
            "step".into(),
            p.value.to_string().into(),
            p.costs.cheapest.into(),
        ];
        row.extend(
            p.costs
                .monthly_cost
                .iter()
                .map(|(_, cost)| cost.map_or(Cow::Borrowed(""), |m| m.to_string().into())),
        );
        let meets = p.costs.meets_requirements.as_deref().unwrap_or_default();
        row.extend([
            "".into(),
            ids_without(&p.costs.feasible).into(),
            ids_without(meets).into(),
        ]);
        out.write_record(row.iter().map(|c| c.as_bytes()))?;
    }
    for c in &sweep.crossings {
        let mut row: Vec<Cow<'_, str>> =
            vec!["crossing".into(), c.value.to_string().into(), "".into()];
        row.extend(sweep.options.iter().map(|id| {
            if c.options.contains(id) {
                c.monthly_cost.to_string().into()
            } else {
                Cow::Borrowed("")
            }
        }));
        row.extend([
            format!("{} = {}", c.options[0], c.options[1]).into(),
            "".into(),
            "".into(),
        ]);
        out.write_record(row.iter().map(|c| c.as_bytes()))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// `GET /api/v1/sweep?vary=FIELD&from=A&to=B&steps=N&…scenario`.
#[utoipa::path(get, path = "/api/v1/sweep", tag = "compare",
    summary = "Every option's monthly cost as one decimal field goes from one value to another",
    description = "Varies one decimal field (vary) from `from` to `to` in `steps` equal intervals (at most 1,000, so at most 1,001 points, both ends included) with the other fields as in GET /api/v1/compare (the varied field itself must not be given). Answers each option's monthly cost and feasibility at each point, the cheapest option there, and where two options' costs cross in that range, as found by the engine (exact when varying monthly_gb), between options feasible at the points on both sides. Every point must be a valid scenario (e.g. s3_percent + aws_percent at most 100 all along). When the scenario sets `sensitive` or `survive_az_loss`, each point also says which options meet them (`meets_requirements`), and `cheapest` passes over those that do not. CSV (one `step` row per point, its column `infeasible` naming the options that cannot carry the traffic there and its last column `fails` those that do not meet the requirements, each space-separated; then one `crossing` row per crossing) with format=csv or Accept: text/csv.",
    params(
        ("vary" = String, Query, description = "The field to vary: a decimal field, or a whole-number one such as shared_vpcs (taken at whole values, crossings then between them)"),
        ("from" = String, Query, description = "First value, in the varied field's range"),
        ("to" = String, Query, description = "Last value, in the varied field's range"),
        ("steps" = Option<u32>, Query, description = "Intervals between from and to, 1 to 1,000 (default 10)", minimum = 1, maximum = 1000),
        ("format" = Option<String>, Query, description = "json (default) or csv", pattern = "^(json|csv)$"),
    ),
    responses(
        (status = 200, description = "The costs at each point and the crossings", content(
            (Sweep = "application/json"),
            (String = "text/csv"),
        )),
        (status = 422, description = "A parameter or scenario field is missing, unknown or out of range (at some point of the sweep); `field` names it", body = ErrorBody<'static>),
    )
)]
pub async fn sweep_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let (sweep, csv) = sweep(&state, query.as_deref().unwrap_or(""), &headers)?;
    if !csv {
        return Ok(super::api::json(StatusCode::OK, &sweep));
    }
    let body = to_csv(&sweep).map_err(|e| {
        ApiError::general(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("could not write the CSV: {e}"),
        )
    })?;
    let disposition = format!("inline; filename=\"egress-sweep-{}.csv\"", sweep.vary);
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        body,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
