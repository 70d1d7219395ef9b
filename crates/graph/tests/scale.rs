//! The shapes that made queries quadratic or worse: many actors on one
//! target, one actor per target, deep chains of points and of ties. Each
//! runs at a size the old code could not finish in minutes (or in memory),
//! under a bound generous enough for a debug build on a slow machine, and
//! checks the answer's shape, including what keeps it small. Timings are in
//! `benches/queries.rs`, not here.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use claimgraph_core::{
    Actor, ActorId, ActorKind, Affiliation, AffiliationKind, Claim, ClaimId, Dataset, Evidence,
    Position, Proposal, ProposalId, RecordId, Source, SourceId, Stance, StanceId,
};
use claimgraph_graph::{ClaimGraph, Query};

/// Runs `f` on its own thread and fails when it takes longer than `secs`.
fn within<T: Send + 'static>(secs: u64, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(v) => v,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what} took over {secs} s"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what} panicked"),
    }
}

fn aid(i: usize) -> ActorId {
    ActorId::new(&format!("a{i:06}")).expect("a valid id")
}

fn pid(i: usize) -> ProposalId {
    ProposalId::new(&format!("p{i:06}")).expect("a valid id")
}

fn source() -> SourceId {
    SourceId::new("src").expect("a valid id")
}

fn stance(i: usize, holder: ActorId, target: impl Into<RecordId>, position: Position) -> Stance {
    let id = StanceId::new(&format!("s{i:06}")).expect("a valid id");
    let mut s = Stance::new(id, holder, target.into(), position);
    s.evidence.push(Evidence::source(source()));
    s
}

/// A dataset of `actors` people, the proposals and claims given, and stances.
fn dataset(
    actors: Vec<Actor>,
    proposals: Vec<Proposal>,
    claims: Vec<Claim>,
    stances: Vec<Stance>,
) -> Dataset {
    let mut ds = Dataset::new();
    ds.push(Source::new(source(), "An article"));
    actors.into_iter().for_each(|r| ds.push(r));
    proposals.into_iter().for_each(|r| ds.push(r));
    claims.into_iter().for_each(|r| ds.push(r));
    stances.into_iter().for_each(|r| ds.push(r));
    ds
}

fn people(n: usize) -> Vec<Actor> {
    (0..n)
        .map(|i| Actor::new(aid(i), format!("Actor {i}"), ActorKind::Person))
        .collect()
}

/// `n` points, each part of the one before it, under proposal `p000000`;
/// the last is `p{n}`.
fn chain(n: usize) -> Vec<Proposal> {
    (0..=n)
        .map(|i| {
            let mut p = Proposal::new(pid(i), format!("Point {i}"));
            if i > 0 {
                p.part_of = Some(pid(i - 1));
            }
            p
        })
        .collect()
}

/// One actor per claim, each supporting its own: no two share a target, so
/// every actor is a coalition of its own. The old code compared every
/// coalition with every target: 4·10^8 steps at this size.
#[test]
fn coalitions_of_one_actor_per_target_take_one_pass() {
    const N: usize = 20_000;
    let sizes = within(120, "coalitions of 20,000 lone actors", || {
        let claims: Vec<Claim> = (0..N)
            .map(|i| Claim::new(ClaimId::new(&format!("c{i:06}")).expect("valid"), "A claim"))
            .collect();
        let stances = (0..N)
            .map(|i| stance(i, aid(i), &claims[i].id, Position::Supports))
            .collect();
        let ds = dataset(people(N), Vec::new(), claims, stances);
        let graph = ClaimGraph::new(&ds);
        let coalitions = graph.coalitions(&Query::new());
        assert!(coalitions.iter().all(|c| c.binding.is_empty()));
        coalitions
            .iter()
            .map(|c| c.members.len())
            .collect::<Vec<_>>()
    });
    assert_eq!(sizes, vec![1; N]);
}

/// 10^5 actors on one proposal, split down the middle: the supporters are
/// one coalition and the opponents another. The old code kept a count for
/// each of the 5·10^9 pairs and ran out of memory.
#[test]
fn coalitions_of_many_actors_on_one_target_are_its_two_sides() {
    const N: usize = 100_000;
    let answer = within(180, "coalitions of 10^5 actors on one target", || {
        let stances = (0..N)
            .map(|i| {
                let side = if i % 2 == 0 {
                    Position::Supports
                } else {
                    Position::Opposes
                };
                stance(i, aid(i), pid(0), side)
            })
            .collect();
        let ds = dataset(people(N), chain(0), Vec::new(), stances);
        let graph = ClaimGraph::new(&ds);
        let coalitions = graph.coalitions(&Query::new());
        coalitions
            .iter()
            .map(|c| {
                let b = &c.binding;
                (
                    c.members.len(),
                    c.members[0].to_string(),
                    b.len(),
                    b.first()
                        .map(|b| (b.position, b.members.len(), b.basis.len())),
                )
            })
            .collect::<Vec<_>>()
    });
    let half = N / 2;
    assert_eq!(
        answer,
        [
            (
                half,
                "a000000".into(),
                1,
                Some((Position::Supports, half, half))
            ),
            (
                half,
                "a000001".into(),
                1,
                Some((Position::Opposes, half, half))
            ),
        ]
    );
}

/// 10^4 actors split on one target are 2.5·10^7 pairs: known before the
/// first is made, and taken one at a time without building the rest.
#[test]
fn conflicts_on_a_huge_split_are_estimated_and_streamed() {
    const N: usize = 10_000;
    let (estimate, first) = within(120, "the first conflicts of 10^4 actors split", || {
        let stances = (0..N)
            .map(|i| {
                let side = if i % 2 == 0 {
                    Position::Supports
                } else {
                    Position::Opposes
                };
                stance(i, aid(i), pid(0), side)
            })
            .collect();
        let ds = dataset(people(N), chain(0), Vec::new(), stances);
        let graph = ClaimGraph::new(&ds);
        let q = Query::new();
        let estimate = graph.conflicts_estimate(&q);
        let first: Vec<(String, String, usize)> = graph
            .conflicts_iter(&q)
            .take(3)
            .map(|c| (c.a.to_string(), c.b.to_string(), c.targets.len()))
            .collect();
        (estimate, first)
    });
    assert_eq!(estimate, 25_000_000);
    let pair = |b: &str| ("a000000".to_owned(), b.to_owned(), 1);
    assert_eq!(first, [pair("a000001"), pair("a000003"), pair("a000005")]);
}

/// A chain of 3·10^4 points, with two stances at its foot and one on its
/// top: rolled up, every point is contested; inherited from the top, every
/// point but the foot is unopposed. The old code read every point's descendants (or
/// ancestors) again for each point: 9·10^8 steps.
#[test]
fn contested_and_unopposed_read_a_deep_chain_once() {
    const N: usize = 30_000;
    let (rolled, inherited, conflicts) = within(180, "a chain of 3·10^4 points", || {
        let stances = vec![
            stance(0, aid(0), pid(N), Position::Supports),
            stance(1, aid(1), pid(N), Position::Opposes),
            stance(2, aid(2), pid(0), Position::Supports),
        ];
        let ds = dataset(people(3), chain(N), Vec::new(), stances);
        let graph = ClaimGraph::new(&ds);
        let top = pid(0);
        let rolled = graph
            .contested(&top, &Query::new().roll_up_points(true))
            .expect("the chain's top is a proposal");
        let inherited = graph
            .unopposed(&top, &Query::new().inherit_from_parent(true))
            .expect("the chain's top is a proposal");
        let conflicts = graph.conflicts(&Query::new().roll_up_points(true));
        (
            (rolled.len(), rolled.iter().all(|p| p.holdings.len() == 2)),
            (
                inherited.len(),
                inherited.iter().all(|p| p.supporters == [aid(2)]),
            ),
            conflicts
                .iter()
                .map(|c| (c.a.to_string(), c.b.to_string(), c.targets.len()))
                .collect::<Vec<_>>(),
        )
    });
    assert_eq!(rolled, (N, true));
    // The foot has its own opponent; every other point inherits support.
    assert_eq!(inherited, (N - 1, true));
    // Every point of the chain splits the two at its foot; the top also
    // splits the one against it from the one for the whole.
    assert_eq!(
        conflicts,
        [
            ("a000000".into(), "a000001".into(), N + 1),
            ("a000001".into(), "a000002".into(), 1)
        ]
    );
}

/// Counts the bytes written to it, and refuses more than `cap`: an answer
/// that grows quadratically fails here in moments instead of filling memory.
struct Capped {
    written: usize,
    cap: usize,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.written += buf.len();
        if self.written > self.cap {
            return Err(std::io::Error::other(format!(
                "more than {} bytes of JSON",
                self.cap
            )));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A chain of 10^5 organs, each part of the next, the first supporting a
/// proposal: rolled up, all 10^5 + 1 hold it and are one coalition. The
/// path to the top is 10^5 ties long; the old code built each of the 10^5
/// paths whole (5·10^9 ties) and ran out of memory, and later wrote each
/// whole into the answer: 5·10^9 ties of JSON, some 500 GB. Each basis now
/// shows the ends of its path, so the answer is O(n): under 1 kB an actor.
#[test]
fn roll_up_through_a_deep_chain_of_ties_is_linear() {
    const N: usize = 100_000;
    let (holdings, top_via, shown, json, coalitions) =
        within(180, "roll-up through 10^5 ties", || {
            let mut actors = people(N + 1);
            for (i, organ) in actors.iter_mut().take(N).enumerate() {
                organ
                    .affiliations
                    .push(Affiliation::new(aid(i + 1), AffiliationKind::Part));
            }
            let stances = vec![stance(0, aid(0), pid(0), Position::Supports)];
            let ds = dataset(actors, chain(0), Vec::new(), stances);
            let graph = ClaimGraph::new(&ds);
            let q = Query::new().roll_up_members(true);
            let holdings = graph.positions(pid(0), &q).expect("a proposal");
            let top = holdings.iter().find(|h| h.actor == aid(N)).map(|h| {
                let via = &h.basis[0].via;
                (via.len(), via.last().map(|t| t.to.to_string()))
            });
            // Every path's ends, without walking any path's middle.
            let shown: usize = holdings
                .iter()
                .flat_map(|h| &h.basis)
                .map(|b| b.via.summary().shown().count())
                .sum();
            let mut out = Capped {
                written: 0,
                cap: 1000 * (N + 1),
            };
            let json = serde_json::to_writer(&mut out, &holdings)
                .map(|()| out.written)
                .map_err(|e| e.to_string());
            let coalitions: Vec<(usize, usize, usize)> = graph
                .coalitions(&q)
                .iter()
                .map(|c| (c.members.len(), c.binding.len(), c.binding[0].basis.len()))
                .collect();
            (holdings.len(), top, shown, json, coalitions)
        });
    assert_eq!(holdings, N + 1);
    assert_eq!(top_via, Some((N, Some(aid(N).to_string()))));
    // Paths of 0..=5 ties are shown whole (15 ties), the rest by 4.
    assert_eq!(shown, 15 + 4 * (N - 5));
    let json = json.expect("the answer is linear in the actors");
    assert!(json > 100 * N, "{json} bytes");
    // One stance binds them all, listed once, not once per member.
    assert_eq!(coalitions, [(N + 1, 1, 1)]);
}
