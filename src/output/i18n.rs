//! The languages of the report and its figures: English and Dutch. One table of the fixed
//! strings of the page's new sections (summary, net value and pay-back, workforce groups), its
//! headings and masthead, its metric names, the trust box and the overview figure's labels,
//! each in both languages; and the one way the
//! page formats a number, a signed number, a percentage and a share in each language (Dutch:
//! decimal comma, as in "12,3%").
//!
//! The Dutch terms follow the SER's advice on social innovation where they belong (sociale
//! innovatie, regelmogelijkheden for autonomy, coachend leiderschap for coaching-style
//! management, terugverdientijd for the pay-back time).

mod discovery;
mod figures;
mod keys_nl;
mod page;
mod parameters_nl;
mod sections;

/// A language of the report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Nl,
}

/// Every table of fixed strings, (key, English, Dutch), searched in order by [`Lang::t`].
/// A part of the page with many strings of its own keeps them in its own submodule and adds
/// its table here.
const TABLES: &[&[(&str, &str, &str)]] = &[
    TEXTS,
    page::PAGE_TEXTS,
    sections::SECTION_TEXTS,
    figures::FIGURE_TEXTS,
    discovery::DISCOVERY_TEXTS,
];

/// Every fixed string of every table.
fn all_texts() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    TABLES.iter().flat_map(|table| table.iter())
}

/// (key, English, Dutch): the fixed strings of the summary, pay-back, groups, masthead and
/// economy sections.
const TEXTS: &[(&str, &str, &str)] = &[
    ("economy", "A sector and a region", "Sector en regio"),
    (
        "econ_adoption_title",
        "Adoption of the programme by sector",
        "Adoptie van het programma per sector",
    ),
    (
        "econ_regions_title",
        "Regions: adoption and employment",
        "Regio's: adoptie en werkgelegenheid",
    ),
    (
        "econ_policy_title",
        "Adoption under each policy",
        "Adoptie onder elk beleid",
    ),
    ("econ_adoption_share", "Adoption share", "Aandeel adopters"),
    (
        "econ_employment_index",
        "Employment (month 0 = 100)",
        "Werkgelegenheid (maand 0 = 100)",
    ),
    ("econ_whole_economy", "whole economy", "hele economie"),
    (
        "econ_share_axis",
        "share of organisations (0–1)",
        "aandeel organisaties (0–1)",
    ),
    ("econ_index_axis", "index", "index"),
    ("econ_to", "to", "tot"),
    ("econ_sector", "Sector", "Sector"),
    ("econ_region", "Region", "Regio"),
    ("econ_area", "Area", "Gebied"),
    ("econ_policy", "Policy", "Beleid"),
    ("econ_employment", "Employment", "Werkgelegenheid"),
    (
        "econ_output_per_employee",
        "Output per employee",
        "Productie per werknemer",
    ),
    (
        "econ_spending",
        "Programme spending (total)",
        "Programma-uitgaven (totaal)",
    ),
    (
        "econ_subsidy",
        "Subsidy paid (total)",
        "Betaalde subsidie (totaal)",
    ),
    ("econ_ever_column", "Ever adopted", "Ooit ingevoerd"),
    (
        "econ_half_column",
        "Half of adopters by month",
        "Helft van de adopters in maand",
    ),
    ("econ_illustrative_label", "Illustrative.", "Illustratief."),
    (
        "econ_intro",
        "What a population of organisations did: how far the social-innovation programme spread by sector and region, and what it did to employment and output. The sectors' and regions' settings and the adoption rules are judgement, not data: compare policies and read the mechanisms, do not read the levels as forecasts.",
        "Wat een populatie van organisaties deed: hoe ver het programma voor sociale innovatie zich per sector en regio verspreidde, en wat het deed met werkgelegenheid en productie. De instellingen van sectoren en regio's en de regels voor adoptie zijn op oordeel gezet, niet op data: vergelijk beleid en lees de mechanismen, lees de niveaus niet als voorspellingen.",
    ),
    ("econ_by_month", "By month", "In maand"),
    (
        "econ_running",
        "of organisations were running the programme",
        "van de organisaties voerde het programma uit",
    ),
    ("econ_ever", "had ever adopted", "had het ooit ingevoerd"),
    (
        "econ_half_by_month",
        "half of the eventual adopters had adopted by month",
        "de helft van de uiteindelijke adopters had het ingevoerd in maand",
    ),
    (
        "econ_no_adopters",
        "no organisation adopted",
        "geen organisatie voerde het in",
    ),
    (
        "econ_policies_intro",
        "Each policy in the whole economy at month",
        "Elk beleid in de hele economie in maand",
    ),
    (
        "econ_policies_paired",
        "(means over replications; below each, the paired difference to the first policy with its 95% interval: replication r of every policy starts from the same organisations).",
        "(gemiddelden over replicaties; daaronder het gepaarde verschil met het eerste beleid en het 95%-interval: replicatie r van elk beleid begint met dezelfde organisaties).",
    ),
    (
        "econ_trust_note",
        "How far to trust these numbers: see the box at the top of this page. Programme spending and subsidies are in the model's output units.",
        "Hoeveel vertrouwen deze cijfers verdienen: zie het kader bovenaan deze pagina. Programma-uitgaven en subsidies staan in de productie-eenheden van het model.",
    ),
    (
        "econ_illustrative_short",
        "illustrative numbers, not forecasts",
        "illustratieve cijfers, geen voorspellingen",
    ),
    ("html_lang", "en", "nl"),
    ("summary", "Summary", "Samenvatting"),
    ("results", "Headline results", "Belangrijkste uitkomsten"),
    (
        "reading",
        "How to read this report",
        "Zo leest u dit rapport",
    ),
    ("figures", "Figures", "Figuren"),
    (
        "payoff",
        "Net value and pay-back",
        "Netto waarde en terugverdientijd",
    ),
    ("groups", "Workforce groups", "Groepen medewerkers"),
    (
        "sensitivity",
        "Which choices matter most?",
        "Welke keuzes wegen het zwaarst?",
    ),
    ("discovery", "Scenario discovery", "Scenario-ontdekking"),
    (
        "timeline",
        "Interventions and shocks",
        "Interventies en schokken",
    ),
    (
        "settings",
        "Scenario settings",
        "Instellingen van de scenario's",
    ),
    ("provenance", "Provenance", "Herkomst"),
    ("contents", "Contents", "Inhoud"),
    ("figure", "Figure", "Figuur"),
    ("kind_run", "Scenario run", "Scenario"),
    (
        "kind_compare",
        "Scenario comparison",
        "Vergelijking van scenario's",
    ),
    ("kind_sweep", "Parameter sweep", "Parameterverkenning"),
    ("author", "Prepared by", "Opgesteld door"),
    ("organisation", "For", "Voor"),
    ("date", "Date", "Datum"),
    ("report", "orgsim report", "orgsim-rapport"),
    (
        "footer",
        "Written by orgsim from the files in this folder. The numbers are model outcomes under the stated assumptions, not forecasts.",
        "Geschreven door orgsim uit de bestanden in deze map. De getallen zijn uitkomsten van het model onder de genoemde aannames, geen voorspellingen.",
    ),
    ("raises", "raises", "verhoogt"),
    ("lowers", "lowers", "verlaagt"),
    (
        "no_clear_change",
        "does not clearly change {0}",
        "verandert {0} niet duidelijk",
    ),
    ("by", "by", "met"),
    ("at_month", "at month", "in maand"),
    ("compared_with", "compared with", "ten opzichte van"),
    ("versus", "vs", "tegenover"),
    ("ahead_in", "ahead in", "voor in"),
    ("of_runs", "of the runs", "van de runs"),
    (
        "pays_back_in",
        "pays back in month",
        "verdient zich terug in maand",
    ),
    ("runs_range", "5–95% of the runs", "5–95% van de runs"),
    ("within", "within", "binnen"),
    ("months", "months", "maanden"),
    ("in_share", "in", "in"),
    (
        "never_pays",
        "never pays back within the horizon in",
        "verdient zich binnen de horizon niet terug in",
    ),
    (
        "never_behind",
        "is never behind on cumulative net value: there is nothing to pay back.",
        "staat nooit achter op cumulatieve netto waarde: er valt niets terug te verdienen.",
    ),
    (
        "no_break_even",
        "does not pay back within the horizon in any run.",
        "verdient zich in geen enkele run binnen de horizon terug.",
    ),
    (
        "summary_note",
        "Percentage changes compare the scenario's mean with the reference's over the same replications (delta-method 95% interval); “ahead in” counts replications where the scenario is strictly higher (Wilson 95% interval); the pay-back month is the first month from which cumulative net value stays at or above the reference's (median and 5–95% of the runs that pay back).",
        "Procentuele veranderingen vergelijken het gemiddelde van het scenario met dat van de referentie over dezelfde replicaties (95%-interval met de deltamethode); “ligt voor in” telt de replicaties waarin het scenario strikt hoger uitkomt (95%-interval volgens Wilson); de terugverdientijd is de eerste maand vanaf welke de cumulatieve netto waarde op of boven die van de referentie blijft (mediaan en 5–95% van de runs die zich terugverdienen).",
    ),
    ("run_ends", "ends at", "eindigt op"),
    (
        "run_cumulative",
        "Cumulative net value over the whole period",
        "De cumulatieve netto waarde over de hele periode",
    ),
    ("reaches", "reaches", "bereikt"),
    (
        "cumulative_caption",
        "Cumulative net value by month (sum of monthly net value from month 1), mean over replications with its 95% interval; the y-axis starts at zero.",
        "Cumulatieve netto waarde per maand (som van de maandelijkse netto waarde vanaf maand 1), gemiddelde over replicaties met 95%-interval; de y-as begint bij nul.",
    ),
    (
        "difference_caption",
        "Cumulative net value minus the reference's, paired by replication, with its 95% interval; the dashed line marks the median pay-back month.",
        "Cumulatieve netto waarde min die van de referentie, per replicatie gepaard, met 95%-interval; de gestippelde lijn is de mediane terugverdientijd.",
    ),
    ("month", "month", "maand"),
    ("scenario", "Scenario", "Scenario"),
    ("group", "Group", "Groep"),
    ("headcount", "Headcount", "Bezetting"),
    ("engagement", "Engagement", "Betrokkenheid"),
    ("retention", "Retention", "Behoud"),
    (
        "mean_ci",
        "mean [95% interval]",
        "gemiddelde [95%-interval]",
    ),
    (
        "payback_month",
        "Pay-back month",
        "Terugverdientijd (maand)",
    ),
    ("median", "median", "mediaan"),
    ("paid_back_within", "Pays back within", "Terug binnen"),
    ("never", "Never within horizon", "Nooit binnen horizon"),
    ("p_better", "P(ahead)", "P(voor)"),
    ("pct_change", "Change", "Verandering"),
    ("outcome", "Outcome", "Uitkomst"),
    (
        "success_title",
        "How often each scenario ends ahead",
        "Hoe vaak elk scenario vooraan eindigt",
    ),
    (
        "payback_title",
        "When each scenario pays back",
        "Wanneer elk scenario zich terugverdient",
    ),
    (
        "groups_intro",
        "Each workforce group at the last month: mean over replications with its 95% interval (from groups.csv).",
        "Elke groep medewerkers in de laatste maand: gemiddelde over replicaties met 95%-interval (uit groups.csv).",
    ),
    (
        "no_groups",
        "This results folder has no groups.csv with workforce groups.",
        "Deze map met resultaten bevat geen groups.csv met groepen medewerkers.",
    ),
    (
        "no_net_value",
        "These results hold no net value (run with the net_value metric to see cumulative net value and pay-back).",
        "Deze resultaten bevatten geen netto waarde (neem de metriek net_value op om cumulatieve netto waarde en terugverdientijd te zien).",
    ),
    (
        "success_intro",
        "For each scenario against the reference, over replications paired by common random numbers: how often it ends ahead (Wilson 95% interval) and the change of its mean in percent (delta-method 95% interval). With fixed coefficients these probabilities measure how often a scenario wins against the model's own noise, not how sure one can be of its assumptions.",
        "Voor elk scenario tegenover de referentie, over replicaties gepaard met dezelfde toevalsgetallen: hoe vaak het vooraan eindigt (95%-interval volgens Wilson) en de verandering van het gemiddelde in procenten (95%-interval met de deltamethode). Met vaste coëfficiënten meten deze kansen hoe vaak een scenario wint van de ruis van het model zelf, niet hoe zeker de aannames zijn.",
    ),
    (
        "cumulative_net_value",
        "Cumulative net value",
        "Cumulatieve netto waarde",
    ),
    ("fig_over", "over", "gedurende"),
    ("fig_mean_of", "Mean of", "Gemiddelde van"),
    (
        "fig_replications_per_month",
        "replications per month",
        "replicaties per maand",
    ),
    (
        "fig_shaded_ci",
        "shaded: 95% confidence interval",
        "gearceerd: 95%-betrouwbaarheidsinterval",
    ),
    (
        "fig_dark_band",
        "dark band: where the mean lies (95%)",
        "donkere band: waar het gemiddelde ligt (95%)",
    ),
    (
        "fig_light_band",
        "light band, dashed edges: where",
        "lichte band, gestippelde randen: waar",
    ),
    (
        "fig_of_single_runs_lie",
        "of single runs lie",
        "van de afzonderlijke runs ligt",
    ),
    (
        "fig_mean_and_ci",
        "mean and 95% CI",
        "gemiddelde en 95%-interval",
    ),
    (
        "fig_of_single_runs",
        "of single runs",
        "van de afzonderlijke runs",
    ),
    ("fig_single_run", "single run", "afzonderlijke run"),
    ("fig_single_runs", "single runs", "afzonderlijke runs"),
    ("fig_each", " each", " per scenario"),
    (
        "fig_markers_note",
        "; dashed lines, numbered in every panel: when interventions start and end and shocks hit",
        "; gestippelde lijnen, genummerd in elk paneel: wanneer interventies beginnen en eindigen en schokken optreden",
    ),
    ("fig_unit_share", "share (0–1)", "aandeel (0–1)"),
    ("fig_unit_scale", "scale 0–1", "schaal 0–1"),
    ("fig_cut", "cut, not from 0", "afgekapt, niet vanaf 0"),
    ("fig_no_data", "no data", "geen gegevens"),
    ("fig_by_month_for", "by month for", "per maand voor"),
    ("fig_mean_of_lower", "mean of", "gemiddelde van"),
    (
        "fig_replications_with_band",
        "replications with 95% confidence band",
        "replicaties met 95%-betrouwbaarheidsband",
    ),
    (
        "trust_title",
        "How far to trust these numbers",
        "Hoe ver u deze getallen kunt vertrouwen",
    ),
];

/// Metric names in Dutch (English names come from the metric's name).
const METRIC_NAMES_NL: &[(&str, &str)] = &[
    ("performance", "Prestatie"),
    ("agility", "Wendbaarheid"),
    ("retention", "Behoud van personeel"),
    ("alignment", "Afstemming"),
    ("code_knowledge", "Kennis in de organisatiecode"),
    ("knowledge", "Kennis"),
    ("skill", "Vakmanschap"),
    ("trust", "Vertrouwen"),
    ("autonomy", "Regelmogelijkheden"),
    ("engagement", "Betrokkenheid"),
    ("manager_style", "Coachend leiderschap (stijl)"),
    ("headcount", "Bezetting"),
    ("quits", "Vertrek"),
    ("hires", "Aanwervingen"),
    ("cost", "Kosten"),
    ("programme_cost", "Programmakosten"),
    ("hiring_cost", "Wervingskosten"),
    ("innovation_cost", "Innovatiekosten"),
    ("subsidy", "Subsidie"),
    ("net_value", "Netto waarde"),
    ("net_value_cumulative", "Cumulatieve netto waarde"),
    ("tech_adoption", "Adoptie van technische innovatie"),
];

/// The trust box in Dutch: (label, text) in the order of `trust_box::KINDS`.
pub const TRUST_NL: &[(&str, &str)] = &[
    (
        "Gekalibreerd",
        "Het jaarlijkse verloop onder controlerend leiderschap, hoeveel coachend leiderschap het verlaagt, de prestatiewinst van coaching na vijf jaar, de verschuivingen van betrokkenheid en vertrouwen in standaarddeviaties van individuen en hun samenhang met vertrek zijn gefit op gepubliceerde effectgroottes (acht coëfficiënten, met approximate Bayesian computation). docs/CALIBRATION.md noemt elk doel, de bron en de fit. Gefit is niet gevalideerd: deze doelen kunnen het model niet ook bevestigen.",
    ),
    (
        "Gevalideerd",
        "De kern van het kennismodel (March 1991: socialisatie, verloop, turbulentie) reproduceert Figuur 1 van dat artikel binnen de Monte-Carlo-fout (docs/VALIDATION.md).",
    ),
    (
        "Illustratief",
        "Al het andere is op oordeel gezet, niet op data: kosten en waarden in productie-eenheden, de effecten van programma's (training in coachend leiderschap, actieleren, ideeëntijd, zelforganiserende teams, ondersteuning van buiten), technische innovaties, sectorinstellingen en schokken. Gebruik de uitkomsten om scenario's te vergelijken en te zien hoe de mechanismen werken; lees de niveaus niet als voorspellingen.",
    ),
    (
        "Intervallen",
        "Een 95%-interval is het Monte-Carlo-interval van een gemiddelde over replicaties met alle coëfficiënten vast: het krimpt met meer replicaties en zegt niets over hoe zeker de coëfficiënten zelf zijn.",
    ),
];

impl Lang {
    /// The language of a `--lang` code (`en`, `nl`).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "nl" => Some(Lang::Nl),
            _ => None,
        }
    }

    /// The language's code, as `--lang` takes it and `xml:lang` marks it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// The fixed string `key` in this language (the key itself if the table lacks it, which a
    /// test rules out for every key the page uses).
    pub fn t(self, key: &'static str) -> &'static str {
        all_texts()
            .find(|(k, _, _)| *k == key)
            .map_or(key, |(_, en, nl)| match self {
                Lang::En => en,
                Lang::Nl => nl,
            })
    }

    /// The text `key` with `{0}`, `{1}`, ... replaced by `args` (plain text, not escaped).
    pub fn fill(self, key: &'static str, args: &[&str]) -> String {
        fill_in(self.t(key), args)
    }

    /// The text `key` as HTML: escaped, its `**bold**`, `*italic*` and `` `code` `` marked up,
    /// and `{0}`, `{1}`, ... replaced by `args`, escaped.
    pub fn rich(self, key: &'static str, args: &[&str]) -> String {
        let mut html = markup(&escape(self.t(key)));
        for (i, arg) in args.iter().enumerate() {
            html = html.replace(&format!("{{{i}}}"), &escape(arg));
        }
        html
    }

    /// `n` with the singular text `one` or the plural text `many` (`{0}` is the number).
    pub fn count(self, n: u64, one: &'static str, many: &'static str) -> String {
        self.fill(if n == 1 { one } else { many }, &[&n.to_string()])
    }

    /// An intervention kind (`coaching_programme`) as the page names it.
    pub fn intervention(self, kind: &str) -> String {
        match self {
            Lang::Nl => page::INTERVENTIONS_NL
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or_else(|| kind.replace('_', " "), |(_, nl)| (*nl).to_string()),
            Lang::En => kind.replace('_', " "),
        }
    }

    /// A metric's unit as the page shows it.
    pub fn unit(self, unit: &str) -> String {
        match self {
            Lang::Nl => page::UNITS_NL
                .iter()
                .find(|(k, _)| *k == unit)
                .map_or(unit, |(_, nl)| nl)
                .to_string(),
            Lang::En => unit.to_string(),
        }
    }

    /// What a metric means, in this language where the table has it (else as declared).
    pub fn meaning(self, metric: &str, declared: &str) -> String {
        match self {
            Lang::Nl => page::MEANINGS_NL
                .iter()
                .find(|(k, _)| *k == metric)
                .map_or(declared, |(_, nl)| nl)
                .to_string(),
            Lang::En => declared.to_string(),
        }
    }

    /// A scenario key's label (`organisation.team_size` → "Team size", "Teamgrootte"):
    /// `table` as `crate::scenario::KeyInfo` names it (`""` for the top level). A name several
    /// intervention kinds declare has one label.
    pub fn key_label(self, table: &str, name: &str) -> String {
        if self == Lang::Nl
            && let Some(label) = keys_nl::label(table, name)
        {
            return label.to_string();
        }
        capitalised(&name.replace(['_', '-'], " "))
    }

    /// What a scenario key means, in this language where the table has it (else as declared).
    /// `declared` is the key's English meaning (`KeyInfo::meaning`): where several intervention
    /// kinds declare the same name (`share_of_managers`), it selects the kind.
    pub fn key_meaning(self, table: &str, name: &str, declared: &str) -> String {
        match self {
            Lang::Nl => keys_nl::meaning(table, name, declared)
                .unwrap_or(declared)
                .to_string(),
            Lang::En => declared.to_string(),
        }
    }

    /// What a model coefficient (`[parameters]`) means, in this language where the table has
    /// it (else as declared).
    pub fn parameter_meaning(self, name: &str, declared: &str) -> String {
        match self {
            Lang::Nl => parameters_nl::PARAMETERS_NL
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(declared, |(_, nl)| nl)
                .to_string(),
            Lang::En => declared.to_string(),
        }
    }

    /// The months an intervention acts in, as one phrase shared by the figures and the report
    /// (so a figure's label and the report's table never disagree). An intervention's `month`
    /// is the first month it acts in and its `end_month` the first it no longer acts in:
    /// "months 6–29" (`end` 30), "month 6" (`end` 7), "months 6–60 (to the end)" without an
    /// end and a horizon of 60, "from month 6" with neither; in Dutch "maand 6–29", ...
    pub fn acting_months(self, start: u32, end: Option<u32>, horizon: Option<u32>) -> String {
        let (s, e) = (
            start.to_string(),
            end.map(|e| e.saturating_sub(1).to_string()),
        );
        match (end, horizon) {
            (Some(end), _) if end > start.saturating_add(1) => {
                self.fill("acting_months", &[&s, e.as_deref().unwrap_or("")])
            }
            (Some(_), _) => self.fill("acting_month", &[&s]),
            (None, Some(h)) if h > start => self.fill("acting_to_end", &[&s, &h.to_string()]),
            (None, Some(_)) => self.fill("acting_month", &[&s]),
            (None, None) => self.fill("acting_from", &[&s]),
        }
    }

    /// A metric's (or outcome's) name as the page shows it: "Net value", "Netto waarde".
    pub fn metric(self, name: &str) -> String {
        if self == Lang::Nl
            && let Some((_, nl)) = METRIC_NAMES_NL.iter().find(|(k, _)| *k == name)
        {
            return (*nl).to_string();
        }
        let spaced = if name == "net_value_cumulative" {
            "cumulative net value".to_string()
        } else {
            name.replace(['_', '-'], " ")
        };
        capitalised(&spaced)
    }

    /// `x` with `decimals` decimals, a true minus sign, and the language's decimal mark; an en
    /// dash for NaN. The one formatter of the translated sections for numbers of one kind.
    pub fn number(self, x: f64, decimals: usize) -> String {
        self.format(x, decimals, false)
    }

    /// As [`Lang::number`] with a sign always shown (`+0.15`, `−0.09`).
    pub fn signed(self, x: f64, decimals: usize) -> String {
        self.format(x, decimals, true)
    }

    /// A percentage with one decimal and a sign: `+12.3%`, `+12,3%`.
    pub fn percent_change(self, pct: f64) -> String {
        if pct.is_nan() {
            return "–".into();
        }
        format!("{}%", self.signed(pct, 1))
    }

    /// A share (0..=1) as a whole percentage: `71%`.
    pub fn share(self, p: f64) -> String {
        if p.is_nan() {
            return "–".into();
        }
        format!("{}%", self.number(100.0 * p, 0))
    }

    fn format(self, x: f64, decimals: usize, signed: bool) -> String {
        if x.is_nan() {
            return "–".into();
        }
        // Round first so that −0.0004 shown with 3 decimals is 0.000, not −0.000.
        let scale = 10f64.powi(decimals as i32);
        let rounded = (x * scale).round() / scale;
        let rounded = if rounded == 0.0 { 0.0 } else { rounded };
        let mut text = format!("{:.*}", decimals, rounded.abs());
        if self == Lang::Nl {
            text = text.replace('.', ",");
        }
        if rounded < 0.0 {
            format!("−{text}")
        } else if signed && rounded != 0.0 {
            format!("+{text}")
        } else {
            text
        }
    }
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn fill_in(text: &str, args: &[&str]) -> String {
    let mut out = text.to_string();
    for (i, arg) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), arg);
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `**b**`, `*i*` and `` `c` `` as `<b>`, `<i>` and `<code>`.
fn markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 32);
    let (mut bold, mut italic, mut code) = (false, false, false);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' => {
                out.push_str(if code { "</code>" } else { "<code>" });
                code = !code;
            }
            '*' if !code && chars.peek() == Some(&'*') => {
                chars.next();
                out.push_str(if bold { "</b>" } else { "<b>" });
                bold = !bold;
            }
            '*' if !code => {
                out.push_str(if italic { "</i>" } else { "<i>" });
                italic = !italic;
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique_and_translated() {
        let all: Vec<_> = all_texts().collect();
        for (i, (key, en, nl)) in all.iter().enumerate() {
            assert!(!en.is_empty() && !nl.is_empty(), "{key}");
            assert!(all[i + 1..].iter().all(|(k, _, _)| k != key), "{key} twice");
            // The same placeholders in both languages.
            for p in 0..4 {
                let ph = format!("{{{p}}}");
                assert_eq!(en.contains(&ph), nl.contains(&ph), "{key}: {ph}");
            }
            assert!(!en.contains(['<', '>', '&']) && !nl.contains(['<', '>', '&']));
        }
        assert_eq!(TRUST_NL.len(), crate::output::trust_box::KINDS.len());
    }

    /// Every key the page's code asks for (`t("key")` in the report's sources) is in the table.
    #[test]
    fn every_key_used_is_in_the_table() {
        let sources = [
            include_str!("report.rs"),
            include_str!("report/masthead.rs"),
            include_str!("report/payoff.rs"),
            include_str!("report/story.rs"),
            include_str!("report/results.rs"),
            include_str!("figures/timeseries.rs"),
            include_str!("figures/economy.rs"),
            include_str!("report/economy.rs"),
            include_str!("figures/compare.rs"),
            include_str!("figures/read.rs"),
            include_str!("figures/mod.rs"),
            include_str!("report/timeline.rs"),
            include_str!("report/settings.rs"),
            include_str!("report/html.rs"),
            include_str!("report/costs.rs"),
            include_str!("report/sensitivity.rs"),
            include_str!("report/discovery.rs"),
            include_str!("figures/sweep.rs"),
            include_str!("figures/sensitivity.rs"),
            include_str!("discover/findings.rs"),
            include_str!("figures/discover.rs"),
            include_str!("report/read.rs"),
            include_str!("report/sweep_data.rs"),
        ];
        let mut used = 0;
        for source in sources {
            for call in [".t(\"", ".fill(\"", ".rich(\"", ".count("] {
                for (i, _) in source.match_indices(call) {
                    let rest = &source[i + call.len()..];
                    // `count(n, "one", "many")`: the keys are the quoted words.
                    let keys: Vec<&str> = if call == ".count(" {
                        rest[..rest.find(')').unwrap_or(0)]
                            .split('"')
                            .skip(1)
                            .step_by(2)
                            .collect()
                    } else {
                        vec![&rest[..rest.find('"').unwrap()]]
                    };
                    for key in keys {
                        assert!(
                            all_texts().any(|(k, _, _)| *k == key),
                            "no text for `{key}`"
                        );
                        used += 1;
                    }
                }
            }
        }
        assert!(used > 100, "only {used} keys found");
    }

    #[test]
    fn numbers_in_both_languages() {
        assert_eq!(Lang::En.number(0.12345, 3), "0.123");
        assert_eq!(Lang::Nl.number(0.12345, 3), "0,123");
        assert_eq!(Lang::Nl.signed(-1234.5, 1), "−1234,5");
        assert_eq!(Lang::En.signed(-0.0004, 3), "0.000");
        assert_eq!(Lang::En.signed(0.0864, 3), "+0.086");
        assert_eq!(Lang::Nl.percent_change(12.34), "+12,3%");
        assert_eq!(Lang::En.share(0.705), "71%");
        assert_eq!(Lang::En.number(f64::NAN, 2), "–");
        assert_eq!(Lang::Nl.metric("autonomy"), "Regelmogelijkheden");
        assert_eq!(
            Lang::En.metric("net_value_cumulative"),
            "Cumulative net value"
        );
        assert_eq!(
            Lang::Nl.fill("no_clear_change", &["behoud van personeel"]),
            "verandert behoud van personeel niet duidelijk"
        );
        assert_eq!(Lang::from_code("NL"), Some(Lang::Nl));
        assert_eq!(Lang::from_code("de"), None);
        assert_eq!(
            Lang::Nl
                .rich("read_bands", &["90%"])
                .matches("<code>")
                .count(),
            3
        );
        assert_eq!(Lang::En.fill("fact_teams", &["20", "10"]), "20 teams of 10");
        assert_eq!(Lang::Nl.acting_months(6, Some(30), None), "maand 6–29");
        assert_eq!(Lang::En.acting_months(6, Some(30), Some(60)), "months 6–29");
        assert_eq!(Lang::En.acting_months(6, Some(7), None), "month 6");
        assert_eq!(
            Lang::En.acting_months(6, None, Some(60)),
            "months 6–60 (to the end)"
        );
        assert_eq!(Lang::En.acting_months(6, None, None), "from month 6");
        assert_eq!(
            Lang::Nl.intervention("idea_time"),
            "ideeëntijd (sociale innovatie)"
        );
    }
}
