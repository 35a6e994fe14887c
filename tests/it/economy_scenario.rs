//! Economy scenario files (`[economy]`): the shipped example loads with the numbers it
//! writes, sector presets take the economy's settings, `--set` and `base =` work as for any
//! scenario, every problem is an exit-2 error at its file, line and column, and no edit of a
//! valid economy file makes loading panic.

use crate::common::{orgsim, repo_path, temp_dir, text};
use orgsim::model::economy::Economy;
use orgsim::scenario::{Location, Scenario, load_bytes, load_file, scenario_keys};
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, body).unwrap();
    path
}

fn economy(s: &Scenario) -> &Economy {
    s.economy.as_deref().expect("an economy")
}

/// A small valid economy: two sectors (a shipped preset and a file beside it), two regions.
const SMALL: &str = r#"name = "small"
months = 36
replications = 3
seed = 7

[parameters]
trust_loss_rate = 0.2

[economy]
organisations = 50
min_employees = 5
max_employees = 300

[[economy.sectors]]
name = "care"
preset = "healthcare"
share = 0.6

[[economy.sectors]]
name = "own"
preset = "presets/own.toml"
share = 0.4
demand_growth = 0.01

[[economy.regions]]
name = "west"
share = 0.7
density = 0.4

[[economy.regions]]
name = "east"
share = 0.3

[[economy.programme]]
kind = "coaching_programme"
month = 0
"#;

const OWN_PRESET: &str = "name = \"own\"\nmonths = 12\n[organisation]\nteams = 4\nteam_size = 9\n\
     [parameters]\nb_trust = 4.0\n";

/// A folder with `small.toml` and its preset file.
fn small_economy(test: &str) -> PathBuf {
    let dir = temp_dir("economy_scenario", test);
    write(&dir, "presets/own.toml", OWN_PRESET);
    write(&dir, "small.toml", SMALL);
    dir
}

/// `orgsim validate` on `text` (written as `name` in `dir`): exit code and stderr.
fn validate(dir: &Path, name: &str, body: &str) -> (Option<i32>, String) {
    let path = write(dir, name, body);
    let out = orgsim(&["validate", path.to_str().unwrap()]);
    (out.status.code(), text(&out.stderr))
}

/// Asserts that validating `body` fails with exit 2 and a message holding every `wanted`
/// text and a `file:line:column` position in the file.
fn refused(dir: &Path, name: &str, body: &str, wanted: &[&str]) {
    let (code, stderr) = validate(dir, name, body);
    assert_eq!(code, Some(2), "{stderr}");
    for w in wanted {
        assert!(stderr.contains(w), "`{w}` missing in:\n{stderr}");
    }
    let at = format!("{name}:");
    assert!(
        stderr
            .lines()
            .any(|l| l.trim_start().starts_with("-->") && l.contains(&at)),
        "no position in the file:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn the_example_economy_loads_with_the_numbers_it_writes() {
    let path = repo_path("scenarios/economy/nl_illustrative.toml");
    let s = load_file(&path, &[]).unwrap_or_else(|e| panic!("{e}"));
    let e = economy(&s);
    assert_eq!((s.months, s.replications, s.seed), (120, 10, 42));
    assert_eq!(e.organisations, 1000);
    assert_eq!(
        (e.sizes.min_employees, e.sizes.max_employees, e.sizes.tail),
        (10, 2000, 1.2)
    );
    let names: Vec<&str> = e.sectors.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "healthcare",
            "manufacturing",
            "ict_services",
            "trade_hospitality",
            "education"
        ]
    );
    assert_eq!(e.regions.len(), 4);
    for shares in [
        e.sectors.iter().map(|s| s.share).sum::<f64>(),
        e.regions.iter().map(|r| r.share).sum::<f64>(),
    ] {
        assert!((shares - 1.0).abs() < 1e-9, "{shares}");
    }
    assert_eq!(e.sectors[4].preset_path, "presets/education.toml");
    for sector in &e.sectors {
        let p = &sector.preset;
        assert_eq!(
            (p.months, p.replications, p.seed),
            (120, 10, 42),
            "{}",
            sector.name
        );
        assert!(p.economy.is_none());
    }
    // The healthcare preset's own numbers come through.
    let healthcare = load_file(&repo_path("scenarios/healthcare.toml"), &[]).unwrap();
    assert_eq!(e.sectors[0].preset.workforce, healthcare.workforce);
    assert_eq!(e.sectors[0].preset.organisation, healthcare.organisation);
    // The file's single-organisation fields are the first sector's.
    assert_eq!(s.workforce, healthcare.workforce);
    assert_eq!(s.organisation, healthcare.organisation);
    assert_eq!(e.programme.len(), 2);
    assert_eq!(e.programme[1].month, 6);
    assert_eq!(e.adoption.imitation, 0.032);
    assert_eq!(e.growth.headroom, 1.5);
    assert_eq!(e.policy, Default::default(), "the example has no policy");
    assert!(s.interventions.is_empty());

    let out = orgsim(&["validate", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn the_example_shows_every_economy_key() {
    let example =
        std::fs::read_to_string(repo_path("scenarios/economy/nl_illustrative.toml")).unwrap();
    for key in scenario_keys().filter(|k| k.table.starts_with("economy")) {
        assert!(
            example.contains(&format!("\n{} = ", key.name))
                || example.contains(&format!("# {} = ", key.name)),
            "the example does not show `{}`",
            key.path()
        );
    }
}

#[test]
fn presets_take_the_economys_settings_and_written_parameters() {
    let dir = small_economy("settings");
    let s = load_file(
        &dir.join("small.toml"),
        &["parameters.b_tenure=0.31".into()],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let e = economy(&s);
    let defaults = orgsim::model::params::Parameters::default();
    for sector in &e.sectors {
        let p = &sector.preset;
        assert_eq!((p.months, p.replications, p.seed), (36, 3, 7));
        assert_eq!(p.parameters.trust_loss_rate, 0.2, "written in [parameters]");
        assert_eq!(p.parameters.b_tenure, 0.31, "given with --set");
    }
    // A coefficient the economy file does not write keeps the preset's value.
    assert_eq!(e.sectors[1].preset.parameters.b_trust, 4.0);
    assert_eq!(e.sectors[0].preset.parameters.b_trust, defaults.b_trust);
    assert_eq!(e.sectors[1].preset.organisation.team_size, 9);
    assert_eq!(e.sectors[1].preset_path, "presets/own.toml");
    assert_eq!(e.sectors[1].demand_growth, 0.01);
    assert_eq!(e.sectors[0].programme_cost_factor, 1.0, "the default");
    assert_eq!((e.regions[0].density, e.regions[1].density), (0.4, 0.2));

    // The manifest records the economy with each preset's path, not the preset.
    let json = serde_json::to_value(&s).unwrap();
    let sectors = &json["economy"]["sectors"];
    assert_eq!(sectors[1]["preset_path"], "presets/own.toml");
    assert!(sectors[1].get("preset").is_none());
    assert_eq!(json["economy"]["organisations"], 50);
}

#[test]
fn set_overrides_economy_keys_and_suggests_misspelt_ones() {
    let dir = small_economy("set");
    let path = dir.join("small.toml");
    let s = load_file(
        &path,
        &[
            "economy.adoption.imitation=0.1".into(),
            "economy.sectors.1.share=0.3".into(),
            "economy.sectors.0.share=0.7".into(),
            "economy.organisations=80".into(),
        ],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let e = economy(&s);
    assert_eq!(e.adoption.imitation, 0.1);
    assert_eq!((e.sectors[0].share, e.sectors[1].share), (0.7, 0.3));
    assert_eq!(e.organisations, 80);

    let error = load_file(&path, &["economy.adoption.imitaton=0.1".into()]).unwrap_err();
    let d = &error.diagnostics()[0];
    assert_eq!(d.key.as_deref(), Some("economy.adoption.imitaton"));
    assert!(
        d.help
            .iter()
            .any(|h| h.contains("economy.adoption.imitation")),
        "{:?}",
        d.help
    );
    assert!(matches!(d.location, Location::Set { index: 0, .. }));

    let error = load_file(&path, &["economy.growth.headroom=0.5".into()]).unwrap_err();
    assert!(error.to_string().contains("from 1 to 100"), "{error}");
}

#[test]
fn a_policy_variant_inherits_its_base_economy() {
    let dir = small_economy("variant");
    let variant = write(
        &dir,
        "centre.toml",
        "base = \"small.toml\"\n[economy.centre]\nfrom_month = 12\ninformation = 3.0\n",
    );
    let s = load_file(&variant, &[]).unwrap_or_else(|e| panic!("{e}"));
    let e = economy(&s);
    assert_eq!(s.name, "centre");
    assert_eq!(e.organisations, 50, "inherited");
    assert_eq!(e.sectors.len(), 2);
    let centre = e.policy.centre.as_ref().expect("a centre");
    assert_eq!((centre.from_month, centre.information), (12, 3.0));
    assert_eq!(centre.cost_reduction, 0.3, "the declared default");
    assert!(e.policy.subsidy.is_none());
    assert_eq!(e.sectors[0].preset.parameters.trust_loss_rate, 0.2);

    // A variant in another folder still finds the base's presets, which are relative to
    // the base.
    let elsewhere = write(
        &dir,
        "variants/subsidy.toml",
        "base = \"../small.toml\"\n[economy.subsidy]\nshare = 0.4\nbudget = 100.0\n",
    );
    let s = load_file(&elsewhere, &[]).unwrap_or_else(|e| panic!("{e}"));
    let subsidy = economy(&s).policy.subsidy.clone().expect("a subsidy");
    assert_eq!((subsidy.share, subsidy.budget), (0.4, Some(100.0)));
    assert_eq!(economy(&s).sectors[1].preset.organisation.team_size, 9);
}

#[test]
fn economy_keys_can_be_uncertain() {
    let dir = small_economy("uncertain");
    let path = write(
        &dir,
        "uncertain.toml",
        "base = \"small.toml\"\n[uncertainty]\n\
         \"economy.adoption.imitation\" = { distribution = \"uniform\", low = 0.01, high = 0.1 }\n\
         \"economy.sectors.1.demand_growth\" = { distribution = \"uniform\", low = 0.0, high = 0.02 }\n",
    );
    let s = load_file(&path, &[]).unwrap_or_else(|e| panic!("{e}"));
    let drawn: Vec<(f64, f64)> = (0..s.replications)
        .map(|r| {
            let (rs, _) = orgsim::scenario::replication_scenario(&s, r)
                .expect("uncertain")
                .unwrap_or_else(|e| panic!("{e}"));
            let e = economy(&rs);
            (e.adoption.imitation, e.sectors[1].demand_growth)
        })
        .collect();
    for (imitation, growth) in &drawn {
        assert!((0.01..0.1).contains(imitation), "{imitation}");
        assert!((0.0..0.02).contains(growth), "{growth}");
    }
    assert!(drawn.windows(2).any(|w| w[0] != w[1]), "{drawn:?}");
}

#[test]
fn each_problem_is_an_exit_2_error_at_its_position() {
    let dir = small_economy("errors");
    refused(
        &dir,
        "shares.toml",
        &SMALL.replace("share = 0.4", "share = 0.5"),
        &["`economy.sectors` shares sum to 1.1, not 1"],
    );
    refused(
        &dir,
        "unknown_preset.toml",
        &SMALL.replace("\"healthcare\"", "\"helthcare\""),
        &["unknown preset `helthcare`", "did you mean `healthcare`?"],
    );
    refused(
        &dir,
        "absent_preset.toml",
        &SMALL.replace("presets/own.toml", "presets/none.toml"),
        &["cannot read preset `presets/none.toml`"],
    );
    // A path outside the file's folder that is a folder, or a file that is no scenario.
    refused(
        &dir,
        "folder_preset.toml",
        &SMALL.replace("presets/own.toml", "../"),
        &["cannot read preset `../`", "it is a folder"],
    );
    write(&dir, "data.csv", "a,b\n1,2\n");
    refused(
        &dir,
        "csv_preset.toml",
        &SMALL.replace("presets/own.toml", "data.csv"),
        &["the preset `data.csv` is not a scenario file"],
    );
    refused(
        &dir,
        "agreement.toml",
        &format!("{SMALL}[[economy.agreements]]\nsector = \"cere\"\n"),
        &[
            "`economy.agreements[0].sector` names no sector",
            "did you mean `care`?",
        ],
    );
    refused(
        &dir,
        "interventions.toml",
        &format!("{SMALL}[[interventions]]\nkind = \"idea_time\"\nmonth = 1\n"),
        &["cannot have `[[interventions]]`", "[[economy.programme]]"],
    );
    refused(
        &dir,
        "organisation.toml",
        &format!("{SMALL}[organisation]\nteams = 3\n"),
        &["an economy file cannot have this section", "preset"],
    );
    refused(
        &dir,
        "ranges.toml",
        &format!("{SMALL}[economy.adoption]\nimitation = 2\n[economy.growth]\nheadroom = 0.5\n"),
        &[
            "`economy.adoption.imitation` is out of range",
            "`economy.growth.headroom` is out of range",
        ],
    );
    refused(
        &dir,
        "too_many.toml",
        &SMALL.replace("organisations = 50", "organisations = 100001"),
        &[
            "`economy.organisations` is out of range",
            "from 1 to 100000",
        ],
    );
    let many_sectors: String = (0..33)
        .map(|i| {
            format!("[[economy.sectors]]\nname = \"s{i}\"\npreset = \"default\"\nshare = 0.03\n")
        })
        .collect();
    refused(
        &dir,
        "sectors.toml",
        &format!("months = 12\n[economy]\n{many_sectors}"),
        &["`economy.sectors` has too many entries", "at most 32"],
    );
    refused(
        &dir,
        "sizes.toml",
        &SMALL.replace("min_employees = 5", "min_employees = 500"),
        &["`economy.min_employees` is above `economy.max_employees`"],
    );
    refused(
        &dir,
        "names.toml",
        &SMALL.replace("name = \"east\"", "name = \"west\""),
        &["duplicate region name in `economy.regions[1].name`"],
    );
    refused(
        &dir,
        "slash.toml",
        &SMALL.replace("name = \"east\"", "name = \"a/b\""),
        &["`economy.regions[1].name` cannot be used in a file name"],
    );
    refused(
        &dir,
        "programme.toml",
        &SMALL.replace("month = 0\n", "month = 40\n"),
        &["`economy.programme[0].month` is past the horizon"],
    );
    refused(
        &dir,
        "no_programme.toml",
        &SMALL.replace(
            "[[economy.programme]]\nkind = \"coaching_programme\"\nmonth = 0\n",
            "",
        ),
        &["missing `[[economy.programme]]`"],
    );
    refused(
        &dir,
        "kind.toml",
        &SMALL.replace("month = 0\n", "month = 0\nshare = 0.1\n"),
        &["does not apply to kind `coaching_programme`"],
    );
    // Every problem at once.
    let (code, stderr) = validate(
        &dir,
        "several.toml",
        &SMALL
            .replace("share = 0.4", "share = 0.5")
            .replace("\"healthcare\"", "\"helthcare\""),
    );
    assert_eq!(code, Some(2));
    assert!(stderr.contains("2 problems"), "{stderr}");
}

#[test]
fn a_preset_is_checked_on_its_own_and_may_not_be_an_economy() {
    let dir = small_economy("preset_problems");
    write(
        &dir,
        "presets/bad.toml",
        "months = 12\n[management]\nstyle_mean = 7\n",
    );
    let (code, stderr) = validate(
        &dir,
        "bad_preset.toml",
        &SMALL.replace("presets/own.toml", "presets/bad.toml"),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("bad.toml:3:")
            && stderr.contains("`management.style_mean` is out of range"),
        "the preset's problem points at the preset:\n{stderr}"
    );

    write(&dir, "presets/nested.toml", SMALL);
    let (code, stderr) = validate(
        &dir,
        "nested_preset.toml",
        &SMALL.replace("presets/own.toml", "presets/nested.toml"),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("a sector preset cannot have `[economy]`"),
        "{stderr}"
    );

    // The economy's horizon must hold the preset's own shocks.
    write(
        &dir,
        "presets/shock.toml",
        "[[environment.shocks]]\nmonth = 30\nseverity = 0.2\n",
    );
    let (code, stderr) = validate(
        &dir,
        "short.toml",
        &SMALL
            .replace("presets/own.toml", "presets/shock.toml")
            .replace("months = 36", "months = 24"),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("the preset `presets/shock.toml` does not fit this economy")
            && stderr.contains("past the horizon"),
        "{stderr}"
    );
}

/// A small deterministic generator, so the robustness test needs no dependency.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }
}

#[test]
fn no_byte_edit_of_an_economy_file_panics() {
    let dir = small_economy("fuzz");
    let source = dir.join("small.toml");
    let name = source.display().to_string();
    let original = SMALL.as_bytes();
    let pieces: &[&[u8]] = &[
        b"[",
        b"]",
        b"[[",
        b"=",
        b"\"",
        b"\n",
        b".",
        b"0",
        b"-1",
        b"1e999",
        b"nan",
        b"\xff",
        b"economy.",
        b"sectors",
        b"preset",
        b"share",
        b"\"../\"",
        b"99999999999",
        b"\0",
    ];
    let mut rng = Lcg(11);
    for _ in 0..400 {
        let mut bytes = original.to_vec();
        for _ in 0..1 + rng.below(4) {
            if bytes.is_empty() {
                break;
            }
            let at = rng.below(bytes.len());
            match rng.below(3) {
                0 => {
                    bytes.remove(at);
                }
                1 => {
                    let piece = pieces[rng.below(pieces.len())];
                    bytes.splice(at..at, piece.iter().copied());
                }
                _ => bytes[at] = pieces[rng.below(pieces.len())][0],
            }
        }
        match load_bytes(&name, &bytes, &[]) {
            Ok(s) => assert!(s.months >= 1),
            Err(e) => {
                assert!(e.count() >= 1);
                assert!(!e.to_string().is_empty());
            }
        }
    }
}
