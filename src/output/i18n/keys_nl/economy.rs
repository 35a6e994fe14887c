//! The `[economy]` tables' keys in Dutch (label and meaning), entries of the same form as
//! `super::KEYS_NL`. The rules' coefficients are illustrative, and the Dutch meanings say so
//! as the English do.

use super::KeyNl;

const E: &str = "economy";
const SECTORS: &str = "economy.sectors";
const REGIONS: &str = "economy.regions";
const ADOPTION: &str = "economy.adoption";
const GROWTH: &str = "economy.growth";
const LABOUR: &str = "economy.labour";
const CENTRE: &str = "economy.centre";
const SUBSIDY: &str = "economy.subsidy";
const AGREEMENTS: &str = "economy.agreements";

/// The `[economy]` keys, in the schema's order.
pub(super) const ECONOMY_KEYS_NL: &[KeyNl] = &[
    // [economy]
    (
        E,
        "",
        "organisations",
        "Organisaties",
        "aantal organisaties in maand 0",
    ),
    (
        E,
        "",
        "min_employees",
        "Kleinste omvang",
        "kleinste getrokken omvang van een bedrijf (medewerkers in maand 0; het minimum van de Pareto-verdeling)",
    ),
    (
        E,
        "",
        "max_employees",
        "Grootste omvang",
        "grootste getrokken omvang van een bedrijf (de Pareto-verdeling wordt hier afgekapt)",
    ),
    (
        E,
        "",
        "size_tail",
        "Staart van de omvang",
        "vormparameter alfa van de Pareto-verdeling van bedrijfsomvang; kleiner geeft meer grote bedrijven (illustratief; Axtell 2001 vindt ongeveer 1,06 voor bedrijven in de VS)",
    ),
    (
        E,
        "",
        "per_organisation",
        "Per organisatie",
        "schrijf ook elke maand van elke organisatie weg (`organisations.csv`)",
    ),
    // [[economy.sectors]]
    (
        SECTORS,
        "",
        "name",
        "Naam",
        "naam van de sector, gebruikt in de uitkomsten per sector",
    ),
    (
        SECTORS,
        "",
        "preset",
        "Voorinstelling",
        "de organisatie van de sector: een meegeleverde voorinstelling (`default`, `healthcare`, `manufacturing`, `ict_services`) of een scenariobestand, gezocht vanaf dit bestand",
    ),
    (
        SECTORS,
        "",
        "share",
        "Aandeel",
        "aandeel van de organisaties dat in deze sector valt (de aandelen tellen op tot 1)",
    ),
    (
        SECTORS,
        "",
        "programme_cost_factor",
        "Kostenfactor van het programma",
        "vermenigvuldigt de kosten van het programma in deze sector (illustratief)",
    ),
    (
        SECTORS,
        "",
        "demand_growth",
        "Groei van de vraag",
        "groei per maand van de vraag naar wat de sector levert, als aandeel (illustratief)",
    ),
    // [[economy.regions]]
    (
        REGIONS,
        "",
        "name",
        "Naam",
        "naam van de regio, gebruikt in de uitkomsten per regio",
    ),
    (
        REGIONS,
        "",
        "share",
        "Aandeel",
        "aandeel van de organisaties dat in deze regio ligt (de aandelen tellen op tot 1)",
    ),
    (
        REGIONS,
        "",
        "tightness",
        "Krapte op de arbeidsmarkt",
        "krapte op de arbeidsmarkt in maand 0 (0,5 is neutraal; illustratief)",
    ),
    (
        REGIONS,
        "",
        "density",
        "Netwerkdichtheid",
        "kans dat twee organisaties in de regio elkaars resultaten zien (illustratief)",
    ),
    // [economy.adoption]
    (
        ADOPTION,
        "",
        "innovation",
        "Innovatiecoëfficiënt",
        "kans per maand dat een organisatie het programma invoert zonder voorbeeld om na te volgen, de p van Bass (illustratief: het gemiddelde p = 0,03 per jaar over consumentenproducten van Sultan, Farley & Lehmann 1990, gedeeld door 12; niet gemeten voor managementpraktijken)",
    ),
    (
        ADOPTION,
        "",
        "imitation",
        "Imitatiecoëfficiënt",
        "kans per maand op invoeren per eenheid aandeel zichtbare andere organisaties die het programma invoeren, de q van Bass (illustratief: het gemiddelde q = 0,38 per jaar over consumentenproducten van Sultan, Farley & Lehmann 1990, gedeeld door 12; niet gemeten voor managementpraktijken)",
    ),
    (
        ADOPTION,
        "",
        "cross_region_weight",
        "Gewicht van andere regio's",
        "gewicht van organisaties uit dezelfde sector in andere regio's, ten opzichte van die in de eigen regio (illustratief)",
    ),
    (
        ADOPTION,
        "",
        "delay_months",
        "Vertraging in maanden",
        "maanden voordat de invoering en de resultaten van een andere organisatie zichtbaar worden (illustratief)",
    ),
    (
        ADOPTION,
        "",
        "noise",
        "Ruis",
        "standaarddeviatie van de ruis op de waargenomen winst van organisaties die invoerden, in eenheden prestatie (illustratief)",
    ),
    (
        ADOPTION,
        "",
        "gain_weight",
        "Gewicht van de winst",
        "hoe sterk een zichtbare winst van invoerders de imitatie verhoogt: imitatie × max(0, 1 + gain_weight × winst) (illustratief)",
    ),
    (
        ADOPTION,
        "",
        "gap_weight",
        "Gewicht van de achterstand",
        "hoe sterk de eigen achterstand in prestatie op het gemiddelde van de sector de kans op invoeren verhoogt (illustratief)",
    ),
    (
        ADOPTION,
        "",
        "trial_months",
        "Proefperiode in maanden",
        "maanden na de invoering voordat een organisatie haar eigen resultaten beoordeelt (illustratief)",
    ),
    (
        ADOPTION,
        "",
        "abandon",
        "Kans op stoppen",
        "kans per maand om na de proefperiode te stoppen als de eigen prestatie sinds de invoering is gedaald (illustratief)",
    ),
    // [economy.growth]
    (
        GROWTH,
        "",
        "performance_elasticity",
        "Groei door prestatie",
        "groei per maand van de werkgelegenheid per eenheid prestatie boven het gemiddelde van de sector (illustratief)",
    ),
    (
        GROWTH,
        "",
        "headroom",
        "Groeiruimte",
        "capaciteit van een organisatie als veelvoud van haar omvang in maand 0 (ruimte om te groeien)",
    ),
    (
        GROWTH,
        "",
        "exit_rate",
        "Kans op sluiting",
        "kans per maand dat een bedrijf kleiner dan `exit_below` van zijn omvang in maand 0 sluit; 0 is geen sluiting (illustratief)",
    ),
    (
        GROWTH,
        "",
        "exit_below",
        "Grens voor sluiting",
        "omvang, ten opzichte van maand 0, waaronder een bedrijf kan sluiten (illustratief)",
    ),
    (
        GROWTH,
        "",
        "entry_rate",
        "Nieuwe organisaties",
        "nieuwe organisaties per maand als aandeel van de bestaande; 0 is geen nieuwe (illustratief)",
    ),
    // [economy.labour]
    (
        LABOUR,
        "",
        "stay_in_region",
        "Blijft in de regio",
        "aandeel van de vertrekkers dat in de arbeidsreserve van de eigen regio komt; van de rest gaat `move_share` naar de reserve van een andere regio en verlaten de anderen de arbeidsmarkt (illustratief)",
    ),
    (
        LABOUR,
        "",
        "move_share",
        "Gaat naar een andere regio",
        "aandeel van de vertrekkers die niet in hun regio blijven dat naar de reserve van een andere regio gaat, een regio getrokken naar verhouding van haar vacatures; de rest verlaat de arbeidsmarkt (illustratief)",
    ),
    (
        LABOUR,
        "",
        "pool_outflow",
        "Uitstroom uit de reserve",
        "aandeel van de arbeidsreserve dat die per maand voorgoed verlaat (illustratief)",
    ),
    (
        LABOUR,
        "",
        "tightness_response",
        "Reactie van de krapte",
        "hoe sterk de omvang van de arbeidsreserve ten opzichte van de vacatures de krapte in de regio verlaagt (illustratief)",
    ),
    // [economy.centre]
    (
        CENTRE,
        "",
        "from_month",
        "Vanaf maand",
        "maand waarin het landelijke kennis- en ondersteuningscentrum opengaat (0 tot en met `months`)",
    ),
    (
        CENTRE,
        "",
        "cost_reduction",
        "Kostenverlaging",
        "aandeel waarmee het centrum de kosten van het programma verlaagt (illustratief)",
    ),
    (
        CENTRE,
        "",
        "quality",
        "Kwaliteit",
        "komt bij de doelstijl en de winst in vakmanschap van het programma: betere programma's (illustratief)",
    ),
    (
        CENTRE,
        "",
        "information",
        "Informatie",
        "vermenigvuldigt de imitatie en verkort de vertraging: informatie verspreidt zich sneller (illustratief)",
    ),
    (
        CENTRE,
        "",
        "outreach",
        "Bereik",
        "komt bij de kans per maand op invoeren zonder voorbeeld: bekendheid die het centrum wekt (illustratief)",
    ),
    // [economy.subsidy]
    (
        SUBSIDY,
        "",
        "from_month",
        "Vanaf maand",
        "maand waarin de subsidie begint (0 tot en met `months`)",
    ),
    (
        SUBSIDY,
        "",
        "share",
        "Aandeel",
        "aandeel van de programmakosten dat de subsidie betaalt",
    ),
    (
        SUBSIDY,
        "",
        "budget",
        "Budget",
        "totaal budget in productie-eenheden; zonder budget is de subsidie onbeperkt",
    ),
    // [[economy.agreements]]
    (
        AGREEMENTS,
        "",
        "sector",
        "Sector",
        "de sector waarvoor de afspraak geldt (een naam uit `[[economy.sectors]]`)",
    ),
    (
        AGREEMENTS,
        "",
        "from_month",
        "Vanaf maand",
        "maand waarin de afspraak ingaat (0 tot en met `months`)",
    ),
    (
        AGREEMENTS,
        "",
        "learning_hours",
        "Leeruren",
        "leeruren per medewerker per maand die elke organisatie in de sector geeft (illustratief)",
    ),
    (
        AGREEMENTS,
        "",
        "adoption_push",
        "Duw naar invoering",
        "komt bij de kans per maand op invoeren zonder voorbeeld van de organisaties in de sector (illustratief)",
    ),
];
