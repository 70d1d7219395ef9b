//! The Ukraine-plan example: the dataset built in Rust is valid and complete,
//! equals `examples/data/ukraine-peace-plan.json` byte for byte, and every
//! quote is verbatim from the article.

#[path = "../examples/ukraine/dataset.rs"]
mod dataset;

use claimgraph::{
    ActorId, ConcessionId, Dataset, Position, ProposalId, QuoteId, QuoteMode, RecordType,
    RelationKind, SourceId, Stance,
};

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/data/ukraine-peace-plan.json"
);
const ARTICLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/seed/ukraine-peace-plan-article.txt"
);

fn built() -> Dataset {
    match dataset::ukraine_plan() {
        Ok(ds) => ds,
        Err(e) => panic!("{e}"),
    }
}

fn actor(ds: &Dataset, id: &str) -> ActorId {
    let id = ActorId::new(id).unwrap();
    assert!(ds.actor(&id).is_some(), "no actor `{id}`");
    id
}

fn proposal(ds: &Dataset, id: &str) -> ProposalId {
    let id = ProposalId::new(id).unwrap();
    assert!(ds.proposal(&id).is_some(), "no proposal `{id}`");
    id
}

fn stances_on<'a>(ds: &'a Dataset, target: &ProposalId) -> impl Iterator<Item = &'a Stance> {
    let target = target.to_record_id();
    ds.stances().iter().filter(move |s| s.target == target)
}

fn has_stance(ds: &Dataset, holder: &str, target: &str, position: Position) -> bool {
    let (holder, target) = (actor(ds, holder), proposal(ds, target));
    stances_on(ds, &target).any(|s| s.holder == holder && s.position == position)
}

#[test]
fn the_dataset_has_every_record_the_article_gives() {
    let ds = built();
    let counts: Vec<(RecordType, usize)> =
        RecordType::ALL.iter().map(|&k| (k, ds.count(k))).collect();
    assert_eq!(
        counts,
        [
            (RecordType::Source, 1),
            (RecordType::Actor, 18),
            (RecordType::Proposal, 11),
            (RecordType::Concession, 5),
            (RecordType::Claim, 10),
            (RecordType::Quote, 19),
            (RecordType::Stance, 31),
            (RecordType::Relation, 8),
            (RecordType::Obligation, 0),
            (RecordType::SameAs, 0),
        ]
    );
}

#[test]
fn the_dataset_validates_clean() {
    let report = built().validate();
    assert!(report.problems.is_empty(), "{report}");
}

#[test]
fn the_data_file_is_the_builders_dataset() {
    let ds = built();
    let json = ds.to_json();
    let file = std::fs::read_to_string(DATA).unwrap_or_default();
    if file != json {
        if std::env::var("UPDATE_EXAMPLE_DATA").as_deref() == Ok("1") {
            std::fs::write(DATA, &json).unwrap();
            eprintln!("rewrote {DATA}");
        } else {
            panic!(
                "{DATA} is not the example's dataset as `to_json` writes it; regenerate it with\n  \
                 UPDATE_EXAMPLE_DATA=1 cargo test --test ukraine_example"
            );
        }
    }
    let read = Dataset::from_json(&std::fs::read_to_string(DATA).unwrap()).unwrap();
    assert_eq!(read, ds);
    assert_eq!(read.to_json(), json);
}

#[test]
fn every_actor_and_name_the_article_uses_is_there() {
    let ds = built();
    for (id, kind) in [
        ("trump", "person"),
        ("us-government", "government"),
        ("us-officials", "unnamed"),
        ("european-officials", "unnamed"),
        ("eu", "organisation"),
        ("europeans", "group"),
        ("kallas", "person"),
        ("barrot", "person"),
        ("france", "state"),
        ("ukraine", "state"),
        ("zelensky", "person"),
        ("russia", "state"),
        ("peskov", "person"),
        ("belgium", "state"),
    ] {
        let a = ds.actor(&actor(&ds, id)).unwrap();
        assert_eq!(a.kind.as_str(), kind, "{id}");
    }
    for (name, id) in [
        ("Kyiv", "ukraine"),
        ("Moscow", "russia"),
        ("the Kremlin", "russia"),
        ("the Trump administration", "us-government"),
        ("Washington", "us-government"),
        ("EU", "eu"),
        ("Kaja Kallas", "kallas"),
        ("Jean-Noel Barrot", "barrot"),
        ("Volodymyr Zelensky", "zelensky"),
        ("Dmitry Peskov", "peskov"),
        ("U.S. officials", "us-officials"),
        ("European officials", "european-officials"),
    ] {
        let found: Vec<&str> = ds.find_actors(name).iter().map(|a| a.id.as_str()).collect();
        assert_eq!(found, [id], "{name}");
    }
    // The ties the article states.
    let tie = |who: &str, to: &str, title: Option<&str>| {
        let (who, to) = (actor(&ds, who), actor(&ds, to));
        let a = ds.actor(&who).unwrap();
        assert!(
            a.affiliations
                .iter()
                .any(|t| t.actor == to && title.is_none_or(|x| t.title.as_deref() == Some(x))),
            "{who} is not tied to {to} as {title:?}"
        );
    };
    tie("kallas", "eu", Some("foreign policy chief"));
    tie("barrot", "france", Some("Foreign Minister"));
    tie("zelensky", "ukraine", Some("President"));
    tie("trump", "us-government", Some("President"));
    tie("peskov", "russia", Some("Kremlin spokesman"));
    tie("france", "eu", None);
    tie("belgium", "eu", None);
    tie("us-officials", "us-government", None);
}

#[test]
fn the_plan_its_points_and_the_other_proposals_are_there() {
    let ds = built();
    let plan = proposal(&ds, "plan-28");
    let us = actor(&ds, "us-government");
    assert_eq!(ds.proposal(&plan).unwrap().proposed_by, [us]);
    let labels: Vec<&str> = ds
        .points_of(&plan)
        .filter_map(|p| p.label.as_deref())
        .collect();
    assert_eq!(
        labels,
        [
            "territory",
            "military cap",
            "long-range weapons",
            "no reassurance force",
            "no peacekeeping force"
        ]
    );
    let europeans = actor(&ds, "europeans");
    for id in ["reassurance-force", "assets-loan"] {
        let p = ds.proposal(&proposal(&ds, id)).unwrap();
        assert_eq!(p.proposed_by, std::slice::from_ref(&europeans), "{id}");
    }
    // The assets the loan would release are in Belgium.
    let belgium = actor(&ds, "belgium").to_record_id();
    let loan = proposal(&ds, "assets-loan").to_record_id();
    assert!(
        ds.claims()
            .iter()
            .any(|c| c.about.contains(&belgium) && c.about.contains(&loan))
    );
}

#[test]
fn ukraine_gives_up_something_for_each_point_and_russia_nothing() {
    let ds = built();
    let (ukraine, russia) = (actor(&ds, "ukraine"), actor(&ds, "russia"));
    let plan = proposal(&ds, "plan-28");
    for point in ds.points_of(&plan) {
        let asked: Vec<&ConcessionId> = ds
            .concessions()
            .iter()
            .filter(|c| c.required_by.as_ref() == Some(&point.id))
            .inspect(|c| {
                assert_eq!(c.by, ukraine, "{}", c.id);
                assert_eq!(c.to.as_ref(), Some(&russia), "{}", c.id);
                assert_eq!(c.status.map(|s| s.as_str()), Some("demanded"), "{}", c.id);
                assert!(c.topic.is_some(), "{}", c.id);
            })
            .map(|c| &c.id)
            .collect();
        assert_eq!(asked.len(), 1, "point {}", point.id);
    }
    assert!(ds.concessions().iter().all(|c| c.by != russia));
}

#[test]
fn the_quotes_the_issue_lists_are_there_with_their_kind() {
    let ds = built();
    for (id, speaker, mode) in [
        ("q-kallas-aggressor", "kallas", QuoteMode::Direct),
        ("q-barrot-no-capitulation", "barrot", QuoteMode::Direct),
        ("q-peskov-no-comment", "peskov", QuoteMode::NoComment),
        ("q-trump-supports", "us-officials", QuoteMode::Indirect),
        ("q-kallas-support", "kallas", QuoteMode::Indirect),
        (
            "q-kyiv-must-approve",
            "european-officials",
            QuoteMode::Indirect,
        ),
        ("q-zelensky-no-ceding", "zelensky", QuoteMode::Paraphrase),
        ("q-zelensky-guarantees", "zelensky", QuoteMode::Paraphrase),
        ("q-kyiv-regroup", "ukraine", QuoteMode::Paraphrase),
    ] {
        let q = ds.quote(&QuoteId::new(id).unwrap());
        let q = q.unwrap_or_else(|| panic!("no quote `{id}`"));
        assert_eq!(q.speaker.as_str(), speaker, "{id}");
        assert_eq!(q.mode, mode, "{id}");
    }
    for q in ds.quotes() {
        assert!(q.span.is_some(), "{} has no span", q.id);
        assert!(q.cue.is_some(), "{} has no cue", q.id);
    }
}

#[test]
fn every_stance_has_evidence_and_the_key_stances_are_there() {
    let ds = built();
    for s in ds.stances() {
        assert!(!s.evidence.is_empty(), "{} has no evidence", s.id);
    }
    // Hearsay: Trump's support is in the words of U.S. officials.
    let trump = actor(&ds, "trump");
    let us_officials = actor(&ds, "us-officials");
    let plan = proposal(&ds, "plan-28");
    let hearsay = stances_on(&ds, &plan)
        .find(|s| s.holder == trump && s.position == Position::Supports)
        .expect("Trump supports the plan");
    assert!(hearsay.evidence.iter().any(|e| {
        e.quote
            .as_ref()
            .and_then(|q| ds.quote(q))
            .is_some_and(|q| q.speaker == us_officials)
    }));

    assert!(has_stance(&ds, "peskov", "plan-28", Position::NoComment));
    assert!(has_stance(
        &ds,
        "european-officials",
        "plan-28",
        Position::Opposes
    ));
    assert!(has_stance(&ds, "kallas", "plan-28", Position::Mixed));
    for holder in ["kallas", "barrot", "zelensky", "ukraine"] {
        assert!(
            has_stance(&ds, holder, "plan-28/territory", Position::Opposes),
            "{holder}"
        );
    }
    for point in ["plan-28/military-cap", "plan-28/long-range-weapons"] {
        assert!(
            has_stance(&ds, "european-officials", point, Position::Opposes),
            "{point}"
        );
    }
    // ¶14: ceding eastern territory is "a core demand for Moscow" in the
    // outlet's own words: Russia is for the point, on the article's word, with
    // no quote (Russia is not quoted saying so).
    assert!(has_stance(
        &ds,
        "russia",
        "plan-28/territory",
        Position::Supports
    ));
    let russia = actor(&ds, "russia");
    let territory = proposal(&ds, "plan-28/territory");
    let demand = stances_on(&ds, &territory)
        .find(|s| s.holder == russia)
        .expect("Russia's stance on the territorial point");
    let article = SourceId::new("article-2025-11-20").unwrap();
    assert_eq!(demand.evidence.len(), 1);
    assert_eq!(demand.evidence[0].source.as_ref(), Some(&article));
    assert!(demand.evidence[0].quote.is_none());
    assert!(demand.evidence[0].reported_by.is_none());
    assert!(has_stance(
        &ds,
        "europeans",
        "plan-28/no-reassurance-force",
        Position::Opposes
    ));
    assert!(has_stance(
        &ds,
        "zelensky",
        "plan-28/no-peacekeeping-force",
        Position::Opposes
    ));
    assert!(has_stance(
        &ds,
        "europeans",
        "reassurance-force",
        Position::Supports
    ));
    // Conditions the article gives.
    let conditions: Vec<&str> = ds
        .stances()
        .iter()
        .flat_map(|s| s.conditions.iter().map(String::as_str))
        .collect();
    assert!(conditions.contains(&"Kyiv must approve any plan"));
    assert!(conditions.contains(&"the support of Ukraine and the Europeans"));
}

#[test]
fn claims_are_asserted_and_argue_against_the_points() {
    let ds = built();
    for c in ds.claims() {
        let id = c.id.to_record_id();
        let asserted = ds.stances().iter().any(|s| s.target == id);
        let located = c
            .about
            .iter()
            .any(|a| ds.kind_of(a.as_str()) == Some(RecordType::Actor));
        assert!(
            asserted || located,
            "claim {} is neither held nor placed",
            c.id
        );
    }
    for (from, to) in [
        ("no-russian-concessions", "plan-28"),
        ("cap-invites-attack", "plan-28/military-cap"),
        ("cap-invites-attack", "plan-28/long-range-weapons"),
        ("positions-give-russia-strength", "plan-28/territory"),
        ("concessions-let-russia-regroup", "plan-28"),
    ] {
        assert!(
            ds.relations().iter().any(|r| r.from.as_str() == from
                && r.to.as_str() == to
                && r.kind == RelationKind::Attacks),
            "{from} does not attack {to}"
        );
    }
}

#[test]
fn every_quote_is_verbatim_from_the_article() {
    let article = match std::fs::read_to_string(ARTICLE) {
        Ok(text) => text,
        Err(e) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("{ARTICLE}: {e}; CI needs ../shared beside the checkout")
        }
        Err(_) => {
            eprintln!("skipping: {ARTICLE} not found");
            return;
        }
    };
    let mut ds = built();
    for q in ds.quotes() {
        let span = q.span.unwrap();
        assert_eq!(
            article.get(span.start..span.end),
            Some(q.text.as_str()),
            "quote {}",
            q.id
        );
    }
    let source = SourceId::new("article-2025-11-20").unwrap();
    ds.source_mut(&source).unwrap().text = Some(article);
    let report = ds.validate();
    assert!(report.problems.is_empty(), "{report}");
}
