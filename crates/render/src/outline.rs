//! The `<text>` of an SVG this crate wrote, as `<path>` glyph outlines set in the bundled DejaVu
//! Sans: the PNG renderer is built without a text stack of its own (it would add megabytes of
//! shaping and font code to the binary), and draws the paths instead.
//!
//! Each `<text>` becomes a `<g>` with the text's own attributes (its fill, stroke, transform…,
//! which the paths inherit) in the same place in the document, so what is drawn over what does
//! not change; each run of characters of one style becomes a `<path>` with its `<tspan>`'s
//! attributes. What places the glyphs is read as the templates write it: `x`, `y`, `dx`, `dy`
//! as one length each; `font-size` (user units), `font-weight` and `text-anchor` as attributes
//! of the text, its tspans or their ancestors; white space as SVG's default `xml:space`. Every
//! family is drawn in the one bundled face, so `font-family` is not read. Whatever else would
//! move text (a tspan's own position, `style`, `rotate`, a `<textPath>`) is an error naming it,
//! not text drawn somewhere else.

use crate::font::{self, Face, Placed};
use roxmltree::{Document, Node};

const SVG: &str = "http://www.w3.org/2000/svg";

/// `svg` with each `<text>` replaced by its glyph outlines; the rest byte for byte as it was.
pub fn outline_text(svg: &str) -> Result<String, String> {
    let doc = Document::parse(svg).map_err(|e| e.to_string())?;
    let mut out = String::with_capacity(svg.len() * 16);
    let mut copied = 0;
    for text in doc.descendants().filter(|n| n.has_tag_name((SVG, "text"))) {
        let range = text.range();
        // A `<text>` inside another was replaced with it.
        if range.start < copied {
            continue;
        }
        out.push_str(&svg[copied..range.start]);
        outline(text, &mut out)?;
        copied = range.end;
    }
    out.push_str(&svg[copied..]);
    Ok(out)
}

/// Characters of one style, and the element whose attributes paint them.
struct Run<'a, 'input> {
    text: String,
    style: Node<'a, 'input>,
    face: &'static Face,
    size: f32,
    /// Where its glyphs are in the line's list, and where the run starts, in user units.
    glyphs: std::ops::Range<usize>,
    start: f32,
}

/// Writes one `<text>` as a `<g>` of paths.
fn outline(text: Node<'_, '_>, out: &mut String) -> Result<(), String> {
    for name in ["rotate", "textLength", "style"] {
        if let Some(value) = text.attribute(name) {
            return Err(format!("<text {name}=\"{value}\"> is not drawn"));
        }
    }
    if text.attribute(("http://www.w3.org/XML/1998/namespace", "space")) == Some("preserve") {
        return Err("<text xml:space=\"preserve\"> is not drawn".to_owned());
    }
    let x = length(text, "x")? + length(text, "dx")?;
    let y = length(text, "y")? + length(text, "dy")?;
    let mut runs = Vec::new();
    collect(text, &mut runs)?;
    collapse_white_space(&mut runs);

    let mut placed: Vec<Placed> = Vec::new();
    let mut pen = 0.0;
    for run in &mut runs {
        let first = placed.len();
        let advance = run.face.set(&run.text, &mut placed);
        run.glyphs = first..placed.len();
        run.start = pen;
        pen += advance as f32 * run.size / run.face.units_per_em();
    }
    // The anchor places the whole line: the text has one chunk, as no tspan moves the pen.
    let shift = match inherited(text, "text-anchor") {
        None | Some("start") => 0.0,
        Some("middle") => -pen / 2.0,
        Some("end") => -pen,
        Some(other) => return Err(format!("text-anchor=\"{other}\" is not an anchor")),
    };

    out.push_str("<g");
    attributes(text, &mut Vec::new(), out);
    out.push('>');
    for run in &runs {
        let scale = run.size / run.face.units_per_em();
        let mut d = String::new();
        for g in &placed[run.glyphs.clone()] {
            let origin = x + shift + run.start + g.x as f32 * scale;
            run.face.outline(g.glyph, origin, y, scale, &mut d);
        }
        if d.is_empty() {
            continue;
        }
        out.push_str("<path");
        // The tspans between the run and the text, innermost first: its attributes win.
        let (mut style, mut written) = (run.style, Vec::new());
        while style != text {
            attributes(style, &mut written, out);
            style = style.parent().unwrap_or(text);
        }
        out.push_str(" d=\"");
        out.push_str(&d);
        out.push_str("\"/>");
    }
    out.push_str("</g>");
    Ok(())
}

/// The runs of `element` (the text, or a tspan in it), in document order.
fn collect<'a, 'input>(
    element: Node<'a, 'input>,
    runs: &mut Vec<Run<'a, 'input>>,
) -> Result<(), String> {
    for child in element.children() {
        if let Some(chars) = child.text().filter(|_| child.is_text()) {
            runs.push(Run {
                text: chars.to_owned(),
                style: element,
                face: font::face(weight(element)?).ok_or("the bundled font is not a font")?,
                size: size(element)?,
                glyphs: 0..0,
                start: 0.0,
            });
        } else if child.has_tag_name((SVG, "tspan")) {
            for name in ["x", "y", "dx", "dy", "rotate", "textLength", "style"] {
                if let Some(value) = child.attribute(name) {
                    return Err(format!("<tspan {name}=\"{value}\"> is not drawn"));
                }
            }
            collect(child, runs)?;
        } else if child.is_element()
            && !["title", "desc", "metadata"].contains(&child.tag_name().name())
        {
            return Err(format!(
                "<{}> in a <text> is not drawn",
                child.tag_name().name()
            ));
        }
    }
    Ok(())
}

/// SVG's default white space, over the whole text: newlines removed, tabs as spaces, no space
/// at either end and none twice in a row.
fn collapse_white_space(runs: &mut [Run<'_, '_>]) {
    // True at the start, so leading spaces go too.
    let mut after_space = true;
    for run in runs.iter_mut() {
        let mut kept = String::with_capacity(run.text.len());
        for c in run.text.chars().filter(|&c| c != '\n' && c != '\r') {
            let c = if c == '\t' { ' ' } else { c };
            if c == ' ' && after_space {
                continue;
            }
            after_space = c == ' ';
            kept.push(c);
        }
        run.text = kept;
    }
    if let Some(last) = runs.iter_mut().rev().find(|r| !r.text.is_empty())
        && last.text.ends_with(' ')
    {
        last.text.pop();
    }
}

/// The value of the property `name` on `node` or the nearest ancestor that sets it.
fn inherited<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.ancestors()
        .filter_map(|n| n.attribute(name))
        .find(|v| *v != "inherit")
}

/// `name` on `node` as one length in user units (`12`, `12.5px`), 0 when absent.
fn length(node: Node<'_, '_>, name: &str) -> Result<f32, String> {
    node.attribute(name).map_or(Ok(0.0), |v| {
        user_units(v).ok_or_else(|| format!("{name}=\"{v}\" is not one length in user units"))
    })
}

fn user_units(value: &str) -> Option<f32> {
    let v = value.trim();
    let n: f32 = v.strip_suffix("px").unwrap_or(v).trim_end().parse().ok()?;
    n.is_finite().then_some(n)
}

/// The font size of `node`'s text: usvg's default of 12 when nothing sets one.
fn size(node: Node<'_, '_>) -> Result<f32, String> {
    inherited(node, "font-size").map_or(Ok(12.0), |v| {
        user_units(v)
            .filter(|s| *s >= 0.0)
            .ok_or_else(|| format!("font-size=\"{v}\" is not a size in user units"))
    })
}

/// The CSS weight of `node`'s text (`bolder` and `lighter` taken from normal, which every
/// template's text inherits).
fn weight(node: Node<'_, '_>) -> Result<u16, String> {
    match inherited(node, "font-weight") {
        None | Some("normal" | "lighter") => Ok(400),
        Some("bold" | "bolder") => Ok(700),
        Some(v) => v
            .parse()
            .ok()
            .filter(|w| (1..=1000).contains(w))
            .ok_or_else(|| format!("font-weight=\"{v}\" is not a weight")),
    }
}

/// Writes `node`'s attributes but those that place text (the paths hold the places) and those
/// `written` already holds, adding their names to it.
fn attributes<'a>(node: Node<'a, '_>, written: &mut Vec<&'a str>, out: &mut String) {
    const PLACING: [&str; 4] = ["x", "y", "dx", "dy"];
    for a in node.attributes() {
        if a.namespace().is_some() || PLACING.contains(&a.name()) || written.contains(&a.name()) {
            continue;
        }
        written.push(a.name());
        out.push(' ');
        out.push_str(a.name());
        out.push_str("=\"");
        for c in a.value().chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '"' => out.push_str("&quot;"),
                c => out.push(c),
            }
        }
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(body: &str) -> String {
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50" font-size="20" fill="#111">{body}</svg>"##
        )
    }

    /// The x of every path command's first point, in order.
    fn xs(svg: &str) -> Vec<f32> {
        svg.split(['M', 'L', 'Q', 'C'])
            .skip(1)
            .filter_map(|s| s.split(' ').next()?.parse().ok())
            .collect()
    }

    #[test]
    fn text_becomes_a_group_of_paths_in_its_place() {
        let input = svg(
            r##"<rect width="5" height="5"/><text x="10" y="30" fill="#a00" class="t">A<tspan font-weight="700" fill="#0a0">B</tspan></text><circle r="1"/>"##,
        );
        let out = outline_text(&input).unwrap();
        assert!(!out.contains("<text"), "{out}");
        let (before, rest) = out.split_once("<g").unwrap();
        assert!(before.ends_with(r#"<rect width="5" height="5"/>"#));
        assert!(
            rest.starts_with(r##" fill="#a00" class="t"><path d="M"##),
            "{rest}"
        );
        assert!(
            rest.contains(r##"<path font-weight="700" fill="#0a0" d="M"##),
            "{rest}"
        );
        assert!(rest.ends_with(r#"</g><circle r="1"/></svg>"#), "{rest}");
        // Every glyph starts at or right of x = 10.
        assert!(xs(&out).iter().all(|&x| x >= 10.0), "{out}");
    }

    #[test]
    fn a_tspan_in_a_tspan_paints_with_the_innermost_attribute() {
        let out = outline_text(&svg(
            r##"<text x="0" y="30"><tspan fill="#a00" font-size="10"><tspan fill="#0a0">A</tspan></tspan></text>"##,
        ))
        .unwrap();
        assert!(
            out.contains(r##"<path fill="#0a0" font-size="10" d="M"##),
            "{out}"
        );
    }

    #[test]
    fn anchors_move_the_line_by_its_advance() {
        let at = |anchor: &str| {
            let out = outline_text(&svg(&format!(
                r#"<text x="100" y="30" text-anchor="{anchor}">HH</text>"#
            )))
            .unwrap();
            let xs = xs(&out);
            let min = xs.iter().copied().fold(f32::MAX, f32::min);
            let max = xs.iter().copied().fold(f32::MIN, f32::max);
            (min, max)
        };
        let (start, middle, end) = (at("start"), at("middle"), at("end"));
        let width = start.1 - start.0;
        assert!(start.0 > 100.0 && start.0 < 103.0, "{start:?}");
        assert!(
            ((middle.0 + middle.1) / 2.0 - 100.0).abs() < 0.02,
            "{middle:?}"
        );
        assert!(end.1 < 100.0 && end.1 > 97.0, "{end:?}");
        assert!((end.1 - end.0 - width).abs() < 0.02);
    }

    #[test]
    fn white_space_is_collapsed_as_svg_does() {
        let width = |body: &str| {
            let out = outline_text(&svg(&format!(
                r#"<text x="0" y="30" text-anchor="end">{body}</text>"#
            )))
            .unwrap();
            -xs(&out).into_iter().fold(f32::MAX, f32::min)
        };
        // Leading, trailing and doubled spaces go; one between runs stays.
        assert!((width("  H   H  ") - width("H H")).abs() < 0.01);
        assert!((width("<tspan>H</tspan><tspan> H</tspan>") - width("H H")).abs() < 0.01);
        assert!(width("H H") > width("HH") + 5.0);
    }

    #[test]
    fn what_would_move_text_elsewhere_is_an_error_naming_it() {
        for (body, says) in [
            (r#"<text><tspan x="5">a</tspan></text>"#, "tspan x=\"5\""),
            (r#"<text x="1 2 3">a</text>"#, "x=\"1 2 3\""),
            (r#"<text font-size="2em">a</text>"#, "font-size=\"2em\""),
            (
                r#"<text text-anchor="left">a</text>"#,
                "text-anchor=\"left\"",
            ),
            (r#"<text style="font-size:9px">a</text>"#, "style="),
            (r#"<text><textPath>a</textPath></text>"#, "<textPath>"),
        ] {
            let e = outline_text(&svg(body)).unwrap_err();
            assert!(e.contains(says), "{body}: {e}");
        }
    }

    #[test]
    fn escaped_characters_are_drawn_and_attributes_stay_escaped() {
        let out = outline_text(&svg(
            r#"<text x="0" y="20" aria-label="a &amp; &quot;b&quot;">&lt;&amp;&gt;</text>"#,
        ))
        .unwrap();
        assert!(
            out.contains(r#"aria-label="a &amp; &quot;b&quot;""#),
            "{out}"
        );
        assert_eq!(out.matches("<path").count(), 1);
        assert!(roxmltree::Document::parse(&out).is_ok());
    }
}
