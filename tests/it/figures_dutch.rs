//! The sweep, heatmap and sensitivity figures in Dutch: `orgsim plot --lang nl` and `orgsim
//! sensitivity --lang nl` draw them with Dutch titles, axes, legends and metric names, none of
//! the English fixed strings, and tick labels with a decimal comma; a Dutch report of a Sobol'
//! sweep inlines them in Dutch; the English ones keep their words. Small sweeps over a control
//! organisation (12 months, 4 teams, 2 replications).

use crate::common;

use common::{orgsim, orgsim_ok, read_text, repo_path, svg_texts, temp_dir, text};
use orgsim::output::report::REPORT_FILE;
use std::path::{Path, PathBuf};

fn temp(name: &str) -> PathBuf {
    let dir = temp_dir("figures_dutch", name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Whether `text` ends in a number with `mark` between digits, e.g. `0.60`, `−0,05`, or a
/// legend's `style_mean = 0,5`.
fn decimal_mark(text: &str, mark: char) -> bool {
    let last = text.rsplit([' ', '(']).next().unwrap_or("");
    let t = last.trim_start_matches(['+', '−', '-']);
    let mut parts = t.splitn(2, mark);
    let (a, b) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    !a.is_empty()
        && !b.is_empty()
        && a.chars().all(|c| c.is_ascii_digit())
        && b.chars().all(|c| c.is_ascii_digit())
}

/// Asserts the Dutch `svg` (named `what`) labels its numbers with decimal commas only.
fn decimal_commas(svg: &str, what: &str) {
    let texts = svg_texts(svg);
    assert!(
        texts.iter().any(|t| decimal_mark(t, ',')),
        "no decimal comma in the Dutch {what}: {texts:?}"
    );
    let points: Vec<&&str> = texts.iter().filter(|t| decimal_mark(t, '.')).collect();
    assert!(
        points.is_empty(),
        "decimal points in the Dutch {what}: {points:?}"
    );
}

/// Asserts `english` has every English string of `pairs` and `dutch` every Dutch one and no
/// English one.
fn words(english: &str, dutch: &str, pairs: &[(&str, &str)], what: &str) {
    for (en, nl) in pairs {
        assert!(english.contains(en), "the English {what} lacks {en:?}");
        assert!(!dutch.contains(en), "English {en:?} in the Dutch {what}");
        assert!(dutch.contains(nl), "the Dutch {what} lacks {nl:?}");
    }
}

/// A small control organisation as a sweep's base, in `dir`.
fn base(dir: &Path) -> PathBuf {
    let control = read_text(&repo_path("scenarios/control.toml"));
    let small = control
        .replace("months = 60", "months = 12")
        .replace("teams = 20", "teams = 4");
    assert_ne!(small, control, "control.toml's horizon and teams");
    let path = dir.join("base.toml");
    std::fs::write(&path, small).unwrap();
    path
}

/// A sweep file `name` in `dir` with `design` and `vary` (the `[[vary]]` tables).
fn sweep_file(dir: &Path, name: &str, design: &str, vary: &str) -> PathBuf {
    let text = format!(
        "name = {name:?}\nbase = {:?}\nreplications = 2\nseed = 3\n\n[design]\n{design}\n\n{vary}\n\
         [output]\nmetrics = [\"performance\", \"retention\", \"trust\"]\nevery_months = 6\n",
        base(dir).to_str().unwrap()
    );
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, text).unwrap();
    path
}

/// A 3×2 grid of two keys.
const GRID: &str = "[[vary]]\nkey = \"parameters.trust_loss_rate\"\nvalues = [0.1, 0.25, 0.4]\n\n\
                    [[vary]]\nkey = \"management.style_mean\"\nvalues = [0.0, 0.5]\n";

const TWO_KEYS: &str = "[[vary]]\nkey = \"parameters.trust_loss_rate\"\nfrom = 0.05\nto = 0.4\n\n\
                        [[vary]]\nkey = \"management.style_mean\"\nfrom = 0.0\nto = 1.0\n";

/// Runs a sweep of `file` into `out` (figures and report as `extra` says).
fn sweep(file: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "sweep",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    args.extend(extra);
    orgsim_ok(&args);
}

/// (English, Dutch) fixed strings of the sweep figure of the grid below, as the SVG writes
/// them (each text on a line of its own, an apostrophe as `&apos;`).
const SWEEP_LINES: &[(&str, &str)] = &[
    ("Sweep “grid”", "Verkenning “grid”"),
    ("metrics at month 12 by", "maatstaven in maand 12 naar"),
    (
        "Mean of 2 replications per point, whiskers: 95% CI",
        "Gemiddelde van 2 replicaties per punt, snorharen: 95%-interval",
    ),
    (
        "one line per value of management.style_mean",
        "één lijn per waarde van management.style_mean",
    ),
    ("style_mean = 0.5", "style_mean = 0,5"),
    ("\nPerformance\n", "\nPrestatie\n"),
    ("\nRetention\n", "\nBehoud van personeel\n"),
    ("share (0–1)", "aandeel (0–1)"),
    ("scale 0–1", "schaal 0–1"),
];

/// (English, Dutch) fixed strings of its heatmap.
const HEATMAP: &[(&str, &str)] = &[
    (
        "Sweep “grid”: performance at month 12",
        "Verkenning “grid”: prestatie in maand 12",
    ),
    (
        "by parameters.trust_loss_rate and management.style_mean",
        "naar parameters.trust_loss_rate en management.style_mean",
    ),
    (
        "Mean of 2 replications per point",
        "Gemiddelde van 2 replicaties per punt",
    ),
    ("dark = low, yellow = high", "donker = laag, geel = hoog"),
    ("Performance (", "Prestatie ("),
];

#[test]
fn plot_lang_nl_draws_dutch_sweep_and_heatmap_figures() {
    let dir = temp("grid");
    let file = sweep_file(&dir, "grid", "kind = \"grid\"", GRID);
    let out = dir.join("grid");
    sweep(&file, &out, &["--no-report", "--no-figures"]);
    let figures = out.join("figures");
    let out_s = out.to_str().unwrap();
    let metrics = ["-m", "performance,retention,trust"];
    orgsim_ok(&[&["plot", out_s, "-q"][..], &metrics[..]].concat());
    let (en_lines, en_heat, en_overview) = (
        read_text(&figures.join("sweep.svg")),
        read_text(&figures.join("heatmap.svg")),
        read_text(&figures.join("overview.svg")),
    );
    orgsim_ok(&[&["plot", out_s, "-q", "--lang", "nl"][..], &metrics[..]].concat());
    let (nl_lines, nl_heat, nl_overview) = (
        read_text(&figures.join("sweep.svg")),
        read_text(&figures.join("heatmap.svg")),
        read_text(&figures.join("overview.svg")),
    );
    words(&en_lines, &nl_lines, SWEEP_LINES, "sweep figure");
    words(&en_heat, &nl_heat, HEATMAP, "heatmap");
    // The keys stay as written.
    assert!(nl_lines.contains("parameters.trust_loss_rate"));
    decimal_commas(&nl_lines, "sweep figure");
    decimal_commas(&nl_heat, "heatmap");
    // Six points: an overview over the months too, its lines labelled by their values.
    let overview = [
        ("style_mean = 0.5", "style_mean = 0,5"),
        ("trust_loss_rate = 0.25", "trust_loss_rate = 0,25"),
    ];
    words(&en_overview, &nl_overview, &overview, "overview");
    decimal_commas(&nl_overview, "overview");
    // Drawn again in English: the English words and decimal points are back.
    orgsim_ok(&[&["plot", out_s, "-q"][..], &metrics[..]].concat());
    assert_eq!(read_text(&figures.join("sweep.svg")), en_lines);
    assert_eq!(read_text(&figures.join("heatmap.svg")), en_heat);
    std::fs::remove_dir_all(&dir).ok();
}

/// (English, Dutch) fixed strings of the Sobol' ranking.
const RANKING: &[(&str, &str)] = &[
    (
        "Which choices matter most? Sobol&apos; indices",
        "Welke keuzes wegen het zwaarst? Sobol&apos;-indices",
    ),
    ("ST: with interactions", "totale index ST: met interacties"),
    ("S1: alone", "index eerste orde S1: alleen"),
    (
        "whiskers: 95% bootstrap intervals",
        "snorharen: 95%-bootstrapintervallen",
    ),
    (
        "index (share of variance)",
        "index (aandeel van de variantie)",
    ),
    (
        "Performance, month 12, noise ",
        "Prestatie, maand 12, ruis ",
    ),
    ("Magnitudes come from", "De groottes volgen uit"),
];

/// (English, Dutch) fixed strings of the indices over time.
const OVER_TIME: &[(&str, &str)] = &[
    (
        "Which choices matter most, month by month",
        "Welke keuzes wegen het zwaarst, maand na maand",
    ),
    (
        "The total Sobol&apos; index ST of",
        "De totale Sobol&apos;-index ST van",
    ),
    ("\nmonth\n", "\nmaand\n"),
    ("\nRetention\n", "\nBehoud van personeel\n"),
];

/// (English, Dutch) fixed strings of the Morris plane.
const MORRIS: &[(&str, &str)] = &[
    (
        "Which choices matter most? Morris screening",
        "Welke keuzes wegen het zwaarst? Morris-screening",
    ),
    (
        "μ* (mean absolute effect)",
        "μ* (gemiddeld absoluut effect)",
    ),
    ("σ (spread of effects)", "σ (spreiding van de effecten)"),
    (
        "Right: the choice moves the outcome much",
        "Rechts: de keuze verschuift de uitkomst sterk",
    ),
    (
        "Retention, month 12, noise ",
        "Behoud van personeel, maand 12, ruis ",
    ),
];

/// A Sobol' sweep analysed over time: `orgsim sensitivity --lang nl` draws its figures in
/// Dutch and rewrites its report in Dutch, with the sweep, heatmap and sensitivity figures
/// inline in Dutch; `orgsim report` without `--lang` is English again.
#[test]
fn sensitivity_lang_nl_draws_sobol_figures_and_a_dutch_report() {
    let dir = temp("sobol");
    let file = sweep_file(
        &dir,
        "sobol",
        "kind = \"sobol\"\nbase_samples = 8\nseed = 5",
        TWO_KEYS,
    );
    let out = dir.join("sobol");
    sweep(&file, &out, &[]);
    let out_s = out.to_str().unwrap();
    let figures = out.join("figures");
    let over_time = ["--over-time", "--every", "6"];
    orgsim_ok(&[&["sensitivity", out_s, "-q"][..], &over_time[..]].concat());
    let en_ranking = read_text(&figures.join("sensitivity_ranking.svg"));
    let en_over_time = read_text(&figures.join("sensitivity_over_time.svg"));
    let en_report = read_text(&out.join(REPORT_FILE));

    orgsim_ok(
        &[
            &["sensitivity", out_s, "-q", "--lang", "nl"][..],
            &over_time[..],
        ]
        .concat(),
    );
    let nl_ranking = read_text(&figures.join("sensitivity_ranking.svg"));
    let nl_over_time = read_text(&figures.join("sensitivity_over_time.svg"));
    words(&en_ranking, &nl_ranking, RANKING, "Sobol' ranking");
    words(&en_over_time, &nl_over_time, OVER_TIME, "indices over time");
    decimal_commas(&nl_ranking, "Sobol' ranking");
    decimal_commas(&nl_over_time, "indices over time");
    assert!(nl_ranking.contains("trust_loss_rate") && nl_ranking.contains("style_mean"));

    // The report `orgsim sensitivity` rewrote is Dutch, its figures inline in Dutch: the
    // sensitivity figures, and the sweep figure and heatmap drawn anew.
    let nl_report = read_text(&out.join(REPORT_FILE));
    assert!(nl_report.contains("Welke keuzes wegen het zwaarst?"));
    // The inline drawing that holds `words`.
    let inline = |html: &str, words: &str| -> String {
        html.split("<svg")
            .skip(1)
            .map(|rest| rest.split("</svg>").next().unwrap())
            .find(|svg| svg.contains(words))
            .unwrap_or_else(|| panic!("no inline figure with {words:?}"))
            .to_string()
    };
    for (en, nl) in [
        RANKING[0],
        OVER_TIME[0],
        (
            "Sweep “sobol”: metrics at month 12",
            "Verkenning “sobol”: maatstaven in maand 12",
        ),
        (
            "Sweep “sobol”: performance at month 12",
            "Verkenning “sobol”: prestatie in maand 12",
        ),
    ] {
        assert!(en_report.contains(en), "the English report lacks {en:?}");
        assert!(
            !nl_report.contains(en),
            "English {en:?} in the Dutch report"
        );
        decimal_commas(&inline(&nl_report, nl), nl);
    }
    // The heatmap of a sampled design bins its axes, and says so.
    assert!(en_report.contains("trust_loss_rate (bin centres)"));
    assert!(nl_report.contains("trust_loss_rate (klassenmiddens)"));
    assert!(!nl_report.contains("(bin centres)"));

    // The files are marked with their language; with Dutch files, an English report draws
    // every figure anew in English.
    assert!(nl_ranking.contains("xml:lang=\"nl\"") && en_ranking.contains("xml:lang=\"en\""));
    orgsim_ok(&["plot", out_s, "-q", "--lang", "nl"]);
    assert!(read_text(&figures.join("sweep.svg")).contains("xml:lang=\"nl\""));
    orgsim_ok(&["report", out_s, "-q"]);
    let en_from_dutch = read_text(&out.join(REPORT_FILE));
    for (en, nl) in [
        RANKING[0],
        OVER_TIME[0],
        (
            "Sweep “sobol”: metrics at month 12",
            "Verkenning “sobol”: maatstaven in maand 12",
        ),
    ] {
        assert!(
            en_from_dutch.contains(en) && !en_from_dutch.contains(nl),
            "the English report over Dutch files: {en}"
        );
    }

    // Figure files drawn in English again: `orgsim report --lang nl` still draws every figure
    // in Dutch (the sensitivity figures from sensitivity.csv), and the English report shows
    // the English files.
    orgsim_ok(&["plot", out_s, "-q"]);
    orgsim_ok(&["report", out_s, "-q"]);
    let en_again = read_text(&out.join(REPORT_FILE));
    for (en, nl) in [RANKING[0], OVER_TIME[0]] {
        assert!(en_again.contains(en) && !en_again.contains(nl), "{en}");
    }
    orgsim_ok(&["report", out_s, "-q", "--lang", "nl"]);
    let nl_again = read_text(&out.join(REPORT_FILE));
    for (en, nl) in [RANKING[0], OVER_TIME[0]] {
        assert!(!nl_again.contains(en) && nl_again.contains(nl), "{nl}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// A Morris sweep: `orgsim plot --lang nl` redraws its sensitivity figures in Dutch; a
/// language orgsim does not know is refused with exit code 2, naming en and nl.
#[test]
fn plot_lang_nl_redraws_morris_figures_in_dutch() {
    let dir = temp("morris");
    let file = sweep_file(
        &dir,
        "morris",
        "kind = \"morris\"\ntrajectories = 4\nlevels = 4\nseed = 5",
        TWO_KEYS,
    );
    let out = dir.join("morris");
    sweep(&file, &out, &["--no-figures", "--no-report"]);
    let out_s = out.to_str().unwrap();
    let refused = orgsim(&["sensitivity", out_s, "--lang", "de"]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = text(&refused.stderr);
    assert!(stderr.contains("en") && stderr.contains("nl"), "{stderr}");
    orgsim_ok(&["sensitivity", out_s, "-q", "-m", "retention", "-m", "trust"]);
    let plane = out.join("figures").join("sensitivity_morris.svg");
    let english = read_text(&plane);
    orgsim_ok(&["plot", out_s, "-q", "--lang", "nl"]);
    let dutch = read_text(&plane);
    words(&english, &dutch, MORRIS, "Morris plane");
    decimal_commas(&dutch, "Morris plane");
    std::fs::remove_dir_all(&dir).ok();
}

/// `--lang nl` on the commands that write results: `compare` and `sweep` draw their figures
/// and write their report in Dutch at once; an unknown language is refused with exit code 2.
#[test]
fn compare_and_sweep_lang_nl_write_dutch_figures_and_report() {
    let dir = temp("commands");
    let control = base(&dir);
    let compared = dir.join("compared");
    orgsim_ok(&[
        "compare",
        control.to_str().unwrap(),
        control.to_str().unwrap(),
        "--set",
        "replications=2",
        "--out",
        compared.to_str().unwrap(),
        "-q",
        "--lang",
        "nl",
    ]);
    let report = read_text(&compared.join(REPORT_FILE));
    assert!(report.contains("<html lang=\"nl\">"));
    for figure in ["overview.svg", "differences.svg"] {
        let svg = read_text(&compared.join("figures").join(figure));
        assert!(svg.contains("xml:lang=\"nl\""), "{figure} is not Dutch");
        decimal_commas(&svg, figure);
    }

    let file = sweep_file(&dir, "grid", "kind = \"grid\"", GRID);
    let swept = dir.join("grid");
    orgsim_ok(&[
        "sweep",
        file.to_str().unwrap(),
        "--out",
        swept.to_str().unwrap(),
        "-q",
        "--lang",
        "nl",
    ]);
    assert!(read_text(&swept.join(REPORT_FILE)).contains("<html lang=\"nl\">"));
    let svg = read_text(&swept.join("figures/sweep.svg"));
    assert!(svg.contains("xml:lang=\"nl\""));

    let refused = orgsim(&["run", control.to_str().unwrap(), "--lang", "de", "-q"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("nl"));
    std::fs::remove_dir_all(&dir).ok();
}
