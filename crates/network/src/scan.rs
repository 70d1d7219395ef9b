//! A fast scanner for one JSON Lines record: it reads the top-level fields a
//! network needs and skips the rest without building anything.
//!
//! It accepts only well-formed JSON and gives up (returns `None`) on anything
//! it does not handle: the caller then parses the line with serde, which
//! either reads it or reports the error with its column. So the scanner can
//! be fast without ever being the one to explain bad input.

use std::borrow::Cow;

use crate::reader::{Evidence, EvidenceList, Line};

/// Bytes that end a run of plain string content: `"`, `\\` and the control
/// characters, which JSON does not allow raw in a string.
const STRING_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = true;
        c += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

struct Cursor<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

type R<T> = Option<T>;

impl<'a> Cursor<'a> {
    #[inline]
    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    #[inline]
    fn eat(&mut self, c: u8) -> R<()> {
        self.ws();
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            Some(())
        } else {
            None
        }
    }

    #[inline]
    fn peek(&mut self) -> R<u8> {
        self.ws();
        self.b.get(self.i).copied()
    }

    /// The position of the first byte at or after `i` that ends a run of
    /// plain string bytes: a quote, a backslash or a control character.
    #[inline]
    fn plain_run(&self, mut i: usize) -> usize {
        while let Some(&c) = self.b.get(i) {
            if STRING_STOP[c as usize] {
                break;
            }
            i += 1;
        }
        i
    }

    /// A string without escapes, borrowed; anything else gives up.
    #[inline]
    fn string(&mut self) -> R<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.i;
        let end = self.plain_run(start);
        if self.b.get(end) != Some(&b'"') {
            return None;
        }
        self.i = end + 1;
        self.s.get(start..end).map(Cow::Borrowed)
    }

    /// Skips a string, escapes included.
    fn skip_string(&mut self) -> R<()> {
        self.eat(b'"')?;
        loop {
            let at = self.plain_run(self.i);
            match self.b.get(at)? {
                b'"' => {
                    self.i = at + 1;
                    return Some(());
                }
                // An escape: only the simple ones are skipped here.
                b'\\' => match self.b.get(at + 1)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.i = at + 2,
                    _ => return None,
                },
                _ => return None,
            }
        }
    }

    fn number(&mut self) -> R<f64> {
        self.ws();
        let start = self.i;
        while let Some(&c) = self.b.get(self.i) {
            if c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E') {
                self.i += 1;
            } else {
                break;
            }
        }
        let s = self.s.get(start..self.i)?;
        if !is_json_number(s.as_bytes()) {
            return None;
        }
        s.parse().ok()
    }

    fn literal(&mut self, word: &[u8]) -> R<()> {
        self.ws();
        if self.b.get(self.i..self.i + word.len())? == word {
            self.i += word.len();
            Some(())
        } else {
            None
        }
    }

    /// Skips any value; gives up past a modest depth.
    fn skip_value(&mut self, depth: usize) -> R<()> {
        if depth > 64 {
            return None;
        }
        match self.peek()? {
            b'"' => self.skip_string(),
            b'{' => {
                self.i += 1;
                if self.peek()? == b'}' {
                    self.i += 1;
                    return Some(());
                }
                loop {
                    self.skip_string()?;
                    self.eat(b':')?;
                    self.skip_value(depth + 1)?;
                    match self.peek()? {
                        b',' => self.i += 1,
                        b'}' => {
                            self.i += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.i += 1;
                if self.peek()? == b']' {
                    self.i += 1;
                    return Some(());
                }
                loop {
                    self.skip_value(depth + 1)?;
                    match self.peek()? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.number().map(|_| ()),
        }
    }

    /// A string or null (serde reads null as an absent optional field).
    fn opt_string(&mut self) -> R<Option<Cow<'a, str>>> {
        if self.peek()? == b'n' {
            self.literal(b"null")?;
            Some(None)
        } else {
            self.string().map(Some)
        }
    }

    /// The evidence list: each entry's quote and source, other keys skipped.
    fn evidence(&mut self, f: &mut Line<'a>) -> R<()> {
        if self.peek()? == b'n' {
            return self.literal(b"null");
        }
        self.eat(b'[')?;
        if self.peek()? == b']' {
            self.i += 1;
            return Some(());
        }
        loop {
            let entry = self.evidence_entry()?;
            f.evidence
                .get_or_insert_with(EvidenceList::default)
                .push(entry);
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// One evidence object: its quote and source; anything else gives up.
    fn evidence_entry(&mut self) -> R<Evidence<'a>> {
        let mut e = Evidence {
            quote: None,
            source: None,
        };
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            self.i += 1;
            return Some(e);
        }
        let mut seen = 0u8;
        loop {
            let key = self.string()?;
            self.eat(b':')?;
            let bit = match &*key {
                "quote" => 1,
                "source" => 2,
                _ => 0,
            };
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            match bit {
                1 => e.quote = self.opt_string()?,
                2 => e.source = self.opt_string()?,
                _ => self.skip_value(2)?,
            }
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Some(e);
                }
                _ => return None,
            }
        }
    }
}

/// Whether the bytes are a JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)?
/// ([eE] [+-]? [0-9]+)?` (no leading '+' or '.', no leading zeros, no "inf").
fn is_json_number(b: &[u8]) -> bool {
    let digits = |mut i: usize| {
        let from = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        (i > from).then_some(i)
    };
    let mut i = usize::from(b.first() == Some(&b'-'));
    i = match b.get(i) {
        Some(b'0') => i + 1,
        Some(b'1'..=b'9') => match digits(i) {
            Some(i) => i,
            None => return false,
        },
        _ => return false,
    };
    if b.get(i) == Some(&b'.') {
        match digits(i + 1) {
            Some(j) => i = j,
            None => return false,
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        match digits(i) {
            Some(j) => i = j,
            None => return false,
        }
    }
    i == b.len()
}

/// Scans one line; `None` means "let serde read it".
pub(crate) fn scan(line: &str) -> Option<Line<'_>> {
    let mut c = Cursor {
        s: line,
        b: line.as_bytes(),
        i: 0,
    };
    let mut f = Line::default();
    let mut seen: u32 = 0;
    c.eat(b'{')?;
    if c.peek()? != b'}' {
        loop {
            let key = c.string()?;
            c.eat(b':')?;
            let bit: u32 = match &*key {
                "type" => 1,
                "format" => 1 << 1,
                "id" => 1 << 2,
                "name" => 1 << 3,
                "kind" => 1 << 4,
                "title" => 1 << 5,
                "text" => 1 << 6,
                "what" => 1 << 7,
                "holder" => 1 << 8,
                "target" => 1 << 9,
                "position" => 1 << 10,
                "intensity" => 1 << 11,
                "as_of" => 1 << 12,
                "evidence" => 1 << 13,
                "source" => 1 << 14,
                "date" => 1 << 15,
                "published" => 1 << 16,
                "publisher" => 1 << 17,
                "language" => 1 << 18,
                "label" => 1 << 19,
                "modality" => 1 << 20,
                "a" => 1 << 21,
                "b" => 1 << 22,
                "judgement" => 1 << 23,
                _ => 0,
            };
            if bit != 0 {
                if seen & bit != 0 {
                    // A repeated field: serde says so with its place.
                    return None;
                }
                seen |= bit;
            }
            let slot = match bit {
                1 => Some(&mut f.ty),
                2 => Some(&mut f.format),
                4 => Some(&mut f.id),
                8 => Some(&mut f.name),
                16 => Some(&mut f.kind),
                32 => Some(&mut f.title),
                64 => Some(&mut f.text),
                128 => Some(&mut f.what),
                256 => Some(&mut f.holder),
                512 => Some(&mut f.target),
                1024 => Some(&mut f.position),
                4096 => Some(&mut f.as_of),
                16384 => Some(&mut f.source),
                32768 => Some(&mut f.date),
                65536 => Some(&mut f.published),
                131072 => Some(&mut f.publisher),
                262144 => Some(&mut f.language),
                524288 => Some(&mut f.label),
                1048576 => Some(&mut f.modality),
                2097152 => Some(&mut f.a),
                4194304 => Some(&mut f.b),
                8388608 => Some(&mut f.judgement),
                _ => None,
            };
            match (slot, bit) {
                (Some(slot), _) => *slot = c.opt_string()?,
                (None, 2048) => {
                    f.intensity = if c.peek()? == b'n' {
                        c.literal(b"null")?;
                        None
                    } else {
                        Some(c.number()?)
                    }
                }
                (None, 8192) => c.evidence(&mut f)?,
                _ => c.skip_value(1)?,
            }
            match c.peek()? {
                b',' => c.i += 1,
                b'}' => {
                    c.i += 1;
                    break;
                }
                _ => return None,
            }
        }
    } else {
        c.i += 1;
    }
    c.ws();
    if c.i != line.len() {
        return None;
    }
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fields_and_skips_the_rest() {
        let line = br#"{"type":"stance","id":"s1","holder":"a","target":"t","position":"supports","intensity":-0.5,"conditions":["x \"y\""],"evidence":[{"quote":"q1","source":"d1"},{"source":"d2"}],"as_of":"2020-01-01","confidence":1e-3}"#;
        let f = scan(std::str::from_utf8(line).unwrap()).expect("scans");
        assert_eq!(f.ty.as_deref(), Some("stance"));
        assert_eq!(f.holder.as_deref(), Some("a"));
        assert_eq!(f.intensity, Some(-0.5));
        let evidence: Vec<_> = f
            .evidence
            .iter()
            .flat_map(EvidenceList::iter)
            .map(|e| (e.quote.as_deref(), e.source.as_deref()))
            .collect();
        assert_eq!(evidence, [(Some("q1"), Some("d1")), (None, Some("d2"))]);
        assert_eq!(f.as_of.as_deref(), Some("2020-01-01"));
    }

    #[test]
    fn numbers_follow_the_json_grammar() {
        for good in [
            "0", "-0", "1", "-12", "0.5", "-0.25e-3", "1E5", "1e+5", "10.01",
        ] {
            assert!(is_json_number(good.as_bytes()), "{good}");
        }
        for bad in [
            "", "-", "+1", ".5", "-.5", "1.", "01", "-01", "1e", "1e+", "1.e5", "0x1", "1-",
        ] {
            assert!(!is_json_number(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn gives_up_on_what_serde_should_judge() {
        for bad in [
            &br#"{"type":"stance","type":"quote"}"#[..],
            br#"{"type":"st\u0061nce"}"#,
            br#"{"type":"stance",}"#,
            br#"{"type":"stance"} x"#,
            br#"{"type":"stance","n":01}"#,
            br#"{"type":"stance","n":-.5}"#,
            br#"{"type":"stance","intensity":-.5}"#,
            br#"{"type":"stance","intensity":1.}"#,
            br#"{"type":"stance","intensity":1e}"#,
            br#"{"type":"stance","intensity":-01}"#,
            br#"{"type":"stance","intensity":.5}"#,
            br#"{"type":"stance","n":tru}"#,
            br#"{"type":"stance""#,
            br#"["type"]"#,
        ] {
            assert!(
                scan(std::str::from_utf8(bad).unwrap()).is_none(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
