//! The modest scenarios (1 to 8 TB a month) the profiling examples send, so that their counts
//! measure the same answers.

/// The `i`th scenario as a query string.
pub fn query(i: u32) -> String {
    format!(
        "region=us-east-1&monthly_gb={}&s3_percent={}&aws_percent=20&public_ips={}&peak_gbps={}",
        1000 + i * 37,
        i % 60,
        i % 9,
        i % 40
    )
}
