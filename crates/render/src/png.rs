//! The SVG images as PNG, for link unfurls: chat apps and social sites show no SVG as a link's
//! preview image. The PNG is drawn from the very SVG the SVG routes serve, with resvg; its text
//! first becomes glyph outlines set in the bundled DejaVu Sans (`outline`), since resvg is built
//! without its text stack and would drop every `<text>`.

use crate::{font, outline};
use resvg::tiny_skia::{self, Pixmap, Transform};
use resvg::usvg;

/// Parses the bundled font now rather than on the first image (the server calls it at start-up).
pub fn warm_up() {
    font::warm_up();
}

/// How big the PNG is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// This many pixels wide, as tall as the SVG's proportions make it.
    Width(u32),
    /// Exactly this canvas; the SVG scaled to fit inside it, centred, on white.
    Canvas(u32, u32),
}

/// The PNG could not be made (the SVG did not parse, or the size is impossible).
#[derive(Debug)]
pub struct PngError(String);

impl std::fmt::Display for PngError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not draw the PNG: {}", self.0)
    }
}

impl std::error::Error for PngError {}

impl From<PngError> for askama::Error {
    fn from(e: PngError) -> askama::Error {
        askama::Error::Custom(Box::new(e))
    }
}

/// Draws `svg` as a PNG of `size`, its text in the bundled font.
pub fn from_svg(svg: &str, size: Size) -> Result<Vec<u8>, PngError> {
    encode(&rasterize(&outlined(svg)?, size)?)
}

/// `svg` with its text as glyph outlines.
fn outlined(svg: &str) -> Result<String, PngError> {
    outline::outline_text(svg).map_err(PngError)
}

/// SVG text (its text already outlined) to a usvg tree.
fn parse(svg: &str) -> Result<usvg::Tree, PngError> {
    usvg::Tree::from_str(svg, &usvg::Options::default()).map_err(|e| PngError(e.to_string()))
}

fn rasterize(svg: &str, size: Size) -> Result<Pixmap, PngError> {
    let tree = parse(svg)?;
    let (w, h) = (tree.size().width(), tree.size().height());
    let (width, height, scale) = match size {
        Size::Width(width) => {
            let scale = width as f32 / w;
            (width, (h * scale).round().max(1.0) as u32, scale)
        }
        Size::Canvas(width, height) => (width, height, (width as f32 / w).min(height as f32 / h)),
    };
    let mut pixmap = Pixmap::new(width, height)
        .ok_or_else(|| PngError(format!("no {width}×{height} canvas")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    // Centred in the canvas (no offset when the size follows the SVG).
    let dx = (width as f32 - w * scale) / 2.0;
    let dy = (height as f32 - h * scale) / 2.0;
    let transform = Transform::from_row(scale, 0.0, 0.0, scale, dx, dy);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    Ok(pixmap)
}

/// Where the time of one PNG goes, for `examples/render_png.rs` (`bench/png.sh`): setting the
/// text as outlines, parsing the SVG, drawing it, and encoding it with the deflate used here and
/// with the alternatives (tiny-skia's own RGBA encoder at the png crate's default level, and RGB
/// at the default level).
#[doc(hidden)]
pub fn profile(svg: &str, size: Size) -> Result<Profile, PngError> {
    use std::time::Instant;
    let t = Instant::now();
    let svg = outlined(svg)?;
    let outline = t.elapsed();
    let t = Instant::now();
    let tree = parse(&svg)?;
    let parse = t.elapsed();
    let t = Instant::now();
    let pixmap = rasterize(&svg, size)?;
    let parse_and_render = t.elapsed();
    drop(tree);
    let t = Instant::now();
    let fast = encode(&pixmap)?;
    let encode_fast = t.elapsed();
    let t = Instant::now();
    let balanced = encode_rgb(&pixmap, ::png::Compression::Balanced)?;
    let encode_balanced = t.elapsed();
    let t = Instant::now();
    let rgba = pixmap.encode_png().map_err(|e| PngError(e.to_string()))?;
    let encode_tiny_skia = t.elapsed();
    Ok(Profile {
        outline,
        parse,
        render: parse_and_render.saturating_sub(parse),
        encode_fast,
        encode_balanced,
        encode_tiny_skia,
        bytes: [fast.len(), balanced.len(), rgba.len()],
    })
}

/// See [`profile`].
#[doc(hidden)]
#[derive(Debug)]
pub struct Profile {
    /// Text to glyph outlines.
    pub outline: std::time::Duration,
    /// SVG (its text outlined) to usvg tree.
    pub parse: std::time::Duration,
    /// Drawing the tree.
    pub render: std::time::Duration,
    /// RGB, `Compression::Fast` (what the routes send).
    pub encode_fast: std::time::Duration,
    /// RGB, `Compression::Balanced` (the png crate's default).
    pub encode_balanced: std::time::Duration,
    /// tiny-skia's `encode_png`: RGBA, the default level.
    pub encode_tiny_skia: std::time::Duration,
    /// PNG bytes of the three encodings, in that order.
    pub bytes: [usize; 3],
}

/// An opaque pixmap (white under everything) as an RGB PNG: no alpha channel to store, and
/// the fast deflate, which takes a fraction of the default's time for a few % more bytes.
fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, PngError> {
    encode_rgb(pixmap, ::png::Compression::Fast)
}

fn encode_rgb(pixmap: &Pixmap, compression: ::png::Compression) -> Result<Vec<u8>, PngError> {
    // White was filled first, so every pixel is opaque and premultiplied equals straight.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::with_capacity(rgb.len() / 16);
    {
        let mut encoder = ::png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        encoder.set_color(::png::ColorType::Rgb);
        encoder.set_depth(::png::BitDepth::Eight);
        encoder.set_compression(compression);
        let mut writer = encoder
            .write_header()
            .map_err(|e| PngError(e.to_string()))?;
        writer
            .write_image_data(&rgb)
            .map_err(|e| PngError(e.to_string()))?;
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Decodes a PNG into its width, height and RGB pixels.
    pub(crate) fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let decoder = ::png::Decoder::new(std::io::Cursor::new(png_bytes));
        let mut reader = decoder.read_info().expect("a PNG");
        let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
        let info = reader.next_frame(&mut buf).expect("a frame");
        assert_eq!(info.color_type, ::png::ColorType::Rgb);
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    /// Pixels darker than mid-grey in rows `top..bottom`.
    pub(crate) fn dark_pixels(png_bytes: &[u8], top: u32, bottom: u32) -> usize {
        let (width, _, rgb) = decode(png_bytes);
        rgb.chunks_exact(3)
            .enumerate()
            .filter(|(i, _)| (top..bottom).contains(&((*i as u32) / width)))
            .filter(|(_, p)| u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]) < 3 * 128)
            .count()
    }

    const TEXT: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50" width="200" height="50" font-family="DejaVu Sans, system-ui, sans-serif"><text x="10" y="30" font-size="20" fill="#000">Hello $1.00</text></svg>"##;

    #[test]
    fn text_is_drawn_as_outlines_and_dropped_without_them() {
        let with = from_svg(TEXT, Size::Width(400)).unwrap();
        let without = encode(&rasterize(TEXT, Size::Width(400)).unwrap()).unwrap();
        let (w, h, _) = decode(&with);
        assert_eq!((w, h), (400, 100));
        let (dark, bare) = (dark_pixels(&with, 0, 100), dark_pixels(&without, 0, 100));
        assert!(dark > 500, "{dark} dark pixels");
        assert_eq!(bare, 0, "resvg alone draws no text");
    }

    #[test]
    fn any_family_is_drawn_in_the_bundled_font() {
        let ours = from_svg(TEXT, Size::Width(200)).unwrap();
        for family in ["sans-serif", "Nonesuch"] {
            let other = TEXT.replace("DejaVu Sans, system-ui, sans-serif", family);
            assert_eq!(
                from_svg(&other, Size::Width(200)).unwrap(),
                ours,
                "{family}"
            );
        }
    }

    /// The leftmost and rightmost columns of `columns` with ink (a channel under 160: dark,
    /// green, red and grey text alike) in rows `top..bottom`.
    pub(crate) fn ink_columns(
        png_bytes: &[u8],
        columns: std::ops::Range<u32>,
        top: u32,
        bottom: u32,
    ) -> (u32, u32) {
        let (width, _, rgb) = decode(png_bytes);
        let inked = |x: u32| {
            (top..bottom).any(|y| {
                let p = &rgb[((y * width + x) * 3) as usize..][..3];
                p.iter().any(|&b| b < 160)
            })
        };
        let first = columns.clone().find(|&x| inked(x)).expect("ink");
        let last = columns.rev().find(|&x| inked(x)).expect("ink");
        (first, last)
    }

    #[test]
    fn anchored_text_lands_where_the_svg_says() {
        // "HIH" at x = 200 on three rows, anchored at its start, middle and end. H and I stand
        // on the same side bearings either side, so the ink is centred on the line's advance.
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 150" width="400" height="150" font-size="30" font-weight="700" fill="#000"><text x="200" y="40">HIH</text><text x="200" y="90" text-anchor="middle">HIH</text><text x="200" y="140" text-anchor="end">HIH</text></svg>"##;
        let png = from_svg(svg, Size::Width(400)).unwrap();
        let (start, middle, end) = (
            ink_columns(&png, 0..400, 10, 45),
            ink_columns(&png, 0..400, 60, 95),
            ink_columns(&png, 0..400, 110, 145),
        );
        // The side bearing: a few pixels at 30 px.
        assert!((201..=206).contains(&start.0), "start {start:?}");
        let centre = (middle.0 + middle.1 + 1) as f32 / 2.0;
        assert!((centre - 200.0).abs() <= 1.0, "middle {middle:?}");
        assert!((194..=199).contains(&end.1), "end {end:?}");
        // The same line in each place.
        let widths = [start.1 - start.0, middle.1 - middle.0, end.1 - end.0];
        assert!(
            widths.iter().all(|w| w.abs_diff(widths[0]) <= 1),
            "{widths:?}"
        );
    }

    #[test]
    fn a_canvas_letterboxes_on_white() {
        let png = from_svg(TEXT, Size::Canvas(400, 400)).unwrap();
        let (w, h, rgb) = decode(&png);
        assert_eq!((w, h), (400, 400));
        // The 400×100 drawing sits in the middle: the top rows are white.
        assert!(rgb[..400 * 3 * 100].iter().all(|&b| b == 255));
        assert!(dark_pixels(&png, 150, 250) > 500);
    }

    #[test]
    fn a_bad_svg_is_an_error() {
        assert!(from_svg("<svg", Size::Width(100)).is_err());
        assert!(from_svg(TEXT, Size::Canvas(0, 10)).is_err());
    }
}
