//! The fixed strings of the sweep figures (metrics against a swept key, the heatmap) and of
//! the sensitivity figures (Sobol' ranking, Morris plane, indices over time), in English and
//! Dutch. The Sobol' and Morris terms keep their symbols (ST, S1, μ*, σ); keys stay as code.

/// (key, English, Dutch).
pub(super) const FIGURE_TEXTS: &[(&str, &str, &str)] = &[
    // The sweep figure.
    (
        "sweep_lines_title",
        "Sweep “{0}”: metrics at month {1} by {2}",
        "Verkenning “{0}”: maatstaven in maand {1} naar {2}",
    ),
    (
        "sweep_lines_description",
        "{0} at month {1} against {2}, mean of {3} replications per point with 95% intervals",
        "{0} in maand {1} tegen {2}, gemiddelde van {3} replicaties per punt met 95%-intervallen",
    ),
    (
        "sweep_lines_subtitle",
        "Mean of {0} replications per point, whiskers: 95% CI",
        "Gemiddelde van {0} replicaties per punt, snorharen: 95%-interval",
    ),
    (
        "sweep_one_line_per",
        "; one line per value of {0}",
        "; één lijn per waarde van {0}",
    ),
    (
        "sweep_averaged_over",
        "; averaged over {0}",
        "; gemiddeld over {0}",
    ),
    (
        "sweep_binned",
        "; more than {0} values of {1}, pooled into {2} equal bins",
        "; meer dan {0} waarden van {1}, samengevoegd in {2} even brede klassen",
    ),
    (
        "sweep_no_value_for",
        "no value for {0}",
        "geen waarde voor {0}",
    ),
    // The heatmap.
    (
        "heatmap_title",
        "Sweep “{0}”: {1} at month {2}",
        "Verkenning “{0}”: {1} in maand {2}",
    ),
    (
        "heatmap_description",
        "Heatmap of the mean {0} at month {1} over {2} replications per point, for each combination of {3} and {4}",
        "Warmtekaart van het gemiddelde van {0} in maand {1} over {2} replicaties per punt, voor elke combinatie van {3} en {4}",
    ),
    (
        "heatmap_subtitle",
        "Mean of {0} replications per point, by {1} and {2}; dark = low, yellow = high",
        "Gemiddelde van {0} replicaties per punt, naar {1} en {2}; donker = laag, geel = hoog",
    ),
    (
        "heatmap_bin_centres",
        "{0} (bin centres)",
        "{0} (klassenmiddens)",
    ),
    // The sensitivity figures.
    ("sens_fig_month", ", month {0}", ", maand {0}"),
    ("sens_fig_noise", ", noise {0}%", ", ruis {0}%"),
    (
        "sens_fig_ranking_title",
        "Which choices matter most? Sobol' indices",
        "Welke keuzes wegen het zwaarst? Sobol'-indices",
    ),
    (
        "sens_fig_ranking_description",
        "Total (ST) and first-order (S1) Sobol' indices of each varied key for {0}, ranked by ST, with 95% bootstrap intervals",
        "Totale index ST en index eerste orde S1 (Sobol') van elke gevarieerde instelling voor {0}, gerangschikt naar ST, met 95%-bootstrapintervallen",
    ),
    (
        "sens_fig_st_legend",
        "ST: with interactions",
        "totale index ST: met interacties",
    ),
    (
        "sens_fig_s1_legend",
        "S1: alone",
        "index eerste orde S1: alleen",
    ),
    (
        "sens_fig_ranking_subtitle",
        "Share of the variance of each outcome a choice explains over the sweep's ranges; whiskers: 95% bootstrap intervals; noise: the share of the variance that is replication noise. Magnitudes come from the model's coefficients, most of them illustrative.",
        "Aandeel van de variantie van elke uitkomst dat een keuze verklaart over de bereiken van de verkenning; snorharen: 95%-bootstrapintervallen; ruis: het aandeel van de variantie dat ruis tussen replicaties is. De groottes volgen uit de coëfficiënten van het model, de meeste illustratief.",
    ),
    (
        "sens_fig_index_axis",
        "index (share of variance)",
        "index (aandeel van de variantie)",
    ),
    (
        "sens_fig_morris_title",
        "Which choices matter most? Morris screening",
        "Welke keuzes wegen het zwaarst? Morris-screening",
    ),
    (
        "sens_fig_morris_description",
        "Mean absolute elementary effect (mu*) against their spread (sigma) of each varied key for {0}",
        "Gemiddeld absoluut elementair effect (μ*) tegen de spreiding ervan (σ) van elke gevarieerde instelling voor {0}",
    ),
    (
        "sens_fig_morris_subtitle",
        "Right: the choice moves the outcome much over its range (μ*, whiskers: 95% bootstrap interval); up: its effect depends on the other choices or is not linear (σ); noise: the share of the variance that is replication noise. Magnitudes come from the model's coefficients, most of them illustrative.",
        "Rechts: de keuze verschuift de uitkomst sterk over haar bereik (μ*, snorharen: 95%-bootstrapinterval); omhoog: haar effect hangt af van de andere keuzes of is niet lineair (σ); ruis: het aandeel van de variantie dat ruis tussen replicaties is. De groottes volgen uit de coëfficiënten van het model, de meeste illustratief.",
    ),
    (
        "sens_fig_mu_star_axis",
        "μ* (mean absolute effect)",
        "μ* (gemiddeld absoluut effect)",
    ),
    (
        "sens_fig_sigma_axis",
        "σ (spread of effects)",
        "σ (spreiding van de effecten)",
    ),
    (
        "sens_fig_over_time_title",
        "Which choices matter most, month by month",
        "Welke keuzes wegen het zwaarst, maand na maand",
    ),
    (
        "sens_fig_over_time_description",
        "The {0} index of the top {1} varied keys of each metric over the months",
        "De index {0} van de {1} zwaarst wegende gevarieerde instellingen van elke maatstaf over de maanden",
    ),
    (
        "sens_fig_total_st",
        "total Sobol' index ST",
        "totale Sobol'-index ST",
    ),
    ("sens_fig_morris_mu_star", "Morris μ*", "Morris-μ*"),
    (
        "sens_fig_over_time_subtitle",
        "The {0} of the {1} choices that matter most at the last month, at every month analysed. Magnitudes come from the model's coefficients, most of them illustrative.",
        "De {0} van de {1} keuzes die in de laatste maand het zwaarst wegen, in elke geanalyseerde maand. De groottes volgen uit de coëfficiënten van het model, de meeste illustratief.",
    ),
];
