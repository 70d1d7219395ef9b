//! Every network kind and normalisation against small cases computed by hand,
//! with the formulas of docs/NETWORKS.md written out beside the numbers.
//!
//! Notation: c(i, j, l) is the number of statements of row i on column j at
//! level l (after duplicate removal); tot(i) = Σ_j Σ_l c(i, j, l); T(i, j) =
//! Σ_l c(i, j, l).

use std::collections::BTreeMap;

use claimgraph_core::{ActorKind, DatasetBuilder, Position, SourceKind};
use claimgraph_network::{
    Duplicates, Filters, Kind, Network, NetworkError, NetworkOptions, Normalization, Over,
    Positions, ReadOptions, Scale, SourceField, Statements, csv_field, day_of, network,
    read_statements,
};

use Position::{Neutral, Opposes as No, Supports as Yes};

/// One statement: actor, target, position, intensity, source ("" for none)
/// and day ("" for none).
type Spec<'a> = (&'a str, &'a str, Position, Option<f64>, &'a str, &'a str);

/// A statement table with an actor (a person) per actor id, a proposal per
/// target id and an undated source per source id.
fn table(rows: &[Spec<'_>]) -> Statements {
    let mut b = DatasetBuilder::new();
    let mut sources = BTreeMap::new();
    let mut actors = BTreeMap::new();
    let mut targets = BTreeMap::new();
    for (n, &(actor, target, position, intensity, source, day)) in rows.iter().enumerate() {
        if !source.is_empty() && !sources.contains_key(source) {
            let id = b.source(source, source).id();
            sources.insert(source, id);
        }
        if !actors.contains_key(actor) {
            let id = b.actor(actor, actor, ActorKind::Person).id();
            actors.insert(actor, id);
        }
        if !targets.contains_key(target) {
            let id = b.proposal(target, target).id();
            targets.insert(target, id);
        }
        let mut e = b.stance(&format!("s{n}"), &actors[actor], &targets[target], position);
        if let Some(x) = intensity {
            e = e.intensity(x);
        }
        if !source.is_empty() {
            e = e.source(&sources[source]);
        }
        if !day.is_empty() {
            e = e.as_of(day);
        }
        let _ = e;
    }
    Statements::from_dataset(&b.build().expect("a valid dataset"))
}

fn build(st: &Statements, o: &NetworkOptions) -> Network {
    match network(st, o) {
        Ok(n) => n,
        Err(e) => panic!("{o:?}: {e}"),
    }
}

fn edges_of(net: &Network) -> Vec<(String, String, f64)> {
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

/// The network has exactly these edges (zero weights are no edge), each
/// within `tol` of the hand-computed weight.
fn assert_edges_tol(net: &Network, want: &[(&str, &str, f64)], tol: f64) {
    let got = edges_of(net);
    let want: Vec<_> = want.iter().filter(|w| w.2 != 0.0).collect();
    assert_eq!(
        got.len(),
        want.len(),
        "{:?} {:?}: got {got:?}, want {want:?}",
        net.options().kind,
        net.options().normalization
    );
    for &&(a, b, w) in &want {
        let g = net.weight(a, b);
        assert!(
            g.is_some_and(|g| (g - w).abs() < tol),
            "{:?} {:?} {a}-{b}: got {g:?}, want {w} (all: {got:?})",
            net.options().kind,
            net.options().normalization
        );
    }
}

fn assert_edges(net: &Network, want: &[(&str, &str, f64)]) {
    assert_edges_tol(net, want, 1e-12);
}

fn edge_list(net: &Network) -> String {
    let mut out = Vec::new();
    net.write_edge_list(&mut out).expect("written");
    String::from_utf8(out).expect("UTF-8")
}

fn matrix(net: &Network) -> String {
    let mut out = Vec::new();
    net.write_matrix(&mut out).expect("written");
    String::from_utf8(out).expect("UTF-8")
}

// ---------------------------------------------------------------------------
// The worked example (docs/NETWORKS.md): supports = yes (level 1), opposes =
// no (level 0).
//
// | actor | c1    | c2  | c3   | tot |
// |-------|-------|-----|------|-----|
// | A     | yes×2 | yes | no   | 4   |
// | B     | yes   | no  |      | 2   |
// | C     | no    |     | no×2 | 3   |
//
// Cells c(i, j, (no, yes)): A c1 (0,2) c2 (0,1) c3 (1,0); B c1 (0,1) c2 (1,0);
// C c1 (1,0) c3 (2,0).

fn worked() -> Statements {
    table(&[
        ("A", "c1", Yes, None, "d1", ""),
        ("A", "c1", Yes, None, "d2", ""),
        ("A", "c2", Yes, None, "d1", ""),
        ("A", "c3", No, None, "d1", ""),
        ("B", "c1", Yes, None, "d1", ""),
        ("B", "c2", No, None, "d1", ""),
        ("C", "c1", No, None, "d1", ""),
        ("C", "c3", No, None, "d1", ""),
        ("C", "c3", No, None, "d2", ""),
    ])
}

fn one_mode(kind: Kind, norm: Normalization) -> NetworkOptions {
    NetworkOptions::new(kind).normalization(norm)
}

#[test]
fn raw_weights_are_products_of_counts() {
    let st = worked();
    // co-occurrence ω = Σ_j T(i,j)·T(i',j):
    //   AB = c1 2·1 + c2 1·1 = 3; AC = c1 2·1 + c3 1·2 = 4; BC = c1 1·1 = 1.
    let n = build(&st, &one_mode(Kind::CoOccurrence, Normalization::None));
    assert_edges(&n, &[("A", "B", 3.0), ("A", "C", 4.0), ("B", "C", 1.0)]);
    // congruence ω = Σ_j Σ_l c(i,j,l)·c(i',j,l):
    //   AB = c1 yes 2·1 = 2; AC = c3 no 1·2 = 2; BC = 0 (c1 yes against no).
    let n = build(&st, &one_mode(Kind::Congruence, Normalization::None));
    assert_edges(&n, &[("A", "B", 2.0), ("A", "C", 2.0)]);
    // conflict ω = Σ_j Σ_{l≠l'} c(i,j,l)·c(i',j,l'):
    //   AB = c2 1·1 = 1; AC = c1 2·1 = 2; BC = c1 1·1 = 1.
    let n = build(&st, &one_mode(Kind::Conflict, Normalization::None));
    assert_edges(&n, &[("A", "B", 1.0), ("A", "C", 2.0), ("B", "C", 1.0)]);
    // subtract = congruence − conflict: AB 2−1 = 1; AC 2−2 = 0; BC 0−1 = −1.
    let n = build(&st, &one_mode(Kind::Subtract, Normalization::None));
    assert_edges(&n, &[("A", "B", 1.0), ("B", "C", -1.0)]);
}

#[test]
fn average_divides_by_the_mean_number_of_statements() {
    let st = worked();
    // (tot(i) + tot(i'))/2: AB (4+2)/2 = 3; AC (4+3)/2 = 3.5; BC (2+3)/2 = 2.5.
    let n = build(&st, &one_mode(Kind::CoOccurrence, Normalization::Average));
    // 3/3 = 1; 4/3.5 = 1.142857 (above 1: products of counts over a sum); 1/2.5 = 0.4.
    assert_edges(
        &n,
        &[("A", "B", 1.0), ("A", "C", 4.0 / 3.5), ("B", "C", 0.4)],
    );
    let n = build(&st, &one_mode(Kind::Congruence, Normalization::Average));
    // 2/3; 2/3.5 = 0.571429; 0.
    assert_edges(&n, &[("A", "B", 2.0 / 3.0), ("A", "C", 2.0 / 3.5)]);
    let n = build(&st, &one_mode(Kind::Conflict, Normalization::Average));
    // 1/3; 2/3.5; 1/2.5 = 0.4.
    assert_edges(
        &n,
        &[
            ("A", "B", 1.0 / 3.0),
            ("A", "C", 2.0 / 3.5),
            ("B", "C", 0.4),
        ],
    );
    let n = build(&st, &one_mode(Kind::Subtract, Normalization::Average));
    // 1/3; 0; −1/2.5 = −0.4.
    assert_edges(&n, &[("A", "B", 1.0 / 3.0), ("B", "C", -0.4)]);
}

#[test]
fn dna_cosine_divides_by_the_product_of_totals() {
    let st = worked();
    // tot(i)·tot(i'): AB 4·2 = 8; AC 4·3 = 12; BC 2·3 = 6.
    let n = build(&st, &one_mode(Kind::CoOccurrence, Normalization::DnaCosine));
    // 3/8 = 0.375; 4/12; 1/6.
    assert_edges(
        &n,
        &[
            ("A", "B", 0.375),
            ("A", "C", 4.0 / 12.0),
            ("B", "C", 1.0 / 6.0),
        ],
    );
    let n = build(&st, &one_mode(Kind::Congruence, Normalization::DnaCosine));
    // 2/8 = 0.25; 2/12; 0.
    assert_edges(&n, &[("A", "B", 0.25), ("A", "C", 2.0 / 12.0)]);
    let n = build(&st, &one_mode(Kind::Conflict, Normalization::DnaCosine));
    // 1/8; 2/12; 1/6.
    assert_edges(
        &n,
        &[
            ("A", "B", 0.125),
            ("A", "C", 2.0 / 12.0),
            ("B", "C", 1.0 / 6.0),
        ],
    );
    let n = build(&st, &one_mode(Kind::Subtract, Normalization::DnaCosine));
    // 1/8; 0; −1/6.
    assert_edges(&n, &[("A", "B", 0.125), ("B", "C", -1.0 / 6.0)]);
}

#[test]
fn dna_cosine_is_dnas_formula_for_every_kind() {
    // DNA: ω(i,i') / (√(tot(i)²)·√(tot(i')²)), tot counted from the rows.
    let st = worked();
    let mut tot: BTreeMap<&str, f64> = BTreeMap::new();
    for r in st.rows() {
        *tot.entry(&st.actors()[r.actor as usize].id).or_default() += 1.0;
    }
    for kind in [
        Kind::CoOccurrence,
        Kind::Congruence,
        Kind::Conflict,
        Kind::Subtract,
    ] {
        let raw = build(&st, &one_mode(kind, Normalization::None));
        let dna = build(&st, &one_mode(kind, Normalization::DnaCosine));
        let avg = build(&st, &one_mode(kind, Normalization::Average));
        assert_eq!(raw.edges().len(), dna.edges().len());
        for (a, b, w) in edges_of(&raw) {
            let (ta, tb) = (tot[a.as_str()], tot[b.as_str()]);
            let want = w / ((ta * ta).sqrt() * (tb * tb).sqrt());
            assert_eq!(dna.weight(&a, &b), Some(want), "{kind:?} {a}-{b}");
            assert_eq!(avg.weight(&a, &b), Some(w / ((ta + tb) / 2.0)));
        }
    }
}

#[test]
fn cosine_is_a_true_cosine() {
    let st = worked();
    // co-occurrence: vectors of T(i, ·) over c1..c3: A (2,1,1), B (1,1,0),
    // C (1,0,2); ‖A‖² = 6, ‖B‖² = 2, ‖C‖² = 5.
    // AB 3/√12 = 0.866025; AC 4/√30 = 0.730297; BC 1/√10 = 0.316228.
    let n = build(&st, &one_mode(Kind::CoOccurrence, Normalization::Cosine));
    assert_edges(
        &n,
        &[
            ("A", "B", 3.0 / 12f64.sqrt()),
            ("A", "C", 4.0 / 30f64.sqrt()),
            ("B", "C", 1.0 / 10f64.sqrt()),
        ],
    );
    // congruence: vectors over (target, position) cells: A (c1y 2, c2y 1,
    // c3n 1), B (c1y 1, c2n 1), C (c1n 1, c3n 2); squared norms 6, 2, 5.
    // AB 2/√12 = 0.577350; AC 2/√30 = 0.365148; BC 0.
    let n = build(&st, &one_mode(Kind::Congruence, Normalization::Cosine));
    assert_edges(
        &n,
        &[
            ("A", "B", 2.0 / 12f64.sqrt()),
            ("A", "C", 2.0 / 30f64.sqrt()),
        ],
    );
    // conflict: the cosine between a_i and the mirrored a_i' (yes <-> no),
    // whose norm is the same: AB 1/√12; AC 2/√30; BC 1/√10.
    let n = build(&st, &one_mode(Kind::Conflict, Normalization::Cosine));
    assert_edges(
        &n,
        &[
            ("A", "B", 1.0 / 12f64.sqrt()),
            ("A", "C", 2.0 / 30f64.sqrt()),
            ("B", "C", 1.0 / 10f64.sqrt()),
        ],
    );
    // subtract: (2−1)/√12 = 0.288675; 0; (0−1)/√10.
    let n = build(&st, &one_mode(Kind::Subtract, Normalization::Cosine));
    assert_edges(
        &n,
        &[
            ("A", "B", 1.0 / 12f64.sqrt()),
            ("B", "C", -1.0 / 10f64.sqrt()),
        ],
    );
}

#[test]
fn jaccard_is_the_weighted_jaccard_of_the_position_vectors() {
    let st = worked();
    // co-occurrence, over T(i, ·): Σ min / Σ max = m / (tot(i) + tot(i') − m).
    //   AB: min (2,1)+(1,1)+(1,0) = 1+1+0 = 2; 4+2−2 = 4 → 0.5.
    //   AC: min c1 1 + c3 1 = 2; 4+3−2 = 5 → 0.4.
    //   BC: min c1 1 = 1; 2+3−1 = 4 → 0.25.
    let n = build(&st, &one_mode(Kind::CoOccurrence, Normalization::Jaccard));
    assert_edges(&n, &[("A", "B", 0.5), ("A", "C", 0.4), ("B", "C", 0.25)]);
    // congruence, over (target, position) cells:
    //   AB: (c1,yes) min(2,1) = 1; 6−1 = 5 → 0.2.
    //   AC: (c3,no) min(1,2) = 1; 7−1 = 6 → 1/6.
    //   BC: no common cell → 0.
    let n = build(&st, &one_mode(Kind::Congruence, Normalization::Jaccard));
    assert_edges(&n, &[("A", "B", 0.2), ("A", "C", 1.0 / 6.0)]);
    // conflict, a_i against the mirrored a_i' (i's yes meets i''s no):
    //   AB: A (c2,yes) 1 vs B (c2,no) 1 → 1; 6−1 = 5 → 0.2.
    //   AC: A (c1,yes) 2 vs C (c1,no) 1 → 1; A (c3,no) 1 vs C (c3,yes) 0; 7−1 = 6 → 1/6.
    //   BC: B (c1,yes) 1 vs C (c1,no) 1 → 1; 5−1 = 4 → 0.25.
    let n = build(&st, &one_mode(Kind::Conflict, Normalization::Jaccard));
    assert_edges(
        &n,
        &[("A", "B", 0.2), ("A", "C", 1.0 / 6.0), ("B", "C", 0.25)],
    );
    // subtract: 0.2−0.2 = 0; 1/6−1/6 = 0; 0−0.25 = −0.25.
    let n = build(&st, &one_mode(Kind::Subtract, Normalization::Jaccard));
    assert_edges(&n, &[("B", "C", -0.25)]);
}

#[test]
fn the_diagonal_is_zero_and_the_matrix_symmetric() {
    let st = worked();
    let n = build(&st, &one_mode(Kind::CoOccurrence, Normalization::None));
    assert_eq!(matrix(&n), "\"\",A,B,C\nA,0,3,4\nB,3,0,1\nC,4,1,0\n");
    assert!(n.is_symmetric() && !n.is_two_mode());
    assert_eq!(n.weight("B", "A"), n.weight("A", "B"));
    assert_eq!(n.weight("A", "A"), None);
}

// ---------------------------------------------------------------------------
// Target × target networks: the rows are targets, linked through the actors
// who speak on both.
//
// | actor | p     | q   | r   |
// |-------|-------|-----|-----|
// | X     | yes   | yes | no  |
// | Y     | yes×2 | no  |     |
// | Z     |       |     | yes |
//
// Rows c(target, actor, (no, yes)): p X (0,1) Y (0,2), tot 3; q X (0,1)
// Y (1,0), tot 2; r X (1,0) Z (0,1), tot 2.

fn targets_table() -> Statements {
    table(&[
        ("X", "p", Yes, None, "d1", ""),
        ("X", "q", Yes, None, "d1", ""),
        ("X", "r", No, None, "d1", ""),
        ("Y", "p", Yes, None, "d1", ""),
        ("Y", "p", Yes, None, "d2", ""),
        ("Y", "q", No, None, "d1", ""),
        ("Z", "r", Yes, None, "d1", ""),
    ])
}

fn over_targets(kind: Kind, norm: Normalization) -> NetworkOptions {
    one_mode(kind, norm).over(Over::Targets)
}

#[test]
fn target_networks_raw() {
    let st = targets_table();
    // co-occurrence: pq = X 1·1 + Y 2·1 = 3; pr = X 1·1 = 1; qr = X 1·1 = 1.
    let n = build(&st, &over_targets(Kind::CoOccurrence, Normalization::None));
    assert_eq!(
        n.nodes().iter().map(|x| &*x.id).collect::<Vec<_>>(),
        ["p", "q", "r"]
    );
    assert_edges(&n, &[("p", "q", 3.0), ("p", "r", 1.0), ("q", "r", 1.0)]);
    // congruence: pq = X yes·yes 1·1 = 1 (Y yes against no: 0); pr = qr = 0.
    let n = build(&st, &over_targets(Kind::Congruence, Normalization::None));
    assert_edges(&n, &[("p", "q", 1.0)]);
    // conflict: pq = Y 2·1 = 2; pr = X 1·1 = 1; qr = X 1·1 = 1.
    let n = build(&st, &over_targets(Kind::Conflict, Normalization::None));
    assert_edges(&n, &[("p", "q", 2.0), ("p", "r", 1.0), ("q", "r", 1.0)]);
    // subtract: 1−2 = −1; 0−1 = −1; 0−1 = −1.
    let n = build(&st, &over_targets(Kind::Subtract, Normalization::None));
    assert_edges(&n, &[("p", "q", -1.0), ("p", "r", -1.0), ("q", "r", -1.0)]);
}

#[test]
fn target_networks_normalised() {
    let st = targets_table();
    use Normalization::{Average, Cosine, DnaCosine, Jaccard};
    // average, (tot+tot')/2: pq 2.5, pr 2.5, qr 2.
    let n = build(&st, &over_targets(Kind::CoOccurrence, Average));
    assert_edges(&n, &[("p", "q", 1.2), ("p", "r", 0.4), ("q", "r", 0.5)]);
    let n = build(&st, &over_targets(Kind::Congruence, Average));
    assert_edges(&n, &[("p", "q", 0.4)]);
    let n = build(&st, &over_targets(Kind::Conflict, Average));
    assert_edges(&n, &[("p", "q", 0.8), ("p", "r", 0.4), ("q", "r", 0.5)]);
    let n = build(&st, &over_targets(Kind::Subtract, Average));
    assert_edges(&n, &[("p", "q", -0.4), ("p", "r", -0.4), ("q", "r", -0.5)]);
    // dna-cosine, tot·tot': pq 6, pr 6, qr 4.
    let n = build(&st, &over_targets(Kind::CoOccurrence, DnaCosine));
    assert_edges(
        &n,
        &[("p", "q", 0.5), ("p", "r", 1.0 / 6.0), ("q", "r", 0.25)],
    );
    let n = build(&st, &over_targets(Kind::Congruence, DnaCosine));
    assert_edges(&n, &[("p", "q", 1.0 / 6.0)]);
    let n = build(&st, &over_targets(Kind::Conflict, DnaCosine));
    assert_edges(
        &n,
        &[
            ("p", "q", 2.0 / 6.0),
            ("p", "r", 1.0 / 6.0),
            ("q", "r", 0.25),
        ],
    );
    let n = build(&st, &over_targets(Kind::Subtract, DnaCosine));
    assert_edges(
        &n,
        &[
            ("p", "q", -1.0 / 6.0),
            ("p", "r", -1.0 / 6.0),
            ("q", "r", -0.25),
        ],
    );
    // cosine. co-occurrence over T(target, ·): p (X 1, Y 2) ‖‖² 5, q (1, 1) 2,
    // r (X 1, Z 1) 2: pq 3/√10, pr 1/√10, qr 1/√4.
    let n = build(&st, &over_targets(Kind::CoOccurrence, Cosine));
    let r10 = 10f64.sqrt();
    assert_edges(
        &n,
        &[
            ("p", "q", 3.0 / r10),
            ("p", "r", 1.0 / r10),
            ("q", "r", 0.5),
        ],
    );
    // Over cells the squared norms are p 1+4 = 5, q 1+1 = 2, r 1+1 = 2.
    let n = build(&st, &over_targets(Kind::Congruence, Cosine));
    assert_edges(&n, &[("p", "q", 1.0 / r10)]);
    let n = build(&st, &over_targets(Kind::Conflict, Cosine));
    assert_edges(
        &n,
        &[
            ("p", "q", 2.0 / r10),
            ("p", "r", 1.0 / r10),
            ("q", "r", 0.5),
        ],
    );
    let n = build(&st, &over_targets(Kind::Subtract, Cosine));
    assert_edges(
        &n,
        &[
            ("p", "q", -1.0 / r10),
            ("p", "r", -1.0 / r10),
            ("q", "r", -0.5),
        ],
    );
    // jaccard. co-occurrence: pq min X 1 + Y 1 = 2, 3+2−2 = 3 → 2/3; pr min
    // X 1 → 1, 3+2−1 = 4 → 0.25; qr min X 1 → 1, 2+2−1 = 3 → 1/3.
    let n = build(&st, &over_targets(Kind::CoOccurrence, Jaccard));
    assert_edges(
        &n,
        &[
            ("p", "q", 2.0 / 3.0),
            ("p", "r", 0.25),
            ("q", "r", 1.0 / 3.0),
        ],
    );
    // congruence: pq (X,yes) min(1,1) = 1; 5−1 = 4 → 0.25. pr, qr: none.
    let n = build(&st, &over_targets(Kind::Congruence, Jaccard));
    assert_edges(&n, &[("p", "q", 0.25)]);
    // conflict: pq p(Y,yes) 2 vs q(Y,no) 1 → 1, 5−1 = 4 → 0.25; pr p(X,yes) 1
    // vs r(X,no) 1 → 1, 5−1 = 4 → 0.25; qr q(X,yes) 1 vs r(X,no) 1 → 1,
    // 4−1 = 3 → 1/3.
    let n = build(&st, &over_targets(Kind::Conflict, Jaccard));
    assert_edges(
        &n,
        &[("p", "q", 0.25), ("p", "r", 0.25), ("q", "r", 1.0 / 3.0)],
    );
    // subtract: 0.25−0.25 = 0; −0.25; −1/3.
    let n = build(&st, &over_targets(Kind::Subtract, Jaccard));
    assert_edges(&n, &[("p", "r", -0.25), ("q", "r", -1.0 / 3.0)]);
}

// ---------------------------------------------------------------------------
// Affiliation (actor × target) on the worked example.

fn affiliation(positions: Positions, norm: Normalization) -> NetworkOptions {
    NetworkOptions::affiliation(positions).normalization(norm)
}

#[test]
fn affiliation_ignore_subtract_and_combine() {
    let st = worked();
    // ignore: y = Σ_l c.
    let n = build(&st, &affiliation(Positions::Ignore, Normalization::None));
    assert!(n.is_two_mode() && !n.is_symmetric());
    assert_eq!(matrix(&n), "\"\",c1,c2,c3\nA,2,1,1\nB,1,1,0\nC,1,0,2\n");
    // subtract: y = c(yes) − c(no).
    let n = build(&st, &affiliation(Positions::Subtract, Normalization::None));
    assert_eq!(matrix(&n), "\"\",c1,c2,c3\nA,2,1,-1\nB,1,-1,0\nC,-1,0,-2\n");
    // combine: 1 only yes, 2 only no, 3 both.
    let n = build(&st, &affiliation(Positions::Combine, Normalization::None));
    assert_eq!(matrix(&n), "\"\",c1,c2,c3\nA,1,1,2\nB,1,2,0\nC,2,0,2\n");
    assert_eq!(
        edge_list(&n),
        "source,target,weight\nA,c1,1\nA,c2,1\nA,c3,2\nB,c1,1\nB,c2,2\nC,c1,2\nC,c3,2\n"
    );
}

#[test]
fn combine_codes_do_not_depend_on_which_positions_occur() {
    // Only opposes in the selection: still 2; only supports: 1; both: 3.
    let st = table(&[("A", "c1", No, None, "", "")]);
    let n = build(&st, &affiliation(Positions::Combine, Normalization::None));
    assert_edges(&n, &[("A", "c1", 2.0)]);
    let st = table(&[("A", "c1", Yes, None, "", "")]);
    let n = build(&st, &affiliation(Positions::Combine, Normalization::None));
    assert_edges(&n, &[("A", "c1", 1.0)]);
    let st = table(&[
        ("A", "c1", No, None, "", ""),
        ("A", "c1", Yes, None, "", ""),
        ("A", "c1", Yes, None, "", ""),
    ]);
    let n = build(&st, &affiliation(Positions::Combine, Normalization::None));
    assert_edges(&n, &[("A", "c1", 3.0)]);
}

#[test]
fn affiliation_activity_and_prominence() {
    let st = worked();
    // activity: divide by the actor's statements (A 4, B 2, C 3).
    let n = build(
        &st,
        &affiliation(Positions::Ignore, Normalization::Activity),
    );
    assert_edges(
        &n,
        &[
            ("A", "c1", 0.5),
            ("A", "c2", 0.25),
            ("A", "c3", 0.25),
            ("B", "c1", 0.5),
            ("B", "c2", 0.5),
            ("C", "c1", 1.0 / 3.0),
            ("C", "c3", 2.0 / 3.0),
        ],
    );
    let n = build(
        &st,
        &affiliation(Positions::Subtract, Normalization::Activity),
    );
    assert_edges(
        &n,
        &[
            ("A", "c1", 0.5),
            ("A", "c2", 0.25),
            ("A", "c3", -0.25),
            ("B", "c1", 0.5),
            ("B", "c2", -0.5),
            ("C", "c1", -1.0 / 3.0),
            ("C", "c3", -2.0 / 3.0),
        ],
    );
    // prominence: divide by the target's statements (c1 4, c2 2, c3 3).
    let n = build(
        &st,
        &affiliation(Positions::Ignore, Normalization::Prominence),
    );
    assert_edges(
        &n,
        &[
            ("A", "c1", 0.5),
            ("A", "c2", 0.5),
            ("A", "c3", 1.0 / 3.0),
            ("B", "c1", 0.25),
            ("B", "c2", 0.5),
            ("C", "c1", 0.25),
            ("C", "c3", 2.0 / 3.0),
        ],
    );
    let n = build(
        &st,
        &affiliation(Positions::Subtract, Normalization::Prominence),
    );
    assert_edges(
        &n,
        &[
            ("A", "c1", 0.5),
            ("A", "c2", 0.5),
            ("A", "c3", -1.0 / 3.0),
            ("B", "c1", 0.25),
            ("B", "c2", -0.5),
            ("C", "c1", -0.25),
            ("C", "c3", -2.0 / 3.0),
        ],
    );
}

#[test]
fn prominence_reads_the_target_not_the_transposed_cell() {
    // Not square and not symmetric: actors A, B; targets t1, t2, t3.
    // A: t1 ×3, t2; B: t1. Column totals t1 4, t2 1.
    let st = table(&[
        ("A", "t1", Yes, None, "d1", ""),
        ("A", "t1", Yes, None, "d2", ""),
        ("A", "t1", No, None, "d3", ""),
        ("A", "t2", Yes, None, "d1", ""),
        ("B", "t1", No, None, "d1", ""),
    ]);
    let n = build(
        &st,
        &affiliation(Positions::Ignore, Normalization::Prominence),
    );
    // A–t1 3/4; A–t2 1/1; B–t1 1/4.
    assert_edges(
        &n,
        &[("A", "t1", 0.75), ("A", "t2", 1.0), ("B", "t1", 0.25)],
    );
    let n = build(
        &st,
        &affiliation(Positions::Subtract, Normalization::Activity),
    );
    // A: (2−1)/4 on t1, 1/4 on t2; B: −1/1 on t1.
    assert_edges(
        &n,
        &[("A", "t1", 0.25), ("A", "t2", 0.25), ("B", "t1", -1.0)],
    );
}

#[test]
fn combine_with_a_normalisation_or_a_scale_is_refused() {
    let st = worked();
    for norm in [Normalization::Activity, Normalization::Prominence] {
        let err = network(&st, &affiliation(Positions::Combine, norm)).unwrap_err();
        assert!(
            matches!(
                err,
                NetworkError::BadOption {
                    option: "normalize",
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("combine"), "{err}");
    }
    let scaled = affiliation(Positions::Combine, Normalization::None)
        .scale(Scale::new(-1.0, 1.0).expect("scale"));
    let err = network(&st, &scaled).unwrap_err();
    assert!(err.to_string().contains("graded scale"), "{err}");
}

// ---------------------------------------------------------------------------
// Graded positions on a declared scale: the agreement of two values q, q' is
// k(q, q') = 1 − |q − q'| / R with R = max − min of the declared scale.

fn graded() -> Statements {
    // A–c1 at 0.4, B–c1 at −0.2, C–c2 at 0 (observed values −0.2, 0, 0.4).
    table(&[
        ("A", "c1", Yes, Some(0.4), "d1", ""),
        ("B", "c1", No, Some(-0.2), "d1", ""),
        ("C", "c2", Neutral, Some(0.0), "d1", ""),
    ])
}

fn scale() -> Scale {
    Scale::new(-1.0, 1.0).expect("a scale")
}

#[test]
fn graded_agreement_uses_the_declared_range() {
    let st = graded();
    let o = |kind| one_mode(kind, Normalization::None).scale(scale());
    // R = 1 − (−1) = 2; |0.4 − (−0.2)| = 0.6; k = 1 − 0.6/2 = 0.7.
    // (With DNA's observed range, 0.4 − (−0.2) = 0.6, k would be 0 and the
    // conflict 1.)
    let tol = 1e-6; // intensities are stored as f32
    assert_edges_tol(&build(&st, &o(Kind::Congruence)), &[("A", "B", 0.7)], tol);
    // conflict weight |q − q'|/R = 0.3.
    assert_edges_tol(&build(&st, &o(Kind::Conflict)), &[("A", "B", 0.3)], tol);
    // subtract 0.7 − 0.3 = 0.4.
    assert_edges_tol(&build(&st, &o(Kind::Subtract)), &[("A", "B", 0.4)], tol);
    // co-occurrence ignores positions: 1·1.
    assert_edges(&build(&st, &o(Kind::CoOccurrence)), &[("A", "B", 1.0)]);
}

#[test]
fn graded_normalisations() {
    let tol = 1e-6;
    // A–c1 0.4 twice (two sources), B–c1 −0.2 once. k(0.4, −0.2) = 0.7.
    let st = table(&[
        ("A", "c1", Yes, Some(0.4), "d1", ""),
        ("A", "c1", Yes, Some(0.4), "d2", ""),
        ("B", "c1", No, Some(-0.2), "d1", ""),
    ]);
    let o = |kind, norm| one_mode(kind, norm).scale(scale());
    // raw congruence 2·1·0.7 = 1.4, conflict 2·1·0.3 = 0.6, subtract 0.8.
    // κ(i) = Σ c·c'·k over i's own level pairs: κ(A) = 2·2·1 = 4, κ(B) = 1.
    use Normalization::{Average, Cosine, DnaCosine, Jaccard};
    // average: (2 + 1)/2 = 1.5 → 1.4/1.5, 0.6/1.5, 0.8/1.5.
    assert_edges_tol(
        &build(&st, &o(Kind::Congruence, Average)),
        &[("A", "B", 1.4 / 1.5)],
        tol,
    );
    assert_edges_tol(
        &build(&st, &o(Kind::Conflict, Average)),
        &[("A", "B", 0.4)],
        tol,
    );
    assert_edges_tol(
        &build(&st, &o(Kind::Subtract, Average)),
        &[("A", "B", 0.8 / 1.5)],
        tol,
    );
    // dna-cosine: 2·1 = 2 → 0.7, 0.3, 0.4.
    assert_edges_tol(
        &build(&st, &o(Kind::Congruence, DnaCosine)),
        &[("A", "B", 0.7)],
        tol,
    );
    assert_edges_tol(
        &build(&st, &o(Kind::Conflict, DnaCosine)),
        &[("A", "B", 0.3)],
        tol,
    );
    assert_edges_tol(
        &build(&st, &o(Kind::Subtract, DnaCosine)),
        &[("A", "B", 0.4)],
        tol,
    );
    // cosine (soft): ω/√(κ(A)κ(B)) = ω/2 → 0.7, 0.3, 0.4.
    assert_edges_tol(
        &build(&st, &o(Kind::Congruence, Cosine)),
        &[("A", "B", 0.7)],
        tol,
    );
    assert_edges_tol(
        &build(&st, &o(Kind::Conflict, Cosine)),
        &[("A", "B", 0.3)],
        tol,
    );
    assert_edges_tol(
        &build(&st, &o(Kind::Subtract, Cosine)),
        &[("A", "B", 0.4)],
        tol,
    );
    // jaccard (Tanimoto with the kernel): ω/(κ(A) + κ(B) − ω):
    // congruence 1.4/(5 − 1.4) = 0.388889; conflict 0.6/(5 − 0.6) = 0.136364;
    // subtract the difference, 0.252525.
    let (cj, fj) = (1.4 / 3.6, 0.6 / 4.4);
    assert_edges_tol(
        &build(&st, &o(Kind::Congruence, Jaccard)),
        &[("A", "B", cj)],
        tol,
    );
    assert_edges_tol(
        &build(&st, &o(Kind::Conflict, Jaccard)),
        &[("A", "B", fj)],
        tol,
    );
    assert_edges_tol(
        &build(&st, &o(Kind::Subtract, Jaccard)),
        &[("A", "B", cj - fj)],
        tol,
    );
}

#[test]
fn graded_values_without_an_intensity_take_the_scale_ends_and_midpoint() {
    // On −1..1: supports → 1, opposes → −1, neutral → 0; mixed is left out.
    let st = table(&[
        ("A", "c1", Yes, None, "", ""),
        ("B", "c1", Neutral, None, "", ""),
        ("C", "c1", No, None, "", ""),
        ("D", "c1", Position::Mixed, None, "", ""),
    ]);
    let o = one_mode(Kind::Congruence, Normalization::None).scale(scale());
    // AB 1 − 1/2 = 0.5; AC 1 − 2/2 = 0; BC 0.5.
    assert_edges(&build(&st, &o), &[("A", "B", 0.5), ("B", "C", 0.5)]);
    // On 0..1 the midpoint is 0.5: supports 1, neutral 0.5, opposes 0.
    let o = o.scale(Scale::new(0.0, 1.0).expect("scale"));
    assert_edges(&build(&st, &o), &[("A", "B", 0.5), ("B", "C", 0.5)]);
    // Without a scale, neutral and mixed statements are not counted.
    let o = one_mode(Kind::Congruence, Normalization::None);
    assert_eq!(build(&st, &o).edges().len(), 0);
    // Two neutral statements agree fully and never conflict, normalised or not.
    let st = table(&[
        ("A", "c1", Neutral, None, "", ""),
        ("B", "c1", Neutral, None, "", ""),
    ]);
    for norm in [
        Normalization::None,
        Normalization::Cosine,
        Normalization::Jaccard,
    ] {
        let o = |kind| one_mode(kind, norm).scale(scale());
        assert_edges(&build(&st, &o(Kind::Congruence)), &[("A", "B", 1.0)]);
        assert_edges(&build(&st, &o(Kind::Conflict)), &[]);
    }
}

#[test]
fn a_scale_of_extremes_gives_the_supports_opposes_network() {
    // On −1..1 the worked example's statements take the values ±1, so every
    // normalisation but Jaccard gives the same numbers as without a scale.
    let st = worked();
    for kind in [Kind::Congruence, Kind::Conflict, Kind::Subtract] {
        for norm in [
            Normalization::None,
            Normalization::Average,
            Normalization::Cosine,
            Normalization::DnaCosine,
        ] {
            let plain = build(&st, &one_mode(kind, norm));
            let scaled = build(&st, &one_mode(kind, norm).scale(scale()));
            assert_eq!(edges_of(&plain), edges_of(&scaled), "{kind:?} {norm:?}");
        }
    }
    // Jaccard on a scale is the Tanimoto coefficient ω/(κ(i) + κ(i') − ω),
    // with κ as for the cosine (A 6, B 2, C 5); it equals Σmin/Σmax only where
    // every count is 0 or 1.
    //   congruence: AB 2/(8−2) = 1/3; AC 2/(11−2) = 2/9; BC 0.
    //   conflict:   AB 1/(8−1) = 1/7; AC 2/(11−2) = 2/9; BC 1/(7−1) = 1/6.
    let o = |kind| one_mode(kind, Normalization::Jaccard).scale(scale());
    assert_edges(
        &build(&st, &o(Kind::Congruence)),
        &[("A", "B", 1.0 / 3.0), ("A", "C", 2.0 / 9.0)],
    );
    assert_edges(
        &build(&st, &o(Kind::Conflict)),
        &[
            ("A", "B", 1.0 / 7.0),
            ("A", "C", 2.0 / 9.0),
            ("B", "C", 1.0 / 6.0),
        ],
    );
    assert_edges(
        &build(&st, &o(Kind::Subtract)),
        &[("A", "B", 1.0 / 3.0 - 1.0 / 7.0), ("B", "C", -1.0 / 6.0)],
    );
}

#[test]
fn graded_affiliation_subtract_sums_the_values() {
    let st = graded();
    let o = affiliation(Positions::Subtract, Normalization::None).scale(scale());
    // A–c1 0.4, B–c1 −0.2; C–c2 0 is no edge.
    assert_edges_tol(
        &build(&st, &o),
        &[("A", "c1", 0.4), ("B", "c1", -0.2)],
        1e-6,
    );
    // Prominence: c1 has two statements → 0.2, −0.1.
    let o = o.normalization(Normalization::Prominence);
    assert_edges_tol(
        &build(&st, &o),
        &[("A", "c1", 0.2), ("B", "c1", -0.1)],
        1e-6,
    );
}

#[test]
fn an_intensity_outside_the_declared_scale_is_refused() {
    let st = graded();
    let o =
        one_mode(Kind::Congruence, Normalization::None).scale(Scale::new(0.0, 1.0).expect("scale"));
    let err = network(&st, &o).unwrap_err();
    assert!(
        matches!(
            err,
            NetworkError::BadOption {
                option: "scale",
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("outside the declared scale 0..1"),
        "{err}"
    );
    // A bound that f32 cannot hold exactly still admits the same intensity.
    let st = table(&[
        ("A", "c1", Yes, Some(0.3), "", ""),
        ("B", "c1", Yes, Some(0.3), "", ""),
    ]);
    let o = one_mode(Kind::Congruence, Normalization::None)
        .scale(Scale::new(-0.3, 0.3).expect("scale"));
    assert_edges(&build(&st, &o), &[("A", "B", 1.0)]);
}

// ---------------------------------------------------------------------------
// Duplicates: a (holder, target, level) counts once per bucket. B makes one
// "yes" statement, so the congruence A–B is the number of A's "yes"
// statements kept, the conflict the number of its "no", and the
// co-occurrence (position not part of the key) the number of A's statements
// kept.
//
// | stance | position | source | day                       |
// |--------|----------|--------|---------------------------|
// | s1     | yes      | d1     | 2020-03-02 Mon, 2020-W10  |
// | s2     | yes      | d2     | 2020-03-08 Sun, 2020-W10  |
// | s3     | yes      | d3     | 2021-03-03 Wed, 2021-W09  |
// | s4     | no       | d1     | 2020-03-02                |
// | s5     | yes      | d1     | 2020-03-04 Wed, 2020-W10  |
// | s6     | yes      | d4     | 2020-03-20 Fri, 2020-W12  |
// | s7     | yes      | d5     | 2020-07-01 Wed, 2020-W27  |

fn duplicates() -> Statements {
    table(&[
        ("A", "c1", Yes, None, "d1", "2020-03-02"),
        ("A", "c1", Yes, None, "d2", "2020-03-08"),
        ("A", "c1", Yes, None, "d3", "2021-03-03"),
        ("A", "c1", No, None, "d1", "2020-03-02"),
        ("A", "c1", Yes, None, "d1", "2020-03-04"),
        ("A", "c1", Yes, None, "d4", "2020-03-20"),
        ("A", "c1", Yes, None, "d5", "2020-07-01"),
        ("B", "c1", Yes, None, "d9", "2020-01-01"),
    ])
}

#[test]
fn duplicates_count_once_per_bucket() {
    let st = duplicates();
    // | option | A's yes buckets                               | yes | no | all |
    // |--------|-----------------------------------------------|-----|----|-----|
    // | all    | s1 s2 s3 s5 s6 s7                             | 6   | 1  | 7   |
    // | source | d1{s1,s5} d2 d3 d4 d5                         | 5   | 1  | 5   |
    // | week   | 2020-W10{s1,s2,s5} 2021-W09 2020-W12 2020-W27 | 4   | 1  | 4   |
    // | month  | 2020-03{s1,s2,s5,s6} 2021-03 2020-07          | 3   | 1  | 3   |
    // | year   | 2020{s1,s2,s5,s6,s7} 2021{s3}                 | 2   | 1  | 2   |
    // | range  | one                                           | 1   | 1  | 1   |
    //
    // "all" drops the position from the key: under source, d1 holds s1, s4
    // and s5 as one; under week, 2020-W10 holds s1, s2, s4 and s5.
    let cases = [
        (Duplicates::All, 6.0, 1.0, 7.0),
        (Duplicates::Source, 5.0, 1.0, 5.0),
        (Duplicates::Week, 4.0, 1.0, 4.0),
        (Duplicates::Month, 3.0, 1.0, 3.0),
        (Duplicates::Year, 2.0, 1.0, 2.0),
        (Duplicates::Range, 1.0, 1.0, 1.0),
    ];
    for (d, yes, no, all) in cases {
        let o = |kind| NetworkOptions::new(kind).duplicates(d);
        // congruence = yes·1; conflict = no·1; co-occurrence = all·1.
        assert_edges(&build(&st, &o(Kind::Congruence)), &[("A", "B", yes)]);
        assert_edges(&build(&st, &o(Kind::Conflict)), &[("A", "B", no)]);
        assert_edges(&build(&st, &o(Kind::CoOccurrence)), &[("A", "B", all)]);
        // The affiliation network shows the same counts directly.
        let aff = |p| build(&st, &NetworkOptions::affiliation(p).duplicates(d));
        let net = aff(Positions::Subtract).weight("A", "c1").unwrap_or(0.0);
        assert_eq!(net, yes - no, "{d:?}");
        assert_eq!(aff(Positions::Ignore).weight("A", "c1"), Some(all), "{d:?}");
    }
}

#[test]
fn weeks_are_iso_weeks_of_their_week_year() {
    // 2020-12-31 (Thu) and 2021-01-03 (Sun) are both in 2020-W53: one week,
    // two months, two years. 2020-03-02 and 2021-03-01 are both W10, of
    // different years.
    let st = table(&[
        ("A", "c1", Yes, None, "d1", "2020-12-31"),
        ("A", "c1", Yes, None, "d2", "2021-01-03"),
        ("A", "c2", Yes, None, "d1", "2020-03-02"),
        ("A", "c2", Yes, None, "d2", "2021-03-01"),
    ]);
    let count = |d, t| {
        build(
            &st,
            &NetworkOptions::affiliation(Positions::Ignore).duplicates(d),
        )
        .weight("A", t)
        .unwrap_or(0.0)
    };
    assert_eq!(count(Duplicates::Week, "c1"), 1.0);
    assert_eq!(count(Duplicates::Month, "c1"), 2.0);
    assert_eq!(count(Duplicates::Year, "c1"), 2.0);
    assert_eq!(count(Duplicates::Week, "c2"), 2.0);
    assert_eq!(count(Duplicates::Month, "c2"), 2.0);
}

#[test]
fn undated_or_sourceless_statements_are_never_duplicates() {
    // No day: every calendar option keeps both; no source: so does `source`.
    let st = table(&[
        ("A", "c1", Yes, None, "", ""),
        ("A", "c1", Yes, None, "", ""),
    ]);
    for d in [
        Duplicates::Source,
        Duplicates::Week,
        Duplicates::Month,
        Duplicates::Year,
    ] {
        let n = build(
            &st,
            &NetworkOptions::affiliation(Positions::Ignore).duplicates(d),
        );
        assert_eq!(n.weight("A", "c1"), Some(2.0), "{d:?}");
    }
    let n = build(
        &st,
        &NetworkOptions::affiliation(Positions::Ignore).duplicates(Duplicates::Range),
    );
    assert_eq!(n.weight("A", "c1"), Some(1.0));
}

// ---------------------------------------------------------------------------
// Filters, on an affiliation network (positions ignored), whose edge list
// shows which statements pass.

fn filtered() -> Statements {
    let mut b = DatasetBuilder::new();
    let d1 = b
        .source("d1", "One")
        .publisher("Reuters")
        .language("en")
        .kind(SourceKind::Article)
        .published("2020-01-10")
        .id();
    let d2 = b
        .source("d2", "Two")
        .publisher("TASS")
        .language("ru")
        .kind(SourceKind::Article)
        .published("2020-02-10")
        .id();
    let d3 = b
        .source("d3", "Three")
        .publisher("Reuters")
        .language("en")
        .kind(SourceKind::Transcript)
        .published("2020-03-10")
        .id();
    let us = b.actor("us", "United States", ActorKind::State).id();
    let ua = b.actor("ua", "Ukraine", ActorKind::State).id();
    let eu = b.actor("eu", "EU", ActorKind::Organisation).id();
    let kallas = b.actor("kallas", "Kallas", ActorKind::Person).id();
    let lone = b.actor("lone", "Lone", ActorKind::Group).id();
    let plan = b.proposal("plan", "Plan").id();
    let p7 = b.point("p7", &plan, "point 7", "Amnesty").id();
    let p9 = b.point("p9", &plan, "point 9", "Elections").id();
    b.stance("s1", &us, &plan, Yes).source(&d1);
    b.stance("s2", &ua, &plan, No).source(&d1);
    b.stance("s3", &eu, &plan, No).source(&d2);
    b.stance("s4", &kallas, &plan, No).source(&d3);
    b.stance("s5", &ua, &p7, No).source(&d2);
    b.stance("s6", &kallas, &p7, No).source(&d3);
    b.stance("s7", &us, &p7, Yes).source(&d3);
    // Neither source nor day.
    b.stance("s8", &eu, &p7, No);
    b.stance("s9", &lone, &p9, Yes).source(&d1);
    Statements::from_dataset(&b.build().expect("valid"))
}

fn passing(f: Filters) -> Result<String, NetworkError> {
    let o = NetworkOptions::affiliation(Positions::Ignore).filters(f);
    let n = network(&filtered(), &o)?;
    Ok(edges_of(&n)
        .into_iter()
        .map(|(a, t, _)| format!("{a}-{t}"))
        .collect::<Vec<_>>()
        .join(" "))
}

fn day(s: &str) -> i32 {
    day_of(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date"))
}

#[test]
fn filters_select_statements() {
    let all = "eu-p7 eu-plan kallas-p7 kallas-plan lone-p9 ua-p7 ua-plan us-p7 us-plan";
    assert_eq!(passing(Filters::default()).expect("net"), all);
    let f = |g: fn(&mut Filters)| {
        let mut f = Filters::default();
        g(&mut f);
        passing(f)
    };
    // Date range, inclusive; the undated s8 never passes.
    let got = f(|f| {
        f.from = Some(day("2020-02-10"));
        f.to = Some(day("2020-02-10"));
    });
    assert_eq!(got.expect("net"), "eu-plan ua-p7");
    let got = f(|f| f.from = Some(day("2020-02-01")));
    assert_eq!(
        got.expect("net"),
        "eu-plan kallas-p7 kallas-plan ua-p7 us-p7"
    );
    let got = f(|f| f.to = Some(day("2020-01-10")));
    assert_eq!(got.expect("net"), "lone-p9 ua-plan us-plan");
    // Actors and targets.
    let got = f(|f| f.include_actors = vec!["ua".into(), "us".into()]);
    assert_eq!(got.expect("net"), "ua-p7 ua-plan us-p7 us-plan");
    let got = f(|f| f.exclude_actors = vec!["us".into(), "lone".into()]);
    assert_eq!(
        got.expect("net"),
        "eu-p7 eu-plan kallas-p7 kallas-plan ua-p7 ua-plan"
    );
    let got = f(|f| f.include_targets = vec!["p7".into()]);
    assert_eq!(got.expect("net"), "eu-p7 kallas-p7 ua-p7 us-p7");
    let got = f(|f| f.exclude_targets = vec!["p7".into(), "p9".into()]);
    assert_eq!(got.expect("net"), "eu-plan kallas-plan ua-plan us-plan");
    // Actor kinds.
    let got = f(|f| f.include_kinds = vec![ActorKind::State]);
    assert_eq!(got.expect("net"), "ua-p7 ua-plan us-p7 us-plan");
    let got = f(|f| f.exclude_kinds = vec![ActorKind::Person, ActorKind::State]);
    assert_eq!(got.expect("net"), "eu-p7 eu-plan lone-p9");
    // Source fields: any value of one field, every field.
    let got = f(|f| f.include_sources = vec![(SourceField::Publisher, "Reuters".into())]);
    assert_eq!(
        got.expect("net"),
        "kallas-p7 kallas-plan lone-p9 ua-plan us-p7 us-plan"
    );
    let got = f(|f| {
        f.include_sources = vec![
            (SourceField::Publisher, "Reuters".into()),
            (SourceField::Kind, "transcript".into()),
        ]
    });
    assert_eq!(got.expect("net"), "kallas-p7 kallas-plan us-p7");
    let got = f(|f| {
        f.include_sources = vec![
            (SourceField::Language, "ru".into()),
            (SourceField::Id, "d3".into()),
            (SourceField::Id, "d2".into()),
        ]
    });
    assert_eq!(got.expect("net"), "eu-plan ua-p7");
    // Exclusions keep the statement without a source (s8).
    let got = f(|f| f.exclude_sources = vec![(SourceField::Publisher, "Reuters".into())]);
    assert_eq!(got.expect("net"), "eu-p7 eu-plan ua-p7");
    // Minimum frequency: lone and p9 have one statement each.
    let got = f(|f| f.min_frequency = 2);
    assert_eq!(
        got.expect("net"),
        "eu-p7 eu-plan kallas-p7 kallas-plan ua-p7 ua-plan us-p7 us-plan"
    );
}

#[test]
fn filters_that_leave_nothing_say_so() {
    let err = passing(Filters {
        include_sources: vec![
            (SourceField::Publisher, "Reuters".into()),
            (SourceField::Language, "ru".into()),
        ],
        ..Filters::default()
    })
    .unwrap_err();
    assert!(matches!(err, NetworkError::EmptySelection(_)), "{err}");
    assert!(err.to_string().contains("source filters are set"), "{err}");
    let err = passing(Filters {
        min_frequency: 3,
        ..Filters::default()
    })
    .unwrap_err();
    assert!(err.to_string().contains("minimum frequency 3"), "{err}");
    let err = passing(Filters {
        from: Some(day("2030-01-01")),
        ..Filters::default()
    })
    .unwrap_err();
    assert!(err.to_string().contains("a date range is set"), "{err}");
    // An id no actor has is a mistake, not an empty list.
    let err = passing(Filters {
        include_actors: vec!["nobody".into()],
        ..Filters::default()
    })
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "include-actor: no actor has the id \"nobody\""
    );
    let err = passing(Filters {
        exclude_targets: vec!["p99".into()],
        ..Filters::default()
    })
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "exclude-target: no target has the id \"p99\""
    );
}

#[test]
fn isolates_are_kept_or_dropped() {
    // Congruence: us (alone in supporting) and lone (alone on p9) have no edge.
    // eu–ua: plan no·no 1 + p7 no·no 1 = 2, and so for eu–kallas and kallas–ua.
    let mut o = NetworkOptions::congruence();
    let n = build(&filtered(), &o);
    let ids = |n: &Network| {
        n.nodes()
            .iter()
            .map(|x| x.id.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&n), ["eu", "kallas", "ua"]);
    assert_edges(
        &n,
        &[
            ("eu", "kallas", 2.0),
            ("eu", "ua", 2.0),
            ("kallas", "ua", 2.0),
        ],
    );
    o.filters.isolates = true;
    let n = build(&filtered(), &o);
    assert_eq!(ids(&n), ["eu", "kallas", "lone", "ua", "us"]);
    assert_eq!(
        matrix(&n),
        "\"\",eu,kallas,lone,ua,us\neu,0,2,0,2,0\nkallas,2,0,0,2,0\nlone,0,0,0,0,0\nua,2,2,0,0,0\nus,0,0,0,0,0\n"
    );
    // Labels: names for actors; a point's title with its label.
    let n = build(&filtered(), &NetworkOptions::affiliation(Positions::Ignore));
    let labels: Vec<_> = n.nodes().iter().map(|x| x.label.to_string()).collect();
    assert_eq!(
        labels,
        [
            "EU",
            "Kallas",
            "Lone",
            "Ukraine",
            "United States",
            "Amnesty (point 7)",
            "Elections (point 9)",
            "Plan"
        ]
    );
}

// ---------------------------------------------------------------------------
// Minimum weight and top-k, then output.

#[test]
fn min_weight_compares_the_absolute_weight() {
    let st = worked();
    // co-occurrence AB 3, AC 4, BC 1.
    let o = one_mode(Kind::CoOccurrence, Normalization::None).min_weight(3.0);
    assert_edges(&build(&st, &o), &[("A", "B", 3.0), ("A", "C", 4.0)]);
    // subtract AB 1, BC −1: |−1| ≥ 1 stays.
    let o = one_mode(Kind::Subtract, Normalization::None).min_weight(1.0);
    assert_edges(&build(&st, &o), &[("A", "B", 1.0), ("B", "C", -1.0)]);
    let o = one_mode(Kind::Subtract, Normalization::None).min_weight(1.5);
    let mut o = o;
    o.filters.isolates = true;
    let n = build(&st, &o);
    assert_eq!(n.edges().len(), 0);
    assert_eq!(n.nodes().len(), 3);
    o.filters.isolates = false;
    assert_eq!(build(&st, &o).nodes().len(), 0);
}

#[test]
fn top_k_keeps_an_edge_among_the_strongest_of_either_end() {
    let st = worked();
    // A: AC 4 > AB 3; B: AB 3 > BC 1; C: AC 4 > BC 1. k = 1 keeps AC (A, C)
    // and AB (B); BC is the strongest of neither end.
    let o = one_mode(Kind::CoOccurrence, Normalization::None).top_k(1);
    assert_edges(&build(&st, &o), &[("A", "B", 3.0), ("A", "C", 4.0)]);
    let o = one_mode(Kind::CoOccurrence, Normalization::None).top_k(2);
    assert_edges(
        &build(&st, &o),
        &[("A", "B", 3.0), ("A", "C", 4.0), ("B", "C", 1.0)],
    );
    // By absolute weight, ties in node order: subtract AB 1, BC −1. B ties
    // and keeps AB; C keeps BC, its only edge.
    let o = one_mode(Kind::Subtract, Normalization::None).top_k(1);
    assert_edges(&build(&st, &o), &[("A", "B", 1.0), ("B", "C", -1.0)]);
    // In an affiliation network per actor and per target: A and c1 keep
    // A–c1 (2), C and c3 keep C–c3 (2); B ties between c1 and c2 (1 each)
    // and keeps c1, the first in node order; c2 ties between A and B and
    // keeps A.
    let o = NetworkOptions::affiliation(Positions::Ignore).top_k(1);
    assert_edges(
        &build(&st, &o),
        &[
            ("A", "c1", 2.0),
            ("A", "c2", 1.0),
            ("B", "c1", 1.0),
            ("C", "c3", 2.0),
        ],
    );
    // Minimum weight first, then top-k.
    let o = one_mode(Kind::CoOccurrence, Normalization::None)
        .min_weight(3.5)
        .top_k(1);
    assert_edges(&build(&st, &o), &[("A", "C", 4.0)]);
}

#[test]
fn csv_output_is_exact() {
    let st = worked();
    let n = build(&st, &one_mode(Kind::CoOccurrence, Normalization::Average));
    // Integers without a point; others in the shortest form that reads back.
    assert_eq!(
        edge_list(&n),
        "source,target,weight\nA,B,1\nA,C,1.1428571428571428\nB,C,0.4\n"
    );
    assert_eq!(
        matrix(&n),
        "\"\",A,B,C\nA,0,1,1.1428571428571428\nB,1,0,0.4\nC,1.1428571428571428,0.4,0\n"
    );
    let n = build(&st, &one_mode(Kind::Subtract, Normalization::None));
    assert_eq!(edge_list(&n), "source,target,weight\nA,B,1\nB,C,-1\n");
}

#[test]
fn csv_fields_are_quoted_as_rfc_4180_requires() {
    // Ids with a comma and with quotes, from a dataset.
    let st = table(&[
        ("a,b", "say \"no\"", Yes, None, "", ""),
        ("plain", "say \"no\"", Yes, None, "", ""),
    ]);
    let n = build(&st, &NetworkOptions::congruence());
    assert_eq!(edge_list(&n), "source,target,weight\n\"a,b\",plain,1\n");
    assert_eq!(matrix(&n), "\"\",\"a,b\",plain\n\"a,b\",0,1\nplain,1,0\n");
    let n = build(&st, &NetworkOptions::affiliation(Positions::Ignore));
    assert_eq!(
        edge_list(&n),
        "source,target,weight\n\"a,b\",\"say \"\"no\"\"\",1\nplain,\"say \"\"no\"\"\",1\n"
    );
    // A line break in an id is refused, as the core refuses it: ids hold no
    // control characters, so none reaches a CSV field.
    let input = concat!(
        r#"{"type":"actor","id":"two\nlines","name":"T","kind":"person"}"#,
        "\n",
    );
    let err = read_statements(input.as_bytes(), &ReadOptions::default()).expect_err("refused");
    let core = claimgraph_core::Dataset::from_jsonl(input).expect_err("refused");
    assert_eq!(err.to_string(), core.to_string());
    assert!(err.to_string().starts_with("1:33: invalid id"), "{err}");
    // Quoted: separators, quotes, line breaks, surrounding spaces, empty.
    assert_eq!(csv_field("plain"), b"plain");
    assert_eq!(csv_field("a,b"), b"\"a,b\"");
    assert_eq!(csv_field("\"q\""), b"\"\"\"q\"\"\"");
    assert_eq!(csv_field("a\r\nb"), b"\"a\r\nb\"");
    assert_eq!(csv_field(" pad"), b"\" pad\"");
    assert_eq!(csv_field(""), b"\"\"");
}

// ---------------------------------------------------------------------------
// Positions that never count, and bad options.

#[test]
fn no_comment_never_counts_and_neutral_only_when_positions_are_ignored() {
    let st = table(&[
        ("A", "c1", Position::NoComment, Some(0.5), "", ""),
        ("B", "c1", Yes, None, "", ""),
        ("C", "c1", Neutral, None, "", ""),
    ]);
    // Co-occurrence counts neutral (B–C), never no comment.
    let n = build(&st, &NetworkOptions::new(Kind::CoOccurrence));
    assert_edges(&n, &[("B", "C", 1.0)]);
    // Even with an intensity on a scale, no comment is no statement.
    let o = NetworkOptions::congruence().scale(scale());
    let n = build(&st, &o);
    assert_edges(&n, &[("B", "C", 0.5)]);
}

#[test]
fn option_names_parse_and_unknown_names_are_listed() {
    for k in Kind::ALL {
        assert_eq!(k.as_str().parse::<Kind>().expect("kind"), *k);
    }
    for n in Normalization::ALL {
        assert_eq!(n.as_str().parse::<Normalization>().expect("norm"), *n);
    }
    assert_eq!(
        "dna-cosine".parse::<Normalization>().expect("norm"),
        Normalization::DnaCosine
    );
    assert_eq!(
        "co-occurrence".parse::<Kind>().expect("kind"),
        Kind::CoOccurrence
    );
    let err = "cosinus".parse::<Normalization>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "Normalization: unknown value \"cosinus\"; expected one of: none, average, jaccard, cosine, dna-cosine, activity, prominence"
    );
    let err = "ignore per document".parse::<Duplicates>().unwrap_err();
    assert!(
        err.to_string()
            .contains("all, source, week, month, year, range"),
        "{err}"
    );
    assert!("both".parse::<Positions>().is_err());
    assert!("actor".parse::<Over>().is_err());
    assert!("Congruence".parse::<Kind>().is_err());
    assert_eq!(
        "publisher".parse::<SourceField>().expect("field"),
        SourceField::Publisher
    );
    assert!("author".parse::<SourceField>().is_err());
}

#[test]
fn options_that_do_not_fit_are_refused() {
    let st = worked();
    let refuse = |o: NetworkOptions, option: &str, says: &str| {
        let err = network(&st, &o).unwrap_err();
        match &err {
            NetworkError::BadOption { option: got, .. } => assert_eq!(*got, option, "{err}"),
            _ => panic!("not a bad option: {err}"),
        }
        assert!(err.to_string().contains(says), "{err}");
    };
    // Normalisations that do not fit the kind.
    for norm in [Normalization::Activity, Normalization::Prominence] {
        refuse(
            one_mode(Kind::Congruence, norm),
            "normalize",
            "affiliation networks only",
        );
    }
    for norm in [
        Normalization::Average,
        Normalization::Jaccard,
        Normalization::Cosine,
        Normalization::DnaCosine,
    ] {
        refuse(
            affiliation(Positions::Ignore, norm),
            "normalize",
            "none, activity or prominence",
        );
    }
    refuse(NetworkOptions::congruence().top_k(0), "top-k", "at least 1");
    refuse(
        NetworkOptions::congruence().min_weight(f64::NAN),
        "min-weight",
        "not a number",
    );
    let mut o = NetworkOptions::congruence();
    o.filters.from = Some(day("2020-02-01"));
    o.filters.to = Some(day("2020-01-01"));
    refuse(o, "from/to", "after the last");
    for (lo, hi) in [
        (1.0, 1.0),
        (1.0, -1.0),
        (f64::NAN, 1.0),
        (0.0, f64::INFINITY),
    ] {
        let err = Scale::new(lo, hi).unwrap_err();
        assert!(err.to_string().contains("is not a scale"), "{err}");
    }
    // A selection with nothing a position network can count.
    let st = table(&[("A", "c1", Neutral, None, "", "")]);
    let err = network(&st, &NetworkOptions::congruence()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no statement is left after the filters: 1 statement(s) read; this network counts only supports and opposes"
    );
}

/// "Does not support" takes no side: a negated supports (or opposes) counts
/// as neutral, in the table built from a dataset and in the one read from
/// JSON Lines alike, as the graph's queries read it.
#[test]
fn a_negated_position_takes_no_side() {
    use claimgraph_core::Modality;
    let mut b = claimgraph_core::DatasetBuilder::new();
    let src = b.source("src", "Report").published("2025-01-01").id();
    let a = b.actor("a", "A", claimgraph_core::ActorKind::Person).id();
    let c = b.actor("b", "B", claimgraph_core::ActorKind::Person).id();
    let p = b.proposal("p", "Plan").id();
    b.stance("s1", &a, &p, claimgraph_core::Position::Supports)
        .source(&src);
    b.stance("s2", &c, &p, claimgraph_core::Position::Supports)
        .modality(Modality::Negated)
        .source(&src);
    let ds = b.build().expect("valid");
    let from_dataset = claimgraph_network::Statements::from_dataset(&ds);
    let read = claimgraph_network::read_statements(
        ds.to_jsonl().as_bytes(),
        &claimgraph_network::ReadOptions::default(),
    )
    .expect("reads");
    for st in [&from_dataset, &read] {
        assert_eq!(st.rows()[1].position, claimgraph_core::Position::Neutral);
        let net =
            claimgraph_network::network(st, &claimgraph_network::NetworkOptions::congruence())
                .expect("network");
        assert_eq!(net.weight("a", "b"), None, "B does not support the plan");
    }
    let bad = "{\"type\":\"stance\",\"id\":\"s\",\"holder\":\"a\",\"target\":\"p\",\"position\":\"supports\",\"modality\":\"doubtful\"}\n";
    let err = claimgraph_network::read_statements(
        bad.as_bytes(),
        &claimgraph_network::ReadOptions::default(),
    )
    .expect_err("an unknown modality");
    assert!(err.to_string().contains("doubtful"), "{err}");
}

/// Ids a spreadsheet would run as formulas go out neutralised in the edge
/// list and the matrix, by the one rule every claimgraph CSV follows.
#[test]
fn csv_ids_that_would_run_as_formulas_are_neutralised() {
    for (id, out) in [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
    ] {
        assert_eq!(csv_field(id), out.as_bytes(), "{id:?}");
    }
    assert_eq!(csv_field("\rx"), b"\"'\rx\"");
    assert_eq!(claimgraph_network::unneutralise("'=x"), "=x");
}
