//! Node variables and filters, by hand: organisations through dated ties,
//! kinds, countries and source fields as nodes; include, exclude and
//! inverted filters on every field; both readers agree on all of it.

use claimgraph_core::{
    ActorId, ActorKind, Affiliation, AffiliationKind, Dataset, DatasetBuilder, Position,
    SourceKind, When,
};
use claimgraph_network::{
    FilterField, Filters, NetworkOptions, NodeVariable, Positions, ReadOptions, SourceField, Span,
    Statements, network, read_statements, windows,
};

fn tie(to: &str, kind: AffiliationKind, from: Option<&str>, until: Option<&str>) -> Affiliation {
    let mut t = Affiliation::new(ActorId::new(to).expect("id"), kind);
    t.from = from.map(|d| When::parse(d).expect("date"));
    t.until = until.map(|d| When::parse(d).expect("date"));
    t
}

/// Sources: d1 (2024-01-10, Wire, English article), d2 (2024-03-10, Post,
/// French transcript). Actors: eu; gov (UKR); kallas (EST, role in the EU
/// from February 2024); spok (UKR, spokesperson of gov, role in the EU
/// until January 2024); fr (FRA, a member of the EU: a member does not
/// speak for it); anon (no country). Statements on `plan`:
///
/// | stance | actor | day | position | organisations |
/// |---|---|---|---|---|
/// | s1 | kallas | Jan 10 | opposes | kallas (the role starts later) |
/// | s2 | kallas | Mar 10 | opposes | eu |
/// | s3 | spok | Jan 10 | opposes | gov, eu (two ties hold) |
/// | s4 | spok | Mar 10 | opposes | gov (the role has ended) |
/// | s5 | fr | Mar 10 | supports | fr |
/// | s6 | anon | Jan 10 | opposes | anon |
fn dataset() -> Dataset {
    let mut b = DatasetBuilder::new();
    let d1 = b
        .source("d1", "One")
        .published("2024-01-10")
        .publisher("Wire")
        .language("en")
        .kind(SourceKind::Article)
        .id();
    let d2 = b
        .source("d2", "Two")
        .published("2024-03-10")
        .publisher("Post")
        .language("fr")
        .kind(SourceKind::Transcript)
        .id();
    b.actor("eu", "European Union", ActorKind::Organisation);
    b.actor("gov", "Government", ActorKind::Government);
    b.actor("kallas", "Kallas", ActorKind::Person);
    b.actor("spok", "Spokesperson", ActorKind::Person);
    b.actor("fr", "France", ActorKind::State);
    b.actor("anon", "Officials", ActorKind::Unnamed);
    b.proposal("plan", "Plan");
    b.stance("s1", "kallas", "plan", Position::Opposes)
        .source(&d1);
    b.stance("s2", "kallas", "plan", Position::Opposes)
        .source(&d2);
    b.stance("s3", "spok", "plan", Position::Opposes)
        .source(&d1);
    b.stance("s4", "spok", "plan", Position::Opposes)
        .source(&d2);
    b.stance("s5", "fr", "plan", Position::Supports).source(&d2);
    b.stance("s6", "anon", "plan", Position::Opposes)
        .source(&d1);
    let mut ds = b.build().expect("valid");
    let set = |ds: &mut Dataset, id: &str, country: Option<&str>, ties: Vec<Affiliation>| {
        let mut a = ds.actor_mut(&ActorId::new(id).expect("id")).expect("actor");
        a.country = country.map(str::to_owned);
        a.affiliations = ties;
    };
    set(&mut ds, "gov", Some("UKR"), vec![]);
    set(
        &mut ds,
        "kallas",
        Some("EST"),
        vec![tie("eu", AffiliationKind::Role, Some("2024-02-01"), None)],
    );
    set(
        &mut ds,
        "spok",
        Some("UKR"),
        vec![
            tie("gov", AffiliationKind::Spokesperson, None, None),
            tie("eu", AffiliationKind::Role, None, Some("2024-01")),
        ],
    );
    set(
        &mut ds,
        "fr",
        Some("FRA"),
        vec![tie("eu", AffiliationKind::Member, None, None)],
    );
    assert!(ds.validate().errors().next().is_none(), "a valid dataset");
    ds
}

/// The table from the dataset and from its JSON Lines, which must agree.
fn table() -> Statements {
    let ds = dataset();
    let st = Statements::from_dataset(&ds);
    let read = read_statements(ds.to_jsonl().as_bytes(), &ReadOptions::default()).expect("read");
    assert_eq!(read, st, "both readers give one table");
    st
}

/// The edges of a network as (a, b, weight) by id.
fn edges(st: &Statements, o: &NetworkOptions) -> Vec<(String, String, f64)> {
    let net = network(st, o).expect("a network");
    net.edges()
        .iter()
        .map(|e| {
            (
                net.nodes()[e.a as usize].id.to_string(),
                net.nodes()[e.b as usize].id.to_string(),
                e.weight,
            )
        })
        .collect()
}

fn e(a: &str, b: &str, w: f64) -> (String, String, f64) {
    (a.to_owned(), b.to_owned(), w)
}

#[test]
fn organisations_follow_ties_that_carry_a_position_on_the_statements_day() {
    let st = table();
    let o = NetworkOptions::congruence().node_variable(NodeVariable::Organisation);
    // Opposing cells: kallas 1 (s1), eu 2 (s2, s3), gov 2 (s3, s4), anon 1.
    assert_eq!(
        edges(&st, &o),
        [
            e("anon", "eu", 2.0),
            e("anon", "gov", 2.0),
            e("anon", "kallas", 1.0),
            e("eu", "gov", 4.0),
            e("eu", "kallas", 2.0),
            e("gov", "kallas", 2.0),
        ]
    );
    // France, a member of the EU, speaks for itself.
    let conflict = NetworkOptions::conflict().node_variable(NodeVariable::Organisation);
    assert_eq!(
        edges(&st, &conflict),
        [
            e("anon", "fr", 1.0),
            e("eu", "fr", 2.0),
            e("fr", "gov", 2.0),
            e("fr", "kallas", 1.0),
        ]
    );
    // Six statements, s3 among them once though it counts for two
    // organisations.
    assert_eq!(network(&st, &o).expect("network").statements(), 6);
}

#[test]
fn a_statement_without_a_day_is_carried_by_every_tie_of_a_carrying_kind() {
    let mut ds = dataset();
    let mut b = DatasetBuilder::new();
    let undated = b.source("d0", "Undated").id();
    b.actor("kallas", "Kallas", ActorKind::Person);
    b.proposal("plan", "Plan");
    b.stance("s0", "kallas", "plan", Position::Opposes)
        .source(&undated);
    let extra = b.build().expect("valid");
    for s in extra.sources() {
        ds.push(s.clone());
    }
    for s in extra.stances() {
        ds.push(s.clone());
    }
    let st = Statements::from_dataset(&ds);
    let o =
        NetworkOptions::affiliation(Positions::Ignore).node_variable(NodeVariable::Organisation);
    let net = network(&st, &o).expect("network");
    // eu: s2, s3 and the undated s0 (kallas's role has dates, but no day
    // rules it out).
    assert_eq!(net.weight("eu", "plan"), Some(3.0));
    assert_eq!(net.weight("kallas", "plan"), Some(1.0));
    let kallas = st
        .actors()
        .iter()
        .position(|a| &*a.id == "kallas")
        .expect("kallas");
    let details = st.actor_details(kallas).expect("details");
    assert_eq!(details.speaks_for(claimgraph_network::NO_DAY), ["eu"]);
}

#[test]
fn kinds_countries_and_source_fields_are_nodes() {
    let st = table();
    let cong = |v| edges(&st, &NetworkOptions::congruence().node_variable(v));
    let conf = |v| edges(&st, &NetworkOptions::conflict().node_variable(v));
    // Countries: EST opposes twice, UKR twice, FRA supports; anon has none.
    assert_eq!(cong(NodeVariable::Country), [e("EST", "UKR", 4.0)]);
    assert_eq!(
        conf(NodeVariable::Country),
        [e("EST", "FRA", 2.0), e("FRA", "UKR", 2.0)]
    );
    // Kinds: persons oppose four times, the state supports, the unnamed opposes.
    assert_eq!(cong(NodeVariable::Kind), [e("person", "unnamed", 4.0)]);
    assert_eq!(
        conf(NodeVariable::Kind),
        [e("person", "state", 4.0), e("state", "unnamed", 1.0)]
    );
    // Sources: d1 (Wire, en, article) holds three oppositions; d2 (Post,
    // fr, transcript) two oppositions and a support.
    for (v, a, b) in [
        (NodeVariable::Publisher, "Post", "Wire"),
        (NodeVariable::Language, "en", "fr"),
        (NodeVariable::SourceKind, "article", "transcript"),
        (NodeVariable::Source, "d1", "d2"),
    ] {
        assert_eq!(cong(v), [e(a, b, 6.0)], "{v}");
        assert_eq!(conf(v), [e(a, b, 3.0)], "{v}");
    }
}

#[test]
fn node_attributes_come_from_the_entity() {
    let st = table();
    let net = network(&st, &NetworkOptions::affiliation(Positions::Ignore)).expect("network");
    let node = |id: &str| {
        net.nodes()
            .iter()
            .find(|n| &*n.id == id)
            .cloned()
            .expect("node")
    };
    assert_eq!(node("spok").country.as_deref(), Some("UKR"));
    assert_eq!(node("spok").kind.as_deref(), Some("person"));
    assert_eq!(node("plan").kind.as_deref(), Some("proposal"));
    let mut json = Vec::new();
    net.write_json(&mut json).expect("json");
    let text = String::from_utf8(json).expect("utf-8");
    assert!(
        text.contains(
            r#"{"id":"fr","label":"France","mode":"actor","kind":"state","country":"FRA"}"#
        ),
        "{text}"
    );
}

/// Which statements a filter keeps, as the actors' statement counts on
/// `plan`.
fn kept(f: Filters) -> Vec<(String, f64)> {
    let st = table();
    let o = NetworkOptions::affiliation(Positions::Ignore).filters(f);
    match network(&st, &o) {
        Ok(net) => net
            .edges()
            .iter()
            .map(|e| (net.nodes()[e.a as usize].id.to_string(), e.weight))
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn k(a: &str, n: f64) -> (String, f64) {
    (a.to_owned(), n)
}

#[test]
fn filters_include_exclude_and_invert_every_field() {
    let ukr = || vec!["UKR".to_owned()];
    assert_eq!(
        kept(Filters {
            include_countries: ukr(),
            ..Filters::default()
        }),
        [k("spok", 2.0)]
    );
    // An inverted exclusion keeps only what it names.
    assert_eq!(
        kept(Filters {
            exclude_countries: ukr(),
            invert: vec![FilterField::Country],
            ..Filters::default()
        }),
        [k("spok", 2.0)]
    );
    // An inverted inclusion drops what it names; actors without a country pass.
    assert_eq!(
        kept(Filters {
            include_countries: ukr(),
            invert: vec![FilterField::Country],
            ..Filters::default()
        }),
        [k("anon", 1.0), k("fr", 1.0), k("kallas", 2.0)]
    );
    assert_eq!(
        kept(Filters {
            exclude_kinds: vec![ActorKind::Person],
            invert: vec![FilterField::Kind],
            ..Filters::default()
        }),
        [k("kallas", 2.0), k("spok", 2.0)]
    );
    assert_eq!(
        kept(Filters {
            include_actors: vec!["fr".into(), "anon".into()],
            invert: vec![FilterField::Actor],
            ..Filters::default()
        }),
        [k("kallas", 2.0), k("spok", 2.0)]
    );
    // Organisations: the statements that count for the EU on their day.
    assert_eq!(
        kept(Filters {
            include_organisations: vec!["eu".into()],
            ..Filters::default()
        }),
        [k("kallas", 1.0), k("spok", 1.0)]
    );
    assert_eq!(
        kept(Filters {
            exclude_organisations: vec!["eu".into()],
            ..Filters::default()
        }),
        [
            k("anon", 1.0),
            k("fr", 1.0),
            k("kallas", 1.0),
            k("spok", 1.0)
        ]
    );
    assert_eq!(
        kept(Filters {
            include_organisations: vec!["gov".into()],
            invert: vec![FilterField::Organisation],
            ..Filters::default()
        }),
        [k("anon", 1.0), k("fr", 1.0), k("kallas", 2.0)]
    );
    // Sources: an inverted publisher keeps the other publisher's statements.
    assert_eq!(
        kept(Filters {
            include_sources: vec![(SourceField::Publisher, "Wire".into())],
            invert: vec![FilterField::Publisher],
            ..Filters::default()
        }),
        [k("fr", 1.0), k("kallas", 1.0), k("spok", 1.0)]
    );
    assert_eq!(
        kept(Filters {
            exclude_sources: vec![(SourceField::Language, "fr".into())],
            invert: vec![FilterField::Language],
            ..Filters::default()
        }),
        [k("fr", 1.0), k("kallas", 1.0), k("spok", 1.0)]
    );
    assert_eq!(
        kept(Filters {
            exclude_targets: vec!["plan".into()],
            invert: vec![FilterField::Target],
            ..Filters::default()
        }),
        [
            k("anon", 1.0),
            k("fr", 1.0),
            k("kallas", 2.0),
            k("spok", 2.0)
        ]
    );
}

#[test]
fn an_inverted_field_without_a_list_and_an_unknown_organisation_are_refused() {
    let st = table();
    let o = NetworkOptions::congruence().filters(Filters {
        invert: vec![FilterField::Organisation],
        ..Filters::default()
    });
    let err = network(&st, &o).expect_err("nothing to invert");
    assert!(
        err.to_string()
            .contains("organisation has no include or exclude list"),
        "{err}"
    );
    let o = NetworkOptions::congruence().filters(Filters {
        include_organisations: vec!["nato".into()],
        ..Filters::default()
    });
    let err = network(&st, &o).expect_err("no such organisation");
    assert!(err.to_string().contains("\"nato\""), "{err}");
    // Nodes of a variable some statements lack: the message says so.
    let o = NetworkOptions::congruence()
        .node_variable(NodeVariable::Country)
        .filters(Filters {
            include_actors: vec!["anon".into()],
            ..Filters::default()
        });
    let err = network(&st, &o).expect_err("anon has no country");
    assert!(
        err.to_string().contains("whose actor has no country"),
        "{err}"
    );
}

/// A window of n statements holds n statements, whatever each counts for:
/// s3 counts for the government and the EU, and stays one statement with
/// both its entries.
#[test]
fn a_window_of_statements_over_organisations_counts_statements() {
    let st = table();
    let o =
        NetworkOptions::affiliation(Positions::Ignore).node_variable(NodeVariable::Organisation);
    let ws = windows(&st, &o, Span::Statements(1), Span::Statements(1)).expect("windows");
    assert_eq!(ws.len(), 6, "one window a statement");
    let mut edges: Vec<usize> = ws.iter().map(|w| w.network.edges().len()).collect();
    assert!(ws.iter().all(|w| w.statements == 1));
    edges.sort_unstable();
    assert_eq!(
        edges,
        [1, 1, 1, 1, 1, 2],
        "s3's window holds both its organisations"
    );
    let two = windows(&st, &o, Span::Statements(2), Span::Statements(2)).expect("windows");
    assert_eq!(two.len(), 3);
    assert!(two.iter().all(|w| w.statements == 2));
    let err = windows(&st, &o, Span::Statements(7), Span::Statements(1)).expect_err("too long");
    assert!(
        err.to_string().contains("the 6 statements selected"),
        "{err}"
    );
}
