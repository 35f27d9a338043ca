//! The chart's text pieces: coordinates written as tenths, tick labels with a k/M/G suffix,
//! and lines wrapped at spaces (the card and the error image wrap with it too).

/// An SVG coordinate, written to one decimal place. Formatting floats with
/// `{:.1}` was the largest cost of drawing a chart; tenths as an integer are
/// exact for a canvas a few hundred units wide and cheap to write.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coord(pub f64);

impl Coord {
    /// The coordinate in tenths of a unit, rounded half away from zero (a float-to-integer cast
    /// truncates without a call into libm).
    fn tenths(self) -> i64 {
        let scaled = self.0 * 10.0;
        if scaled < 0.0 {
            (scaled - 0.5) as i64
        } else {
            (scaled + 0.5) as i64
        }
    }

    /// Writes the coordinate in two or three pieces (sign, whole units, point and tenth)
    /// without `fmt`'s machinery: a chart has about two hundred of them.
    fn write_to<W: std::fmt::Write + ?Sized>(self, out: &mut W) -> std::fmt::Result {
        let tenths = self.tenths();
        if tenths < 0 {
            out.write_char('-')?;
        }
        let tenths = tenths.unsigned_abs();
        out.write_str(itoa::Buffer::new().format(tenths / 10))?;
        out.write_str(POINT_TENTHS[(tenths % 10) as usize])
    }

    /// Appends the coordinate to a path.
    pub fn push_to(self, out: &mut String) {
        // Writing to a String cannot fail.
        let _ = self.write_to(out);
    }
}

/// A point and one digit, for the last two characters of a coordinate.
const POINT_TENTHS: [&str; 10] = [".0", ".1", ".2", ".3", ".4", ".5", ".6", ".7", ".8", ".9"];

impl std::fmt::Display for Coord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_to(f)
    }
}

/// Digits, a sign and a point: nothing a template needs to escape.
impl askama::filters::HtmlSafe for Coord {}

/// Written straight into a template's output, without `fmt`'s machinery.
impl askama::FastWritable for Coord {
    fn write_into(
        &self,
        dest: &mut dyn std::fmt::Write,
        _: &dyn askama::Values,
    ) -> askama::Result<()> {
        Ok(self.write_to(dest)?)
    }
}

/// A tick value with at most two decimals and a k/M/G suffix, after `prefix`:
/// "$2.5k". Written as integer hundredths: float formatting cost more than
/// the rest of a tick.
pub fn short_number(prefix: &str, value: f64) -> String {
    let (scaled, suffix) = if value >= 1e9 {
        (value / 1e9, "G")
    } else if value >= 1e6 {
        (value / 1e6, "M")
    } else if value >= 1e3 {
        (value / 1e3, "k")
    } else {
        (value, "")
    };
    let hundredths = (scaled.max(0.0) * 100.0).round() as u64;
    let mut digits = itoa::Buffer::new();
    let mut text = String::with_capacity(prefix.len() + 12);
    text.push_str(prefix);
    text.push_str(digits.format(hundredths / 100));
    let cents = hundredths % 100;
    if cents != 0 {
        text.push('.');
        text.push(char::from(b'0' + (cents / 10) as u8));
        if !cents.is_multiple_of(10) {
            text.push(char::from(b'0' + (cents % 10) as u8));
        }
    }
    text.push_str(suffix);
    text
}

/// Splits text into lines of at most `width` characters, at spaces.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    break_lines(text, width, |word, starts_line| {
        if starts_line {
            lines.push(String::with_capacity(width + 16));
        } else if let Some(line) = lines.last_mut() {
            line.push(' ');
        }
        if let Some(line) = lines.last_mut() {
            line.push_str(word);
        }
    });
    lines
}

/// How many lines [`wrap`] splits `text` into, without writing them (the chart's height
/// depends on it, and the results page needs only that).
pub fn line_count(text: &str, width: usize) -> usize {
    let mut lines = 0;
    break_lines(text, width, |_, starts_line| {
        lines += usize::from(starts_line)
    });
    lines
}

/// Hands `word` each word of `text` and whether it starts a line, lines being at most `width`
/// characters long.
fn break_lines<'t>(text: &'t str, width: usize, mut word: impl FnMut(&'t str, bool)) {
    // Counted as it grows: recounting the line for every word made wrapping
    // a verdict cost a tenth of drawing a whole card.
    let mut chars = 0;
    // The texts wrapped here are the engine's sentences, spaced with ASCII
    // spaces; splitting on those alone skips Unicode's whitespace tables.
    for w in text.split_ascii_whitespace() {
        let word_chars = w.chars().count();
        let starts_line = chars == 0 || chars + 1 + word_chars > width;
        chars = if starts_line { 0 } else { chars + 1 } + word_chars;
        word(w, starts_line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_within_the_width() {
        assert_eq!(wrap("aa bb cc dd", 5), vec!["aa bb", "cc dd"]);
        assert_eq!(wrap("", 5), Vec::<String>::new());
        // Width counts characters, not bytes; a word longer than the width
        // gets a line of its own.
        assert_eq!(wrap("ab × cd", 4), vec!["ab ×", "cd"]);
        assert_eq!(wrap("a abcdefg b", 3), vec!["a", "abcdefg", "b"]);
        for (text, width) in [
            ("aa bb cc dd", 5),
            ("", 5),
            ("ab × cd", 4),
            ("a abcdefg b", 3),
        ] {
            assert_eq!(line_count(text, width), wrap(text, width).len(), "{text}");
        }
    }

    #[test]
    fn coordinates_have_one_decimal_place() {
        assert_eq!(Coord(72.0).to_string(), "72.0");
        assert_eq!(Coord(123.456).to_string(), "123.5");
        assert_eq!(Coord(-0.04).to_string(), "0.0");
        assert_eq!(Coord(-3.25).to_string(), "-3.3");
    }

    #[test]
    fn short_numbers_use_suffixes() {
        assert_eq!(short_number("", 2500.0), "2.5k");
        assert_eq!(short_number("", 12_500.0), "12.5k");
        assert_eq!(short_number("", 1_000_000.0), "1M");
        assert_eq!(short_number("", 0.0), "0");
        assert_eq!(short_number("$", 0.6000000000000001), "$0.6");
        assert_eq!(short_number("$", 0.25), "$0.25");
        assert_eq!(short_number("", 1_050_000.0), "1.05M");
        assert_eq!(short_number("", 20_000_000_000.0), "20G");
    }
}
