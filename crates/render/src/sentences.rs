//! The sentences the Markdown and the terminal table both lead their sections with, written once
//! from the comparison so the two say the same thing.

use egress_core::engine::Comparison;
use egress_core::engine::advice::EndpointAdvice;
use egress_core::money::words::gb;

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
