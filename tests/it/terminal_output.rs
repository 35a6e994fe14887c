//! Nothing a user wrote reaches the terminal raw: an escape sequence (`ESC ] 0 ; title BEL`
//! sets a terminal's title, `ESC [ 31 m` colours it) in a key, a value, a file's path, a
//! `--set` argument or a command-line word is shown escaped (`\u{1b}`) or as its picture
//! (`␛`), in every command's messages. And a sweep's `base` that names a file that is not a
//! scenario is reported by path and position, without quoting the file.

use crate::common;

use common::{orgsim, temp_dir, text};
use std::process::Output;

const TITLE: &str = "\u{1b}]0;title\u{7}";

/// No ESC, BEL or other control byte but newline and tab in stdout or stderr.
fn assert_no_control_bytes(result: &Output, what: &str) {
    for (name, bytes) in [("stdout", &result.stdout), ("stderr", &result.stderr)] {
        let shown = text(bytes);
        assert!(
            !shown
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{what}: raw control character in {name}:\n{shown:?}"
        );
    }
}

#[test]
fn escape_sequences_in_keys_values_and_paths_are_not_printed_raw() {
    let dir = temp_dir("terminal", "escapes");
    let folder = dir.join(format!("in{TITLE}folder"));
    std::fs::create_dir_all(&folder).unwrap();
    // TOML escapes put the raw characters into a key and a value; the raw bytes are also in
    // a comment, and the path has them too.
    let scenario = folder.join(format!("bad{TITLE}.toml"));
    std::fs::write(
        &scenario,
        "\"key\\u001b]0;title\\u0007\" = 1\n[knowledge]\nmode = \"x\\u001b[31my\"\n",
    )
    .unwrap();
    let raw = folder.join("raw.toml");
    std::fs::write(&raw, format!("months = 1 # {TITLE}\nname = \"{TITLE}\"\n")).unwrap();
    let sweep = folder.join("sweep.toml");
    std::fs::write(
        &sweep,
        "[[vary]]\nkey = \"knowledge.mode\"\nvalues = [\"a\\u001b]0;t\\u0007\"]\n",
    )
    .unwrap();
    let out = dir.join("out");
    let out = out.to_str().unwrap();
    let set = format!("knowledge.mode={TITLE}");
    let set_key = format!("know{TITLE}ledge=1");
    let missing = folder.join("none.toml");
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("validate", vec!["validate", scenario.to_str().unwrap()]),
        ("run", vec!["run", scenario.to_str().unwrap(), "--out", out]),
        ("raw bytes", vec!["validate", raw.to_str().unwrap()]),
        (
            "sweep",
            vec!["sweep", sweep.to_str().unwrap(), "--out", out],
        ),
        ("--set value", vec!["run", "--set", &set, "--out", out]),
        ("--set key", vec!["run", "--set", &set_key, "--out", out]),
        ("missing file", vec!["run", missing.to_str().unwrap()]),
        ("clap", vec!["run", "--bogus", TITLE]),
        ("plot", vec!["plot", folder.to_str().unwrap()]),
    ];
    for (what, args) in cases {
        let result = orgsim(&args);
        assert_ne!(
            result.status.code(),
            Some(0),
            "{what}: {}",
            text(&result.stderr)
        );
        assert!(!result.stderr.is_empty(), "{what}");
        assert_no_control_bytes(&result, what);
    }
    // The escaped spellings are what the user sees.
    let result = orgsim(&["validate", scenario.to_str().unwrap()]);
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains("unknown key `key\\u{1b}]0;title\\u{7}`"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown value `x\\u{1b}[31my`"), "{stderr}");
    assert!(
        stderr.contains("in\\u{1b}]0;title\\u{7}folder/bad"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A quoted source line keeps its columns: a control character becomes one picture
/// character, so the marker under a later value still points at it.
#[test]
fn quoted_lines_show_control_characters_as_pictures_in_place() {
    let text = "months = 1 # \u{1b}[31m\nseed = -1\n[knowledge]\nmode = \"\u{1b}x\"\n";
    let err = orgsim::scenario::load_str("t.toml", text, &[]).unwrap_err();
    let shown = err.to_string();
    assert!(!shown.contains('\u{1b}'), "{shown}");
    assert!(shown.contains("1 | months = 1 # ␛[31m"), "{shown}");
}

#[test]
fn a_base_that_is_not_a_scenario_is_not_quoted() {
    let dir = temp_dir("terminal", "base");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("passwd"),
        "root:x:0:0:root:/root:/bin/bash\nsecret-line: hunter2\n",
    )
    .unwrap();
    std::fs::write(dir.join("keys.toml"), "password = \"hunter2\"\ntoken = 7\n").unwrap();
    let out = dir.join("out");
    for (base, reason) in [
        ("passwd", "it is not valid TOML: "),
        (
            "keys.toml",
            "it has 2 top-level keys and none is a scenario key",
        ),
    ] {
        let sweep = dir.join(format!("sweep-{base}.toml"));
        std::fs::write(
            &sweep,
            format!("base = \"{base}\"\n[[vary]]\nkey = \"months\"\nvalues = [12]\n"),
        )
        .unwrap();
        let result = orgsim(&[
            "sweep",
            sweep.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        let stderr = text(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{stderr}");
        for secret in ["root", "hunter2", "secret", "password", "token"] {
            assert!(!stderr.contains(secret), "`{secret}` quoted:\n{stderr}");
        }
        let path = dir.join(base);
        for needle in [
            format!(
                "error: the base scenario `{}` is not a scenario file",
                path.display()
            ),
            format!("sweep-{base}.toml:1:8"),
            reason.to_string(),
        ] {
            assert!(stderr.contains(&needle), "`{needle}` missing:\n{stderr}");
        }
        assert!(!out.exists());
    }
    // A real scenario with a problem is still quoted, so the problem can be found.
    std::fs::write(dir.join("real.toml"), "months = 0\n").unwrap();
    let sweep = dir.join("sweep-real.toml");
    std::fs::write(
        &sweep,
        "base = \"real.toml\"\n[[vary]]\nkey = \"seed\"\nvalues = [1]\n",
    )
    .unwrap();
    let result = orgsim(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = text(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("1 | months = 0"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}
