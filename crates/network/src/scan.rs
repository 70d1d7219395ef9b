//! A fast scanner for the JSON Lines records a corpus holds by the million:
//! stances, quotes and sources written plainly, as claimgraph writes them.
//!
//! It accepts a line only when it is sure the core would read it and
//! [`Dataset::validate`](claimgraph_core::Dataset::validate) would find
//! nothing wrong in it on its own: every field known to the record's kind,
//! none given twice, every required one present, ids valid, names from
//! their vocabularies, dates that exist, numbers in range, texts not blank,
//! evidence entries naming something. On anything else it gives up
//! (returns `None`) and the caller reads the line with the core, which
//! either reads it or says what is wrong, in its words, at its line and
//! column. So the scanner can be fast without ever being the one to explain
//! bad input, and can never accept what the core refuses.

use claimgraph_core::{MAX_ID_LEN, Modality, Position, QuoteMode, SourceKind, When};

use crate::statements::{Day, day_of};

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

/// The longest string the scanner reads itself; longer ones go to the core,
/// which knows the limits strings are read within.
pub(crate) const MAX_STRING: usize = 4096;

/// One entry of a stance's evidence: the quote and source it names.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Evidence<'a> {
    pub(crate) quote: Option<&'a str>,
    pub(crate) source: Option<&'a str>,
}

/// A stance's evidence list. The first entry is held inline: nearly every
/// stance has one, and a line then costs no allocation.
#[derive(Debug, Default)]
pub(crate) struct EvidenceList<'a> {
    first: Option<Evidence<'a>>,
    rest: Vec<Evidence<'a>>,
}

impl<'a> EvidenceList<'a> {
    fn push(&mut self, e: Evidence<'a>) {
        match self.first {
            None => self.first = Some(e),
            Some(_) => self.rest.push(e),
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Evidence<'a>> {
        self.first.iter().chain(&self.rest)
    }
}

/// A record the scanner read and checked whole, with what a network needs
/// of it.
#[derive(Debug)]
pub(crate) enum Fast<'a> {
    Stance {
        id: &'a str,
        holder: &'a str,
        target: &'a str,
        position: Position,
        modality: Option<Modality>,
        intensity: Option<f64>,
        as_of: Option<Day>,
        evidence: EvidenceList<'a>,
    },
    Quote {
        id: &'a str,
        source: &'a str,
        date: Option<Day>,
    },
    Source {
        id: &'a str,
        publisher: Option<&'a str>,
        kind: Option<SourceKind>,
        published: Option<Day>,
    },
}

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
    fn string(&mut self) -> R<&'a str> {
        self.eat(b'"')?;
        let start = self.i;
        let end = self.plain_run(start);
        if self.b.get(end) != Some(&b'"') || end - start > MAX_STRING {
            return None;
        }
        self.i = end + 1;
        self.s.get(start..end)
    }

    /// A string that must not be blank: skipped, escapes included, and
    /// judged not blank when something outside its escapes is not white
    /// space (a blank-looking one, or one with `\u` escapes, gives up).
    fn text(&mut self) -> R<()> {
        self.eat(b'"')?;
        let start = self.i;
        let mut seen = false;
        loop {
            let at = self.plain_run(self.i);
            if !seen {
                seen = self.s.get(self.i..at)?.chars().any(|c| !c.is_whitespace());
            }
            match self.b.get(at)? {
                b'"' if at - start <= MAX_STRING && seen => {
                    self.i = at + 1;
                    return Some(());
                }
                b'\\' => match self.b.get(at + 1)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.i = at + 2,
                    _ => return None,
                },
                _ => return None,
            }
        }
    }

    /// A valid id: what [`claimgraph_core::RecordId::new`] accepts.
    #[inline]
    fn id(&mut self) -> R<&'a str> {
        let s = self.string()?;
        id_ok(s).then_some(s)
    }

    /// An id or null.
    fn opt_id(&mut self) -> R<Option<&'a str>> {
        if self.null()? {
            Some(None)
        } else {
            self.id().map(Some)
        }
    }

    /// Whether the next value is `null` (and skips it).
    #[inline]
    fn null(&mut self) -> R<bool> {
        if self.peek()? == b'n' {
            self.literal(b"null")?;
            Some(true)
        } else {
            Some(false)
        }
    }

    /// A number in `lo..=hi`, or null.
    fn number_in(&mut self, lo: f64, hi: f64) -> R<Option<f64>> {
        if self.null()? {
            return Some(None);
        }
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
        let x: f64 = s.parse().ok()?;
        (x.is_finite() && (lo..=hi).contains(&x)).then_some(Some(x))
    }

    /// A date as the core reads one, or null.
    fn date(&mut self) -> R<Option<Day>> {
        if self.null()? {
            return Some(None);
        }
        parse_day(self.string()?).map(Some)
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

    /// The evidence list: every entry an object naming a quote or a source.
    fn evidence(&mut self) -> R<EvidenceList<'a>> {
        let mut list = EvidenceList::default();
        self.eat(b'[')?;
        if self.peek()? == b']' {
            self.i += 1;
            return Some(list);
        }
        loop {
            list.push(self.evidence_entry()?);
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(list);
                }
                _ => return None,
            }
        }
    }

    /// One evidence object: `quote`, `source` and `reported_by`, each an id
    /// or null, none twice, and a quote or a source given.
    fn evidence_entry(&mut self) -> R<Evidence<'a>> {
        let mut e = Evidence::default();
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            return None;
        }
        let mut seen = 0u8;
        loop {
            let key = self.string()?;
            self.eat(b':')?;
            let bit = match key {
                "quote" => 1,
                "source" => 2,
                "reported_by" => 4,
                _ => return None,
            };
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            let value = self.opt_id()?;
            match bit {
                1 => e.quote = value,
                2 => e.source = value,
                _ => {}
            }
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    break;
                }
                _ => return None,
            }
        }
        (e.quote.is_some() || e.source.is_some()).then_some(e)
    }
}

/// Whether `s` is an id the core accepts: not empty, at most
/// [`MAX_ID_LEN`] bytes, no control character, no white space at either
/// end.
fn id_ok(s: &str) -> bool {
    if s.is_empty() || s.len() > MAX_ID_LEN {
        return false;
    }
    if s.bytes().all(|b| b.is_ascii_graphic()) {
        return true;
    }
    !s.chars().any(char::is_control) && s.trim() == s
}

/// Parses a date as the core does ([`When::parse`]), `YYYY-MM-DD` quickly.
fn parse_day(s: &str) -> Option<Day> {
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10))
            && let Some(date) = chrono::NaiveDate::from_ymd_opt(y as i32, m, d)
        {
            return Some(day_of(date));
        }
    }
    When::parse(s).ok().map(|w| day_of(w.date()))
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

// The fields the scanner reads, one bit each.
const TYPE: u32 = 1;
const ID: u32 = 1 << 1;
const HOLDER: u32 = 1 << 2;
const TARGET: u32 = 1 << 3;
const POSITION: u32 = 1 << 4;
const INTENSITY: u32 = 1 << 5;
const MODALITY: u32 = 1 << 6;
const EVIDENCE: u32 = 1 << 7;
const AS_OF: u32 = 1 << 8;
const CONFIDENCE: u32 = 1 << 9;
const SPEAKER: u32 = 1 << 10;
const TEXT: u32 = 1 << 11;
const MODE: u32 = 1 << 12;
const SOURCE: u32 = 1 << 13;
const DATE: u32 = 1 << 14;
const TITLE: u32 = 1 << 15;
const PUBLISHER: u32 = 1 << 16;
const PUBLISHED: u32 = 1 << 17;
const KIND: u32 = 1 << 18;

/// Per kind: the fields the scanner knows of it, and those it must have.
const STANCE_FIELDS: (u32, u32) = (
    TYPE | ID | HOLDER | TARGET | POSITION | INTENSITY | MODALITY | EVIDENCE | AS_OF | CONFIDENCE,
    TYPE | ID | HOLDER | TARGET | POSITION,
);
const QUOTE_FIELDS: (u32, u32) = (
    TYPE | ID | SPEAKER | TEXT | MODE | SOURCE | DATE,
    TYPE | ID | SPEAKER | TEXT | MODE | SOURCE,
);
const SOURCE_FIELDS: (u32, u32) = (
    TYPE | ID | TITLE | PUBLISHER | PUBLISHED | KIND,
    TYPE | ID | TITLE,
);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ty {
    Stance,
    Quote,
    Source,
}

/// Scans one line; `None` means "let the core read it".
pub(crate) fn scan(line: &str) -> Option<Fast<'_>> {
    let mut c = Cursor {
        s: line,
        b: line.as_bytes(),
        i: 0,
    };
    let mut ty = None;
    let (mut id, mut holder, mut target, mut speaker, mut source) = (None, None, None, None, None);
    let mut position = None;
    let mut modality = None;
    let mut mode = None;
    let (mut intensity, mut as_of, mut date, mut published) = (None, None, None, None);
    let mut publisher = None;
    let mut kind = None;
    let mut evidence = EvidenceList::default();
    let mut seen: u32 = 0;
    c.eat(b'{')?;
    if c.peek()? == b'}' {
        return None;
    }
    loop {
        let key = c.string()?;
        c.eat(b':')?;
        let bit = match key {
            "type" => TYPE,
            "id" => ID,
            "holder" => HOLDER,
            "target" => TARGET,
            "position" => POSITION,
            "intensity" => INTENSITY,
            "modality" => MODALITY,
            "evidence" => EVIDENCE,
            "as_of" => AS_OF,
            "confidence" => CONFIDENCE,
            "speaker" => SPEAKER,
            "text" => TEXT,
            "mode" => MODE,
            "source" => SOURCE,
            "date" => DATE,
            "title" => TITLE,
            "publisher" => PUBLISHER,
            "published" => PUBLISHED,
            "kind" => KIND,
            // A header, or a field the scanner does not check: the core's.
            _ => return None,
        };
        if seen & bit != 0 {
            return None;
        }
        seen |= bit;
        match bit {
            TYPE => {
                ty = Some(match c.string()? {
                    "stance" => Ty::Stance,
                    "quote" => Ty::Quote,
                    "source" => Ty::Source,
                    _ => return None,
                });
            }
            ID => id = Some(c.id()?),
            HOLDER => holder = Some(c.id()?),
            TARGET => target = Some(c.id()?),
            SPEAKER => speaker = Some(c.id()?),
            SOURCE => source = Some(c.id()?),
            POSITION => position = Some(c.string()?.parse::<Position>().ok()?),
            MODE => mode = Some(c.string()?.parse::<QuoteMode>().ok()?),
            MODALITY => {
                modality = match c.null()? {
                    true => None,
                    false => Some(c.string()?.parse::<Modality>().ok()?),
                }
            }
            KIND => {
                kind = match c.null()? {
                    true => None,
                    false => Some(c.string()?.parse::<SourceKind>().ok()?),
                }
            }
            INTENSITY => intensity = c.number_in(-1.0, 1.0)?,
            CONFIDENCE => {
                c.number_in(0.0, 1.0)?;
            }
            AS_OF => as_of = c.date()?,
            DATE => date = c.date()?,
            PUBLISHED => published = c.date()?,
            EVIDENCE => evidence = c.evidence()?,
            TEXT | TITLE => c.text()?,
            PUBLISHER => {
                publisher = match c.null()? {
                    true => None,
                    false => {
                        let s = c.string()?;
                        if s.trim().is_empty() {
                            return None;
                        }
                        Some(s)
                    }
                }
            }
            _ => return None,
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
    c.ws();
    if c.i != line.len() {
        return None;
    }
    let ty = ty?;
    let (known, required) = match ty {
        Ty::Stance => STANCE_FIELDS,
        Ty::Quote => QUOTE_FIELDS,
        Ty::Source => SOURCE_FIELDS,
    };
    if seen & !known != 0 || required & !seen != 0 {
        return None;
    }
    match ty {
        Ty::Stance => {
            let (holder, target) = (holder?, target?);
            // A stance on its holder points at itself: the core's to say.
            if holder == target {
                return None;
            }
            Some(Fast::Stance {
                id: id?,
                holder,
                target,
                position: position?,
                modality,
                intensity,
                as_of,
                evidence,
            })
        }
        Ty::Quote => {
            speaker?;
            mode?;
            Some(Fast::Quote {
                id: id?,
                source: source?,
                date,
            })
        }
        Ty::Source => Some(Fast::Source {
            id: id?,
            publisher,
            kind,
            published,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fields_and_checks_them() {
        let line = r#"{"type":"stance","id":"s1","holder":"a","target":"t","position":"supports","intensity":-0.5,"evidence":[{"quote":"q1","source":"d1"},{"source":"d2","reported_by":null}],"as_of":"2020-01-01","confidence":1e-3}"#;
        let Some(Fast::Stance {
            holder,
            intensity,
            evidence,
            as_of,
            ..
        }) = scan(line)
        else {
            panic!("not read: {line}");
        };
        assert_eq!(holder, "a");
        assert_eq!(intensity, Some(-0.5));
        let evidence: Vec<_> = evidence.iter().map(|e| (e.quote, e.source)).collect();
        assert_eq!(evidence, [(Some("q1"), Some("d1")), (None, Some("d2"))]);
        assert!(as_of.is_some());
        let quote = r#"{"type":"quote","id":"q1","speaker":"a","text":"say \"no\"","mode":"direct","source":"d1","date":"2020-01-01"}"#;
        assert!(matches!(scan(quote), Some(Fast::Quote { id: "q1", .. })));
        let source = r#"{"type":"source","id":"d1","title":"T","publisher":"P","published":"2020-01","kind":"article"}"#;
        assert!(matches!(
            scan(source),
            Some(Fast::Source {
                kind: Some(SourceKind::Article),
                ..
            })
        ));
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
    fn ids_are_checked_as_the_core_checks_them() {
        for id in ["a", "us-government", "é", "a b", &"x".repeat(MAX_ID_LEN)] {
            assert!(id_ok(id), "{id:?}");
            assert!(claimgraph_core::RecordId::new(id).is_ok(), "{id:?}");
        }
        for id in [
            "",
            " a",
            "a ",
            "a\u{1}",
            "a\u{85}",
            "\u{3000}a",
            &"x".repeat(MAX_ID_LEN + 1),
        ] {
            assert!(!id_ok(id), "{id:?}");
            assert!(claimgraph_core::RecordId::new(id).is_err(), "{id:?}");
        }
    }

    #[test]
    fn gives_up_on_what_the_core_should_judge() {
        let stance = r#""type":"stance","id":"s","holder":"a","target":"t","position":"supports""#;
        for bad in [
            // Not JSON, or not one object.
            format!("{{{stance},}}"),
            format!("{{{stance}}} x"),
            format!("{{{stance}"),
            r#"["type"]"#.to_owned(),
            // Fields: unknown, repeated, missing, null where required.
            format!(r#"{{{stance},"x":1}}"#),
            format!(r#"{{{stance},"position":"opposes"}}"#),
            r#"{"type":"stance","holder":"a","target":"t","position":"supports"}"#.to_owned(),
            format!(r#"{{{stance},"evidence":null}}"#),
            // Escapes in what is read, ids the core refuses.
            r#"{"type":"st\u0061nce","id":"s","holder":"a","target":"t","position":"supports"}"#
                .to_owned(),
            r#"{"type":"stance","id":"s ","holder":"a","target":"t","position":"supports"}"#
                .to_owned(),
            // Numbers out of range or not JSON.
            format!(r#"{{{stance},"intensity":1.5}}"#),
            format!(r#"{{{stance},"intensity":1e400}}"#),
            format!(r#"{{{stance},"intensity":-.5}}"#),
            format!(r#"{{{stance},"confidence":-0.1}}"#),
            format!(r#"{{{stance},"confidence":2}}"#),
            // Dates that do not exist, evidence that names nothing.
            format!(r#"{{{stance},"as_of":"2021-02-29"}}"#),
            format!(r#"{{{stance},"evidence":[{{}}]}}"#),
            format!(r#"{{{stance},"evidence":[{{"reported_by":"a"}}]}}"#),
            // A stance on its holder; a blank quote.
            r#"{"type":"stance","id":"s","holder":"a","target":"a","position":"supports"}"#
                .to_owned(),
            r#"{"type":"quote","id":"q","speaker":"a","text":" \t","mode":"direct","source":"d"}"#
                .to_owned(),
            // A header, and kinds the scanner leaves to the core.
            r#"{"format":"claimgraph/1"}"#.to_owned(),
            r#"{"type":"actor","id":"a","name":"A","kind":"person"}"#.to_owned(),
        ] {
            assert!(scan(&bad).is_none(), "{bad}");
        }
    }
}
