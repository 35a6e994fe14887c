//! The Dutch texts of the explore page's controls: each slider's group, label and unit, the
//! interventions' names and fields, and the shipped scenarios' descriptions. The help lines
//! are the keys' Dutch meanings from the report's table (`Lang::key_meaning`,
//! `Lang::parameter_meaning`); the page's own chrome (buttons, legend, tables) is translated in
//! `page.html`. Terms follow the report's Dutch (regelmogelijkheden for autonomy, coachend
//! leiderschap).

/// (control key, group, label, unit) in Dutch.
pub const CONTROLS: &[(&str, &str, &str, &str)] = &[
    ("months", "Simulatie", "Looptijd", "maanden"),
    ("replications", "Simulatie", "Herhalingen", "aantal"),
    (
        "management.style_mean",
        "Leidinggeven",
        "Stijl van leidinggeven (0 controle, 1 coachend)",
        "0-1",
    ),
    (
        "management.coaching_skill_mean",
        "Leidinggeven",
        "Coachvaardigheid van leidinggevenden",
        "0-1",
    ),
    ("organisation.teams", "Organisatie", "Aantal teams", "stuks"),
    (
        "environment.turbulence",
        "Omgeving",
        "Onrust in de markt",
        "kans per maand",
    ),
    (
        "environment.tightness",
        "Omgeving",
        "Krapte op de arbeidsmarkt",
        "0-1",
    ),
    (
        "parameters.trust_loss_rate",
        "Vertrouwen",
        "Snelheid van vertrouwensverlies",
        "deel van de kloof per maand",
    ),
    (
        "parameters.trust_gain_rate",
        "Vertrouwen",
        "Snelheid van vertrouwensopbouw",
        "deel van de kloof per maand",
    ),
    (
        "parameters.w_support",
        "Vertrouwen",
        "Gewicht van steun door de leidinggevende",
        "gewicht",
    ),
    (
        "parameters.w_control",
        "Vertrouwen",
        "Gewicht van controle",
        "gewicht",
    ),
    (
        "parameters.engagement_rate",
        "Betrokkenheid",
        "Snelheid van betrokkenheid",
        "deel van de kloof per maand",
    ),
    (
        "parameters.w_autonomy_need",
        "Betrokkenheid",
        "Gewicht van de behoefte aan regelruimte",
        "gewicht",
    ),
    (
        "parameters.autonomy_floor",
        "Regelmogelijkheden",
        "Regelruimte onder pure controle",
        "0-1",
    ),
    (
        "parameters.autonomy_max",
        "Regelmogelijkheden",
        "Regelruimte die een coach geeft",
        "0-1",
    ),
    (
        "parameters.learn_coach",
        "Leren",
        "Leren van een coach",
        "vaardigheid per maand",
    ),
    (
        "parameters.learn_peer",
        "Leren",
        "Leren van collega's",
        "vaardigheid per maand",
    ),
    (
        "parameters.obsolescence",
        "Leren",
        "Veroudering van vaardigheden",
        "vaardigheid per maand",
    ),
    (
        "parameters.b_trust",
        "Verloop",
        "Invloed van vertrouwen op vertrek",
        "log-odds",
    ),
    (
        "parameters.b_engagement",
        "Verloop",
        "Invloed van betrokkenheid op vertrek",
        "log-odds",
    ),
];

/// (intervention id, name) in Dutch.
pub const INTERVENTIONS: &[(&str, &str)] = &[
    ("coaching_programme", "Coachprogramma"),
    ("action_learning", "Actieleren"),
    ("idea_time", "Tijd voor ideeën"),
    ("self_organising_teams", "Zelforganiserende teams"),
    ("innovation_top_down", "Technische vernieuwing, van bovenaf"),
    (
        "innovation_participatory",
        "Technische vernieuwing, met inspraak",
    ),
];

/// (intervention field key, label) in Dutch.
pub const FIELDS: &[(&str, &str)] = &[
    ("month", "Startmaand"),
    ("share_of_managers", "Deel van de leidinggevenden getraind"),
    ("hours_per_month", "Uren per medewerker per maand"),
    ("share", "Deel van de werktijd"),
    ("autonomy_floor", "Minimale regelruimte"),
    ("gain", "Productiewinst bij volledige vaardigheid"),
];

/// (shipped scenario, description) in Dutch.
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "default",
        "Uitgangssituatie: leidinggeven neigt naar controle, twee groepen medewerkers, één \
         marktschok, geen interventies.",
    ),
    (
        "control",
        "Controlerend leidinggeven gedurende vijf jaar, geen interventies, geen schokken.",
    ),
    (
        "coaching",
        "Coachend leiderschap gedurende vijf jaar, geen interventies, geen schokken.",
    ),
    (
        "transition",
        "Van controle naar coachend leiderschap vanaf maand 6, met actieleren en tijd voor \
         ideeën.",
    ),
    (
        "innovation_top_down",
        "Een technologie die in maand 6 van bovenaf wordt ingevoerd, onder controlerend \
         leidinggeven.",
    ),
    (
        "innovation_participatory",
        "Een technologie die in maand 6 met inspraak wordt ingevoerd, onder coachend \
         leiderschap.",
    ),
    (
        "healthcare",
        "Zorg: professionele medewerkers, krappe arbeidsmarkt, leidinggeven neigt naar \
         controle.",
    ),
    (
        "manufacturing",
        "Industrie: grote teams, mbo-geschoolde medewerkers, stabiele markt, leidinggeven neigt \
         naar controle.",
    ),
    (
        "ict_services",
        "ICT-dienstverlening: hoogopgeleide medewerkers, onrustige markt, krappe arbeidsmarkt.",
    ),
];
