//! The fixed strings of the report's body (masthead facts, results tables, reading guide,
//! timeline, settings and provenance headings) and of the figures (the differences figure,
//! intervention markers), each in English and Dutch: part of the one table of
//! `output::i18n`, looked up through [`Lang::t`](super::Lang::t).
//!
//! A text may hold placeholders `{0}`, `{1}`, ... (filled by [`Lang::fill`](super::Lang::fill))
//! and light markup (`**bold**`, `*italic*`, `` `code` ``, turned into HTML by
//! [`Lang::rich`](super::Lang::rich)).

/// (key, English, Dutch).
pub(super) const PAGE_TEXTS: &[(&str, &str, &str)] = &[
    // Masthead.
    ("fact_scenarios", "Scenarios", "Scenario's"),
    ("fact_reference", "reference: {0}", "referentie: {0}"),
    ("fact_design", "Design", "Ontwerp"),
    ("fact_points", "{0} points", "{0} punten"),
    (
        "fact_varied_1",
        "{0} varied setting",
        "{0} gevarieerde instelling",
    ),
    (
        "fact_varied_n",
        "{0} varied settings",
        "{0} gevarieerde instellingen",
    ),
    ("fact_individuals", "Individuals", "Individuen"),
    ("fact_march", "March (1991) model", "model van March (1991)"),
    ("fact_organisation", "Organisation", "Organisatie"),
    ("fact_slots", "{0} slots", "{0} plaatsen"),
    ("fact_teams", "{0} teams of {1}", "{0} teams van {1}"),
    ("fact_horizon", "Horizon", "Horizon"),
    ("fact_at_most_months", "≤ {0} months", "≤ {0} maanden"),
    (
        "fact_runs_ended",
        "runs ended in months {0}–{1}",
        "runs eindigden in maand {0}–{1}",
    ),
    ("fact_months", "{0} months", "{0} maanden"),
    ("fact_years", "{0} years", "{0} jaar"),
    ("fact_replications", "Replications", "Replicaties"),
    ("fact_seed", "seed {0}", "startgetal {0}"),
    ("fact_style", "Starting style", "Stijl bij de start"),
    (
        "fact_style_mean",
        "managers' mean style {0}",
        "gemiddelde stijl van leidinggevenden {0}",
    ),
    ("fact_interventions", "Interventions", "Interventies"),
    ("fact_shocks_1", "{0} market shock", "{0} marktschok"),
    ("fact_shocks_n", "{0} market shocks", "{0} marktschokken"),
    ("style_control", "Control", "Controlerend"),
    (
        "style_control_leaning",
        "Control-leaning",
        "Neigt naar controlerend",
    ),
    ("style_mixed", "Mixed", "Gemengd"),
    (
        "style_coaching_leaning",
        "Coaching-leaning",
        "Neigt naar coachend",
    ),
    ("style_coaching", "Coaching", "Coachend leiderschap"),
    (
        "compare_lede",
        "{0} scenarios run with the same random numbers; differences are to {1}.",
        "{0} scenario's doorgerekend met dezelfde toevalsgetallen; verschillen zijn ten opzichte van {1}.",
    ),
    // Results tables.
    ("replications_1", "{0} replication", "{0} replicatie"),
    ("replications_n", "{0} replications", "{0} replicaties"),
    ("the_replications", "the replications", "de replicaties"),
    (
        "at_the_end",
        "At the end (months {0}–{1})",
        "Aan het eind (maand {0}–{1})",
    ),
    (
        "averaged_each_run",
        "Averaged over each run",
        "Gemiddeld over elke run",
    ),
    ("at_month_m", "At month {0}", "In maand {0}"),
    (
        "averaged_months",
        "Averaged over months 1–{0}",
        "Gemiddeld over maand 1–{0}",
    ),
    (
        "at_horizon_m",
        "At month {0} (the horizon)",
        "In maand {0} (de horizon)",
    ),
    (
        "run_intro",
        "Means over {0}, each with its 95% confidence interval. **{1}** is the state at the end of the simulated period; **{2}** is each replication's average over the whole period.",
        "Gemiddelden over {0}, elk met het 95%-betrouwbaarheidsinterval. **{1}** is de toestand aan het eind van de gesimuleerde periode; **{2}** is het gemiddelde van elke replicatie over de hele periode.",
    ),
    (
        "run_stopped",
        "The replications stopped at equilibrium, between months {0} and {1}: “the end” is each replication's last month.",
        "De replicaties stopten in evenwicht, tussen maand {0} en {1}: “het eind” is de laatste maand van elke replicatie.",
    ),
    (
        "compare_intro",
        "Every scenario ran {0} with the same random numbers. Each row gives the scenario's mean with its 95% confidence interval, and its **paired difference** to **{1}** (the reference): the scenario minus the reference, with that difference's 95% interval. ▲ and ▼ mark differences whose whole interval lies above or below zero.",
        "Elk scenario draaide {0} met dezelfde toevalsgetallen. Elke rij geeft het gemiddelde van het scenario met het 95%-betrouwbaarheidsinterval, en het **gepaarde verschil** met **{1}** (de referentie): het scenario min de referentie, met het 95%-interval van dat verschil. ▲ en ▼ markeren verschillen waarvan het hele interval boven of onder nul ligt.",
    ),
    ("col_metric", "Metric", "Maatstaf"),
    ("col_mean", "Mean", "Gemiddelde"),
    ("col_interval", "95% interval", "95%-interval"),
    ("col_difference", "Difference", "Verschil"),
    ("col_reading", "Reading", "Lezing"),
    ("col_dashed_zero", "(dashed: 0)", "(gestippeld: 0)"),
    ("reference", "reference", "referentie"),
    ("higher", "higher", "hoger"),
    ("lower", "lower", "lager"),
    (
        "no_clear_difference",
        "no clear difference",
        "geen duidelijk verschil",
    ),
    ("identical", "identical", "gelijk"),
    (
        "first_scenario",
        "the first scenario",
        "het eerste scenario",
    ),
    (
        "interval_label",
        "mean {0} with 95% interval {1}",
        "gemiddelde {0} met 95%-interval {1}",
    ),
    (
        "sweep_intro",
        "Each point is the base scenario with the varied settings below, run {0}; the table gives **{1}** {2}: the mean over replications with its 95% confidence interval, and the interval drawn to one scale for all points.",
        "Elk punt is het basisscenario met de gevarieerde instellingen hieronder, {0} doorgerekend; de tabel geeft **{1}** {2}: het gemiddelde over replicaties met het 95%-betrouwbaarheidsinterval, en het interval op één schaal voor alle punten getekend.",
    ),
    ("its_replications", "its replications", "zijn replicaties"),
    ("sweep_at_month", "at month {0}", "in maand {0}"),
    (
        "sweep_at_last",
        "at each point's last month",
        "in de laatste maand van elk punt",
    ),
    (
        "sweep_meaning",
        "{0}: {1}; unit: {2}.",
        "{0}: {1}; eenheid: {2}.",
    ),
    (
        "points_failed_1",
        "{0} point did not run (see the status column).",
        "{0} punt is niet doorgerekend (zie de kolom status).",
    ),
    (
        "points_failed_n",
        "{0} points did not run (see the status column).",
        "{0} punten zijn niet doorgerekend (zie de kolom status).",
    ),
    ("col_point", "Point", "Punt"),
    ("col_status", "Status", "Status"),
    ("col_interval_plot", "Interval", "Interval"),
    ("col_scale", "(scale {0} to {1})", "(schaal {0} tot {1})"),
    (
        "points_listed",
        "The first {0} of {1} points are listed; all are in `points.csv` and `summary.csv`.",
        "De eerste {0} van {1} punten staan hier; alle staan in `points.csv` en `summary.csv`.",
    ),
    // Reading guide: (title, text) pairs.
    (
        "read_sim_title",
        "A simulation, run many times.",
        "Een simulatie, vele keren doorgerekend.",
    ),
    (
        "read_sim",
        "The model follows every employee and manager month by month, with chance events (who quits, which ideas work, how the market moves). Each *replication* is one possible history. The numbers are **means over replications**: what happens on average under these assumptions, not a forecast for one organisation.",
        "Het model volgt elke medewerker en leidinggevende maand na maand, met toevallige gebeurtenissen (wie vertrekt, welke ideeën werken, hoe de markt beweegt). Elke *replicatie* is één mogelijke geschiedenis. De getallen zijn **gemiddelden over replicaties**: wat er gemiddeld gebeurt onder deze aannames, geen voorspelling voor één organisatie.",
    ),
    ("read_ci_title", "95% intervals.", "95%-intervallen."),
    (
        "read_ci",
        "The interval in brackets shows how precisely the replications pin down that mean: with more replications it gets narrower. It is not the range of outcomes a single organisation could see, which is wider.",
        "Het interval tussen haken laat zien hoe nauwkeurig de replicaties dat gemiddelde vastleggen: met meer replicaties wordt het smaller. Het is niet de spreiding van uitkomsten die één organisatie zou kunnen zien; die is breder.",
    ),
    (
        "read_bands_title",
        "Two bands in the figures.",
        "Twee banden in de figuren.",
    ),
    (
        "read_bands",
        "The dark band is where the mean lies (95%); the light band, with dashed edges, is where {0} of single runs lie (summary.csv's `pi_low` and `pi_high`; the level is set with `--prediction-level`).",
        "De donkere band is waar het gemiddelde ligt (95%); de lichte band, met gestippelde randen, is waar {0} van de afzonderlijke runs ligt (`pi_low` en `pi_high` in summary.csv; het niveau stelt u in met `--prediction-level`).",
    ),
    (
        "read_horizon_title",
        "At the horizon and over the run.",
        "Op de horizon en over de hele run.",
    ),
    (
        "read_horizon",
        "“At month {0}” is the state at the end of the simulated period; “averaged over months 1–{0}” also counts the way there, such as a dip while a programme takes working time.",
        "“In maand {0}” is de toestand aan het eind van de gesimuleerde periode; “gemiddeld over maand 1–{0}” telt ook de weg erheen mee, zoals een dip terwijl een programma werktijd kost.",
    ),
    (
        "read_paired_title",
        "Paired differences under common random numbers.",
        "Gepaarde verschillen met dezelfde toevalsgetallen.",
    ),
    (
        "read_paired",
        "Every scenario lived through the same chance events: replication 1 of each scenario used the same random numbers, and so on. A difference is therefore computed within each replication and then averaged, so chance the scenarios share cancels out and the interval of a difference is usually narrower than those of the scenarios themselves. *Higher* or *lower* (▲ ▼) means the whole interval lies on one side of zero; *no clear difference* means it includes zero.",
        "Elk scenario maakte dezelfde toevallige gebeurtenissen mee: replicatie 1 van elk scenario gebruikte dezelfde toevalsgetallen, enzovoort. Een verschil wordt daarom binnen elke replicatie berekend en dan gemiddeld, zodat gedeeld toeval wegvalt en het interval van een verschil meestal smaller is dan dat van de scenario's zelf. *Hoger* of *lager* (▲ ▼) betekent dat het hele interval aan één kant van nul ligt; *geen duidelijk verschil* betekent dat het nul bevat.",
    ),
    (
        "read_points_title",
        "Points share their random numbers.",
        "Punten delen hun toevalsgetallen.",
    ),
    (
        "read_points",
        "Replication 1 of every point used the same random numbers, so differences between points come from the settings, not from luck. Where intervals overlap, points may still differ reliably; `summary.csv` and `timeseries.csv` hold the full data.",
        "Replicatie 1 van elk punt gebruikte dezelfde toevalsgetallen, dus verschillen tussen punten komen van de instellingen, niet van geluk. Waar intervallen overlappen, kunnen punten toch betrouwbaar verschillen; `summary.csv` en `timeseries.csv` bevatten alle gegevens.",
    ),
    (
        "read_compare_title",
        "Comparing scenarios.",
        "Scenario's vergelijken.",
    ),
    (
        "read_compare",
        "To see what a change does, run the alternatives with `orgsim compare`: it gives paired differences under common random numbers, which are more precise than comparing separate intervals by eye.",
        "Om te zien wat een verandering doet, rekent u de alternatieven door met `orgsim compare`: dat geeft gepaarde verschillen met dezelfde toevalsgetallen, nauwkeuriger dan losse intervallen op het oog vergelijken.",
    ),
    ("read_scales_title", "Scales.", "Schalen."),
    (
        "read_scales",
        "Engagement, trust, skill and autonomy run from 0 to 1. Performance is output per employee slot, where a fully skilled, engaged and well-informed employee produces about 1 a month. Retention is the share of staff who did not quit over the last 12 months; agility is the share of the last year's market changes the organisation has caught up with. Net value is output minus programme, hiring and innovation costs, in the same output units a month.",
        "Betrokkenheid, vertrouwen, vakmanschap en regelmogelijkheden lopen van 0 tot 1. Prestatie is productie per plaats, waarbij een volledig bekwame, betrokken en goed geïnformeerde medewerker ongeveer 1 per maand produceert. Behoud van personeel is het aandeel medewerkers dat de laatste 12 maanden niet vertrok; wendbaarheid is het aandeel van de marktveranderingen van het laatste jaar dat de organisatie heeft bijgehouden. Netto waarde is productie min de kosten van programma's, werving en innovatie, in dezelfde productie-eenheden per maand.",
    ),
    // Figures section.
    (
        "no_figures_title",
        "No figures in this folder yet.",
        "Nog geen figuren in deze map.",
    ),
    (
        "no_figures",
        "Figures are drawn into `figures/` next to the results; run `orgsim report` on this folder again once they are there to include them here.",
        "Figuren worden in `figures/` naast de resultaten getekend; draai `orgsim report` opnieuw op deze map zodra ze er zijn om ze hier op te nemen.",
    ),
    // Timeline.
    (
        "not_recorded",
        "The scenario is not recorded in the manifest.",
        "Het scenario staat niet in het manifest.",
    ),
    (
        "sweep_schedule",
        "The base scenario's schedule; points that vary an intervention's or shock's settings differ from it.",
        "Het schema van het basisscenario; punten die de instellingen van een interventie of schok variëren wijken ervan af.",
    ),
    (
        "no_events",
        "No interventions and no market shocks: the organisation runs unchanged for {0} months.",
        "Geen interventies en geen marktschokken: de organisatie draait {0} maanden ongewijzigd.",
    ),
    ("col_event", "Event", "Gebeurtenis"),
    ("col_acts_in", "Acts in", "Werkt in"),
    ("col_settings", "Settings", "Instellingen"),
    ("market_shock", "Market shock", "Marktschok"),
    (
        "shock_severity",
        "severity {0}: share of market dimensions that change at once",
        "zwaarte {0}: aandeel van de marktdimensies dat in één keer verandert",
    ),
    (
        "timeline_label",
        "Timeline of interventions and shocks over {0} months",
        "Tijdlijn van interventies en schokken over {0} maanden",
    ),
    ("no_interventions", "no interventions", "geen interventies"),
    (
        "shock_label",
        "S{0}: shock in month {1} (severity {2})",
        "S{0}: schok in maand {1} (zwaarte {2})",
    ),
    ("acting_months", "months {0}–{1}", "maand {0}–{1}"),
    ("acting_month", "month {0}", "maand {0}"),
    (
        "acting_to_end",
        "months {0}–{1} (to the end)",
        "maand {0}–{1} (tot het eind)",
    ),
    ("acting_from", "from month {0}", "vanaf maand {0}"),
    ("marker_starts", "{0} starts ({1})", "{0} begint ({1})"),
    (
        "marker_ends",
        "{0} ends (after {1})",
        "{0} eindigt (na {1})",
    ),
    ("marker_at", "{0} (month {1})", "{0} (maand {1})"),
    (
        "marker_shock",
        "market shock (month {0})",
        "marktschok (maand {0})",
    ),
    // Settings.
    (
        "settings_intro",
        "Every setting of {0} **{1}**. Values that differ from orgsim's defaults are in bold, with the default beside them{2}.",
        "Elke instelling van {0} **{1}**. Waarden die afwijken van de standaard van orgsim staan vet, met de standaardwaarde ernaast{2}.",
    ),
    (
        "the_base_scenario",
        "the base scenario",
        "het basisscenario",
    ),
    ("the_scenario", "the scenario", "het scenario"),
    (
        "varied_marked",
        "; settings the sweep varies are marked *varied*",
        "; instellingen die de verkenning varieert zijn gemarkeerd met *gevarieerd*",
    ),
    ("varied", "varied", "gevarieerd"),
    (
        "varied_by_sweep",
        "Varied by the sweep",
        "Gevarieerd door de verkenning",
    ),
    ("col_setting", "Setting", "Instelling"),
    ("col_values", "Values", "Waarden"),
    ("col_value", "Value", "Waarde"),
    ("col_default", "Default", "Standaard"),
    ("col_range", "Range", "Bereik"),
    ("col_parameter", "Parameter", "Parameter"),
    ("col_attribute", "Attribute", "Kenmerk"),
    ("default_is", "default {0}", "standaard {0}"),
    ("range_to", "{0} to {1}", "{0} tot {1}"),
    ("value_none", "none", "geen"),
    ("value_yes", "yes", "ja"),
    ("value_no", "no", "nee"),
    ("value_required", "required", "verplicht"),
    // Between the items of a list of values (in Dutch a comma is the decimal mark).
    ("list_separator", ", ", "; "),
    (
        "varied_values_n",
        "{0} values, {1} … {2}",
        "{0} waarden, {1} … {2}",
    ),
    ("model_parameters", "Model parameters", "Modelparameters"),
    (
        "all_params_default",
        "All {0} model parameters are at their defaults (`orgsim params` lists them).",
        "Alle {0} modelparameters staan op hun standaardwaarde (`orgsim params` geeft ze).",
    ),
    (
        "params_differ",
        "The parameters below differ from their defaults; the other {0} are at their defaults (`orgsim params` lists them all).",
        "De parameters hieronder wijken af van hun standaardwaarde; de andere {0} staan op hun standaardwaarde (`orgsim params` geeft ze allemaal).",
    ),
    (
        "workforce_groups",
        "Workforce groups",
        "Groepen medewerkers",
    ),
    (
        "workforce_group_n",
        "Workforce group {0}",
        "Groep medewerkers {0}",
    ),
    ("workforce_of", "Workforce {0}: {1}", "Groep {0}: {1}"),
    ("parameter_named", "Parameter {0}", "Parameter {0}"),
    ("the_scenarios", "The scenarios", "De scenario's"),
    ("no_description", "no description", "geen beschrijving"),
    (
        "settings_differ",
        "Settings that differ",
        "Instellingen die verschillen",
    ),
    (
        "same_settings",
        "The scenarios have the same settings; only their interventions or shocks differ (see above).",
        "De scenario's hebben dezelfde instellingen; alleen hun interventies of schokken verschillen (zie hierboven).",
    ),
    (
        "bold_differs",
        "Bold: differs from {0}.",
        "Vet: wijkt af van {0}.",
    ),
    (
        "settings_shared",
        "Settings the scenarios share",
        "Instellingen die de scenario's delen",
    ),
    (
        "params_not_listed",
        "Model parameters not listed are at their defaults in every scenario (`orgsim params` lists all {0}).",
        "Modelparameters die hier niet staan, hebben in elk scenario hun standaardwaarde (`orgsim params` geeft alle {0}).",
    ),
    ("section_run", "Run", "Doorrekening"),
    ("section_organisation", "Organisation", "Organisatie"),
    ("section_management", "Management", "Leiderschap"),
    ("section_knowledge", "Knowledge", "Kennis"),
    ("section_environment", "Environment", "Omgeving"),
    // Provenance.
    (
        "provenance_intro",
        "What produced these results, from `manifest.json`. The same orgsim version, command and seed give the same numbers, whatever the number of threads.",
        "Wat deze resultaten voortbracht, uit `manifest.json`. Dezelfde versie van orgsim, dezelfde opdracht en hetzelfde startgetal geven dezelfde getallen, bij elk aantal threads.",
    ),
    ("prov_version", "orgsim version", "versie van orgsim"),
    ("prov_command", "Command line", "Opdrachtregel"),
    ("prov_seed", "Seed", "Startgetal"),
    ("prov_threads", "Threads", "Threads"),
    ("prov_replications", "Replications", "Replicaties"),
    ("prov_started", "Started", "Gestart"),
    ("prov_finished", "Finished", "Klaar"),
    ("prov_outputs", "Output files", "Uitvoerbestanden"),
    ("prov_this_page", "(this page)", "(deze pagina)"),
    ("prov_scenario", "scenario {0}", "scenario {0}"),
    ("prov_design", "design", "ontwerp"),
    (
        "prov_design_text",
        "{0} points × {1} replications = {2} runs; varied: {3}",
        "{0} punten × {1} replicaties = {2} runs; gevarieerd: {3}",
    ),
    ("prov_base", "base scenario", "basisscenario"),
    (
        "prov_base_overrides",
        "base overrides",
        "aanpassingen van het basisscenario",
    ),
    ("prov_output_kept", "output kept", "bewaarde uitvoer"),
    (
        "prov_output_kept_text",
        "metrics: {0}; every {1} month(s)",
        "maatstaven: {0}; elke {1} maand(en)",
    ),
    ("prov_all_metrics", "all", "alle"),
    (
        "sweep_lede",
        "{0} points varying {1}, starting from the scenario “{2}”{3}",
        "{0} punten die {1} variëren, vanuit het scenario “{2}”{3}",
    ),
    (
        "sweep_lede_no_base",
        "{0} points varying {1}.",
        "{0} punten die {1} variëren.",
    ),
    (
        "base_unreadable",
        "The base scenario ({0}) could not be read back, so its settings are not shown: {1}",
        "Het basisscenario ({0}) kon niet opnieuw worden gelezen, dus de instellingen ervan staan hier niet: {1}",
    ),
    (
        "prov_results_in",
        "{0} → results in {1}/",
        "{0} → resultaten in {1}/",
    ),
    // Cumulative costs by category.
    (
        "costs_title",
        "Cumulative costs by category",
        "Cumulatieve kosten per categorie",
    ),
    (
        "costs_intro",
        "Summed over months 1–{0}, means over replications, in output units: programmes (managers' programme time, coaching and action learning), hiring, one-off innovation costs, and the subsidies others paid towards programmes, which the total leaves out.",
        "Opgeteld over maand 1–{0}, gemiddelden over replicaties, in productie-eenheden: programma's (programmatijd van leidinggevenden, coaching en actieleren), werving, eenmalige kosten van innovaties, en de subsidies die anderen aan programma's betaalden, die het totaal niet meetelt.",
    ),
    ("cost_programme", "Programmes", "Programma's"),
    ("cost_hiring", "Hiring", "Werving"),
    ("cost_innovation", "Innovation", "Innovatie"),
    ("cost_subsidy", "Subsidies", "Subsidies"),
    ("cost_total", "Total cost", "Totale kosten"),
    // The differences figure.
    (
        "diff_title",
        "Differences to “{0}” with 95% confidence intervals",
        "Verschillen met “{0}” met 95%-betrouwbaarheidsintervallen",
    ),
    (
        "diff_description",
        "Paired differences of {0} to {1} for {2}, at month {3} and averaged over the run",
        "Gepaarde verschillen van {0} met {1} voor {2}, in maand {3} en gemiddeld over de run",
    ),
    (
        "diff_subtitle",
        "Each scenario minus {0}, replication by replication ({1} paired replications, common random numbers); dot: mean difference, whiskers: 95% CI",
        "Elk scenario min {0}, replicatie voor replicatie ({1} gepaarde replicaties, dezelfde toevalsgetallen); stip: gemiddeld verschil, snorharen: 95%-interval",
    ),
    ("diff_at_month", "at month {0}", "in maand {0}"),
    (
        "diff_mean_over",
        "mean over months 1–{0}",
        "gemiddeld over maand 1–{0}",
    ),
    ("diff_axis", "difference ({0})", "verschil ({0})"),
    (
        "fig_sweep_title",
        "Sweep “{0}”: {1} points over {2} months",
        "Verkenning “{0}”: {1} punten over {2} maanden",
    ),
    ("fig_scenario", "Scenario “{0}”", "Scenario “{0}”"),
];

/// Intervention kinds in Dutch, in the SER's words where they have one (English: the kind's
/// name with spaces).
pub(super) const INTERVENTIONS_NL: &[(&str, &str)] = &[
    ("coaching_programme", "programma coachend leiderschap"),
    ("action_learning", "actieleren"),
    ("idea_time", "ideeëntijd (sociale innovatie)"),
    (
        "self_organising_teams",
        "zelforganiserende teams (regelmogelijkheden)",
    ),
    ("technical_innovation", "technische innovatie"),
    ("external_support", "ondersteuning van buiten"),
    ("manager_style", "leiderschapsstijl"),
];

/// Metric units in Dutch (English: the unit as declared).
pub(super) const UNITS_NL: &[(&str, &str)] = &[
    ("output per slot", "productie per plaats"),
    ("share", "aandeel"),
    ("0-1", "0–1"),
    ("employees", "medewerkers"),
    ("employees/month", "medewerkers per maand"),
    ("ideas/month", "ideeën per maand"),
    ("output units/month", "productie-eenheden per maand"),
    ("0=control 1=coaching", "0 = controlerend, 1 = coachend"),
    ("correlation", "correlatie"),
];

/// What the headline metrics mean, in Dutch (others keep their declared English meaning).
pub(super) const MEANINGS_NL: &[(&str, &str)] = &[
    (
        "performance",
        "totale productie / aantal plaatsen (lege plaatsen produceren 0)",
    ),
    (
        "agility",
        "aandeel van de marktveranderingen van de laatste 12 maanden dat de code nu volgt",
    ),
    (
        "retention",
        "1 − vertrek in de laatste 12 maanden / gemiddelde bezetting in die maanden",
    ),
    ("engagement", "gemiddelde betrokkenheid van medewerkers"),
    (
        "trust",
        "gemiddeld vertrouwen van medewerkers in hun leidinggevende",
    ),
    ("skill", "gemiddeld vakmanschap van medewerkers"),
    (
        "autonomy",
        "gemiddelde regelmogelijkheden die medewerkers krijgen",
    ),
    ("headcount", "bezette plaatsen aan het eind van de maand"),
    ("net_value", "waarde van de totale productie min de kosten"),
    (
        "cost",
        "kosten van programma's, werving en innovatie deze maand, na subsidies",
    ),
];
