//! One entity under two ids: judgements that records are the same
//! ([`SameAs`]), the canonical id they answer in, and the candidates a coder
//! should look at.
//!
//! Judgements never rewrite the records they name (as in OpenSanctions'
//! resolver): they are records of their own, and removing one undoes it.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::dataset::Dataset;
use crate::error::clip;
use crate::model::{ActorKind, Judgement, SameAs};

/// The groups of records judged the same, and the id each group answers in.
///
/// For each pair of ids the latest judgement counts (by `date`; undated ones
/// count as earliest; on the same day, the one whose id sorts last), so a
/// later `negative` undoes an earlier `positive`. Positive judgements join
/// groups transitively. A group's canonical id is the least id in it that is
/// never the `b` of a judgement that counts, or else its least id: so
/// `{"a": "russia", "b": "moscow"}` answers in `russia`. The result does not
/// depend on the order of the records.
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Judgement};
/// let mut b = DatasetBuilder::new();
/// let russia = b.actor("russia", "Russia", ActorKind::State).id();
/// let moscow = b.actor("moscow", "Moscow", ActorKind::Government).id();
/// b.same_as("same-moscow", &russia, &moscow, Judgement::Positive)
///     .decided_by("desk")
///     .reason("Moscow stands for the Russian state in this report");
/// let ds = b.build()?;
/// let ids = ds.identities();
/// assert_eq!(ids.canonical("moscow"), "russia");
/// assert_eq!(ids.canonical("russia"), "russia");
/// assert_eq!(ids.group("russia"), ["moscow", "russia"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identities {
    /// Every id in a group of two or more, to its canonical id.
    canonical: BTreeMap<String, String>,
    /// Each canonical id to the ids of its group, sorted.
    groups: BTreeMap<String, Vec<String>>,
    /// The pairs whose latest judgement is negative, least id first.
    different: BTreeMap<(String, String), String>,
}

impl Identities {
    /// The id a record answers in: its group's canonical id, or itself.
    /// O(log n).
    pub fn canonical<'a>(&'a self, id: &'a str) -> &'a str {
        self.canonical.get(id).map_or(id, String::as_str)
    }

    /// The ids judged the same as `id`, itself included, sorted; just `id`
    /// when it is in no group. O(log n).
    pub fn group<'a>(&'a self, id: &'a str) -> Vec<&'a str> {
        match self.groups.get(self.canonical(id)) {
            Some(g) => g.iter().map(String::as_str).collect(),
            None => vec![id],
        }
    }

    /// Whether no two records are judged the same.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The groups, by canonical id.
    pub fn groups(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.groups.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// The judgement that says two ids are different, if the latest
    /// judgement on the pair does. O(log n).
    pub fn judged_different(&self, a: &str, b: &str) -> Option<&str> {
        let key = if a <= b { (a, b) } else { (b, a) };
        self.different
            .get(&(key.0.to_owned(), key.1.to_owned()))
            .map(String::as_str)
    }

    /// Whether a judgement that counts says the two are one, directly or
    /// through others. O(log n).
    pub fn same(&self, a: &str, b: &str) -> bool {
        a == b || self.canonical(a) == self.canonical(b) && self.canonical.contains_key(a)
    }
}

/// The judgements that count: for each unordered pair, the latest.
fn latest_judgements(judgements: &[SameAs]) -> BTreeMap<(&str, &str), &SameAs> {
    let mut latest: BTreeMap<(&str, &str), &SameAs> = BTreeMap::new();
    for j in judgements {
        let (a, b) = (j.a.as_str(), j.b.as_str());
        if a == b {
            continue;
        }
        let key = if a < b { (a, b) } else { (b, a) };
        let later = |old: &SameAs| {
            let day = |x: &SameAs| x.date.map(|d| d.date());
            (day(j), j.id.as_str()) > (day(old), old.id.as_str())
        };
        match latest.get(&key) {
            Some(old) if !later(old) => {}
            _ => {
                latest.insert(key, j);
            }
        }
    }
    latest
}

impl Dataset {
    /// The groups of records judged the same by the dataset's [`SameAs`]
    /// records, and their canonical ids. O(j log j) for j judgements.
    pub fn identities(&self) -> Identities {
        let latest = latest_judgements(self.same_as());
        let mut out = Identities::default();
        // Union-find over the ids named by positive judgements.
        let mut index: BTreeMap<&str, usize> = BTreeMap::new();
        let mut parent: Vec<usize> = Vec::new();
        let mut named_b: Vec<bool> = Vec::new();
        fn find(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        for (&(lo, hi), j) in &latest {
            match j.judgement {
                Judgement::Positive => {}
                Judgement::Negative => {
                    out.different
                        .insert((lo.to_owned(), hi.to_owned()), j.id.to_string());
                    continue;
                }
                _ => continue,
            }
            let mut slot = |id: &'_ str| -> usize {
                let id: &str = if id == lo { lo } else { hi };
                *index.entry(id).or_insert_with(|| {
                    parent.push(parent.len());
                    named_b.push(false);
                    parent.len() - 1
                })
            };
            let (ia, ib) = (slot(j.a.as_str()), slot(j.b.as_str()));
            named_b[ib] = true;
            let (ra, rb) = (find(&mut parent, ia), find(&mut parent, ib));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
        let mut groups: BTreeMap<usize, Vec<(&str, bool)>> = BTreeMap::new();
        for (&id, &ix) in &index {
            let root = find(&mut parent, ix);
            groups.entry(root).or_default().push((id, named_b[ix]));
        }
        for members in groups.into_values() {
            // Members come in id order.
            let canonical = members
                .iter()
                .find(|(_, b)| !b)
                .or(members.first())
                .map(|(id, _)| (*id).to_owned())
                .unwrap_or_default();
            for (id, _) in &members {
                out.canonical.insert((*id).to_owned(), canonical.clone());
            }
            out.groups.insert(
                canonical,
                members.iter().map(|(id, _)| (*id).to_owned()).collect(),
            );
        }
        out
    }

    /// Pairs of actors that are probably one entity, each with its reasons:
    /// the same name or alias once normalised (case, punctuation, a leading
    /// "the"), the same external id in one system (`wikidata`, `cameo`, ...),
    /// or the capital of a state's country used as the name or alias of
    /// another actor ("Moscow" beside Russia). Pairs judged the same or judged
    /// different (a [`SameAs`] that counts) are left out; `unsure` ones stay.
    ///
    /// Each pair is listed once, by id, `a < b`. Actors sharing one key are
    /// paired with the first of them (by id), not with each other, and a
    /// state with the first actor (by id) named after its capital, other than
    /// itself and those judged different from it, so the answer stays linear
    /// in the number of actors: O(n log n + j) for n names, aliases and
    /// external ids and j judgements.
    ///
    /// ```
    /// use claimgraph_core::{ActorKind, DatasetBuilder};
    /// let mut b = DatasetBuilder::new();
    /// b.actor("russia", "Russia", ActorKind::State).country("RUS").alias("the Kremlin");
    /// b.actor("moscow", "Moscow", ActorKind::Government);
    /// b.actor("kremlin", "Kremlin", ActorKind::Government);
    /// let ds = b.build()?;
    /// let found = ds.duplicate_candidates();
    /// assert_eq!(found.len(), 2);
    /// assert_eq!((found[0].a.as_str(), found[0].b.as_str()), ("kremlin", "russia"));
    /// assert_eq!(found[1].reasons[0].to_string(), "Moscow is the capital of RUS, the country of state `russia`");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn duplicate_candidates(&self) -> Vec<Candidate> {
        let ids = self.identities();
        let mut keys: BTreeMap<(u8, String, String), Vec<&str>> = BTreeMap::new();
        for a in self.actors() {
            let id = a.id.as_str();
            for name in std::iter::once(&a.name).chain(&a.aliases) {
                let n = normalise_name(name);
                if !n.is_empty() {
                    keys.entry((0, n, name.clone())).or_default().push(id);
                }
            }
            for (system, value) in &a.external_ids {
                keys.entry((1, system.clone(), value.trim().to_owned()))
                    .or_default()
                    .push(id);
            }
        }
        let mut found: BTreeMap<(String, String), Vec<Reason>> = BTreeMap::new();
        let mut add = |x: &str, y: &str, reason: Reason| {
            if x == y || ids.same(x, y) || ids.judged_different(x, y).is_some() {
                return;
            }
            let key = if x < y { (x, y) } else { (y, x) };
            let reasons = found
                .entry((key.0.to_owned(), key.1.to_owned()))
                .or_default();
            if !reasons.contains(&reason) {
                reasons.push(reason);
            }
        };
        // Names are keyed by their spelling too, so "Kremlin" and "the
        // Kremlin" land apart; merge the spellings of one normalised name.
        let mut by_name: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
        for ((kind, k, spelling), who) in &keys {
            match kind {
                0 => by_name
                    .entry(k.as_str())
                    .or_default()
                    .extend(who.iter().map(|w| (*w, spelling.as_str()))),
                _ => {
                    let mut who = who.clone();
                    who.sort_unstable();
                    who.dedup();
                    for other in &who[1..] {
                        add(
                            who[0],
                            other,
                            Reason::SameExternalId {
                                system: k.clone(),
                                value: spelling.clone(),
                            },
                        );
                    }
                }
            }
        }
        for who in by_name.values_mut() {
            who.sort_unstable();
            who.dedup_by(|x, y| x.0 == y.0);
            let (first, first_name) = who[0];
            for &(other, other_name) in &who[1..] {
                add(
                    first,
                    other,
                    Reason::SameName {
                        a: first_name.to_owned(),
                        b: other_name.to_owned(),
                    },
                );
            }
        }
        for state in self.actors() {
            if state.kind != ActorKind::State {
                continue;
            }
            let Some(country) = &state.country else {
                continue;
            };
            let id = state.id.as_str();
            for capital in crate::capital::capitals(country) {
                let key = normalise_name(capital);
                // The first namesake (by id) only: the name rule pairs the
                // others with it. Passing over the state itself and those
                // judged different from it costs one step per judgement.
                let first = by_name.get(key.as_str()).and_then(|who| {
                    who.iter().find(|&&(other, _)| {
                        other != id && ids.judged_different(id, other).is_none()
                    })
                });
                if let Some(&(other, spelling)) = first {
                    add(
                        id,
                        other,
                        Reason::Capital {
                            name: spelling.to_owned(),
                            country: country.clone(),
                            state: state.id.to_string(),
                        },
                    );
                }
            }
        }
        found
            .into_iter()
            .map(|((a, b), reasons)| Candidate { a, b, reasons })
            .collect()
    }
}

/// Two actors that are probably one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// The id that sorts first.
    pub a: String,
    /// The other id.
    pub b: String,
    /// Why they look like one.
    pub reasons: Vec<Reason>,
}

/// Why two actors look like one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// Their names or aliases are the same once normalised.
    #[error("same name: {:?} and {:?}", clip(.a), clip(.b))]
    SameName {
        /// The spelling of the first.
        a: String,
        /// The spelling of the second.
        b: String,
    },
    /// They carry the same id in another system.
    #[error("same {} id {:?}", clip(.system), clip(.value))]
    SameExternalId {
        /// The system (`wikidata`, `cameo`, ...).
        system: String,
        /// The id.
        value: String,
    },
    /// One is named after the capital of the other's country.
    #[error(
        "{} is the capital of {}, the country of state `{}`",
        clip(.name),
        clip(.country),
        clip(.state)
    )]
    Capital {
        /// The name or alias used.
        name: String,
        /// The state's country code.
        country: String,
        /// The state's id.
        state: String,
    },
}

/// A name as compared for identity: lower case, letters and digits only,
/// words separated by one space, without a leading "the".
pub fn normalise_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    match out.strip_prefix("the ") {
        Some(rest) => rest.to_owned(),
        None => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_is_paired_with_one_namesake_of_its_capital() {
        use crate::{Actor, ActorId};
        let n = 60;
        let mut ds = Dataset::new();
        for i in 0..n {
            let mut state = Actor::new(
                ActorId::new(&format!("state-{i:03}")).unwrap(),
                format!("State {i}"),
                ActorKind::State,
            );
            state.country = Some("RUS".into());
            ds.push(state);
            ds.push(Actor::new(
                ActorId::new(&format!("moscow-{i:03}")).unwrap(),
                "Moscow",
                ActorKind::Government,
            ));
        }
        let found = ds.duplicate_candidates();
        // The namesakes with the first of them by the name rule, each state
        // with the first of them by the capital rule: linear, not n × n.
        assert_eq!(found.len(), 2 * n - 1);
        let capital: Vec<(&str, &str)> = found
            .iter()
            .filter(|c| matches!(c.reasons[0], Reason::Capital { .. }))
            .map(|c| (c.a.as_str(), c.b.as_str()))
            .collect();
        assert_eq!(capital.len(), n);
        assert!(capital.iter().all(|(a, _)| *a == "moscow-000"));
        // Not the state itself, when it is the first namesake.
        let mut ds = Dataset::new();
        let mut russia = Actor::new(
            ActorId::new("a-russia").unwrap(),
            "Russia",
            ActorKind::State,
        );
        russia.country = Some("RUS".into());
        russia.aliases = vec!["Moscow".into()];
        ds.push(russia);
        ds.push(Actor::new(
            ActorId::new("kremlin").unwrap(),
            "Moscow",
            ActorKind::Government,
        ));
        let found = ds.duplicate_candidates();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].reasons.len(), 2, "{:?}", found[0].reasons);
    }

    #[test]
    fn names_normalise() {
        assert_eq!(normalise_name("  The Kremlin "), "kremlin");
        assert_eq!(normalise_name("U.S. officials"), "u s officials");
        assert_eq!(normalise_name("the"), "the");
        assert_eq!(normalise_name("..."), "");
    }
}
