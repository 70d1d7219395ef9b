//! Typed record identifiers.
//!
//! Every record carries a string id, unique across the whole dataset. The typed
//! newtypes say which kind of record a field expects; [`RecordId`] is the untyped
//! form used where a field may point at several kinds (a stance's target).

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::clip;

/// Why a string was refused as a record id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// The id is the empty string.
    #[error("an id must not be empty")]
    Empty,
    /// The id is longer than [`MAX_ID_LEN`] bytes.
    #[error("an id must be at most {MAX_ID_LEN} bytes, this one has {0}")]
    TooLong(usize),
    /// The id holds a control character (newline, tab, NUL, ...).
    #[error("an id must not contain control characters (found {0:?} at byte {1})")]
    ControlCharacter(char, usize),
    /// The id starts or ends with whitespace.
    #[error("an id must not start or end with whitespace: {:?}", clip(.0))]
    SurroundingWhitespace(String),
}

/// The longest id accepted, in bytes.
pub const MAX_ID_LEN: usize = 512;

fn check_id(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    if s.len() > MAX_ID_LEN {
        return Err(IdError::TooLong(s.len()));
    }
    if let Some((at, c)) = s.char_indices().find(|(_, c)| c.is_control()) {
        return Err(IdError::ControlCharacter(c, at));
    }
    if s.trim() != s {
        return Err(IdError::SurroundingWhitespace(s.to_owned()));
    }
    Ok(())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Makes an id from a string, checking that it is non-empty, at most
            /// [`MAX_ID_LEN`] bytes, free of control characters and of
            /// surrounding whitespace.
            pub fn new(id: &str) -> Result<Self, IdError> {
                check_id(id)?;
                Ok(Self(Arc::from(id)))
            }

            /// The id as a string.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The same id, untyped.
            pub fn to_record_id(&self) -> RecordId {
                RecordId(Arc::clone(&self.0))
            }

            #[allow(dead_code)]
            pub(crate) fn from_arc(id: Arc<str>) -> Self {
                Self(id)
            }

            #[allow(dead_code)]
            pub(crate) fn arc(&self) -> &Arc<str> {
                &self.0
            }
        }

        impl MakeId for $name {
            fn make(id: Arc<str>) -> Self {
                Self(id)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), &*self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = IdError;
            fn try_from(s: &str) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl From<&$name> for $name {
            fn from(id: &$name) -> Self {
                id.clone()
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(IdVisitor).map(Self)
            }
        }
    };
}

/// Makes a typed id from a string already in hand (checked or not).
pub(crate) trait MakeId {
    fn make(id: Arc<str>) -> Self;
}

/// Checks a string as an id and makes it, whatever the check says: the caller
/// records the problem.
pub(crate) fn make_checked<I: MakeId>(id: &str) -> (I, Result<(), IdError>) {
    (I::make(Arc::from(id)), check_id(id))
}

struct IdVisitor;

impl serde::de::Visitor<'_> for IdVisitor {
    type Value = Arc<str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record id (a non-empty string without control characters)")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Arc<str>, E> {
        check_id(v).map_err(|e| E::custom(format_args!("invalid id {:?}: {e}", clip(v))))?;
        Ok(intern::get(v))
    }
}

/// Sharing the ids a reader sees many times (an actor named by a million
/// stances is one string, not a million), on the reading thread, while an
/// [`intern::Scope`] is open. The table is bounded: it starts afresh when
/// it holds [`intern::CAPACITY`] ids, so memory stays flat on any input and
/// the ids a file repeats often come back at once.
pub(crate) mod intern {
    use std::cell::RefCell;
    use std::sync::Arc;

    use rustc_hash::FxHashSet;

    /// The most ids the table holds before it starts afresh.
    pub(crate) const CAPACITY: usize = 1 << 16;

    thread_local! {
        static TABLE: RefCell<Option<FxHashSet<Arc<str>>>> = const { RefCell::new(None) };
    }

    /// Ids read on this thread are shared until the scope is dropped.
    #[derive(Debug)]
    pub(crate) struct Scope {
        outer: bool,
    }

    impl Scope {
        pub(crate) fn open() -> Scope {
            let outer = TABLE.with(|t| {
                let mut t = t.borrow_mut();
                let fresh = t.is_none();
                if fresh {
                    *t = Some(FxHashSet::default());
                }
                fresh
            });
            Scope { outer }
        }
    }

    impl Drop for Scope {
        fn drop(&mut self) {
            if self.outer {
                TABLE.with(|t| *t.borrow_mut() = None);
            }
        }
    }

    /// The shared id for `s`, or a new one when no scope is open.
    pub(crate) fn get(s: &str) -> Arc<str> {
        TABLE.with(|t| match t.borrow_mut().as_mut() {
            Some(set) => {
                if let Some(id) = set.get(s) {
                    return Arc::clone(id);
                }
                if set.len() >= CAPACITY {
                    set.clear();
                }
                let id: Arc<str> = Arc::from(s);
                set.insert(Arc::clone(&id));
                id
            }
            None => Arc::from(s),
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn shares_within_a_scope_only() {
            let apart = (get("kyiv"), get("kyiv"));
            assert!(!Arc::ptr_eq(&apart.0, &apart.1));
            let scope = Scope::open();
            let inner = Scope::open();
            let (a, b) = (get("kyiv"), get("kyiv"));
            assert!(Arc::ptr_eq(&a, &b));
            drop(inner);
            assert!(
                Arc::ptr_eq(&a, &get("kyiv")),
                "an inner scope keeps the table"
            );
            drop(scope);
            assert!(!Arc::ptr_eq(&a, &get("kyiv")));
        }

        #[test]
        fn starts_afresh_when_full() {
            let _scope = Scope::open();
            let first = get("x0");
            for i in 1..=CAPACITY {
                let id = get(&format!("x{i}"));
                assert_eq!(&*id, format!("x{i}"));
            }
            let again = get("x0");
            assert_eq!(&*again, "x0");
            assert!(!Arc::ptr_eq(&first, &again));
        }
    }
}

id_type!(
    /// The id of a [`Source`](crate::Source).
    SourceId
);
id_type!(
    /// The id of an [`Actor`](crate::Actor).
    ActorId
);
id_type!(
    /// The id of a [`Proposal`](crate::Proposal) or one of its points.
    ProposalId
);
id_type!(
    /// The id of a [`Concession`](crate::Concession).
    ConcessionId
);
id_type!(
    /// The id of a [`Claim`](crate::Claim).
    ClaimId
);
id_type!(
    /// The id of a [`Quote`](crate::Quote).
    QuoteId
);
id_type!(
    /// The id of a [`Stance`](crate::Stance).
    StanceId
);
id_type!(
    /// The id of a [`Relation`](crate::Relation).
    RelationId
);
id_type!(
    /// The id of an [`Obligation`](crate::Obligation).
    ObligationId
);
id_type!(
    /// The id of a [`SameAs`](crate::SameAs) judgement.
    SameAsId
);
id_type!(
    /// The id of a record of any kind: what a stance's target or a claim's
    /// `about` points at. Which kind it names is found by looking it up.
    RecordId
);

macro_rules! into_record_id {
    ($($name:ident),*) => {$(
        impl From<$name> for RecordId {
            fn from(id: $name) -> RecordId {
                RecordId(id.0)
            }
        }
        impl From<&$name> for RecordId {
            fn from(id: &$name) -> RecordId {
                RecordId(Arc::clone(&id.0))
            }
        }
    )*};
}
into_record_id!(
    SourceId,
    ActorId,
    ProposalId,
    ConcessionId,
    ClaimId,
    QuoteId,
    StanceId,
    RelationId,
    ObligationId,
    SameAsId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_ids() {
        for s in ["kallas", "plan-28/point 7", "Ωμέγα", "a"] {
            assert_eq!(ActorId::new(s).map(|id| id.to_string()), Ok(s.to_owned()));
        }
    }

    #[test]
    fn refuses_bad_ids() {
        assert_eq!(ActorId::new(""), Err(IdError::Empty));
        assert_eq!(
            ActorId::new("a\nb"),
            Err(IdError::ControlCharacter('\n', 1))
        );
        assert!(matches!(
            ActorId::new(" x"),
            Err(IdError::SurroundingWhitespace(_))
        ));
        assert!(matches!(
            ActorId::new(&"x".repeat(MAX_ID_LEN + 1)),
            Err(IdError::TooLong(_))
        ));
    }

    #[test]
    fn deserialising_checks_the_id() {
        let err = serde_json::from_str::<QuoteId>("\"\\u0000\"").unwrap_err();
        assert!(err.to_string().contains("control"), "{err}");
        assert_eq!(err.line(), 1);
        let ok: QuoteId = serde_json::from_str("\"q-1\"").unwrap();
        assert_eq!(ok.as_str(), "q-1");
    }
}
