//! The scenario keys in Dutch: for every key of `crate::scenario::schema` outside
//! `[parameters]`, its label and its meaning, as the report's settings appendix and timeline
//! show them with `--lang nl`. A single organisation's keys are here, the `[economy]` tables'
//! in `economy`; [`entries`] chains both.
//!
//! Each entry is (table, kind, key, Dutch label, Dutch meaning): `table` as `KeyInfo::table`
//! names it (`""` for the top level), `kind` the intervention kind of a kind-specific key (`""`
//! for every other key), so that `share_of_managers`, which two kinds declare with different
//! meanings, has one entry per kind. Code names in backticks are kept exactly as the English
//! meaning writes them; numbers take a decimal comma; the words follow the SER's vocabulary as
//! the rest of the page does (regelmogelijkheden, coachend leiderschap, vertrouwen,
//! betrokkenheid, verloop).

mod economy;

/// (table, kind, key, Dutch label, Dutch meaning).
pub(super) type KeyNl = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const IV: &str = "interventions";

/// A single organisation's keys, in the schema's order.
const KEYS_NL: &[KeyNl] = &[
    // Top level.
    (
        "",
        "",
        "name",
        "Naam",
        "naam van het scenario (standaard de bestandsnaam zonder extensie)",
    ),
    (
        "",
        "",
        "description",
        "Beschrijving",
        "vrije tekst die het scenario beschrijft",
    ),
    (
        "",
        "",
        "months",
        "Horizon in maanden",
        "hoeveel maanden worden doorgerekend (één stap is één maand)",
    ),
    (
        "",
        "",
        "warmup_months",
        "Inloopmaanden",
        "maanden die vóór maand 0 worden doorgerekend, zonder interventies of schokken en zonder ze te rapporteren, zodat maand 0 begint bij een organisatie die tot rust is gekomen (alleen in het volledige model)",
    ),
    (
        "",
        "",
        "replications",
        "Replicaties",
        "aantal onafhankelijke doorrekeningen, elk met eigen toevalsgetallen",
    ),
    (
        "",
        "",
        "seed",
        "Startgetal",
        "startgetal van de toevalsgetallen; hetzelfde startgetal geeft dezelfde uitkomsten",
    ),
    // [organisation]
    (
        "organisation",
        "",
        "teams",
        "Teams",
        "aantal teams, elk met één leidinggevende",
    ),
    (
        "organisation",
        "",
        "team_size",
        "Teamgrootte",
        "aantal plaatsen voor medewerkers per team",
    ),
    (
        "organisation",
        "",
        "initial_fill",
        "Bezetting bij de start",
        "aandeel van de plaatsen dat in maand 0 bezet is",
    ),
    // [[workforce]]
    (
        "workforce",
        "",
        "name",
        "Naam",
        "naam van de groep, gebruikt in de uitkomsten per groep",
    ),
    (
        "workforce",
        "",
        "share",
        "Aandeel",
        "aandeel van de nieuwe medewerkers dat uit deze groep komt (de aandelen tellen op tot 1)",
    ),
    (
        "workforce",
        "",
        "skill_mean",
        "Vakmanschap bij de start",
        "gemiddeld vakmanschap bij de start",
    ),
    (
        "workforce",
        "",
        "skill_sd",
        "Spreiding van het vakmanschap",
        "standaarddeviatie van het vakmanschap bij de start",
    ),
    (
        "workforce",
        "",
        "desired_autonomy_mean",
        "Gewenste regelmogelijkheden",
        "hoeveel regelmogelijkheden medewerkers gemiddeld willen",
    ),
    (
        "workforce",
        "",
        "desired_autonomy_sd",
        "Spreiding van de gewenste regelmogelijkheden",
        "standaarddeviatie van de regelmogelijkheden die medewerkers willen",
    ),
    (
        "workforce",
        "",
        "control_averse_share",
        "Aandeel dat controle slecht verdraagt",
        "aandeel medewerkers dat afhaakt onder controlerend leiderschap (Falk & Kosfeld)",
    ),
    (
        "workforce",
        "",
        "annual_quit_rate",
        "Jaarlijks verloop",
        "basiskans per jaar dat een medewerker vrijwillig vertrekt, bij een neutrale houding",
    ),
    // [management]
    (
        "management",
        "",
        "style_mean",
        "Gemiddelde stijl",
        "gemiddelde stijl van leidinggevenden bij de start (0 = controlerend, 1 = coachend)",
    ),
    (
        "management",
        "",
        "style_sd",
        "Spreiding van de stijl",
        "standaarddeviatie van de stijl bij de start",
    ),
    (
        "management",
        "",
        "coaching_skill_mean",
        "Coachvaardigheid",
        "gemiddelde coachvaardigheid van leidinggevenden bij de start",
    ),
    (
        "management",
        "",
        "coaching_skill_sd",
        "Spreiding van de coachvaardigheid",
        "standaarddeviatie van de coachvaardigheid",
    ),
    (
        "management",
        "",
        "trust_in_team",
        "Vertrouwen in het team",
        "vertrouwen van leidinggevenden in hun team bij de start",
    ),
    // [knowledge]
    (
        "knowledge",
        "",
        "mode",
        "Model",
        "`social`: het volledige model; `march1991`: alleen het kennismodel van March",
    ),
    (
        "knowledge",
        "",
        "dimensions",
        "Dimensies",
        "aantal dimensies van de opvattingen (m)",
    ),
    (
        "knowledge",
        "",
        "socialisation_rate",
        "Socialisatiesnelheid",
        "p1 van March: hoe snel mensen de organisatiecode leren",
    ),
    (
        "knowledge",
        "",
        "code_learning_rate",
        "Leersnelheid van de code",
        "p2 van March: hoe snel de organisatiecode leert van de besten",
    ),
    (
        "knowledge",
        "",
        "initial_code_alignment",
        "Afstemming van de code bij de start",
        "aandeel van de dimensies dat de organisatiecode in maand 0 juist kent",
    ),
    (
        "knowledge",
        "",
        "individuals",
        "Individuen",
        "model van March: aantal individuen (n)",
    ),
    (
        "knowledge",
        "",
        "turnover",
        "Vervanging",
        "model van March: p3, de kans per periode dat een individu wordt vervangen",
    ),
    (
        "knowledge",
        "",
        "fast_learner_share",
        "Aandeel snelle leerders",
        "model van March: aandeel snelle leerders (0 = iedereen leert even snel)",
    ),
    (
        "knowledge",
        "",
        "fast_socialisation_rate",
        "Socialisatiesnelheid van snelle leerders",
        "model van March: p1 van de snelle leerders",
    ),
    (
        "knowledge",
        "",
        "slow_socialisation_rate",
        "Socialisatiesnelheid van trage leerders",
        "model van March: p1 van de trage leerders",
    ),
    (
        "knowledge",
        "",
        "until_equilibrium",
        "Tot evenwicht",
        "model van March: doorrekenen tot er niets meer kan veranderen",
    ),
    // [environment]
    (
        "environment",
        "",
        "turbulence",
        "Turbulentie",
        "p4 van March: de kans per maand dat elke dimensie van de werkelijkheid omslaat",
    ),
    (
        "environment",
        "",
        "tightness",
        "Krapte op de arbeidsmarkt",
        "krapte op de arbeidsmarkt (0,5 is neutraal)",
    ),
    // [[environment.shocks]]
    (
        "environment.shocks",
        "",
        "month",
        "Maand",
        "maand van de schok (1 tot en met `months`)",
    ),
    (
        "environment.shocks",
        "",
        "severity",
        "Zwaarte",
        "aandeel van de dimensies van de werkelijkheid dat in één keer omslaat",
    ),
    // [[interventions]], every kind
    (IV, "", "kind", "Soort", "wat de interventie doet"),
    (
        IV,
        "",
        "month",
        "Startmaand",
        "eerste maand waarin de interventie werkt (0 tot en met `months`)",
    ),
    (
        IV,
        "",
        "end_month",
        "Eindmaand",
        "eerste maand waarin de interventie niet meer werkt (na `month`, hoogstens `months`)",
    ),
    // coaching_programme
    (
        IV,
        "coaching_programme",
        "target_style",
        "Doelstijl",
        "de stijl waar getrainde leidinggevenden naartoe groeien",
    ),
    (
        IV,
        "coaching_programme",
        "ramp_months",
        "Aanloopmaanden",
        "maanden tot de doelstijl is bereikt",
    ),
    (
        IV,
        "coaching_programme",
        "share_of_managers",
        "Aandeel leidinggevenden",
        "aandeel van de leidinggevenden dat de training volgt",
    ),
    (
        IV,
        "coaching_programme",
        "cost_per_manager_month",
        "Kosten per leidinggevende per maand",
        "kosten per getrainde leidinggevende per maand",
    ),
    (
        IV,
        "coaching_programme",
        "time_share",
        "Aandeel werktijd",
        "aandeel van de werktijd van het team dat het programma kost",
    ),
    // action_learning
    (
        IV,
        "action_learning",
        "hours_per_month",
        "Uren per maand",
        "uren actieleren per medewerker per maand",
    ),
    (
        IV,
        "action_learning",
        "cost_per_employee_month",
        "Kosten per medewerker per maand",
        "kosten van het actieleren per medewerker per maand",
    ),
    // idea_time
    (
        IV,
        "idea_time",
        "share",
        "Aandeel ideeëntijd",
        "aandeel van de werktijd dat wordt vrijgemaakt voor ideeën",
    ),
    // self_organising_teams
    (
        IV,
        "self_organising_teams",
        "autonomy_floor",
        "Minimale regelmogelijkheden",
        "regelmogelijkheden die elke medewerker ten minste krijgt",
    ),
    // technical_innovation
    (
        IV,
        "technical_innovation",
        "gain",
        "Productiewinst",
        "extra productie van een gebruiker die de innovatie volledig beheerst",
    ),
    (
        IV,
        "technical_innovation",
        "implementation",
        "Invoering",
        "invoering van bovenaf (`top_down`) of met de medewerkers samen (`participatory`)",
    ),
    (
        IV,
        "technical_innovation",
        "cost",
        "Eenmalige kosten",
        "kosten die de innovatie één keer met zich meebrengt",
    ),
    // external_support
    (
        IV,
        "external_support",
        "subsidy_share",
        "Aandeel subsidie",
        "aandeel van de programmakosten dat een subsidie of sectorfonds betaalt",
    ),
    // manager_style
    (
        IV,
        "manager_style",
        "style",
        "Stijl",
        "de stijl waarop de leidinggevenden worden gezet",
    ),
    (
        IV,
        "manager_style",
        "share_of_managers",
        "Aandeel leidinggevenden",
        "aandeel van de leidinggevenden van wie de stijl wordt gezet",
    ),
];

/// Every entry: a single organisation's keys, then the `[economy]` tables'.
pub(super) fn entries() -> impl Iterator<Item = &'static KeyNl> {
    KEYS_NL.iter().chain(economy::ECONOMY_KEYS_NL.iter())
}

/// The entries of key `name` in `table` (one per kind that declares it).
fn entries_of<'a>(table: &'a str, name: &'a str) -> impl Iterator<Item = &'static KeyNl> + 'a {
    let table = crate::scenario::schema::keys_table(table);
    entries().filter(move |(t, _, n, _, _)| *t == table && *n == name)
}

/// The Dutch label of key `name` of `table` (the same for every kind that declares it).
pub(super) fn label(table: &str, name: &str) -> Option<&'static str> {
    entries_of(table, name).next().map(|e| e.3)
}

/// The Dutch meaning of key `name` of `table` whose English meaning is `declared`: where
/// several intervention kinds declare the name, the kind whose meaning it is.
pub(super) fn meaning(table: &str, name: &str, declared: &str) -> Option<&'static str> {
    let kind = crate::scenario::schema::scenario_keys()
        .find(|k| {
            k.table == crate::scenario::schema::keys_table(table)
                && k.name == name
                && k.meaning == declared
        })
        .and_then(|k| k.kind)
        .unwrap_or("");
    entries_of(table, name)
        .find(|e| e.1 == kind)
        .or_else(|| entries_of(table, name).next())
        .map(|e| e.4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::schema::scenario_keys;

    /// The spans between backticks of `text`.
    fn code_spans(text: &str) -> Vec<&str> {
        text.split('`').skip(1).step_by(2).collect()
    }

    #[test]
    fn every_schema_key_has_exactly_one_dutch_entry() {
        let keys: Vec<_> = scenario_keys().collect();
        for key in &keys {
            let kind = key.kind.unwrap_or("");
            let found = entries()
                .filter(|(t, k, n, _, _)| *t == key.table && *k == kind && *n == key.name)
                .count();
            assert_eq!(found, 1, "{} ({kind}): {found} Dutch entries", key.path());
        }
        for (table, kind, name, _, _) in entries() {
            assert!(
                keys.iter()
                    .any(|k| k.table == *table && k.kind.unwrap_or("") == *kind && k.name == *name),
                "stale Dutch entry {table}.{name} ({kind})"
            );
        }
        assert_eq!(entries().count(), keys.len());
    }

    #[test]
    fn dutch_meanings_keep_the_code_and_differ_from_the_english() {
        for key in scenario_keys() {
            let nl = meaning(key.table, key.name, key.meaning).unwrap();
            let kind = key.kind.unwrap_or("");
            let entry = entries()
                .find(|(t, k, n, _, _)| *t == key.table && *k == kind && *n == key.name)
                .unwrap();
            assert_eq!(nl, entry.4, "{}: the meaning of another kind", key.path());
            assert_ne!(nl, key.meaning, "{}: not translated", key.path());
            assert_eq!(
                code_spans(nl),
                code_spans(key.meaning),
                "{}: code spans",
                key.path()
            );
            assert_eq!(nl.matches('`').count() % 2, 0, "{}", key.path());
            // Numbers outside code carry a decimal comma.
            let prose: String = nl.split('`').step_by(2).collect();
            let bytes = prose.as_bytes();
            assert!(
                !bytes
                    .windows(3)
                    .any(|w| w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit()),
                "{}: a decimal point in {nl:?}",
                key.path()
            );
            let label = label(key.table, key.name).unwrap();
            assert!(!label.is_empty() && !nl.is_empty(), "{}", key.path());
            assert!(
                label.chars().next().unwrap().is_uppercase(),
                "{}: {label}",
                key.path()
            );
        }
    }

    /// Within a table, two keys never share a label, and a key several kinds declare has one.
    #[test]
    fn labels_tell_the_keys_of_a_table_apart() {
        let all: Vec<_> = entries().collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                if a.0 != b.0 {
                    continue;
                }
                if a.2 == b.2 {
                    assert_eq!(a.3, b.3, "{}.{}: one label for every kind", a.0, a.2);
                } else {
                    assert_ne!(a.3, b.3, "{}: {} and {} share a label", a.0, a.2, b.2);
                }
            }
        }
    }

    #[test]
    fn the_kind_selects_the_meaning_of_a_shared_name() {
        let of = |kind: &str| {
            scenario_keys()
                .find(|k| k.name == "share_of_managers" && k.kind == Some(kind))
                .unwrap()
        };
        let (coaching, style) = (of("coaching_programme"), of("manager_style"));
        assert_ne!(coaching.meaning, style.meaning);
        let nl = |k: crate::scenario::KeyInfo| meaning(k.table, k.name, k.meaning).unwrap();
        assert!(nl(coaching).contains("training"));
        assert!(nl(style).contains("stijl"));
        // `[[economy.programme]]` entries take the interventions' keys.
        assert_eq!(
            label("economy.programme", "target_style"),
            Some("Doelstijl")
        );
    }
}
