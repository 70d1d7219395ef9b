//! The whole path a file takes. Bytes are read as a dataset, in the form the
//! core decides for a file (`sniff_with`: canonical JSON or JSON Lines), and
//! validated; a dataset that reads, valid or not, then goes through every
//! query of the graph on actors and targets taken from it, every kind of
//! discourse network (over every node variable, in windows and kernel
//! slices), the analyses (polarisation, backbone, nested backbone,
//! clusters), and every export format, into memory.
//!
//! What must hold: nothing panics; canonical JSON and JSON Lines read back
//! to an equal dataset; the AIF export reads back by the AIF importer (and,
//! from a valid dataset, exports again to the same bytes); a valid dataset
//! is written by every exporter; conflicts streamed pair by pair are the
//! conflicts built whole, and no more than the estimate says; a normalised
//! polarisation lies in [0, 1]; a backbone and its redundant set partition
//! the targets, and the nested backbone removes each target once.
#![no_main]

use std::io::{Cursor, Read};
use std::path::Path;

use claimgraph_core::{Dataset, FileFormat, Limits, When, sniff_with};
use claimgraph_graph::{ClaimGraph, Query};
use claimgraph_io::dot::{self, DotOptions};
use claimgraph_io::{aif, csv, gexf, graphml};
use claimgraph_network::{
    BackboneOptions, ClusterMethod, ClusterOptions, Duplicates, Kernel, Kind, Network,
    NetworkOptions, NodeVariable, Normalization, Over, PolarisationOptions, Positions, Scale,
    Smoothing, Span, Statements, backbone, clusters, nested_backbone, network_with_threads,
    polarisation, polarisation_slices, polarisation_windows, slices, windows,
};
use libfuzzer_sys::fuzz_target;

/// Actors, targets and proposals taken from the data, at most this many of
/// each: the queries are many, and each costs more with more of them.
const TAKE: usize = 3;

/// Conflicts are built whole when the estimate is at most this; past it,
/// this many are taken from the stream.
const MAX_CONFLICTS: u64 = 10_000;

/// The most edges a network may hold here: small inputs make small
/// networks, and a refusal past it is an answer too.
const MAX_EDGES: u64 = 1 << 16;

/// The dataset, as a file with these bytes is read: the form decided by
/// the core, a file of nothing refused.
fn read(data: &[u8]) -> Option<Dataset> {
    let limits = Limits::default();
    let mut rest = data;
    let sniffed = sniff_with(Path::new("-"), &mut rest, &limits).ok()?;
    sniffed.check_not_empty().ok()?;
    let format = sniffed.format;
    let whole = Cursor::new(sniffed.head).chain(rest);
    match format {
        FileFormat::JsonLines => Dataset::read_jsonl_with(whole, &limits).ok(),
        FileFormat::Json => Dataset::read_json_with(whole, &limits).ok(),
    }
}

/// Both forms read back to the dataset.
fn round_trips(ds: &Dataset) {
    let json = ds.to_json();
    let again = Dataset::from_json(&json).expect("canonical JSON reads back");
    assert_eq!(&again, ds, "canonical JSON");
    let jsonl = ds.to_jsonl();
    let again = Dataset::from_jsonl(&jsonl).expect("JSON Lines read back");
    assert_eq!(&again, ds, "JSON Lines");
}

/// The ids of up to [`TAKE`] records of a kind, and a name to find the
/// first by.
fn ids<'a>(ids: impl Iterator<Item = &'a str>, name: Option<&'a str>) -> Vec<&'a str> {
    ids.take(TAKE).chain(name).collect()
}

/// Every query of the graph, under every roll-up option, now and as of the
/// earliest and latest day a stance is dated.
fn queries(ds: &Dataset) {
    let g = ClaimGraph::new(ds);
    let actors = ids(
        ds.actors().iter().map(|a| a.id.as_str()),
        ds.actors().first().map(|a| a.name.as_str()),
    );
    let proposals = ids(
        ds.proposals().iter().map(|p| p.id.as_str()),
        ds.proposals().first().map(|p| p.title.as_str()),
    );
    let mut targets: Vec<&str> = proposals.clone();
    targets.extend(ds.claims().first().map(|c| c.id.as_str()));
    targets.extend(ds.concessions().first().map(|c| c.id.as_str()));
    targets.extend(actors.first());
    targets.extend(ds.stances().first().map(|s| s.target.as_str()));
    let days: Vec<When> = ds
        .stances()
        .iter()
        .filter_map(|s| ds.stance_date(s))
        .collect();
    let first = days.iter().map(When::date).min();
    let last = days.iter().map(When::date).max();
    let before = first.and_then(|d| d.pred_opt());
    let mut plans = vec![Query::new()];
    for day in [before, first, last.filter(|d| Some(*d) != first)]
        .into_iter()
        .flatten()
    {
        plans.push(Query::new().as_of(day));
    }
    for plan in plans {
        for options in 0..8 {
            let q = plan
                .clone()
                .roll_up_members(options & 1 != 0)
                .roll_up_points(options & 2 != 0)
                .inherit_from_parent(options & 4 != 0);
            ask(&g, &q, &actors, &targets, &proposals);
        }
    }
    for &p in &proposals {
        let _ = g.balance(p);
        for &other in &proposals {
            let _ = g.compare(p, other);
        }
    }
    for &t in &targets {
        let _ = g.label(t);
        let _ = g.find_target(t);
        let _ = g.edges_from(t);
        let _ = g.edges_to(t);
    }
    let _ = g.nodes().count();
    let _ = g.edges().count();
}

/// The queries under one [`Query`].
fn ask(g: &ClaimGraph<'_>, q: &Query, actors: &[&str], targets: &[&str], proposals: &[&str]) {
    for &t in targets {
        if let Ok(holdings) = g.positions(t, q) {
            for h in holdings.iter().take(TAKE) {
                for b in &h.basis {
                    let _ = g.chain_of(b);
                }
            }
        }
        let _ = g.supporters(t, q);
        let _ = g.opponents(t, q);
        let _ = g.neutral(t, q);
        let _ = g.mixed(t, q);
        let _ = g.no_comment(t, q);
        let _ = g.no_response(t, q);
        for &a in actors {
            let _ = g.why(a, t, q);
            let _ = g.timeline(a, t, q);
        }
    }
    for &a in actors {
        if let Ok(stances) = g.stances_of(a, q) {
            for s in stances.iter().take(TAKE) {
                let _ = g.chain(s);
            }
        }
        let _ = g.find_actor(a);
    }
    for &p in proposals {
        let _ = g.points(p, q);
        let _ = g.contested(p, q);
        let _ = g.unopposed(p, q);
        let _ = g.balance_as_of(p, q);
        let _ = g.find_proposal(p);
        for &other in proposals {
            let _ = g.compare_as_of(p, other, q);
        }
    }
    let estimate = g.conflicts_estimate(q);
    if estimate <= MAX_CONFLICTS {
        let whole = g.conflicts(q);
        let streamed: Vec<_> = g.conflicts_iter(q).collect();
        assert_eq!(whole, streamed, "conflicts built whole and streamed");
        assert!(
            whole.len() as u64 <= estimate,
            "{} conflicts, estimated {estimate}",
            whole.len()
        );
    } else {
        g.conflicts_iter(q)
            .take(MAX_CONFLICTS as usize)
            .for_each(drop);
    }
    let _ = g.coalitions(q);
}

/// A network written in every form it has.
fn write_network(net: &Network) {
    let mut out = Vec::new();
    net.write_edge_list(&mut out)
        .expect("an edge list writes to memory");
    net.write_matrix(&mut out)
        .expect("a matrix writes to memory");
    net.write_json(&mut out).expect("JSON writes to memory");
    let _ = dot::write_network(net, &mut out);
    let _ = graphml::write_network(net, &mut out);
    let _ = gexf::write_network(net, &mut out);
    let _ = csv::write_network_nodes(net, &mut out);
    let _ = csv::write_network_edges(net, &mut out);
}

/// Every kind of network, over actors and targets, with every
/// normalisation, and the other options in turn; and moving windows.
fn networks(ds: &Dataset) {
    let st = Statements::from_dataset(ds);
    let _ = Statements::from_dataset_checked(ds);
    let mut turn = 0usize;
    let mut next = |n: usize| {
        turn += 1;
        turn % n
    };
    for &kind in Kind::ALL {
        for &over in Over::ALL {
            for &normalization in Normalization::ALL {
                let mut o = NetworkOptions::new(kind)
                    .over(over)
                    .normalization(normalization)
                    .duplicates(Duplicates::ALL[next(Duplicates::ALL.len())])
                    .max_edges(MAX_EDGES);
                o.positions = Positions::ALL[next(Positions::ALL.len())];
                if next(3) == 0
                    && let Ok(scale) = Scale::new(-1.0, 1.0)
                {
                    o = o.scale(scale);
                }
                if next(4) == 0 {
                    o = o.top_k(1);
                }
                if let Ok(net) = network_with_threads(&st, &o, 1) {
                    write_network(&net);
                }
            }
        }
    }
    for kind in [Kind::Congruence, Kind::Affiliation] {
        let o = NetworkOptions::new(kind).max_edges(MAX_EDGES);
        if let Ok(ws) = windows(&st, &o, Span::Statements(2), Span::Statements(1)) {
            let _ = gexf::write_windows(&ws, Vec::new());
        }
    }
}

/// The most windows or time slices a series may have here: dates far apart
/// make long series, and a refusal past it is an answer too.
const MAX_WINDOWS: u64 = 1_000;

/// The targets the nested backbone is run on at most: it computes c(c + 1)/2
/// spectra for c targets.
const MAX_NESTED: usize = 12;

/// Networks over every node variable and in kernel slices, and every
/// analysis on them, with small searches.
fn analyses(ds: &Dataset) {
    let st = Statements::from_dataset(ds);
    for &variable in NodeVariable::ALL {
        let o = NetworkOptions::congruence()
            .node_variable(variable)
            .max_edges(MAX_EDGES);
        if let Ok(net) = network_with_threads(&st, &o, 1) {
            write_network(&net);
        }
    }
    let net = NetworkOptions::congruence()
        .max_edges(MAX_EDGES)
        .max_windows(MAX_WINDOWS);
    for &kernel in Kernel::ALL {
        let s = Smoothing::new(kernel, Span::Days(3), Span::Days(2));
        let _ = slices(&st, &net, &s);
    }
    let o = PolarisationOptions::new().normalise(true).starts(2);
    let in_bounds = |p: &claimgraph_network::Polarisation| {
        assert!(
            (-1e-9..=1.0 + 1e-9).contains(&p.score),
            "a normalised polarisation of {}",
            p.score
        );
    };
    if let Ok(p) = polarisation(&st, &net, &o, None) {
        in_bounds(&p);
    }
    if let Ok(series) = polarisation_windows(
        &st,
        &net,
        Span::Statements(3),
        Span::Statements(2),
        &o,
        None,
    ) {
        series.iter().for_each(in_bounds);
    }
    let s = Smoothing::new(Kernel::Epanechnikov, Span::Days(5), Span::Days(3));
    if let Ok(series) = polarisation_slices(&st, &net, &s, &o, None) {
        series.iter().for_each(in_bounds);
    }
    let b = BackboneOptions::default().iterations(20).max_nodes(64);
    if let Ok(found) = backbone(&st, &b) {
        let split = &found.split;
        assert!(!split.backbone.is_empty() && !split.redundant.is_empty());
        let mut ids: Vec<&str> = split
            .backbone
            .iter()
            .chain(&split.redundant)
            .map(|n| &*n.id)
            .collect();
        let all = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all, "a target on both sides of a backbone");
        if all <= MAX_NESTED
            && let Ok(nested) = nested_backbone(&st, &b)
        {
            assert_eq!(
                nested.steps.len(),
                all,
                "the nested backbone removes each target once"
            );
        }
    }
    if let Ok(net) = network_with_threads(&st, &net, 1) {
        for &method in ClusterMethod::ALL {
            let _ = clusters(&net, &ClusterOptions::new().method(method));
        }
    }
}

/// Every export format, into memory; a valid dataset is written by each.
fn exports(ds: &Dataset) {
    let valid = ds.validate().is_valid();
    let must = |what: &str, result: Result<(), claimgraph_io::IoError>| {
        if valid && let Err(e) = result {
            panic!("{what} refuses a valid dataset: {e}");
        }
    };
    let mut out = Vec::new();
    must(
        "DOT",
        dot::write_dataset(ds, &mut out, &DotOptions::new()).map(drop),
    );
    must(
        "DOT",
        dot::write_dataset(ds, &mut out, &DotOptions::all()).map(drop),
    );
    must("GraphML", graphml::write_dataset(ds, &mut out));
    must("GEXF", gexf::write_dataset(ds, &mut out));
    must("CSV nodes", csv::write_nodes(ds, &mut out));
    must("CSV edges", csv::write_edges(ds, &mut out));
    must("CSV stances", csv::write_stances(ds, &mut out));

    let mut map = Vec::new();
    aif::export(ds, &mut map).expect("AIF writes to memory");
    let back = aif::import(&map, &aif::AifOptions::new()).expect("the AIF export reads back");
    if valid {
        let mut again = Vec::new();
        aif::export(&back.dataset, &mut again).expect("AIF writes to memory");
        assert_eq!(
            String::from_utf8_lossy(&again),
            String::from_utf8_lossy(&map),
            "AIF exported, read back and exported again"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(ds) = read(data) else {
        return;
    };
    let _ = ds.validate();
    round_trips(&ds);
    queries(&ds);
    networks(&ds);
    analyses(&ds);
    exports(&ds);
});
