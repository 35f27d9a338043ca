//! Finding the bytes an escaper must change, 16 at a time: the fast path of
//! the HTML escaper (`http::markup`) and the JSON writer (`json`).

/// Whether any byte of `bytes` satisfies `special`. Each 16-byte chunk is
/// tested without branches, which the compiler turns into vector compares;
/// the short tail is padded with `filler` (a byte that is not special) so
/// short strings, the common case, take the same path.
#[inline(always)]
pub fn contains_any(bytes: &[u8], filler: u8, special: impl Fn(u8) -> bool + Copy) -> bool {
    let chunk_has = |chunk: &[u8; 16]| {
        let mut found = false;
        for &b in chunk {
            found |= special(b);
        }
        found
    };
    let mut chunks = bytes.chunks_exact(16);
    for chunk in &mut chunks {
        if chunk.try_into().is_ok_and(chunk_has) {
            return true;
        }
    }
    let rest = chunks.remainder();
    let mut padded = [filler; 16];
    padded[..rest.len()].copy_from_slice(rest);
    chunk_has(&padded)
}

#[cfg(test)]
mod tests {
    use super::contains_any;

    #[test]
    fn finds_a_special_byte_anywhere_and_nothing_else() {
        let special = |b: u8| b == b'<';
        for len in [0, 1, 15, 16, 17, 31, 32, 40] {
            let clean = vec![b'a'; len];
            assert!(!contains_any(&clean, b' ', special), "clean, {len} bytes");
            for at in 0..len {
                let mut text = clean.clone();
                text[at] = b'<';
                assert!(contains_any(&text, b' ', special), "'<' at {at} of {len}");
            }
        }
    }
}
