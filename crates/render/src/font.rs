//! The bundled DejaVu Sans, as the PNG renderer sets text in it: characters to glyphs with the
//! font's standard ligatures (`liga`: fi, fl, ff, ffi, ffl), advances with its kerning (`kern`),
//! and each glyph's outline as SVG path data. Left-to-right Latin text is all the images hold,
//! so this is the whole of the shaping they need.

use std::sync::LazyLock;
use ttf_parser::gpos::{PairAdjustment, PositioningSubtable};
use ttf_parser::gsub::{LigatureSubstitution, SubstitutionSubtable};
use ttf_parser::opentype_layout::LayoutTable;
use ttf_parser::{GlyphId, Tag};

static REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../static/fonts/DejaVuSans.ttf"
));
static BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../static/fonts/DejaVuSans-Bold.ttf"
));

/// The two bundled faces, parsed once (the font files stay borrowed from the binary); `None`
/// only if a font file compiled in is not a font, which a test rules out.
static FACES: LazyLock<Option<[Face; 2]>> =
    LazyLock::new(|| Some([Face::parse(REGULAR)?, Face::parse(BOLD)?]));

/// Parses the bundled faces now rather than on the first image (the server calls it at start-up).
pub fn warm_up() {
    LazyLock::force(&FACES);
}

/// The bundled face for a CSS `font-weight`: bold above 500, as CSS font matching picks between
/// a 400 and a 700 face.
pub fn face(weight: u16) -> Option<&'static Face> {
    FACES
        .as_ref()
        .map(|faces| &faces[usize::from(weight > 500)])
}

/// One face: its tables, and the lookups of the two layout features the images use.
pub struct Face {
    face: ttf_parser::Face<'static>,
    ligatures: Vec<LigatureSubstitution<'static>>,
    kerning: Vec<PairAdjustment<'static>>,
}

/// A glyph placed on a line: its id and where its origin is, in font units from the line's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub glyph: GlyphId,
    pub x: i32,
}

impl Face {
    fn parse(data: &'static [u8]) -> Option<Face> {
        let face = ttf_parser::Face::parse(data, 0).ok()?;
        let tables = face.tables();
        let ligatures = subtables(tables.gsub, b"liga", |s| match s {
            SubstitutionSubtable::Ligature(l) => Some(l),
            _ => None,
        });
        let kerning = subtables(tables.gpos, b"kern", |s| match s {
            PositioningSubtable::Pair(p) => Some(p),
            _ => None,
        });
        Some(Face {
            face,
            ligatures,
            kerning,
        })
    }

    /// Font units to the em: a glyph drawn at size `s` is scaled by `s / units_per_em`.
    pub fn units_per_em(&self) -> f32 {
        f32::from(self.face.units_per_em())
    }

    /// `text` set on one line: its glyphs (ligatures formed, unknown characters as the font's
    /// `.notdef` box) at their kerned positions, appended to `out`, and the line's advance, in
    /// font units.
    pub fn set(&self, text: &str, out: &mut Vec<Placed>) -> i32 {
        let mut glyphs: Vec<GlyphId> = text
            .chars()
            .map(|c| self.face.glyph_index(c).unwrap_or(GlyphId(0)))
            .collect();
        self.ligate(&mut glyphs);
        let mut pen = 0;
        for (i, &glyph) in glyphs.iter().enumerate() {
            let (shift, kern) = glyphs
                .get(i + 1)
                .map_or((0, 0), |&next| self.kern(glyph, next));
            out.push(Placed {
                glyph,
                x: pen + shift,
            });
            pen += i32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) + kern;
        }
        pen
    }

    /// Replaces each run of glyphs a `liga` lookup names with its ligature, first match first.
    fn ligate(&self, glyphs: &mut Vec<GlyphId>) {
        for lookup in &self.ligatures {
            let mut i = 0;
            while i < glyphs.len() {
                if let Some(set) = lookup
                    .coverage
                    .get(glyphs[i])
                    .and_then(|k| lookup.ligature_sets.get(k))
                {
                    let rest = &glyphs[i + 1..];
                    let found = (0..set.len()).filter_map(|j| set.get(j)).find(|l| {
                        let n = usize::from(l.components.len());
                        rest.len() >= n && l.components.into_iter().zip(rest).all(|(a, b)| a == *b)
                    });
                    if let Some(l) = found {
                        let n = usize::from(l.components.len());
                        glyphs.splice(i..=i + n, [l.glyph]);
                    }
                }
                i += 1;
            }
        }
    }

    /// The `kern` adjustment of `first` followed by `second`: how far `first` is moved and how
    /// much its advance changes, in font units. The first subtable that covers `first` decides.
    fn kern(&self, first: GlyphId, second: GlyphId) -> (i32, i32) {
        for table in &self.kerning {
            let Some(index) = table.coverage().get(first) else {
                continue;
            };
            let values = match table {
                PairAdjustment::Format1 { sets, .. } => {
                    match sets.get(index).and_then(|s| s.get(second)) {
                        Some(v) => v.0,
                        None => continue,
                    }
                }
                PairAdjustment::Format2 {
                    classes, matrix, ..
                } => match matrix.get((classes.0.get(first), classes.1.get(second))) {
                    Some(v) => v.0,
                    None => return (0, 0),
                },
            };
            return (i32::from(values.x_placement), i32::from(values.x_advance));
        }
        (0, 0)
    }

    /// Appends `glyph`'s outline as SVG path data, its origin at (`x`, `y`) and `scale` user
    /// units to the font unit (y grows downwards in SVG, upwards in the font).
    pub fn outline(&self, glyph: GlyphId, x: f32, y: f32, scale: f32, d: &mut String) {
        let mut path = PathData { d, x, y, scale };
        // A glyph without an outline (a space) draws nothing.
        let _ = self.face.outline_glyph(glyph, &mut path);
    }
}

/// The subtables of `kind` in the lookups a layout table's `feature` names, in lookup order.
fn subtables<S: ttf_parser::opentype_layout::LookupSubtable<'static> + Copy, T>(
    table: Option<LayoutTable<'static>>,
    feature: &[u8; 4],
    kind: impl Fn(S) -> Option<T>,
) -> Vec<T> {
    let Some(table) = table else {
        return Vec::new();
    };
    let tag = Tag::from_bytes(feature);
    let mut indices: Vec<u16> = table
        .features
        .into_iter()
        .filter(|f| f.tag == tag)
        .flat_map(|f| f.lookup_indices)
        .collect();
    indices.sort_unstable();
    indices.dedup();
    indices
        .into_iter()
        .filter_map(|i| table.lookups.get(i))
        .flat_map(|lookup| lookup.subtables.into_iter::<S>())
        .filter_map(kind)
        .collect()
}

/// Writes an outline as absolute path commands in user units.
struct PathData<'a> {
    d: &'a mut String,
    x: f32,
    y: f32,
    scale: f32,
}

impl PathData<'_> {
    fn point(&mut self, x: f32, y: f32) {
        number(self.d, self.x + x * self.scale);
        self.d.push(' ');
        number(self.d, self.y - y * self.scale);
        self.d.push(' ');
    }
}

impl ttf_parser::OutlineBuilder for PathData<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.d.push('M');
        self.point(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.d.push('L');
        self.point(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.d.push('Q');
        self.point(x1, y1);
        self.point(x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.d.push('C');
        self.point(x1, y1);
        self.point(x2, y2);
        self.point(x, y);
    }
    fn close(&mut self) {
        self.d.push('Z');
    }
}

/// `v` to a hundredth of a user unit (a fiftieth of a pixel at the largest PNG size), written
/// with an integer formatter: a card's outlines are some 100,000 numbers.
fn number(d: &mut String, v: f32) {
    let hundredths = (f64::from(v) * 100.0).round();
    // Outside an i64 only for a font size no image has; written as 0 rather than wrapping.
    let h = if hundredths.is_finite() && hundredths.abs() < 1e15 {
        hundredths as i64
    } else {
        0
    };
    if h < 0 {
        d.push('-');
    }
    let (whole, frac) = (h.unsigned_abs() / 100, h.unsigned_abs() % 100);
    let mut buf = itoa::Buffer::new();
    d.push_str(buf.format(whole));
    if frac != 0 {
        d.push('.');
        d.push(char::from(b'0' + (frac / 10) as u8));
        if frac % 10 != 0 {
            d.push(char::from(b'0' + (frac % 10) as u8));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(values: &[f32]) -> Vec<String> {
        values
            .iter()
            .map(|&v| {
                let mut s = String::new();
                number(&mut s, v);
                s
            })
            .collect()
    }

    #[test]
    fn numbers_are_written_to_the_hundredth() {
        assert_eq!(
            numbers(&[0.0, 12.0, 12.5, 12.05, -3.456, -0.004, 1e30]),
            ["0", "12", "12.5", "12.05", "-3.46", "0", "0"]
        );
    }

    #[test]
    fn ligatures_and_kerning_are_the_fonts() {
        let face = face(400).expect("the bundled regular face");
        let id = |c| face.face.glyph_index(c).unwrap();
        let mut placed = Vec::new();
        // "fi" is one glyph, not two.
        face.set("fi", &mut placed);
        assert_eq!(placed.len(), 1);
        assert_ne!(placed[0].glyph, id('f'));
        // "AV" is set tighter than the two advances: the font kerns the pair.
        placed.clear();
        let kerned = face.set("AV", &mut placed);
        let advances = i32::from(face.face.glyph_hor_advance(id('A')).unwrap())
            + i32::from(face.face.glyph_hor_advance(id('V')).unwrap());
        assert!(kerned < advances, "{kerned} vs {advances}");
        assert_eq!(
            placed[1].x,
            kerned - i32::from(face.face.glyph_hor_advance(id('V')).unwrap())
        );
    }

    #[test]
    fn both_faces_parse_and_weights_above_500_are_bold() {
        let face = |w| face(w).expect("the bundled faces");
        assert!(std::ptr::eq(face(400), face(500)));
        assert!(std::ptr::eq(face(600), face(700)));
        assert!(!std::ptr::eq(face(500), face(600)));
    }
}
