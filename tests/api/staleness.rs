//! A pricing table older than `--stale-after-days` says so on the pages and
//! in the `x-pricing-table` header, with the command that refreshes it; the
//! date is injected.

use super::helpers::text;
use axum::body::Body;
use axum::http::Request;
use egress_planner::pricing::{Date, PricingTable};
use egress_planner::{AppState, Config, app};
use tower::ServiceExt;

async fn page_and_header(today: &str, days: u32) -> (String, String) {
    let config = Config {
        stale_after_days: days,
        ..Config::for_tests()
    };
    let table = PricingTable::bundled().unwrap();
    let state = AppState::new_at(table, &config, Date::parse(today).unwrap());
    let response = app(state)
        .oneshot(Request::get("/").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let header = response.headers()["x-pricing-table"]
        .to_str()
        .unwrap()
        .to_owned();
    (text(response).await, header)
}

#[tokio::test]
async fn a_fresh_table_shows_no_notice() {
    let as_of = PricingTable::bundled().unwrap().meta.as_of;
    let (page, header) = page_and_header(&as_of, 90).await;
    assert!(!page.contains("stale-notice"));
    assert!(!header.contains("stale"), "{header}");
    assert!(
        header.contains(&format!("prices as of {as_of}")),
        "{header}"
    );
}

#[tokio::test]
async fn an_old_table_says_so_with_the_refresh_command() {
    let as_of = PricingTable::bundled().unwrap().meta.as_of;
    // 91 days on, past the default 90.
    let today = Date::parse(&as_of).unwrap().add_days(91).to_string();
    let (page, header) = page_and_header(&today, 90).await;
    assert!(page.contains("class=\"stale-notice\""), "no notice");
    assert!(page.contains("egress-planner pricing fetch"), "no command");
    assert!(
        header.contains(&format!("stale: as of {as_of}, older than 90 days")),
        "{header}"
    );
    assert!(
        header.contains("run egress-planner pricing fetch"),
        "{header}"
    );
    // A longer limit: not stale.
    let (page, header) = page_and_header(&today, 120).await;
    assert!(!page.contains("stale-notice"));
    assert!(!header.contains("stale"), "{header}");
}
