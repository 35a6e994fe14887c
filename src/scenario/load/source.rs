//! Reading a scenario or sweep file's text: at most [`MAX_FILE_BYTES`], and as UTF-8 or an
//! error pointing at the first byte that is not.

use crate::ground::text::format_bytes;
use crate::scenario::diagnostics::{Diagnostic, Origin, ScenarioError};
use std::path::Path;

/// Largest scenario or sweep file orgsim reads (1 MiB). Real scenarios are a few kB, and a
/// sweep with a `table` design of 55,000 rows of two values is 1 MB. The cap bounds the
/// memory of parsing and checking, which is up to about 170 times the file's size (1 MB of
/// `[1],` rows: 174 MB peak; of short unknown keys: 113 MB), and turns a mistyped path to a
/// data file, or `/dev/zero`, into a clear error instead of exhausting memory.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// Reads the scenario or sweep file at `path` (`what`: "scenario file", "sweep file"), at most
/// [`MAX_FILE_BYTES`]. The error is the reason, to follow "cannot read ... `path`: ".
pub(crate) fn read_source(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        // A regular file's size is known; a device or pipe is only known to be too long.
        let size = std::fs::metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .map_or(String::new(), |m| format!("{}, ", format_bytes(m.len())));
        return Err(format!(
            "it is {size}over the limit of {} MiB: a {what} is a small TOML text file",
            MAX_FILE_BYTES >> 20
        ));
    }
    Ok(bytes)
}

/// Decodes `bytes` as UTF-8, or gives the error pointing at the first byte that is not
/// (`what`: "scenario", "sweep file").
pub(crate) fn decode_utf8(
    source_name: &str,
    bytes: &[u8],
    overrides: &[String],
    what: &str,
) -> Result<String, ScenarioError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let offset = e.valid_up_to();
            // Lossy decoding keeps every byte before `offset`, so the offset still points at
            // the bad byte (now a replacement character).
            let text = String::from_utf8_lossy(bytes).into_owned();
            let diagnostic = Diagnostic::new(
                Origin::File(offset..offset + 1),
                None,
                format!("`{source_name}` is not a text file (invalid UTF-8)"),
                "this byte is not UTF-8",
            )
            .with_note(format!("a {what} is a TOML text file in UTF-8"));
            Err(ScenarioError::new(
                source_name,
                &text,
                overrides,
                vec![diagnostic],
            ))
        }
    }
}
