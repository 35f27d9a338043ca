//! Accessibility in a real browser: axe-core run over every kind of page at a
//! phone's and a laptop's width, every `<details>` opened. axe-core comes from
//! npm (`bench/a11y.sh` or `.ci/run` installs it under target/a11y); without
//! it the test says so and passes without checking.

use super::browser::{EIGHT_OPTIONS, open_all_details, screenshot, session, viewport};
use std::path::PathBuf;

/// The pinned axe-core version `bench/a11y.sh` and `.ci/run` install.
pub const AXE_VERSION: &str = "4.14.1";

/// Where axe-core's browser bundle is: `AXE_CORE_JS`, else target/a11y.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/a11y/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(&path).ok()
}

/// Every page a person can reach, one of each kind.
fn pages() -> Vec<(&'static str, String)> {
    vec![
        ("form", "/".to_owned()),
        ("results", format!("/compare?{EIGHT_OPTIONS}")),
        (
            "results-requirements",
            format!("/compare?{EIGHT_OPTIONS}&sensitive=true&survive_az_loss=true"),
        ),
        ("form-errors", "/compare?monthly_gb=lots&azs=9".to_owned()),
        ("embed", format!("/embed?{EIGHT_OPTIONS}")),
        ("workload", "/workload".to_owned()),
        (
            "workload-built",
            "/workload?tasks=6&task_starts_per_day=40".to_owned(),
        ),
        ("not-found", "/nope".to_owned()),
        ("prices", "/pricing?region=eu-west-1".to_owned()),
    ]
}

#[tokio::test]
#[ignore = "needs chromium, chromedriver and axe-core from npm; run bench/a11y.sh"]
async fn axe_finds_no_violations_on_any_page_at_390_and_1280_pixels() {
    let Some(axe) = axe_source() else {
        eprintln!(
            "SKIPPED: axe-core is not installed. Run bench/a11y.sh, or \
             `npm install --prefix target/a11y axe-core@{AXE_VERSION}`, or set AXE_CORE_JS."
        );
        return;
    };
    let session = session().await;
    let client = &session.client;
    let mut found = Vec::new();
    for width in [390, 1280] {
        viewport(client, width, 900).await;
        for (name, path) in pages() {
            session.open(&path).await;
            open_all_details(client).await;
            // WebDriver scripts run outside the page's CSP, which allows no script.
            session.run(&axe).await;
            let violations = client
                .execute_async(
                    "const done = arguments[arguments.length - 1];
                     axe.run(document).then(r => done([r.passes.length, r.violations.map(v =>
                       v.id + ' (' + v.impact + '): ' + v.help + ' at ' +
                       v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))]));",
                    vec![],
                )
                .await
                .unwrap();
            let passes = violations[0].as_u64().unwrap();
            assert!(passes > 10, "{path}: axe ran only {passes} checks");
            eprintln!("{path} at {width}px: {passes} axe rules pass");
            let violations = violations[1].as_array().unwrap();
            if !violations.is_empty() {
                screenshot(client, &format!("axe-{name}-{width}.png")).await;
                for v in violations {
                    found.push(format!("{path} at {width}px: {}", v.as_str().unwrap()));
                }
            }
        }
    }
    session.close().await;
    assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
}
