//! Finding records by id, name or alias.

use claimgraph_core::{ActorId, ProposalId, RecordId, RecordRef, RecordType};

use crate::error::{GraphError, typed_id};
use crate::graph::ClaimGraph;

impl ClaimGraph<'_> {
    /// Finds an actor by id, or else by id, name or alias ignoring case and
    /// surrounding spaces, and answers with its canonical id (records judged
    /// the same answer in one id, however they are found). Several matches
    /// are an error listing them, by id (records judged the same count
    /// once); an id of another kind of record is an error. O(log j) for an
    /// id and j ids judged the same, O(n) for n records otherwise.
    ///
    /// Every query of the graph takes its actors and targets through these
    /// lookups, so a typed id, a plain id, a name or an alias all work.
    pub fn find_actor(&self, query: &str) -> Result<ActorId, GraphError> {
        let id = self.find(query, Some(RecordType::Actor))?;
        typed_id(id.as_str())
    }

    /// Finds a proposal or point by id, or else by id, title or label
    /// ignoring case, with the errors of [`ClaimGraph::find_actor`]. O(n) for
    /// n records.
    pub fn find_proposal(&self, query: &str) -> Result<ProposalId, GraphError> {
        let id = self.find(query, Some(RecordType::Proposal))?;
        typed_id(id.as_str())
    }

    /// Finds any record a stance can be about: by id, or else by an actor's
    /// name or alias, a proposal's title or label, a concession's text or a
    /// claim's text, ignoring case. Several matches are an error listing
    /// them. O(n) for n records.
    pub fn find_target(&self, query: &str) -> Result<RecordId, GraphError> {
        self.find(query, None)
    }

    fn find(&self, query: &str, kind: Option<RecordType>) -> Result<RecordId, GraphError> {
        let ds = self.dataset();
        if let Some(r) = ds.get(query) {
            return match kind {
                Some(k) if r.record_type() != k => Err(GraphError::WrongKind {
                    id: query.to_owned(),
                    found: r.record_type(),
                    expected: k,
                }),
                // As a name does: the id its group answers in (of the same
                // kind, unless an invalid dataset joins records of two kinds).
                _ => {
                    let canonical = self.canonical(query);
                    match ds.kind_of(canonical) {
                        Some(k) if k != r.record_type() => typed_id(query),
                        _ => typed_id(canonical),
                    }
                }
            };
        }
        let wanted = query.trim().to_lowercase();
        let eq = |s: &str| s.trim().to_lowercase() == wanted;
        let mut hits: Vec<(String, String)> = ds
            .records()
            .filter(|r| kind.is_none_or(|k| r.record_type() == k))
            .filter(|r| match r {
                RecordRef::Actor(a) => {
                    eq(a.id.as_str()) || eq(&a.name) || a.aliases.iter().any(|x| eq(x))
                }
                RecordRef::Proposal(p) => {
                    eq(p.id.as_str()) || eq(&p.title) || p.label.as_deref().is_some_and(eq)
                }
                RecordRef::Concession(c) => eq(c.id.as_str()) || eq(&c.what),
                RecordRef::Claim(c) => eq(c.id.as_str()) || eq(&c.text),
                _ => false,
            })
            // Records judged the same are one answer, under the canonical id.
            .map(|r| {
                let id = self.canonical(r.id());
                let label = ds.get(id).map_or_else(|| r.label(), |c| c.label());
                (id.to_owned(), label)
            })
            .collect();
        hits.sort();
        hits.dedup_by(|a, b| a.0 == b.0);
        match hits.len() {
            0 => Err(GraphError::UnknownRecord {
                query: query.to_owned(),
            }),
            1 => typed_id(&hits[0].0),
            _ => Err(GraphError::Ambiguous {
                query: query.to_owned(),
                candidates: hits
                    .into_iter()
                    .map(|(id, label)| format!("{id} ({label})"))
                    .collect(),
            }),
        }
    }
}
