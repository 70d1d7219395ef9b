//! The rules a story told over several reports relies on, each on a small
//! hand-made dataset: which ties carry a position, inferred proposer support,
//! timelines to and from silence with roll-up, same-as judgements, and
//! proposals compared point by point and number by number.

use claimgraph_core::{
    ActorKind, Comparator, ConcessionStatus, Dataset, DatasetBuilder, Judgement, ObligationKind,
    Position::{self, *},
    Quantity, QuoteMode, When,
};
use claimgraph_graph::{Attribution, ClaimGraph, Inferred, PointStatus, Query, Relationship};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn table(hs: &[claimgraph_graph::Holding]) -> Vec<(String, Position)> {
    hs.iter()
        .map(|h| (h.actor.to_string(), h.position))
        .collect()
}

fn day(s: &str) -> When {
    s.parse().expect("a valid date")
}

/// Russia with a spokesperson, a president, an organ and a member-state
/// union; the U.S. plan; the Europeans' counter-proposal.
fn story() -> Result<Dataset, Box<dyn std::error::Error>> {
    let mut b = DatasetBuilder::new();
    let d20 = b
        .source("r20", "Report of 20 Nov")
        .published("2025-11-20")
        .id();
    let d21 = b
        .source("r21", "Report of 21 Nov")
        .published("2025-11-21")
        .id();
    let d25 = b
        .source("r25", "Report of 25 Nov")
        .published("2025-11-25")
        .id();
    b.actor("eu", "European Union", ActorKind::Organisation);
    b.actor("europeans", "the Europeans", ActorKind::Group);
    b.actor("uk", "United Kingdom", ActorKind::State)
        .country("GBR")
        .member_of("europeans");
    b.actor("france", "France", ActorKind::State)
        .country("FRA")
        .member_of("eu")
        .member_of("europeans");
    b.actor("kallas", "Kaja Kallas", ActorKind::Person)
        .role("eu", "foreign policy chief");
    b.actor("russia", "Russia", ActorKind::State).country("RUS");
    b.actor("peskov", "Dmitry Peskov", ActorKind::Person)
        .spokesperson_for("russia", "Kremlin spokesman");
    b.actor("putin", "Vladimir Putin", ActorKind::Person)
        .role("russia", "President");
    b.actor("mfa", "Russian foreign ministry", ActorKind::Government)
        .part_of("russia");
    b.actor("us", "U.S. government", ActorKind::Government);
    b.proposal("plan", "28-point plan")
        .proposed_by("us")
        .date("2025-11-19")
        .source(&d20);
    b.point("plan/army", "plan", "army cap", "Army capped")
        .quantity(Quantity::new(
            "armed forces",
            Comparator::AtMost,
            600_000.0,
            "personnel",
        ));
    b.concession("cap", "ukraine", "the size of its army")
        .to("russia")
        .required_by("plan/army");
    b.actor("ukraine", "Ukraine", ActorKind::State);
    b.proposal("counter", "European counter-proposal")
        .proposed_by("uk")
        .proposed_by("france")
        .answers("plan")
        .date("2025-11-23");
    b.point("counter/army", "counter", "army cap", "Army capped higher")
        .answers("plan/army")
        .quantity(Quantity::new(
            "armed forces",
            Comparator::AtMost,
            800_000.0,
            "personnel",
        ));
    b.point(
        "counter/land",
        "counter",
        "territory",
        "Talks from the line of contact",
    );
    b.concession("no-more-land", "ukraine", "further territory in the Donbas")
        .to("russia")
        .status(ConcessionStatus::Excluded)
        .required_by("counter/land");
    b.obligation("guarantee", "us", "a security guarantee")
        .to("ukraine")
        .kind(ObligationKind::SecurityGuarantee)
        .required_by("counter");
    // Peskov declines on the 20th; the ministry declines on the 21st, the
    // day Putin backs the plan as a basis.
    let q1 = b
        .quote("q-peskov", "peskov", &d20, QuoteMode::NoComment, "")
        .id();
    b.stance("s-peskov", "peskov", "plan", NoComment).quote(&q1);
    let q2 = b
        .quote(
            "q-putin",
            "putin",
            &d21,
            QuoteMode::Paraphrase,
            "the plan could be a basis",
        )
        .id();
    b.stance("s-putin", "putin", "plan", Supports)
        .condition("as a basis for a settlement")
        .quote(&q2);
    let q3 = b.quote("q-mfa", "mfa", &d21, QuoteMode::NoComment, "").id();
    b.stance("s-mfa", "mfa", "plan", NoComment).quote(&q3);
    // France (a member of the EU) opposes the plan; Kallas is silent.
    b.stance("s-france", "france", "plan", Opposes).source(&d25);
    Ok(b.build()?)
}

#[test]
fn a_member_does_not_speak_for_its_union_but_an_office_an_organ_and_a_spokesperson_do() -> TestResult
{
    let ds = story()?;
    let graph = ClaimGraph::new(&ds);
    let q = Query::new().roll_up_members(true);
    let hs = graph.positions("plan", &q)?;
    let t = table(&hs);
    // France opposes; the EU holds nothing of it.
    assert!(t.contains(&("france".into(), Opposes)));
    assert!(!t.iter().any(|(a, _)| a == "eu" || a == "europeans"));
    // Russia: Putin's support (role) outweighs the ministry's and Peskov's
    // silence: no comment from one organ does not drown out another.
    let russia = hs
        .iter()
        .find(|h| h.actor.as_str() == "russia")
        .expect("russia");
    assert_eq!(russia.position, Supports);
    let putin = russia
        .basis
        .iter()
        .find(|b| b.holder.as_str() == "putin")
        .expect("Putin's stance");
    assert_eq!(putin.via[0].kind.as_str(), "role");
    assert_eq!(putin.conditions, ["as a basis for a settlement"]);
    // As of the 20th only Peskov has spoken: Russia declines to comment,
    // through its spokesperson.
    let hs = graph.positions("plan", &q.clone().as_of(day("2025-11-20")))?;
    let russia = hs
        .iter()
        .find(|h| h.actor.as_str() == "russia")
        .expect("russia");
    assert_eq!(russia.position, NoComment);
    assert_eq!(russia.basis[0].via[0].kind.as_str(), "spokesperson");
    // `why` names the tie each step used.
    let why = graph.why("Russia", "28-point plan", &q)?;
    assert!(
        why.chains
            .iter()
            .any(|c| c.via.iter().any(|t| t.to.as_str() == "russia"))
    );
    Ok(())
}

#[test]
fn the_european_counter_proposal_is_not_the_eus() -> TestResult {
    let ds = story()?;
    let graph = ClaimGraph::new(&ds);
    let hs = graph.positions("counter", &Query::new().roll_up_members(true))?;
    // Its proposers back it (inferred); the union and the group do not.
    assert_eq!(
        table(&hs),
        [("france".to_owned(), Supports), ("uk".to_owned(), Supports)]
    );
    Ok(())
}

#[test]
fn a_proposer_supports_its_proposal_unless_it_says_otherwise() -> TestResult {
    let ds = story()?;
    let graph = ClaimGraph::new(&ds);
    let sup = graph.supporters("plan", &Query::new())?;
    let us = sup
        .iter()
        .find(|h| h.actor.as_str() == "us")
        .expect("the proposer");
    assert!(us.is_inferred());
    assert_eq!(us.basis[0].inferred, Some(Inferred::ProposedIt));
    assert_eq!(us.basis[0].stance, None);
    // Shown as inferred, with the proposal's sources as its documents.
    let why = graph.why("us", "plan", &Query::new())?;
    assert_eq!(why.chains[0].inferred, Some(Inferred::ProposedIt));
    assert!(matches!(
        why.chains[0].evidence[0].attribution,
        Attribution::Document
    ));
    // Conflicts need no invented stance: the proposer against France.
    let conflicts = graph.conflicts(&Query::new());
    assert!(
        conflicts
            .iter()
            .any(|c| c.a.as_str() == "france" && c.b.as_str() == "us")
    );
    // Before the plan was put forward, nothing is inferred.
    let early = graph.supporters("plan", &Query::new().as_of(day("2025-11-18")))?;
    assert!(early.iter().all(|h| h.actor.as_str() != "us"));
    // A stance of its own wins over the inference.
    let mut b = DatasetBuilder::from_dataset(ds.clone());
    let src = b
        .source("r26", "Report of 26 Nov")
        .published("2025-11-26")
        .id();
    b.stance("s-us-mixed", "us", "plan", Mixed).source(&src);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let hs = graph.positions("plan", &Query::new())?;
    let us = hs.iter().find(|h| h.actor.as_str() == "us").expect("us");
    assert_eq!(us.position, Mixed);
    assert!(!us.is_inferred());
    Ok(())
}

#[test]
fn a_timeline_rolls_up_when_asked_and_marks_every_change_to_and_from_silence() -> TestResult {
    let ds = story()?;
    let graph = ClaimGraph::new(&ds);
    // Russia said nothing itself.
    let own = graph.timeline("russia", "plan", &Query::new())?;
    assert!(own.entries.is_empty() && !own.rolled_up_members);
    let t = graph.timeline("russia", "plan", &Query::new().roll_up_members(true))?;
    assert!(t.rolled_up_members);
    let entries: Vec<(String, Position)> = t
        .entries
        .iter()
        .map(|e| {
            (
                e.date.map(|d| d.to_string()).unwrap_or_default(),
                e.position,
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("2025-11-20".to_owned(), NoComment),
            ("2025-11-21".to_owned(), Supports)
        ]
    );
    assert_eq!(t.changes.len(), 1);
    assert_eq!((t.changes[0].from, t.changes[0].to), (NoComment, Supports));
    // Each rolled-up stance names its tie.
    assert!(t.entries[0].basis.iter().all(|b| !b.via.is_empty()));
    // Peskov declining again after Putin has spoken is not Russia's
    // no-comment: another who speaks for it has taken a position.
    let mut b = DatasetBuilder::from_dataset(ds);
    let src = b
        .source("r27", "Report of 27 Nov")
        .published("2025-11-27")
        .id();
    let q = b
        .quote("q-peskov-2", "peskov", &src, QuoteMode::NoComment, "")
        .id();
    b.stance("s-peskov-2", "peskov", "plan", NoComment)
        .quote(&q);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let t = graph.timeline("russia", "plan", &Query::new().roll_up_members(true))?;
    assert_eq!(t.entries.len(), 2);
    assert_eq!(t.changes.len(), 1);
    // A return to silence by Russia itself is a change ...
    let mut b = DatasetBuilder::from_dataset(ds);
    let src = b
        .source("r28", "Report of 28 Nov")
        .published("2025-11-28")
        .id();
    b.stance("s-russia", "russia", "plan", NoComment)
        .source(&src);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let t = graph.timeline("russia", "plan", &Query::new().roll_up_members(true))?;
    let last = t.changes.last().expect("a change");
    assert_eq!((last.from, last.to), (Supports, NoComment));
    assert_eq!(last.date.to_string(), "2025-11-28");
    // ... while the position as of that day stays support: declining to
    // comment is not taking a position.
    let hs = graph.positions("plan", &Query::new().roll_up_members(true))?;
    let russia = hs
        .iter()
        .find(|h| h.actor.as_str() == "russia")
        .expect("russia");
    assert_eq!(russia.position, Supports);
    Ok(())
}

#[test]
fn same_as_judgements_answer_in_the_canonical_id_and_keep_the_original_in_the_evidence()
-> TestResult {
    let mut b = DatasetBuilder::from_dataset(story()?);
    let src = b
        .source("r24", "Report of 24 Nov")
        .published("2025-11-24")
        .id();
    b.actor("moscow", "Moscow", ActorKind::Government);
    b.stance("s-moscow", "moscow", "counter", Opposes)
        .source(&src);
    // Unjudged: two actors, and a warning that they are probably one.
    let unjudged = b.dataset().clone();
    assert!(
        unjudged
            .validate()
            .warnings()
            .any(|p| p.to_string().contains("capital of RUS"))
    );
    b.same_as("same-moscow", "russia", "moscow", Judgement::Positive)
        .decided_by("desk")
        .reason("Moscow stands for the Russian state");
    let ds = b.build()?;
    assert_eq!(ds.validate().warnings().count(), 0, "{}", ds.validate());
    let graph = ClaimGraph::new(&ds);
    let hs = graph.opponents("counter", &Query::new())?;
    assert_eq!(table(&hs), [("russia".to_owned(), Opposes)]);
    assert_eq!(hs[0].basis[0].holder.as_str(), "moscow");
    // Either id, or the name of either, finds the one actor.
    assert_eq!(graph.find_actor("Moscow")?.as_str(), "russia");
    let by_alias = graph.stances_of("moscow", &Query::new())?;
    assert!(by_alias.iter().any(|s| s.id.as_str() == "s-moscow"));
    // A later negative judgement undoes it: two actors again.
    let mut b = DatasetBuilder::from_dataset(ds);
    b.same_as("not-moscow", "moscow", "russia", Judgement::Negative)
        .date("2025-12-01");
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let hs = graph.opponents("counter", &Query::new())?;
    assert_eq!(table(&hs), [("moscow".to_owned(), Opposes)]);
    Ok(())
}

#[test]
fn a_counter_proposal_compares_point_by_point_with_numbers_and_balances() -> TestResult {
    let ds = story()?;
    let graph = ClaimGraph::new(&ds);
    let cmp = graph.compare("plan", "European counter-proposal")?;
    assert_eq!(
        cmp.relationship,
        Relationship::Alternatives {
            answered: "plan".parse()?,
            answering: "counter".parse()?
        }
    );
    let statuses: Vec<PointStatus> = cmp.rows.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [PointStatus::Matched, PointStatus::OnlyRight]);
    let army = &cmp.rows[0];
    assert_eq!(army.quantities.len(), 1);
    assert_eq!(army.quantities[0].difference, Some(200_000.0));
    assert!(army.changed.contains(&"quantities".to_owned()));
    // What the counter-proposal explicitly does not demand.
    assert_eq!(cmp.right_balance.not_demanded.len(), 1);
    assert!(cmp.right_balance.parties.iter().all(|p| p.gives.is_empty()));
    // Ukraine gives up its army size under the plan, and nothing under the
    // counter-proposal, where the U.S. owes it a guarantee.
    let ukraine = |b: &claimgraph_graph::Balance| {
        b.parties
            .iter()
            .find(|p| p.actor.as_str() == "ukraine")
            .cloned()
    };
    assert_eq!(ukraine(&cmp.left_balance).map(|p| p.gives.len()), Some(1));
    let owed = ukraine(&cmp.right_balance).map(|p| p.owed.len());
    assert_eq!(owed, Some(1));
    Ok(())
}

#[test]
fn two_versions_map_each_point_as_kept_changed_added_or_dropped() -> TestResult {
    let mut b = DatasetBuilder::new();
    b.actor("ukraine", "Ukraine", ActorKind::State);
    b.proposal("v1", "28-point plan");
    b.point("v1/a", "v1", "1", "Same point");
    b.point("v1/b", "v1", "2", "Army cap")
        .quantity(Quantity::new(
            "army",
            Comparator::AtMost,
            600_000.0,
            "troops",
        ));
    b.point("v1/c", "v1", "3", "Amnesty");
    b.proposal("v2", "19-point plan").supersedes("v1");
    b.point("v2/a", "v2", "1", "Same point").supersedes("v1/a");
    b.point("v2/b", "v2", "2", "Army cap")
        .supersedes("v1/b")
        .quantity(Quantity::new(
            "army",
            Comparator::AtMost,
            800_000.0,
            "troops",
        ));
    b.point("v2/d", "v2", "3", "Guarantees");
    b.proposal("v3", "Later plan").supersedes("v2");
    b.point("v3/a", "v3", "1", "Same point").supersedes("v2/a");
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let cmp = graph.compare("v1", "v2")?;
    let rows: Vec<(Option<&str>, Option<&str>, PointStatus)> = cmp
        .rows
        .iter()
        .map(|r| {
            (
                r.left.as_ref().map(|s| s.id.as_str()),
                r.right.as_ref().map(|s| s.id.as_str()),
                r.status,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (Some("v1/a"), Some("v2/a"), PointStatus::Kept),
            (Some("v1/b"), Some("v2/b"), PointStatus::Changed),
            (Some("v1/c"), None, PointStatus::Dropped),
            (None, Some("v2/d"), PointStatus::Added),
        ]
    );
    // The other way round, the names swap.
    let back = graph.compare("v2", "v1")?;
    assert_eq!(back.rows[2].status, PointStatus::Added);
    assert_eq!(back.rows[1].quantities[0].difference, Some(-200_000.0));
    // Through a version between: v3's point carries v1's over.
    let far = graph.compare("v1", "v3")?;
    assert_eq!(far.rows[0].status, PointStatus::Kept);
    assert!(matches!(far.relationship, Relationship::Versions { .. }));
    Ok(())
}

#[test]
fn evidence_prints_paraphrase_without_quotation_marks_and_silence_cleanly() -> TestResult {
    let ds = story()?;
    let graph = ClaimGraph::new(&ds);
    let why = graph.why("putin", "plan", &Query::new())?;
    let line = why.chains[0].evidence[0].to_string();
    assert!(!line.contains('“') && !line.contains('"'), "{line}");
    assert!(
        line.contains("Vladimir Putin (paraphrased): the plan could be a basis"),
        "{line}"
    );
    let why = graph.why("peskov", "plan", &Query::new())?;
    let line = why.chains[0].evidence[0].to_string();
    assert!(
        line.starts_with("Dmitry Peskov declined to comment ["),
        "{line}"
    );
    assert!(!line.contains("“”"), "{line}");
    Ok(())
}

#[test]
fn no_response_is_not_no_comment() -> TestResult {
    let mut b = DatasetBuilder::from_dataset(story()?);
    let src = b
        .source("r22", "Report of 22 Nov")
        .published("2025-11-22")
        .id();
    let q = b.quote("q-uk", "uk", &src, QuoteMode::NoResponse, "").id();
    b.stance("s-uk", "uk", "plan", NoResponse).quote(&q);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let q = Query::new();
    assert_eq!(graph.no_response("plan", &q)?.len(), 1);
    assert!(
        graph
            .no_comment("plan", &q)?
            .iter()
            .all(|h| h.actor.as_str() != "uk")
    );
    let why = graph.why("uk", "plan", &q)?;
    assert!(
        why.chains[0].evidence[0]
            .to_string()
            .contains("did not respond")
    );
    Ok(())
}

/// A state with a government (an organ) that has a spokesperson, and a
/// ministry (another organ): the government speaks for itself from the day
/// it takes a position of its own.
fn state_with_organs() -> Result<Dataset, Box<dyn std::error::Error>> {
    let mut b = DatasetBuilder::new();
    let src = |b: &mut DatasetBuilder, day: u8| {
        b.source(&format!("r{day}"), &format!("Report of {day} Nov"))
            .published(&format!("2025-11-{day:02}"))
            .id()
    };
    let (r10, r11, r12, r13) = (
        src(&mut b, 10),
        src(&mut b, 11),
        src(&mut b, 12),
        src(&mut b, 13),
    );
    b.actor("state", "State", ActorKind::State);
    b.actor("gov", "Government", ActorKind::Government)
        .part_of("state");
    b.actor("spox", "Spokesperson", ActorKind::Person)
        .spokesperson_for("gov", "spokesperson");
    b.actor("ministry", "Ministry", ActorKind::Government)
        .part_of("state");
    b.proposal("p", "Plan");
    // The 10th: only the spokesperson has spoken; it reaches the state
    // through the government.
    b.stance("s-spox", "spox", "p", Supports).source(&r10);
    // The 11th: the government opposes; from now on it speaks for itself
    // and for its spokesperson, whose support that day does not pass it.
    b.stance("s-gov", "gov", "p", Opposes).source(&r11);
    b.stance("s-spox-2", "spox", "p", Supports).source(&r11);
    // The 12th: the ministry's no-comment is not the state's: another
    // organ has spoken.
    b.stance("s-ministry", "ministry", "p", NoComment)
        .source(&r12);
    // The 13th: the state itself declines to comment: a change.
    b.stance("s-state", "state", "p", NoComment).source(&r13);
    Ok(b.build()?)
}

#[test]
fn a_rolled_up_timeline_follows_the_rules_of_positions_day_by_day() -> TestResult {
    let ds = state_with_organs()?;
    let graph = ClaimGraph::new(&ds);
    let q = Query::new().roll_up_members(true);
    let t = graph.timeline("state", "p", &q)?;
    let entries: Vec<(String, Position, Vec<String>)> = t
        .entries
        .iter()
        .map(|e| {
            (
                e.date.map(|d| d.to_string()).unwrap_or_default(),
                e.position,
                e.basis
                    .iter()
                    .map(|b| {
                        b.stance
                            .as_ref()
                            .map_or("(inferred)".into(), |s| s.to_string())
                    })
                    .collect(),
            )
        })
        .collect();
    let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        entries,
        [
            ("2025-11-10".to_owned(), Supports, v(&["s-spox"])),
            ("2025-11-11".to_owned(), Opposes, v(&["s-gov"])),
            ("2025-11-13".to_owned(), NoComment, v(&["s-state"])),
        ]
    );
    let changes: Vec<(String, Position, Position)> = t
        .changes
        .iter()
        .map(|c| (c.date.to_string(), c.from, c.to))
        .collect();
    assert_eq!(
        changes,
        [
            ("2025-11-11".to_owned(), Supports, Opposes),
            ("2025-11-13".to_owned(), Opposes, NoComment),
        ]
    );
    // The spokesperson's support passes through the government, named.
    let via: Vec<String> = t.entries[0].basis[0]
        .via
        .iter()
        .map(|t| t.to_string())
        .collect();
    assert_eq!(
        via,
        [
            "spox (spokesperson: spokesperson) -> gov",
            "gov (part) -> state"
        ]
    );
    // `positions` as of each day agrees with the last position taken; the
    // state's own no-comment gives way there, as silence does.
    let state_on = |d: &str| -> Result<Option<Position>, Box<dyn std::error::Error>> {
        Ok(graph
            .positions("p", &q.clone().as_of(day(d)))?
            .into_iter()
            .find(|h| h.actor.as_str() == "state")
            .map(|h| h.position))
    };
    assert_eq!(state_on("2025-11-10")?, Some(Supports));
    assert_eq!(state_on("2025-11-11")?, Some(Opposes));
    assert_eq!(state_on("2025-11-12")?, Some(Opposes));
    assert_eq!(state_on("2025-11-13")?, Some(Opposes));
    Ok(())
}

#[test]
fn words_of_one_who_speaks_for_the_holder_through_a_chain_of_ties_are_on_its_behalf() -> TestResult
{
    let mut b = DatasetBuilder::new();
    let src = b
        .source("r20", "Report of 20 Nov")
        .published("2025-11-20")
        .id();
    b.actor("state", "State", ActorKind::State);
    // The government is an organ of the state until the 15th only.
    b.actor("gov", "Government", ActorKind::Government)
        .part_of("state");
    b.actor("old-gov", "Former government", ActorKind::Government)
        .part_of("state")
        .until("2025-11-15");
    b.actor("spox", "Spokesperson", ActorKind::Person)
        .spokesperson_for("gov", "spokesperson");
    b.actor("old-spox", "Former spokesperson", ActorKind::Person)
        .spokesperson_for("old-gov", "spokesperson");
    // Membership carries nothing, at any depth.
    b.actor("union", "Union", ActorKind::Organisation);
    b.actor("member", "Member", ActorKind::State)
        .member_of("union");
    b.actor("member-spox", "Member's spokesperson", ActorKind::Person)
        .spokesperson_for("member", "spokesperson");
    b.proposal("p", "Plan");
    let q = b
        .quote("q", "spox", &src, QuoteMode::Indirect, "The state backs it")
        .id();
    b.stance("s", "state", "p", Supports).quote(&q);
    let q_old = b
        .quote(
            "q-old",
            "old-spox",
            &src,
            QuoteMode::Indirect,
            "The state backs it",
        )
        .id();
    b.stance("s-old", "state", "p", Supports).quote(&q_old);
    let q_union = b
        .quote(
            "q-union",
            "member-spox",
            &src,
            QuoteMode::Indirect,
            "The union backs it",
        )
        .id();
    b.stance("s-union", "union", "p", Supports).quote(&q_union);
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let attribution = |holder: &str| -> Result<Vec<Attribution>, Box<dyn std::error::Error>> {
        Ok(graph
            .why(holder, "p", &Query::new())?
            .chains
            .iter()
            .flat_map(|c| c.evidence.iter().map(|e| e.attribution.clone()))
            .collect())
    };
    // spox -> gov -> state: on the state's behalf; old-spox -> old-gov ->
    // state, a tie that had ended when the words were said: hearsay.
    assert_eq!(
        attribution("state")?,
        [
            Attribution::OnBehalf {
                speaker: "spox".parse()?
            },
            Attribution::Hearsay {
                speaker: "old-spox".parse()?
            }
        ]
    );
    assert_eq!(
        attribution("union")?,
        [Attribution::Hearsay {
            speaker: "member-spox".parse()?
        }]
    );
    Ok(())
}

#[test]
fn concessions_and_obligations_compare_by_content_not_by_id() -> TestResult {
    let mut b = DatasetBuilder::new();
    b.actor("ukraine", "Ukraine", ActorKind::State);
    b.actor("russia", "Russia", ActorKind::State);
    b.actor("us", "U.S.", ActorKind::Government);
    b.proposal("v1", "28-point plan");
    b.point("v1/land", "v1", "1", "Territory");
    b.proposal("v2", "19-point plan").supersedes("v1");
    b.point("v2/land", "v2", "1", "Territory")
        .supersedes("v1/land");
    // The same two concessions and the same two obligations on each side,
    // under ids that sort the other way round.
    b.concession("a-donbas", "ukraine", "the Donbas")
        .to("russia")
        .required_by("v1/land");
    b.concession("b-nato", "ukraine", "NATO membership")
        .to("russia")
        .required_by("v1/land");
    b.concession("a-nato-2", "ukraine", "NATO membership")
        .to("russia")
        .required_by("v2/land");
    b.concession("b-donbas-2", "ukraine", "the Donbas")
        .to("russia")
        .required_by("v2/land");
    b.obligation("a-fund", "us", "a fund")
        .to("ukraine")
        .required_by("v1/land");
    b.obligation("b-guarantee", "us", "a guarantee")
        .to("ukraine")
        .required_by("v1/land");
    b.obligation("a-guarantee-2", "us", "a guarantee")
        .to("ukraine")
        .required_by("v2/land");
    b.obligation("b-fund-2", "us", "a fund")
        .to("ukraine")
        .required_by("v2/land");
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let cmp = graph.compare("v1", "v2")?;
    assert_eq!(cmp.rows.len(), 1);
    assert_eq!(
        cmp.rows[0].status,
        PointStatus::Kept,
        "{:?}",
        cmp.rows[0].changed
    );
    assert!(cmp.rows[0].changed.is_empty());
    Ok(())
}

#[test]
fn a_proposal_compared_with_itself_pairs_every_point_with_itself() -> TestResult {
    let ds = story()?;
    let graph = ClaimGraph::new(&ds);
    for p in ["plan", "counter"] {
        let cmp = graph.compare(p, p)?;
        assert!(!cmp.rows.is_empty());
        for row in &cmp.rows {
            assert_eq!(row.status, PointStatus::Matched, "{p}");
            let ids = (
                row.left.as_ref().map(|s| s.id.clone()),
                row.right.as_ref().map(|s| s.id.clone()),
            );
            assert!(ids.0.is_some() && ids.0 == ids.1, "{p}: {ids:?}");
            assert!(row.changed.is_empty(), "{p}: {:?}", row.changed);
        }
    }
    // A proposal against one of its own points: the points below that point
    // are on both sides, each paired with itself.
    let mut b = DatasetBuilder::new();
    b.proposal("plan", "Plan");
    b.point("plan/1", "plan", "1", "Security");
    b.point("plan/1/a", "plan/1", "1a", "Guarantees");
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let cmp = graph.compare("plan", "plan/1")?;
    let rows: Vec<(Option<&str>, Option<&str>, PointStatus)> = cmp
        .rows
        .iter()
        .map(|r| {
            (
                r.left.as_ref().map(|s| s.id.as_str()),
                r.right.as_ref().map(|s| s.id.as_str()),
                r.status,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (Some("plan/1"), None, PointStatus::OnlyLeft),
            (Some("plan/1/a"), Some("plan/1/a"), PointStatus::Matched),
        ]
    );
    Ok(())
}

#[test]
fn a_point_lists_the_concessions_of_a_proposal_judged_the_same_as_it() -> TestResult {
    let mut b = DatasetBuilder::new();
    b.actor("ukraine", "Ukraine", ActorKind::State);
    b.actor("russia", "Russia", ActorKind::State);
    b.proposal("v1", "28-point plan");
    b.point("v1/land", "v1", "1", "Territory");
    // A leaked copy of the point, judged the same; the concession names it.
    b.proposal("leak", "Leaked point");
    b.same_as("same-leak", "v1/land", "leak", Judgement::Positive)
        .decided_by("desk");
    b.concession("donbas", "ukraine", "the Donbas")
        .to("russia")
        .required_by("leak");
    b.proposal("v2", "19-point plan").supersedes("v1");
    b.point("v2/land", "v2", "1", "Territory")
        .supersedes("v1/land");
    let ds = b.build()?;
    let graph = ClaimGraph::new(&ds);
    let cmp = graph.compare("v1", "v2")?;
    let left = cmp.rows[0].left.as_ref().expect("the left point");
    let listed: Vec<&str> = left
        .concessions
        .iter()
        .map(|c| c.concession.as_str())
        .collect();
    assert_eq!(listed, ["donbas"]);
    assert_eq!(left.concessions[0].required_by.as_str(), "v1/land");
    assert_eq!(cmp.rows[0].status, PointStatus::Changed);
    assert_eq!(cmp.rows[0].changed, ["concessions"]);
    Ok(())
}
