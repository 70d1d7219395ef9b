//! The worked example of docs/NETWORKS.md, computed by hand: three actors,
//! three targets, supports ("yes") and opposes ("no").
//!
//! | actor | c1    | c2    | c3   |
//! |-------|-------|-------|------|
//! | A     | yes×2 | yes   | no   |
//! | B     | yes   | no    |      |
//! | C     | no    |       | no×2 |

use claimgraph_core::{ActorKind, Dataset, DatasetBuilder, Position};
use claimgraph_network::{
    Kind, Network, NetworkOptions, Normalization, Positions, Statements, network,
};

fn dataset() -> Dataset {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Report").published("2025-01-01").id();
    let a = b.actor("A", "A", ActorKind::Person).id();
    let bb = b.actor("B", "B", ActorKind::Person).id();
    let c = b.actor("C", "C", ActorKind::Person).id();
    let c1 = b.proposal("c1", "c1").id();
    let c2 = b.proposal("c2", "c2").id();
    let c3 = b.proposal("c3", "c3").id();
    let yes = Position::Supports;
    let no = Position::Opposes;
    let rows = [
        (&a, &c1, yes),
        (&a, &c1, yes),
        (&a, &c2, yes),
        (&a, &c3, no),
        (&bb, &c1, yes),
        (&bb, &c2, no),
        (&c, &c1, no),
        (&c, &c3, no),
        (&c, &c3, no),
    ];
    for (n, (who, what, pos)) in rows.into_iter().enumerate() {
        b.stance(&format!("s{n}"), who, what, pos).source(&src);
    }
    b.build().expect("valid")
}

fn net(kind: Kind, norm: Normalization) -> Network {
    let st = Statements::from_dataset(&dataset());
    network(&st, &NetworkOptions::new(kind).normalization(norm)).expect("network")
}

fn close(net: &Network, a: &str, b: &str, want: f64) {
    let got = net.weight(a, b).unwrap_or(0.0);
    assert!((got - want).abs() < 1e-6, "{a}-{b}: got {got}, want {want}");
}

#[test]
fn raw_weights() {
    use Normalization::None as N;
    let n = net(Kind::CoOccurrence, N);
    close(&n, "A", "B", 3.0);
    close(&n, "A", "C", 4.0);
    close(&n, "B", "C", 1.0);
    let n = net(Kind::Congruence, N);
    close(&n, "A", "B", 2.0);
    close(&n, "A", "C", 2.0);
    close(&n, "B", "C", 0.0);
    let n = net(Kind::Conflict, N);
    close(&n, "A", "B", 1.0);
    close(&n, "A", "C", 2.0);
    close(&n, "B", "C", 1.0);
    let n = net(Kind::Subtract, N);
    close(&n, "A", "B", 1.0);
    close(&n, "A", "C", 0.0);
    close(&n, "B", "C", -1.0);
}

#[test]
fn dna_compatibility_cosine_and_average() {
    let n = net(Kind::Congruence, Normalization::DnaCosine);
    close(&n, "A", "B", 0.25);
    close(&n, "A", "C", 2.0 / 12.0);
    let n = net(Kind::CoOccurrence, Normalization::Average);
    close(&n, "A", "C", 4.0 / 3.5);
    let n = net(Kind::Conflict, Normalization::Average);
    close(&n, "B", "C", 0.4);
}

#[test]
fn true_cosine_and_jaccard() {
    let n = net(Kind::CoOccurrence, Normalization::Cosine);
    close(&n, "A", "B", 0.866025);
    close(&n, "A", "C", 0.730297);
    close(&n, "B", "C", 0.316228);
    let n = net(Kind::Congruence, Normalization::Cosine);
    close(&n, "A", "B", 0.577350);
    close(&n, "A", "C", 0.365148);
    let n = net(Kind::Conflict, Normalization::Cosine);
    close(&n, "A", "B", 0.288675);
    close(&n, "A", "C", 0.365148);
    close(&n, "B", "C", 0.316228);
    let n = net(Kind::CoOccurrence, Normalization::Jaccard);
    close(&n, "A", "B", 0.5);
    close(&n, "A", "C", 0.4);
    close(&n, "B", "C", 0.25);
    let n = net(Kind::Congruence, Normalization::Jaccard);
    close(&n, "A", "B", 0.2);
    close(&n, "A", "C", 1.0 / 6.0);
    close(&n, "B", "C", 0.0);
}

#[test]
fn affiliation() {
    let st = Statements::from_dataset(&dataset());
    let n = network(&st, &NetworkOptions::affiliation(Positions::Combine)).expect("network");
    close(&n, "A", "c1", 1.0);
    close(&n, "A", "c3", 2.0);
    close(&n, "B", "c2", 2.0);
    let n = network(&st, &NetworkOptions::affiliation(Positions::Subtract)).expect("network");
    close(&n, "A", "c1", 2.0);
    close(&n, "C", "c3", -2.0);
    let n = network(
        &st,
        &NetworkOptions::affiliation(Positions::Ignore).normalization(Normalization::Prominence),
    )
    .expect("network");
    close(&n, "A", "c1", 0.5);
    close(&n, "C", "c3", 2.0 / 3.0);
}
