//! The comparison as images: the cost-against-traffic chart and the ranked card as SVG and as
//! PNG, and what pages tell link unfurlers about them.

use crate::chart::{self, Chart, Layout, Plan};
use crate::markup::filters;
use crate::{Numbers, png, render};
use askama::Template;
use egress_core::engine::{self, Headline};
use egress_core::pricing::PricingTable;
use egress_core::scenario::permalink;

#[derive(Template)]
#[template(path = "chart.svg")]
struct ChartSvg<'a> {
    chart: &'a Chart,
}

#[derive(Template)]
#[template(path = "card.svg")]
struct CardSvg<'a> {
    c: Headline<'a, 'a>,
    /// The options cheapest first and each one's cost as every view writes it.
    shown: Shown<'a>,
    /// For each ranked option, whether its label is drawn narrower to fit before its cost.
    squeezed: Vec<bool>,
    subtitle: Vec<String>,
    rows_top: usize,
    verdict: Vec<String>,
    verdict_top: usize,
    height: usize,
}

impl Numbers for CardSvg<'_> {}

/// The chart of a comparison as SVG markup, in `layout`.
pub fn chart(
    c: Headline<'_, '_>,
    table: &PricingTable,
    layout: Layout,
) -> Result<String, askama::Error> {
    let plan = Plan::new(c, table).map_err(|e| askama::Error::Custom(Box::new(e)))?;
    // About 7–9 KB, with every option drawn and its crossings listed.
    render(
        &ChartSvg {
            chart: &plan.draw(layout),
        },
        12 * 1024,
    )
}

/// The room a card row's label has before the cost column, SVG units.
pub(crate) const CARD_LABEL_WIDTH: usize = 410;

/// What a card row adds to the name of the option in place today.
pub(crate) const CARD_TODAY: &str = " (today)";

/// What a card's ranking says of an option that fails a requirement (the embed and the pages
/// name the requirement: a card has no room).
pub(crate) const CARD_FAILS: &str = "fails req.";

/// The ranked comparison as a card image.
pub fn card(c: Headline<'_, '_>) -> Result<String, askama::Error> {
    let shown = Shown::of(c);
    let verdict = chart::wrap(&shown.verdict, 86);
    let mut subtitle = chart::wrap(&shown.summary, 96);
    if let Some(today) = c.today {
        subtitle.extend(chart::wrap(today, 96));
    }
    // One 28-unit row per option under the header, then the verdict.
    // `10. Network Firewall + NAT gateways + S3 gateway endpoint (today)`: at about 7.7 units a
    // character in 14-unit type, a label longer than the 410 units before the cost column is
    // drawn in those 410 (the SVG's `textLength`), a gap short of the widest cost.
    let squeezed = shown
        .ranked
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let today = if c.current == Some(o.id) {
                CARD_TODAY.len()
            } else {
                0
            };
            let rank = itoa::Buffer::new().format(i + 1).len() + 2;
            let label = rank + o.name.chars().count() + today;
            label * 77 > CARD_LABEL_WIDTH * 10
        })
        .collect();
    let rows_top = 76 + subtitle.len() * 16;
    let verdict_top = rows_top + 8 + c.options.len() * 28 + 22;
    let height = verdict_top + verdict.len() * 18 + 24;
    let svg = CardSvg {
        c,
        shown,
        squeezed,
        subtitle,
        rows_top,
        verdict,
        verdict_top,
        height,
    };
    render(&svg, 8 * 1024)
}

/// The card PNG's size: the 1.91:1 link-preview image every unfurler shows large.
pub const CARD_PNG_WIDTH: u32 = 1200;
/// See [`CARD_PNG_WIDTH`].
pub const CARD_PNG_HEIGHT: u32 = 630;

/// One option on the PNG card: two columns, cheapest first.
struct PngRow<'a> {
    x: u32,
    y: u32,
    rank: usize,
    name: &'a str,
    cost: String,
    best: bool,
    /// Whether it could be the answer: it carries the traffic and meets the requirements
    /// (otherwise its name is greyed and its status red).
    eligible: bool,
}

/// The card laid out for 1200 × 630 with type large enough to read at chat-thumbnail size
/// (a third of that wide): the cheapest option and its cost, the ranking, the bandwidth verdict.
#[derive(Template)]
#[template(path = "card_png.svg")]
struct CardPngSvg<'a> {
    c: Headline<'a, 'a>,
    width: u32,
    height: u32,
    name: &'a str,
    name_size: u32,
    cost: String,
    rows: Vec<PngRow<'a>>,
    verdict: Vec<String>,
    summary: String,
}

impl Numbers for CardPngSvg<'_> {}

/// Options' monthly costs as every view writes them, in one string: a card or an embed
/// shows ten, and a string each cost more than writing them.
pub struct Costs {
    text: String,
    /// Where each cost ends in `text`.
    ends: Vec<usize>,
}

impl Costs {
    /// The costs of `options`, in their order.
    fn of(options: &[&engine::OptionResult]) -> Costs {
        let mut text = String::with_capacity(16 * options.len());
        let mut ends = Vec::with_capacity(options.len());
        for o in options {
            write_cost(o, &mut text);
            ends.push(text.len());
        }
        Costs { text, ends }
    }

    /// Each cost, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.text[start..end])
    }
}

/// The cost of the option at `index`.
impl std::ops::Index<usize> for Costs {
    type Output = str;

    fn index(&self, index: usize) -> &str {
        let start = index.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.text[start..self.ends[index]]
    }
}

/// An option's monthly cost as every view writes it.
pub(crate) fn cost_of(o: &engine::OptionResult) -> String {
    // `$1,234,567.89` or `not priced`: room for either from the start.
    let mut cost = String::with_capacity(16);
    write_cost(o, &mut cost);
    cost
}

/// What a ranking on an image says of `o` whose cost is written `cost`: the cost, `not
/// priced` (which `cost` says already), or `not feasible`.
fn ranked_cost<'a>(o: &engine::OptionResult, cost: &'a str) -> &'a str {
    if o.feasible || o.monthly_cost.is_none() {
        cost
    } else {
        "not feasible"
    }
}

/// Appends ` (fails sensitive)` when `o` carries the traffic but fails a requirement.
fn push_unmet(o: &engine::OptionResult, out: &mut String) {
    if o.feasible && !o.meets_requirements() {
        for piece in [" (fails ", &crate::sentences::unmet(o), ")"] {
            out.push_str(piece);
        }
    }
}

/// Appends `o`'s monthly cost to `out`.
fn write_cost(o: &engine::OptionResult, out: &mut String) {
    struct N;
    impl Numbers for N {}
    // Writing into a String cannot fail.
    let _ = N.money(&o.monthly_cost).write_to(out);
}

/// Lines of `text` wrapped at `width` characters, at most `max` of them, the last one ending
/// in "…" when some were left off.
fn wrap_at_most(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines = chart::wrap(text, width);
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            while last.chars().count() + 1 > width {
                last.pop();
            }
            last.push('…');
        }
    }
    lines
}

/// The SVG the card PNG is drawn from (its own layout, 1200 × 630, set in DejaVu Sans).
pub fn card_png_svg(c: Headline<'_, '_>) -> Result<String, askama::Error> {
    let best = c.cheapest_option();
    // DejaVu Sans Bold averages about 0.62 em a character: the name fits 1088 px at up to 48 px.
    let name_chars = best.name.chars().count().max(1) as u32;
    let name_size = (1088 * 100 / (name_chars * 62)).clamp(28, 48);
    // Two columns, the ranking's band from y = 262 to 430: 50 px a row for up to four rows a
    // column, closer for more.
    let per_column = c.options.len().div_ceil(2).max(1) as u32;
    let spacing = if per_column <= 4 {
        50
    } else {
        168 / (per_column - 1)
    };
    let shown = Shown::of(c);
    let rows = shown
        .ranked
        .iter()
        .zip(shown.costs.iter())
        .enumerate()
        .map(|(i, (o, cost))| {
            let fails = o.feasible && !o.meets_requirements();
            PngRow {
                x: if (i as u32) < per_column { 48 } else { 624 },
                y: 262 + (i as u32 % per_column) * spacing,
                rank: i + 1,
                name: o.short_name,
                cost: if fails {
                    CARD_FAILS
                } else {
                    ranked_cost(o, cost)
                }
                .to_owned(),
                best: o.id == c.cheapest,
                eligible: o.qualifies(),
            }
        })
        .collect();
    let svg = CardPngSvg {
        c,
        width: CARD_PNG_WIDTH,
        height: CARD_PNG_HEIGHT,
        name: best.name,
        name_size,
        cost: cost_of(best),
        rows,
        verdict: wrap_at_most(&shown.verdict, 76, 2),
        summary: wrap_at_most(&shown.summary, 104, 1).join(""),
    };
    render(&svg, 8 * 1024)
}

/// The card as the 1200 × 630 PNG link previews show (`width` other than 1200 scales it).
pub fn card_png(c: Headline<'_, '_>, width: u32) -> Result<Vec<u8>, askama::Error> {
    let svg = card_png_svg(c)?;
    let height = (u64::from(width) * u64::from(CARD_PNG_HEIGHT) / u64::from(CARD_PNG_WIDTH)) as u32;
    Ok(png::from_svg(&svg, png::Size::Canvas(width, height))?)
}

/// The chart in `layout` as a PNG `width` pixels wide, drawn from the same SVG `/chart.svg`
/// serves.
pub fn chart_png(
    c: Headline<'_, '_>,
    table: &PricingTable,
    layout: Layout,
    width: u32,
) -> Result<Vec<u8>, askama::Error> {
    Ok(png::from_svg(
        &chart(c, table, layout)?,
        png::Size::Width(width),
    )?)
}

/// What a page's head tells crawlers and chat apps about a comparison: Open Graph and Twitter
/// card tags, the description, the canonical link and oEmbed discovery. Written here from the
/// comparison, with the same numbers as every other view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfurl {
    /// `Public subnets with public IPv4 cheapest at $457.30 a month of 8 options · eu-central-1`.
    pub title: String,
    /// The next two options with their costs, and the bandwidth verdict.
    pub description: String,
    /// The card image's text alternative: the whole ranking.
    pub image_alt: String,
    /// The page's canonical address: absolute with a public base, else a path.
    pub canonical: String,
    /// The addresses that must be absolute, only when the server knows its public address.
    pub links: Option<UnfurlLinks>,
}

/// The absolute addresses in a page's unfurl tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnfurlLinks {
    /// `og:url`: the comparison's permalink.
    pub page: String,
    /// `og:image`: the 1200 × 630 card PNG.
    pub image: String,
    /// The oEmbed endpoint for `page`, JSON.
    pub oembed: String,
}

/// The unfurl tags of a page showing `c`, its canonical address `base` + `path` (such as
/// `/compare?region=…`); `base` empty (no `--public-url`) leaves out what must be absolute.
pub fn unfurl(c: Headline<'_, '_>, table: &PricingTable, base: &str, path: &str) -> Unfurl {
    let query = permalink::to_query(c.scenario, table);
    unfurl_with(c, &query, base, path, &Shown::of(c))
}

/// What a page of a comparison works out once and writes several times, its unfurl tags among
/// them.
pub struct Shown<'c> {
    /// The options cheapest first ([`Headline::ranked`]).
    pub ranked: Vec<&'c engine::OptionResult>,
    /// Their monthly costs as every view writes them, in the same order.
    pub costs: Costs,
    /// The scenario's one-line summary.
    pub summary: String,
    /// The headline's bandwidth sentence ([`Headline::verdict`]).
    pub verdict: String,
}

impl<'c> Shown<'c> {
    /// The pieces of `c`.
    pub fn of(c: Headline<'c, '_>) -> Shown<'c> {
        let ranked = c.ranked();
        let costs = Costs::of(&ranked);
        Shown {
            ranked,
            costs,
            summary: written(c.scenario.summary()),
            verdict: written(c.verdict),
        }
    }
}

/// `text` written into a string with room for a sentence or two, rather than grown from empty
/// a few bytes at a time.
fn written(text: impl std::fmt::Display) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(320);
    // Writing into a String cannot fail.
    let _ = write!(out, "{text}");
    out
}

/// A page of `c` whose canonical address is its results page: the permalink's query string,
/// what the page shows, and its unfurl tags.
pub fn comparison_page<'c>(
    c: Headline<'c, '_>,
    table: &PricingTable,
    base: &str,
) -> (String, Shown<'c>, Unfurl) {
    let query = permalink::to_query(c.scenario, table);
    let shown = Shown::of(c);
    let unfurl = unfurl_with(c, &query, base, &["/compare?", &query].concat(), &shown);
    (query, shown, unfurl)
}

/// The title a link preview shows of `c`: `NAT gateways cheapest at $306.80 a month of 10
/// options · us-east-1`, with `, meeting the requirements` before the region when a cheaper
/// option fails one.
pub fn unfurl_title(c: Headline<'_, '_>) -> String {
    let best = c.cheapest_option();
    // Put together piece by piece in one allocation: every page and embed writes it.
    let mut title = String::with_capacity(80 + best.name.len() + c.region.len());
    title.push_str(best.name);
    title.push_str(" cheapest at ");
    write_cost(best, &mut title);
    title.push_str(" a month of ");
    title.push_str(itoa::Buffer::new().format(c.options.len()));
    title.push_str(" options");
    if !c.passed_over.is_empty() {
        // A cheaper option is passed over: the answer is the cheapest of those that qualify.
        title.push_str(", meeting the requirements");
    }
    title.push_str(" · ");
    title.push_str(c.region);
    title
}

/// [`unfurl`] from what the page has already worked out: the comparison's permalink query
/// (`query`) and what it shows.
pub fn unfurl_with(
    c: Headline<'_, '_>,
    query: &str,
    base: &str,
    path: &str,
    shown: &Shown<'_>,
) -> Unfurl {
    let Shown {
        ranked,
        costs,
        summary,
        verdict,
    } = shown;
    let title = unfurl_title(c);
    let mut description = String::with_capacity(160 + verdict.len() + summary.len());
    description.push_str("Next: ");
    for (n, (o, cost)) in ranked
        .iter()
        .zip(costs.iter())
        .filter(|(o, _)| o.id != c.cheapest)
        .take(2)
        .enumerate()
    {
        if n > 0 {
            description.push_str("; ");
        }
        description.push_str(o.name);
        description.push(' ');
        description.push_str(cost);
        if !o.feasible {
            description.push_str(" (not feasible)");
        }
        push_unmet(o, &mut description);
    }
    for piece in [
        ". Bandwidth: ",
        verdict,
        " ",
        summary,
        " in ",
        c.region_name,
        ".",
    ] {
        description.push_str(piece);
    }
    let mut image_alt = String::with_capacity(64 + 80 * ranked.len());
    for piece in ["Egress options in ", c.region, ", cheapest first: "] {
        image_alt.push_str(piece);
    }
    for (i, (o, cost)) in ranked.iter().zip(costs.iter()).enumerate() {
        if i > 0 {
            image_alt.push_str(", ");
        }
        image_alt.push_str(itoa::Buffer::new().format(i + 1));
        image_alt.push_str(". ");
        image_alt.push_str(o.name);
        image_alt.push(' ');
        image_alt.push_str(ranked_cost(o, cost));
        push_unmet(o, &mut image_alt);
    }
    Unfurl {
        title,
        description,
        image_alt,
        canonical: [base, path].concat(),
        links: unfurl_links(query, base),
    }
}

/// The absolute addresses of a page's unfurl tags, for the comparison whose permalink query is
/// `query`: none without a public base.
pub fn unfurl_links(query: &str, base: &str) -> Option<UnfurlLinks> {
    (!base.is_empty()).then(|| {
        let page = format!("{base}/compare?{query}");
        UnfurlLinks {
            image: format!("{base}/card.png?{query}"),
            oembed: format!("{base}/oembed?url={}&format=json", percent_encode(&page)),
            page,
        }
    })
}

/// `text` with everything but RFC 3986's unreserved characters percent-encoded (a URL as the
/// value of another URL's query parameter).
pub fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() * 3 / 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::png::tests::{dark_pixels, decode, ink_columns};
    use egress_core::engine;
    use egress_core::scenario::Scenario;

    fn with_default<T>(f: impl FnOnce(Headline<'_, '_>, &PricingTable) -> T) -> T {
        let table = PricingTable::bundled().expect("the bundled table");
        let scenario = Scenario::defaults(&table);
        let c = engine::compare(&scenario, &table).expect("a comparison");
        f(c.headline(), &table)
    }

    #[test]
    fn a_card_label_too_long_for_its_row_is_drawn_in_the_room_before_the_cost() {
        let svg = with_default(|c, _| card(c)).unwrap();
        let row = |id: &str| {
            let start = svg.find(&format!("data-option=\"{id}\"")).unwrap();
            svg[start..start + svg[start..].find("</g>").unwrap()].to_owned()
        };
        // "N. Network Firewall + NAT gateways + S3 gateway endpoint" is 56 or 57 characters,
        // about 430 units at 7.7 a character: more than the 410 before the cost.
        let long = row("inspected_egress");
        assert!(
            long.contains(r#"textLength="410" lengthAdjust="spacingAndGlyphs""#),
            "{long}"
        );
        // "N. NAT gateways" is drawn as it is.
        assert!(!row("nat_gateway").contains("textLength"));
    }

    #[test]
    fn the_card_png_is_1200_by_630_with_its_headline_drawn() {
        let png = with_default(|c, _| card_png(c, CARD_PNG_WIDTH)).unwrap();
        let (w, h, _) = decode(&png);
        assert_eq!((w, h), (1200, 630));
        // The option's name (rows 80–135) and its cost (140–205) are dark ink; the cost is
        // green, so count pixels darker than mid-grey in the name band and any ink in both.
        let name = dark_pixels(&png, 80, 135);
        assert!(name > 5_000, "{name} dark pixels in the headline band");
        // The ranking's band (rows 225–425) holds eight rows of text.
        let ranking = dark_pixels(&png, 225, 425);
        assert!(ranking > 10_000, "{ranking} dark pixels in the ranking");
    }

    #[test]
    fn the_card_of_each_acceptance_scenario_draws_its_text() {
        let table = PricingTable::bundled().unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/acceptance");
        let mut drawn = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let case: serde_json::Value = serde_json::from_str(&text).unwrap();
            // A batch case holds several inputs; each single case one.
            let inputs: Vec<serde_json::Value> = match case.get("inputs") {
                Some(list) => list.as_array().unwrap().clone(),
                None => vec![case["input"].clone()],
            };
            for input in inputs {
                let body = serde_json::to_vec(&input).unwrap();
                let Ok(scenario) = Scenario::from_json(&body, &table) else {
                    continue;
                };
                let c = engine::compare(&scenario, &table).unwrap();
                let png = card_png(c.headline(), CARD_PNG_WIDTH).unwrap();
                let (name, ranking) = (dark_pixels(&png, 80, 135), dark_pixels(&png, 225, 425));
                assert!(
                    name > 5_000 && ranking > 10_000,
                    "{}: {name}, {ranking}",
                    path.display()
                );
                drawn += 1;
            }
        }
        assert!(drawn >= 6, "{drawn} cards drawn");
    }

    #[test]
    fn every_option_has_a_row_of_its_own_on_the_png_card() {
        // Ten options in two columns of five: no two rows at one place, all inside the
        // ranking's band (baselines from 262 to 430, above the verdict at 478).
        with_default(|c, _| {
            let svg = card_png_svg(c).unwrap();
            let places: Vec<(u32, u32)> = regex_free_rows(&svg);
            assert_eq!(places.len(), c.options.len(), "{svg}");
            for (i, a) in places.iter().enumerate() {
                assert!((262..=430).contains(&a.1), "{a:?}");
                assert!(!places[i + 1..].contains(a), "two rows at {a:?}");
            }
        });
    }

    /// The (x, y) of each ranked row's name in the card's SVG (`<text x=".." y="..">N. `).
    fn regex_free_rows(svg: &str) -> Vec<(u32, u32)> {
        svg.split("<text x=\"")
            .skip(1)
            .filter_map(|t| {
                let (x, rest) = t.split_once('"')?;
                let y = rest.strip_prefix(" y=\"")?.split('"').next()?;
                let text = rest.split('>').nth(1)?;
                let ranked = text.split(". ").next()?.parse::<u32>().is_ok();
                ranked.then(|| Some((x.parse().ok()?, y.parse().ok()?)))?
            })
            .collect()
    }

    #[test]
    fn the_cards_costs_end_at_their_columns_right_edge() {
        // Each cost is anchored at its end, at the row's x + 528: 576 in the left column, 1152
        // in the right. Its last glyph's side bearing leaves a pixel or few before that.
        let png = with_default(|c, _| card_png(c, CARD_PNG_WIDTH)).unwrap();
        let svg = with_default(|c, _| card_png_svg(c)).unwrap();
        let rows = regex_free_rows(&svg);
        assert!(rows.len() >= 8, "{rows:?}");
        for (x, y) in rows {
            let (edge, columns) = if x < 600 {
                (576, 300..600)
            } else {
                (1152, 900..1200)
            };
            let (_, last) = ink_columns(&png, columns, y - 24, y + 2);
            assert!(
                (edge - 8..=edge).contains(&last),
                "row at {y}: ink ends at {last}"
            );
        }
    }

    #[test]
    fn the_card_names_the_cheapest_option_and_every_cost() {
        with_default(|c, _| {
            let svg = card_png_svg(c).unwrap();
            assert!(svg.contains(c.cheapest_option().name), "{svg}");
            for o in c.options.iter().filter(|o| o.feasible) {
                assert!(svg.contains(&cost_of(o)), "{} missing", cost_of(o));
            }
            assert!(svg.contains("font-family=\"'DejaVu Sans'"));
        });
    }

    #[test]
    fn the_chart_png_follows_the_width_asked_for() {
        let png = with_default(|c, t| chart_png(c, t, Layout::Wide, 400)).unwrap();
        let (w, h, _) = decode(&png);
        assert_eq!(w, 400);
        assert!(h > 150 && h < 400, "{h}");
        assert!(dark_pixels(&png, 0, h) > 1_000);
    }

    #[test]
    fn unfurl_text_comes_from_the_comparison() {
        with_default(|c, t| {
            let u = unfurl(c, t, "https://egress.example", "/compare?region=us-east-1");
            let best = c.cheapest_option();
            assert!(u.title.starts_with(best.name), "{}", u.title);
            assert!(u.title.contains(&cost_of(best)), "{}", u.title);
            assert!(u.title.ends_with(c.region), "{}", u.title);
            assert!(u.description.contains(&c.verdict.to_string()));
            let links = u.links.expect("absolute links with a base");
            assert!(links.image.starts_with("https://egress.example/card.png?"));
            assert!(
                links.oembed.starts_with(
                    "https://egress.example/oembed?url=https%3A%2F%2Fegress.example%2Fcompare%3F"
                ),
                "{}",
                links.oembed
            );
            let relative = unfurl(c, t, "", "/compare?region=us-east-1");
            assert_eq!(relative.links, None);
            assert_eq!(relative.canonical, "/compare?region=us-east-1");
        });
    }

    #[test]
    fn the_image_alternative_says_what_the_card_shows_of_each_option() {
        // sa-east-1 has no NAT instance prices and no one can reach the internet through
        // endpoints alone: the card shows `not priced` and `not feasible`, and so must its alt.
        let table = PricingTable::bundled().expect("the bundled table");
        let scenario = Scenario::from_query("region=sa-east-1&monthly_gb=5000", &table).unwrap();
        let c = engine::compare(&scenario, &table).expect("a comparison");
        let alt = unfurl(c.headline(), &table, "", "/compare").image_alt;
        assert!(
            alt.contains("NAT instances + S3 gateway endpoint not priced"),
            "{alt}"
        );
        assert!(
            alt.contains("Endpoints only (no NAT) not feasible"),
            "{alt}"
        );
        let svg = card_png_svg(c.headline()).unwrap();
        assert!(svg.contains("not priced") && svg.contains("not feasible"));
    }

    #[test]
    fn an_option_that_fails_a_requirement_says_so_on_the_card_and_in_its_alt() {
        // No task may have a public address: public subnets carry the traffic, cost less, and
        // rank below the answer; the card says why, and its text alternative names the rule.
        let table = PricingTable::bundled().expect("the bundled table");
        let query =
            "region=us-east-1&monthly_gb=1000&outbound_percent=100&public_ips=1&sensitive=true";
        let scenario = Scenario::from_query(query, &table).unwrap();
        let c = engine::compare(&scenario, &table).expect("a comparison");
        let public = c.options.iter().find(|o| o.id == "public_subnet").unwrap();
        assert!(public.feasible && !public.meets_requirements());
        let svg = card_png_svg(c.headline()).unwrap();
        let row = svg
            .split("</text>")
            .find(|t| t.ends_with(". Public"))
            .unwrap();
        assert!(row.contains(r##"fill="#4a5563""##), "{row}");
        assert!(
            svg.contains(&format!(r##"fill="#a4161a">{CARD_FAILS}"##)),
            "{svg}"
        );
        assert!(
            svg.contains("a month · cheapest that meets the requirements"),
            "{svg}"
        );
        let u = unfurl(c.headline(), &table, "", "/compare");
        assert!(
            u.title
                .ends_with("of 10 options, meeting the requirements · us-east-1"),
            "{}",
            u.title
        );
        // One address × 730 h × $0.005 = $3.65, plus 1,000 GB out × $0.09 = $90.00: $93.65.
        let alt = "Public subnets with public IPv4 $93.65 (fails sensitive)";
        assert!(u.image_alt.contains(alt), "{}", u.image_alt);
    }

    #[test]
    fn long_verdicts_are_cut_to_two_lines() {
        let lines = wrap_at_most(&"word ".repeat(100), 20, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…') && lines[1].chars().count() <= 20);
    }

    /// Writes sample PNGs to look at: `cargo test -p egress-render samples -- --ignored`
    /// (files in `target/png-samples/`).
    #[test]
    #[ignore = "writes files to look at"]
    fn samples() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/png-samples");
        std::fs::create_dir_all(dir).unwrap();
        let table = PricingTable::bundled().unwrap();
        for (name, query) in [
            ("default", "region=us-east-1"),
            (
                "frankfurt",
                "region=eu-central-1&monthly_gb=20000&peak_gbps=3",
            ),
            (
                "big",
                "region=ap-southeast-2&monthly_gb=900000&peak_gbps=80&azs=3",
            ),
        ] {
            let pairs = egress_core::scenario::query_pairs(query);
            let scenario = Scenario::from_pairs(&pairs, &table).unwrap();
            let c = engine::compare(&scenario, &table).unwrap();
            let write =
                |file: &str, png: Vec<u8>| std::fs::write(format!("{dir}/{file}"), png).unwrap();
            write(
                &format!("card-{name}.png"),
                card_png(c.headline(), 1200).unwrap(),
            );
            write(
                &format!("card-{name}-400.png"),
                card_png(c.headline(), 400).unwrap(),
            );
            write(
                &format!("chart-{name}.png"),
                chart_png(c.headline(), &table, Layout::Wide, 1200).unwrap(),
            );
            write(
                &format!("chart-{name}-400.png"),
                chart_png(c.headline(), &table, Layout::Wide, 400).unwrap(),
            );
        }
    }
}
