//! A gzip compressor for whole bodies that keeps its match table from one body to the next
//! instead of clearing it (RFC 1951 deflate in an RFC 1952 gzip member).
//!
//! zlib and its ports clear a 64–128 KB hash table at the start of every stream, which costs
//! more than compressing a 5 KB answer. Here the table holds positions in a count that runs on
//! across bodies: an entry from an earlier body is below where this one starts, so it is
//! ignored without being cleared. The table is cleared only when the count would overflow,
//! once every 4 GiB of input.
//!
//! Matching is greedy with one candidate a position, and the matches and literals are written
//! as they are found with deflate's fixed codes, in one block: what zlib's fastest level does,
//! in one pass over the body. A body that would grow is stored instead.

/// Bits of the match table's index: 16,384 four-byte entries.
const HASH_BITS: u32 = 14;
/// The farthest back a match may reach.
const WINDOW: usize = 32_768;
/// The shortest match worth a length and a distance (a hashed 4-byte prefix).
const MIN_MATCH: usize = 4;
/// The longest match deflate has.
const MAX_MATCH: usize = 258;

/// The base length of each length code (257–285) and its extra bits (RFC 1951, 3.2.5).
const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// The base distance of each distance code (0–29) and its extra bits.
const DISTANCE_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// The length code (0–28) of each match length less 3.
const LENGTH_CODE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut code = 0;
    while code < 28 {
        let mut len = LENGTH_BASE[code] as usize;
        while len < LENGTH_BASE[code + 1] as usize {
            table[len - 3] = code as u8;
            len += 1;
        }
        code += 1;
    }
    // 258 has a code of its own (285), not 284 with all extra bits set.
    table[255] = 28;
    table
};

/// The distance code of a distance `d`: from `d - 1` for the first 256, from `(d - 1) >> 7`
/// (offset by 256) above, where codes span whole multiples of 128.
const DISTANCE_CODE: [u8; 512] = {
    let mut table = [0u8; 512];
    let mut code = 0;
    while code < 30 {
        let start = DISTANCE_BASE[code] as usize;
        let end = if code == 29 {
            WINDOW + 1
        } else {
            DISTANCE_BASE[code + 1] as usize
        };
        let mut d = start;
        while d < end {
            if d <= 256 {
                table[d - 1] = code as u8;
            } else {
                table[256 + ((d - 1) >> 7)] = code as u8;
            }
            d += 1;
        }
        code += 1;
    }
    table
};

/// A code and its length in bits, ready to write (extra bits included, for a match length).
#[derive(Debug, Clone, Copy, Default)]
struct Code {
    bits: u32,
    count: u32,
}

/// A code of `count` bits, reversed for a writer that sends the least significant bit first.
const fn reversed(code: u32, count: u32) -> u32 {
    (code as u16).reverse_bits() as u32 >> (16 - count)
}

/// The fixed code of a literal/length symbol (RFC 1951, 3.2.6).
const fn fixed_code(symbol: usize) -> Code {
    let (code, count) = match symbol {
        0..=143 => (0x30 + symbol as u32, 8),
        144..=255 => (0x190 + symbol as u32 - 144, 9),
        256..=279 => (symbol as u32 - 256, 7),
        _ => (0xc0 + symbol as u32 - 280, 8),
    };
    Code {
        bits: reversed(code, count),
        count,
    }
}

/// Each literal's fixed code.
const FIXED_LITERAL: [Code; 256] = {
    let mut table = [Code { bits: 0, count: 0 }; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = fixed_code(byte);
        byte += 1;
    }
    table
};

/// Each match length's fixed code (less 3) with its extra bits.
const FIXED_LENGTH: [Code; 256] = {
    let mut table = [Code { bits: 0, count: 0 }; 256];
    let mut less3 = 0;
    while less3 < 256 {
        let c = LENGTH_CODE[less3] as usize;
        let code = fixed_code(257 + c);
        let extra = (less3 + 3 - LENGTH_BASE[c] as usize) as u32;
        table[less3] = Code {
            bits: code.bits | (extra << code.count),
            count: code.count + LENGTH_EXTRA[c] as u32,
        };
        less3 += 1;
    }
    table
};

/// The distance code of a distance from 1 to 32,768.
fn distance_code(distance: usize) -> usize {
    let d = distance - 1;
    usize::from(if d < 256 {
        DISTANCE_CODE[d]
    } else {
        DISTANCE_CODE[256 + ((d >> 7) & 0xff)]
    })
}

/// The largest body compressed: the position count needs room for it.
pub const MAX_BODY: usize = 1 << 30;

/// A compressor to keep and reuse: its match table (64 KB) is allocated once.
pub struct Deflater {
    /// For each hash of four bytes, where they last began, counted from the first byte this
    /// compressor saw, plus one (0: never).
    table: Box<[u32; 1 << HASH_BITS]>,
    /// Where the body being compressed begins in that count, plus one.
    base: u32,
}

impl Default for Deflater {
    fn default() -> Self {
        Self::new()
    }
}

impl Deflater {
    /// A compressor with an empty table.
    pub fn new() -> Self {
        Deflater {
            table: vec![0; 1 << HASH_BITS]
                .into_boxed_slice()
                .try_into()
                .expect("the table's length"),
            base: 1,
        }
    }

    /// `body` as one gzip member (no name, no time), appended to `out`.
    ///
    /// # Panics
    /// If `body` is longer than [`MAX_BODY`].
    pub fn gzip(&mut self, body: &[u8], out: &mut Vec<u8>) {
        // ID1 ID2, deflate, no flags, no time, fastest (XFL 4), OS unknown.
        out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 255]);
        self.deflate(body, out);
        out.extend_from_slice(&crc32fast::hash(body).to_le_bytes());
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    }

    /// `body` as one final deflate block, appended to `out`.
    fn deflate(&mut self, body: &[u8], out: &mut Vec<u8>) {
        assert!(body.len() <= MAX_BODY, "a body over {MAX_BODY} bytes");
        self.start(body.len());
        let begin = out.len();
        let mut bits = Bits {
            out,
            buffer: 0,
            count: 0,
        };
        // The final block (1), with fixed codes (01).
        bits.put(1 | (1 << 1), 3);
        self.parse(body, &mut bits);
        // The end of the block: symbol 256, seven zero bits.
        bits.put(0, 7);
        bits.flush();
        if bits.out.len() - begin > stored_size(body.len()) {
            bits.out.truncate(begin);
            write_stored(body, &mut bits);
        }
        self.finish(body.len());
    }

    /// Writes `body` as literals and matches, found greedily with one candidate a position.
    fn parse(&mut self, body: &[u8], bits: &mut Bits<'_>) {
        let (table, base) = (&mut *self.table, self.base);
        let n = body.len();
        let mut i = 0;
        while i + MIN_MATCH <= n {
            let word = read4(&body[i..]);
            let slot = hash(word);
            // An entry from an earlier body is below `base`: it wraps to a start past `i`.
            let from = table[slot].wrapping_sub(base) as usize;
            table[slot] = base + i as u32;
            if from < i && i - from <= WINDOW && read4(&body[from..]) == word {
                let end = n.min(i + MAX_MATCH);
                let len = MIN_MATCH + common(&body[from + MIN_MATCH..], &body[i + MIN_MATCH..end]);
                bits.matched(len, i - from);
                // One more entry near the match's end keeps the next matches close.
                let last = i + len - 2;
                if last + MIN_MATCH <= n {
                    table[hash(read4(&body[last..]))] = base + last as u32;
                }
                i += len;
                continue;
            }
            bits.literal(word as u8);
            i += 1;
        }
        for &byte in &body[i..] {
            bits.literal(byte);
        }
    }

    /// Makes room for a body of `len` bytes in the position count, clearing the table when
    /// the count would overflow. With `base + len` in range, an entry below `base` wraps, in
    /// `parse`, to a start past any position of the body.
    fn start(&mut self, len: usize) {
        if len >= (u32::MAX - self.base) as usize {
            self.table.fill(0);
            self.base = 1;
        }
    }

    /// Moves the count past the body just compressed: every entry it made is now below `base`.
    fn finish(&mut self, len: usize) {
        self.base += len as u32;
    }
}

/// The first four bytes of `bytes`, which has at least four.
fn read4(bytes: &[u8]) -> u32 {
    u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"))
}

fn hash(word: u32) -> usize {
    (word.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
}

/// How many bytes `a` and `b` share from their start (at most `b`'s length).
fn common(a: &[u8], b: &[u8]) -> usize {
    let mut len = 0;
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        let x = u64::from_le_bytes(x.try_into().expect("8 bytes"));
        let y = u64::from_le_bytes(y.try_into().expect("8 bytes"));
        if x != y {
            return len + ((x ^ y).trailing_zeros() / 8) as usize;
        }
        len += 8;
    }
    len + a[len..]
        .iter()
        .zip(&b[len..])
        .take_while(|(x, y)| x == y)
        .count()
}

/// Bits written least significant first, as deflate sends them.
struct Bits<'a> {
    out: &'a mut Vec<u8>,
    buffer: u64,
    count: u32,
}

impl Bits<'_> {
    /// Writes the low `count` bits of `value` (at most 32 at once).
    #[inline(always)]
    fn put(&mut self, value: u32, count: u32) {
        self.buffer |= u64::from(value) << self.count;
        self.count += count;
        if self.count >= 32 {
            self.out
                .extend_from_slice(&(self.buffer as u32).to_le_bytes());
            self.buffer >>= 32;
            self.count -= 32;
        }
    }

    /// A literal's fixed code.
    #[inline(always)]
    fn literal(&mut self, byte: u8) {
        let code = FIXED_LITERAL[usize::from(byte)];
        self.put(code.bits, code.count);
    }

    /// A match's fixed length code and distance code, each with its extra bits.
    #[inline(always)]
    fn matched(&mut self, len: usize, distance: usize) {
        let code = FIXED_LENGTH[(len - 3) & 0xff];
        self.put(code.bits, code.count);
        let c = distance_code(distance);
        let extra = (distance - usize::from(DISTANCE_BASE[c])) as u32;
        self.put(
            reversed(c as u32, 5) | (extra << 5),
            5 + u32::from(DISTANCE_EXTRA[c]),
        );
    }

    /// Writes what is buffered, padding the last byte with zeros.
    fn flush(&mut self) {
        let bytes = self.count.div_ceil(8) as usize;
        self.out
            .extend_from_slice(&self.buffer.to_le_bytes()[..bytes]);
        self.buffer = 0;
        self.count = 0;
    }
}

/// The bytes `len` bytes take as stored blocks: five of header for each 65,535, and one for
/// the bits before the first.
fn stored_size(len: usize) -> usize {
    len + 5 * len.div_ceil(0xffff).max(1) + 1
}

/// `raw` as stored blocks of at most 65,535 bytes, the last one final.
fn write_stored(raw: &[u8], bits: &mut Bits<'_>) {
    let mut chunks = raw.chunks(0xffff).peekable();
    if chunks.peek().is_none() {
        return write_stored_chunk(&[], true, bits);
    }
    while let Some(chunk) = chunks.next() {
        write_stored_chunk(chunk, chunks.peek().is_none(), bits);
    }
}

fn write_stored_chunk(chunk: &[u8], last: bool, bits: &mut Bits<'_>) {
    bits.put(u32::from(last), 3);
    bits.flush();
    let len = chunk.len() as u16;
    bits.out.extend_from_slice(&len.to_le_bytes());
    bits.out.extend_from_slice(&(!len).to_le_bytes());
    bits.out.extend_from_slice(chunk);
}

#[cfg(test)]
mod tests;
