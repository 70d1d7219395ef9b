//! Every query on small datasets made by hand. Each expected answer is worked
//! out in the comments from the records above it.

use claimgraph_core::{
    Actor, ActorId, ActorKind, Affiliation, AffiliationKind, Concession, ConcessionId, Dataset,
    DatasetBuilder, Evidence, Modality, Position, Proposal, ProposalId, Quote, QuoteId, QuoteMode,
    RecordType, Relation, RelationId, RelationKind, SourceId, SourceKind, Stance, StanceId, Topic,
    When,
};
use claimgraph_graph::{
    Attribution, Balance, ClaimGraph, EdgeKind, GraphError, Holding, Query, Timeline,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

use Position::{Mixed, Neutral, NoComment, Opposes, Supports};

fn person(b: &mut DatasetBuilder, id: &str) -> ActorId {
    b.actor(id, &id.to_uppercase(), ActorKind::Person).id()
}

/// (actor, position) for each holding, in the order given.
fn table(hs: &[Holding]) -> Vec<(&str, Position)> {
    hs.iter().map(|h| (h.actor.as_str(), h.position)).collect()
}

fn actors(hs: &[Holding]) -> Vec<&str> {
    hs.iter().map(|h| h.actor.as_str()).collect()
}

/// The stance ids behind one actor's holding.
fn basis<'h>(hs: &'h [Holding], actor: &str) -> Vec<&'h str> {
    hs.iter()
        .find(|h| h.actor.as_str() == actor)
        .map(|h| {
            h.basis
                .iter()
                .map(|b| b.stance.as_ref().map_or("(inferred)", |s| s.as_str()))
                .collect()
        })
        .unwrap_or_default()
}

fn day(s: &str) -> When {
    When::parse(s).expect("a valid test date")
}

fn dated(
    kind: AffiliationKind,
    of: &ActorId,
    from: Option<&str>,
    until: Option<&str>,
) -> Affiliation {
    let mut af = Affiliation::new(of.clone(), kind);
    af.from = from.map(day);
    af.until = until.map(day);
    af
}

// --- positions and the five position queries ------------------------------------

#[test]
fn positions_sort_every_actor_into_its_position() -> TestResult {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Article").published("2025-11-20").id();
    let plan = b.proposal("plan", "Plan").id();
    let who: Vec<ActorId> = ["a", "b", "c", "d", "e", "f", "g"]
        .iter()
        .map(|id| person(&mut b, id))
        .collect();
    let [a, bb, c, d, e, f, g] = who.as_slice() else {
        unreachable!()
    };
    b.stance("s-a", a, &plan, Supports).source(&src);
    b.stance("s-b", bb, &plan, Opposes).source(&src);
    b.stance("s-c", c, &plan, Neutral).source(&src);
    b.stance("s-d", d, &plan, NoComment).source(&src);
    b.stance("s-e", e, &plan, Mixed).source(&src);
    // f: two stances on the same day that disagree.
    b.stance("s-f1", f, &plan, Supports).source(&src);
    b.stance("s-f2", f, &plan, Opposes).source(&src);
    // g: declined to comment and opposed on the same day.
    b.stance("s-g1", g, &plan, NoComment).source(&src);
    b.stance("s-g2", g, &plan, Opposes).source(&src);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let q = Query::new();

    let all = graph.positions("plan", &q)?;
    // a S, b O, c neutral, d no comment, e mixed; f's two stances disagree:
    // mixed, both kept; g's no comment gives way to its opposition.
    assert_eq!(
        table(&all),
        [
            ("a", Supports),
            ("b", Opposes),
            ("c", Neutral),
            ("d", NoComment),
            ("e", Mixed),
            ("f", Mixed),
            ("g", Opposes),
        ]
    );
    assert_eq!(basis(&all, "f"), ["s-f1", "s-f2"]);
    assert_eq!(basis(&all, "g"), ["s-g2"]);
    assert_eq!(actors(&graph.supporters("plan", &q)?), ["a"]);
    assert_eq!(actors(&graph.opponents("plan", &q)?), ["b", "g"]);
    assert_eq!(actors(&graph.neutral("plan", &q)?), ["c"]);
    assert_eq!(actors(&graph.no_comment("plan", &q)?), ["d"]);
    assert_eq!(actors(&graph.mixed("plan", &q)?), ["e", "f"]);
    assert!(all.iter().all(|h| !h.is_rolled_up()));

    // Every basis entry names its stance's holder, target, position and date.
    let f_basis = &all[5].basis;
    assert_eq!(f_basis[0].holder.as_str(), "f");
    assert_eq!(f_basis[0].target.as_str(), "plan");
    assert_eq!(f_basis[0].position, Supports);
    assert_eq!(f_basis[1].position, Opposes);
    assert_eq!(f_basis[0].date, Some(day("2025-11-20")));

    assert_eq!(
        graph.positions("nothing", &q),
        Err(GraphError::UnknownRecord {
            query: "nothing".into()
        })
    );
    // A record no stance is on has no positions.
    assert_eq!(graph.positions("src", &q)?, []);
    Ok(())
}

#[test]
fn negated_support_or_opposition_counts_as_neutral() -> TestResult {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Article").published("2025-11-20").id();
    let plan = b.proposal("plan", "Plan").id();
    let (a, bb, c, d) = (
        person(&mut b, "a"),
        person(&mut b, "b"),
        person(&mut b, "c"),
        person(&mut b, "d"),
    );
    // a "does not support", b "does not oppose": neither takes a side.
    b.stance("s-a", &a, &plan, Supports)
        .modality(Modality::Negated)
        .source(&src);
    b.stance("s-b", &bb, &plan, Opposes)
        .modality(Modality::Negated)
        .source(&src);
    // c "will support", d "would oppose": the announced side counts.
    b.stance("s-c", &c, &plan, Supports)
        .modality(Modality::Future)
        .source(&src);
    b.stance("s-d", &d, &plan, Opposes)
        .modality(Modality::Hypothetical)
        .source(&src);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let q = Query::new();
    assert_eq!(
        table(&graph.positions("plan", &q)?),
        [
            ("a", Neutral),
            ("b", Neutral),
            ("c", Supports),
            ("d", Opposes)
        ]
    );
    assert_eq!(actors(&graph.neutral("plan", &q)?), ["a", "b"]);
    assert_eq!(actors(&graph.supporters("plan", &q)?), ["c"]);
    let why = graph.why("a", "plan", &q)?;
    assert_eq!(why.position, Some(Neutral));
    assert_eq!(why.chains[0].position, Neutral);
    assert_eq!(why.chains[0].modality, Some(Modality::Negated));
    Ok(())
}

// --- as of a date ------------------------------------------------------------------

fn dated_dataset() -> Dataset {
    let mut b = DatasetBuilder::new();
    let early = b.source("early", "Early").published("2025-11-01").id();
    let late = b.source("late", "Late").published("2025-11-20").id();
    let undated = b.source("undated", "Undated").id();
    let plan = b.proposal("plan", "Plan").id();
    let (a, m, p, q, r, u) = (
        person(&mut b, "a"),
        person(&mut b, "m"),
        person(&mut b, "p"),
        person(&mut b, "q"),
        person(&mut b, "r"),
        person(&mut b, "u"),
    );
    // a changes from support (11-01) to opposition (11-20).
    b.stance("s-a1", &a, &plan, Supports)
        .as_of("2025-11-01")
        .source(&early);
    b.stance("s-a2", &a, &plan, Opposes)
        .as_of("2025-11-20")
        .source(&late);
    // u: undated (no as_of, evidence without a date).
    b.stance("s-u", &u, &plan, Supports).source(&undated);
    // q: no as_of; dated 11-15 by its quote.
    let quote = b
        .quote("quote-q", &q, &late, QuoteMode::Direct, "No.")
        .date("2025-11-15")
        .id();
    b.stance("s-q", &q, &plan, Opposes).quote(&quote);
    // p: no as_of; dated 11-20 by its source's publication.
    b.stance("s-p", &p, &plan, Neutral).source(&late);
    // m: opposes on 11-01 (by its source) and, undated, supports.
    b.stance("s-m1", &m, &plan, Opposes).source(&early);
    b.stance("s-m2", &m, &plan, Supports).source(&undated);
    // r: supports on 11-01, declines to comment on 11-20, opposes on 11-25.
    b.stance("s-r1", &r, &plan, Supports)
        .as_of("2025-11-01")
        .source(&early);
    b.stance("s-r2", &r, &plan, NoComment)
        .as_of("2025-11-20")
        .source(&late);
    b.stance("s-r3", &r, &plan, Opposes)
        .as_of("2025-11-25")
        .source(&late);
    b.build().expect("the dated dataset is valid")
}

#[test]
fn as_of_counts_the_latest_stances_on_or_before_the_day() -> TestResult {
    let ds = dated_dataset();
    let graph = ClaimGraph::new(&ds);
    let at = |d: &str| Query::new().as_of(day(d));

    // 10-01: only undated stances count: u S, m S (s-m2).
    let hs = graph.positions("plan", &at("2025-10-01"))?;
    assert_eq!(table(&hs), [("m", Supports), ("u", Supports)]);
    assert_eq!(basis(&hs, "m"), ["s-m2"]);

    // 11-10: a S (s-a1); m's 11-01 opposition with its undated support: mixed;
    // r S; q (11-15) and p (11-20) not yet.
    let hs = graph.positions("plan", &at("2025-11-10"))?;
    assert_eq!(
        table(&hs),
        [
            ("a", Supports),
            ("m", Mixed),
            ("r", Supports),
            ("u", Supports)
        ]
    );
    assert_eq!(basis(&hs, "a"), ["s-a1"]);
    assert_eq!(basis(&hs, "m"), ["s-m1", "s-m2"]);

    // 11-15: q's quote is dated 11-15, so q now counts.
    let hs = graph.positions("plan", &at("2025-11-15"))?;
    assert_eq!(
        table(&hs),
        [
            ("a", Supports),
            ("m", Mixed),
            ("q", Opposes),
            ("r", Supports),
            ("u", Supports)
        ]
    );
    assert_eq!(
        hs[2].basis[0].date,
        Some(day("2025-11-15")),
        "dated by its quote"
    );

    // 11-20: a's later opposition replaces its support (a change, not a mix);
    // p dated by publication; r declined to comment, which does not undo its support.
    let hs = graph.positions("plan", &at("2025-11-20"))?;
    assert_eq!(
        table(&hs),
        [
            ("a", Opposes),
            ("m", Mixed),
            ("p", Neutral),
            ("q", Opposes),
            ("r", Supports),
            ("u", Supports)
        ]
    );
    assert_eq!(basis(&hs, "a"), ["s-a2"]);
    assert_eq!(basis(&hs, "r"), ["s-r1"]);
    assert_eq!(hs[2].basis[0].date, Some(day("2025-11-20")));
    assert_eq!(hs[5].basis[0].date, None, "u is undated");

    // No limit: r's opposition of 11-25 is its latest position.
    let hs = graph.positions("plan", &Query::new())?;
    assert_eq!(basis(&hs, "r"), ["s-r3"]);
    assert_eq!(hs[4].position, Opposes);

    // A date-time limits by its own calendar day.
    let evening = Query::new().as_of(day("2025-11-15T23:30:00-05:00"));
    assert_eq!(evening.as_of, Some(day("2025-11-15").date()));
    assert!("15 Nov".parse::<When>().is_err());
    Ok(())
}

#[test]
fn stances_of_lists_an_actors_stances_by_date_then_target_then_id() -> TestResult {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Article").id();
    let a = person(&mut b, "a");
    let t: Vec<_> = ["t0", "t1", "t2"]
        .iter()
        .map(|id| b.claim(id, id).id())
        .collect();
    b.stance("s-4", &a, &t[1], Supports)
        .as_of("2025-11-20")
        .source(&src);
    b.stance("s-3", &a, &t[0], Opposes)
        .as_of("2025-11-20")
        .source(&src);
    b.stance("s-2", &a, &t[1], Opposes)
        .as_of("2025-11-01")
        .source(&src);
    b.stance("s-1", &a, &t[2], Neutral).source(&src);
    b.stance("s-0", &a, &t[0], Supports)
        .as_of("2025-11-20")
        .source(&src);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let ids = |q: &Query| -> Result<Vec<String>, GraphError> {
        Ok(graph
            .stances_of("a", q)?
            .iter()
            .map(|s| s.id.to_string())
            .collect())
    };
    // undated first; then 11-01; then 11-20 on t0 (s-0, s-3), then 11-20 on t1.
    assert_eq!(ids(&Query::new())?, ["s-1", "s-2", "s-0", "s-3", "s-4"]);
    assert_eq!(ids(&Query::new().as_of(day("2025-11-10")))?, ["s-1", "s-2"]);
    assert!(matches!(
        graph.stances_of("t0", &Query::new()),
        Err(GraphError::WrongKind {
            found: RecordType::Claim,
            expected: RecordType::Actor,
            ..
        })
    ));
    assert!(matches!(
        graph.stances_of("z", &Query::new()),
        Err(GraphError::UnknownRecord { .. })
    ));
    Ok(())
}

// --- timeline ----------------------------------------------------------------------

#[test]
fn timeline_lists_each_day_and_each_change_of_position() -> TestResult {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Article").id();
    let a = person(&mut b, "a");
    let plan = b.proposal("plan", "Plan").id();
    let p1 = b.point("plan/p1", &plan, "1", "Point one").id();
    b.stance("s0", &a, &plan, Neutral).source(&src);
    b.stance("s1", &a, &plan, Supports)
        .as_of("2025-11-01")
        .source(&src);
    b.stance("s2", &a, &plan, Supports)
        .as_of("2025-11-10")
        .source(&src);
    b.stance("s3", &a, &plan, Opposes)
        .as_of("2025-11-15")
        .source(&src);
    b.stance("s4", &a, &plan, Supports)
        .as_of("2025-11-15")
        .source(&src);
    b.stance("s5", &a, &plan, Opposes)
        .as_of("2025-11-20")
        .source(&src);
    b.stance("s6", &a, &p1, Supports)
        .as_of("2025-11-18")
        .source(&src);
    b.stance("s7", &a, &plan, NoComment)
        .as_of("2025-11-22")
        .source(&src);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);

    let entries = |t: &Timeline| -> Vec<(Option<String>, Position, Vec<String>)> {
        t.entries
            .iter()
            .map(|e| {
                (
                    e.date.map(|d| d.to_string()),
                    e.position,
                    e.basis
                        .iter()
                        .map(|b| {
                            b.stance
                                .as_ref()
                                .map_or("(inferred)".to_owned(), |s| s.to_string())
                        })
                        .collect(),
                )
            })
            .collect()
    };
    let changes = |t: &Timeline| -> Vec<(String, Position, Position)> {
        t.changes
            .iter()
            .map(|c| (c.date.to_string(), c.from, c.to))
            .collect()
    };
    let s = |x: &str| Some(x.to_owned());
    let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();

    // Undated first; 11-15 holds both sides: mixed; 11-22 only no comment,
    // which is a change too: a return to silence.
    let t = graph.timeline("a", "plan", &Query::new())?;
    assert_eq!(t.actor.as_str(), "a");
    assert_eq!(t.target.as_str(), "plan");
    assert_eq!(
        entries(&t),
        [
            (None, Neutral, v(&["s0"])),
            (s("2025-11-01"), Supports, v(&["s1"])),
            (s("2025-11-10"), Supports, v(&["s2"])),
            (s("2025-11-15"), Mixed, v(&["s3", "s4"])),
            (s("2025-11-20"), Opposes, v(&["s5"])),
            (s("2025-11-22"), NoComment, v(&["s7"])),
        ]
    );
    assert_eq!(
        changes(&t),
        [
            ("2025-11-15".to_owned(), Supports, Mixed),
            ("2025-11-20".to_owned(), Mixed, Opposes),
            ("2025-11-22".to_owned(), Opposes, NoComment),
        ]
    );

    let t = graph.timeline("a", "plan", &Query::new().as_of(day("2025-11-12")))?;
    assert_eq!(t.entries.len(), 3);
    assert_eq!(changes(&t), []);

    // With its points, the point stance of 11-18 joins the record.
    let t = graph.timeline("a", "plan", &Query::new().roll_up_points(true))?;
    assert_eq!(
        changes(&t),
        [
            ("2025-11-15".to_owned(), Supports, Mixed),
            ("2025-11-18".to_owned(), Mixed, Supports),
            ("2025-11-20".to_owned(), Supports, Opposes),
            ("2025-11-22".to_owned(), Opposes, NoComment),
        ]
    );
    assert!(t.rolled_up_points && !t.rolled_up_members);

    // As of 11-22, declining to comment leaves the opposition of 11-20 in
    // place (with the undated neutral stance: mixed).
    let hs = graph.positions("plan", &Query::new().as_of(day("2025-11-22")))?;
    assert_eq!(table(&hs), [("a", Mixed)]);
    assert_eq!(basis(&hs, "a"), ["s0", "s5"]);

    assert!(graph.timeline("plan", "plan", &Query::new()).is_err());
    assert!(graph.timeline("a", "nothing", &Query::new()).is_err());
    Ok(())
}

// --- roll-up through membership ------------------------------------------------------

#[test]
fn roll_up_gives_an_organisation_the_positions_of_those_tied_to_it() -> TestResult {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Article").published("2025-11-20").id();
    let eu = b
        .actor("eu", "European Union", ActorKind::Organisation)
        .id();
    let kallas = b
        .actor("kallas", "Kaja Kallas", ActorKind::Person)
        .role(&eu, "foreign policy chief")
        .id();
    let ukraine = b.actor("ukraine", "Ukraine", ActorKind::State).id();
    let zelensky = b
        .actor("zelensky", "Volodymyr Zelensky", ActorKind::Person)
        .role(&ukraine, "President")
        .id();
    let plan = b.proposal("plan", "Plan").id();
    b.stance("s-kallas", &kallas, &plan, Opposes).source(&src);
    // Ukraine has a stance of its own; Zelensky's differs.
    b.stance("s-ukraine", &ukraine, &plan, Opposes).source(&src);
    b.stance("s-zelensky", &zelensky, &plan, Supports)
        .source(&src);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);

    // Off: only the actors' own stances.
    let hs = graph.positions("plan", &Query::new())?;
    assert_eq!(
        table(&hs),
        [
            ("kallas", Opposes),
            ("ukraine", Opposes),
            ("zelensky", Supports)
        ]
    );

    // On: the EU holds Kallas's opposition, marked as rolled up; Ukraine keeps
    // its own position, not mixed with Zelensky's.
    let q = Query::new().roll_up_members(true);
    let hs = graph.positions("plan", &q)?;
    assert_eq!(
        table(&hs),
        [
            ("eu", Opposes),
            ("kallas", Opposes),
            ("ukraine", Opposes),
            ("zelensky", Supports)
        ]
    );
    assert!(hs[0].is_rolled_up());
    assert_eq!(hs[0].basis[0].holder.as_str(), "kallas");
    assert_eq!(basis(&hs, "eu"), ["s-kallas"]);
    assert!(!hs[2].is_rolled_up());
    assert_eq!(basis(&hs, "ukraine"), ["s-ukraine"]);
    assert_eq!(
        actors(&graph.opponents("plan", &q)?),
        ["eu", "kallas", "ukraine"]
    );
    Ok(())
}

#[test]
fn roll_up_follows_ties_transitively_and_stops_at_an_actor_with_its_own_position() -> TestResult {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Article").published("2025-11-20").id();
    let eu = b
        .actor("eu", "European Union", ActorKind::Organisation)
        .id();
    // A ministry of France: an organ, which speaks for its principal.
    let france = b
        .actor("france", "France", ActorKind::State)
        .member_of(&eu)
        .id();
    let ministry = b
        .actor(
            "quai-d-orsay",
            "French foreign ministry",
            ActorKind::Government,
        )
        .part_of(&france)
        .id();
    let barrot = b
        .actor("barrot", "Jean-Noel Barrot", ActorKind::Person)
        .role(&france, "Foreign Minister")
        .id();
    let plan = b.proposal("plan", "Plan").id();
    let other = b.proposal("other", "Other plan").id();
    // On `plan` France has a position of its own; on `other` only Barrot has one.
    b.stance("s-france", &france, &plan, Supports).source(&src);
    b.stance("s-barrot", &barrot, &plan, Opposes).source(&src);
    b.stance("s-barrot-other", &barrot, &other, Opposes)
        .source(&src);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let q = Query::new().roll_up_members(true);

    // barrot -> france -> eu: both France and the EU hold Barrot's position.
    // barrot -> france carries (an office); france -> eu does not (a member
    // state speaks for itself, not for its union).
    let hs = graph.positions("other", &q)?;
    assert_eq!(table(&hs), [("barrot", Opposes), ("france", Opposes)]);
    assert_eq!(basis(&hs, "france"), ["s-barrot-other"]);
    let via: Vec<String> = hs[1].basis[0].via.iter().map(|t| t.to_string()).collect();
    assert_eq!(via, ["barrot (role: Foreign Minister) -> france"]);

    // France speaks for itself: Barrot's opposition does not mix in, and
    // nothing reaches the EU.
    let hs = graph.positions("plan", &q)?;
    assert_eq!(table(&hs), [("barrot", Opposes), ("france", Supports)]);
    assert_eq!(basis(&hs, "france"), ["s-france"]);
    // A ministry's position reaches France through the organ tie.
    let _ = ministry;
    Ok(())
}

/// A spokesperson's office in a ministry, up a chain of organs to the state:
/// o0 (spokesperson) -> o1 (part) -> o2 -> ... -> o7, seven ties, and o0
/// opposes the plan. Each of o1..o7 holds o0's position through the ties
/// below it; a path of up to five ties is shown whole, a longer one by its
/// first two and last two ties and the number between: o6 (6 ties) leaves
/// out 2, o7 (7 ties) leaves out 3. `why` gives every tie.
#[test]
fn a_long_path_of_ties_is_shown_by_its_ends_and_why_gives_it_whole() -> TestResult {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Article").id();
    b.actor("o0", "Spokesperson", ActorKind::Person)
        .spokesperson_for("o1", "press officer");
    for i in 1..=7 {
        let organ = b.actor(
            &format!("o{i}"),
            &format!("Organ {i}"),
            ActorKind::Government,
        );
        if i < 7 {
            organ.part_of(format!("o{}", i + 1));
        }
    }
    let plan = b.proposal("plan", "Plan").id();
    b.stance("s", "o0", &plan, Opposes).source(&src);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let q = Query::new().roll_up_members(true);
    let hs = graph.positions("plan", &q)?;
    assert_eq!(
        actors(&hs),
        ["o0", "o1", "o2", "o3", "o4", "o5", "o6", "o7"]
    );
    let tie = |i: usize| {
        if i == 0 {
            "o0 (spokesperson: press officer) -> o1".to_owned()
        } else {
            format!("o{i} (part) -> o{}", i + 1)
        }
    };
    for (n, h) in hs.iter().enumerate() {
        let via = &h.basis[0].via;
        assert_eq!(via.len(), n, "{}", h.actor);
        assert_eq!(
            via.first().map(ToString::to_string),
            (n > 0).then(|| tie(0))
        );
        assert_eq!(via.get(1).map(ToString::to_string), (n > 1).then(|| tie(1)));
        assert_eq!(via.get(n.saturating_sub(1)), via.last());
        let s = via.summary();
        let first: Vec<String> = s.first.iter().map(|t| t.to_string()).collect();
        let last: Vec<String> = s.last.iter().map(|t| t.to_string()).collect();
        if n <= 5 {
            assert_eq!(first, (0..n).map(tie).collect::<Vec<_>>());
            assert_eq!((s.omitted, last.len()), (0, 0));
        } else {
            assert_eq!(first, [tie(0), tie(1)]);
            assert_eq!(s.omitted, n - 4);
            assert_eq!(last, [tie(n - 2), tie(n - 1)]);
        }
    }
    // The answer's JSON: o5's path whole, o7's by its ends.
    let json = serde_json::to_value(&hs)?;
    let to = |h: usize| -> Vec<String> {
        json[h]["basis"][0]["via"]
            .as_array()
            .map(|ties| ties.iter().map(|t| t["to"].to_string()).collect())
            .unwrap_or_default()
    };
    assert_eq!(to(5), ["\"o1\"", "\"o2\"", "\"o3\"", "\"o4\"", "\"o5\""]);
    assert_eq!(json[5]["basis"][0].get("via_omitted"), None);
    assert_eq!(to(7), ["\"o1\"", "\"o2\"", "\"o6\"", "\"o7\""]);
    assert_eq!(json[7]["basis"][0]["via_omitted"], 3);
    assert_eq!(json[0]["basis"][0].get("via"), None);
    // `why` names every tie, for one actor.
    let why = graph.why("o7", "plan", &q)?;
    assert_eq!(why.position, Some(Opposes));
    let whole: Vec<String> = why.chains[0].via.iter().map(|t| t.to_string()).collect();
    assert_eq!(whole, (0..7).map(tie).collect::<Vec<_>>());
    let json = serde_json::to_value(&why)?;
    assert_eq!(json["chains"][0]["via"].as_array().map(Vec::len), Some(7));
    assert_eq!(why.chains[0].via.get(4).map(|t| t.to.as_str()), Some("o5"));
    assert_eq!(why.chains[0].via.get(7), None);
    Ok(())
}

#[test]
fn roll_up_respects_the_dates_of_ties() -> TestResult {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Article").id();
    let eu = b
        .actor("eu", "European Union", ActorKind::Organisation)
        .id();
    let borrell = b
        .actor("borrell", "Josep Borrell", ActorKind::Person)
        .affiliation(dated(
            AffiliationKind::Role,
            &eu,
            Some("2019-12-01"),
            Some("2024-11-30"),
        ))
        .id();
    let kallas = b
        .actor("kallas", "Kaja Kallas", ActorKind::Person)
        .affiliation(dated(AffiliationKind::Role, &eu, Some("2024-12-01"), None))
        .id();
    let plan = b.proposal("plan", "Plan").id();
    let claim = b.claim("claim", "A claim").id();
    b.stance("s-borrell", &borrell, &plan, Supports)
        .as_of("2024-06-01")
        .source(&src);
    b.stance("s-kallas", &kallas, &plan, Opposes)
        .as_of("2025-11-20")
        .source(&src);
    // Said before Kallas held office in the EU.
    b.stance("s-kallas-claim", &kallas, &claim, Supports)
        .as_of("2023-05-01")
        .source(&src);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let members = Query::new().roll_up_members(true);
    let eu_of = |q: &Query| -> Result<Option<(Position, Vec<String>)>, GraphError> {
        Ok(graph
            .positions("plan", q)?
            .into_iter()
            .find(|h| h.actor.as_str() == "eu")
            .map(|h| {
                (
                    h.position,
                    h.basis
                        .iter()
                        .map(|b| {
                            b.stance
                                .as_ref()
                                .map_or("(inferred)".to_owned(), |s| s.to_string())
                        })
                        .collect(),
                )
            }))
    };

    // 2024-07-01: Borrell in office and his support the latest: the EU supports.
    assert_eq!(
        eu_of(&members.clone().as_of(day("2024-07-01")))?,
        Some((Supports, vec!["s-borrell".into()]))
    );
    // 2025-11-20: Borrell's tie has ended; the EU holds Kallas's opposition only.
    assert_eq!(
        eu_of(&members.clone().as_of(day("2025-11-20")))?,
        Some((Opposes, vec!["s-kallas".into()]))
    );
    // No date limit: each stance was made in office; they disagree: mixed.
    assert_eq!(
        eu_of(&members)?,
        Some((Mixed, vec!["s-borrell".into(), "s-kallas".into()]))
    );
    // Kallas's stance of 2023 predates her tie: it is not the EU's.
    assert_eq!(
        table(&graph.positions("claim", &members)?),
        [("kallas", Supports)]
    );
    Ok(())
}

// --- roll-up through points and inheritance from the parent ------------------------

fn points_dataset() -> Dataset {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Article").published("2025-11-20").id();
    let (a, bb, c) = (
        person(&mut b, "a"),
        person(&mut b, "b"),
        person(&mut b, "c"),
    );
    let plan = b.proposal("plan", "Plan").id();
    let p1 = b.point("plan/p1", &plan, "1", "Point one").id();
    let p1a = b.point("plan/p1/a", &p1, "1(a)", "Point one (a)").id();
    let p2 = b.point("plan/p2", &plan, "2", "Point two").id();
    b.point("plan/p3", &plan, "3", "Point three");
    b.stance("s-a-plan", &a, &plan, Supports).source(&src);
    b.stance("s-a-p1", &a, &p1, Opposes).source(&src);
    b.stance("s-b-p2", &bb, &p2, Opposes).source(&src);
    b.stance("s-c-p1a", &c, &p1a, Supports).source(&src);
    b.build().expect("the points dataset is valid")
}

#[test]
fn roll_up_through_points_and_inheritance_from_the_parent() -> TestResult {
    let ds = points_dataset();
    let graph = ClaimGraph::new(&ds);
    let plain = Query::new();
    let rolled = Query::new().roll_up_points(true);
    let inherit = Query::new().inherit_from_parent(true);

    // The plan, on its own: a S.
    assert_eq!(table(&graph.positions("plan", &plain)?), [("a", Supports)]);
    // With every level of points: a S on the plan and O on p1: mixed; b's
    // opposition to p2 and c's support of p1(a) count.
    let hs = graph.positions("plan", &rolled)?;
    assert_eq!(table(&hs), [("a", Mixed), ("b", Opposes), ("c", Supports)]);
    assert_eq!(basis(&hs, "a"), ["s-a-p1", "s-a-plan"]);
    assert_eq!(hs[1].basis[0].target.as_str(), "plan/p2");

    // p1: a's own opposition; with roll-up, c's support of p1(a) too.
    assert_eq!(
        table(&graph.positions("plan/p1", &plain)?),
        [("a", Opposes)]
    );
    assert_eq!(
        table(&graph.positions("plan/p1", &rolled)?),
        [("a", Opposes), ("c", Supports)]
    );
    // Inheritance does not override a's own position on p1.
    assert_eq!(
        table(&graph.positions("plan/p1", &inherit)?),
        [("a", Opposes)]
    );

    // p2: a inherits its support of the plan.
    assert_eq!(
        table(&graph.positions("plan/p2", &plain)?),
        [("b", Opposes)]
    );
    let hs = graph.positions("plan/p2", &inherit)?;
    assert_eq!(table(&hs), [("a", Supports), ("b", Opposes)]);
    assert_eq!(hs[0].basis[0].target.as_str(), "plan");

    // p1(a): a inherits from the nearest proposal above, p1 (opposes), not the plan.
    let hs = graph.positions("plan/p1/a", &inherit)?;
    assert_eq!(table(&hs), [("a", Opposes), ("c", Supports)]);
    assert_eq!(basis(&hs, "a"), ["s-a-p1"]);
    Ok(())
}

#[test]
fn points_contested_and_unopposed() -> TestResult {
    let ds = points_dataset();
    let graph = ClaimGraph::new(&ds);
    let plain = Query::new();
    let inherit = Query::new().inherit_from_parent(true);
    type Row = (String, Vec<String>, Vec<String>);
    let summary = |q: &Query| -> Result<Vec<Row>, GraphError> {
        Ok(graph
            .points("plan", q)?
            .into_iter()
            .map(|p| {
                (
                    p.point.to_string(),
                    p.supporters.iter().map(|a| a.to_string()).collect(),
                    p.opponents.iter().map(|a| a.to_string()).collect(),
                )
            })
            .collect())
    };
    let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let point_ids = |ps: Vec<claimgraph_graph::PointSummary>| {
        ps.into_iter()
            .map(|p| p.point.to_string())
            .collect::<Vec<_>>()
    };

    // Every point, all levels, by id: p1 O a; p1(a) S c; p2 O b; p3 nobody.
    assert_eq!(
        summary(&plain)?,
        [
            ("plan/p1".into(), v(&[]), v(&["a"])),
            ("plan/p1/a".into(), v(&["c"]), v(&[])),
            ("plan/p2".into(), v(&[]), v(&["b"])),
            ("plan/p3".into(), v(&[]), v(&[])),
        ]
    );
    let p = &graph.points("plan", &plain)?[1];
    assert_eq!(p.label.as_deref(), Some("1(a)"));
    assert_eq!(p.title, "Point one (a)");
    assert_eq!(table(&p.holdings), [("c", Supports)]);
    // Nobody both supports and opposes a point; p1(a) and p3 are unopposed.
    assert_eq!(
        point_ids(graph.contested("plan", &plain)?),
        Vec::<String>::new()
    );
    assert_eq!(
        point_ids(graph.unopposed("plan", &plain)?),
        ["plan/p1/a", "plan/p3"]
    );

    // Inheriting: a opposes p1(a) (from p1) and supports p2 and p3 (from the plan).
    assert_eq!(
        summary(&inherit)?,
        [
            ("plan/p1".into(), v(&[]), v(&["a"])),
            ("plan/p1/a".into(), v(&["c"]), v(&["a"])),
            ("plan/p2".into(), v(&["a"]), v(&["b"])),
            ("plan/p3".into(), v(&["a"]), v(&[])),
        ]
    );
    assert_eq!(
        point_ids(graph.contested("plan", &inherit)?),
        ["plan/p1/a", "plan/p2"]
    );
    assert_eq!(point_ids(graph.unopposed("plan", &inherit)?), ["plan/p3"]);

    // A point's own points: p1's only point is p1(a).
    assert_eq!(point_ids(graph.points("plan/p1", &plain)?), ["plan/p1/a"]);
    assert!(matches!(
        graph.points("a", &plain),
        Err(GraphError::WrongKind { .. })
    ));
    Ok(())
}

// --- conflicts ---------------------------------------------------------------------

#[test]
fn conflicts_pair_actors_on_opposite_sides_with_the_targets() -> TestResult {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Article").published("2025-11-20").id();
    let (zed, amy, bob, cat, dan) = (
        person(&mut b, "zed"),
        person(&mut b, "amy"),
        person(&mut b, "bob"),
        person(&mut b, "cat"),
        person(&mut b, "dan"),
    );
    let plan = b.proposal("plan", "Plan").id();
    let x = b.claim("x", "A claim").id();
    b.stance("s1", &zed, &plan, Supports).source(&src);
    b.stance("s2", &amy, &plan, Opposes).source(&src);
    b.stance("s3", &bob, &plan, Opposes).source(&src);
    b.stance("s4", &cat, &plan, Neutral).source(&src);
    b.stance("s5", &dan, &plan, Mixed).source(&src);
    b.stance("s6", &zed, &x, Opposes).source(&src);
    b.stance("s7", &amy, &x, Supports).source(&src);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);

    // amy and zed split on the plan and on x; bob and zed on the plan. amy and
    // bob agree; neutral cat and mixed dan are on no side. The pair's first
    // actor is the one whose id sorts first.
    let cs = graph.conflicts(&Query::new());
    type Split<'c> = (&'c str, Position, Position);
    let got: Vec<(&str, &str, Vec<Split<'_>>)> = cs
        .iter()
        .map(|c| {
            (
                c.a.as_str(),
                c.b.as_str(),
                c.targets
                    .iter()
                    .map(|t| (t.target.as_str(), t.a, t.b))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "amy",
                "zed",
                vec![("plan", Opposes, Supports), ("x", Supports, Opposes)]
            ),
            ("bob", "zed", vec![("plan", Opposes, Supports)]),
        ]
    );
    Ok(())
}

#[test]
fn conflicts_reach_proposals_and_points_through_roll_up_and_inheritance() -> TestResult {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Article").published("2025-11-20").id();
    let (d, e, f, g) = (
        person(&mut b, "d"),
        person(&mut b, "e"),
        person(&mut b, "f"),
        person(&mut b, "g"),
    );
    // No stance on plan2 itself; d and e split over its points.
    let plan2 = b.proposal("plan2", "Plan two").id();
    let x = b.point("plan2/x", &plan2, "x", "Point x").id();
    let y = b.point("plan2/y", &plan2, "y", "Point y").id();
    b.stance("s-d", &d, &x, Opposes).source(&src);
    b.stance("s-e", &e, &y, Supports).source(&src);
    // f and g split on plan3, which has a point z no one took a stance on.
    let plan3 = b.proposal("plan3", "Plan three").id();
    b.point("plan3/z", &plan3, "z", "Point z");
    b.stance("s-f", &f, &plan3, Supports).source(&src);
    b.stance("s-g", &g, &plan3, Opposes).source(&src);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let split = |q: &Query| -> Vec<(String, String, Vec<String>)> {
        graph
            .conflicts(q)
            .into_iter()
            .map(|c| {
                (
                    c.a.to_string(),
                    c.b.to_string(),
                    c.targets.iter().map(|t| t.target.to_string()).collect(),
                )
            })
            .collect()
    };
    let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();

    assert_eq!(
        split(&Query::new()),
        [("f".into(), "g".into(), v(&["plan3"]))]
    );
    // Rolled up through points, d and e are on opposite sides of plan2.
    assert_eq!(
        split(&Query::new().roll_up_points(true)),
        [
            ("d".into(), "e".into(), v(&["plan2"])),
            ("f".into(), "g".into(), v(&["plan3"])),
        ]
    );
    // Inheriting, f and g are also on opposite sides of z.
    assert_eq!(
        split(&Query::new().inherit_from_parent(true)),
        [("f".into(), "g".into(), v(&["plan3", "plan3/z"]))]
    );
    Ok(())
}

// --- coalitions --------------------------------------------------------------------

#[test]
fn coalitions_group_actors_who_agree_more_than_they_split() -> TestResult {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Article").published("2025-11-20").id();
    let who: Vec<ActorId> = ["a", "b", "c", "d", "e", "f"]
        .iter()
        .map(|id| person(&mut b, id))
        .collect();
    let [a, bb, c, d, e, _f] = who.as_slice() else {
        unreachable!()
    };
    let t: Vec<_> = ["t1", "t2", "t3"]
        .iter()
        .map(|id| b.claim(id, id).id())
        .collect();
    for (id, holder, target, position) in [
        ("s1", a, 0, Supports),
        ("s2", a, 1, Supports),
        ("s3", bb, 0, Supports),
        ("s4", bb, 1, Opposes),
        ("s5", c, 0, Supports),
        ("s6", c, 1, Supports),
        ("s7", c, 2, Opposes),
        ("s8", d, 0, Opposes),
        ("s9", d, 2, Supports),
        ("s10", e, 2, Neutral),
    ] {
        b.stance(id, holder, &t[target], position).source(&src);
    }
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);

    // Each side of each target is led by the actor on it with a side on
    // the most targets: c (three) leads those for t1 (a, b, c) and for t2
    // (a, c); b leads those against t2, d those against t1 and for t3, c
    // those against t3 — alone. Agreements minus splits with the leader:
    //   a-c: t1 +1, t2 +1 = 2 (linked)    b-c: t1 +1, t2 -1 = 0
    // (pair by pair, a-b and b-d are 0 and -1, c-d -2: no other link
    // either way). e is neutral (on no side); f has no position and is in
    // no coalition.
    let cs = graph.coalitions(&Query::new());
    let members: Vec<Vec<&str>> = cs
        .iter()
        .map(|c| c.members.iter().map(|m| m.as_str()).collect())
        .collect();
    assert_eq!(members, [vec!["a", "c"], vec!["b"], vec!["d"], vec!["e"]]);
    // a and c both support t1 and t2; c's lone opposition to t3 binds no one.
    let binding: Vec<(&str, Position, Vec<&str>)> = cs[0]
        .binding
        .iter()
        .map(|x| {
            (
                x.target.as_str(),
                x.position,
                x.members.iter().map(|m| m.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        binding,
        [
            ("t1", Supports, vec!["a", "c"]),
            ("t2", Supports, vec!["a", "c"])
        ]
    );
    assert!(cs[1..].iter().all(|c| c.binding.is_empty()));
    Ok(())
}

/// Actors are compared with the leaders of the sides they take, not with
/// every actor beside them: two who agree with each other but not with the
/// actor leading every side they share stay apart.
#[test]
fn coalitions_link_actors_through_the_leaders_of_their_sides() -> TestResult {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Article").published("2025-11-20").id();
    let (lead, x, y) = (
        person(&mut b, "lead"),
        person(&mut b, "x"),
        person(&mut b, "y"),
    );
    let t: Vec<_> = (1..=11)
        .map(|i| b.claim(&format!("t{i:02}"), "A claim").id())
        .collect();
    let mut n = 0;
    let mut take = |b: &mut DatasetBuilder, who: &ActorId, target: usize, position| {
        n += 1;
        b.stance(&format!("s{n:02}"), who, &t[target], position)
            .source(&src);
    };
    // lead: for t1-t3, against t4-t11 (eleven sides); x: for t1-t7; y: for
    // t1-t3 and t8-t11 (seven each).
    for i in 0..11 {
        take(&mut b, &lead, i, if i < 3 { Supports } else { Opposes });
    }
    for i in 0..7 {
        take(&mut b, &x, i, Supports);
    }
    for i in (0..3).chain(7..11) {
        take(&mut b, &y, i, Supports);
    }
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);

    // x and y agree on t1-t3 (+3), but every side they share (for t1, t2,
    // t3) is led by lead, with whom each splits more than it agrees (+3
    // -4): no link. Linking every pair that agrees would put x and y
    // together.
    let coalitions = graph.coalitions(&Query::new());
    let members: Vec<Vec<&str>> = coalitions
        .iter()
        .map(|c| c.members.iter().map(|m| m.as_str()).collect())
        .collect();
    assert_eq!(members, [vec!["lead"], vec!["x"], vec!["y"]]);
    Ok(())
}

// --- concession balance ---------------------------------------------------------------

#[test]
fn balance_lists_what_each_party_gives_and_receives() -> TestResult {
    let mut b = DatasetBuilder::new();
    let ukraine = b.actor("ukraine", "Ukraine", ActorKind::State).id();
    let russia = b.actor("russia", "Russia", ActorKind::State).id();
    let us = b.actor("us", "United States", ActorKind::State).id();
    let plan = b.proposal("plan", "Plan").proposed_by(&us).id();
    let p1 = b.point("plan/p1", &plan, "1", "Territory").id();
    let p1a = b.point("plan/p1/a", &p1, "1(a)", "Army").id();
    let p2 = b.point("plan/p2", &plan, "2", "Guarantees").id();
    let other = b.proposal("other", "Another plan").id();
    b.concession("k1", &ukraine, "land")
        .to(&russia)
        .topic(Topic::Territory)
        .required_by(&p1);
    b.concession("k2", &ukraine, "army size")
        .to(&russia)
        .topic(Topic::Military)
        .required_by(&p1a);
    b.concession("k3", &ukraine, "elections").required_by(&plan);
    b.concession("k4", &us, "a guarantee")
        .to(&ukraine)
        .topic(Topic::SecurityGuarantees)
        .required_by(&p2);
    // Not the plan's: another proposal's, and one no proposal asks for.
    b.concession("k5", &russia, "sanctions relief")
        .to(&ukraine)
        .required_by(&other);
    b.concession("k6", &russia, "nothing yet");
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);

    // Ukraine gives k1, k2 (a point of a point) and k3; receives k4.
    // The U.S. gives k4. Russia gives nothing under this plan and receives k1, k2.
    let bal = graph.balance("plan")?;
    assert_eq!(bal.proposal.as_str(), "plan");
    let rows = |bal: &Balance| -> Vec<(String, Vec<String>, Vec<String>)> {
        bal.parties
            .iter()
            .map(|p| {
                (
                    p.actor.to_string(),
                    p.gives.iter().map(|c| c.concession.to_string()).collect(),
                    p.receives
                        .iter()
                        .map(|c| c.concession.to_string())
                        .collect(),
                )
            })
            .collect()
    };
    let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rows(&bal),
        [
            ("ukraine".into(), v(&["k1", "k2", "k3"]), v(&["k4"])),
            ("us".into(), v(&["k4"]), v(&[])),
            ("russia".into(), v(&[]), v(&["k1", "k2"])),
        ]
    );
    let ukr = &bal.parties[0];
    assert_eq!(
        ukr.gives_by_topic
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect::<Vec<_>>(),
        [("military", 1), ("territory", 1), ("unspecified", 1)]
    );
    let k2 = &ukr.gives[1];
    assert_eq!(k2.what, "army size");
    assert_eq!(k2.topic, "military");
    assert_eq!(k2.by.as_str(), "ukraine");
    assert_eq!(k2.to.as_ref().map(|a| a.as_str()), Some("russia"));
    assert_eq!(k2.required_by.as_str(), "plan/p1/a");
    assert!(bal.parties[2].gives_by_topic.is_empty());

    // One point's balance: only what it and its points ask.
    assert_eq!(
        rows(&graph.balance("plan/p1")?),
        [
            ("ukraine".into(), v(&["k1", "k2"]), v(&[])),
            ("russia".into(), v(&[]), v(&["k1", "k2"])),
        ]
    );
    assert!(matches!(
        graph.balance("ukraine"),
        Err(GraphError::WrongKind { .. })
    ));
    assert!(matches!(
        graph.balance("none"),
        Err(GraphError::UnknownRecord { .. })
    ));
    Ok(())
}

// --- why: evidence chains -----------------------------------------------------------

#[test]
fn why_follows_each_stance_to_its_words_speaker_and_source() -> TestResult {
    let mut b = DatasetBuilder::new();
    let article = b
        .source("article", "Europeans push back")
        .kind(SourceKind::Article)
        .publisher("A paper")
        .url("https://example.org/a")
        .published("2025-11-20")
        .id();
    let us_gov = b
        .actor("us-gov", "U.S. government", ActorKind::Government)
        .id();
    let officials = b
        .actor("us-officials", "U.S. officials", ActorKind::Unnamed)
        .part_of(&us_gov)
        .id();
    let trump = b
        .actor("trump", "Donald Trump", ActorKind::Person)
        .role(&us_gov, "President")
        .id();
    let eu = b
        .actor("eu", "European Union", ActorKind::Organisation)
        .id();
    let kallas = b
        .actor("kallas", "Kaja Kallas", ActorKind::Person)
        .role(&eu, "foreign policy chief")
        .id();
    let france = b
        .actor("france", "France", ActorKind::State)
        .member_of(&eu)
        .id();
    let russia = b.actor("russia", "Russia", ActorKind::State).id();
    let peskov = b
        .actor("peskov", "Dmitry Peskov", ActorKind::Person)
        .spokesperson_for(&russia, "Kremlin spokesman")
        .id();
    // A spokesman only from 2026: in 2025 his words are not Russia's.
    let later = b
        .actor("later-spox", "A later spokesman", ActorKind::Person)
        .affiliation(dated(
            AffiliationKind::Spokesperson,
            &russia,
            Some("2026-01-01"),
            None,
        ))
        .id();
    let zelensky = b
        .actor("zelensky", "Volodymyr Zelensky", ActorKind::Person)
        .id();
    let aides = b.actor("aides", "Aides", ActorKind::Unnamed).id();
    let media = b.actor("media", "Media", ActorKind::Media).id();
    let plan = b.proposal("plan", "Peace plan").id();
    let claim = b.claim("claim", "One aggressor, one victim").id();

    let quote = |b: &mut DatasetBuilder, id: &str, who: &ActorId, mode, text: &str| -> QuoteId {
        b.quote(id, who, &article, mode, text).cue("said").id()
    };
    let q_trump = quote(
        &mut b,
        "q-trump",
        &officials,
        QuoteMode::Indirect,
        "Trump supports the new plan",
    );
    let q_kallas = quote(
        &mut b,
        "q-kallas",
        &kallas,
        QuoteMode::Direct,
        "No concessions",
    );
    let q_peskov = b
        .quote(
            "q-peskov",
            &peskov,
            &article,
            QuoteMode::NoComment,
            "declined to comment",
        )
        .cue("declined to comment")
        .id();
    let q_us = quote(
        &mut b,
        "q-us",
        &officials,
        QuoteMode::Indirect,
        "We drafted it",
    );
    let q_france = quote(
        &mut b,
        "q-france",
        &france,
        QuoteMode::Indirect,
        "The EU agrees",
    );
    let q_later = quote(
        &mut b,
        "q-later",
        &later,
        QuoteMode::Indirect,
        "Russia agrees",
    );
    let q_zel = b
        .quote(
            "q-zelensky",
            &zelensky,
            &article,
            QuoteMode::Paraphrase,
            "rejected ceding land",
        )
        .reported_by(&aides)
        .id();

    b.stance("s-trump", &trump, &plan, Supports).quote(&q_trump);
    b.stance("s-kallas", &kallas, &plan, Opposes)
        .quote(&q_kallas);
    b.stance("s-russia", &russia, &plan, NoComment)
        .quote(&q_peskov);
    b.stance("s-us", &us_gov, &plan, Supports).quote(&q_us);
    b.stance("s-eu-claim", &eu, &claim, Supports)
        .source(&article);
    b.stance("s-eu-plan-doc", &france, &claim, Supports)
        .quote(&q_france);
    b.stance("s-russia-claim", &russia, &claim, Supports)
        .quote(&q_later)
        .quote(&q_peskov);
    b.stance("s-zelensky", &zelensky, &plan, Opposes)
        .evidence(Evidence::quote(q_zel.clone()).reported_by(media.clone()))
        .evidence(Evidence::quote(q_zel).reported_by(aides.clone()));
    let eu_member_quote = b
        .quote(
            "q-france-for-eu",
            &france,
            &article,
            QuoteMode::Indirect,
            "Europe opposes",
        )
        .id();
    let plan2 = b.proposal("plan2", "Second plan").id();
    b.stance("s-eu-plan2", &eu, &plan2, Opposes)
        .quote(&eu_member_quote);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let q = Query::new();
    let attribution = |holder: &str, target: &str| -> Result<Vec<Attribution>, GraphError> {
        Ok(graph
            .why(holder, target, &Query::new())?
            .chains
            .iter()
            .flat_map(|c| c.evidence.iter().map(|e| e.attribution.clone()))
            .collect())
    };
    let id = |s: &str| ActorId::new(s).expect("a valid id");

    // Hearsay: U.S. officials said Trump supports the plan. The officials are a
    // part of the government Trump heads, but do not speak for him.
    let why = graph.why("trump", "plan", &q)?;
    assert_eq!(why.holder.as_str(), "trump");
    assert_eq!(why.target.as_str(), "plan");
    assert_eq!(why.position, Some(Supports));
    assert_eq!(why.chains.len(), 1);
    let chain = &why.chains[0];
    assert_eq!(chain.stance.as_ref().map(|s| s.as_str()), Some("s-trump"));
    assert_eq!(chain.holder_name, "Donald Trump");
    assert_eq!(chain.target_label, "Peace plan");
    assert_eq!(chain.date, Some(day("2025-11-20")), "dated by the source");
    let link = &chain.evidence[0];
    assert_eq!(
        link.attribution,
        Attribution::Hearsay {
            speaker: id("us-officials")
        }
    );
    assert!(link.is_hearsay());
    let quote = link.quote.as_ref().expect("a quote");
    assert_eq!(quote.id.as_str(), "q-trump");
    assert_eq!(quote.speaker_name, "U.S. officials");
    assert_eq!(quote.text, "Trump supports the new plan");
    assert_eq!(quote.mode, QuoteMode::Indirect);
    let source = link.source.as_ref().expect("a source");
    assert_eq!(source.id.as_str(), "article");
    assert_eq!(source.title, "Europeans push back");
    assert_eq!(source.publisher.as_deref(), Some("A paper"));
    assert_eq!(source.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(
        link.to_string(),
        "U.S. officials said: “Trump supports the new plan” (indirect) \
         [Europeans push back, 2025-11-20] — hearsay"
    );

    // Own words; words of a spokesman and of officials who are part of the
    // government; a document with no quote.
    assert_eq!(attribution("kallas", "plan")?, [Attribution::Own]);
    assert!(!graph.why("kallas", "plan", &q)?.chains[0].evidence[0].is_hearsay());
    assert_eq!(
        attribution("russia", "plan")?,
        [Attribution::OnBehalf {
            speaker: id("peskov")
        }]
    );
    assert_eq!(
        attribution("us-gov", "plan")?,
        [Attribution::OnBehalf {
            speaker: id("us-officials")
        }]
    );
    assert_eq!(attribution("eu", "claim")?, [Attribution::Document]);
    // A member does not speak for the union; a spokesman not yet in office
    // does not speak for the state.
    assert_eq!(
        attribution("eu", "plan2")?,
        [Attribution::Hearsay {
            speaker: id("france")
        }]
    );
    assert_eq!(
        attribution("russia", "claim")?,
        [
            Attribution::Hearsay {
                speaker: id("later-spox")
            },
            Attribution::OnBehalf {
                speaker: id("peskov")
            }
        ]
    );

    // Relayed words: the quote's reporter and each evidence's, once each.
    let why = graph.why("zelensky", "plan", &q)?;
    let relayed: Vec<Vec<&str>> = why.chains[0]
        .evidence
        .iter()
        .map(|e| e.relayed_by.iter().map(|a| a.as_str()).collect())
        .collect();
    assert_eq!(relayed, [vec!["aides", "media"], vec!["aides"]]);
    assert_eq!(why.chains[0].evidence[0].attribution, Attribution::Own);
    assert!(why.chains[0].evidence[0].is_hearsay(), "relayed by others");

    // Rolled up, the EU's position rests on Kallas's words, her own.
    assert_eq!(graph.why("eu", "plan", &q)?.position, None);
    let why = graph.why("eu", "plan", &Query::new().roll_up_members(true))?;
    assert_eq!(why.position, Some(Opposes));
    assert_eq!(why.chains[0].holder.as_str(), "kallas");
    assert_eq!(why.chains[0].evidence[0].attribution, Attribution::Own);

    // An actor with no position: no chains.
    let why = graph.why("media", "plan", &q)?;
    assert_eq!((why.position, why.chains.len()), (None, 0));
    assert!(matches!(
        graph.why("plan", "plan", &q),
        Err(GraphError::WrongKind { .. })
    ));
    assert!(matches!(
        graph.why("trump", "nothing", &q),
        Err(GraphError::UnknownRecord { .. })
    ));
    Ok(())
}

// --- lookup ------------------------------------------------------------------------

#[test]
fn lookup_by_id_name_or_alias_ignoring_case() -> TestResult {
    let mut b = DatasetBuilder::new();
    b.actor("us-government", "U.S. government", ActorKind::Government)
        .alias("Washington");
    b.actor("washington-state", "Washington", ActorKind::State);
    b.actor("ukraine", "Ukraine", ActorKind::State)
        .alias("Kyiv");
    let plan = b.proposal("plan", "28-point peace plan").id();
    b.point("plan/territory", &plan, "territory", "Land in the east");
    b.claim("claim", "One aggressor and one victim");
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);

    assert_eq!(graph.find_actor("ukraine")?.as_str(), "ukraine");
    assert_eq!(graph.find_actor("UKRAINE")?.as_str(), "ukraine");
    assert_eq!(graph.find_actor("kyiv")?.as_str(), "ukraine");
    assert_eq!(graph.find_actor("  Kyiv ")?.as_str(), "ukraine");
    assert_eq!(
        graph.find_actor("u.s. GOVERNMENT")?.as_str(),
        "us-government"
    );
    assert_eq!(graph.find_proposal("TERRITORY")?.as_str(), "plan/territory");
    assert_eq!(graph.find_proposal("28-Point Peace Plan")?.as_str(), "plan");
    assert_eq!(
        graph.find_target("one aggressor and one victim")?.as_str(),
        "claim"
    );
    assert_eq!(graph.find_target("Kyiv")?.as_str(), "ukraine");

    let err = graph.find_actor("Washington").unwrap_err();
    assert_eq!(
        err,
        GraphError::Ambiguous {
            query: "Washington".into(),
            candidates: vec![
                "us-government (U.S. government)".into(),
                "washington-state (Washington)".into()
            ],
        }
    );
    assert_eq!(
        err.to_string(),
        "\"Washington\" is ambiguous; it could be any of: \
         us-government (U.S. government), washington-state (Washington)"
    );

    let err = graph.find_actor("Atlantis").unwrap_err();
    assert_eq!(err.to_string(), "no record matches \"Atlantis\"");

    let err = graph.find_actor("plan").unwrap_err();
    assert_eq!(
        err,
        GraphError::WrongKind {
            id: "plan".into(),
            found: RecordType::Proposal,
            expected: RecordType::Actor,
        }
    );
    assert_eq!(err.to_string(), "`plan` is a proposal, not an actor");
    assert_eq!(
        graph.find_proposal("ukraine").unwrap_err().to_string(),
        "`ukraine` is an actor, not a proposal"
    );
    // A name of another kind of record is not a proposal's.
    assert!(matches!(
        graph.find_proposal("Kyiv"),
        Err(GraphError::UnknownRecord { .. })
    ));
    Ok(())
}

#[test]
fn lookup_by_an_id_judged_the_same_as_another_answers_in_the_canonical_id() -> TestResult {
    use claimgraph_core::Judgement;
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Article").id();
    b.actor("russia", "Russia", ActorKind::State);
    b.actor("moscow", "Moscow", ActorKind::Government);
    b.same_as("same-moscow", "russia", "moscow", Judgement::Positive);
    b.proposal("plan-28", "28-point plan");
    b.proposal("leak", "Leaked plan");
    b.same_as("same-leak", "plan-28", "leak", Judgement::Positive);
    b.stance("s", "moscow", "leak", Opposes).source(&src);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    // By id, as by name: the canonical id, of the right kind.
    for query in ["moscow", "Moscow", "russia", "Russia"] {
        assert_eq!(graph.find_actor(query)?.as_str(), "russia", "{query}");
        assert_eq!(graph.find_target(query)?.as_str(), "russia", "{query}");
    }
    for query in ["leak", "Leaked plan", "plan-28"] {
        assert_eq!(graph.find_proposal(query)?.as_str(), "plan-28", "{query}");
        assert_eq!(graph.find_target(query)?.as_str(), "plan-28", "{query}");
    }
    assert!(matches!(
        graph.find_proposal("moscow"),
        Err(GraphError::WrongKind { .. })
    ));
    // Every answer is headed by the canonical ids.
    let t = graph.timeline("moscow", "leak", &Query::new())?;
    assert_eq!((t.actor.as_str(), t.target.as_str()), ("russia", "plan-28"));
    let why = graph.why("moscow", "leak", &Query::new())?;
    assert_eq!(
        (why.holder.as_str(), why.target.as_str()),
        ("russia", "plan-28")
    );
    assert_eq!(
        why.chains[0].holder.as_str(),
        "moscow",
        "the evidence keeps its id"
    );
    Ok(())
}

// --- the edges ------------------------------------------------------------------------

#[test]
fn every_reference_is_a_typed_edge() -> TestResult {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Article").published("2025-11-20").id();
    let us = b.actor("us", "United States", ActorKind::State).id();
    let trump = b
        .actor("trump", "Donald Trump", ActorKind::Person)
        .role(&us, "President")
        .id();
    let ukr = b.actor("ukr", "Ukraine", ActorKind::State).id();
    let rus = b.actor("rus", "Russia", ActorKind::State).id();
    b.actor("peskov", "Dmitry Peskov", ActorKind::Person)
        .spokesperson_for(&rus, "spokesman");
    let eu = b
        .actor("eu", "European Union", ActorKind::Organisation)
        .id();
    b.actor("france", "France", ActorKind::State).member_of(&eu);
    b.actor("mod", "Ministry of Defence", ActorKind::Government)
        .part_of(&ukr);
    let relayer = b.actor("relayer", "Relayer", ActorKind::Unnamed).id();
    let peskov = ActorId::new("peskov")?;
    let plan = b
        .proposal("plan", "Plan")
        .proposed_by(&us)
        .source(&src)
        .id();
    b.proposal("plan2", "Plan, revised").supersedes(&plan);
    let p1 = b.point("p1", &plan, "1", "Point one").id();
    let k = b
        .concession("k", &ukr, "land")
        .to(&rus)
        .required_by(&p1)
        .id();
    let c = b.claim("c", "A claim").about(&plan).id();
    let q = b
        .quote("q", &peskov, &src, QuoteMode::Direct, "Words")
        .reported_by(&relayer)
        .id();
    b.stance("s", &trump, &c, Supports).quote(&q);
    b.stance("s2", &ukr, &plan, Opposes).source(&src);
    b.stance("s3", &rus, &k, Supports).source(&src);
    b.relation("r", &c, &plan, RelationKind::Attacks)
        .evidence(Evidence::quote(q.clone()));
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);

    let from = |id: &str| -> Vec<(String, String, EdgeKind)> {
        graph
            .edges_from(id)
            .iter()
            .map(|e| (e.from.to_owned(), e.to.to_owned(), e.kind))
            .collect()
    };
    let to = |id: &str| -> Vec<(String, String, EdgeKind)> {
        graph
            .edges_to(id)
            .iter()
            .map(|e| (e.from.to_owned(), e.to.to_owned(), e.kind))
            .collect()
    };
    let e = |a: &str, b: &str, k: EdgeKind| (a.to_owned(), b.to_owned(), k);

    assert_eq!(from("us"), [e("us", "plan", EdgeKind::Proposes)]);
    assert_eq!(
        from("trump"),
        [
            e("trump", "us", EdgeKind::Affiliation(AffiliationKind::Role)),
            e("trump", "c", EdgeKind::Stance(Supports)),
        ]
    );
    assert_eq!(
        from("peskov"),
        [
            e(
                "peskov",
                "rus",
                EdgeKind::Affiliation(AffiliationKind::Spokesperson)
            ),
            e("peskov", "q", EdgeKind::Said),
        ]
    );
    assert_eq!(
        from("france"),
        [e(
            "france",
            "eu",
            EdgeKind::Affiliation(AffiliationKind::Member)
        )]
    );
    assert_eq!(
        from("mod"),
        [e(
            "mod",
            "ukr",
            EdgeKind::Affiliation(AffiliationKind::Part)
        )]
    );
    assert_eq!(from("plan"), [e("plan", "src", EdgeKind::ReportedIn)]);
    assert_eq!(from("plan2"), [e("plan2", "plan", EdgeKind::Supersedes)]);
    assert_eq!(
        from("p1"),
        [
            e("p1", "plan", EdgeKind::PartOf),
            e("p1", "k", EdgeKind::Requires)
        ]
    );
    assert_eq!(
        from("ukr"),
        [
            e("ukr", "k", EdgeKind::Concedes),
            e("ukr", "plan", EdgeKind::Stance(Opposes))
        ]
    );
    assert_eq!(from("k"), [e("k", "rus", EdgeKind::ConcedesTo)]);
    assert_eq!(
        to("q"),
        [
            e("peskov", "q", EdgeKind::Said),
            e("relayer", "q", EdgeKind::Reported)
        ]
    );
    assert_eq!(
        from("q"),
        [
            e("q", "src", EdgeKind::QuotedIn),
            e("q", "c", EdgeKind::Asserts)
        ]
    );
    assert_eq!(
        from("c"),
        [
            e("c", "plan", EdgeKind::About),
            e("c", "plan", EdgeKind::Relation(RelationKind::Attacks))
        ]
    );
    assert_eq!(
        to("plan"),
        [
            e("us", "plan", EdgeKind::Proposes),
            e("plan2", "plan", EdgeKind::Supersedes),
            e("p1", "plan", EdgeKind::PartOf),
            e("c", "plan", EdgeKind::About),
            e("ukr", "plan", EdgeKind::Stance(Opposes)),
            e("c", "plan", EdgeKind::Relation(RelationKind::Attacks)),
        ]
    );
    assert_eq!(to("k").len(), 3, "requires, concedes, a stance");

    // Stance edges carry their stance; other edges carry none.
    let stance_edges: Vec<(&str, Option<&str>)> = graph
        .edges()
        .filter(|e| matches!(e.kind, EdgeKind::Stance(_)))
        .map(|e| (e.to, e.stance.map(|s| s.id.as_str())))
        .collect();
    assert_eq!(
        stance_edges,
        [("c", Some("s")), ("plan", Some("s2")), ("k", Some("s3"))]
    );
    assert!(
        graph
            .edges()
            .filter(|e| !matches!(e.kind, EdgeKind::Stance(_)))
            .all(|e| e.stance.is_none())
    );

    // Stances and relations are edges, every other record a node.
    assert_eq!(graph.node_count(), ds.len() - 3 - 1);
    let kinds: Vec<(&str, RecordType)> = graph.nodes().take(3).collect();
    assert_eq!(
        kinds,
        [
            ("src", RecordType::Source),
            ("us", RecordType::Actor),
            ("trump", RecordType::Actor)
        ]
    );
    // Every edge is seen once from each end.
    let total: usize = graph
        .nodes()
        .map(|(id, _)| graph.edges_from(id).len())
        .sum();
    let total_in: usize = graph.nodes().map(|(id, _)| graph.edges_to(id).len()).sum();
    assert_eq!((total, total_in), (graph.edge_count(), graph.edge_count()));
    assert_eq!(graph.edges().count(), 20);
    assert!(graph.edges_from("s").is_empty(), "a stance is not a node");
    assert!(graph.edges_to("nothing").is_empty());

    assert_eq!(EdgeKind::PartOf.name(), "part_of");
    assert_eq!(EdgeKind::Stance(NoComment).name(), "no_comment");
    assert_eq!(
        EdgeKind::Affiliation(AffiliationKind::Spokesperson).name(),
        "spokesperson"
    );
    assert_eq!(
        EdgeKind::Relation(RelationKind::Supports).name(),
        "argues_for"
    );
    assert_eq!(
        serde_json::to_string(&EdgeKind::Stance(Supports))?,
        r#"{"kind":"stance","detail":"supports"}"#
    );
    assert_eq!(
        serde_json::to_string(&EdgeKind::Said)?,
        r#"{"kind":"said"}"#
    );
    Ok(())
}

// --- a dataset that does not validate ------------------------------------------------------

#[test]
fn an_invalid_dataset_gives_a_graph_and_answers_without_panicking() -> TestResult {
    let id = |s: &str| ActorId::new(s).expect("a valid id");
    let pid = |s: &str| ProposalId::new(s).expect("a valid id");
    let sid = |s: &str| StanceId::new(s).expect("a valid id");
    let mut ds = Dataset::new();
    ds.push(claimgraph_core::Source::new(
        SourceId::new("src")?,
        "Article",
    ));
    // A proposal and an actor share the id `x`; the proposal came first.
    ds.push(Proposal::new(pid("x"), "X the proposal"));
    ds.push(Actor::new(id("x"), "X the actor", ActorKind::Person));
    // a and b are tied to each other (a cycle) and to an actor that does not exist.
    let mut a = Actor::new(id("a"), "A", ActorKind::Person);
    a.affiliations = vec![
        Affiliation::new(id("b"), AffiliationKind::Part),
        Affiliation::new(id("ghost"), AffiliationKind::Member),
        Affiliation::new(id("a"), AffiliationKind::Member),
    ];
    let mut bb = Actor::new(id("b"), "B", ActorKind::Person);
    bb.affiliations = vec![Affiliation::new(id("a"), AffiliationKind::Role)];
    let mut c = Actor::new(id("c"), "C", ActorKind::Person);
    c.affiliations = vec![Affiliation::new(id("a"), AffiliationKind::Part)];
    ds.push(a);
    ds.push(bb);
    ds.push(c);
    // A second actor `a`, ignored.
    let mut a2 = Actor::new(id("a"), "A again", ActorKind::Person);
    a2.affiliations = vec![Affiliation::new(id("c"), AffiliationKind::Member)];
    ds.push(a2);
    // Points in a cycle, and one of a proposal that does not exist.
    let mut p = Proposal::new(pid("p"), "P");
    p.part_of = Some(pid("q"));
    let mut q = Proposal::new(pid("q"), "Q");
    q.part_of = Some(pid("p"));
    let mut r = Proposal::new(pid("r"), "R");
    r.part_of = Some(pid("ghost-plan"));
    r.proposed_by = vec![id("ghost")];
    ds.push(p);
    ds.push(q);
    ds.push(r);
    let mut k = Concession::new(ConcessionId::new("k")?, id("ghost"), "something");
    k.to = Some(id("a"));
    k.required_by = Some(pid("p"));
    ds.push(k);
    // A second concession `k`, ignored.
    let mut k_again = Concession::new(ConcessionId::new("k")?, id("c"), "again");
    k_again.required_by = Some(pid("p"));
    ds.push(k_again);
    let mut k2 = Concession::new(ConcessionId::new("k2")?, id("c"), "more");
    k2.required_by = Some(pid("ghost-plan"));
    ds.push(k2);
    ds.push(Quote::new(
        QuoteId::new("qt")?,
        id("ghost"),
        SourceId::new("no-source")?,
        QuoteMode::Direct,
        "words",
    ));
    let stance = |sid_: &str, holder: &str, target: &str, position| {
        let mut s = Stance::new(sid(sid_), id(holder), id(target), position);
        s.evidence = vec![Evidence::quote(QuoteId::new("qt").expect("valid"))];
        s
    };
    ds.push(stance("s1", "ghost", "p", Supports));
    ds.push(stance("s2", "a", "p", Supports));
    ds.push(stance("s2", "a", "p", Opposes)); // same id: ignored
    ds.push(stance("s3", "b", "nowhere", Opposes));
    ds.push(stance("s4", "x", "a", Opposes)); // `x` is a proposal
    ds.push(stance("s5", "b", "q", Opposes));
    ds.push(stance("s6", "c", "p", NoComment));
    let mut missing = Stance::new(sid("s7"), id("c"), id("q"), Supports);
    missing.evidence = vec![Evidence::quote(QuoteId::new("missing-quote")?)];
    ds.push(missing);
    ds.push(Relation::new(
        RelationId::new("rel")?,
        id("ghost"),
        id("p"),
        RelationKind::Supports,
    ));
    assert!(!ds.validate().is_valid());

    let graph = ClaimGraph::new(&ds);
    // `x` is one node, of the kind the dataset answers for the id.
    let x: Vec<Option<RecordType>> = graph
        .nodes()
        .filter(|n| n.0 == "x")
        .map(|n| Some(n.1))
        .collect();
    assert_eq!(x, [ds.kind_of("x")]);
    // The first stance `s2` is the one that counts.
    assert_eq!(
        table(&graph.positions("p", &Query::new())?),
        [("a", Supports), ("c", NoComment)]
    );
    // The second actor `a` brings no tie to c.
    assert!(
        graph
            .edges_from("a")
            .iter()
            .all(|e| e.to != "c" && e.to != "ghost")
    );

    let ids = [
        "src", "x", "a", "b", "c", "p", "q", "r", "k", "k2", "qt", "s1", "s2", "ghost",
    ];
    let dates = [None, Some("2025-11-20")];
    for members in [false, true] {
        for points in [false, true] {
            for inherit in [false, true] {
                for date in dates {
                    let mut query = Query::new()
                        .roll_up_members(members)
                        .roll_up_points(points)
                        .inherit_from_parent(inherit);
                    if let Some(d) = date {
                        query = query.as_of(d.parse::<When>()?);
                    }
                    for target in ids {
                        let _ = graph.positions(target, &query);
                        let _ = graph.points(target, &query);
                        let _ = graph.contested(target, &query);
                        let _ = graph.balance(target);
                        let _ = graph.stances_of(target, &query);
                        let _ = graph.find_target(target);
                        for holder in ids {
                            let _ = graph.why(holder, target, &query);
                            let _ = graph.timeline(holder, target, &query);
                        }
                    }
                    let _ = graph.conflicts(&query);
                    let _ = graph.coalitions(&query);
                }
            }
        }
    }
    // c -> a -> b -> a: the cycle is walked once; c's "no comment" reaches a
    // and b only where they have no position of their own.
    let hs = graph.positions("p", &Query::new().roll_up_members(true))?;
    assert_eq!(
        table(&hs),
        [("a", Supports), ("b", Supports), ("c", NoComment)]
    );
    // p and q are points of each other: each has the other as its only point.
    assert_eq!(graph.points("p", &Query::new())?.len(), 1);
    let bal = graph.balance("p")?;
    let parties: Vec<(&str, usize)> = bal
        .parties
        .iter()
        .map(|p| (p.actor.as_str(), p.gives.len()))
        .collect();
    assert_eq!(parties, [("ghost", 1), ("a", 0)], "ghost gives k to a");
    Ok(())
}
