//! Damaged part files: a flipped bit, a cut, appended bytes or a file of the first part
//! format is refused by `sweep --resume` and `merge` (exit 2) naming the file and the command
//! that recomputes its runs; following that advice gives the bytes of an undisturbed sweep.

use crate::common;

use common::{orgsim, same_tables, temp_dir};
use std::path::{Path, PathBuf};
use std::process::Output;

/// 80 points × 4 replications of a 12-month, 4-team organisation: two part files.
fn write_sweep(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let text = "replications = 4\nseed = 5\n\n[base]\nmonths = 12\n\n[base.organisation]\nteams = 4\n\n\
                [design]\nkind = \"grid\"\n\n[[vary]]\n\
                key = \"knowledge.socialisation_rate\"\nfrom = 0.05\nto = 0.95\nsteps = 80\n";
    let path = dir.join("sweep.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn ok(result: Output) {
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

fn sweep(sweep: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-figures",
        "--no-report",
    ];
    args.extend_from_slice(extra);
    orgsim(&args)
}

fn first_part(dir: &Path) -> PathBuf {
    dir.join("parts/batch-00000000.part")
}

/// Flips one bit in the middle of `path` (inside a record's numbers).
fn flip_a_bit(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x08;
    std::fs::write(path, bytes).unwrap();
}

/// Exit 2, naming `part` and saying `advice`.
fn refused(result: Output, part: &Path, advice: &[&str]) -> String {
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&part.display().to_string()), "{stderr}");
    for a in advice {
        assert!(stderr.contains(a), "missing {a:?} in: {stderr}");
    }
    stderr
}

#[test]
fn a_flipped_bit_is_refused_by_resume_and_recomputed_when_its_file_is_deleted() {
    let dir = temp_dir("damage", "resume");
    let file = write_sweep(&dir);
    let whole = dir.join("whole");
    ok(sweep(&file, &whole, &["--quiet"]));

    let damaged = dir.join("damaged");
    ok(sweep(&file, &damaged, &["--quiet"]));
    let part = first_part(&damaged);
    flip_a_bit(&part);
    let command = format!(
        "orgsim sweep {} --out {} --resume",
        file.display(),
        damaged.display()
    );
    let stderr = refused(
        sweep(&file, &damaged, &["--resume"]),
        &part,
        &["checksum", "delete that file", &command],
    );
    assert!(!stderr.contains("continue with"), "{stderr}");
    // The advice works: delete the file and resume.
    std::fs::remove_file(&part).unwrap();
    ok(sweep(&file, &damaged, &["--resume", "--quiet"]));
    same_tables(&whole, &damaged);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_cut_or_lengthened_part_file_is_named_for_what_it_is() {
    let dir = temp_dir("damage", "lengths");
    let file = write_sweep(&dir);
    let out = dir.join("out");
    ok(sweep(&file, &out, &["--quiet"]));
    let part = first_part(&out);
    let bytes = std::fs::read(&part).unwrap();

    std::fs::write(&part, &bytes[..bytes.len() - 5]).unwrap();
    refused(
        sweep(&file, &out, &["--resume"]),
        &part,
        &["cut short", "delete that file"],
    );
    let mut longer = bytes.clone();
    longer.extend_from_slice(b"\n");
    std::fs::write(&part, &longer).unwrap();
    refused(
        sweep(&file, &out, &["--resume"]),
        &part,
        &["bytes were appended", "records are intact"],
    );
    // A part file of the first format (every metric of every month, no checksums).
    let mut old = b"ORGPART1".to_vec();
    old.extend_from_slice(&bytes[8..]);
    std::fs::write(&part, &old).unwrap();
    refused(
        sweep(&file, &out, &["--resume"]),
        &part,
        &["older orgsim", "--force"],
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn merge_refuses_a_damaged_shard_and_says_how_to_recompute_it() {
    let dir = temp_dir("damage", "merge");
    let file = write_sweep(&dir);
    let whole = dir.join("whole");
    ok(sweep(&file, &whole, &["--quiet"]));
    let shards: Vec<PathBuf> = (0..2)
        .map(|i| {
            let shard = dir.join(format!("shard-{i}"));
            ok(sweep(
                &file,
                &shard,
                &["--shard", &format!("{i}/2"), "--quiet"],
            ));
            shard
        })
        .collect();
    let part = first_part(&shards[1]);
    flip_a_bit(&part);
    let merged = dir.join("merged");
    let merge = || {
        orgsim(&[
            "merge",
            shards[0].to_str().unwrap(),
            shards[1].to_str().unwrap(),
            "--out",
            merged.to_str().unwrap(),
            "--no-figures",
            "--no-report",
        ])
    };
    let shard_command = format!("--out {} --shard 1/2 --resume", shards[1].display());
    refused(
        merge(),
        &part,
        &[
            "checksum",
            "delete that file",
            &shard_command,
            "merge again",
        ],
    );
    assert!(!merged.join("manifest.json").exists());
    assert!(!merged.join("timeseries.csv").exists());
    std::fs::remove_file(&part).unwrap();
    ok(sweep(
        &file,
        &shards[1],
        &["--shard", "1/2", "--resume", "--quiet"],
    ));
    ok(merge());
    same_tables(&whole, &merged);
    std::fs::remove_dir_all(&dir).ok();
}
