//! Scenario discovery: orgsim's PRIM against EMA Workbench's on a committed fixture
//! (`tests/fixtures/prim/`, made by its `make_fixture.py`), and `orgsim discover` on sweeps.

use crate::common::{orgsim, orgsim_ok, repo_path, temp_dir, text};
use orgsim::experiment::prim::{Column, Limit, PrimSettings, discover};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/prim/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// The fixture's input `j` as orgsim's column, by its pandas dtype.
fn column(f: &Value, j: usize) -> Column {
    let values = numbers(&f["x"][j]);
    match f["kinds"][j].as_str().unwrap() {
        "float64" => Column::Real(values),
        "int32" | "int64" => Column::Integer(values.iter().map(|&v| v as i64).collect()),
        // Small whole numbers as categories: the codes are the numbers.
        _ => Column::Categorical(values.iter().map(|&v| v as u32).collect()),
    }
}

/// EMA Workbench's limits of one input (two numbers, or the categories twice) as orgsim's.
fn limit(c: &Column, v: &Value) -> Limit {
    match c {
        Column::Real(_) => {
            let v = numbers(v);
            Limit::Real(v[0], v[1])
        }
        Column::Integer(_) => {
            let v = numbers(v);
            Limit::Integer(v[0] as i64, v[1] as i64)
        }
        Column::Categorical(_) => {
            Limit::Categories(numbers(&v[0]).iter().map(|&c| c as u32).collect())
        }
    }
}

/// Runs orgsim's PRIM on a fixture's data and checks every box EMA Workbench found, the one
/// that missed the threshold included: the whole trajectory step by step (points, cases,
/// restricted inputs and limits exactly; coverage, density and mass to rounding), and the
/// quasi-p-values of the box.
fn agrees_with_ema_workbench(name: &str) {
    let f = fixture(name);
    let columns: Vec<String> = f["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    let inputs: Vec<Column> = (0..columns.len()).map(|j| column(&f, j)).collect();
    let y: Vec<bool> = numbers(&f["y"]).iter().map(|&v| v == 1.0).collect();
    let found = discover(&inputs, &y, &PrimSettings::default()).unwrap();
    let theirs = f["boxes"].as_array().unwrap();
    assert_eq!(found.boxes.len(), theirs.len(), "{name}: number of boxes");
    for (b, (ours, theirs)) in found.boxes.iter().zip(theirs).enumerate() {
        assert_eq!(
            ours.accepted,
            theirs["accepted"].as_bool().unwrap(),
            "{name} box {b}: accepted"
        );
        let steps = theirs["trajectory"].as_array().unwrap();
        assert_eq!(ours.trajectory.len(), steps.len(), "{name} box {b}: steps");
        for (s, (o, t)) in ours.trajectory.iter().zip(steps).enumerate() {
            let at = format!("{name} box {b} step {s}");
            assert_eq!(
                o.points as u64,
                t["points"].as_u64().unwrap(),
                "{at}: points"
            );
            assert_eq!(o.cases as u64, t["cases"].as_u64().unwrap(), "{at}: cases");
            assert_eq!(
                o.restricted.len() as u64,
                t["restricted"].as_u64().unwrap(),
                "{at}: restricted"
            );
            for (key, ours) in [
                ("coverage", o.coverage),
                ("density", o.density),
                ("mass", o.mass),
            ] {
                let want = t[key].as_f64().unwrap();
                assert!((ours - want).abs() < 1e-12, "{at}: {key} {ours} vs {want}");
            }
            for (j, c) in columns.iter().enumerate() {
                let want = limit(&inputs[j], &t["limits"][c]);
                assert_eq!(o.limits[j], want, "{at}: limits of {c}");
            }
        }
        let want = &theirs["quasi_p"];
        let last = ours.last();
        let mut names: Vec<&str> = last
            .restricted
            .iter()
            .map(|&j| columns[j].as_str())
            .collect();
        names.sort_unstable();
        let mut theirs_names: Vec<&str> = want
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        theirs_names.sort_unstable();
        assert_eq!(names, theirs_names, "{name} box {b}: restricted inputs");
        for q in &ours.quasi_p {
            let t = numbers(&want[&columns[q.input]]);
            for (ours, theirs) in [(q.low, t[0]), (q.high, t[1])] {
                match ours {
                    None => assert_eq!(theirs, -1.0, "{name} box {b}: unrestricted limit"),
                    Some(p) => assert!(
                        (p - theirs).abs() <= 1e-12 + 1e-7 * theirs,
                        "{name} box {b} {}: quasi-p {p} vs {theirs}",
                        columns[q.input]
                    ),
                }
            }
        }
    }
}

#[test]
fn prim_agrees_with_ema_workbench_on_one_box() {
    agrees_with_ema_workbench("one_box.json");
}

#[test]
fn prim_agrees_with_ema_workbench_on_two_boxes() {
    agrees_with_ema_workbench("two_boxes.json");
}

#[test]
fn prim_agrees_with_ema_workbench_on_integer_and_categorical_inputs() {
    agrees_with_ema_workbench("mixed.json");
}

/// A small sweep over control management: the number of teams (which alone sets the
/// headcount at month 0) and two coefficients that do not change it.
fn one_key_sweep(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("one_key.toml");
    let base = repo_path("scenarios/control.toml");
    std::fs::write(
        &path,
        format!(
            "name = \"one_key\"\nbase = {:?}\nreplications = 2\nseed = 5\n\n\
             [design]\nkind = \"latin_hypercube\"\npoints = 60\nseed = 2\n\n\
             [[vary]]\nkey = \"organisation.teams\"\nfrom = 5\nto = 30\n\n\
             [[vary]]\nkey = \"parameters.trust_loss_rate\"\nfrom = 0.05\nto = 0.3\n\n\
             [[vary]]\nkey = \"parameters.learn_coach\"\nfrom = 0.005\nto = 0.03\n\n\
             [output]\nmetrics = [\"headcount\", \"net_value\"]\nevery_months = 6\n",
            base.to_str().unwrap()
        ),
    )
    .unwrap();
    path
}

fn sweep(file: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "sweep",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--set",
        "months=12",
        "--quiet",
        "--no-report",
        "--no-figures",
    ];
    args.extend(extra);
    orgsim_ok(&args);
}

const DISCOVER_FILES: [&str; 7] = [
    "boxes.csv",
    "trajectory.csv",
    "discovery.json",
    "tradeoff.svg",
    "tradeoff.png",
    "box_limits.svg",
    "box_limits.png",
];

#[test]
fn a_condition_on_one_key_is_explained_by_that_key_alone() {
    let dir = temp_dir("discover", "one-key");
    let file = one_key_sweep(&dir);
    let whole = dir.join("whole");
    sweep(&file, &whole, &[]);
    let words = orgsim_ok(&[
        "discover",
        whole.to_str().unwrap(),
        "--where",
        "headcount@0 < 150",
    ]);
    assert!(words.contains("organisation.teams <="), "{words}");
    let boxes = std::fs::read_to_string(whole.join("discover/boxes.csv")).unwrap();
    let first: Vec<Vec<&str>> = boxes
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .filter(|cells: &Vec<&str>| cells[0] == "1")
        .collect();
    assert_eq!(first.len(), 1, "the first box restricts one key:\n{boxes}");
    let row = &first[0];
    assert_eq!(row[6], "organisation.teams");
    assert_eq!(
        row[2], "1",
        "density 1: the headcount follows the teams exactly"
    );
    let high: f64 = row[8].parse().unwrap();
    assert!((14.0..15.0).contains(&high), "teams <= {high}");
    assert!(row[7].is_empty(), "no lower limit");
    // The report gains the section.
    orgsim_ok(&["report", whole.to_str().unwrap(), "--quiet"]);
    let page = std::fs::read_to_string(whole.join("report.html")).unwrap();
    assert!(page.contains("Scenario discovery") && page.contains("organisation.teams"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn sharded_and_merged_sweeps_give_the_same_discovery() {
    let dir = temp_dir("discover", "shards");
    let file = one_key_sweep(&dir);
    let whole = dir.join("whole");
    sweep(&file, &whole, &[]);
    let mut shards = vec![];
    for i in 0..3 {
        let shard = dir.join(format!("shard-{i}"));
        sweep(&file, &shard, &["--shard", &format!("{i}/3")]);
        shards.push(shard.to_str().unwrap().to_string());
    }
    let merged = dir.join("merged");
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(String::as_str));
    args.extend([
        "--out",
        merged.to_str().unwrap(),
        "--quiet",
        "--no-report",
        "--no-figures",
    ]);
    orgsim_ok(&args);
    for folder in [&whole, &merged] {
        for per in [false, true] {
            let mut args = vec![
                "discover",
                folder.to_str().unwrap(),
                "--where",
                "headcount@12 < 150 and net_value@12 > 0",
                "--quiet",
            ];
            if per {
                args.push("--per-replication");
            }
            orgsim_ok(&args);
            let keep = folder.join(if per { "per-replication" } else { "per-point" });
            std::fs::rename(folder.join("discover"), &keep).unwrap();
        }
    }
    for sub in ["per-point", "per-replication"] {
        for name in DISCOVER_FILES {
            let read = |d: &Path| std::fs::read(d.join(sub).join(name)).unwrap();
            assert!(
                read(&whole) == read(&merged),
                "{sub}/{name} differs between the whole and the merged sweep"
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_conditions_are_refused_with_the_column_and_a_hint() {
    let dir = temp_dir("discover", "bad");
    let file = one_key_sweep(&dir);
    let whole = dir.join("whole");
    sweep(&file, &whole, &[]);
    let folder = whole.to_str().unwrap();
    let cases: [(&str, &[&str]); 7] = [
        (
            "headcont@12 < 150",
            &["column 1", "did you mean `headcount`"],
        ),
        ("headcount@12 = 150", &["column 14", "<="]),
        ("headcount@twelve < 150", &["column 11", "not a month"]),
        ("headcount@12 < 150 and", &["expected a metric"]),
        ("headcount@13 < 150", &["month 13", "0, 6, 12"]),
        ("headcount@24 < 150", &["past the horizon (12)"]),
        (
            "trust@12 < 0.5 or headcount@12 < 150",
            &["column 1", "did not keep `trust`"],
        ),
    ];
    for (condition, wanted) in cases {
        let out = orgsim(&["discover", folder, "--where", condition]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{condition}: {err}");
        for w in wanted {
            assert!(err.contains(w), "{condition}: no `{w}` in {err}");
        }
        assert!(
            !whole.join("discover").exists(),
            "{condition}: nothing written"
        );
    }
    let out = orgsim(&[
        "discover",
        folder,
        "--where",
        "headcount@12 < 1",
        "--threshold",
        "1.5",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let not_sweep = dir.to_str().unwrap();
    let out = orgsim(&["discover", not_sweep, "--where", "headcount@12 < 1"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("not the folder of a finished sweep"));
    std::fs::remove_dir_all(&dir).ok();
}

/// The `<li>` lines and the `<text>` of the figures in the report's discovery section.
fn discovery_section(page: &str) -> (Vec<String>, Vec<String>) {
    let section = page
        .split("<section id=\"discovery\">")
        .nth(1)
        .expect("a discovery section")
        .split("</section>")
        .next()
        .unwrap();
    let between = |open: &str, close: &str| -> Vec<String> {
        section
            .match_indices(open)
            .filter_map(|(i, _)| {
                let start = i + section[i..].find('>')? + 1;
                let end = start + section[start..].find(close)?;
                Some(section[start..end].trim().to_string())
            })
            .collect()
    };
    (between("<li", "</li>"), between("<text", "</text>"))
}

/// A number with `mark` between two digits (`0,05`, `0.383`).
fn has_decimal(text: &str, mark: char) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == mark && w[2].is_ascii_digit())
}

/// English fragments of the findings and figures that must not appear in Dutch.
const ENGLISH: [&str; 9] = [
    "The condition",
    "holds",
    "covering",
    "between",
    "when ",
    "density",
    "coverage",
    "restricted",
    "Box ",
];

#[test]
fn discovery_in_dutch_from_the_folder_alone() {
    let dir = temp_dir("discover", "dutch");
    let file = one_key_sweep(&dir);
    let whole = dir.join("whole");
    sweep(&file, &whole, &[]);
    let folder = whole.to_str().unwrap();
    let condition = "net_value@6 > 100";
    let discover_dir = whole.join("discover");
    let read = |name: &str| std::fs::read(discover_dir.join(name)).unwrap();
    let english = orgsim_ok(&["discover", folder, "--where", condition]);
    assert!(english.starts_with("The condition net_value@6 > 100 holds for"));
    let json: Value = serde_json::from_slice(&read("discovery.json")).unwrap();
    let summary: Vec<String> = json["summary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect();
    assert_eq!(summary, english.lines().collect::<Vec<_>>());
    let boxes = json["boxes"].as_array().unwrap();
    assert!(!boxes.is_empty(), "a box explains the net value: {json}");
    for l in boxes.iter().flat_map(|b| b["limits"].as_array().unwrap()) {
        assert!(l["weak"].is_boolean() && l["swept_low"].is_number(), "{l}");
    }
    let (files_en, json_en) = (
        ["boxes.csv", "trajectory.csv"].map(read),
        read("discovery.json"),
    );

    // The English report words the findings as discovery.json does and redraws the same
    // figures the files hold.
    orgsim_ok(&["report", folder, "--quiet"]);
    let page = std::fs::read_to_string(whole.join("report.html")).unwrap();
    let (lines, texts) = discovery_section(&page);
    let escaped: Vec<String> = summary
        .iter()
        .map(|l| {
            l.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        })
        .collect();
    assert_eq!(lines, escaped);
    assert!(
        texts
            .iter()
            .any(|t| t.ends_with("coverage against density"))
    );

    // The Dutch report, from the same (English) files.
    orgsim_ok(&["report", folder, "--quiet", "--lang", "nl"]);
    let page = std::fs::read_to_string(whole.join("report.html")).unwrap();
    let (lines, texts) = discovery_section(&page);
    assert_eq!(lines.len(), summary.len());
    assert!(lines[0].starts_with("De voorwaarde ‘netto waarde in maand 6 &gt; 100’ geldt voor"));
    assert!(
        lines[1].starts_with("Ze geldt grotendeels (dichtheid"),
        "{}",
        lines[1]
    );
    assert!(texts.iter().any(|t| t.ends_with("dekking tegen dichtheid")));
    assert!(texts.iter().any(|t| t.ends_with("de vakken die PRIM vond")));
    for t in lines.iter().chain(&texts) {
        for e in ENGLISH {
            assert!(!t.contains(e), "English {e:?} in the Dutch {t:?}");
        }
        assert!(!has_decimal(t, '.'), "a decimal point in the Dutch {t:?}");
    }
    assert!(texts.iter().any(|t| has_decimal(t, ',')), "{texts:?}");

    // `discover --lang nl`: Dutch words and figure files, the same tables and discovery.json.
    let dutch = orgsim_ok(&["discover", folder, "--where", condition, "--lang", "nl"]);
    assert!(dutch.starts_with("De voorwaarde ‘netto waarde in maand 6 > 100’"));
    for e in ENGLISH {
        assert!(!dutch.contains(e), "English {e:?} in {dutch}");
    }
    assert!(["boxes.csv", "trajectory.csv"].map(read) == files_en);
    assert!(
        read("discovery.json") == json_en,
        "discovery.json stays English"
    );
    let svg = String::from_utf8(read("box_limits.svg")).unwrap();
    assert!(svg.contains("de vakken die PRIM vond") && !svg.contains("the boxes PRIM found"));
    // The English report of it redraws its figures in English.
    orgsim_ok(&["report", folder, "--quiet"]);
    let page = std::fs::read_to_string(whole.join("report.html")).unwrap();
    let (_, texts) = discovery_section(&page);
    assert!(texts.iter().any(|t| t.ends_with("the boxes PRIM found")));
    assert!(!texts.iter().any(|t| t.contains("vakken")));

    // A discovery.json without the findings' facts (as an older orgsim wrote) still gives
    // the section, with its English summary and the figure files.
    let mut old = json.clone();
    old.as_object_mut().unwrap().remove("best_density");
    std::fs::write(discover_dir.join("discovery.json"), old.to_string()).unwrap();
    orgsim_ok(&["report", folder, "--quiet", "--lang", "nl"]);
    let page = std::fs::read_to_string(whole.join("report.html")).unwrap();
    let (lines, texts) = discovery_section(&page);
    assert_eq!(lines, escaped);
    assert!(texts.iter().any(|t| t.ends_with("de vakken die PRIM vond")));

    let out = orgsim(&["discover", folder, "--where", condition, "--lang", "de"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("en") && err.contains("nl"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
