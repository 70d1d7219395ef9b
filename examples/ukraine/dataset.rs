//! The dataset of the news article of 2025-11-20 on the U.S. 28-point peace
//! plan for Ukraine, built with the builder.
//!
//! Quote spans are byte offsets into the article's text, which the dataset does
//! not hold. Comments name the paragraph (¶) each record comes from.

use claimgraph::{
    ActorKind, BuildError, ConcessionStatus, Dataset, DatasetBuilder, Evidence, Position,
    ProposalKind, ProposalStatus, QuoteMode, RelationKind, SourceKind, Topic,
};

/// The day the article was published, and the day every stance in it is known to hold.
pub const DAY: &str = "2025-11-20";

/// Builds the article's dataset.
pub fn ukraine_plan() -> Result<Dataset, BuildError> {
    let mut b = DatasetBuilder::new();

    // The article (no headline or publisher in the text: the title is its lede).
    let article = b
        .source(
            "article-2025-11-20",
            "European officials pushed back against a U.S. proposal for ending the Ukraine war",
        )
        .kind(SourceKind::Article)
        .published(DAY)
        .language("en")
        .id();

    // --- Actors ---------------------------------------------------------------

    // ¶2-3, ¶6: Trump and his administration; "U.S. officials" relay what both want.
    let us_gov = b
        .actor("us-government", "U.S. government", ActorKind::Government)
        .alias("the Trump administration")
        .alias("the administration")
        .alias("Washington")
        .country("USA")
        .id();
    let trump = b
        .actor("trump", "Donald Trump", ActorKind::Person)
        .alias("President Trump")
        .alias("Trump")
        .country("USA")
        .role(&us_gov, "President")
        .external_id("wikidata", "Q22686")
        .id();
    let us_officials = b
        .actor("us-officials", "U.S. officials", ActorKind::Unnamed)
        .country("USA")
        .part_of(&us_gov)
        .id();
    // ¶4: "officials said", with no nationality given.
    let officials = b
        .actor("officials", "officials", ActorKind::Unnamed)
        .description("officials the article does not identify further")
        .id();

    // ¶1, ¶5, ¶7-8, ¶10-11, ¶16: "the Europeans", the EU and their unnamed officials.
    let europeans = b
        .actor("europeans", "the Europeans", ActorKind::Group)
        .alias("European allies")
        .alias("European countries")
        .description("Ukraine's European allies")
        .id();
    let eu = b
        .actor("eu", "European Union", ActorKind::Organisation)
        .alias("EU")
        .member_of(&europeans)
        .external_id("wikidata", "Q458")
        .id();
    let eu_officials = b
        .actor(
            "european-officials",
            "European officials",
            ActorKind::Unnamed,
        )
        .part_of(&europeans)
        .id();
    let diplomat = b
        .actor(
            "senior-european-diplomat",
            "a senior European diplomat",
            ActorKind::Unnamed,
        )
        .part_of(&europeans)
        .id();
    let diplomats = b
        .actor(
            "senior-european-diplomats",
            "several senior European diplomats",
            ActorKind::Unnamed,
        )
        .part_of(&europeans)
        .id();
    // ¶8: Kallas.
    let kallas = b
        .actor("kallas", "Kaja Kallas", ActorKind::Person)
        .alias("Kallas")
        .country("EST")
        .role(&eu, "foreign policy chief")
        .id();
    // ¶12: Barrot and France.
    let france = b
        .actor("france", "France", ActorKind::State)
        .country("FRA")
        .member_of(&eu)
        .member_of(&europeans)
        .external_id("wikidata", "Q142")
        .id();
    let barrot = b
        .actor("barrot", "Jean-Noel Barrot", ActorKind::Person)
        .alias("Barrot")
        .country("FRA")
        .role(&france, "Foreign Minister")
        .id();
    // ¶16: Belgium, where the immobilized Russian assets are.
    let belgium = b
        .actor("belgium", "Belgium", ActorKind::State)
        .country("BEL")
        .member_of(&eu)
        .member_of(&europeans)
        .external_id("wikidata", "Q31")
        .id();

    // ¶3, ¶6, ¶14-15: Ukraine, Zelensky and Ukrainian officials.
    let ukraine = b
        .actor("ukraine", "Ukraine", ActorKind::State)
        .alias("Kyiv")
        .country("UKR")
        .external_id("wikidata", "Q212")
        .id();
    let zelensky = b
        .actor("zelensky", "Volodymyr Zelensky", ActorKind::Person)
        .alias("Zelensky")
        .country("UKR")
        .role(&ukraine, "President")
        .external_id("wikidata", "Q3874799")
        .id();
    let ukr_officials = b
        .actor(
            "ukrainian-officials",
            "Ukrainian officials",
            ActorKind::Unnamed,
        )
        .country("UKR")
        .part_of(&ukraine)
        .id();

    // ¶3, ¶5: Russia and the Kremlin's spokesman.
    let russia = b
        .actor("russia", "Russia", ActorKind::State)
        .alias("Moscow")
        .alias("the Kremlin")
        .country("RUS")
        .external_id("wikidata", "Q159")
        .id();
    let peskov = b
        .actor("peskov", "Dmitry Peskov", ActorKind::Person)
        .alias("Peskov")
        .country("RUS")
        .spokesperson_for(&russia, "Kremlin spokesman")
        .id();

    // --- Proposals --------------------------------------------------------------

    // ¶3: the plan, as U.S. officials describe it.
    let plan = b
        .proposal("plan-28", "28-point peace plan")
        .kind(ProposalKind::Plan)
        .proposed_by(&us_gov)
        .status(ProposalStatus::Draft)
        .text("A multipoint outline drafted by the Trump administration to end the war in Ukraine")
        .source(&article)
        .id();
    // ¶10: the points the article names (it does not number them).
    let territory = b
        .point(
            "plan-28/territory",
            &plan,
            "territory",
            "Ukraine surrenders land in the east that Kyiv still holds",
        )
        .topic(Topic::Territory)
        .source(&article)
        .id();
    let military_cap = b
        .point(
            "plan-28/military-cap",
            &plan,
            "military cap",
            "A cap on the size of Ukraine's military",
        )
        .topic(Topic::Military)
        .source(&article)
        .id();
    let long_range = b
        .point(
            "plan-28/long-range-weapons",
            &plan,
            "long-range weapons",
            "Fewer kinds of long-range weapons for Kyiv from its allies",
        )
        .topic(Topic::Military)
        .source(&article)
        .id();
    // ¶11
    let no_reassurance = b
        .point(
            "plan-28/no-reassurance-force",
            &plan,
            "no reassurance force",
            "No European reassurance force in Ukraine",
        )
        .topic(Topic::SecurityGuarantees)
        .source(&article)
        .id();
    // ¶3
    let no_peacekeeping = b
        .point(
            "plan-28/no-peacekeeping-force",
            &plan,
            "no peacekeeping force",
            "No peacekeeping force to deter future attacks by Moscow",
        )
        .topic(Topic::SecurityGuarantees)
        .source(&article)
        .id();

    // ¶11: what the Europeans offer instead.
    let reassurance = b
        .proposal(
            "reassurance-force",
            "European reassurance force for Ukraine",
        )
        .kind(ProposalKind::Offer)
        .proposed_by(&europeans)
        .topic(Topic::SecurityGuarantees)
        .status(ProposalStatus::Proposed)
        .text("A force the Europeans would send to Ukraine if there is a peace deal")
        .source(&article)
        .id();
    // ¶14: Zelensky's demand.
    let guarantees = b
        .proposal(
            "security-guarantees",
            "Clear security guarantees for Ukraine in any peace deal",
        )
        .kind(ProposalKind::Demand)
        .proposed_by(&zelensky)
        .topic(Topic::SecurityGuarantees)
        .source(&article)
        .id();
    // ¶8: sanctions already in force.
    let sanctions = b
        .proposal("sanctions-on-russia", "Sweeping sanctions on Moscow")
        .kind(ProposalKind::Policy)
        .proposed_by(&europeans)
        .topic(Topic::Sanctions)
        .status(ProposalStatus::Implemented)
        .source(&article)
        .id();
    // ¶16: the loan from immobilized Russian assets, and the pledge to fund Ukraine.
    let assets_loan = b
        .proposal(
            "assets-loan",
            "Loan to Ukraine of up to $200 billion in immobilized Russian assets",
        )
        .kind(ProposalKind::Plan)
        .proposed_by(&europeans)
        .topic(Topic::Assets)
        .status(ProposalStatus::Draft)
        .text(
            "Release up to $200 billion in immobilized Russian assets held in Belgium as a loan \
             for Ukraine",
        )
        .source(&article)
        .id();
    let finance_pledge = b
        .proposal(
            "finance-pledge",
            "Cover Ukraine's finances for the next two years",
        )
        .kind(ProposalKind::Offer)
        .proposed_by(&europeans)
        .topic(Topic::Economy)
        .status(ProposalStatus::Proposed)
        .source(&article)
        .id();

    // --- Concessions: what the plan's points ask of Ukraine, to Russia -----------
    // (¶9: "we haven't heard of any concessions on the Russian side": there are none.)

    // ¶3, ¶10
    b.concession(
        "ukraine-cedes-eastern-land",
        &ukraine,
        "land in the east that Kyiv still holds",
    )
    .to(&russia)
    .topic(Topic::Territory)
    .required_by(&territory)
    .status(ConcessionStatus::Demanded);
    // ¶10
    b.concession(
        "ukraine-caps-military",
        &ukraine,
        "the size of its military, to be capped",
    )
    .to(&russia)
    .topic(Topic::Military)
    .required_by(&military_cap)
    .status(ConcessionStatus::Demanded);
    b.concession(
        "ukraine-fewer-long-range-weapons",
        &ukraine,
        "some of the long-range weapons it receives from allies",
    )
    .to(&russia)
    .topic(Topic::Military)
    .required_by(&long_range)
    .status(ConcessionStatus::Demanded);
    // ¶11
    b.concession(
        "ukraine-forgoes-reassurance-force",
        &ukraine,
        "the reassurance force the Europeans have offered to send",
    )
    .to(&russia)
    .topic(Topic::SecurityGuarantees)
    .required_by(&no_reassurance)
    .status(ConcessionStatus::Demanded);
    // ¶3
    let no_peacekeepers = b
        .concession(
            "ukraine-forgoes-peacekeeping-force",
            &ukraine,
            "a peacekeeping force to deter future attacks by Moscow",
        )
        .to(&russia)
        .topic(Topic::SecurityGuarantees)
        .required_by(&no_peacekeeping)
        .status(ConcessionStatus::Demanded)
        .id();

    // --- Claims -------------------------------------------------------------------

    // ¶9: Kallas.
    let one_aggressor = b
        .claim(
            "one-aggressor-one-victim",
            "In this war there is one aggressor and one victim",
        )
        .about(&russia)
        .about(&ukraine)
        .id();
    let no_russian_concessions = b
        .claim(
            "no-russian-concessions",
            "No concessions have been heard of on the Russian side",
        )
        .about(&russia)
        .about(&plan)
        .id();
    // ¶1, ¶13: European officials and Barrot.
    let no_capitulation = b
        .claim(
            "no-capitulation",
            "The war must not end with a Ukrainian capitulation",
        )
        .about(&ukraine)
        .id();
    // ¶12
    let fair_solution = b
        .claim(
            "fair-solution",
            "The Europeans and the Ukrainians want peace, but a fair solution is critical",
        )
        .about(&europeans)
        .about(&ukraine)
        .id();
    // ¶2
    let too_favorable = b
        .claim(
            "too-favorable-to-russia",
            "The U.S. proposal is too favorable to Russia",
        )
        .about(&plan)
        .about(&russia)
        .id();
    // ¶5
    let not_involved = b
        .claim(
            "europe-not-involved",
            "The Europeans were not involved in drafting the plan and have not been briefed on it",
        )
        .about(&plan)
        .about(&europeans)
        .topic(Topic::Diplomacy)
        .id();
    // ¶10
    let future_attack = b
        .claim(
            "cap-invites-attack",
            "A cap on Ukraine's military and fewer long-range weapons could open the way for a \
             future Russian attack and more loss of territory",
        )
        .about(&military_cap)
        .about(&long_range)
        .topic(Topic::Military)
        .id();
    // ¶14
    let regroup = b
        .claim(
            "concessions-let-russia-regroup",
            "Any concessions would only encourage Russia to regroup its forces during a \
             cease-fire and attack Ukraine again",
        )
        .about(&plan)
        .about(&russia)
        .id();
    // ¶15
    let positions = b
        .claim(
            "positions-give-russia-strength",
            "Relinquishing the Donbas positions Kyiv's troops hold would let Russia pursue \
             further offensives from greater strength",
        )
        .about(&territory)
        .topic(Topic::Territory)
        .id();
    // ¶16: the assets are in Belgium.
    b.claim(
        "assets-in-belgium",
        "The immobilized Russian assets the loan would release are in Belgium",
    )
    .about(&assets_loan)
    .about(&belgium)
    .about(&russia)
    .topic(Topic::Assets);

    // --- Quotes: who said what ----------------------------------------------------

    // ¶1
    let q_kyiv_approve = b
        .quote(
            "q-kyiv-must-approve",
            &eu_officials,
            &article,
            QuoteMode::Indirect,
            "Kyiv must approve any plan",
        )
        .cue("saying")
        .span(112, 138)
        .id();
    let q_eu_capitulation = b
        .quote(
            "q-eu-no-capitulation",
            &eu_officials,
            &article,
            QuoteMode::Indirect,
            "the conflict must not end with a Ukrainian capitulation",
        )
        .cue("saying")
        .span(148, 203)
        .id();
    // ¶2
    let q_too_favorable = b
        .quote(
            "q-too-favorable",
            &eu_officials,
            &article,
            QuoteMode::Paraphrase,
            "a proposal they see as too favorable to Russia",
        )
        .cue("see")
        .span(427, 473)
        .id();
    // ¶3
    let q_plan = b
        .quote(
            "q-plan-drafted",
            &us_officials,
            &article,
            QuoteMode::Indirect,
            "The Trump administration drafted a 28-point peace plan that calls for Ukraine to \
             make major territorial concessions to Russia and drops demands for a peacekeeping \
             force",
        )
        .cue("said")
        .span(476, 644)
        .id();
    // ¶4
    let q_gaza = b
        .quote(
            "q-gaza-approach",
            &officials,
            &article,
            QuoteMode::Indirect,
            "The administration is attempting the same approach it used to achieve a \
             U.S.-brokered cease-fire in Gaza last month: draft a multipoint outline and then \
             push the warring parties to accept it",
        )
        .cue("said")
        .span(753, 943)
        .id();
    // ¶5
    let q_not_involved = b
        .quote(
            "q-not-involved",
            &eu_officials,
            &article,
            QuoteMode::Indirect,
            "they hadn’t been involved in drafting the plan and hadn’t so far been briefed on the \
             U.S. proposal",
        )
        .cue("said")
        .span(986, 1088)
        .id();
    b.quote(
        "q-unclear-information",
        &diplomat,
        &article,
        QuoteMode::Indirect,
        "it wasn’t clear whether Europeans will get more information from Washington soon",
    )
    .cue("said")
    .span(1122, 1204);
    let q_peskov = b
        .quote(
            "q-peskov-no-comment",
            &peskov,
            &article,
            QuoteMode::NoComment,
            "declined to comment when asked about the peace plan Thursday",
        )
        .cue("declined to comment")
        .span(1238, 1298)
        .date(DAY)
        .id();
    // ¶6: hearsay — the words are the U.S. officials', the position is Trump's.
    let q_trump = b
        .quote(
            "q-trump-supports",
            &us_officials,
            &article,
            QuoteMode::Indirect,
            "Trump supports the new plan",
        )
        .cue("said")
        .span(1321, 1348)
        .id();
    // ¶7
    b.quote(
        "q-diplomats-hopeful",
        &diplomats,
        &article,
        QuoteMode::Indirect,
        "they remained hopeful that they would be given the opportunity to share their concerns \
         on any plans",
    )
    .cue("said")
    .span(1732, 1831);
    // ¶8
    let q_kallas_support = b
        .quote(
            "q-kallas-support",
            &kallas,
            &article,
            QuoteMode::Indirect,
            "for any peace plan to work, it needs the support of Ukraine and the Europeans",
        )
        .cue("said")
        .span(1902, 1979)
        .id();
    // ¶9
    let q_kallas_aggressor = b
        .quote(
            "q-kallas-aggressor",
            &kallas,
            &article,
            QuoteMode::Direct,
            "We have to understand that in this war, there is one aggressor and one victim, and \
             we haven’t heard of any concessions on the Russian side",
        )
        .cue("told reporters")
        .span(2036, 2176)
        .id();
    // ¶10
    let q_warn = b
        .quote(
            "q-warn-future-attack",
            &eu_officials,
            &article,
            QuoteMode::Indirect,
            "could open the way for a future Russian attack on Ukraine and more loss of territory",
        )
        .cue("have warned")
        .span(2614, 2698)
        .id();
    // ¶12
    let q_barrot_fair = b
        .quote(
            "q-barrot-fair-solution",
            &barrot,
            &article,
            QuoteMode::Indirect,
            "the Europeans and the Ukrainians want to see peace, but a fair solution is critical",
        )
        .cue("said")
        .span(2880, 2963)
        .id();
    // ¶13
    let q_barrot_capitulation = b
        .quote(
            "q-barrot-no-capitulation",
            &barrot,
            &article,
            QuoteMode::Direct,
            "We don’t want to see a Ukrainian capitulation, and one can well imagine that the \
             Ukrainians, who have resisted in a heroic way against a brutal Russian invasion for \
             more than three years now, will refuse, in any form, a capitulation",
        )
        .cue("told reporters")
        .span(2969, 3203)
        .id();
    // ¶14
    let q_regroup = b
        .quote(
            "q-kyiv-regroup",
            &ukraine,
            &article,
            QuoteMode::Paraphrase,
            "any concessions would only encourage Russia to regroup its forces during any \
             extended cease-fire to attack Ukraine again",
        )
        .cue("has long argued")
        .span(3252, 3372)
        .id();
    let q_guarantees = b
        .quote(
            "q-zelensky-guarantees",
            &zelensky,
            &article,
            QuoteMode::Paraphrase,
            "any peace deal come with clear security guarantees for his country",
        )
        .cue("has insisted")
        .span(3401, 3467)
        .id();
    let q_no_ceding = b
        .quote(
            "q-zelensky-no-ceding",
            &zelensky,
            &article,
            QuoteMode::Paraphrase,
            "the notion of ceding territory in eastern Ukraine",
        )
        .cue("has emphatically rejected")
        .span(3498, 3547)
        .id();
    // ¶15
    let q_positions = b
        .quote(
            "q-relinquishing-positions",
            &ukr_officials,
            &article,
            QuoteMode::Indirect,
            "relinquishing them would give Russia an opportunity to pursue further offensive \
             operations from a position of greater strength",
        )
        .cue("say")
        .span(3888, 4014)
        .id();

    // --- Stances ------------------------------------------------------------------

    // On the plan. ¶6: Trump's support is known only from U.S. officials.
    b.stance("s-trump-plan", &trump, &plan, Position::Supports)
        .quote(&q_trump)
        .as_of(DAY);
    // ¶3-4
    b.stance("s-us-plan", &us_gov, &plan, Position::Supports)
        .quote(&q_plan)
        .quote(&q_gaza)
        .as_of(DAY);
    // ¶5
    b.stance("s-peskov-plan", &peskov, &plan, Position::NoComment)
        .quote(&q_peskov)
        .as_of(DAY);
    // ¶1-2
    b.stance(
        "s-eu-officials-plan",
        &eu_officials,
        &plan,
        Position::Opposes,
    )
    .condition("Kyiv must approve any plan")
    .quote(&q_kyiv_approve)
    .quote(&q_eu_capitulation)
    .quote(&q_too_favorable)
    .as_of(DAY);
    // ¶8
    b.stance("s-kallas-plan", &kallas, &plan, Position::Mixed)
        .condition("the support of Ukraine and the Europeans")
        .quote(&q_kallas_support)
        .as_of(DAY)
        .confidence(0.7);
    // ¶12-13
    b.stance("s-barrot-plan", &barrot, &plan, Position::Mixed)
        .condition("a fair solution, not a Ukrainian capitulation")
        .quote(&q_barrot_fair)
        .quote(&q_barrot_capitulation)
        .as_of(DAY)
        .confidence(0.7);

    // On the territorial point. ¶9: Kallas objects to concessions asked of one side only.
    b.stance("s-kallas-territory", &kallas, &territory, Position::Opposes)
        .quote(&q_kallas_aggressor)
        .as_of(DAY)
        .confidence(0.6);
    // ¶13: giving up land Kyiv holds is the capitulation Barrot rejects.
    b.stance("s-barrot-territory", &barrot, &territory, Position::Opposes)
        .quote(&q_barrot_capitulation)
        .as_of(DAY)
        .confidence(0.6);
    // ¶14
    b.stance(
        "s-zelensky-territory",
        &zelensky,
        &territory,
        Position::Opposes,
    )
    .quote(&q_no_ceding)
    .as_of(DAY);
    // ¶10, ¶15: "elements that Ukraine ... have long opposed"; its officials explain why.
    b.stance(
        "s-ukraine-territory",
        &ukraine,
        &territory,
        Position::Opposes,
    )
    .quote(&q_positions)
    .source(&article)
    .as_of(DAY);
    // ¶14: ceding territory in eastern Ukraine is "a core demand for Moscow".
    // The outlet says so, not Russia: the evidence is the article itself.
    b.stance(
        "s-russia-territory",
        &russia,
        &territory,
        Position::Supports,
    )
    .source(&article)
    .as_of(DAY);

    // On the military points. ¶10
    b.stance(
        "s-eu-officials-military-cap",
        &eu_officials,
        &military_cap,
        Position::Opposes,
    )
    .quote(&q_warn)
    .as_of(DAY);
    b.stance(
        "s-eu-officials-long-range",
        &eu_officials,
        &long_range,
        Position::Opposes,
    )
    .quote(&q_warn)
    .as_of(DAY);

    // On the security points. ¶10-11: the Europeans oppose blocking the force they offered.
    b.stance(
        "s-europeans-no-reassurance",
        &europeans,
        &no_reassurance,
        Position::Opposes,
    )
    .source(&article)
    .as_of(DAY)
    .confidence(0.8);
    // ¶14: guarantees are what Zelensky insists on; the point drops them.
    b.stance(
        "s-zelensky-no-peacekeeping",
        &zelensky,
        &no_peacekeeping,
        Position::Opposes,
    )
    .quote(&q_guarantees)
    .as_of(DAY)
    .confidence(0.7);
    // ¶3: "resurrecting ideas that Kyiv has already rejected".
    b.stance(
        "s-ukraine-peacekeeping",
        &ukraine,
        &no_peacekeepers,
        Position::Opposes,
    )
    .source(&article)
    .as_of(DAY)
    .confidence(0.7);

    // On the other proposals. ¶11, ¶14, ¶16
    b.stance(
        "s-europeans-reassurance",
        &europeans,
        &reassurance,
        Position::Supports,
    )
    .condition("if there is a peace deal")
    .source(&article)
    .as_of(DAY);
    b.stance(
        "s-zelensky-guarantees",
        &zelensky,
        &guarantees,
        Position::Supports,
    )
    .quote(&q_guarantees)
    .as_of(DAY);
    b.stance(
        "s-europeans-sanctions",
        &europeans,
        &sanctions,
        Position::Supports,
    )
    .source(&article)
    .as_of(DAY);
    b.stance(
        "s-europeans-assets-loan",
        &europeans,
        &assets_loan,
        Position::Supports,
    )
    .source(&article)
    .as_of(DAY);
    b.stance(
        "s-europeans-finance-pledge",
        &europeans,
        &finance_pledge,
        Position::Supports,
    )
    .source(&article)
    .as_of(DAY);

    // Claims asserted. ¶9
    b.stance(
        "s-kallas-one-aggressor",
        &kallas,
        &one_aggressor,
        Position::Supports,
    )
    .quote(&q_kallas_aggressor)
    .as_of(DAY);
    b.stance(
        "s-kallas-no-russian-concessions",
        &kallas,
        &no_russian_concessions,
        Position::Supports,
    )
    .quote(&q_kallas_aggressor)
    .as_of(DAY);
    // ¶1, ¶13
    b.stance(
        "s-eu-officials-no-capitulation",
        &eu_officials,
        &no_capitulation,
        Position::Supports,
    )
    .quote(&q_eu_capitulation)
    .as_of(DAY);
    b.stance(
        "s-barrot-no-capitulation",
        &barrot,
        &no_capitulation,
        Position::Supports,
    )
    .quote(&q_barrot_capitulation)
    .as_of(DAY);
    // ¶12
    b.stance(
        "s-barrot-fair-solution",
        &barrot,
        &fair_solution,
        Position::Supports,
    )
    .quote(&q_barrot_fair)
    .as_of(DAY);
    // ¶2, ¶5, ¶10
    b.stance(
        "s-eu-officials-too-favorable",
        &eu_officials,
        &too_favorable,
        Position::Supports,
    )
    .quote(&q_too_favorable)
    .as_of(DAY)
    .confidence(0.8);
    b.stance(
        "s-eu-officials-not-involved",
        &eu_officials,
        &not_involved,
        Position::Supports,
    )
    .quote(&q_not_involved)
    .as_of(DAY);
    b.stance(
        "s-eu-officials-future-attack",
        &eu_officials,
        &future_attack,
        Position::Supports,
    )
    .quote(&q_warn)
    .as_of(DAY);
    // ¶14-15
    b.stance("s-ukraine-regroup", &ukraine, &regroup, Position::Supports)
        .quote(&q_regroup)
        .as_of(DAY);
    b.stance(
        "s-ukrainian-officials-positions",
        &ukr_officials,
        &positions,
        Position::Supports,
    )
    .quote(&q_positions)
    .as_of(DAY);

    // --- Arguments: which claims bear on which proposals ---------------------------

    b.relation(
        "r-one-sided",
        &no_russian_concessions,
        &plan,
        RelationKind::Attacks,
    )
    .evidence(Evidence::quote(q_kallas_aggressor));
    b.relation(
        "r-capitulation",
        &no_capitulation,
        &plan,
        RelationKind::Attacks,
    )
    .evidence(Evidence::quote(q_eu_capitulation));
    b.relation(
        "r-too-favorable",
        &too_favorable,
        &plan,
        RelationKind::Attacks,
    )
    .evidence(Evidence::quote(q_too_favorable));
    b.relation(
        "r-cap-invites-attack",
        &future_attack,
        &military_cap,
        RelationKind::Attacks,
    )
    .evidence(Evidence::quote(q_warn.clone()));
    b.relation(
        "r-weapons-invite-attack",
        &future_attack,
        &long_range,
        RelationKind::Attacks,
    )
    .evidence(Evidence::quote(q_warn));
    b.relation("r-regroup", &regroup, &plan, RelationKind::Attacks)
        .evidence(Evidence::quote(q_regroup));
    b.relation("r-positions", &positions, &territory, RelationKind::Attacks)
        .evidence(Evidence::quote(q_positions));
    b.relation(
        "r-positions-regroup",
        &positions,
        &regroup,
        RelationKind::Supports,
    )
    .evidence(Evidence::source(article));

    b.build()
}
