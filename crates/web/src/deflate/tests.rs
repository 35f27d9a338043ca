//! The compressor against zlib-rs's inflater: every body comes back whole, whatever came
//! before it through the same compressor.

use super::*;
use proptest::prelude::*;
use std::io::Read;

fn gunzip(gz: &[u8]) -> Vec<u8> {
    let mut back = Vec::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_end(&mut back)
        .expect("a valid gzip member");
    back
}

fn gzip(deflater: &mut Deflater, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    deflater.gzip(body, &mut out);
    out
}

/// Text like the app's answers: repeated keys and markup with varying figures.
fn answer_like(seed: u64, rows: usize) -> Vec<u8> {
    let mut text = String::new();
    let mut x = seed;
    for row in 0..rows {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        text.push_str(&format!(
            "{{\"id\":\"option_{}\",\"monthly_cost\":\"{}.{:02}\",\"note\":\"<td class=\\\"num\\\">{}</td>\"}},\n",
            row % 10,
            x >> 44,
            (x >> 20) % 100,
            x % 977
        ));
    }
    text.into_bytes()
}

#[test]
fn bodies_of_every_kind_come_back_whole() {
    let mut deflater = Deflater::new();
    let mut noise = vec![0u8; 100_000];
    let mut x = 1u64;
    for b in &mut noise {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    let bodies: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"a".to_vec(),
        b"abcd".to_vec(),
        b"abcdabcdabcd".to_vec(),
        vec![b'x'; 300_000],
        noise.clone(),
        noise[..1000].to_vec(),
        answer_like(1, 5),
        answer_like(2, 3_000),
        // Noise, then text that matches far back.
        [noise.clone(), vec![b' '; 1000], noise[..50_000].to_vec()].concat(),
        [
            answer_like(7, 300),
            noise[..70_000].to_vec(),
            answer_like(7, 300),
        ]
        .concat(),
    ];
    for body in &bodies {
        let gz = gzip(&mut deflater, body);
        assert_eq!(&gunzip(&gz), body, "a body of {} bytes", body.len());
    }
}

#[test]
fn what_came_before_changes_nothing() {
    // A body gives the same bytes from a new compressor and from one that has seen others,
    // the same body included: no entry from an earlier body is used.
    let first = answer_like(3, 400);
    let second = answer_like(4, 400);
    let fresh = gzip(&mut Deflater::new(), &second);
    let mut used = Deflater::new();
    gzip(&mut used, &first);
    gzip(&mut used, &second);
    assert_eq!(gzip(&mut used, &second), fresh);
}

#[test]
fn the_table_is_cleared_only_when_the_count_runs_out() {
    let body = answer_like(5, 200);
    let mut deflater = Deflater::new();
    let fresh = gzip(&mut deflater, &body);
    // Room for exactly one more body, then the count is full and starts again.
    deflater.base = u32::MAX - body.len() as u32 - 1;
    assert_eq!(gzip(&mut deflater, &body), fresh, "at the end of the count");
    assert_eq!(deflater.base, u32::MAX - 1);
    assert_eq!(gzip(&mut deflater, &body), fresh, "after clearing");
    assert_eq!(deflater.base, 1 + body.len() as u32);
}

#[test]
fn what_would_grow_is_stored() {
    // 1,000 bytes of noise: the gzip header (10), one stored block (5 + 1,000) and the
    // trailer (8).
    let mut x = 7u32;
    let noise: Vec<u8> = (0..1000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 16) as u8
        })
        .collect();
    let gz = gzip(&mut Deflater::new(), &noise);
    assert_eq!(gz.len(), 10 + 5 + 1000 + 8);
    assert_eq!(gunzip(&gz), noise);
}

#[test]
fn answers_shrink_at_least_as_much_as_with_zlibs_fastest_level() {
    use std::io::Write;
    let body = answer_like(6, 1_000);
    let ours = gzip(&mut Deflater::new(), &body);
    let mut zlib = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    zlib.write_all(&body).unwrap();
    let zlib = zlib.finish().unwrap();
    assert!(
        ours.len() <= zlib.len(),
        "{} bytes here, {} from zlib-rs at level 1",
        ours.len(),
        zlib.len()
    );
}

#[test]
fn fixed_codes_follow_the_rfc() {
    // RFC 1951, 3.2.6, each code as the writer sends it (least significant bit first, so the
    // RFC's bit string reversed): literal 0 is 00110000, 143 is 10111111 (8 bits); 144 is
    // 110010000, 255 is 111111111 (9 bits).
    let table = |c: Code| (c.bits, c.count);
    assert_eq!(table(FIXED_LITERAL[0]), (0b0000_1100, 8));
    assert_eq!(table(FIXED_LITERAL[143]), (0b1111_1101, 8));
    assert_eq!(table(FIXED_LITERAL[144]), (0b0_0001_0011, 9));
    assert_eq!(table(FIXED_LITERAL[255]), (0b1_1111_1111, 9));
    // Length 3 is symbol 257, 0000001 (7 bits); 258 is symbol 285, 11000101 (8 bits).
    assert_eq!(table(FIXED_LENGTH[0]), (0b100_0000, 7));
    assert_eq!(table(FIXED_LENGTH[255]), (0b1010_0011, 8));
    // Length 12 is symbol 265 (base 11), 0001001, then one extra bit of value 1.
    assert_eq!(table(FIXED_LENGTH[12 - 3]), (0b100_1000 | (1 << 7), 8));
}

#[test]
fn distance_and_length_codes_follow_the_rfc() {
    // RFC 1951, 3.2.5: distance 5 is code 4 (base 5), 24,577 and 32,768 are code 29;
    // length 11 is code 265 (index 8), 258 is 285 (index 28), 257 is 284 (index 27).
    assert_eq!(distance_code(1), 0);
    assert_eq!(distance_code(5), 4);
    assert_eq!(distance_code(256), 15);
    assert_eq!(distance_code(257), 16);
    assert_eq!(distance_code(24_576), 28);
    assert_eq!(distance_code(24_577), 29);
    assert_eq!(distance_code(32_768), 29);
    assert_eq!(LENGTH_CODE[11 - 3], 8);
    assert_eq!(LENGTH_CODE[257 - 3], 27);
    assert_eq!(LENGTH_CODE[258 - 3], 28);
}

/// `len` bytes from a four-letter alphabet, in runs that repeat often: each byte is drawn
/// from `seed` by a xorshift, so a case costs one number to generate however long it is.
fn repetitive(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            b"ab{\""[(x % 4) as usize]
        })
        .collect()
}

proptest! {
    // Few cases, as each compresses up to 120 KB and a debug build is slow.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_bytes_come_back_whole(body in proptest::collection::vec(any::<u8>(), 0..20_000)) {
        prop_assert_eq!(gunzip(&gzip(&mut Deflater::new(), &body)), body);
    }

    #[test]
    fn repetitive_text_comes_back_whole_after_other_bodies(
        bodies in proptest::collection::vec((any::<u64>(), 0..40_000usize), 1..4)
    ) {
        let mut deflater = Deflater::new();
        for (seed, len) in bodies {
            let body = repetitive(seed, len);
            prop_assert_eq!(gunzip(&gzip(&mut deflater, &body)), body);
        }
    }
}
