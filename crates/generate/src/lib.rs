//! A reproducible generator of synthetic corpora.
//!
//! [`generate`] writes a claimgraph JSON Lines corpus of any size, for
//! benchmarks and tests of discourse networks and of every reader: statements by actors on
//! proposals and claims, each a [`Stance`](claimgraph_core::Stance) backed by
//! the [`Quote`](claimgraph_core::Quote) that shows it, in the
//! [`Source`](claimgraph_core::Source) that reports it. The same
//! [`GeneratorConfig`] always gives the same bytes, on every platform.
//!
//! ```
//! use claimgraph_core::Dataset;
//! use claimgraph_generate::{GeneratorConfig, generate};
//!
//! let config = GeneratorConfig::new(1_000, 50, 20).seed(7).intensities(true);
//! let mut corpus = Vec::new();
//! let summary = generate(&config, &mut corpus)?;
//! assert_eq!((summary.quotes, summary.stances), (1_000, 1_000));
//! assert_eq!(summary.bytes, corpus.len() as u64);
//!
//! let dataset = Dataset::read_jsonl(corpus.as_slice())?;
//! assert!(dataset.validate().problems.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What a corpus holds
//!
//! The format header, then every record kind by kind in the canonical order,
//! each on one compact line, exactly as
//! [`Dataset::write_jsonl`](claimgraph_core::Dataset::write_jsonl) would write
//! them. The records validate with no errors and no warnings.
//!
//! - **Sources** `d1`, `d2`, ...: articles with a title, one of a few
//!   publishers and a publication date within the span. Sources come in date
//!   order; each reports a handful of statements (on average
//!   [`statements_per_source`](GeneratorConfig::statements_per_source)) by a
//!   few actors on a few targets.
//! - **Actors** `a1`, `a2`, ...: persons, organisations, parties and states;
//!   about a third of the persons are `member`s of an organisation or party.
//! - **Proposals** `p1`, `p2`, ... (four targets in five), each with a topic:
//!   plans, each with the actor who proposes it, and (about one in ten)
//!   points of an earlier plan, with `part_of` and a `label`.
//! - **Claims** `c1`, `c2`, ...: the other targets.
//! - **Quotes** `q1`, `q2`, ...: one per statement, by the stance's holder, in
//!   its source, direct or indirect, dated on the source's day.
//! - **Stances** `s1`, `s2`, ...: one per statement; `supports`, `opposes`
//!   or (about one in twenty) `neutral`, with the quote and its source as
//!   evidence, `as_of` the quote's day, and with
//!   [`intensities`](GeneratorConfig::intensities) an `intensity` whose sign
//!   agrees with the position (0 when neutral).
//!
//! Activity is skewed as in real news: actors and targets are drawn from Zipf
//! distributions, so a few actors make most statements and a few targets draw
//! most of the debate. Actors lean to one of two camps (some are moderates),
//! and targets favour one camp, so positions cluster into coalitions, with
//! noise; members mostly share the camp of their organisation. Even the least
//! active actors speak on the most discussed targets, so the actor networks
//! are dense: with 10^6 statements by 2,000 actors on 1,000 targets, nearly
//! all of the 1,999,000 actor pairs take a stance on some common target.
//!
//! # Cost
//!
//! Time O(s log(a + t + d) + a + t + d) for s statements, a actors, t
//! targets and d days in the span: each statement costs a few random draws
//! and hashes, each source a few binary searches. Memory O(a + t + d),
//! whatever the number of statements: the
//! statements are drawn afresh, from the same seeds, for the quotes and again
//! for the stances, rather than kept.
#![deny(missing_docs)]

use std::f64::consts::{LN_2, SQRT_2};
use std::io::{self, BufWriter, Write};

use chrono::{Datelike, Days, NaiveDate};

/// The most statements one corpus may hold.
const MAX_STATEMENTS: u64 = 1_000_000_000;
/// The most actors one corpus may hold.
const MAX_ACTORS: u64 = 10_000_000;
/// The most targets (proposals and claims) one corpus may hold.
const MAX_TARGETS: u64 = 10_000_000;
/// The largest mean number of statements per source.
const MAX_PER_SOURCE: u64 = 1_000_000;
/// The steepest Zipf exponent.
const MAX_SKEW: f64 = 10.0;

const DEFAULT_START: NaiveDate = match NaiveDate::from_ymd_opt(2020, 1, 1) {
    Some(day) => day,
    None => NaiveDate::MIN,
};
const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(0, 1, 1) {
    Some(day) => day,
    None => NaiveDate::MIN,
};
const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(day) => day,
    None => NaiveDate::MAX,
};

/// What corpus to generate: its size, its seed, its dates and its skew.
///
/// Start from [`GeneratorConfig::new`] or [`Default`] and change what you need
/// with the setters, which consume and return the config:
///
/// ```
/// use claimgraph_generate::GeneratorConfig;
///
/// let config = GeneratorConfig::new(1_000_000, 2_000, 1_000)
///     .seed(42)
///     .span_days(365)
///     .intensities(true);
/// assert_eq!(config.statements_per_source, 20);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct GeneratorConfig {
    /// Statements to write: one quote and one stance each. Default 10,000.
    pub statements: u64,
    /// Actors to write. Default 200.
    pub actors: u64,
    /// Targets to write: proposals and (one in five) claims. Default 100.
    pub targets: u64,
    /// The seed: the same config with the same seed gives the same bytes.
    /// Default 0.
    pub seed: u64,
    /// The first day of the span. Default 2020-01-01.
    pub start: NaiveDate,
    /// The number of days sources are dated over, from `start`. Default 1096
    /// (three years).
    pub span_days: u64,
    /// The mean number of statements one source reports. Default 20.
    pub statements_per_source: u64,
    /// The Zipf exponent of actors' activity: 0 makes every actor equally
    /// active, larger values concentrate statements on fewer actors.
    /// From 0 to 10; default 1.
    pub actor_skew: f64,
    /// The Zipf exponent of targets' attention, as for actors. From 0 to 10;
    /// default 1.
    pub target_skew: f64,
    /// Whether stances carry an `intensity`. Default false.
    pub intensities: bool,
}

impl Default for GeneratorConfig {
    fn default() -> GeneratorConfig {
        GeneratorConfig {
            statements: 10_000,
            actors: 200,
            targets: 100,
            seed: 0,
            start: DEFAULT_START,
            span_days: 1096,
            statements_per_source: 20,
            actor_skew: 1.0,
            target_skew: 1.0,
            intensities: false,
        }
    }
}

impl GeneratorConfig {
    /// The default config with the given numbers of statements, actors and
    /// targets.
    pub fn new(statements: u64, actors: u64, targets: u64) -> GeneratorConfig {
        GeneratorConfig {
            statements,
            actors,
            targets,
            ..GeneratorConfig::default()
        }
    }

    /// Sets the number of statements.
    pub fn statements(mut self, statements: u64) -> GeneratorConfig {
        self.statements = statements;
        self
    }

    /// Sets the number of actors.
    pub fn actors(mut self, actors: u64) -> GeneratorConfig {
        self.actors = actors;
        self
    }

    /// Sets the number of targets.
    pub fn targets(mut self, targets: u64) -> GeneratorConfig {
        self.targets = targets;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> GeneratorConfig {
        self.seed = seed;
        self
    }

    /// Sets the first day of the span.
    pub fn start(mut self, start: NaiveDate) -> GeneratorConfig {
        self.start = start;
        self
    }

    /// Sets the number of days in the span.
    pub fn span_days(mut self, span_days: u64) -> GeneratorConfig {
        self.span_days = span_days;
        self
    }

    /// Sets the mean number of statements per source.
    pub fn statements_per_source(mut self, statements_per_source: u64) -> GeneratorConfig {
        self.statements_per_source = statements_per_source;
        self
    }

    /// Sets the Zipf exponent of actors' activity.
    pub fn actor_skew(mut self, actor_skew: f64) -> GeneratorConfig {
        self.actor_skew = actor_skew;
        self
    }

    /// Sets the Zipf exponent of targets' attention.
    pub fn target_skew(mut self, target_skew: f64) -> GeneratorConfig {
        self.target_skew = target_skew;
        self
    }

    /// Sets whether stances carry an `intensity`.
    pub fn intensities(mut self, intensities: bool) -> GeneratorConfig {
        self.intensities = intensities;
        self
    }

    /// The number of proposals among the targets: all but one in five.
    pub fn proposals(&self) -> u64 {
        self.targets - self.claims()
    }

    /// The number of claims among the targets: one in five, rounded down.
    pub fn claims(&self) -> u64 {
        self.targets / 5
    }

    /// Checks that a corpus can be generated from this config, as [`generate`]
    /// does before it writes anything.
    ///
    /// # Errors
    ///
    /// The first of the problems [`GenerateError`] describes, other than
    /// [`GenerateError::Io`].
    pub fn check(&self) -> Result<(), GenerateError> {
        for (what, value, max) in [
            ("statements", self.statements, MAX_STATEMENTS),
            ("actors", self.actors, MAX_ACTORS),
            ("targets", self.targets, MAX_TARGETS),
            (
                "statements per source",
                self.statements_per_source,
                MAX_PER_SOURCE,
            ),
        ] {
            if value > max {
                return Err(GenerateError::TooLarge { what, value, max });
            }
        }
        if self.statements_per_source == 0 {
            return Err(GenerateError::Zero {
                what: "statements per source",
            });
        }
        if self.span_days == 0 {
            return Err(GenerateError::Zero {
                what: "days in the span",
            });
        }
        for (what, value) in [
            ("actor skew", self.actor_skew),
            ("target skew", self.target_skew),
        ] {
            if !(0.0..=MAX_SKEW).contains(&value) {
                return Err(GenerateError::BadSkew {
                    what,
                    value,
                    max: MAX_SKEW,
                });
            }
        }
        if self.last_day().is_none() {
            return Err(GenerateError::DatesOutOfRange {
                start: self.start,
                span_days: self.span_days,
            });
        }
        if self.statements > 0 && self.actors == 0 {
            return Err(GenerateError::NoActors {
                statements: self.statements,
            });
        }
        if self.statements > 0 && self.targets == 0 {
            return Err(GenerateError::NoTargets {
                statements: self.statements,
            });
        }
        Ok(())
    }

    /// The last day of the span, if the whole span is a day a file can hold.
    fn last_day(&self) -> Option<NaiveDate> {
        let last = self
            .start
            .checked_add_days(Days::new(self.span_days.checked_sub(1)?))?;
        (FIRST_DAY <= self.start && last <= LAST_DAY).then_some(last)
    }
}

/// What [`generate`] wrote: the number of records of each kind, and of bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GenerateSummary {
    /// Source records.
    pub sources: u64,
    /// Actor records.
    pub actors: u64,
    /// Proposal records, points included.
    pub proposals: u64,
    /// Proposal records that are points of another.
    pub points: u64,
    /// Claim records.
    pub claims: u64,
    /// Quote records: one per statement.
    pub quotes: u64,
    /// Stance records: one per statement.
    pub stances: u64,
    /// Bytes written, the header and every newline included.
    pub bytes: u64,
}

/// Why a corpus could not be generated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GenerateError {
    /// Statements were asked for, but no actors to hold them.
    #[error("{statements} statements need at least one actor to hold them")]
    NoActors {
        /// The statements asked for.
        statements: u64,
    },
    /// Statements were asked for, but no targets for them to be about.
    #[error("{statements} statements need at least one target (a proposal or claim)")]
    NoTargets {
        /// The statements asked for.
        statements: u64,
    },
    /// A number is larger than the generator supports.
    #[error("{value} {what} is too many; at most {max} are supported")]
    TooLarge {
        /// What is counted: `statements`, `actors`, `targets`,
        /// `statements per source`.
        what: &'static str,
        /// The number asked for.
        value: u64,
        /// The largest number supported.
        max: u64,
    },
    /// A number that must be positive is zero.
    #[error("the number of {what} must be at least 1")]
    Zero {
        /// What is counted: `statements per source`, `days in the span`.
        what: &'static str,
    },
    /// A Zipf exponent is negative, too large or not a number.
    #[error("the {what} is {value}; expected a number from 0 to {max}")]
    BadSkew {
        /// Which: `actor skew` or `target skew`.
        what: &'static str,
        /// The exponent given.
        value: f64,
        /// The largest exponent supported.
        max: f64,
    },
    /// The span reaches days a claimgraph file cannot hold.
    #[error(
        "a span of {span_days} days from {start} reaches past the days a claimgraph file can hold \
         (0000-01-01 to 9999-12-31)"
    )]
    DatesOutOfRange {
        /// The first day of the span.
        start: NaiveDate,
        /// The number of days in the span.
        span_days: u64,
    },
    /// The output could not be written.
    #[error("cannot write the corpus: {0}")]
    Io(#[from] io::Error),
}

/// Writes the corpus `config` describes to `out`, as JSON Lines.
///
/// The config is [checked](GeneratorConfig::check) before anything is
/// written. Output is buffered, so `out` need not be.
///
/// # Errors
///
/// [`GenerateError::Io`] if `out` fails; any other variant if the config is
/// refused, and then nothing has been written.
pub fn generate(
    config: &GeneratorConfig,
    out: impl Write,
) -> Result<GenerateSummary, GenerateError> {
    config.check()?;
    let model = Model::new(config);
    let mut sink = Sink {
        out: BufWriter::with_capacity(1 << 16, out),
        line: Vec::with_capacity(512),
        bytes: 0,
    };
    let mut summary = GenerateSummary::default();

    sink.line
        .extend_from_slice(b"{\"format\":\"claimgraph/1\"}");
    sink.end_line()?;

    let mut days = DayCache::new(config.start);
    model.for_each_source(|source, _| {
        model.write_source(&mut sink.line, source, days.get(source.day));
        summary.sources += 1;
        sink.end_line()
    })?;

    for actor in 0..model.actors.len() {
        model.write_actor(&mut sink.line, actor);
        sink.end_line()?;
    }
    summary.actors = model.actors.len() as u64;

    for target in 0..model.targets.len() {
        model.write_target(&mut sink.line, target);
        sink.end_line()?;
    }
    summary.proposals = model.proposals as u64;
    summary.points = model.targets.iter().filter(|t| t.is_point()).count() as u64;
    summary.claims = (model.targets.len() - model.proposals) as u64;

    model.for_each_source(|source, rng| {
        let date = days.get(source.day);
        for id in source.first + 1..=source.first + u64::from(source.size) {
            let statement = model.statement(source, rng);
            model.write_quote(&mut sink.line, id, source, &statement, date);
            sink.end_line()?;
        }
        summary.quotes += u64::from(source.size);
        Ok(())
    })?;

    model.for_each_source(|source, rng| {
        let date = days.get(source.day);
        for id in source.first + 1..=source.first + u64::from(source.size) {
            let statement = model.statement(source, rng);
            model.write_stance(&mut sink.line, id, source, &statement, date);
            sink.end_line()?;
        }
        summary.stances += u64::from(source.size);
        Ok(())
    })?;

    sink.out.flush()?;
    summary.bytes = sink.bytes;
    Ok(summary)
}

/// The line being built and where finished lines go.
struct Sink<W: Write> {
    out: BufWriter<W>,
    line: Vec<u8>,
    bytes: u64,
}

impl<W: Write> Sink<W> {
    fn end_line(&mut self) -> io::Result<()> {
        self.line.push(b'\n');
        self.out.write_all(&self.line)?;
        self.bytes += self.line.len() as u64;
        self.line.clear();
        Ok(())
    }
}

/// The formatted date of the last day asked for; consecutive sources mostly
/// share a day.
struct DayCache {
    start: NaiveDate,
    day: Option<u32>,
    text: [u8; 10],
}

impl DayCache {
    fn new(start: NaiveDate) -> DayCache {
        DayCache {
            start,
            day: None,
            text: *b"0000-00-00",
        }
    }

    fn get(&mut self, day: u32) -> [u8; 10] {
        if self.day != Some(day) {
            // The span was checked to lie within 0000-01-01..=9999-12-31.
            let date = self
                .start
                .checked_add_days(Days::new(u64::from(day)))
                .unwrap_or(LAST_DAY);
            let (y, m, d) = (date.year().clamp(0, 9999) as u32, date.month(), date.day());
            for (i, (n, width)) in [(y, 4), (m, 2), (d, 2)].into_iter().enumerate() {
                let at = [0, 5, 8][i];
                let mut n = n;
                for k in (0..width).rev() {
                    self.text[at + k] = b'0' + (n % 10) as u8;
                    n /= 10;
                }
            }
            self.day = Some(day);
        }
        self.text
    }
}

// ---------------------------------------------------------------------------
// Randomness: xoshiro256** seeded through SplitMix64, one independent stream
// per purpose and per source, so that any source can be drawn again alone.

/// The SplitMix64 finaliser: a strong mix of 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// A hash of a few numbers, for draws that must agree wherever they are made.
fn hash(parts: &[u64]) -> u64 {
    parts.iter().fold(0x5851_f42d_4c95_7f2d, |h, &p| {
        mix(h ^ p.wrapping_mul(GOLDEN))
    })
}

/// Stream tags.
const ACTORS: u64 = 1;
const TARGETS: u64 = 2;
const DAYS: u64 = 3;
const SOURCES: u64 = 4;
const POSITIONS: u64 = 5;

#[derive(Clone, Debug)]
struct Rng([u64; 4]);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut state = seed;
        let mut next = || {
            state = state.wrapping_add(GOLDEN);
            mix(state)
        };
        Rng([next(), next(), next(), next()])
    }

    fn stream(seed: u64, tag: u64, index: u64) -> Rng {
        Rng::new(hash(&[seed, tag, index]))
    }

    fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// True with probability `percent` / 100.
    fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// `ln(x)` for finite `x >= 1`, from IEEE arithmetic alone, so that it gives
/// the same bits on every platform (the platform's `ln` need not).
fn ln(x: f64) -> f64 {
    let bits = x.to_bits();
    let mut exponent = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > SQRT_2 {
        m *= 0.5;
        exponent += 1;
    }
    // ln(m) = 2 atanh(t) with |t| < 0.172: the series converges fast.
    let t = (m - 1.0) / (m + 1.0);
    let t2 = t * t;
    let mut term = t;
    let mut sum = 0.0;
    for k in 0..16 {
        sum += term / f64::from(2 * k + 1);
        term *= t2;
    }
    2.0 * sum + exponent as f64 * LN_2
}

/// `exp(y)` for finite `y <= 0`, from IEEE arithmetic alone.
fn exp(y: f64) -> f64 {
    let k = (y / LN_2).round();
    if k < -1000.0 {
        return 0.0;
    }
    let f = y - k * LN_2;
    let mut term = 1.0;
    let mut sum = 1.0;
    for i in 1..=22 {
        term *= f / f64::from(i);
        sum += term;
    }
    sum * f64::from_bits(((k as i64 + 1023) as u64) << 52)
}

/// Draws `0..n` with probability proportional to `1 / (rank + 1)^skew`, the
/// ranks given to the items in a random order.
#[derive(Debug)]
struct Zipf {
    /// Cumulative probabilities in units of 2^-53; the last is 2^53.
    cdf: Vec<u64>,
    /// The item at each rank.
    items: Vec<u32>,
}

const ONE: u64 = 1 << 53;

impl Zipf {
    fn new(n: usize, skew: f64, rng: &mut Rng) -> Zipf {
        let mut items: Vec<u32> = (0..n as u32).collect();
        for i in (1..n).rev() {
            items.swap(i, rng.below(i as u64 + 1) as usize);
        }
        Zipf::ranked(items, skew)
    }

    fn ranked(items: Vec<u32>, skew: f64) -> Zipf {
        let mut cumulative = Vec::with_capacity(items.len());
        let mut total = 0.0;
        for rank in 1..=items.len() {
            total += if skew == 0.0 {
                1.0
            } else {
                exp(-skew * ln(rank as f64))
            };
            cumulative.push(total);
        }
        let mut cdf: Vec<u64> = cumulative
            .iter()
            .map(|c| (c / total * ONE as f64) as u64)
            .collect();
        if let Some(last) = cdf.last_mut() {
            *last = ONE;
        }
        Zipf { cdf, items }
    }

    fn sample(&self, rng: &mut Rng) -> u32 {
        let r = rng.next_u64() >> 11;
        let rank = self.cdf.partition_point(|&c| c <= r);
        self.items.get(rank).copied().unwrap_or(0)
    }
}

// ---------------------------------------------------------------------------
// The world: actors, targets, the news cycle.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ActorKind {
    Person,
    Organisation,
    Party,
    State,
}

impl ActorKind {
    fn as_str(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Organisation => "organisation",
            ActorKind::Party => "party",
            ActorKind::State => "state",
        }
    }
}

#[derive(Debug)]
struct Actor {
    kind: ActorKind,
    /// Counts the actors of its kind before it: names are made from it.
    ordinal: u32,
    /// The organisation or party it is a member of.
    member_of: Option<u32>,
    /// The camp it leans to: 1 or -1, 0 for a moderate.
    side: i8,
}

const NONE: u32 = u32::MAX;

#[derive(Debug)]
struct Target {
    /// For a proposal: its topic; for a claim: its subject.
    topic: u8,
    /// For a claim: its predicate.
    predicate: u8,
    /// For a proposal: the actor who proposes it, or `NONE`.
    proposer: u32,
    /// For a point: its plan, else `NONE`.
    parent: u32,
    /// For a point: its number within its plan, from 1; for a plan: its
    /// number of points.
    label: u32,
    /// The camp it favours: 1 or -1.
    orientation: i8,
}

impl Target {
    fn is_point(&self) -> bool {
        self.parent != NONE
    }
}

#[derive(Debug)]
struct Model<'c> {
    config: &'c GeneratorConfig,
    actors: Vec<Actor>,
    /// Targets below this index are proposals, the rest claims.
    proposals: usize,
    targets: Vec<Target>,
    actor_pick: Zipf,
    target_pick: Zipf,
    publisher_pick: Zipf,
    /// Cumulative news volume by day of the span.
    day_volume: Vec<u64>,
}

/// One source and the statements it reports.
#[derive(Debug)]
struct Source {
    /// Its index, from 0.
    index: u64,
    /// The statements before its first.
    first: u64,
    /// Its number of statements.
    size: u32,
    /// Its day, as an offset from the start of the span.
    day: u32,
    publisher: u8,
    title: u8,
    actors: [u32; 5],
    n_actors: u8,
    targets: [u32; 3],
    n_targets: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Position {
    Supports,
    Opposes,
    Neutral,
}

#[derive(Debug)]
struct Statement {
    holder: u32,
    target: u32,
    position: Position,
    /// The intensity in twentieths, -20..=20.
    intensity: i8,
    direct: bool,
    template: u64,
}

impl<'c> Model<'c> {
    /// Builds the world; `config` must have passed its check.
    fn new(config: &'c GeneratorConfig) -> Model<'c> {
        let seed = config.seed;
        let mut rng = Rng::stream(seed, ACTORS, 0);
        let mut ordinals = [0u32; 4];
        let mut groups = Vec::new();
        let mut actors: Vec<Actor> = (0..config.actors as u32)
            .map(|i| {
                let kind = match rng.below(10) {
                    0..=5 => ActorKind::Person,
                    6 | 7 => ActorKind::Organisation,
                    8 => ActorKind::Party,
                    _ => ActorKind::State,
                };
                if matches!(kind, ActorKind::Organisation | ActorKind::Party) {
                    groups.push(i);
                }
                let ordinal = &mut ordinals[kind as usize];
                *ordinal += 1;
                let side = match rng.below(100) {
                    0..=44 => 1,
                    45..=84 => -1,
                    _ => 0,
                };
                Actor {
                    kind,
                    ordinal: *ordinal - 1,
                    member_of: None,
                    side,
                }
            })
            .collect();
        for i in 0..actors.len() {
            if actors[i].kind == ActorKind::Person && !groups.is_empty() && rng.percent(35) {
                let group = groups[rng.below(groups.len() as u64) as usize];
                actors[i].member_of = Some(group);
                if rng.percent(80) {
                    actors[i].side = actors[group as usize].side;
                }
            }
        }
        let actor_pick = Zipf::new(actors.len(), config.actor_skew, &mut rng);

        let mut rng = Rng::stream(seed, TARGETS, 0);
        let proposals = config.proposals() as usize;
        let mut targets: Vec<Target> = Vec::with_capacity(config.targets as usize);
        let mut plans: Vec<u32> = Vec::new();
        for i in 0..config.targets as usize {
            let orientation = if rng.percent(50) { 1 } else { -1 };
            let target = if i >= proposals {
                Target {
                    topic: rng.below(CLAIM_SUBJECTS.len() as u64) as u8,
                    predicate: rng.below(CLAIM_PREDICATES.len() as u64) as u8,
                    proposer: NONE,
                    parent: NONE,
                    label: 0,
                    orientation,
                }
            } else if plans.len() >= 4 && rng.percent(10) {
                let parent = plans[rng.below(plans.len() as u64) as usize];
                let plan = &mut targets[parent as usize];
                plan.label += 1;
                Target {
                    topic: plan.topic,
                    predicate: 0,
                    proposer: NONE,
                    parent,
                    label: plan.label,
                    orientation: plan.orientation,
                }
            } else {
                let proposer = if actors.is_empty() {
                    NONE
                } else {
                    actor_pick.sample(&mut rng)
                };
                let side = actors.get(proposer as usize).map_or(0, |a| a.side);
                plans.push(i as u32);
                Target {
                    topic: rng.below(TOPICS.len() as u64) as u8,
                    predicate: 0,
                    proposer,
                    parent: NONE,
                    label: 0,
                    orientation: if side == 0 { orientation } else { side },
                }
            };
            targets.push(target);
        }
        let target_pick = Zipf::new(targets.len(), config.target_skew, &mut rng);
        let publisher_pick = Zipf::ranked((0..PUBLISHERS.len() as u32).collect(), 1.0);

        let mut rng = Rng::stream(seed, DAYS, 0);
        let weekday = u64::from(config.start.weekday().num_days_from_monday());
        let mut burst = 0;
        let mut total = 0;
        let day_volume = (0..config.span_days)
            .map(|d| {
                // Fewer stories at weekends; now and then a story breaks and
                // fades over the following days.
                let base = if (weekday + d) % 7 >= 5 { 6 } else { 10 };
                if rng.below(30) == 0 {
                    burst += 10 + rng.below(40);
                }
                total += base + burst;
                burst = burst * 2 / 3;
                total
            })
            .collect();

        Model {
            config,
            actors,
            proposals,
            targets,
            actor_pick,
            target_pick,
            publisher_pick,
            day_volume,
        }
    }

    /// Calls `f` with every source in order, and a generator positioned at
    /// the source's first statement.
    fn for_each_source(
        &self,
        mut f: impl FnMut(&Source, &mut Rng) -> io::Result<()>,
    ) -> io::Result<()> {
        let n = self.config.statements;
        let mut first = 0;
        let mut index = 0;
        while first < n {
            let mut rng = Rng::stream(self.config.seed, SOURCES, index);
            let source = self.source(index, first, &mut rng);
            f(&source, &mut rng)?;
            first += u64::from(source.size);
            index += 1;
        }
        Ok(())
    }

    fn source(&self, index: u64, first: u64, rng: &mut Rng) -> Source {
        let n = self.config.statements;
        let mean = self.config.statements_per_source;
        let size = (1 + rng.below(2 * mean - 1)).min(n - first) as u32;
        // Dated by the share of the corpus before it, so sources come in date
        // order and each day gets its share of the news volume.
        let total = self.day_volume.last().copied().unwrap_or(1);
        let at = (u128::from(first) * u128::from(total) / u128::from(n)) as u64;
        let day = self.day_volume.partition_point(|&c| c <= at) as u32;
        let publisher = self.publisher_pick.sample(rng) as u8;
        let title = rng.next_u64() as u8;
        let mut source = Source {
            index,
            first,
            size,
            day,
            publisher,
            title,
            actors: [0; 5],
            n_actors: 2 + rng.below(4) as u8,
            targets: [0; 3],
            n_targets: 1 + rng.below(3) as u8,
        };
        for a in &mut source.actors[..usize::from(source.n_actors)] {
            *a = self.actor_pick.sample(rng);
        }
        for t in &mut source.targets[..usize::from(source.n_targets)] {
            *t = self.target_pick.sample(rng);
        }
        source
    }

    fn statement(&self, source: &Source, rng: &mut Rng) -> Statement {
        let holder = source.actors[rng.below(u64::from(source.n_actors)) as usize];
        let target = source.targets[rng.below(u64::from(source.n_targets)) as usize];
        let direct = rng.percent(55);
        let template = rng.next_u64();

        // An actor's view of a target holds across sources (`view`); a source
        // may still report it neutral or turned (`report`), the same for all
        // its statements of that actor on that target.
        let side = self.actors.get(holder as usize).map_or(0, |a| a.side);
        let orientation = self
            .targets
            .get(target as usize)
            .map_or(1, |t| t.orientation);
        let (holder64, target64) = (u64::from(holder), u64::from(target));
        let view = hash(&[self.config.seed, POSITIONS, holder64, target64]);
        let report = hash(&[view, source.index]);
        let mut supports = if side == 0 {
            view.is_multiple_of(2)
        } else {
            (side == orientation) == (view % 100 < 90)
        };
        if (report >> 8) % 100 < 8 {
            supports = !supports;
        }
        let strength = if side == 0 {
            1 + (report >> 16) % 10
        } else {
            8 + (report >> 16) % 13
        } as i8;
        let (position, intensity) = if (report >> 32) % 100 < 5 {
            (Position::Neutral, 0)
        } else if supports {
            (Position::Supports, strength)
        } else {
            (Position::Opposes, -strength)
        };
        Statement {
            holder,
            target,
            position,
            intensity,
            direct,
            template,
        }
    }

    // -----------------------------------------------------------------------
    // Writing. Every text is ASCII without quotes or backslashes, so nothing
    // needs escaping.

    fn write_source(&self, line: &mut Vec<u8>, source: &Source, date: [u8; 10]) {
        line.extend_from_slice(b"{\"type\":\"source\",\"id\":\"d");
        push_u64(line, source.index + 1);
        line.extend_from_slice(b"\",\"title\":\"");
        let target = source.targets[0];
        let titles = if self.is_claim(target) {
            CLAIM_TITLES
        } else {
            PROPOSAL_TITLES
        };
        let (before, after) = titles[usize::from(source.title) % titles.len()];
        line.extend_from_slice(before.as_bytes());
        self.push_phrase(line, target);
        line.extend_from_slice(after.as_bytes());
        line.extend_from_slice(b"\",\"publisher\":\"");
        line.extend_from_slice(PUBLISHERS[usize::from(source.publisher)].as_bytes());
        line.extend_from_slice(b"\",\"published\":\"");
        line.extend_from_slice(&date);
        line.extend_from_slice(b"\",\"kind\":\"article\"}");
    }

    fn write_actor(&self, line: &mut Vec<u8>, i: usize) {
        let actor = &self.actors[i];
        line.extend_from_slice(b"{\"type\":\"actor\",\"id\":\"a");
        push_u64(line, i as u64 + 1);
        line.extend_from_slice(b"\",\"name\":\"");
        let n = u64::from(actor.ordinal);
        // No two actors share a made-up word, whatever their kinds.
        let word = 4 * n + actor.kind as u64;
        match actor.kind {
            ActorKind::Person => {
                line.extend_from_slice(GIVEN_NAMES[(mix(n) % GIVEN_NAMES.len() as u64) as usize]);
                line.push(b' ');
                push_word(line, word);
            }
            ActorKind::Organisation => {
                push_word(line, word);
                line.extend_from_slice(ORGANISATIONS[(n % ORGANISATIONS.len() as u64) as usize]);
            }
            ActorKind::Party => {
                push_word(line, word);
                line.extend_from_slice(b" Party");
            }
            ActorKind::State => {
                line.extend_from_slice(b"Republic of ");
                push_word(line, word);
            }
        }
        line.extend_from_slice(b"\",\"kind\":\"");
        line.extend_from_slice(actor.kind.as_str().as_bytes());
        line.push(b'"');
        if let Some(group) = actor.member_of {
            line.extend_from_slice(b",\"affiliations\":[{\"actor\":\"a");
            push_u64(line, u64::from(group) + 1);
            line.extend_from_slice(b"\",\"kind\":\"member\"}]");
        }
        line.push(b'}');
    }

    fn write_target(&self, line: &mut Vec<u8>, i: usize) {
        let target = &self.targets[i];
        if i >= self.proposals {
            let (subject, topic) = CLAIM_SUBJECTS[usize::from(target.topic)];
            line.extend_from_slice(b"{\"type\":\"claim\",\"id\":\"c");
            push_u64(line, (i - self.proposals) as u64 + 1);
            line.extend_from_slice(b"\",\"text\":\"");
            line.push(subject.as_bytes()[0].to_ascii_uppercase());
            line.extend_from_slice(&subject.as_bytes()[1..]);
            line.push(b' ');
            line.extend_from_slice(CLAIM_PREDICATES[usize::from(target.predicate)].as_bytes());
            line.extend_from_slice(b"\",\"topic\":\"");
            line.extend_from_slice(topic.as_bytes());
            line.extend_from_slice(b"\"}");
            return;
        }
        let (topic, title) = TOPICS[usize::from(target.topic)];
        line.extend_from_slice(b"{\"type\":\"proposal\",\"id\":\"p");
        push_u64(line, i as u64 + 1);
        line.extend_from_slice(b"\",\"title\":\"");
        line.extend_from_slice(title.as_bytes());
        line.extend_from_slice(b" plan ");
        if target.is_point() {
            push_u64(line, u64::from(target.parent) + 1);
            line.extend_from_slice(b", point ");
            push_u64(line, u64::from(target.label));
            line.extend_from_slice(b"\",\"kind\":\"point\",\"part_of\":\"p");
            push_u64(line, u64::from(target.parent) + 1);
            line.extend_from_slice(b"\",\"label\":\"point ");
            push_u64(line, u64::from(target.label));
        } else {
            push_u64(line, i as u64 + 1);
            line.extend_from_slice(b"\",\"kind\":\"plan");
            if target.proposer != NONE {
                line.extend_from_slice(b"\",\"proposed_by\":[\"a");
                push_u64(line, u64::from(target.proposer) + 1);
                line.extend_from_slice(b"\"]");
            } else {
                line.push(b'"');
            }
            line.extend_from_slice(b",\"topic\":\"");
            line.extend_from_slice(topic.as_bytes());
            line.extend_from_slice(b"\"}");
            return;
        }
        line.extend_from_slice(b"\",\"topic\":\"");
        line.extend_from_slice(topic.as_bytes());
        line.extend_from_slice(b"\"}");
    }

    fn write_quote(
        &self,
        line: &mut Vec<u8>,
        id: u64,
        source: &Source,
        statement: &Statement,
        date: [u8; 10],
    ) {
        line.extend_from_slice(b"{\"type\":\"quote\",\"id\":\"q");
        push_u64(line, id);
        line.extend_from_slice(b"\",\"speaker\":\"a");
        push_u64(line, u64::from(statement.holder) + 1);
        line.extend_from_slice(b"\",\"text\":\"");
        let claim = self.is_claim(statement.target);
        let templates = match (claim, statement.position, statement.direct) {
            (false, Position::Supports, true) => PROPOSAL_SUPPORTS_DIRECT,
            (false, Position::Supports, false) => PROPOSAL_SUPPORTS_INDIRECT,
            (false, Position::Opposes, true) => PROPOSAL_OPPOSES_DIRECT,
            (false, Position::Opposes, false) => PROPOSAL_OPPOSES_INDIRECT,
            (false, Position::Neutral, true) => PROPOSAL_NEUTRAL_DIRECT,
            (false, Position::Neutral, false) => PROPOSAL_NEUTRAL_INDIRECT,
            (true, Position::Supports, true) => CLAIM_SUPPORTS_DIRECT,
            (true, Position::Supports, false) => CLAIM_SUPPORTS_INDIRECT,
            (true, Position::Opposes, true) => CLAIM_OPPOSES_DIRECT,
            (true, Position::Opposes, false) => CLAIM_OPPOSES_INDIRECT,
            (true, Position::Neutral, true) => CLAIM_NEUTRAL_DIRECT,
            (true, Position::Neutral, false) => CLAIM_NEUTRAL_INDIRECT,
        };
        let (before, after) = templates[(statement.template % templates.len() as u64) as usize];
        let start = line.len();
        line.extend_from_slice(before.as_bytes());
        self.push_phrase(line, statement.target);
        line.extend_from_slice(after.as_bytes());
        if statement.direct
            && let Some(first) = line.get_mut(start)
        {
            first.make_ascii_uppercase();
        }
        line.extend_from_slice(if statement.direct {
            b"\",\"mode\":\"direct\",\"source\":\"d"
        } else {
            b"\",\"mode\":\"indirect\",\"source\":\"d"
        });
        push_u64(line, source.index + 1);
        line.extend_from_slice(b"\",\"date\":\"");
        line.extend_from_slice(&date);
        line.extend_from_slice(b"\"}");
    }

    fn write_stance(
        &self,
        line: &mut Vec<u8>,
        id: u64,
        source: &Source,
        statement: &Statement,
        date: [u8; 10],
    ) {
        line.extend_from_slice(b"{\"type\":\"stance\",\"id\":\"s");
        push_u64(line, id);
        line.extend_from_slice(b"\",\"holder\":\"a");
        push_u64(line, u64::from(statement.holder) + 1);
        line.extend_from_slice(b"\",\"target\":\"");
        self.push_target_id(line, statement.target);
        line.extend_from_slice(match statement.position {
            Position::Supports => b"\",\"position\":\"supports\"",
            Position::Opposes => b"\",\"position\":\"opposes\"",
            Position::Neutral => b"\",\"position\":\"neutral\"",
        });
        if self.config.intensities {
            line.extend_from_slice(b",\"intensity\":");
            push_intensity(line, statement.intensity);
        }
        line.extend_from_slice(b",\"evidence\":[{\"quote\":\"q");
        push_u64(line, id);
        line.extend_from_slice(b"\",\"source\":\"d");
        push_u64(line, source.index + 1);
        line.extend_from_slice(b"\"}],\"as_of\":\"");
        line.extend_from_slice(&date);
        line.extend_from_slice(b"\"}");
    }

    fn is_claim(&self, target: u32) -> bool {
        target as usize >= self.proposals
    }

    fn push_target_id(&self, line: &mut Vec<u8>, target: u32) {
        let target = target as usize;
        if target < self.proposals {
            line.push(b'p');
            push_u64(line, target as u64 + 1);
        } else {
            line.push(b'c');
            push_u64(line, (target - self.proposals) as u64 + 1);
        }
    }

    /// How a quote or a title names a target: `plan 12`, `point 2 of plan 7`,
    /// or a claim's proposition.
    fn push_phrase(&self, line: &mut Vec<u8>, i: u32) {
        let Some(target) = self.targets.get(i as usize) else {
            return;
        };
        if self.is_claim(i) {
            line.extend_from_slice(CLAIM_SUBJECTS[usize::from(target.topic)].0.as_bytes());
            line.push(b' ');
            line.extend_from_slice(CLAIM_PREDICATES[usize::from(target.predicate)].as_bytes());
        } else if target.is_point() {
            line.extend_from_slice(b"point ");
            push_u64(line, u64::from(target.label));
            line.extend_from_slice(b" of plan ");
            push_u64(line, u64::from(target.parent) + 1);
        } else {
            line.extend_from_slice(b"plan ");
            push_u64(line, u64::from(i) + 1);
        }
    }
}

fn push_u64(line: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    line.extend_from_slice(&digits[at..]);
}

/// Writes `twentieths / 20` as the shortest decimal that reads back as the
/// same float, as the claimgraph writer does: `0.0`, `0.05`, `-0.4`, `1.0`.
fn push_intensity(line: &mut Vec<u8>, twentieths: i8) {
    if twentieths < 0 {
        line.push(b'-');
    }
    let hundredths = u64::from(twentieths.unsigned_abs()) * 5;
    if hundredths >= 100 {
        line.extend_from_slice(b"1.0");
    } else if hundredths.is_multiple_of(10) {
        line.extend_from_slice(b"0.");
        push_u64(line, hundredths / 10);
    } else {
        line.extend_from_slice(if hundredths < 10 { b"0.0" } else { b"0." });
        push_u64(line, hundredths);
    }
}

/// Writes a made-up word, different for every `n`: two or more syllables,
/// the first letter upper case.
fn push_word(line: &mut Vec<u8>, n: u64) {
    let base = SYLLABLES.len() as u64;
    // The digits of n + base + 1 in bijective base-16 numeration: every n its
    // own digits, at least two of them. Each syllable is its digit turned by
    // the digit before it, so that neighbouring numbers differ throughout and
    // the word still tells its digits apart.
    let mut rest = n + base + 1;
    let mut previous = 0;
    let start = line.len();
    while rest > 0 {
        rest -= 1;
        let digit = rest % base;
        line.extend_from_slice(SYLLABLES[((digit + 5 * previous + 3) % base) as usize]);
        previous = digit;
        rest /= base;
    }
    line[start] = line[start].to_ascii_uppercase();
}

const SYLLABLES: &[&[u8]] = &[
    b"ka", b"lo", b"mi", b"ren", b"vo", b"sa", b"del", b"ur", b"bi", b"nor", b"tas", b"el", b"fi",
    b"gor", b"han", b"zu",
];

const GIVEN_NAMES: &[&[u8]] = &[
    b"Anna", b"Boris", b"Clara", b"David", b"Elena", b"Farid", b"Greta", b"Hugo", b"Irina",
    b"Jonas", b"Katya", b"Luis", b"Maya", b"Nikolai", b"Olga", b"Pavel", b"Rosa", b"Stefan",
    b"Tara", b"Umar", b"Vera", b"Willem", b"Yusuf", b"Zofia",
];

const ORGANISATIONS: &[&[u8]] = &[
    b" Council",
    b" Institute",
    b" Union",
    b" Forum",
    b" Alliance",
];

const PUBLISHERS: &[&str] = &[
    "The Daily Ledger",
    "Morning Courier",
    "Capital Herald",
    "Northern Post",
    "Global Wire",
    "Evening Review",
    "The Observer Times",
    "Harbour News",
];

/// Proposal topics: the vocabulary value and the word a title starts with.
const TOPICS: &[(&str, &str)] = &[
    ("territory", "Territory"),
    ("military", "Military"),
    ("security_guarantees", "Security guarantees"),
    ("sanctions", "Sanctions"),
    ("assets", "Assets"),
    ("governance", "Governance"),
    ("humanitarian", "Humanitarian"),
    ("economy", "Economy"),
    ("energy", "Energy"),
    ("justice", "Justice"),
    ("diplomacy", "Diplomacy"),
];

/// What claims are about, and the topic that makes them.
const CLAIM_SUBJECTS: &[(&str, &str)] = &[
    ("sanctions", "sanctions"),
    ("tariffs", "economy"),
    ("the talks", "diplomacy"),
    ("border checks", "territory"),
    ("subsidies", "energy"),
    ("aid convoys", "humanitarian"),
    ("troop cuts", "military"),
    ("asset freezes", "assets"),
    ("the reforms", "governance"),
    ("the courts", "justice"),
    ("trade deals", "economy"),
    ("guarantees", "security_guarantees"),
    ("price caps", "energy"),
    ("grain exports", "economy"),
    ("prison swaps", "humanitarian"),
    ("arms sales", "military"),
];

const CLAIM_PREDICATES: &[&str] = &[
    "work",
    "have failed",
    "help growth",
    "hurt workers",
    "save lives",
    "cost too much",
    "break the law",
    "will end the war",
    "prolong the war",
    "make us safer",
    "are overdue",
    "help the rich",
    "will last",
    "will fail",
    "distract us",
    "weaken the state",
];

/// Text around a target's phrase.
type Template = (&'static str, &'static str);

const PROPOSAL_TITLES: &[Template] = &[
    ("Row over ", ""),
    ("New push for ", ""),
    ("Leaders split on ", ""),
    ("What ", " would change"),
];
const CLAIM_TITLES: &[Template] = &[
    ("Debate over whether ", ""),
    ("Is it true that ", "?"),
    ("Dispute over claims that ", ""),
];

// Quotes are kept short: at a million statements every byte counts.
const PROPOSAL_SUPPORTS_DIRECT: &[Template] =
    &[("We support ", ""), ("We back ", ""), ("Yes to ", "")];
const PROPOSAL_SUPPORTS_INDIRECT: &[Template] = &[("they back ", ""), ("they favour ", "")];
const PROPOSAL_OPPOSES_DIRECT: &[Template] =
    &[("We reject ", ""), ("We oppose ", ""), ("No to ", "")];
const PROPOSAL_OPPOSES_INDIRECT: &[Template] = &[("they reject ", ""), ("they oppose ", "")];
const PROPOSAL_NEUTRAL_DIRECT: &[Template] = &[("We are studying ", "")];
const PROPOSAL_NEUTRAL_INDIRECT: &[Template] = &[("they are undecided on ", "")];
const CLAIM_SUPPORTS_DIRECT: &[Template] = &[("", ""), ("Clearly ", "")];
const CLAIM_SUPPORTS_INDIRECT: &[Template] = &[("", "")];
const CLAIM_OPPOSES_DIRECT: &[Template] = &[("A myth: ", ""), ("Nonsense: ", "")];
const CLAIM_OPPOSES_INDIRECT: &[Template] = &[("not true that ", "")];
const CLAIM_NEUTRAL_DIRECT: &[Template] = &[("Perhaps ", "")];
const CLAIM_NEUTRAL_INDIRECT: &[Template] = &[("perhaps ", "")];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intensities_are_written_as_the_claimgraph_writer_writes_them() {
        for k in -20..=20i8 {
            let mut line = Vec::new();
            push_intensity(&mut line, k);
            let text = String::from_utf8(line).unwrap();
            let value = f64::from(k) / 20.0;
            assert_eq!(text, serde_json::to_string(&value).unwrap(), "{k}/20");
            assert_eq!(text.parse::<f64>().unwrap(), value);
        }
    }

    #[test]
    fn ln_and_exp_are_close_to_the_platform_ones() {
        for x in [1.0, 1.5, 2.0, 3.0, 10.0, 1000.0, 12345.0, 1e7] {
            assert!((ln(x) - x.ln()).abs() < 1e-12 * x.ln().max(1.0), "ln {x}");
        }
        for y in [0.0f64, -0.3, -1.0, -5.5, -20.0, -161.0] {
            let want = y.exp();
            assert!((exp(y) - want).abs() <= 1e-13 * want, "exp {y}");
        }
        assert_eq!(exp(-1e6), 0.0);
    }

    #[test]
    fn words_differ_for_every_number() {
        let mut seen = std::collections::BTreeSet::new();
        for n in 0..5000 {
            let mut word = Vec::new();
            push_word(&mut word, n);
            assert!(word[0].is_ascii_uppercase());
            assert!(seen.insert(word), "{n}");
        }
    }

    #[test]
    fn zipf_draws_follow_the_ranks() {
        let mut rng = Rng::new(1);
        let zipf = Zipf::ranked((0..10).collect(), 1.0);
        let mut counts = [0u32; 10];
        for _ in 0..100_000 {
            counts[zipf.sample(&mut rng) as usize] += 1;
        }
        // Rank 1 has weight 1, rank 10 weight 1/10, of a total of H(10) = 2.93.
        assert!((33_000..35_300).contains(&counts[0]), "{counts:?}");
        assert!((3_100..3_700).contains(&counts[9]), "{counts:?}");
        let uniform = Zipf::ranked((0..4).collect(), 0.0);
        assert_eq!(uniform.cdf, [ONE / 4, ONE / 2, 3 * ONE / 4, ONE]);
    }

    #[test]
    fn below_stays_below() {
        let mut rng = Rng::new(9);
        assert_eq!(rng.below(0), 0);
        assert!((0..1000).all(|_| rng.below(7) < 7));
    }
}
