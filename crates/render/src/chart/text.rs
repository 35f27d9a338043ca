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

/// Splits text into lines of at most `width` characters, at spaces: its words, split at
/// spaces, tabs and line breaks, each line's joined by one space.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    // A line is copied whole from `text` when its words stand one space apart there (the
    // engine's sentences always do); otherwise it is put together a word at a time.
    let mut line: Option<Line> = None;
    let mut flush = |line: Line| {
        lines.push(match line.pieced {
            Some(pieced) => pieced,
            None => text[line.start..line.end].to_owned(),
        });
    };
    break_lines(text, width, |start, end, starts_line| match &mut line {
        Some(l) if !starts_line => {
            if let Some(pieced) = &mut l.pieced {
                pieced.push(' ');
                pieced.push_str(&text[start..end]);
            } else if start == l.end + 1 && text.as_bytes()[l.end] == b' ' {
                l.end = end;
            } else {
                let mut pieced = String::with_capacity(width + 16);
                pieced.push_str(&text[l.start..l.end]);
                pieced.push(' ');
                pieced.push_str(&text[start..end]);
                l.pieced = Some(pieced);
            }
        }
        _ => {
            if let Some(done) = line.replace(Line {
                start,
                end,
                pieced: None,
            }) {
                flush(done);
            }
        }
    });
    if let Some(done) = line {
        flush(done);
    }
    lines
}

/// A line being wrapped: its span of the text, or its words put together when they do not
/// stand one space apart there.
struct Line {
    start: usize,
    end: usize,
    pieced: Option<String>,
}

/// How many lines [`wrap`] splits `text` into, without writing them (the chart's height
/// depends on it, and the results page needs only that).
pub fn line_count(text: &str, width: usize) -> usize {
    let mut lines = 0;
    break_lines(text, width, |_, _, starts_line| {
        lines += usize::from(starts_line)
    });
    lines
}

/// Hands `word` the byte span of each word of `text` (split at spaces, tabs and line breaks)
/// and whether it starts a line, lines being at most `width` characters long.
fn break_lines(text: &str, width: usize, mut word: impl FnMut(usize, usize, bool)) {
    // One pass over the bytes: a word's characters are its bytes that do not continue a UTF-8
    // sequence. Splitting with `split_ascii_whitespace` and counting each word's `chars` cost
    // half as much again; finding the gaps with `memchr` restarts a search at every word and
    // cost more still.
    let bytes = text.as_bytes();
    let apart = |b: u8| b == b' ' || b == b'\n' || b == b'\t';
    let mut chars = 0;
    let mut at = 0;
    loop {
        while at < bytes.len() && apart(bytes[at]) {
            at += 1;
        }
        if at == bytes.len() {
            return;
        }
        let start = at;
        let mut continuing = 0;
        while at < bytes.len() && !apart(bytes[at]) {
            continuing += usize::from(bytes[at] & 0xC0 == 0x80);
            at += 1;
        }
        let word_chars = at - start - continuing;
        let starts_line = chars == 0 || chars + 1 + word_chars > width;
        chars = if starts_line { 0 } else { chars + 1 } + word_chars;
        word(start, at, starts_line);
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

    /// The lines `wrap` makes: `text`'s words, each line's joined by one space, a new line
    /// started where the next word would pass `width` characters.
    fn wrapped_word_by_word(text: &str, width: usize) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for w in text.split([' ', '\t', '\n']).filter(|w| !w.is_empty()) {
            match lines.last_mut() {
                Some(line)
                    if line.chars().count() + 1 + w.chars().count() <= width
                        && !line.is_empty() =>
                {
                    line.push(' ');
                    line.push_str(w);
                }
                _ => lines.push(w.to_owned()),
            }
        }
        lines
    }

    proptest::proptest! {
        #[test]
        fn wrap_is_the_words_joined_by_single_spaces(
            text in "([a-z×é€\r]{0,9}[ \t\n]{0,3}){0,30}",
            width in 1usize..40,
        ) {
            let lines = wrap(&text, width);
            proptest::prop_assert_eq!(&lines, &wrapped_word_by_word(&text, width));
            proptest::prop_assert_eq!(line_count(&text, width), lines.len());
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
