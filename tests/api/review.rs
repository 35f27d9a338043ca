//! The review: each option's properties beside its cost, the requirements
//! (`sensitive`, `survive_az_loss`) on every face, and the decision record.

use super::acceptance::{compared_through_get, query_of, scenarios};
use super::cli::run;
use super::helpers::{
    assert_says, form_behind, get, json, option, post_json, text, typed_text, unprocessable,
};
use axum::http::StatusCode;
use serde_json::Value;

/// `$1,026.95` from the API's `"1026.95"`.
fn dollars(plain: &str) -> String {
    let (whole, cents) = plain.split_once('.').unwrap();
    let digits: Vec<char> = whole.chars().collect();
    let mut grouped = String::new();
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(*d);
    }
    format!("${grouped}.{cents}")
}

#[tokio::test]
async fn every_option_carries_its_properties_with_sources() {
    let (status, body) = json(get("/api/v1/compare?azs=3&nat_gateways=1").await).await;
    assert_eq!(status, StatusCode::OK);
    let nat = &option(&body, "nat_gateway")["properties"];
    assert_eq!(nat["availability"]["verdict"], "single_point");
    assert!(
        nat["availability"]["text"]
            .as_str()
            .unwrap()
            .contains("the other 2 AZs lose egress")
    );
    assert!(
        nat["availability"]["source"]
            .as_str()
            .unwrap()
            .starts_with("https://docs.aws.amazon.com/")
    );
    for o in body["options"].as_array().unwrap() {
        for aspect in ["availability", "security", "operations"] {
            let p = &o["properties"][aspect];
            assert!(p["verdict"].is_string(), "{} {aspect}", o["id"]);
            assert!(p["source"].as_str().unwrap().starts_with("https://"));
            for d in p["details"].as_array().unwrap() {
                assert!(d["source"].as_str().unwrap().starts_with("https://"));
            }
        }
        assert_eq!(o["requirements"], serde_json::json!([]));
    }
    let (_, all) = json(get("/api/v1/compare?azs=3&nat_gateways=3").await).await;
    assert_eq!(
        option(&all, "nat_gateway")["properties"]["availability"]["verdict"],
        "contained"
    );
    // The Markdown and the page carry them too.
    let md = text(get("/compare.md?azs=3&nat_gateways=1").await).await;
    assert!(md.contains("the other 2 AZs lose egress too. ([NAT gateway basics](https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html))"));
    let html = text(get("/compare?azs=3&nat_gateways=1").await).await;
    assert!(html.contains("<caption>Decision matrix"));
    assert!(html.contains(r#"<th>Availability</th>"#));
    assert!(html.contains("Single point"));
}

#[tokio::test]
async fn sensitive_moves_the_cheapest_option_on_every_face() {
    let (_, plain) = json(get("/api/v1/compare").await).await;
    assert_eq!(plain["cheapest"], "public_subnet");
    let (status, body) = json(get("/api/v1/compare?sensitive=true").await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let cheapest = body["cheapest"].as_str().unwrap().to_owned();
    assert_ne!(cheapest, "public_subnet");
    let public = option(&body, "public_subnet");
    assert_eq!(public["feasible"], true);
    assert_eq!(public["requirements"][0]["requirement"], "sensitive");
    assert_eq!(public["requirements"][0]["met"], false);
    assert_eq!(body["passed_over"][0]["id"], "public_subnet");
    assert!(
        body["passed_over"][0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("sensitive: Every task has a public IPv4 address")
    );
    // POST says the same.
    let (_, posted) = json(post_json("/api/v1/compare", r#"{"sensitive": true}"#).await).await;
    assert_eq!(posted["cheapest"], cheapest.as_str());
    let name = option(&body, &cheapest)["name"]
        .as_str()
        .unwrap()
        .to_owned();

    let html = text(get("/compare?sensitive=true").await).await;
    assert!(html.contains(&format!(r#"<tr id="row-{cheapest}" class="best">"#)));
    assert!(html.contains(r#"<tr id="row-public_subnet" class="infeasible">"#));
    assert!(html.contains("Fails: sensitive"));
    assert!(html.contains(&format!(
        "{name} is the cheapest option that meets the requirements. Public subnets with public IPv4"
    )));
    let form = form_behind(&html).await;
    assert!(form.contains(r#"id="sensitive" name="sensitive" value="true" checked"#));

    let md = text(get("/compare.md?sensitive=true").await).await;
    assert!(md.contains(&format!("| 1 | **{name}** |")), "{md}");
    assert!(md.contains("**Passed over:**"));
    assert!(md.contains("yes; fails sensitive"));

    let embed = text(get("/embed?sensitive=true").await).await;
    assert!(embed.contains(&format!(r#"<tr id="row-{cheapest}" class="best">"#)));
    assert!(embed.contains("fails sensitive"));

    let card = text(get("/card.svg?sensitive=true").await).await;
    assert!(card.contains(&format!("{name} is cheapest at")), "{card}");

    let batch = text(
        post_json(
            "/api/v1/compare/batch?detail=summary",
            r#"[{}, {"sensitive": true}]"#,
        )
        .await,
    )
    .await;
    let batch: Value = serde_json::from_str(&batch).unwrap();
    assert_eq!(batch[0]["cheapest"], "public_subnet");
    assert_eq!(batch[1]["cheapest"], cheapest.as_str());

    let cli = run(
        &["compare", "--sensitive", "true", "--format", "json"],
        None,
    );
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    let from_cli: Value = serde_json::from_str(&cli.stdout).unwrap();
    assert_eq!(from_cli["cheapest"], cheapest.as_str());
    let table = run(&["compare", "--sensitive", "true"], None);
    let first = table
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("1 "))
        .unwrap();
    assert!(first.contains(&name), "{}", table.stdout);
    assert!(table.stdout.contains("yes; fails sensitive"));
    assert!(table.stdout.contains("Passed over: "));
    let md = run(
        &["compare", "--sensitive", "true", "--format", "markdown"],
        None,
    );
    assert!(md.stdout.contains(&format!("| 1 | **{name}** |")));
}

#[tokio::test]
async fn surviving_an_az_loss_needs_two_azs_and_names_the_cut_off_azs() {
    let (status, body) =
        json(get("/api/v1/compare?azs=3&nat_gateways=1&survive_az_loss=true").await).await;
    assert_eq!(status, StatusCode::OK);
    let nat = option(&body, "nat_gateway");
    assert_eq!(nat["requirements"][0]["met"], false);
    assert!(
        nat["requirements"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("other 2 AZs")
    );
    let cheapest = option(&body, body["cheapest"].as_str().unwrap());
    assert_eq!(
        cheapest["properties"]["availability"]["verdict"],
        "contained"
    );
    let error = unprocessable(get("/api/v1/compare?azs=1&survive_az_loss=true").await).await;
    assert_eq!(error["error"]["field"], "survive_az_loss", "{error}");
}

#[tokio::test]
async fn the_decision_record_says_why_in_sentences_and_names_what_is_not_priced() {
    // eu-west-1's table has no Transit Gateway price; public subnets are cheapest here, and a
    // regional NAT gateway differs from them in what can reach the tasks.
    let query = "region=eu-west-1&monthly_gb=12000&azs=3&s3_percent=30";
    let record =
        text(get(&format!("/decision.md?{query}&chosen=regional_nat_gateway")).await).await;
    assert_says(
        &record,
        &[
            // The verdicts' own words, an acronym kept, and the chosen option's reason.
            "- security: no inbound here against public IPs for Public subnets with public IPv4: tasks have private addresses only",
            // An unpriced option is not priced, not "cannot carry", in the engine's words.
            "Centralized egress VPC through a Transit Gateway: not priced: the pricing table has no tgw_attachment_hour price for this region\n",
            "S3 through this VPC's free gateway endpoint. Not priced: the pricing table has no tgw_attachment_hour price for this region.\n",
        ],
    );
    assert!(!record.contains("- Bandwidth: Not priced"), "{record}");
    let record = text(get(&format!("/decision.md?{query}&chosen=centralized_egress")).await).await;
    assert!(
        record.contains(
            "because:\n\n- it is not priced: the pricing table has no tgw_attachment_hour price for this region.\n"
        ),
        "{record}"
    );
}

#[tokio::test]
async fn a_chosen_option_that_cannot_work_is_bad_for_that_and_no_warning_repeats_a_statement() {
    // Endpoints alone carry no internet traffic: that is the consequence, not their bandwidth.
    let query = "region=us-east-1&monthly_gb=12000&azs=3&public_ips=6";
    let record = text(get(&format!("/decision.md?{query}&chosen=endpoints_only")).await).await;
    assert_says(
        &record,
        &[
            // The reason and the consequence say it in one sentence.
            "because:\n\n- it cannot carry this scenario: 12,000 GB/month goes to or comes from the internet",
            "- Bad, because it cannot carry this scenario: 12,000 GB/month goes to or comes from the internet",
        ],
    );
    assert!(
        !record.contains("Bad, because of its bandwidth"),
        "{record}"
    );
    // Public subnets' exposure is their security statement and a warning: said once, with its
    // source; and a warning reads on from "because" like any statement.
    let record = text(get(&format!("/decision.md?{query}&chosen=public_subnet")).await).await;
    let consequences = record
        .split_once("### Consequences")
        .and_then(|(_, rest)| rest.split_once("## Pros and cons"))
        .map(|(consequences, _)| consequences)
        .unwrap();
    assert_eq!(
        consequences.matches("reachable from the internet").count(),
        1,
        "{consequences}"
    );
    assert_says(
        consequences,
        &[
            "- Bad, because every task has a public IPv4 address and is reachable from the internet unless its security group denies the traffic. ([Security groups]",
        ],
    );
    let record = text(get(&format!("/decision.md?{query}&chosen=nat_instance")).await).await;
    assert_says(
        &record,
        &["- Bad, because a NAT instance is yours to patch"],
    );
}

#[tokio::test]
async fn the_decision_record_carries_the_answers_numbers() {
    for (name, scenario) in scenarios() {
        let query = query_of(&scenario["input"]);
        let body = compared_through_get(&name, &query).await;
        let cheapest = body["cheapest"].as_str().unwrap();
        let other = body["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap())
            .find(|id| *id != cheapest)
            .unwrap();
        for chosen in [cheapest, other] {
            let record = typed_text(
                StatusCode::OK,
                "text/markdown",
                get(&format!("/decision.md?{query}&chosen={chosen}")).await,
            )
            .await;
            let chosen_name = option(&body, chosen)["name"].as_str().unwrap();
            for heading in [
                "## Context and problem statement",
                "## Decision drivers",
                "## Considered options",
                "## Decision outcome",
                "### Consequences",
                "## Pros and cons of the options",
            ] {
                assert!(record.contains(heading), "{name}: {heading}");
            }
            assert!(
                record.contains(&format!("Chosen option: “{chosen_name}”, because")),
                "{name}: {record}"
            );
            assert!(record.contains(body["pricing"]["as_of"].as_str().unwrap()));
            assert!(record.contains("/compare?region="), "{name}: permalink");
            for o in body["options"].as_array().unwrap() {
                if let Some(cost) = o["monthly_cost"].as_str() {
                    assert!(
                        record.contains(&format!("{} a month", dollars(cost))),
                        "{name}: {} {cost}",
                        o["id"]
                    );
                }
                assert!(record.contains(&format!("### {}", o["name"].as_str().unwrap())));
            }
            let lead = option(&body, chosen)["properties"]["availability"]["source"]
                .as_str()
                .unwrap();
            assert!(record.contains(lead), "{name}: availability source");
        }
        // The CLI writes the same record.
        let cli_query: Vec<String> = query
            .split('&')
            .flat_map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                vec![format!("--{k}"), v.to_owned()]
            })
            .collect();
        let mut args = vec!["compare", "--format", "adr", "--chosen", cheapest];
        args.extend(cli_query.iter().map(String::as_str));
        let cli = run(&args, None);
        assert_eq!(cli.code, 0, "{name}: {}", cli.stderr);
        let web = text(get(&format!("/decision.md?{query}&chosen={cheapest}")).await).await;
        assert_eq!(cli.stdout.trim_end(), web.trim_end(), "{name}");
    }
}

#[tokio::test]
async fn an_unknown_chosen_option_is_refused_naming_chosen() {
    let response = get("/decision.md?chosen=carrier_pigeon").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let said = text(response).await;
    assert!(said.contains("- `chosen`: The chosen option"), "{said}");
    assert!(said.contains(r"nat\_gateway\_s3\_endpoint"), "{said}");
    let missing = get("/decision.md?azs=2").await;
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let cli = run(
        &["compare", "--format", "adr", "--chosen", "carrier_pigeon"],
        None,
    );
    assert_eq!(cli.code, 2);
    assert!(
        cli.stderr
            .contains("error: The chosen option \"carrier_pigeon\" is not one of"),
        "{}",
        cli.stderr
    );
}

#[tokio::test]
async fn the_results_page_offers_the_decision_record_for_any_option() {
    let html = text(get("/compare?azs=3").await).await;
    assert!(html.contains(r#"<form method="get" action="/decision.md""#));
    assert!(html.contains(r#"<input type="hidden" name="azs" value="3">"#));
    assert!(html.contains(r#"<select id="chosen" name="chosen">"#));
    assert!(
        form_behind(&html)
            .await
            .contains("<legend>Requirements</legend>")
    );
}

#[test]
fn the_example_decision_record_in_the_docs_is_what_the_cli_writes() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/decision-record-example.md"
    );
    let doc = std::fs::read_to_string(path).unwrap();
    let (first, record) = doc.split_once("\n\n").unwrap();
    let command = first
        .strip_prefix("<!-- An example, written by: egress-planner ")
        .and_then(|c| c.strip_suffix(" -->"))
        .unwrap();
    let args: Vec<&str> = command.split(' ').collect();
    let cli = run(&args, None);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    assert_eq!(
        cli.stdout, record,
        "regenerate docs/decision-record-example.md"
    );
}

#[tokio::test]
async fn the_openapi_document_takes_and_answers_the_requirements() {
    let (_, doc) = json(get("/api/v1/openapi.json").await).await;
    let schemas = &doc["components"]["schemas"];
    for field in ["sensitive", "survive_az_loss"] {
        assert_eq!(
            schemas["ScenarioInput"]["properties"][field]["type"],
            "boolean"
        );
        assert!(
            schemas["Scenario"]["properties"][field].is_object(),
            "{field}"
        );
        let params = doc["paths"]["/api/v1/compare"]["get"]["parameters"]
            .as_array()
            .unwrap();
        assert!(params.iter().any(|p| p["name"] == field), "{field}");
    }
    for schema in ["Properties", "RequirementCheck", "PassedOver"] {
        assert!(schemas[schema].is_object(), "{schema}");
    }
}
