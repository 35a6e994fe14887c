//! The Dutch report and figures: with `--lang nl` every fixed string a client reads is Dutch
//! (the results tables, reading guide, timeline, settings headings, provenance, and the
//! figures drawn into the page: titles, axes, legends, markers, metric names), numbers carry a
//! decimal comma (tick labels too), and `orgsim plot --lang nl` draws Dutch figure files.

use crate::common;

use common::{orgsim_ok, read_text, svg_texts, temp_dir};
use orgsim::output::report::REPORT_FILE;
use std::path::{Path, PathBuf};

fn temp(name: &str) -> PathBuf {
    let dir = temp_dir("report_dutch", name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The inline SVG drawings of a page.
fn inline_svgs(html: &str) -> Vec<&str> {
    html.match_indices("<svg")
        .filter_map(|(i, _)| html[i..].find("</svg>").map(|end| &html[i..i + end]))
        .collect()
}

/// A number with a decimal point or comma between digits, e.g. `0.60`, `−0,05`, `+0,0906`.
fn decimal_mark(text: &str, mark: char) -> bool {
    let t = text.trim_start_matches(['+', '−', '-']);
    let mut parts = t.splitn(2, mark);
    let (a, b) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    !a.is_empty()
        && !b.is_empty()
        && a.chars().all(|c| c.is_ascii_digit())
        && b.chars().all(|c| c.is_ascii_digit())
}

/// (English, Dutch) fixed strings of the page, as they appear in its HTML.
const PAGE: &[(&str, &str)] = &[
    (" Headline results</h2>", " Belangrijkste uitkomsten</h2>"),
    (
        " How to read this report</h2>",
        " Zo leest u dit rapport</h2>",
    ),
    (">Metric<", ">Maatstaf<"),
    (">Mean<", ">Gemiddelde<"),
    (">95% interval<", ">95%-interval<"),
    (">Difference<", ">Verschil<"),
    (">Reading<", ">Lezing<"),
    (">reference<", ">referentie<"),
    ("At month 60 (the horizon)", "In maand 60 (de horizon)"),
    ("Averaged over months 1–60", "Gemiddeld over maand 1–60"),
    (
        "Every scenario ran 5 replications",
        "Elk scenario draaide 5 replicaties",
    ),
    (
        "A simulation, run many times.",
        "Een simulatie, vele keren doorgerekend.",
    ),
    ("Two bands in the figures.", "Twee banden in de figuren."),
    (
        "Paired differences under common random numbers.",
        "Gepaarde verschillen met dezelfde toevalsgetallen.",
    ),
    (">Scales.<", ">Schalen.<"),
    (">Organisation<", ">Organisatie<"),
    ("200 slots", "200 plaatsen"),
    ("20 teams of 10", "20 teams van 10"),
    ("5.0 years", "5,0 jaar"),
    ("seed 42", "startgetal 42"),
    (
        "with the same random numbers; differences are to",
        "verschillen zijn ten opzichte van",
    ),
    (
        "No interventions and no market shocks",
        "Geen interventies en geen marktschokken",
    ),
    (">The scenarios<", ">De scenario's<"),
    (">Settings that differ<", ">Instellingen die verschillen<"),
    (
        ">Settings the scenarios share<",
        ">Instellingen die de scenario's delen<",
    ),
    ("Management: ", "Leiderschap: "),
    (">Output files<", ">Uitvoerbestanden<"),
    (">Command line<", ">Opdrachtregel<"),
    ("(this page)", "(deze pagina)"),
    ("<b>Figure 1.</b>", "<b>Figuur 1.</b>"),
    // The transition's interventions in the timeline, in the SER's words.
    ("Coaching programme", "Programma coachend leiderschap"),
    ("Action learning", "Actieleren"),
    ("Idea time", "Ideeëntijd (sociale innovatie)"),
    (">months 6–29<", ">maand 6–29<"),
];

/// (English, Dutch) fixed strings of the figures drawn into the page (overview, differences).
const FIGURES: &[(&str, &str)] = &[
    ("Differences to “control”", "Verschillen met “control”"),
    ("dot: mean difference", "stip: gemiddeld verschil"),
    ("difference (", "verschil ("),
    ("at month 60", "in maand 60"),
    ("mean over months 1–60", "gemiddeld over maand 1–60"),
    ("Performance", "Prestatie"),
    ("Agility", "Wendbaarheid"),
    ("Retention", "Behoud van personeel"),
    (">month<", ">maand<"),
    ("share (0–1)", "aandeel (0–1)"),
    ("Mean of 5 replications", "Gemiddelde van 5 replicaties"),
    (
        "action learning starts (months 6–29)",
        "actieleren begint (maand 6–29)",
    ),
    (
        "action learning ends (after month 29)",
        "actieleren eindigt (na maand 29)",
    ),
    (
        "coaching programme (month 6)",
        "programma coachend leiderschap (maand 6)",
    ),
];

#[test]
fn the_dutch_comparison_report_has_no_english_fixed_string() {
    let dir = temp("compare");
    let (en, nl) = (dir.join("en"), dir.join("nl"));
    for out in [&en, &nl] {
        orgsim_ok(&[
            "compare",
            "scenarios/control.toml",
            "scenarios/coaching.toml",
            "scenarios/transition.toml",
            "-n",
            "5",
            "-q",
            "--out",
            out.to_str().unwrap(),
        ]);
    }
    orgsim_ok(&["report", nl.to_str().unwrap(), "-q", "--lang", "nl"]);
    let en = read_text(&en.join(REPORT_FILE));
    let nl = read_text(&nl.join(REPORT_FILE));
    for (english, dutch) in PAGE {
        assert!(en.contains(english), "the English page lacks {english:?}");
        assert!(
            !nl.contains(english),
            "English {english:?} in the Dutch page"
        );
        assert!(nl.contains(dutch), "the Dutch page lacks {dutch:?}");
    }
    let (en_svgs, nl_svgs) = (inline_svgs(&en).join("\n"), inline_svgs(&nl).join("\n"));
    for (english, dutch) in FIGURES {
        assert!(
            en_svgs.contains(english),
            "the English figures lack {english:?}"
        );
        assert!(
            !nl_svgs.contains(english),
            "English {english:?} in the Dutch figures"
        );
        assert!(nl_svgs.contains(dutch), "the Dutch figures lack {dutch:?}");
    }
    // Tick and value labels: decimal points in English, decimal commas in Dutch.
    let en_texts = svg_texts(&en_svgs);
    let nl_texts = svg_texts(&nl_svgs);
    assert!(en_texts.iter().any(|t| decimal_mark(t, '.')));
    assert!(
        nl_texts.iter().filter(|t| decimal_mark(t, ',')).count() >= 5,
        "few decimal commas in the Dutch figures: {nl_texts:?}"
    );
    let points: Vec<&&str> = nl_texts.iter().filter(|t| decimal_mark(t, '.')).collect();
    assert!(
        points.is_empty(),
        "decimal points in Dutch figures: {points:?}"
    );
    // The results table's numbers too.
    let results = &nl[nl.find("<section id=\"results\">").unwrap()
        ..nl.find("<section id=\"reading\">").unwrap()];
    assert!(results.contains("<td class=\"num mean\">0,"));
    assert!(!results.contains("<td class=\"num mean\">0."));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn plot_lang_nl_draws_dutch_figure_files() {
    let dir = temp("plot");
    orgsim_ok(&[
        "compare",
        "scenarios/control.toml",
        "scenarios/transition.toml",
        "-n",
        "3",
        "-q",
        "--no-report",
        "--out",
        dir.to_str().unwrap(),
    ]);
    let figures = dir.join("figures");
    let english = read_text(&figures.join("differences.svg"));
    assert!(english.contains("Differences to") && english.contains("Performance"));
    orgsim_ok(&["plot", dir.to_str().unwrap(), "-q", "--lang", "nl"]);
    let differences = read_text(&figures.join("differences.svg"));
    let overview = read_text(&figures.join("overview.svg"));
    assert!(differences.contains("Verschillen met") && differences.contains("Prestatie"));
    assert!(!differences.contains("Differences to") && !differences.contains("Performance"));
    assert!(overview.contains("actieleren begint (maand 6–29)"));
    assert!(overview.contains("Wendbaarheid") && !overview.contains("Agility"));
    assert!(
        svg_texts(&overview).iter().any(|t| decimal_mark(t, ','))
            && !svg_texts(&overview).iter().any(|t| decimal_mark(t, '.')),
        "the Dutch overview's tick labels do not all use a decimal comma"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A small Sobol' sweep over a control organisation (12 months, 4 teams), analysed by
/// `orgsim sensitivity` and `orgsim discover`: its report in Dutch has the sections' fixed
/// sentences in Dutch, none of the English ones, and decimal commas.
#[test]
fn the_dutch_sweep_report_has_dutch_sensitivity_and_discovery_sections() {
    let dir = temp("sweep");
    let control = read_text(Path::new("scenarios/control.toml"));
    let small = control
        .replace("months = 60", "months = 12")
        .replace("teams = 20", "teams = 4");
    assert_ne!(small, control, "control.toml's horizon and teams");
    let base = dir.join("base.toml");
    std::fs::write(&base, small).unwrap();
    let file = dir.join("sweep.toml");
    std::fs::write(
        &file,
        format!(
            "base = {:?}\nreplications = 2\nseed = 3\n\n[design]\nkind = \"sobol\"\n\
             base_samples = 8\nseed = 5\n\n\
             [[vary]]\nkey = \"parameters.trust_loss_rate\"\nfrom = 0.05\nto = 0.4\n\n\
             [[vary]]\nkey = \"management.style_mean\"\nfrom = 0.0\nto = 1.0\n\n\
             [output]\nmetrics = [\"performance\", \"trust\"]\nevery_months = 6\n",
            base.to_str().unwrap()
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let out_s = out.to_str().unwrap();
    orgsim_ok(&[
        "sweep",
        file.to_str().unwrap(),
        "--out",
        out_s,
        "-q",
        "--no-figures",
        "--no-report",
    ]);
    orgsim_ok(&["sensitivity", out_s]);
    orgsim_ok(&["discover", out_s, "--where", "performance@12 > 0"]);
    orgsim_ok(&["report", out_s, "-q"]);
    let en = read_text(&out.join(REPORT_FILE));
    orgsim_ok(&["report", out_s, "-q", "--lang", "nl"]);
    let nl = read_text(&out.join(REPORT_FILE));
    let section = |page: &'static str, html: &str| -> String {
        html.split(&format!("<section id=\"{page}\">"))
            .nth(1)
            .unwrap_or_else(|| panic!("no {page} section"))
            .split("</section>")
            .next()
            .unwrap()
            .to_string()
    };
    let sections = [
        (
            "sensitivity",
            &[
                (
                    "Which choices matter most?",
                    "Welke keuzes wegen het zwaarst?",
                ),
                ("A Sobol' analysis splits", "Een Sobol'-analyse verdeelt"),
                ("The ranking is a property", "De rangorde is een eigenschap"),
                ("Replication noise is", "Ruis tussen replicaties is"),
                ("of the variance of", "van de variantie van"),
                (" at month 12", " in maand 12"),
            ][..],
        ),
        (
            "discovery",
            &[
                ("Where, among the inputs", "Waar, binnen de invoer"),
                ("<th>Density</th>", "<th>Dichtheid</th>"),
                ("<th>Range in the box</th>", "<th>Bereik in het vak</th>"),
            ][..],
        ),
    ];
    // The section's own text (its figures in Dutch: see `figures_dutch`).
    let text = |html: String| html.split("<figure").next().unwrap().to_string();
    for (id, pairs) in sections {
        let (en, nl) = (text(section(id, &en)), text(section(id, &nl)));
        for (english, dutch) in pairs {
            assert!(en.contains(english), "the English {id} lacks {english:?}");
            assert!(!nl.contains(english), "English {english:?} in Dutch {id}");
            assert!(nl.contains(dutch), "the Dutch {id} lacks {dutch:?}: {nl}");
        }
    }
    // Indices with a decimal comma, none with a point, in the sentences.
    let sentences = text(section("sensitivity", &nl));
    let words: Vec<&str> = sentences
        .split(|c: char| c.is_whitespace() || "()<>".contains(c))
        .map(|w| w.trim_end_matches([',', '.', ';', ':']))
        .collect();
    assert!(words.iter().any(|w| decimal_mark(w, ',')), "{sentences}");
    assert!(!words.iter().any(|w| decimal_mark(w, '.')), "{sentences}");
    std::fs::remove_dir_all(&dir).ok();
}

/// The HTML of `<section id="{id}">` of `page`.
fn section_of<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<section id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no {id} section"));
    let end = start + page[start..].find("</section>").unwrap();
    &page[start..end]
}

/// A schema meaning as the settings tables write it: escaped, `code` spans as `<code>`.
fn meaning_html(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = part
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#39;");
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part
            }
        })
        .collect()
}

/// The settings appendix and timeline of a Dutch page against the same English page: every
/// scenario key whose English meaning the English appendix shows is shown in the Dutch one
/// with its Dutch label and meaning and without the English meaning. Returns how many keys.
fn assert_keys_in_dutch(en: &str, nl: &str) -> usize {
    use orgsim::output::i18n::Lang;
    use orgsim::scenario::schema::scenario_keys;
    let (en_part, nl_part) = (
        format!(
            "{}{}",
            section_of(en, "timeline"),
            section_of(en, "settings")
        ),
        format!(
            "{}{}",
            section_of(nl, "timeline"),
            section_of(nl, "settings")
        ),
    );
    let mut shown = 0;
    for key in scenario_keys() {
        let english = meaning_html(key.meaning);
        if !en_part.contains(&format!("<span class=\"meaning\">{english}</span>")) {
            continue;
        }
        shown += 1;
        let dutch = meaning_html(&Lang::Nl.key_meaning(key.table, key.name, key.meaning));
        assert_ne!(dutch, english, "{}", key.path());
        assert!(
            !nl_part.contains(&format!("<span class=\"meaning\">{english}</span>")),
            "the English meaning of {} in the Dutch page",
            key.path()
        );
        assert!(
            nl_part.contains(&format!("<span class=\"meaning\">{dutch}</span>")),
            "the Dutch page lacks the meaning of {}: {dutch}",
            key.path()
        );
        let label = Lang::Nl.key_label(key.table, key.name);
        // A sweep's varied settings are named by their path, as code.
        assert!(
            nl_part.contains(&label) || nl_part.contains(&format!(".{}</code>", key.name)),
            "the Dutch page lacks the label of {}: {label}",
            key.path()
        );
    }
    // No value cell of the Dutch appendix has a decimal point.
    for cell in nl_part.split("<td").skip(1) {
        let text = &cell[cell.find('>').unwrap() + 1..cell.find("</td>").unwrap_or(cell.len())];
        let plain: String = text
            .split('<')
            .map(|s| s.split_once('>').map_or(s, |(_, t)| t))
            .collect();
        for word in plain.split([' ', ';', '(', ')', ':']) {
            assert!(!decimal_mark(word, '.'), "a decimal point in {plain:?}");
        }
    }
    shown
}

/// A run of the transition (small, with a changed coefficient and a changed organisation), in
/// English and in Dutch: the settings appendix and the timeline are Dutch, labels, meanings,
/// values with a decimal comma, defaults and the interventions' details.
#[test]
fn the_dutch_settings_appendix_and_timeline_of_a_run() {
    use orgsim::model::params::PARAMETER_SPECS;
    use orgsim::output::i18n::Lang;
    let dir = temp("settings_run");
    let out = dir.join("out");
    let out_s = out.to_str().unwrap();
    orgsim_ok(&[
        "run",
        "scenarios/transition.toml",
        "-n",
        "2",
        "--set",
        "organisation.teams=4",
        "--set",
        "parameters.trust_loss_rate=0.3",
        "--no-figures",
        "-q",
        "--out",
        out_s,
    ]);
    let en = read_text(&out.join(REPORT_FILE));
    orgsim_ok(&["report", out_s, "-q", "--lang", "nl"]);
    let nl = read_text(&out.join(REPORT_FILE));
    let shown = assert_keys_in_dutch(&en, &nl);
    assert!(shown >= 25, "only {shown} keys shown");
    let (en_timeline, nl_timeline) = (section_of(&en, "timeline"), section_of(&nl, "timeline"));
    assert!(en_timeline.contains("target style 0.85 · ramp months 12"));
    assert!(
        nl_timeline.contains("doelstijl 0,85 · aanloopmaanden 12"),
        "{nl_timeline}"
    );
    assert!(nl_timeline.contains("uren per maand 8"));
    assert!(nl_timeline.contains("aandeel ideeëntijd 0,05"));
    assert!(!nl_timeline.contains("target style") && !nl_timeline.contains("hours per month"));
    let (en_settings, nl_settings) = (section_of(&en, "settings"), section_of(&nl, "settings"));
    // Values and defaults: English as it was, Dutch with a decimal comma.
    assert!(en_settings.contains("<td class=\"value\">0.95</td>"));
    assert!(nl_settings.contains("<td class=\"value\">0,95</td>"));
    assert!(en_settings.contains(">4<span class=\"default\">default 20</span>"));
    assert!(nl_settings.contains(">4<span class=\"default\">standaard 20</span>"));
    assert!(nl_settings.contains(">Teamgrootte<") && !nl_settings.contains(">Team size<"));
    // The changed coefficient: its meaning through the Dutch table of coefficients, its
    // value, default and range with a decimal comma.
    let spec = PARAMETER_SPECS
        .iter()
        .find(|s| s.name == "trust_loss_rate")
        .unwrap();
    let dutch = Lang::Nl.parameter_meaning(spec.name, spec.meaning);
    assert_ne!(dutch, spec.meaning, "the coefficient has a Dutch meaning");
    assert!(nl_settings.contains(&meaning_html(&dutch)), "{dutch}");
    assert!(en_settings.contains(&meaning_html(spec.meaning)));
    assert!(
        !nl_settings.contains(&meaning_html(spec.meaning)),
        "the English meaning of {} in the Dutch appendix",
        spec.name
    );
    assert!(en_settings.contains(">0.3</td><td class=\"num\">0.15</td><td class=\"num\">0 to 1<"));
    assert!(nl_settings.contains(">0,3</td><td class=\"num\">0,15</td><td class=\"num\">0 tot 1<"));
    std::fs::remove_dir_all(&dir).ok();
}

/// A comparison of control and coaching in Dutch: the setting that differs and the shared
/// ones carry Dutch labels, meanings and decimal commas.
#[test]
fn the_dutch_settings_appendix_of_a_comparison() {
    let dir = temp("settings_compare");
    let out = dir.join("out");
    let out_s = out.to_str().unwrap();
    orgsim_ok(&[
        "compare",
        "scenarios/control.toml",
        "scenarios/coaching.toml",
        "-n",
        "2",
        "--set",
        "organisation.teams=4",
        "--no-figures",
        "-q",
        "--out",
        out_s,
    ]);
    let en = read_text(&out.join(REPORT_FILE));
    orgsim_ok(&["report", out_s, "-q", "--lang", "nl"]);
    let nl = read_text(&out.join(REPORT_FILE));
    let shown = assert_keys_in_dutch(&en, &nl);
    assert!(shown >= 8, "only {shown} keys shown");
    let (en_settings, nl_settings) = (section_of(&en, "settings"), section_of(&nl, "settings"));
    assert!(en_settings.contains(">Management: Style mean<"));
    assert!(nl_settings.contains(">Leiderschap: Gemiddelde stijl<"));
    assert!(nl_settings.contains(">0,05</td>") && nl_settings.contains(">0,9</td>"));
    assert!(en_settings.contains(">Organisation: Initial fill</th><td class=\"value\">0.95<"));
    assert!(
        nl_settings.contains(">Organisatie: Bezetting bij de start</th><td class=\"value\">0,95<")
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A small grid sweep over the transition in Dutch: the varied settings with their Dutch
/// meanings (the coaching programme's `share_of_managers`, not the style change's) and
/// values with decimal commas, in the settings and in the points table; the lede and the
/// provenance of the design in Dutch.
#[test]
fn the_dutch_settings_of_a_sweep() {
    use orgsim::output::i18n::Lang;
    let dir = temp("settings_sweep");
    let transition = read_text(Path::new("scenarios/transition.toml"));
    let small = transition
        .replace("months = 60", "months = 12")
        .replace("end_month = 30", "end_month = 9")
        .replace("teams = 20", "teams = 4");
    assert!(
        small.lines().any(|l| l.starts_with("months = 12"))
            && small.contains("end_month = 9")
            && small.contains("teams = 4"),
        "transition.toml's horizon, programme end and teams"
    );
    let base = dir.join("base.toml");
    std::fs::write(&base, small).unwrap();
    let file = dir.join("sweep.toml");
    std::fs::write(
        &file,
        format!(
            "base = {:?}\nreplications = 2\nseed = 3\n\n[design]\nkind = \"grid\"\n\n\
             [[vary]]\nkey = \"parameters.trust_loss_rate\"\nvalues = [0.05, 0.2, 0.4]\n\n\
             [[vary]]\nkey = \"interventions.0.share_of_managers\"\nvalues = [0.5, 1.0]\n\n\
             [output]\nmetrics = [\"performance\"]\n",
            base.to_str().unwrap()
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let out_s = out.to_str().unwrap();
    orgsim_ok(&[
        "sweep",
        file.to_str().unwrap(),
        "--out",
        out_s,
        "-q",
        "--no-figures",
    ]);
    let en = read_text(&out.join(REPORT_FILE));
    orgsim_ok(&["report", out_s, "-q", "--lang", "nl"]);
    let nl = read_text(&out.join(REPORT_FILE));
    assert_keys_in_dutch(&en, &nl);
    let (en_settings, nl_settings) = (section_of(&en, "settings"), section_of(&nl, "settings"));
    let share = orgsim::scenario::schema::scenario_keys()
        .find(|k| k.name == "share_of_managers" && k.kind == Some("coaching_programme"))
        .unwrap();
    let dutch = Lang::Nl.key_meaning(share.table, share.name, share.meaning);
    assert!(en_settings.contains(&meaning_html(share.meaning)));
    assert!(nl_settings.contains(&meaning_html(&dutch)), "{dutch}");
    assert!(en_settings.contains(">0.05, 0.2, 0.4<"));
    assert!(nl_settings.contains(">0,05; 0,2; 0,4<"));
    assert!(nl_settings.contains("<i>gevarieerd</i>: 0,05; 0,2; 0,4"));
    let results = section_of(&nl, "results");
    assert!(results.contains("<td class=\"num\">0,05</td>"));
    assert!(!results.contains("<td class=\"num\">0.05</td>"));
    assert!(
        results.contains("de tabel geeft <b>prestatie</b>"),
        "{results}"
    );
    assert!(en.contains("6 points varying") && !nl.contains("6 points varying"));
    assert!(nl.contains(
        "6 punten die parameters.trust_loss_rate × interventions.0.share_of_managers variëren"
    ));
    assert!(nl.contains("6 punten × 2 replicaties = 12 runs; gevarieerd:"));
    assert!(nl.contains("maatstaven: Prestatie; elke 1 maand(en)"));
    std::fs::remove_dir_all(&dir).ok();
}

/// The shipped small economy in Dutch: its organisation's settings carry Dutch labels,
/// meanings and decimal commas.
#[test]
fn the_dutch_settings_of_an_economy() {
    let dir = temp("settings_economy");
    let out = dir.join("out");
    let out_s = out.to_str().unwrap();
    orgsim_ok(&[
        "run",
        "scenarios/economy/small_economy.toml",
        "-n",
        "2",
        "--no-figures",
        "-q",
        "--out",
        out_s,
    ]);
    let en = read_text(&out.join(REPORT_FILE));
    orgsim_ok(&["report", out_s, "-q", "--lang", "nl"]);
    let nl = read_text(&out.join(REPORT_FILE));
    let shown = assert_keys_in_dutch(&en, &nl);
    assert!(shown >= 20, "only {shown} keys shown");
    std::fs::remove_dir_all(&dir).ok();
}
