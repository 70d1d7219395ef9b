//! The questions the seed article answers, asked of its dataset. Each
//! expectation is read off the article (paragraph numbers in comments), not
//! off the query's output.

use std::collections::BTreeSet;

use claimgraph_core::{ActorId, Dataset, Position, QuoteMode};
use claimgraph_graph::{Attribution, ClaimGraph, Holding, Query};

use Position::{Mixed, NoComment, Opposes, Supports};

const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/data/ukraine-peace-plan.json"
);

const PLAN: &str = "plan-28";
const TERRITORY: &str = "plan-28/territory";
const MILITARY: [&str; 2] = ["plan-28/military-cap", "plan-28/long-range-weapons"];
const ARTICLE: &str = "article-2025-11-20";

/// The article's dataset, or `None` (with a notice) where the file is not
/// there and this is not CI, where its absence is a failure.
fn dataset() -> Option<Dataset> {
    match std::fs::read_to_string(PATH) {
        Ok(text) => match Dataset::from_json(&text) {
            Ok(ds) => Some(ds),
            Err(e) => panic!("{PATH} does not read: {e}"),
        },
        Err(e) if std::env::var("CI").as_deref() != Ok("true") => {
            eprintln!("skipping: {PATH} cannot be read ({e})");
            None
        }
        Err(e) => panic!("{PATH} cannot be read: {e}"),
    }
}

fn position_of(hs: &[Holding], actor: &str) -> Option<Position> {
    hs.iter()
        .find(|h| h.actor.as_str() == actor)
        .map(|h| h.position)
}

fn set<'a>(ids: impl IntoIterator<Item = &'a ActorId>) -> BTreeSet<&'a str> {
    ids.into_iter().map(|a| a.as_str()).collect()
}

#[test]
fn the_dataset_is_valid() {
    let Some(ds) = dataset() else { return };
    let report = ds.validate();
    assert!(report.is_valid(), "{report}");
}

/// ¶6: "U.S. officials said Trump supports the new plan": Trump's support is
/// known only from what U.S. officials said.
#[test]
fn trump_supports_the_plan_by_hearsay_of_us_officials() -> Result<(), Box<dyn std::error::Error>> {
    let Some(ds) = dataset() else { return Ok(()) };
    let graph = ClaimGraph::new(&ds);
    let q = Query::new();
    assert!(
        graph
            .supporters(PLAN, &q)?
            .iter()
            .any(|h| h.actor.as_str() == "trump")
    );
    let why = graph.why("trump", PLAN, &q)?;
    assert_eq!(why.position, Some(Supports));
    let evidence: Vec<_> = why.chains.iter().flat_map(|c| &c.evidence).collect();
    assert!(!evidence.is_empty());
    for link in evidence {
        assert_eq!(
            link.attribution,
            Attribution::Hearsay {
                speaker: ActorId::new("us-officials")?
            }
        );
        assert!(link.is_hearsay());
        let quote = link.quote.as_ref().expect("the officials' words");
        assert_eq!(quote.speaker_name, "U.S. officials");
        assert!(quote.text.contains("Trump supports the new plan"));
        assert_eq!(link.source.as_ref().map(|s| s.id.as_str()), Some(ARTICLE));
    }
    Ok(())
}

/// ¶5: "Kremlin spokesman Dmitry Peskov declined to comment when asked about
/// the peace plan."
#[test]
fn peskov_declined_to_comment_on_the_plan() -> Result<(), Box<dyn std::error::Error>> {
    let Some(ds) = dataset() else { return Ok(()) };
    let graph = ClaimGraph::new(&ds);
    let q = Query::new();
    assert!(
        graph
            .no_comment(PLAN, &q)?
            .iter()
            .any(|h| h.actor.as_str() == "peskov")
    );
    let why = graph.why("peskov", PLAN, &q)?;
    assert_eq!(why.position, Some(NoComment));
    let link = &why.chains[0].evidence[0];
    assert_eq!(link.attribution, Attribution::Own);
    assert_eq!(
        link.quote.as_ref().map(|q| q.mode),
        Some(QuoteMode::NoComment)
    );
    // He speaks for the Kremlin: rolled up, Russia too declined to comment,
    // on the evidence of his stance.
    let members = Query::new().roll_up_members(true);
    assert_eq!(
        position_of(&graph.positions(PLAN, &members)?, "russia"),
        Some(NoComment)
    );
    let why = graph.why("russia", PLAN, &members)?;
    assert_eq!(
        why.chains[0].evidence[0].attribution,
        Attribution::Own,
        "the chain is Peskov's stance, in his own words"
    );
    assert_eq!(why.chains[0].holder.as_str(), "peskov");
    Ok(())
}

/// ¶1-2: European officials pushed back against the plan; ¶9: Kallas on
/// concessions asked of one side only; ¶10: European officials warned against
/// the cap on Ukraine's military and the cut in long-range weapons; ¶13:
/// Barrot rejects a capitulation.
///
/// How the data says it: Kallas and Barrot oppose the territorial point by
/// stances of their own; European officials oppose the plan as a whole, so
/// they are against the territorial point by inheritance
/// (`inherit_from_parent`), and oppose both military points by stances of
/// their own. The article gives no word of Kallas or Barrot on the military
/// points: inheriting their conditional (mixed) stances on the plan, neither
/// is on the supporting side of them.
#[test]
fn kallas_barrot_and_european_officials_oppose_the_territorial_and_military_points()
-> Result<(), Box<dyn std::error::Error>> {
    let Some(ds) = dataset() else { return Ok(()) };
    let graph = ClaimGraph::new(&ds);
    let plain = Query::new();
    let inherit = Query::new().inherit_from_parent(true);

    // Directly: Kallas and Barrot; and Kyiv and Zelensky (¶10, ¶14).
    let direct = graph.opponents(TERRITORY, &plain)?;
    assert_eq!(
        set(direct.iter().map(|h| &h.actor)),
        BTreeSet::from(["barrot", "kallas", "ukraine", "zelensky"])
    );
    // With the whole plan's stances: European officials too; Trump and his
    // administration, for the plan, are for the point.
    let hs = graph.positions(TERRITORY, &inherit)?;
    for who in ["kallas", "barrot", "european-officials"] {
        assert_eq!(position_of(&hs, who), Some(Opposes), "{who} on territory");
    }
    assert_eq!(position_of(&hs, "trump"), Some(Supports));
    assert_eq!(position_of(&hs, "us-government"), Some(Supports));

    for point in MILITARY {
        assert_eq!(
            set(graph.opponents(point, &plain)?.iter().map(|h| &h.actor)),
            BTreeSet::from(["european-officials"]),
            "{point}"
        );
        let hs = graph.positions(point, &inherit)?;
        assert_eq!(position_of(&hs, "european-officials"), Some(Opposes));
        for who in ["kallas", "barrot"] {
            assert_eq!(position_of(&hs, who), Some(Mixed), "{who} on {point}");
        }
    }
    Ok(())
}

/// ¶3, ¶10-11: every concession the plan asks is Ukraine's, to Russia;
/// ¶9: "we haven't heard of any concessions on the Russian side".
#[test]
fn balance_ukraine_gives_up_several_things_and_russia_none()
-> Result<(), Box<dyn std::error::Error>> {
    let Some(ds) = dataset() else { return Ok(()) };
    let graph = ClaimGraph::new(&ds);
    let balance = graph.balance(PLAN)?;
    let party = |id: &str| balance.parties.iter().find(|p| p.actor.as_str() == id);

    let ukraine = party("ukraine").expect("Ukraine is a party");
    assert!(ukraine.gives.len() >= 3, "{:?}", ukraine.gives);
    assert!(
        ukraine
            .gives
            .iter()
            .all(|c| c.to.as_ref().map(|a| a.as_str()) == Some("russia"))
    );
    // Land (¶3, ¶10) and the military (¶10) are among them.
    assert!(ukraine.gives_by_topic.get("territory") >= Some(&1));
    assert!(ukraine.gives_by_topic.get("military") >= Some(&2));

    let russia = party("russia").expect("Russia is listed, with nothing");
    assert!(russia.gives.is_empty());
    assert_eq!(russia.receives.len(), ukraine.gives.len());
    // Most concessions first: Ukraine heads the list.
    assert_eq!(balance.parties[0].actor.as_str(), "ukraine");
    Ok(())
}

/// ¶10: "The plan includes several elements that Ukraine and its European
/// allies have long opposed" — while Trump supports the plan (¶6).
#[test]
fn contested_points_and_conflicts() -> Result<(), Box<dyn std::error::Error>> {
    let Some(ds) = dataset() else { return Ok(()) };
    let graph = ClaimGraph::new(&ds);
    let inherit = Query::new().inherit_from_parent(true);

    // Counting a stance on the whole plan for each point, the territorial and
    // military points are contested: for them Trump, against them Europeans.
    let contested = graph.contested(PLAN, &inherit)?;
    let ids: BTreeSet<&str> = contested.iter().map(|p| p.point.as_str()).collect();
    for point in [TERRITORY, MILITARY[0], MILITARY[1]] {
        assert!(ids.contains(point), "{point} not contested: {ids:?}");
    }
    for p in &contested {
        assert!(set(&p.supporters).contains("trump"), "{}", p.point);
    }

    // Trump and European officials are on opposite sides of the plan.
    let conflicts = graph.conflicts(&Query::new());
    let pair = conflicts
        .iter()
        .find(|c| c.a.as_str() == "european-officials" && c.b.as_str() == "trump")
        .expect("European officials and Trump in conflict");
    let on_plan = pair
        .targets
        .iter()
        .find(|t| t.target.as_str() == PLAN)
        .expect("over the plan");
    assert_eq!((on_plan.a, on_plan.b), (Opposes, Supports));
    assert!(
        conflicts
            .iter()
            .any(|c| c.a.as_str() == "european-officials" && c.b.as_str() == "us-government")
    );

    // Trump and his administration stand together, apart from the Europeans,
    // Kallas, Barrot and Kyiv, who are together.
    let coalitions = graph.coalitions(&Query::new());
    let with = |who: &str| {
        coalitions
            .iter()
            .find(|c| c.members.iter().any(|m| m.as_str() == who))
            .map(|c| set(&c.members))
            .unwrap_or_default()
    };
    assert_eq!(with("trump"), BTreeSet::from(["trump", "us-government"]));
    let europeans = with("kallas");
    for who in ["barrot", "european-officials", "ukraine", "zelensky"] {
        assert!(
            europeans.contains(who),
            "{who} not with Kallas: {europeans:?}"
        );
    }
    Ok(())
}

/// Every position on the plan comes with its chain: stance, words, speaker, article.
#[test]
fn every_position_on_the_plan_has_its_evidence_chain() -> Result<(), Box<dyn std::error::Error>> {
    let Some(ds) = dataset() else { return Ok(()) };
    let graph = ClaimGraph::new(&ds);
    let q = Query::new();
    let holdings = graph.positions(PLAN, &q)?;
    assert!(holdings.len() >= 6, "{holdings:?}");
    for h in &holdings {
        let why = graph.why(h.actor.as_str(), PLAN, &q)?;
        assert_eq!(why.position, Some(h.position));
        assert!(!why.chains.is_empty(), "{}", h.actor);
        for chain in &why.chains {
            assert!(!chain.evidence.is_empty(), "{:?}", chain.stance);
            for link in &chain.evidence {
                assert_eq!(link.source.as_ref().map(|s| s.id.as_str()), Some(ARTICLE));
                if let Some(quote) = &link.quote {
                    assert!(ds.actor(&quote.speaker).is_some());
                }
            }
        }
    }
    Ok(())
}
