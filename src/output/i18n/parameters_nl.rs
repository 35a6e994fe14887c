//! The model's coefficients in Dutch: for every entry of `crate::model::params::PARAMETER_SPECS`,
//! what it means, as `orgsim params --lang nl` and the report's settings appendix show it; the
//! names of the steps of a month the coefficients are grouped by; and the words for where a
//! default comes from (calibrated, illustrative).
//!
//! The vocabulary follows the metric names and meanings of the page (`page.rs`) and the SER's
//! terms: regelmogelijkheden (autonomy), coachend leiderschap, vertrouwen, betrokkenheid,
//! vakmanschap (skill), verloop (turnover). A `*_rate` that moves a state toward a target is
//! "een snelheid richting een doelniveau: het deel van het verschil dat elke maand wordt
//! gedicht, geen hoeveelheid". Numbers keep their value with a decimal comma; code names and
//! formula symbols stay as in the English.

use super::Lang;

/// (coefficient, Dutch meaning), in the order of `PARAMETER_SPECS`.
pub(super) const PARAMETERS_NL: &[(&str, &str)] = &[
    // 3 managers
    (
        "coach_training_rate",
        "snelheid per maand waarmee de coachvaardigheid van een leidinggevende in opleiding naar 1 groeit zolang een programma coachend leiderschap loopt: het deel van het verschil dat elke maand wordt gedicht, geen hoeveelheid",
    ),
    (
        "trust_reciprocity_rate",
        "snelheid per maand waarmee het vertrouwen van een leidinggevende in het team meebeweegt naar het gemiddelde vertrouwen van het team: het deel van het verschil dat elke maand wordt gedicht, geen hoeveelheid",
    ),
    // 4 autonomy
    (
        "autonomy_floor",
        "regelmogelijkheden die elke medewerker heeft, ook onder puur controlerend leiderschap (a_floor)",
    ),
    (
        "autonomy_max",
        "regelmogelijkheden die een volledig coachende leidinggevende geeft aan een medewerker die er helemaal aan toe is (a_max)",
    ),
    (
        "readiness_weight",
        "gewicht van de taakvolwassenheid van de medewerker (tegenover het vertrouwen van de leidinggevende in het team) bij het delegeren",
    ),
    (
        "autonomy_adjust_rate",
        "snelheid per maand waarmee de regelmogelijkheden naar het toegekende niveau bewegen: het deel van het verschil dat elke maand wordt gedicht, geen hoeveelheid",
    ),
    (
        "self_organising_peer_learning",
        "intensiteit van het leren van collega's dat zelforganiserende teams op gang brengen",
    ),
    // 5 trust
    (
        "trust_base",
        "vertrouwen waar een medewerker onder een neutrale leidinggevende naartoe beweegt",
    ),
    (
        "w_support",
        "vertrouwen dat de steun van een coachende leidinggevende oplevert (maal stijl en coachvaardigheid)",
    ),
    (
        "w_voice",
        "vertrouwen dat groeit (verloren gaat) als ideeën worden aangenomen (afgewezen): gewicht van het gevoel van inspraak − 0,5",
    ),
    (
        "w_control",
        "vertrouwen dat medewerkers met een afkeer van controle verliezen onder controlerend leiderschap",
    ),
    (
        "control_penalty_tolerant",
        "deel van het vertrouwensverlies door controle dat ook medewerkers zonder afkeer van controle voelen",
    ),
    (
        "imposition_penalty",
        "vertrouwen dat medewerkers die een innovatie nog niet gebruiken verliezen zolang die van bovenaf wordt opgelegd (maal 1 − stijl van de leidinggevende)",
    ),
    (
        "trust_gain_rate",
        "snelheid per maand waarmee vertrouwen stijgt richting zijn doelniveau: het deel van het verschil dat elke maand wordt gedicht, geen hoeveelheid (langzaam opgebouwd: vertrouwen komt te voet)",
    ),
    (
        "trust_loss_rate",
        "snelheid per maand waarmee vertrouwen daalt richting zijn doelniveau: het deel van het verschil dat elke maand wordt gedicht, geen hoeveelheid (snel verloren: vertrouwen gaat te paard)",
    ),
    (
        "voice_memory_rate",
        "snelheid waarmee één aangenomen (afgewezen) idee het gevoel van inspraak van de medewerker richting 1 (0) brengt: het deel van het verschil dat wordt gedicht, geen hoeveelheid",
    ),
    (
        "trait_sd_trust",
        "spreiding (SD) van de aanleg om te vertrouwen, bij indiensttreding geloot: een blijvende verschuiving van het doelniveau van vertrouwen van de medewerker",
    ),
    // 6 engagement
    (
        "w_autonomy_need",
        "gewicht van de vervulde behoefte aan autonomie in het doelniveau van betrokkenheid",
    ),
    (
        "w_competence_need",
        "gewicht van competentie (vakmanschap) in het doelniveau van betrokkenheid",
    ),
    (
        "w_relatedness_need",
        "gewicht van verbondenheid (vertrouwen) in het doelniveau van betrokkenheid",
    ),
    (
        "autonomy_excess_penalty",
        "verlies aan vervulde behoefte aan autonomie per eenheid regelmogelijkheden boven wat de medewerker wil",
    ),
    (
        "w_crowding",
        "betrokkenheid die door controle wordt verdrongen bij medewerkers met een afkeer van controle (Falk & Kosfeld)",
    ),
    (
        "engagement_rate",
        "snelheid per maand waarmee betrokkenheid naar haar doelniveau beweegt: het deel van het verschil dat elke maand wordt gedicht, geen hoeveelheid",
    ),
    (
        "trait_sd_engagement",
        "spreiding (SD) van de aanleg tot betrokkenheid, bij indiensttreding geloot: een blijvende verschuiving van het doelniveau van betrokkenheid van de medewerker",
    ),
    // 7 knowledge
    (
        "autonomy_shield",
        "hoe sterk regelmogelijkheden de opvattingen van een medewerker beschermen tegen socialisatie (het overnemen van de organisatiecode)",
    ),
    (
        "idea_rate",
        "kans per maand dat een medewerker een idee uitprobeert, bij volledige regelmogelijkheden en betrokkenheid",
    ),
    (
        "idea_time_multiplier",
        "extra ideeën per eenheid aandeel werktijd dat voor ideeën is vrijgemaakt (ideeëntijd)",
    ),
    (
        "accept_min",
        "kans dat een puur controlerende leidinggevende een idee aanneemt (stijgt naar 1 naarmate de stijl coachender is)",
    ),
    (
        "voice_min",
        "inspraak onder puur controlerend leiderschap: bepaalt mee hoeveel de organisatiecode leert van de groep die beter presteert dan de code",
    ),
    // 8 skill
    (
        "learn_base",
        "leren in het werk per maand bij volledige betrokkenheid (deel van het verschil tot 1)",
    ),
    (
        "learn_coach",
        "leren per maand van een coachende leidinggevende (maal stijl en coachvaardigheid)",
    ),
    (
        "learn_action",
        "leren per maand door actieleren bij de referentie-intensiteit",
    ),
    (
        "action_learning_reference_hours",
        "uren actieleren per maand die als intensiteit 1 tellen",
    ),
    (
        "learn_peer",
        "leren van collega's per maand richting het teamgemiddelde in zelforganiserende teams",
    ),
    (
        "obsolescence",
        "veroudering van vakmanschap per maand in een stabiele markt",
    ),
    (
        "turbulence_obsolescence",
        "extra veroudering van vakmanschap per maand per eenheid marktturbulentie",
    ),
    // 9 innovation
    (
        "adopt_rate",
        "kans per maand dat een medewerker met vertrouwen en vakmanschap zonder weerstand een technische innovatie gaat gebruiken",
    ),
    (
        "participation_boost",
        "vermenigvuldiger van de kans dat medewerkers een innovatie gaan gebruiken als die participatief wordt ingevoerd",
    ),
    (
        "top_down_resistance",
        "weerstand tegen een van bovenaf opgelegde innovatie onder een puur controlerende leidinggevende",
    ),
    (
        "participation_months",
        "aantal maanden waarin werktijd opgaat aan een participatieve invoering",
    ),
    (
        "participation_time_share",
        "aandeel werktijd dat tijdens een participatieve invoering aan de invoering opgaat",
    ),
    // 10 output
    (
        "skill_exponent",
        "exponent van vakmanschap in de productie (afnemende meeropbrengst)",
    ),
    (
        "w_social",
        "elasticiteit van de productie naar het sociale klimaat h: productie × (1 + w_social·(h − social_reference))",
    ),
    (
        "social_reference",
        "sociaal klimaat h waarbij de sociale factor van de productie 1 is",
    ),
    (
        "h_weight_engagement",
        "gewicht van betrokkenheid in het sociale klimaat h (de gewichten worden herschaald zodat ze samen 1 zijn)",
    ),
    (
        "h_weight_alignment",
        "gewicht van afstemming (weten wat de markt vraagt) in het sociale klimaat h",
    ),
    (
        "h_weight_autonomy_fit",
        "gewicht van de aansluiting van regelmogelijkheden op vakmanschap, 0,5 + (a − a_floor)·(s − 0,5), in het sociale klimaat h",
    ),
    (
        "onboarding_months",
        "maanden die een nieuwe medewerker nodig heeft om volledig productief te worden (begint op de helft)",
    ),
    (
        "output_value",
        "waarde van één productie-eenheid (een maand werk van een volledig productieve medewerker) in kosteneenheden",
    ),
    (
        "hiring_cost",
        "kosten van één aanwerving in productie-eenheden (werving, inwerken)",
    ),
    // 11 turnover
    (
        "b_engagement",
        "gevoeligheid van de vertrekkans voor lage betrokkenheid",
    ),
    (
        "b_trust",
        "gevoeligheid van de vertrekkans voor laag vertrouwen in de leidinggevende",
    ),
    (
        "unrelated_quit_rate",
        "jaarlijkse vertrekkans los van hoe medewerkers hun werk beleven (pensioen, verhuizing, gebeurtenissen in het leven), opgeteld bij het vertrek dat uit die beleving voortkomt",
    ),
    (
        "b_gap",
        "gevoeligheid van de vertrekkans voor minder regelmogelijkheden dan de medewerker wil",
    ),
    (
        "b_market",
        "gevoeligheid van de vertrekkans voor krapte op de arbeidsmarkt",
    ),
    (
        "b_tenure",
        "daling van de vertrekkans naarmate de diensttijd toeneemt (vlakt af na vijf jaar)",
    ),
    (
        "tenure_saturation_months",
        "diensttijd (in maanden) waarna langer in dienst zijn de vertrekkans niet verder verlaagt",
    ),
    (
        "vacancy_months",
        "tijdschaal in maanden voor het vervullen van een vacature: de kans per maand dat die wordt vervuld is 1/(vacancy_months·(1 + krapte))",
    ),
    ("hire_trust", "vertrouwen van een nieuwe medewerker"),
    ("hire_engagement", "betrokkenheid van een nieuwe medewerker"),
];

/// The steps of a month (`ParamSpec::step`, "5 trust") by their English name, in Dutch.
const STEPS_NL: &[(&str, &str)] = &[
    ("managers", "leidinggevenden"),
    ("autonomy", "regelmogelijkheden"),
    ("trust", "vertrouwen"),
    ("engagement", "betrokkenheid"),
    ("knowledge", "kennis"),
    ("skill", "vakmanschap"),
    ("innovation", "innovatie"),
    ("output", "productie"),
    ("turnover", "verloop"),
];

/// Where a default comes from (`ParamSpec::provenance`), in Dutch.
const PROVENANCE_NL: &[(&str, &str)] = &[
    ("calibrated", "gekalibreerd"),
    ("illustrative", "illustratief"),
];

impl Lang {
    /// A step of a month as `ParamSpec::step` names it ("5 trust"), in this language
    /// ("5 vertrouwen"); as declared if the table lacks its name.
    pub fn parameter_step(self, step: &str) -> String {
        match (self, step.split_once(' ')) {
            (Lang::Nl, Some((number, name))) => STEPS_NL
                .iter()
                .find(|(en, _)| *en == name)
                .map_or_else(|| step.to_string(), |(_, nl)| format!("{number} {nl}")),
            _ => step.to_string(),
        }
    }

    /// `calibrated` or `illustrative` (`ParamSpec::provenance`) in this language.
    pub fn provenance(self, word: &str) -> String {
        match self {
            Lang::Nl => PROVENANCE_NL
                .iter()
                .find(|(en, _)| *en == word)
                .map_or(word, |(_, nl)| nl)
                .to_string(),
            Lang::En => word.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::params::PARAMETER_SPECS;

    /// The `code` spans of a text.
    fn code_spans(text: &str) -> Vec<&str> {
        text.split('`').skip(1).step_by(2).collect()
    }

    /// The names with an underscore in a text (`a_floor`, `w_social`): code, kept as written.
    fn code_names(text: &str) -> Vec<&str> {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| w.contains('_') && w.chars().any(|c| c.is_ascii_alphabetic()))
            .collect()
    }

    /// The numbers of a text with a decimal comma (`0.5` → `0,5`), in order.
    fn numbers(text: &str, decimal: char) -> Vec<String> {
        let mut found = Vec::new();
        let mut current = String::new();
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let inside_word =
                |j: usize| chars.get(j).is_some_and(|c| c.is_alphabetic() || *c == '_');
            if c.is_ascii_digit() && (!current.is_empty() || i == 0 || !inside_word(i - 1)) {
                current.push(c);
            } else if c == decimal
                && !current.is_empty()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            {
                current.push(',');
            } else if !current.is_empty() {
                found.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            found.push(current);
        }
        found
    }

    #[test]
    fn every_coefficient_has_one_dutch_meaning_in_the_declared_order() {
        assert_eq!(PARAMETERS_NL.len(), PARAMETER_SPECS.len());
        for (spec, (name, _)) in PARAMETER_SPECS.iter().zip(PARAMETERS_NL) {
            assert_eq!(spec.name, *name, "the table must follow PARAMETER_SPECS");
        }
        for (name, _) in PARAMETERS_NL {
            assert_eq!(
                PARAMETERS_NL.iter().filter(|(n, _)| n == name).count(),
                1,
                "{name} twice"
            );
            assert!(
                PARAMETER_SPECS.iter().any(|s| s.name == *name),
                "{name} is no coefficient"
            );
        }
    }

    #[test]
    fn every_dutch_meaning_is_a_translation_that_keeps_code_numbers_and_speeds() {
        for spec in PARAMETER_SPECS {
            let nl = Lang::Nl.parameter_meaning(spec.name, spec.meaning);
            assert!(!nl.trim().is_empty(), "{}: empty", spec.name);
            assert_ne!(nl, spec.meaning, "{}: not translated", spec.name);
            for span in code_spans(spec.meaning) {
                assert!(nl.contains(&format!("`{span}`")), "{}: `{span}`", spec.name);
            }
            for name in code_names(spec.meaning) {
                assert!(nl.contains(name), "{}: {name}", spec.name);
            }
            assert_eq!(
                numbers(spec.meaning, '.'),
                numbers(&nl, ','),
                "{}: the numbers differ",
                spec.name
            );
            if spec.meaning.contains("not an amount") {
                assert!(
                    nl.contains("snelheid") && nl.contains("geen hoeveelheid"),
                    "{}: a speed, not an amount",
                    spec.name
                );
            }
            if spec.meaning.contains("illustrative") {
                assert!(nl.contains("illustratief"), "{}", spec.name);
            }
            assert!(!nl.contains(['<', '>']), "{}", spec.name);
        }
        assert_eq!(
            Lang::En.parameter_meaning("w_control", "as declared"),
            "as declared"
        );
    }

    #[test]
    fn every_step_and_provenance_has_a_dutch_name() {
        for spec in PARAMETER_SPECS {
            let nl = Lang::Nl.parameter_step(spec.step);
            assert_ne!(nl, spec.step, "{}", spec.step);
            assert_eq!(nl.split(' ').next(), spec.step.split(' ').next());
            assert_eq!(Lang::En.parameter_step(spec.step), spec.step);
            assert_ne!(Lang::Nl.provenance(spec.provenance()), spec.provenance());
        }
        assert_eq!(Lang::Nl.parameter_step("5 trust"), "5 vertrouwen");
        assert_eq!(Lang::Nl.provenance("illustrative"), "illustratief");
        assert_eq!(Lang::En.provenance("calibrated"), "calibrated");
    }
}
