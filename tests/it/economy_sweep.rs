//! Sweeps over an economy: the shipped imitation sweep runs, its two shards merged give the
//! unsharded tables byte for byte, imitation changes the results, and indexed keys into the
//! economy's arrays are refused up front.

use std::path::{Path, PathBuf};
use std::process::Command;

fn orgsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("orgsim runs")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("orgsim-econ-sweep-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn read(dir: &Path, file: &str) -> Vec<u8> {
    std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(file).display()))
}

#[test]
fn an_economy_sweep_in_two_shards_merges_to_the_unsharded_tables() {
    let sweep = "scenarios/economy/imitation_sweep.toml";
    let root = temp("shards");
    let full = root.join("full");
    let out = orgsim(&["sweep", sweep, "--out", full.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut shards = Vec::new();
    for i in 0..2 {
        let dir = root.join(format!("shard{i}"));
        let shard = format!("{i}/2");
        let out = orgsim(&[
            "sweep",
            sweep,
            "--out",
            dir.to_str().unwrap(),
            "--shard",
            &shard,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        shards.push(dir);
    }
    let merged = root.join("merged");
    let mut args = vec!["merge".to_string()];
    args.extend(shards.iter().map(|d| d.display().to_string()));
    args.extend(["--out".to_string(), merged.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = orgsim(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in ["summary.csv", "timeseries.csv", "points.csv"] {
        assert!(read(&full, file) == read(&merged, file), "{file} differs");
    }
    // Imitation matters: the programme spending at the horizon differs between the points.
    let summary = String::from_utf8(read(&full, "summary.csv")).expect("utf-8");
    let spending: Vec<&str> = summary
        .lines()
        .filter(|l| l.contains(",60,programme_cost,"))
        .map(|l| l.split(',').nth(5).expect("mean"))
        .collect();
    assert_eq!(spending.len(), 3, "{spending:?}");
    assert!(spending[0] != spending[2], "{spending:?}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn an_indexed_key_into_the_economy_is_refused_up_front() {
    let root = temp("indexed");
    std::fs::create_dir_all(&root).expect("temp dir");
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/economy/small_economy.toml");
    let file = root.join("indexed.toml");
    std::fs::write(
        &file,
        format!(
            "base = {:?}\nreplications = 1\n[[vary]]\nkey = \"economy.sectors.0.share\"\nvalues = [0.1, 0.2]\n",
            base.display().to_string()
        ),
    )
    .expect("write sweep");
    let out = orgsim(&[
        "sweep",
        file.to_str().unwrap(),
        "--out",
        root.join("out").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("economy.sectors.0.share"), "{err}");
    assert!(!root.join("out").join("summary.csv").exists());
    let _ = std::fs::remove_dir_all(&root);
}
