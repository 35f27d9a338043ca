//! Text written into HTML. Askama's escaper looks at every byte and escapes five characters
//! everywhere; a results page writes some 30 KB of text through it. Here element text escapes
//! only `&`, `<` and `>`, and attribute values (always double-quoted) only `&`, `"` and `<`,
//! found with `memchr` a vector at a time; most text has none, and is copied whole. Numbers are
//! digits, commas, points, signs and `$`, and go straight in. The templates use these through
//! the filters `text`, `attr`, `said` and `num`; `html` writes what askama's escaper writes, for
//! the head's texts, the same way but a vector at a time.

use askama::{FastWritable, Values};
use egress_core::engine::Item;
use egress_core::engine::properties::Words;
use egress_core::money::TwoPlaces;
use egress_core::money::words::Grouped;
use std::fmt::{self, Write};

/// Writes `text` with each of the three bytes `needles` replaced by its entity.
fn escaped(dest: &mut dyn Write, text: &str, needles: [u8; 3]) -> fmt::Result {
    let bytes = text.as_bytes();
    // Most pieces are a name or a number's unit: looked at a byte at a time, they cost less
    // than setting up a vector search.
    if bytes.len() < 32 && !bytes.iter().any(|b| needles.contains(b)) {
        return dest.write_str(text);
    }
    let mut last = 0;
    for at in memchr::memchr3_iter(needles[0], needles[1], needles[2], bytes) {
        dest.write_str(&text[last..at])?;
        dest.write_str(match bytes[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&quot;",
        })?;
        last = at + 1;
    }
    dest.write_str(&text[last..])
}

/// Writes `text` as askama's own HTML escaper does (each of `"`, `&`, `'`, `<` and `>` as its
/// code point, `&#34;`), for the texts the templates leave to it, so the page reads the same:
/// found a vector at a time where askama looks at every byte.
fn escaped_as_askama(dest: &mut dyn Write, text: &str) -> fmt::Result {
    let bytes = text.as_bytes();
    let markup = |from: usize| memchr::memchr3(b'&', b'<', b'>', &bytes[from..]).map(|k| k + from);
    let quote = |from: usize| memchr::memchr2(b'"', b'\'', &bytes[from..]).map(|k| k + from);
    let (mut next_markup, mut next_quote) = (markup(0), quote(0));
    let mut last = 0;
    loop {
        let at = match (next_markup, next_quote) {
            (Some(m), Some(q)) => m.min(q),
            (Some(at), None) | (None, Some(at)) => at,
            (None, None) => break,
        };
        dest.write_str(&text[last..at])?;
        dest.write_str(match bytes[at] {
            b'"' => "&#34;",
            b'&' => "&#38;",
            b'\'' => "&#39;",
            b'<' => "&#60;",
            _ => "&#62;",
        })?;
        last = at + 1;
        if next_markup == Some(at) {
            next_markup = markup(last);
        } else {
            next_quote = quote(last);
        }
    }
    dest.write_str(&text[last..])
}

const TEXT: [u8; 3] = [b'&', b'<', b'>'];
const ATTRIBUTE: [u8; 3] = [b'&', b'"', b'<'];

/// Element text, escaped.
pub struct Text<S>(pub S);

/// An attribute value (between double quotes), escaped.
pub struct Attr<S>(pub S);

/// Text escaped as askama's default escaper escapes it (`{{ x|html }}` reads as `{{ x }}`).
pub struct AskamaHtml<S>(pub S);

/// A value written with `Display` (an engine sentence, a line's item), escaped as element text.
pub struct Said<T>(pub T);

/// A number for people (`$1,234.56`, `13,333.33`): nothing to escape.
pub struct Num(pub Grouped);

/// A value whose text the engine writes from fixed words and numbers (a line's item, a
/// property's statement), which `tests::fixed_text_holds_no_markup` shows hold none of `<`,
/// `>`, `&` or `"`, or a figure to two places (digits, a sign, a point): written as it is.
pub struct Plain<T>(pub T);

/// What [`Plain`] writes: the text itself when it is one already (a fixed statement, a line's
/// fixed label), which skips `fmt`'s machinery; a page writes about a hundred of them.
pub trait PlainText {
    /// Writes the text into `dest`.
    fn write_plain(&self, dest: &mut dyn Write) -> fmt::Result;
}

impl PlainText for Words {
    fn write_plain(&self, dest: &mut dyn Write) -> fmt::Result {
        match self {
            Words::Fixed(text) => dest.write_str(text),
            words => write!(dest, "{words}"),
        }
    }
}

impl PlainText for Item {
    fn write_plain(&self, dest: &mut dyn Write) -> fmt::Result {
        match self {
            Item::Label(label) => dest.write_str(label),
            item => write!(dest, "{item}"),
        }
    }
}

impl PlainText for TwoPlaces {
    fn write_plain(&self, dest: &mut dyn Write) -> fmt::Result {
        self.write_to(dest)
    }
}

impl<T: PlainText + ?Sized> PlainText for &T {
    fn write_plain(&self, dest: &mut dyn Write) -> fmt::Result {
        (**self).write_plain(dest)
    }
}

/// What a `Display` value writes, escaped as element text: gathered first, as a sentence
/// comes in many small pieces and escaping each costs more than escaping the whole once.
fn said(dest: &mut dyn Write, value: &impl fmt::Display) -> fmt::Result {
    let mut text = String::with_capacity(256);
    write!(text, "{value}")?;
    escaped(dest, &text, TEXT)
}

macro_rules! markup {
    ($($name:ident<$t:ident: $bound:path> => |$value:ident, $dest:ident| $write:expr;)*) => {$(
        impl<$t: $bound> FastWritable for $name<$t> {
            fn write_into(&self, $dest: &mut dyn Write, _: &dyn Values) -> askama::Result<()> {
                let $value = &self.0;
                Ok($write?)
            }
        }
        impl<$t: $bound> fmt::Display for $name<$t> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let ($value, $dest): (_, &mut dyn Write) = (&self.0, f);
                $write
            }
        }
        impl<$t: $bound> askama::filters::HtmlSafe for $name<$t> {}
    )*};
}

markup! {
    Text<S: AsRef<str>> => |value, dest| escaped(dest, value.as_ref(), TEXT);
    Attr<S: AsRef<str>> => |value, dest| escaped(dest, value.as_ref(), ATTRIBUTE);
    AskamaHtml<S: AsRef<str>> => |value, dest| escaped_as_askama(dest, value.as_ref());
    Said<T: fmt::Display> => |value, dest| said(dest, value);
}

impl FastWritable for Num {
    fn write_into(&self, dest: &mut dyn Write, _: &dyn Values) -> askama::Result<()> {
        Ok(self.0.write_to(dest)?)
    }
}

impl<T: PlainText> FastWritable for Plain<T> {
    fn write_into(&self, dest: &mut dyn Write, _: &dyn Values) -> askama::Result<()> {
        Ok(self.0.write_plain(dest)?)
    }
}

impl<T: PlainText> fmt::Display for Plain<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_plain(f)
    }
}

impl<T: PlainText> askama::filters::HtmlSafe for Plain<T> {}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl askama::filters::HtmlSafe for Num {}

/// The filters the page templates write text with.
// `askama::filter_fn` generates an undocumented type for each filter.
#[allow(missing_docs)]
pub mod filters {
    use super::{AskamaHtml, Attr, Grouped, Num, Plain, PlainText, Said, Text};
    use std::borrow::Borrow;

    /// `{{ x|text }}`: element text.
    #[askama::filter_fn]
    pub fn text<S: AsRef<str>>(value: S, _: &dyn askama::Values) -> askama::Result<Text<S>> {
        Ok(Text(value))
    }

    /// `{{ x|attr }}`: an attribute value.
    #[askama::filter_fn]
    pub fn attr<S: AsRef<str>>(value: S, _: &dyn askama::Values) -> askama::Result<Attr<S>> {
        Ok(Attr(value))
    }

    /// `{{ x|html }}`: text as askama's default escaper writes it, found faster.
    #[askama::filter_fn]
    pub fn html<S: AsRef<str>>(value: S, _: &dyn askama::Values) -> askama::Result<AskamaHtml<S>> {
        Ok(AskamaHtml(value))
    }

    /// `{{ x|said }}`: what a `Display` value writes, as element text.
    #[askama::filter_fn]
    pub fn said<T: std::fmt::Display>(value: T, _: &dyn askama::Values) -> askama::Result<Said<T>> {
        Ok(Said(value))
    }

    /// `{{ x|plain }}`: engine text shown to hold no markup ([`Plain`]).
    #[askama::filter_fn]
    pub fn plain<T: PlainText>(value: T, _: &dyn askama::Values) -> askama::Result<Plain<T>> {
        Ok(Plain(value))
    }

    /// `{{ x|num }}`: a number for people.
    #[askama::filter_fn]
    pub fn num<G: Borrow<Grouped>>(value: G, _: &dyn askama::Values) -> askama::Result<Num> {
        Ok(Num(*value.borrow()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egress_core::engine::{self, OPTIONS};
    use egress_core::pricing::PricingTable;
    use egress_core::scenario::{FIELDS, KNOWN_SERVICES, Scenario};
    use egress_core::workload::WORKLOAD_FIELDS;

    /// Whether `text` could end an element or an attribute, or start an entity.
    fn markup(text: &str) -> bool {
        text.contains(['<', '>', '&', '"'])
    }

    #[test]
    fn fixed_text_holds_no_markup() {
        // What the page templates write with `|safe` or `|plain`: the options' names and ids,
        // the fields' and services' names, labels, units and hints, and, over every region and
        // scenarios that bring in every kind of line (tiers, the free allowance, per-service
        // endpoints, NAT instances, requirements), each line's item and unit and each
        // property's verdict, statements and sources.
        let mut fixed: Vec<String> = Vec::new();
        for o in OPTIONS {
            fixed.extend([o.about.id, o.about.name, o.about.short_name].map(str::to_owned));
        }
        for f in FIELDS {
            fixed.extend([f.name, f.label, f.unit, f.hint].map(str::to_owned));
        }
        for f in WORKLOAD_FIELDS {
            fixed.extend([f.name, f.label, f.unit, f.hint].map(str::to_owned));
        }
        for s in KNOWN_SERVICES {
            fixed.extend([s.name, s.description].map(str::to_owned));
        }
        let table = PricingTable::bundled().unwrap();
        let services: String = KNOWN_SERVICES
            .iter()
            .filter(|s| s.name != "s3")
            .map(|s| format!("&svc.{}=1", s.name))
            .collect();
        let mut compared = 0;
        for region in &table.regions {
            for extra in [
                "monthly_gb=5000&s3_percent=40&aws_percent=20".to_owned(),
                "monthly_gb=900000000&dto_free_tier=true&azs=3&nat_gateways=1&nat_instances=1"
                    .to_owned(),
                format!("monthly_gb=50000&sensitive=true&survive_az_loss=true{services}"),
            ] {
                let query = format!("region={}&{extra}", region.code);
                let Ok(scenario) = Scenario::from_query(&query, &table) else {
                    continue;
                };
                let c = engine::compare(&scenario, &table).unwrap();
                compared += 1;
                for o in &c.options {
                    let p = o
                        .properties
                        .as_ref()
                        .expect("a comparison examines every option");
                    fixed.extend([
                        p.availability.verdict.word().to_owned(),
                        p.security.verdict.word().to_owned(),
                        p.operations.verdict.word().to_owned(),
                        crate::sentences::bandwidth_word(o).to_owned(),
                    ]);
                    for l in &o.lines {
                        fixed.extend([l.item.to_string(), l.unit.to_owned()]);
                    }
                    for property in [
                        (&p.availability.lead, &p.availability.details),
                        (&p.security.lead, &p.security.details),
                        (&p.operations.lead, &p.operations.details),
                    ] {
                        for s in std::iter::once(property.0).chain(property.1) {
                            fixed.extend([
                                s.text.to_string(),
                                s.source.to_owned(),
                                s.source_title().to_owned(),
                            ]);
                        }
                    }
                }
            }
        }
        assert!(
            compared >= 2 * table.regions.len(),
            "{compared} comparisons"
        );
        let bad: Vec<&String> = fixed.iter().filter(|t| markup(t)).collect();
        assert!(bad.is_empty(), "{bad:?}");
    }

    #[test]
    fn html_filter_writes_what_askama_escaping_writes() {
        use askama::filters::Escaper;
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let pieces = [
            "a",
            "&",
            "<",
            ">",
            "\"",
            "'",
            "é",
            " ",
            "task's",
            "&amp;",
            "xyzxyzxyzxyzxyzxyzxyz",
        ];
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let mut expected = String::new();
            askama::filters::Html
                .write_escaped_str(&mut expected, &text)
                .unwrap();
            assert_eq!(AskamaHtml(&text).to_string(), expected, "{text}");
        }
    }

    #[test]
    fn text_and_attributes_escape_what_would_end_them() {
        assert_eq!(Text("a < b & c > d").to_string(), "a &lt; b &amp; c &gt; d");
        assert_eq!(Text(r#"VPC's "quoted""#).to_string(), r#"VPC's "quoted""#);
        assert_eq!(
            Attr(r#"x="1" & <y>"#).to_string(),
            "x=&quot;1&quot; &amp; &lt;y>"
        );
        assert_eq!(Attr("region=eu-west-1").to_string(), "region=eu-west-1");
        assert_eq!(Said(format_args!("{}<{}", 1, 2)).to_string(), "1&lt;2");
        assert_eq!(Text("").to_string(), "");
        assert_eq!(Text("<<&").to_string(), "&lt;&lt;&amp;");
    }
}
