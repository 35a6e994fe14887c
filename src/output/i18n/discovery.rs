//! The fixed strings of scenario discovery's findings in words and of its two figures (the
//! trade-off of coverage against density, and the boxes' limits), in English and Dutch: part
//! of the one table of `output::i18n`, looked up through [`Lang::t`](super::Lang::t) and
//! filled by [`Lang::fill`](super::Lang::fill). The English texts are the words `orgsim
//! discover` has always printed and drawn.
//!
//! The comparison signs of a limit (`>=`, `≥`) are added by the code: the table holds no `<`
//! or `>`.

/// (key, English, Dutch).
pub(super) const DISCOVERY_TEXTS: &[(&str, &str, &str)] = &[
    // The findings in words.
    (
        "disc_holds_for",
        "The condition {0} holds for {1} of {2} {3} ({4}).",
        "De voorwaarde ‘{0}’ geldt voor {1} van de {2} {3} ({4}).",
    ),
    (
        "disc_nothing",
        "There is nothing to explain: no box was sought.",
        "Er valt niets te verklaren: er is geen vak gezocht.",
    ),
    (
        "disc_no_box",
        "No box of the inputs reaches the density threshold: the condition does not hold mostly in any simple region (the best box found holds it for {0} of its {1}).",
        "Geen vak in de invoer haalt de drempel voor de dichtheid: de voorwaarde geldt in geen eenvoudig gebied grotendeels (in het beste gevonden vak geldt ze voor {0} van de {1}).",
    ),
    (
        "disc_holds_mostly",
        "It holds mostly (density {0}, covering {1} of such {2}) {3}.",
        "Ze geldt grotendeels (dichtheid {0}; het vak bevat {1} van de {2} waar ze geldt) {3}.",
    ),
    (
        "disc_also_holds",
        "Apart from that, it also holds mostly (density {0}, covering {1} of such {2}) {3}.",
        "Daarnaast geldt ze ook grotendeels (dichtheid {0}; het vak bevat {1} van de {2} waar ze geldt) {3}.",
    ),
    (
        "disc_everywhere_in_sweep",
        "everywhere in the sweep",
        "overal in de verkenning",
    ),
    ("disc_when", "when {0}", "als {0}"),
    (
        "disc_when_weak",
        "when {0} (its other limits add little, quasi-p above {1}: {2})",
        "als {0} (de andere grenzen voegen weinig toe, quasi-p boven {1}: {2})",
    ),
    (
        "disc_when_only_weak",
        "when {0} (though no limit is clearly needed: every quasi-p is above {1})",
        "als {0} (al is geen grens duidelijk nodig: elke quasi-p ligt boven {1})",
    ),
    ("disc_and", " and ", " en "),
    ("disc_or", " or ", " of "),
    (
        "disc_between",
        "{0} between {1} and {2}",
        "{0} tussen {1} en {2}",
    ),
    ("disc_in", "{0} in {1}", "{0} in {1}"),
    (
        "disc_condition_part",
        "{0}@{1} {2} {3}",
        "{0} in maand {1} {2} {3}",
    ),
    // The trade-off figure.
    (
        "disc_fig_tradeoff_title",
        "Where {0} holds: coverage against density",
        "Waar {0} geldt: dekking tegen dichtheid",
    ),
    (
        "disc_fig_tradeoff_description",
        "The {0} boxes of the first PRIM trajectory: the share of the {1} where the condition holds that each box covers, against the share of its {1} where it holds; colour is the number of restricted inputs.",
        "De {0} vakken van het eerste pad van PRIM: het aandeel van de {1} waar de voorwaarde geldt dat elk vak bevat, tegen het aandeel van de {1} in het vak waar ze geldt; de kleur is het aantal beperkte invoerwaarden.",
    ),
    ("disc_fig_restricted", "{0} restricted", "{0} beperkt"),
    (
        "disc_fig_chosen",
        "ringed: the box chosen (the end of the trajectory)",
        "omcirkeld: het gekozen vak (het einde van het pad)",
    ),
    (
        "disc_fig_not_chosen",
        "ringed: the end of the trajectory, below the density threshold",
        "omcirkeld: het einde van het pad, onder de drempel voor de dichtheid",
    ),
    (
        "disc_fig_coverage_axis",
        "coverage (share of the {0} where it holds)",
        "dekking (aandeel van de {0} waar ze geldt)",
    ),
    (
        "disc_fig_density_axis",
        "density (share of the box's {0} where it holds)",
        "dichtheid (aandeel van de {0} in het vak waar ze geldt)",
    ),
    // The box-limits figure.
    (
        "disc_fig_limits_title",
        "Where {0} holds: the boxes PRIM found",
        "Waar {0} geldt: de vakken die PRIM vond",
    ),
    (
        "disc_fig_limits_description",
        "Each box's restricted inputs: the range inside the box (coloured) within the range the sweep covered (grey), with the quasi-p-value of each restricted limit; {0} boxes.",
        "De beperkte invoer van elk vak: het bereik in het vak (gekleurd) binnen het bereik dat de verkenning besloeg (grijs), met de quasi-p-waarde van elke beperkte grens; {0} vakken.",
    ),
    (
        "disc_fig_limits_legend",
        "coloured: the range inside the box; grey: the range swept; (p): quasi-p-value of the limit",
        "gekleurd: het bereik in het vak; grijs: het verkende bereik; (p): quasi-p-waarde van de grens",
    ),
    (
        "disc_fig_no_box",
        "No box reaches the density threshold for {0}.",
        "Geen vak haalt de drempel voor de dichtheid voor {0}.",
    ),
    (
        "disc_fig_box",
        "Box {0}: density {1}, coverage {2}",
        "Vak {0}: dichtheid {1}, dekking {2}",
    ),
    (
        "disc_fig_everywhere",
        "no input restricted: everywhere in the sweep",
        "geen invoer beperkt: overal in de verkenning",
    ),
];
