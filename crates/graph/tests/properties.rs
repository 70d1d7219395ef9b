//! Invariants of the graph queries on random datasets: a handful of actors
//! tied to each other, a proposal with points, claims, concessions, quotes,
//! and stances with random positions, modalities, dates and evidence.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use claimgraph_core::{
    Actor, ActorId, ActorKind, Affiliation, AffiliationKind, Claim, ClaimId, Concession,
    ConcessionId, Dataset, Evidence, Modality, Position, Proposal, ProposalId, Quote, QuoteId,
    QuoteMode, RecordId, Source, SourceId, Stance, StanceId, Topic, When,
};
use claimgraph_graph::{Basis, ClaimGraph, Holding, Query, stance_date};

/// A day in November 2025, 1 to 5.
fn opt_day() -> impl Strategy<Value = Option<u8>> {
    prop::option::of(1u8..=5)
}

fn when(day: u8) -> When {
    When::parse(&format!("2025-11-{day:02}")).expect("a valid day")
}

/// A tie: between which two actors, of which kind, from and until which day.
type TieSpec = (u8, u8, u8, Option<u8>, Option<u8>);

/// A pair of actors and the targets they split on: (target, a's position, b's).
type Splits = BTreeMap<(String, String), Vec<(String, Position, Position)>>;

#[derive(Clone, Debug)]
struct StanceSpec {
    holder: u8,
    target: u8,
    position: u8,
    modality: u8,
    as_of: Option<u8>,
    evidence: Vec<(u8, u8, u8)>,
}

/// A dataset in the abstract: every reference is a number taken modulo the
/// count of what it may name, so every spec makes a valid dataset.
#[derive(Clone, Debug)]
struct Spec {
    actors: usize,
    ties: Vec<TieSpec>,
    points: Vec<u8>,
    claims: usize,
    concessions: Vec<(u8, u8, u8, u8)>,
    quotes: Vec<(u8, u8, Option<u8>, u8)>,
    stances: Vec<StanceSpec>,
}

fn stance_spec() -> impl Strategy<Value = StanceSpec> {
    (
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        opt_day(),
        prop::collection::vec((any::<u8>(), any::<u8>(), any::<u8>()), 1..3),
    )
        .prop_map(
            |(holder, target, position, modality, as_of, evidence)| StanceSpec {
                holder,
                target,
                position,
                modality,
                as_of,
                evidence,
            },
        )
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        2usize..=6,
        prop::collection::vec(
            (any::<u8>(), any::<u8>(), any::<u8>(), opt_day(), opt_day()),
            0..7,
        ),
        prop::collection::vec(any::<u8>(), 0..5),
        0usize..3,
        prop::collection::vec((any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()), 0..5),
        prop::collection::vec((any::<u8>(), any::<u8>(), opt_day(), any::<u8>()), 0..5),
        prop::collection::vec(stance_spec(), 0..16),
    )
        .prop_map(
            |(actors, ties, points, claims, concessions, quotes, stances)| Spec {
                actors,
                ties,
                points,
                claims,
                concessions,
                quotes,
                stances,
            },
        )
}

fn pick(n: u8, count: usize) -> usize {
    usize::from(n) % count
}

/// Picks one of `count` things, or none (one chance in `count + 1`).
fn pick_opt(n: u8, count: usize) -> Option<usize> {
    let i = usize::from(n) % (count + 1);
    (i < count).then_some(i)
}

fn aid(i: usize) -> ActorId {
    ActorId::new(&format!("a{i}")).expect("a valid id")
}

fn pid(i: usize) -> ProposalId {
    ProposalId::new(&format!("plan/p{i}")).expect("a valid id")
}

fn plan() -> ProposalId {
    ProposalId::new("plan").expect("a valid id")
}

fn sid(i: usize) -> SourceId {
    SourceId::new(&format!("src{i}")).expect("a valid id")
}

/// A permutation of `0..n` from a seed (splitmix64 and Fisher–Yates).
fn permutation(n: usize, seed: &mut u64) -> Vec<usize> {
    let mut next = || {
        *seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
    v
}

fn push_all<T: Clone + claimgraph_core::Stored>(
    ds: &mut Dataset,
    records: &[T],
    seed: Option<&mut u64>,
) {
    match seed {
        None => records.iter().for_each(|r| ds.push(r.clone())),
        Some(seed) => permutation(records.len(), seed)
            .into_iter()
            .for_each(|i| ds.push(records[i].clone())),
    }
}

/// The dataset a spec describes; with a seed, each kind's records are
/// inserted in an order shuffled by it.
fn build(spec: &Spec, seed: Option<u64>) -> Dataset {
    let n = spec.actors;
    // Sources published on 11-05 and 11-02, and one undated.
    let mut sources = vec![
        Source::new(sid(0), "Source 0"),
        Source::new(sid(1), "Source 1"),
        Source::new(sid(2), "Source 2"),
    ];
    sources[0].published = Some(when(5));
    sources[1].published = Some(when(2));

    let mut actors: Vec<Actor> = (0..n)
        .map(|i| Actor::new(aid(i), format!("Actor {i}"), ActorKind::Person))
        .collect();
    for &(x, y, kind, from, until) in &spec.ties {
        let (a, b) = (pick(x, n), pick(y, n));
        if a == b {
            continue;
        }
        // Ties point from the lower index up, so they never form a cycle.
        let (lo, hi) = (a.min(b), a.max(b));
        let mut af = Affiliation::new(aid(hi), AffiliationKind::ALL[pick(kind, 4)]);
        let (from, until) = match (from, until) {
            (Some(f), Some(u)) if f > u => (Some(u), Some(f)),
            other => other,
        };
        af.from = from.map(when);
        af.until = until.map(when);
        actors[lo].affiliations.push(af);
    }

    let mut proposals = vec![Proposal::new(plan(), "Plan")];
    for (i, &parent) in spec.points.iter().enumerate() {
        let mut p = Proposal::new(pid(i), format!("Point {i}"));
        // Parent: the plan or an earlier point.
        p.part_of = Some(match pick(parent, i + 1) {
            0 => plan(),
            j => pid(j - 1),
        });
        p.label = Some(format!("{i}"));
        proposals.push(p);
    }
    let proposal_ids: Vec<ProposalId> = proposals.iter().map(|p| p.id.clone()).collect();

    let claims: Vec<Claim> = (0..spec.claims)
        .map(|i| Claim::new(ClaimId::new(&format!("c{i}")).expect("valid"), "A claim"))
        .collect();

    let mut concessions = Vec::new();
    for (i, &(by, to, req, topic)) in spec.concessions.iter().enumerate() {
        let by = pick(by, n);
        let mut c = Concession::new(
            ConcessionId::new(&format!("k{i}")).expect("valid"),
            aid(by),
            "something",
        );
        c.to = pick_opt(to, n).filter(|&t| t != by).map(aid);
        c.required_by = pick_opt(req, proposal_ids.len()).map(|j| proposal_ids[j].clone());
        c.topic = pick_opt(topic, Topic::ALL.len()).map(|t| Topic::ALL[t]);
        concessions.push(c);
    }

    let mut quotes = Vec::new();
    for (i, &(speaker, source, date, reported_by)) in spec.quotes.iter().enumerate() {
        let source = pick(source, 3);
        let mut q = Quote::new(
            QuoteId::new(&format!("q{i}")).expect("valid"),
            aid(pick(speaker, n)),
            sid(source),
            QuoteMode::Direct,
            "words",
        );
        // Never said after the source was published.
        q.date = date
            .map(|d| if source == 1 { d.min(2) } else { d })
            .map(when);
        q.reported_by = pick_opt(reported_by, n).map(aid);
        quotes.push(q);
    }

    let mut targets: Vec<RecordId> = proposal_ids.iter().map(RecordId::from).collect();
    targets.extend(claims.iter().map(|c| RecordId::from(&c.id)));
    targets.extend(concessions.iter().map(|c| RecordId::from(&c.id)));
    targets.extend((0..n).map(|i| RecordId::from(aid(i))));
    let mut stances = Vec::new();
    for (i, st) in spec.stances.iter().enumerate() {
        let holder = aid(pick(st.holder, n));
        let mut target = targets[pick(st.target, targets.len())].clone();
        if target.as_str() == holder.as_str() {
            target = RecordId::from(plan());
        }
        let mut s = Stance::new(
            StanceId::new(&format!("s{i:02}")).expect("valid"),
            holder,
            target,
            Position::ALL[pick(st.position, Position::ALL.len())],
        );
        s.modality = pick_opt(st.modality, Modality::ALL.len()).map(|m| Modality::ALL[m]);
        s.as_of = st.as_of.map(when);
        for &(kind, idx, rep) in &st.evidence {
            let mut e = if !quotes.is_empty() && kind % 2 == 0 {
                Evidence::quote(quotes[pick(idx, quotes.len())].id.clone())
            } else {
                Evidence::source(sid(pick(idx, 3)))
            };
            e.reported_by = pick_opt(rep, n).map(aid);
            s.evidence.push(e);
        }
        stances.push(s);
    }

    let mut ds = Dataset::new();
    let mut seed = seed;
    push_all(&mut ds, &sources, seed.as_mut());
    push_all(&mut ds, &actors, seed.as_mut());
    push_all(&mut ds, &proposals, seed.as_mut());
    push_all(&mut ds, &claims, seed.as_mut());
    push_all(&mut ds, &concessions, seed.as_mut());
    push_all(&mut ds, &quotes, seed.as_mut());
    push_all(&mut ds, &stances, seed.as_mut());
    ds
}

/// Every combination of roll-up and inheritance, without a date limit.
fn queries() -> Vec<Query> {
    let mut out = Vec::new();
    for members in [false, true] {
        for points in [false, true] {
            for inherit in [false, true] {
                out.push(
                    Query::new()
                        .roll_up_members(members)
                        .roll_up_points(points)
                        .inherit_from_parent(inherit),
                );
            }
        }
    }
    out
}

/// The days stances are dated on, and no day.
fn days(ds: &Dataset) -> Vec<Option<chrono::NaiveDate>> {
    let days: BTreeSet<_> = ds.stances().iter().map(|s| stance_date(ds, s)).collect();
    let mut out: Vec<_> = days.into_iter().flatten().map(Some).collect();
    out.push(None);
    out
}

fn node_ids<'a>(graph: &ClaimGraph<'a>) -> Vec<&'a str> {
    graph.nodes().map(|(id, _)| id).collect()
}

fn positions(graph: &ClaimGraph<'_>, target: &str, q: &Query) -> Vec<Holding> {
    graph.positions(target, q).expect("a node has positions")
}

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(96)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_datasets_are_valid(spec in spec()) {
        let ds = build(&spec, None);
        let report = ds.validate();
        prop_assert!(report.is_valid(), "{}", report);
    }

    /// The pairs `conflicts` reports are exactly those read off `positions`
    /// on every record, each pair once with `a < b`, whichever side is asked.
    #[test]
    fn conflicts_are_symmetric_and_match_positions(spec in spec()) {
        let ds = build(&spec, None);
        let graph = ClaimGraph::new(&ds);
        for q in queries() {
            let mut expected = Splits::new();
            for target in node_ids(&graph) {
                let hs = positions(&graph, target, &q);
                for s in hs.iter().filter(|h| h.position == Position::Supports) {
                    for o in hs.iter().filter(|h| h.position == Position::Opposes) {
                        let (a, b, pa, pb) = if s.actor < o.actor {
                            (&s.actor, &o.actor, Position::Supports, Position::Opposes)
                        } else {
                            (&o.actor, &s.actor, Position::Opposes, Position::Supports)
                        };
                        expected
                            .entry((a.to_string(), b.to_string()))
                            .or_default()
                            .push((target.to_owned(), pa, pb));
                    }
                }
            }
            for v in expected.values_mut() {
                v.sort();
            }
            let conflicts = graph.conflicts(&q);
            let mut got = Splits::new();
            for c in &conflicts {
                prop_assert!(c.a < c.b, "{:?}", c);
                let targets: Vec<(String, Position, Position)> = c
                    .targets
                    .iter()
                    .map(|t| (t.target.to_string(), t.a, t.b))
                    .collect();
                for t in &c.targets {
                    let hs = positions(&graph, t.target.as_str(), &q);
                    let of = |who: &ActorId| hs.iter().find(|h| &h.actor == who).map(|h| h.position);
                    prop_assert_eq!(of(&c.a), Some(t.a));
                    prop_assert_eq!(of(&c.b), Some(t.b));
                    prop_assert_eq!(
                        BTreeSet::from([t.a, t.b]),
                        BTreeSet::from([Position::Supports, Position::Opposes])
                    );
                }
                prop_assert!(
                    got.insert((c.a.to_string(), c.b.to_string()), targets).is_none(),
                    "pair listed twice"
                );
            }
            prop_assert_eq!(got, expected, "{:?}", q);
        }
    }

    /// Every actor with a position on anything is in exactly one coalition,
    /// and no one else is in any.
    #[test]
    fn coalitions_partition_the_actors_that_hold_positions(spec in spec()) {
        let ds = build(&spec, None);
        let graph = ClaimGraph::new(&ds);
        for q in queries() {
            let mut holders = BTreeSet::new();
            for target in node_ids(&graph) {
                holders.extend(positions(&graph, target, &q).into_iter().map(|h| h.actor));
            }
            let mut seen = BTreeSet::new();
            for c in graph.coalitions(&q) {
                prop_assert!(!c.members.is_empty());
                for m in c.members {
                    prop_assert!(seen.insert(m.clone()), "{} in two coalitions", m);
                }
            }
            prop_assert_eq!(seen, holders, "{:?}", q);
        }
    }

    /// On every target, under every query and as of every day a stance is
    /// dated, each actor holds one position: never both for and against.
    #[test]
    fn no_actor_both_supports_and_opposes_a_target(spec in spec()) {
        let ds = build(&spec, None);
        let graph = ClaimGraph::new(&ds);
        for day in days(&ds) {
            for q in queries() {
                let q = match day {
                    Some(d) => q.as_of(d),
                    None => q,
                };
                for target in node_ids(&graph) {
                    let all = positions(&graph, target, &q);
                    let ids = |hs: Vec<Holding>| -> BTreeSet<ActorId> {
                        hs.into_iter().map(|h| h.actor).collect()
                    };
                    let sup = ids(graph.supporters(target, &q).expect("a node"));
                    let opp = ids(graph.opponents(target, &q).expect("a node"));
                    prop_assert!(sup.is_disjoint(&opp), "{} on {}: {:?}", target, day.map(|d| d.to_string()).unwrap_or_default(), sup.intersection(&opp).collect::<Vec<_>>());
                    // One holding per actor, by id; the five lists split them.
                    let actors: Vec<&ActorId> = all.iter().map(|h| &h.actor).collect();
                    prop_assert!(actors.windows(2).all(|w| w[0] < w[1]));
                    let split = sup.len()
                        + opp.len()
                        + graph.neutral(target, &q).expect("a node").len()
                        + graph.mixed(target, &q).expect("a node").len()
                        + graph.no_comment(target, &q).expect("a node").len()
                        + graph.no_response(target, &q).expect("a node").len();
                    prop_assert_eq!(split, all.len());
                }
            }
        }
    }

    /// Roll-up through ties only adds: an actor's own position is the same
    /// with it on or off, unless that position is silence, which gives way
    /// to what one speaking for the actor said (and then the own silent
    /// stances stay in the basis). Every holding rests on stances or
    /// inferences, and `why` gives one evidence chain for each.
    #[test]
    fn roll_up_never_overrides_an_own_position(spec in spec()) {
        let ds = build(&spec, None);
        let graph = ClaimGraph::new(&ds);
        for q in queries().into_iter().filter(|q| !q.roll_up_members) {
            let rolled = q.clone().roll_up_members(true);
            for target in node_ids(&graph) {
                let own = positions(&graph, target, &q);
                let all = positions(&graph, target, &rolled);
                for h in &own {
                    prop_assert!(!h.is_rolled_up());
                    let rolled_h = all.iter().find(|x| x.actor == h.actor);
                    if h.position.is_silence() {
                        let r = rolled_h.expect("an own holding stays");
                        for b in &h.basis {
                            prop_assert!(r.basis.contains(b));
                        }
                    } else {
                        prop_assert_eq!(rolled_h, Some(h));
                    }
                }
                for h in &all {
                    prop_assert!(!h.basis.is_empty());
                    let why = graph
                        .why(h.actor.as_str(), target, &rolled)
                        .expect("an actor and a node");
                    prop_assert_eq!(why.position, Some(h.position));
                    let chains: Vec<&Option<StanceId>> = why.chains.iter().map(|c| &c.stance).collect();
                    let basis: Vec<&Option<StanceId>> = h.basis.iter().map(|b| &b.stance).collect();
                    prop_assert_eq!(chains, basis);
                }
            }
        }
    }

    /// Without roll-up through membership (whose ties are checked on the
    /// query's day), `as_of` gives what the dataset would give with the later
    /// stances left out.
    #[test]
    fn as_of_is_leaving_out_later_stances(spec in spec()) {
        let ds = build(&spec, None);
        let graph = ClaimGraph::new(&ds);
        for day in days(&ds).into_iter().flatten() {
            let mut earlier = Dataset::new();
            ds.sources().iter().for_each(|r| earlier.push(r.clone()));
            ds.actors().iter().for_each(|r| earlier.push(r.clone()));
            ds.proposals().iter().for_each(|r| earlier.push(r.clone()));
            ds.concessions().iter().for_each(|r| earlier.push(r.clone()));
            ds.claims().iter().for_each(|r| earlier.push(r.clone()));
            ds.quotes().iter().for_each(|r| earlier.push(r.clone()));
            for s in ds.stances() {
                if stance_date(&ds, s).is_none_or(|d| d <= day) {
                    earlier.push(s.clone());
                }
            }
            let before = ClaimGraph::new(&earlier);
            for q in queries().into_iter().filter(|q| !q.roll_up_members) {
                for target in node_ids(&graph) {
                    let limited = positions(&graph, target, &q.clone().as_of(day));
                    let unlimited = positions(&before, target, &q);
                    prop_assert_eq!(limited, unlimited, "{} as of {}", target, day);
                }
            }
        }
    }

    /// Answers do not depend on which file a record came from: the dataset
    /// split into two reports (each record in one, the other or both), merged
    /// either way round, answers as the whole does.
    #[test]
    fn answers_do_not_depend_on_which_file_a_record_came_from(spec in spec(), seed in any::<u64>()) {
        let ds = build(&spec, None);
        let (mut a, mut b) = (Dataset::new(), Dataset::new());
        let mut bits = seed;
        for r in ds.clone().into_records() {
            match bits % 3 {
                0 => a.push_record(r),
                1 => b.push_record(r),
                _ => {
                    a.push_record(r.clone());
                    b.push_record(r);
                }
            }
            bits = bits.rotate_right(2) ^ 0x9E37_79B9_7F4A_7C15;
        }
        let json = |v: &dyn erased::Json| v.json();
        let g = ClaimGraph::new(&ds);
        for merged in [a.merge(&b), b.merge(&a)] {
            prop_assert!(merged.conflicts.is_empty());
            let m = merged.dataset;
            prop_assert_eq!(m.len(), ds.len());
            let gm = ClaimGraph::new(&m);
            for q in &queries() {
                for target in node_ids(&g) {
                    prop_assert_eq!(
                        json(&g.positions(target, q).ok()),
                        json(&gm.positions(target, q).ok()),
                        "positions on {}", target
                    );
                }
                prop_assert_eq!(json(&g.conflicts(q)), json(&gm.conflicts(q)));
                prop_assert_eq!(json(&g.coalitions(q)), json(&gm.coalitions(q)));
            }
        }
    }

    /// A timeline reads each day as `positions` does as of that day. For
    /// every actor, target, query (inheritance aside: a timeline does not
    /// inherit) and dated entry of day D, with H the actor's holding in
    /// `positions(target, q.as_of(D))`:
    /// 1. the entry's stances that are not silence are exactly H's basis
    ///    dated D that is not silence — own stances, inferred support and
    ///    rolled-up stances alike, passing through the same ties;
    /// 2. so when H rests, silence aside, on stances of day D alone (none
    ///    earlier, none undated), the last entry at or before D whose
    ///    position is not silence is D's own, and its position is H's.
    ///
    /// Beyond that they may differ, as they should: H combines the latest
    /// stances of several days (its points, several organs, undated
    /// stances) where an entry holds one day's, and a tie that has ended
    /// since an earlier entry takes that entry's stances out of H.
    #[test]
    fn a_timeline_reads_each_day_as_positions_does(spec in spec()) {
        let ds = build(&spec, None);
        let graph = ClaimGraph::new(&ds);
        let json = |b: &Basis| serde_json::to_string(b).expect("a basis serialises");
        let spoken = |b: &&Basis| !b.position.is_silence();
        for q in queries().into_iter().filter(|q| !q.inherit_from_parent) {
            for i in 0..spec.actors {
                let actor = format!("a{i}");
                for target in node_ids(&graph) {
                    let t = graph.timeline(&actor, target, &q).expect("an actor and a node");
                    for (k, e) in t.entries.iter().enumerate() {
                        let Some(day) = e.date.map(|d| d.date()) else {
                            continue;
                        };
                        let hs = positions(&graph, target, &q.clone().as_of(day));
                        let h = hs.iter().find(|h| h.actor.as_str() == actor);
                        let held: Vec<&Basis> =
                            h.iter().flat_map(|h| h.basis.iter()).filter(spoken).collect();
                        let mut of_entry: Vec<String> =
                            e.basis.iter().filter(spoken).map(json).collect();
                        let mut of_day: Vec<String> = held
                            .iter()
                            .filter(|b| b.date.map(|d| d.date()) == Some(day))
                            .map(|b| json(b))
                            .collect();
                        of_entry.sort();
                        of_day.sort();
                        prop_assert_eq!(
                            &of_entry, &of_day,
                            "{} on {} as of {}, {:?}", actor, target, day, q
                        );
                        if let Some(h) = h
                            && !held.is_empty()
                            && held.iter().all(|b| b.date.map(|d| d.date()) == Some(day))
                        {
                            let last = t.entries[..=k]
                                .iter()
                                .rev()
                                .find(|e| e.date.is_some() && !e.position.is_silence());
                            prop_assert_eq!(last.map(|e| (e.date, e.position)), Some((e.date, h.position)));
                        }
                    }
                }
            }
        }
    }

    /// The order records were added in changes no answer.
    #[test]
    fn answers_do_not_depend_on_insertion_order(spec in spec(), seed in any::<u64>()) {
        let ds = build(&spec, None);
        let shuffled = build(&spec, Some(seed));
        let (g1, g2) = (ClaimGraph::new(&ds), ClaimGraph::new(&shuffled));
        let json = |v: &dyn erased::Json| v.json();
        let mut ids = node_ids(&g1);
        ids.sort_unstable();
        let mut ids2 = node_ids(&g2);
        ids2.sort_unstable();
        prop_assert_eq!(&ids, &ids2);
        let actors: Vec<String> = (0..spec.actors).map(|i| format!("a{i}")).collect();
        let mut qs = queries();
        qs.push(Query::new().as_of(when(3).date()));
        qs.push(Query::new().roll_up_members(true).roll_up_points(true).as_of(when(2).date()));
        for q in &qs {
            for target in &ids {
                prop_assert_eq!(
                    json(&g1.positions(target, q).ok()),
                    json(&g2.positions(target, q).ok()),
                    "positions on {}", target
                );
                for actor in &actors {
                    prop_assert_eq!(
                        json(&g1.timeline(actor, target, q).ok()),
                        json(&g2.timeline(actor, target, q).ok()),
                        "timeline of {} on {}", actor, target
                    );
                    prop_assert_eq!(
                        json(&g1.why(actor, target, q).ok()),
                        json(&g2.why(actor, target, q).ok())
                    );
                }
            }
            for actor in &actors {
                prop_assert_eq!(
                    json(&g1.stances_of(actor, q).ok()),
                    json(&g2.stances_of(actor, q).ok())
                );
            }
            prop_assert_eq!(json(&g1.conflicts(q)), json(&g2.conflicts(q)));
            prop_assert_eq!(json(&g1.coalitions(q)), json(&g2.coalitions(q)));
            prop_assert_eq!(json(&g1.points("plan", q).ok()), json(&g2.points("plan", q).ok()));
        }
        for target in &ids {
            prop_assert_eq!(json(&g1.balance(target).ok()), json(&g2.balance(target).ok()));
        }
    }
}

/// serde_json of any answer, behind one object-safe trait.
mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).expect("answers serialise")
        }
    }
}

proptest! {
    #![proptest_config(config())]

    /// `points` reads every point of the plan in one pass; each point's
    /// holdings are what `positions` reads on it alone, under every query
    /// and as of every day.
    #[test]
    fn points_read_each_point_as_positions_does(spec in spec()) {
        let ds = build(&spec, None);
        let graph = ClaimGraph::new(&ds);
        let expected: BTreeSet<String> = ds
            .proposals()
            .iter()
            .filter(|p| p.id != plan())
            .map(|p| p.id.to_string())
            .collect();
        for day in days(&ds) {
            for q in queries() {
                let q = match day {
                    Some(d) => q.as_of(d),
                    None => q,
                };
                let points = graph.points("plan", &q).expect("the plan has points");
                let listed: BTreeSet<String> = points.iter().map(|p| p.point.to_string()).collect();
                prop_assert_eq!(&listed, &expected);
                for p in &points {
                    let alone = positions(&graph, p.point.as_str(), &q);
                    prop_assert_eq!(
                        serde_json::to_string(&p.holdings).ok(),
                        serde_json::to_string(&alone).ok(),
                        "{} {:?}", p.point, q
                    );
                }
            }
        }
    }

    /// `why` reads only the actor (and those who may speak for it), yet
    /// gives the position and the stances `positions` gives it.
    #[test]
    fn why_answers_as_positions_does(spec in spec()) {
        let ds = build(&spec, None);
        let graph = ClaimGraph::new(&ds);
        let actors: Vec<String> = ds.actors().iter().map(|a| a.id.to_string()).collect();
        for q in queries() {
            for target in node_ids(&graph) {
                let hs = positions(&graph, target, &q);
                for actor in &actors {
                    let why = graph.why(actor, target, &q).expect("an actor and a record");
                    let held = hs.iter().find(|h| h.actor.as_str() == actor);
                    prop_assert_eq!(why.position, held.map(|h| h.position));
                    let chained: Vec<Option<String>> =
                        why.chains.iter().map(|c| c.stance.as_ref().map(ToString::to_string)).collect();
                    let based: Vec<Option<String>> = held
                        .into_iter()
                        .flat_map(|h| &h.basis)
                        .map(|b| b.stance.as_ref().map(ToString::to_string))
                        .collect();
                    prop_assert_eq!(chained, based);
                }
            }
        }
    }

    /// The estimate is the number of split targets the pairs list, and the
    /// pairs streamed are the pairs listed.
    #[test]
    fn the_conflicts_estimate_counts_the_split_targets(spec in spec()) {
        let ds = build(&spec, None);
        let graph = ClaimGraph::new(&ds);
        for q in queries() {
            let conflicts = graph.conflicts(&q);
            let splits: usize = conflicts.iter().map(|c| c.targets.len()).sum();
            prop_assert_eq!(graph.conflicts_estimate(&q), splits as u64);
            let mut streamed = Vec::new();
            graph.conflicts_each(&q, |c| streamed.push(c));
            prop_assert_eq!(streamed, conflicts);
        }
    }

    /// Coalitions are the connected groups of actors linked to the leaders
    /// of the sides they take — on each target, the actor on the side with
    /// a side on the most targets, then the first by id — where the two
    /// share a position on more targets than they split on: worked out here
    /// from `positions` on every record.
    #[test]
    fn coalitions_link_actors_to_the_leaders_of_their_sides(spec in spec()) {
        let ds = build(&spec, None);
        let graph = ClaimGraph::new(&ds);
        for q in queries() {
            let mut holders: BTreeSet<String> = BTreeSet::new();
            let mut sides: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
            let mut camps: BTreeMap<(String, i64), Vec<String>> = BTreeMap::new();
            for target in node_ids(&graph) {
                for h in positions(&graph, target, &q) {
                    holders.insert(h.actor.to_string());
                    let sign = match h.position {
                        Position::Supports => 1,
                        Position::Opposes => -1,
                        _ => continue,
                    };
                    sides.entry(h.actor.to_string()).or_default().insert(target.to_owned(), sign);
                    camps.entry((target.to_owned(), sign)).or_default().push(h.actor.to_string());
                }
            }
            let count = |a: &String| sides.get(a).map_or(0, BTreeMap::len);
            let net = |a: &String, b: &String| -> i64 {
                let (x, y) = (&sides[a], &sides[b]);
                x.iter().filter_map(|(t, s)| y.get(t).map(|u| s * u)).sum()
            };
            let mut group: BTreeMap<String, String> =
                holders.iter().map(|a| (a.clone(), a.clone())).collect();
            fn root(group: &BTreeMap<String, String>, a: &str) -> String {
                let mut at = a.to_owned();
                while group[&at] != at {
                    at = group[&at].clone();
                }
                at
            }
            for members in camps.values() {
                let leader = members
                    .iter()
                    .max_by(|a, b| count(a).cmp(&count(b)).then_with(|| b.cmp(a)))
                    .expect("a camp has members");
                for m in members.iter().filter(|m| *m != leader) {
                    if net(m, leader) > 0 {
                        let (x, y) = (root(&group, m), root(&group, leader));
                        let (lo, hi) = if x < y { (x, y) } else { (y, x) };
                        group.insert(hi, lo);
                    }
                }
            }
            let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for a in &holders {
                expected.entry(root(&group, a)).or_default().insert(a.clone());
            }
            let expected: BTreeSet<BTreeSet<String>> = expected.into_values().collect();
            let got: BTreeSet<BTreeSet<String>> = graph
                .coalitions(&q)
                .into_iter()
                .map(|c| c.members.iter().map(ToString::to_string).collect())
                .collect();
            prop_assert_eq!(got, expected, "{:?}", q);
        }
    }
}

proptest! {
    /// A path of ties read by its ends (`first`, `get`, `summary`, which
    /// never walk the middle) agrees with the path read whole.
    #[test]
    fn a_path_read_by_its_ends_agrees_with_it_whole(len in 0usize..24) {
        use claimgraph_graph::{Tie, Via};
        let id = |i: usize| ActorId::new(&format!("a{i}")).expect("a valid id");
        let kinds = [AffiliationKind::Role, AffiliationKind::Spokesperson, AffiliationKind::Part];
        let ties: Vec<Tie> = (0..len)
            .map(|i| Tie { from: Some(id(i)), to: id(i + 1), kind: kinds[i % 3], title: None })
            .collect();
        let via: Via = ties.clone().into();
        prop_assert_eq!(via.len(), len);
        prop_assert_eq!(via.to_vec(), ties.clone());
        prop_assert_eq!(via.first(), ties.first());
        prop_assert_eq!(via.last(), ties.last());
        for i in 0..=len {
            prop_assert_eq!(via.get(i), ties.get(i));
        }
        let s = via.summary();
        let shown: Vec<Tie> = s.shown().cloned().collect();
        if len <= Via::SHOWN_WHOLE {
            prop_assert_eq!((shown, s.omitted), (ties.clone(), 0));
        } else {
            let mut ends = ties[..Via::ENDS].to_vec();
            ends.extend_from_slice(&ties[len - Via::ENDS..]);
            prop_assert_eq!((shown, s.omitted), (ends, len - 2 * Via::ENDS));
        }
        // On its own a path serialises whole (a basis shows its summary).
        let whole = serde_json::to_value(&via).expect("JSON");
        prop_assert_eq!(whole.as_array().map(Vec::len), Some(len));
    }
}
