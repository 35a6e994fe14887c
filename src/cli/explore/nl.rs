//! The Dutch texts of the explore page's controls: each slider's group, label, unit and help
//! line, the interventions' names and fields, and the shipped scenarios' descriptions. The
//! page's own chrome (buttons, legend, tables) is translated in `page.html`. Terms follow the
//! report's Dutch (regelmogelijkheden for autonomy, coachend leiderschap).

/// (control key, group, label, unit, help line) in Dutch.
pub const CONTROLS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "months",
        "Simulatie",
        "Looptijd",
        "maanden",
        "looptijd in maanden (één stap is één maand)",
    ),
    (
        "replications",
        "Simulatie",
        "Herhalingen",
        "aantal",
        "onafhankelijke herhalingen met elk hun eigen toevalsgetallen",
    ),
    (
        "management.style_mean",
        "Leidinggeven",
        "Stijl van leidinggeven (0 controle, 1 coachend)",
        "0-1",
        "gemiddelde stijl bij de start (0 = controle, 1 = coachend leiderschap)",
    ),
    (
        "management.coaching_skill_mean",
        "Leidinggeven",
        "Coachvaardigheid van leidinggevenden",
        "0-1",
        "gemiddelde coachvaardigheid bij de start",
    ),
    (
        "organisation.teams",
        "Organisatie",
        "Aantal teams",
        "stuks",
        "aantal teams, elk met één leidinggevende",
    ),
    (
        "environment.turbulence",
        "Omgeving",
        "Onrust in de markt",
        "kans per maand",
        "p4 van March: maandelijkse kans dat elk kenmerk van de werkelijkheid omslaat",
    ),
    (
        "environment.tightness",
        "Omgeving",
        "Krapte op de arbeidsmarkt",
        "0-1",
        "krapte op de arbeidsmarkt (0,5 is neutraal)",
    ),
    (
        "parameters.trust_loss_rate",
        "Vertrouwen",
        "Snelheid van vertrouwensverlies",
        "deel van de kloof per maand",
        "maandelijkse snelheid waarmee vertrouwen naar zijn doelwaarde daalt: het deel van de \
         kloof dat elke maand dichtgaat, geen hoeveelheid (snel verloren)",
    ),
    (
        "parameters.trust_gain_rate",
        "Vertrouwen",
        "Snelheid van vertrouwensopbouw",
        "deel van de kloof per maand",
        "maandelijkse snelheid waarmee vertrouwen naar zijn doelwaarde stijgt: het deel van de \
         kloof dat elke maand dichtgaat, geen hoeveelheid (langzaam opgebouwd)",
    ),
    (
        "parameters.w_support",
        "Vertrouwen",
        "Gewicht van steun door de leidinggevende",
        "gewicht",
        "vertrouwen gewonnen door de steun van een coachende leidinggevende (maal stijl en \
         coachvaardigheid)",
    ),
    (
        "parameters.w_control",
        "Vertrouwen",
        "Gewicht van controle",
        "gewicht",
        "vertrouwen verloren onder controlerend leidinggeven, bij medewerkers die controle \
         afkeuren",
    ),
    (
        "parameters.engagement_rate",
        "Betrokkenheid",
        "Snelheid van betrokkenheid",
        "deel van de kloof per maand",
        "maandelijkse snelheid waarmee betrokkenheid naar haar doelwaarde beweegt: het deel van \
         de kloof dat elke maand dichtgaat, geen hoeveelheid",
    ),
    (
        "parameters.w_autonomy_need",
        "Betrokkenheid",
        "Gewicht van de behoefte aan regelruimte",
        "gewicht",
        "gewicht van de vervulde behoefte aan regelmogelijkheden in de doelwaarde van \
         betrokkenheid",
    ),
    (
        "parameters.autonomy_floor",
        "Regelmogelijkheden",
        "Regelruimte onder pure controle",
        "0-1",
        "beslisruimte die elke medewerker heeft, ook onder pure controle (a_floor)",
    ),
    (
        "parameters.autonomy_max",
        "Regelmogelijkheden",
        "Regelruimte die een coach geeft",
        "0-1",
        "beslisruimte die een volledig coachende leidinggevende een volledig toegeruste \
         medewerker geeft (a_max)",
    ),
    (
        "parameters.learn_coach",
        "Leren",
        "Leren van een coach",
        "vaardigheid per maand",
        "maandelijks leren van een coachende leidinggevende (maal stijl en coachvaardigheid)",
    ),
    (
        "parameters.learn_peer",
        "Leren",
        "Leren van collega's",
        "vaardigheid per maand",
        "maandelijks leren van collega's, naar het teamgemiddelde, in zelforganiserende teams",
    ),
    (
        "parameters.obsolescence",
        "Leren",
        "Veroudering van vaardigheden",
        "vaardigheid per maand",
        "maandelijks verval van vaardigheid in een stabiele markt",
    ),
    (
        "parameters.b_trust",
        "Verloop",
        "Invloed van vertrouwen op vertrek",
        "log-odds",
        "gevoeligheid van de vertrekkans voor weinig vertrouwen in de leidinggevende",
    ),
    (
        "parameters.b_engagement",
        "Verloop",
        "Invloed van betrokkenheid op vertrek",
        "log-odds",
        "gevoeligheid van de vertrekkans voor weinig betrokkenheid",
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
