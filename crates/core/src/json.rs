//! Compact JSON written byte for byte as `serde_json::to_vec` writes it, at a fraction of the
//! work for text: a string is checked eight bytes at a time and copied whole when nothing in it
//! needs escaping (serde_json looks up every byte in its escape table, which was more than half
//! of serializing a comparison); only a string that holds a quote, a backslash or a control
//! character is handed to serde_json to escape. Anything this writer does not write itself (a
//! raw JSON value, a map key that is not text or a whole number) makes [`to_vec`] write the
//! whole value with serde_json instead, so the bytes never differ.

use serde::ser::{self, Serialize, Serializer};
use serde_json::Error;
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicUsize, Ordering};

/// `value` as compact JSON, the same bytes as `serde_json::to_vec(value)`, in a buffer that
/// starts with room for `capacity` bytes.
pub fn to_vec<T: Serialize + ?Sized>(value: &T, capacity: usize) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(capacity);
    match value.serialize(&mut Writer { out: &mut out }) {
        Ok(()) => Ok(out),
        Err(_) => serde_json::to_vec(value),
    }
}

/// The name of the newtype that carries a text holding nothing to escape ([`unescaped`]).
const UNESCAPED: &str = "$egress::unescaped";

/// Serializes `text`, which its caller guarantees holds nothing JSON escapes (digits, a fixed
/// text `clean` has checked), as a string: this writer copies it without looking at it; any
/// other serializer, serde_json included, sees a newtype around a string and writes the string.
pub fn unescaped<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    debug_assert!(!needs_escape(text.as_bytes()), "{text:?} needs escaping");
    serializer.serialize_newtype_struct(UNESCAPED, text)
}

/// `serialize_with` for a fixed text of the program (a name, a label, a source): checked for
/// characters to escape once per process rather than once per answer.
pub fn fixed<S: Serializer>(text: &&'static str, serializer: S) -> Result<S::Ok, S::Error> {
    fixed_text(text, serializer)
}

/// Serializes a fixed text of the program, checked once per process.
pub fn fixed_text<S: Serializer>(text: &'static str, serializer: S) -> Result<S::Ok, S::Error> {
    if clean(text) {
        unescaped(text, serializer)
    } else {
        serializer.serialize_str(text)
    }
}

/// Fixed texts found to need no escaping, each by its address and length (two texts never
/// share both; a text's address alone could be a longer text's too). A text whose slot another
/// has taken is checked again: the table only saves work.
static CLEAN: [AtomicUsize; 1024] = [const { AtomicUsize::new(0) }; 1024];

/// Whether a fixed text needs no escaping, from [`CLEAN`] when it was checked before.
#[inline(always)]
fn clean(text: &'static str) -> bool {
    let (address, len) = (text.as_ptr() as usize, text.len());
    // Addresses fit in 48 bits on every 64-bit target Rust supports; the length goes above them.
    if len >= 1 << 15 || usize::BITS < 64 || address >> 48 != 0 {
        return !needs_escape(text.as_bytes());
    }
    let tag = address | len << 48;
    let slot = &CLEAN[(address ^ address >> 10 ^ len) % CLEAN.len()];
    if slot.load(Ordering::Relaxed) == tag {
        return true;
    }
    let clean = !needs_escape(text.as_bytes());
    if clean {
        slot.store(tag, Ordering::Relaxed);
    }
    clean
}

/// Whether any byte of `bytes` must be escaped in a JSON string: a control character, `"` or
/// `\\`. Sixteen bytes at a time, with no branch inside a block, so the compiler checks a block
/// with a few vector instructions. The tail is the last sixteen bytes again; a string shorter
/// than a block is copied into one in fixed-size pieces that overlap, and spaces (never escaped)
/// fill the rest.
fn needs_escape(bytes: &[u8]) -> bool {
    #[inline(always)]
    fn any(block: &[u8]) -> bool {
        block.iter().fold(false, |any, &b| {
            any | (b < 0x20) | (b == b'"') | (b == b'\\')
        })
    }
    let n = bytes.len();
    if n >= 16 {
        let mut blocks = bytes.chunks_exact(16);
        return blocks.any(any) || (!blocks.remainder().is_empty() && any(&bytes[n - 16..]));
    }
    let mut block = [b' '; 16];
    if n >= 8 {
        block[..8].copy_from_slice(&bytes[..8]);
        block[8..].copy_from_slice(&bytes[n - 8..]);
    } else if n >= 4 {
        block[..4].copy_from_slice(&bytes[..4]);
        block[4..8].copy_from_slice(&bytes[n - 4..]);
    } else {
        for (slot, &b) in block.iter_mut().zip(bytes) {
            *slot = b;
        }
    }
    any(&block)
}

/// Writes `text` as a JSON string.
fn string(out: &mut Vec<u8>, text: &str) -> Result<(), Error> {
    if needs_escape(text.as_bytes()) {
        return serde_json::to_writer(out, text);
    }
    quoted(out, text);
    Ok(())
}

/// Writes `text`, known to need no escaping, as a JSON string.
#[inline(always)]
fn quoted(out: &mut Vec<u8>, text: &str) {
    out.reserve(text.len() + 2);
    out.push(b'"');
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
}

/// Writes a fixed text as a JSON string.
#[inline(always)]
fn fixed_string(out: &mut Vec<u8>, text: &'static str) -> Result<(), Error> {
    if clean(text) {
        quoted(out, text);
        Ok(())
    } else {
        string(out, text)
    }
}

/// Writes a displayed value as a JSON string: straight into the output, then escaped in place
/// by serde_json only if what was written needs it.
fn displayed<T: fmt::Display + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    let start = out.len();
    out.push(b'"');
    if write!(Appender(out), "{value}").is_err() {
        return Err(ser::Error::custom("a value failed to display itself"));
    }
    if needs_escape(&out[start + 1..]) {
        let text = String::from_utf8(out.split_off(start + 1))
            .map_err(|_| <Error as ser::Error>::custom("displayed text is not UTF-8"))?;
        out.truncate(start);
        return serde_json::to_writer(out, &text);
    }
    out.push(b'"');
    Ok(())
}

/// `fmt::Write` into the output buffer.
struct Appender<'a>(&'a mut Vec<u8>);

impl fmt::Write for Appender<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

fn integer(out: &mut Vec<u8>, value: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
}

/// The `serialize_*` method of every integer type, each writing through the serializer's own
/// `$write` method (the JSON number, or a key's number in quotes).
macro_rules! serialize_integers {
    ($write:ident) => {
        serialize_integers!($write: i8 serialize_i8, i16 serialize_i16, i32 serialize_i32,
            i64 serialize_i64, i128 serialize_i128, u8 serialize_u8, u16 serialize_u16,
            u32 serialize_u32, u64 serialize_u64, u128 serialize_u128);
    };
    ($write:ident: $($ty:ident $method:ident),*) => {$(
        fn $method(self, v: $ty) -> Result<(), Error> {
            self.$write(v)
        }
    )*};
}

/// The `serialize_*` methods that write the same whether the value is a value or a map key:
/// a char, a unit variant (its name, a fixed text) and a displayed value, all as JSON strings.
macro_rules! serialize_as_text {
    () => {
        fn serialize_char(self, v: char) -> Result<(), Error> {
            string(self.out, v.encode_utf8(&mut [0; 4]))
        }

        fn serialize_unit_variant(
            self,
            _name: &'static str,
            _index: u32,
            variant: &'static str,
        ) -> Result<(), Error> {
            fixed_string(self.out, variant)
        }

        fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), Error> {
            displayed(self.out, value)
        }
    };
}

/// The `serialize_*_variant` methods of a variant holding a sequence or an object: `{"variant":`,
/// then the compound between its brackets, closed with the variant's `}` too.
macro_rules! serialize_variant_compounds {
    ($($method:ident($open:literal, $close:literal);)*) => {$(
        fn $method(
            self,
            _name: &'static str,
            _index: u32,
            variant: &'static str,
            _len: usize,
        ) -> Result<Compound<'w, 'a>, Error> {
            self.variant(variant)?;
            Ok(self.open($open, $close))
        }
    )*};
}

/// The serializer: every value is appended to `out`.
struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

/// An array or object being written: whether a comma goes before the next element.
struct Compound<'w, 'a> {
    writer: &'w mut Writer<'a>,
    first: bool,
    /// What closes it (`]`, `}`, or `}}` for a variant holding an object).
    close: &'static [u8],
}

impl Compound<'_, '_> {
    #[inline(always)]
    fn comma(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.writer.out.push(b',');
        }
    }

    #[inline(always)]
    fn key(&mut self, key: &'static str) -> Result<(), Error> {
        self.comma();
        fixed_string(self.writer.out, key)?;
        self.writer.out.push(b':');
        Ok(())
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.writer)
    }

    fn close(self) -> Result<(), Error> {
        self.writer.out.extend_from_slice(self.close);
        Ok(())
    }
}

impl<'w, 'a> Writer<'a> {
    fn integer(&mut self, value: impl itoa::Integer) -> Result<(), Error> {
        integer(self.out, value);
        Ok(())
    }

    fn open(&'w mut self, open: &[u8], close: &'static [u8]) -> Compound<'w, 'a> {
        self.out.extend_from_slice(open);
        Compound {
            writer: self,
            first: true,
            close,
        }
    }

    /// `{"variant":` before a variant's content.
    fn variant(&mut self, variant: &'static str) -> Result<(), Error> {
        self.out.push(b'{');
        fixed_string(self.out, variant)?;
        self.out.push(b':');
        Ok(())
    }
}

impl<'w, 'a> ser::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = Compound<'w, 'a>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = Compound<'w, 'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    serialize_integers!(integer);

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, &v)
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, &v)
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        string(self.out, v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = self.open(b"[", b"]");
        for byte in v {
            seq.element(byte)?;
        }
        seq.close()
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        if name == UNESCAPED {
            return value.serialize(TextWriter {
                out: &mut *self.out,
                unescaped: true,
            });
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant(variant)?;
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w, 'a>, Error> {
        Ok(self.open(b"[", b"]"))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Compound<'w, 'a>, Error> {
        Ok(self.open(b"[", b"]"))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'a>, Error> {
        Ok(self.open(b"[", b"]"))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w, 'a>, Error> {
        Ok(self.open(b"{", b"}"))
    }

    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Compound<'w, 'a>, Error> {
        // serde_json writes its raw values (and arbitrary-precision numbers) through a struct
        // of a reserved name; leave those to serde_json.
        if name.starts_with("$serde_json::") {
            return Err(ser::Error::custom("left to serde_json"));
        }
        Ok(self.open(b"{", b"}"))
    }

    serialize_variant_compounds! {
        serialize_tuple_variant(b"[", b"]}");
        serialize_struct_variant(b"{", b"}}");
    }

    serialize_as_text!();
}

/// The compound serializers whose elements carry no key: each writes an element, then closes.
macro_rules! elements {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }

            fn end(self) -> Result<(), Error> {
                self.close()
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        key.serialize(TextWriter {
            out: &mut *self.writer.out,
            unescaped: false,
        })?;
        self.writer.out.push(b':');
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

/// The compound serializers of named fields (a struct, a struct variant): each writes a fixed
/// key and its value, then closes.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.key(key)?;
                value.serialize(&mut *self.writer)
            }

            fn end(self) -> Result<(), Error> {
                self.close()
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

/// Text: a map key (text, or a whole number or a bool written as text, as serde_json writes
/// keys), or an [`unescaped`] text. Anything else is an error, and [`to_vec`] leaves the value
/// to serde_json.
struct TextWriter<'a> {
    out: &'a mut Vec<u8>,
    /// The text needs no escaping.
    unescaped: bool,
}

impl TextWriter<'_> {
    fn number(self, value: impl itoa::Integer) -> Result<(), Error> {
        self.out.push(b'"');
        integer(self.out, value);
        self.out.push(b'"');
        Ok(())
    }
}

fn unsupported_key() -> Error {
    ser::Error::custom("a map key serde_json writes itself")
}

impl ser::Serializer for TextWriter<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        if self.unescaped {
            quoted(self.out, v);
            return Ok(());
        }
        string(self.out, v)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"\"true\"" } else { b"\"false\"" });
        Ok(())
    }

    serialize_integers!(number);

    serialize_as_text!();

    fn serialize_f32(self, _v: f32) -> Result<(), Error> {
        Err(unsupported_key())
    }

    fn serialize_f64(self, _v: f64) -> Result<(), Error> {
        Err(unsupported_key())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(unsupported_key())
    }

    fn serialize_none(self) -> Result<(), Error> {
        Err(unsupported_key())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(unsupported_key())
    }

    fn serialize_unit(self) -> Result<(), Error> {
        Err(unsupported_key())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(unsupported_key())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(unsupported_key())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(unsupported_key())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(unsupported_key())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(unsupported_key())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(unsupported_key())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(unsupported_key())
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(unsupported_key())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(unsupported_key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    /// Written by this writer itself (no fallback), the same bytes as serde_json's.
    fn same<T: Serialize + ?Sized>(value: &T) {
        let mut ours = Vec::new();
        value.serialize(&mut Writer { out: &mut ours }).unwrap();
        let theirs = serde_json::to_vec(value).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }

    #[test]
    fn the_escape_check_finds_each_byte_serde_json_escapes_wherever_it_stands() {
        for byte in 0..=255u8 {
            let escaped = byte < 0x20 || byte == b'"' || byte == b'\\';
            for len in 1..=20 {
                for at in 0..len {
                    let mut text = vec![b'a'; len];
                    text[at] = byte;
                    assert_eq!(needs_escape(&text), escaped, "{byte:#x} at {at} of {len}");
                }
            }
        }
        // Multi-byte UTF-8 holds no byte below 0x80, so none is taken for an escape.
        assert!(!needs_escape("AZs — 55,000 über ½ €".as_bytes()));
        assert!(!needs_escape(b""));
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, String),
        Struct { a: Option<f64>, b: Vec<bool> },
    }

    #[derive(Serialize)]
    struct Everything<'a> {
        text: &'a str,
        #[serde(serialize_with = "as_display")]
        shown: &'a str,
        number: i128,
        big: u128,
        float: f64,
        nan: f32,
        ch: char,
        nothing: Option<u8>,
        unit: (),
        shapes: Vec<Shape>,
        #[serde(with = "serde_bytes_as_seq")]
        bytes: &'a [u8],
        by_number: BTreeMap<i64, &'a str>,
        by_flag: BTreeMap<bool, ()>,
        empty_list: Vec<u8>,
        empty_map: BTreeMap<String, u8>,
        tuple: (u8, &'a str),
        #[serde(flatten)]
        flat: BTreeMap<&'a str, u8>,
    }

    fn as_display<S: ser::Serializer>(v: &&str, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(v)
    }

    mod serde_bytes_as_seq {
        pub fn serialize<S: serde::Serializer>(v: &&[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(v)
        }
    }

    fn everything(text: &str) -> Everything<'_> {
        Everything {
            text,
            shown: text,
            number: -170141183460469231731687303715884105728,
            big: u128::MAX,
            float: 0.1 + 0.2,
            nan: f32::NAN,
            ch: '"',
            nothing: None,
            unit: (),
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::Tuple(-1, text.to_owned()),
                Shape::Struct {
                    a: Some(1e300),
                    b: vec![true, false],
                },
            ],
            bytes: text.as_bytes(),
            by_number: [(-3, text), (12, "x")].into(),
            by_flag: [(true, ())].into(),
            empty_list: Vec::new(),
            empty_map: BTreeMap::new(),
            tuple: (1, text),
            flat: [(text, 1), ("z", 2)].into(),
        }
    }

    #[test]
    fn every_shape_serde_has_is_written_as_serde_json_writes_it() {
        for text in [
            "",
            "plain words",
            "a \"quoted\" word",
            "back\\slash",
            "tab\there, newline\n, bell\u{7}, escape\u{1b}",
            "AZs — 55,000 über ½ € \u{2028}",
            "\u{7f} delete and \u{0} nul",
        ] {
            same(&everything(text));
        }
    }

    #[test]
    fn what_serde_json_writes_itself_comes_out_the_same() {
        let raw = serde_json::value::RawValue::from_string("{\"a\": [1, 2]}".to_owned()).unwrap();
        let values = vec![raw];
        assert_eq!(
            to_vec(&values, 0).unwrap(),
            serde_json::to_vec(&values).unwrap()
        );
    }

    #[derive(Serialize)]
    struct Fixed {
        #[serde(serialize_with = "fixed")]
        label: &'static str,
        #[serde(serialize_with = "fixed")]
        text: &'static str,
    }

    #[test]
    fn fixed_texts_are_checked_once_and_still_escaped_when_they_need_it() {
        for (label, text) in [("plain", "also plain"), ("a \"quoted\" label", "tab\there")] {
            let value = Fixed { label, text };
            // Twice: the second time from the table of checked texts.
            same(&value);
            same(&value);
        }
        // A text that starts where a checked one does but runs longer is checked on its own.
        let both = "clean\"dirty";
        let (prefix, _) = both.split_at(5);
        let short: &'static str = prefix;
        same(&Fixed {
            label: short,
            text: short,
        });
        same(&Fixed {
            label: both,
            text: both,
        });
    }

    proptest! {
        #[test]
        fn any_text_is_written_as_serde_json_writes_it(text in any::<String>()) {
            same(&everything(&text));
        }
    }
}
