//! The fixed strings of the report's sweep sections, "Which choices matter most?" (a Sobol' or
//! Morris analysis) and scenario discovery, each in English and Dutch: part of the one table of
//! `output::i18n`, looked up through [`Lang::t`](super::Lang::t).
//!
//! Placeholders `{0}`, `{1}`, ... are filled by [`Lang::fill`](super::Lang::fill) (with text
//! the caller has already escaped) or [`Lang::rich`](super::Lang::rich).

/// (key, English, Dutch).
pub(super) const SECTION_TEXTS: &[(&str, &str, &str)] = &[
    // Which choices matter most?
    (
        "sens_sobol_intro",
        "A Sobol' analysis splits the variance of each outcome over the sweep's ranges into the shares each choice explains: alone (first-order index S1) and with its interactions (total index ST).",
        "Een Sobol'-analyse verdeelt de variantie van elke uitkomst over de bereiken van de verkenning in de aandelen die elke keuze verklaart: alleen (index van de eerste orde S1) en met haar wisselwerkingen (totale index ST).",
    ),
    (
        "sens_morris_intro",
        "A Morris screening moves one choice at a time across its range and records how much each outcome moves: μ* is the mean size of that change, σ how much it varies with the other choices.",
        "Een Morris-screening beweegt één keuze tegelijk door haar bereik en houdt bij hoeveel elke uitkomst beweegt: μ* is de gemiddelde grootte van die verandering, σ hoeveel die varieert met de andere keuzes.",
    ),
    (
        "sens_model_note",
        "The ranking is a property of the model: its magnitudes come from the model's coefficients, most of them illustrative (see “How far to trust these numbers”). Every index is in `{0}` with its 95% bootstrap interval.",
        "De rangorde is een eigenschap van het model: de grootten komen uit de coëfficiënten van het model, de meeste illustratief (zie “Hoe ver u deze getallen kunt vertrouwen”). Elke index staat in `{0}` met het 95%-bootstrapinterval.",
    ),
    ("sens_at_month", "{0} at month {1}", "{0} in maand {1}"),
    ("sens_alone", "mostly on its own", "grotendeels op zichzelf"),
    (
        "sens_interactions",
        "mainly through interactions with the other choices",
        "vooral via wisselwerking met de andere keuzes",
    ),
    (
        "sens_partly",
        "partly on its own, partly through interactions",
        "deels op zichzelf, deels via wisselwerking",
    ),
    (
        "sens_explains",
        "{0} explains about {1} of the variance of {2}, {3} (total index {4}, first-order {5}).",
        "{0} verklaart ongeveer {1} van de variantie van {2}, {3} (totale index {4}, eerste orde {5}).",
    ),
    ("sens_then", "Then {0} ({1}).", "Daarna {0} ({1})."),
    ("sens_total_index", "total index {0}", "totale index {0}"),
    (
        "sens_total_indices",
        "total indices {0} to {1}",
        "totale indices {0} tot {1}",
    ),
    (
        "sens_hardly_1",
        "{0} hardly matters (under {1} each).",
        "{0} doet er nauwelijks toe (onder {1}).",
    ),
    (
        "sens_hardly_n",
        "{0} hardly matter (under {1} each).",
        "{0} doen er nauwelijks toe (elk onder {1}).",
    ),
    (
        "sens_interaction",
        "The strongest interaction is between {0}: about {1} of the variance comes from the two together (second-order index {2}).",
        "De sterkste wisselwerking is die tussen {0}: ongeveer {1} van de variantie komt van de twee samen (index van de tweede orde {2}).",
    ),
    (
        "sens_no_interaction",
        "No two choices interact noticeably (every second-order index under {0}).",
        "Geen twee keuzes werken merkbaar op elkaar in (elke index van de tweede orde onder {0}).",
    ),
    ("list_and", "and", "en"),
    (
        "sens_uneven",
        "unevenly: how much depends on the other choices or where in the range it moves",
        "ongelijkmatig: hoeveel hangt af van de andere keuzes of van waar in het bereik ze beweegt",
    ),
    (
        "sens_even",
        "fairly evenly over its range",
        "tamelijk gelijkmatig over haar bereik",
    ),
    (
        "sens_moves_most",
        "{0} moves {1} most: by {2} on average over a step across its range (μ*), {3} (σ {4}).",
        "{0} beweegt {1} het meest: gemiddeld met {2} per stap door haar bereik (μ*), {3} (σ {4}).",
    ),
    (
        "sens_moves_next",
        "{0} moves {1} next: by {2} on average over a step across its range (μ*), {3} (σ {4}).",
        "{0} beweegt {1} daarna het meest: gemiddeld met {2} per stap door haar bereik (μ*), {3} (σ {4}).",
    ),
    (
        "sens_morris_hardly_1",
        "{0} hardly matters (μ* under {1} of the largest).",
        "{0} doet er nauwelijks toe (μ* onder {1} van de grootste).",
    ),
    (
        "sens_morris_hardly_n",
        "{0} hardly matter (μ* under {1} of the largest).",
        "{0} doen er nauwelijks toe (μ* onder {1} van de grootste).",
    ),
    ("sens_base_samples", "base samples", "basissteekproeven"),
    ("sens_trajectories", "trajectories", "trajecten"),
    (
        "sens_noise_high",
        "Replication noise is {0} of the variance of {1}: more than half, so add replications or {2} before relying on this ranking.",
        "Ruis tussen replicaties is {0} van de variantie van {1}: meer dan de helft, dus voeg replicaties of {2} toe voordat u op deze rangorde vertrouwt.",
    ),
    (
        "sens_noise",
        "Replication noise is {0} of the variance of {1}; the rest comes from the choices.",
        "Ruis tussen replicaties is {0} van de variantie van {1}; de rest komt van de keuzes.",
    ),
    (
        "sens_noise_none",
        "With one replication a point, replication noise cannot be told apart from the choices' effects.",
        "Met één replicatie per punt is ruis tussen replicaties niet te onderscheiden van de effecten van de keuzes.",
    ),
    // Scenario discovery.
    (
        "disc_intro",
        "Where, among the inputs this sweep varied, does `{0}` hold (evaluated per {1})? PRIM (the patient rule induction method, with EMA Workbench's defaults) looks for boxes of the inputs where it mostly holds: *density* is the share of a box's {2} where it holds, *coverage* the share of all {2} where it holds that the box contains. A small quasi-p-value says a limit matters.",
        "Waar, binnen de invoer die deze verkenning varieerde, geldt `{0}` (beoordeeld per {1})? PRIM (de patient rule induction method, met de standaardinstellingen van EMA Workbench) zoekt vakken in de invoer waar het meestal geldt: *dichtheid* is het aandeel van de {2} in een vak waar het geldt, *dekking* het aandeel van alle {2} waar het geldt dat in het vak ligt. Een kleine quasi-p-waarde zegt dat een grens ertoe doet.",
    ),
    ("disc_point", "point", "punt"),
    ("disc_points", "points", "punten"),
    ("disc_replication", "replication", "replicatie"),
    ("disc_replications", "replications", "replicaties"),
    ("disc_box", "Box", "Vak"),
    ("disc_density", "Density", "Dichtheid"),
    ("disc_coverage", "Coverage", "Dekking"),
    ("disc_input", "Input", "Invoer"),
    ("disc_range", "Range in the box", "Bereik in het vak"),
    ("disc_quasi_p", "Quasi-p", "Quasi-p"),
    ("disc_none", "(none)", "(geen)"),
    ("disc_everywhere", "everywhere", "overal"),
    (
        "disc_tradeoff_caption",
        "Coverage against density along the first box's trajectory",
        "Dekking tegen dichtheid langs het pad van het eerste vak",
    ),
    (
        "disc_limits_caption",
        "The boxes found: each restricted input's range within the range swept",
        "De gevonden vakken: het bereik van elke beperkte invoer binnen het verkende bereik",
    ),
    (
        "disc_figure",
        "Discovery figure {0}.",
        "Ontdekkingsfiguur {0}.",
    ),
];
