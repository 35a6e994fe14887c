//! Scenarios that build on each other (`base = "other.toml"`): merging, the chain in the
//! manifest, and the errors of cycles, long chains and bad base files, each pointing at the
//! file and line where it is.

use crate::common::{orgsim, scenario, temp_dir, text};
use orgsim::scenario::{Location, load_file};
use std::path::Path;

fn write(dir: &Path, name: &str, body: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, body).unwrap();
}

#[test]
fn a_file_takes_everything_from_its_bases_and_overrides_its_own_keys() {
    let dir = temp_dir("bases", "merge");
    write(
        &dir,
        "sub/root.toml",
        "name = \"root\"\nmonths = 36\nreplications = 3\n[management]\nstyle_mean = 0.2\n\
         style_sd = 0.07\n[[interventions]]\nkind = \"idea_time\"\nmonth = 3\nshare = 0.05\n",
    );
    write(
        &dir,
        "middle.toml",
        "base = \"sub/root.toml\"\n[management]\nstyle_mean = 0.6\n",
    );
    write(
        &dir,
        "leaf.toml",
        "base = \"middle.toml\"\nmonths = 24\n[[interventions]]\nkind = \"action_learning\"\n\
         month = 2\nend_month = 10\n",
    );
    let leaf = load_file(&dir.join("leaf.toml"), &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        leaf.name, "leaf",
        "the name is the file's own, not inherited"
    );
    assert_eq!((leaf.months, leaf.replications), (24, 3));
    assert_eq!(leaf.management.style_mean, 0.6, "the nearer file wins");
    assert_eq!(leaf.management.style_sd, 0.07, "tables merge key by key");
    assert_eq!(leaf.interventions.len(), 1, "arrays are replaced whole");
    assert_eq!(leaf.interventions[0].month, 2);
    let chain: Vec<String> = leaf.bases.iter().map(|b| b.replace('\\', "/")).collect();
    assert!(
        chain.len() == 2
            && chain[0].ends_with("/middle.toml")
            && chain[1].ends_with("/sub/root.toml"),
        "{chain:?}"
    );

    // The chain goes into the manifest.
    let out = dir.join("out");
    let run = orgsim(&[
        "run",
        dir.join("leaf.toml").to_str().unwrap(),
        "-q",
        "--no-report",
        "--no-figures",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let bases = manifest["scenario"]["bases"]
        .as_array()
        .expect("bases listed");
    assert_eq!(bases.len(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_cycle_is_refused_at_the_base_key_that_closes_it() {
    let dir = temp_dir("bases", "cycle");
    write(&dir, "a.toml", "months = 24\nbase = \"b.toml\"\n");
    write(&dir, "b.toml", "# b\n\nbase = \"a.toml\"\n");
    let err = load_file(&dir.join("a.toml"), &[]).expect_err("a cycle");
    let d = &err.diagnostics()[0];
    assert!(d.title.contains("cycle"), "{}", d.title);
    assert!(
        err.source_name().ends_with("b.toml"),
        "{}",
        err.source_name()
    );
    assert_eq!(d.location, Location::File { line: 3, column: 8 });
    // The command line: exit 2, the file, line and column.
    let run = orgsim(&["validate", dir.join("a.toml").to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains("b.toml:3:8") && stderr.contains("cycle"),
        "{stderr}"
    );
    // A file that is its own base.
    write(&dir, "self.toml", "base = \"self.toml\"\n");
    let err = load_file(&dir.join("self.toml"), &[]).expect_err("its own base");
    assert!(err.diagnostics()[0].title.contains("cycle"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_chain_longer_than_the_limit_is_refused() {
    let dir = temp_dir("bases", "long");
    for i in 0..12 {
        write(
            &dir,
            &format!("s{i}.toml"),
            &format!("base = \"s{}.toml\"\n", i + 1),
        );
    }
    write(&dir, "s12.toml", "months = 12\n");
    let err = load_file(&dir.join("s0.toml"), &[]).expect_err("too long");
    assert!(err.diagnostics()[0].title.contains("longer than"), "{err}");
    // Within the limit it loads.
    let ok = load_file(&dir.join("s6.toml"), &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((ok.months, ok.bases.len()), (12, 6));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn problems_in_a_base_point_at_the_base_file() {
    let dir = temp_dir("bases", "errors");
    write(
        &dir,
        "base.toml",
        "months = 12\n\n[management]\nstyle_mean = 7\n",
    );
    write(&dir, "child.toml", "base = \"base.toml\"\n");
    let err = load_file(&dir.join("child.toml"), &[]).expect_err("a bad base");
    assert!(
        err.source_name().ends_with("base.toml"),
        "{}",
        err.source_name()
    );
    assert_eq!(
        err.diagnostics()[0].key.as_deref(),
        Some("management.style_mean")
    );
    assert_eq!(
        err.diagnostics()[0].location,
        Location::File {
            line: 4,
            column: 14
        }
    );
    // A missing base and a base of the wrong type are problems of the file naming it.
    write(
        &dir,
        "missing.toml",
        "months = 12\nbase = \"nowhere.toml\"\n",
    );
    let err = load_file(&dir.join("missing.toml"), &[]).expect_err("no such base");
    assert!(err.source_name().ends_with("missing.toml"));
    assert_eq!(
        err.diagnostics()[0].location,
        Location::File { line: 2, column: 8 }
    );
    write(&dir, "number.toml", "base = 3\n");
    let err = load_file(&dir.join("number.toml"), &[]).expect_err("a number");
    assert!(err.diagnostics()[0].title.contains("wrong type"));
    // A base that is not a scenario is not quoted.
    write(&dir, "data.toml", "secret = \"do not print\"\n");
    write(&dir, "odd.toml", "base = \"data.toml\"\n");
    let err = load_file(&dir.join("odd.toml"), &[]).expect_err("not a scenario");
    assert!(!err.to_string().contains("do not print"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn shipped_scenarios_built_on_others_differ_only_where_they_say() {
    let control = scenario("control", &[]);
    let coaching = scenario("coaching", &[]);
    assert_eq!(coaching.bases.len(), 1);
    let mut expected = control.clone();
    expected.name = "coaching".into();
    expected.description = coaching.description.clone();
    expected.management.style_mean = 0.9;
    expected.bases = coaching.bases.clone();
    assert_eq!(coaching, expected);
    let trained = scenario("coaching_trained", &[]);
    assert_eq!(trained.bases.len(), 2);
    assert_eq!(trained.management, coaching.management);
    assert_eq!(trained.interventions.len(), 1);
}

#[test]
fn the_ser_two_by_two_differs_only_in_style_and_introduction() {
    use orgsim::scenario::{Implementation, InterventionKind, Scenario};
    let cell = |name: &str| scenario(&format!("ser_2x2/{name}"), &[]);
    // Everything but the two choices (and the labels) set to the reference cell's values.
    let strip = |s: &Scenario| {
        let mut s = s.clone();
        s.name.clear();
        s.description.clear();
        s.bases.clear();
        s.management.style_mean = 0.0;
        for i in &mut s.interventions {
            if let InterventionKind::TechnicalInnovation { implementation, .. } = &mut i.kind {
                *implementation = Implementation::TopDown;
            }
        }
        s
    };
    let cells = [
        ("control_top_down", 0.05, Implementation::TopDown),
        ("control_participatory", 0.05, Implementation::Participatory),
        ("coaching_top_down", 0.9, Implementation::TopDown),
        ("coaching_participatory", 0.9, Implementation::Participatory),
    ];
    let reference = strip(&cell("control_top_down"));
    for (name, style, implementation) in cells {
        let s = cell(name);
        assert_eq!(s.name, name);
        assert_eq!(s.management.style_mean, style, "{name}");
        assert_eq!(s.interventions.len(), 1, "{name}");
        assert!(
            matches!(&s.interventions[0].kind,
                InterventionKind::TechnicalInnovation { implementation: i, .. } if *i == implementation),
            "{name}: {:?}",
            s.interventions[0].kind
        );
        assert_eq!(
            strip(&s),
            reference,
            "{name} differs in more than the two choices"
        );
    }
}

/// A posterior a base names is read beside the base, not beside the file built on it.
#[test]
fn a_base_posterior_is_read_from_the_base_folder() {
    let dir = temp_dir("bases", "posterior");
    write(
        &dir,
        "shared/sets.csv",
        "set,parameters.b_trust,weight\n7,3.5,1\n",
    );
    write(
        &dir,
        "shared/base.toml",
        "months = 6\nreplications = 4\n[organisation]\nteams = 2\nteam_size = 5\n\
         [uncertainty]\nposterior = \"sets.csv\"\n",
    );
    write(&dir, "mine/leaf.toml", "base = \"../shared/base.toml\"\n");
    // A decoy beside the leaf with other values: it must not be the one read.
    write(
        &dir,
        "mine/sets.csv",
        "set,parameters.b_trust,weight\n9,9.0,1\n",
    );
    let leaf = load_file(&dir.join("mine/leaf.toml"), &[]).unwrap_or_else(|e| panic!("{e}"));
    let (drawn, draws) = orgsim::scenario::replication_scenario(&leaf, 0)
        .unwrap()
        .unwrap();
    assert_eq!(draws.set, Some(7), "the base's posterior, not the decoy");
    assert_eq!(drawn.parameters.b_trust, 3.5);

    // Without the decoy the leaf still loads: the path is the base's.
    std::fs::remove_file(dir.join("mine/sets.csv")).unwrap();
    load_file(&dir.join("mine/leaf.toml"), &[]).unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_dir_all(&dir).ok();
}

/// Asserts that `a` (loaded from a file in `folder`) and `b` are the same scenario but for
/// the chain of bases (which a flattened text has none of) and the spelling of the paths of
/// files they name (as written: relative to `folder`, or absolute), compared as the files.
fn assert_same_but_bases(
    a: &orgsim::scenario::Scenario,
    b: &orgsim::scenario::Scenario,
    folder: &Path,
    what: &str,
) {
    let json = |s: &orgsim::scenario::Scenario| {
        let mut v = serde_json::to_value(s).unwrap();
        v.as_object_mut().unwrap().remove("bases");
        let file = |path: &mut serde_json::Value| {
            if let Some(p) = path.as_str()
                && let Ok(canonical) = std::fs::canonicalize(folder.join(p))
            {
                *path = canonical.display().to_string().into();
            }
        };
        if let Some(sectors) = v
            .pointer_mut("/economy/sectors")
            .and_then(|s| s.as_array_mut())
        {
            sectors.iter_mut().for_each(|s| file(&mut s["preset_path"]));
        }
        if let Some(path) = v.pointer_mut("/uncertainty/posterior/path") {
            file(path);
        }
        v
    };
    assert_eq!(json(a), json(b), "{what}");
}

/// The TOML text has a `base` key.
fn has_base(text: &str) -> bool {
    toml::from_str::<toml::Table>(text)
        .unwrap()
        .contains_key("base")
}

/// `file`'s text flattened (its bases merged in, read from their files), and that text
/// loaded as a file of the same name in a folder without any of the files it names.
fn flattened_elsewhere(file: &Path, elsewhere: &Path) -> (String, orgsim::scenario::Scenario) {
    use orgsim::scenario::{flattened_toml, load_str, read_scenario_file};
    let name = file.display().to_string();
    let text = std::fs::read_to_string(file).unwrap();
    let flat =
        flattened_toml(&name, &text, read_scenario_file).unwrap_or_else(|e| panic!("{name}: {e}"));
    let moved = elsewhere.join(file.file_name().unwrap());
    let loaded = load_str(&moved.display().to_string(), &flat, &[])
        .unwrap_or_else(|e| panic!("{name} flattened:\n{e}\n{flat}"));
    (flat, loaded)
}

/// Every shipped scenario built on others, flattened into one text, loads (from another
/// folder) to the scenario its file loads to.
#[test]
fn each_shipped_scenario_with_bases_flattened_is_the_same_scenario() {
    let elsewhere = temp_dir("bases", "flat_shipped");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let mut files = vec![crate::common::repo_path("scenarios")];
    let mut checked = Vec::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        // Sweep and calibration files are not scenarios.
        let Ok(original) = load_file(&path, &[]) else {
            continue;
        };
        if original.bases.is_empty() {
            continue;
        }
        let (flat, loaded) = flattened_elsewhere(&path, &elsewhere);
        assert!(!has_base(&flat), "{}: {flat}", path.display());
        assert_same_but_bases(
            &original,
            &loaded,
            path.parent().unwrap(),
            &path.display().to_string(),
        );
        checked.push(path.display().to_string().replace('\\', "/"));
    }
    for expected in [
        "scenarios/coaching.toml",
        "scenarios/coaching_trained.toml",
        "scenarios/ser_2x2/coaching_participatory.toml",
        "scenarios/economy/no_programme.toml",
        "scenarios/uncertainty/control_calibrated.toml",
    ] {
        assert!(
            checked.iter().any(|c| c.ends_with(expected)),
            "{expected} not checked: {checked:?}"
        );
    }
    std::fs::remove_dir_all(&elsewhere).ok();
}

/// A chain of three files in three folders, a posterior beside the root of the chain:
/// flattened, it loads from anywhere to the same scenario, drawing from the same posterior.
#[test]
fn a_chain_across_folders_flattened_is_the_same_scenario() {
    let dir = temp_dir("bases", "flat_chain");
    write(
        &dir,
        "root/sets.csv",
        "set,parameters.b_trust,weight\n7,3.5,1\n8,2.5,3\n",
    );
    write(
        &dir,
        "root/root.toml",
        "name = \"root\"\nmonths = 18\nreplications = 4\n[organisation]\nteams = 3\n\
         team_size = 6\n[management]\nstyle_mean = 0.2\nstyle_sd = 0.05\n[[interventions]]\n\
         kind = \"idea_time\"\nmonth = 3\nshare = 0.05\n[uncertainty]\nposterior = \"sets.csv\"\n",
    );
    write(
        &dir,
        "a/middle.toml",
        "base = \"../root/root.toml\"\nname = \"middle\"\n[management]\nstyle_mean = 0.6\n",
    );
    write(
        &dir,
        "b/c/leaf.toml",
        "base = \"../../a/middle.toml\"\nmonths = 12\n[[interventions]]\n\
         kind = \"action_learning\"\nmonth = 2\nend_month = 10\n",
    );
    let leaf = dir.join("b/c/leaf.toml");
    let original = load_file(&leaf, &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(original.bases.len(), 2);
    let (flat, loaded) = flattened_elsewhere(&leaf, &dir.join("elsewhere"));
    assert!(!has_base(&flat), "{flat}");
    assert!(
        flat.contains(
            &std::fs::canonicalize(dir.join("root/sets.csv"))
                .unwrap()
                .display()
                .to_string()
        ),
        "the posterior by its absolute path: {flat}"
    );
    assert_same_but_bases(&original, &loaded, leaf.parent().unwrap(), &flat);
    assert_eq!(loaded.name, "leaf", "the bases' names are not inherited");
    assert_eq!(
        (
            loaded.months,
            loaded.management.style_mean,
            loaded.management.style_sd
        ),
        (12, 0.6, 0.05)
    );
    // Each replication draws the same set from the same file.
    for r in 0..original.replications {
        let draw = |s| {
            let (drawn, draws) = orgsim::scenario::replication_scenario(s, r)
                .unwrap()
                .unwrap();
            (draws.set, drawn.parameters.b_trust)
        };
        assert_eq!(draw(&original), draw(&loaded), "replication {r}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// A bad base is the loader's error, at the `base` key of the file that names it.
#[test]
fn flattening_a_file_with_a_bad_base_is_the_loaders_error() {
    use orgsim::scenario::{flattened_toml, read_scenario_file};
    let dir = temp_dir("bases", "flat_errors");
    write(
        &dir,
        "base.toml",
        "months = 12\n\n[management]\nstyle_mean = 7\n",
    );
    write(&dir, "child.toml", "base = \"base.toml\"\n");
    write(
        &dir,
        "missing.toml",
        "months = 12\nbase = \"nowhere.toml\"\n",
    );
    for (file, base_file, line, column) in [
        ("child.toml", "base.toml", 4, 14),
        ("missing.toml", "missing.toml", 2, 8),
    ] {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let err = flattened_toml(&path.display().to_string(), &text, read_scenario_file)
            .expect_err("a bad base");
        let expected = load_file(&path, &[]).expect_err("a bad base");
        assert!(
            err.source_name().ends_with(base_file),
            "{}",
            err.source_name()
        );
        assert_eq!(
            err.diagnostics()[0].location,
            Location::File { line, column }
        );
        assert_eq!(err.to_string(), expected.to_string());
    }
    std::fs::remove_dir_all(&dir).ok();
}
