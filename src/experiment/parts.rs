//! The part store: durable partial results of a sweep, and reading them back in order.
//!
//! Owns the `parts/` folder of a sweep output: finished runs are appended to it in batches,
//! each batch written atomically as one binary part file (exact f64 bits, so nothing is lost
//! to formatting; only what the tables keep, see `part_format`), which is what makes
//! `--resume` and sharding possible. Every record's checksum is checked whenever part files
//! are scanned; a damaged file is a [`PartError::Damaged`] naming it. [`recorded_runs`]
//! indexes the part files of one or more folders (the shards of a sweep) and reads the runs
//! back in (point, replication) order, whatever order they were stored in; writing them as
//! tables is `crate::output::assemble`'s. Knows nothing of running the model, of table
//! formats or of the CLI.

use super::part_format::{DamagedPart, HEADER_LEN, KeptOutput, RecordHeader, read_problem};
use crate::ground::atomic::{temp_target, write_atomic};
use crate::ground::files::OutputError;
use crate::model::metrics::{Metric, ReplicationResult};
use std::fs;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// The folder, inside a sweep output folder, that holds the part files.
pub const PARTS_DIR: &str = "parts";

const PART_SUFFIX: &str = ".part";
const PART_PREFIX: &str = "batch-";

/// Whether `name` is a part file name orgsim writes into `parts/` (`batch-00000012.part`);
/// clearing a folder for `--force` removes these (and their temp files) and no other.
pub fn is_part_file_name(name: &str) -> bool {
    name.strip_prefix(PART_PREFIX)
        .and_then(|n| n.strip_suffix(PART_SUFFIX))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// One finished run: the point it belongs to and its result.
pub struct RunRecord<'a> {
    pub point: u32,
    pub result: &'a ReplicationResult,
}

/// Why recorded runs cannot be read.
#[derive(Debug)]
pub enum PartError {
    /// A part file is damaged, cut short, or not of this version's format.
    Damaged(DamagedPart),
    Output(OutputError),
}

impl std::fmt::Display for PartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PartError::Damaged(e) => write!(f, "{e}"),
            PartError::Output(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for PartError {}

impl From<OutputError> for PartError {
    fn from(e: OutputError) -> Self {
        PartError::Output(e)
    }
}

impl From<DamagedPart> for PartError {
    fn from(e: DamagedPart) -> Self {
        PartError::Damaged(e)
    }
}

/// The part files of one sweep output folder.
pub struct PartStore {
    dir: PathBuf,
    next_batch: u64,
    kept: KeptOutput,
}

fn part_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = vec![];
    match fs::read_dir(dir) {
        Ok(entries) => {
            for entry in entries {
                let path = entry?.path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if name.ends_with(PART_SUFFIX) && !name.starts_with('.') {
                    files.push(path);
                }
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    files.sort();
    Ok(files)
}

/// Every record of every part file in `dir`: calls `visit(header, file index, offset)` for
/// each, after checking its checksum. Reads each file once, front to back, one record in
/// memory at a time; a file that is damaged, cut short, has bytes appended or keeps other
/// columns than `kept` is a [`PartError::Damaged`] naming it.
fn scan(
    dir: &Path,
    kept: &KeptOutput,
    files: &mut Vec<PathBuf>,
    mut visit: impl FnMut(&RecordHeader, usize, u64),
) -> Result<(), PartError> {
    let mut payload = vec![];
    for path in part_files(dir).map_err(|e| OutputError::new("cannot read", dir, e))? {
        let named = |e: io::Error| OutputError::new("cannot read", &path, e);
        let file = fs::File::open(&path).map_err(named)?;
        let len = file.metadata().map_err(named)?.len();
        let mut file = io::BufReader::with_capacity(1 << 16, file);
        let mut at = kept
            .read_file_header(&mut file)
            .map_err(|problem| DamagedPart::new(&path, problem))?;
        let file_index = files.len();
        files.push(path.clone());
        let mut records = 0u64;
        // What is wrong from offset `at` on, after `records` intact records.
        let damaged = |records: u64, at: u64, what: String| {
            let intact = if records == 0 {
                "no record is intact".to_string()
            } else {
                format!("its first {records} records are intact")
            };
            DamagedPart::new(
                &path,
                format!(
                    "{what}; {intact}, the {} bytes from offset {at} on are not",
                    len - at
                ),
            )
        };
        let mut header_bytes = [0u8; HEADER_LEN];
        while at < len {
            if len - at < HEADER_LEN as u64 {
                return Err(damaged(
                    records,
                    at,
                    format!(
                        "it ends in {} bytes that are too few for a record (bytes were appended, or it was cut short)",
                        len - at
                    ),
                )
                .into());
            }
            file.read_exact(&mut header_bytes)
                .map_err(|e| damaged(records, at, read_problem(e)))?;
            let header = RecordHeader::parse(&header_bytes);
            let left = len - at - HEADER_LEN as u64;
            if left < header.payload_len as u64 {
                return Err(damaged(
                    records,
                    at,
                    format!(
                        "a record there claims {} bytes but only {left} follow (it was cut short, its bytes changed, or bytes were appended)",
                        header.payload_len
                    ),
                )
                .into());
            }
            payload.resize(header.payload_len, 0);
            file.read_exact(&mut payload)
                .map_err(|e| damaged(records, at, read_problem(e)))?;
            header
                .check(&payload)
                .map_err(|problem| damaged(records, at, problem))?;
            visit(&header, file_index, at);
            at += (HEADER_LEN + header.payload_len) as u64;
            records += 1;
        }
    }
    Ok(())
}

impl PartStore {
    /// Opens (creating) `<sweep dir>/parts`, removing temporary files a killed run left. Its
    /// records keep `kept` of each run (what the sweep's tables will hold).
    pub fn open(sweep_dir: &Path, kept: KeptOutput) -> Result<PartStore, OutputError> {
        let dir = sweep_dir.join(PARTS_DIR);
        fs::create_dir_all(&dir)
            .map_err(|e| OutputError::new("cannot create directory", &dir, e))?;
        let mut next_batch = 0;
        for entry in
            fs::read_dir(&dir).map_err(|e| OutputError::new("cannot read directory", &dir, e))?
        {
            let path = entry
                .map_err(|e| OutputError::new("cannot read directory", &dir, e))?
                .path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string();
            if temp_target(&name).is_some_and(is_part_file_name) {
                let _ = fs::remove_file(&path);
            } else if let Some(n) = name
                .strip_prefix(PART_PREFIX)
                .and_then(|n| n.strip_suffix(PART_SUFFIX))
                .and_then(|n| n.parse::<u64>().ok())
            {
                next_batch = next_batch.max(n + 1);
            }
        }
        Ok(PartStore {
            dir,
            next_batch,
            kept,
        })
    }

    /// Calls `done(point, replication)` for every run already recorded, checking every
    /// record's checksum.
    pub fn completed(&self, mut done: impl FnMut(u32, u32)) -> Result<(), PartError> {
        let mut files = vec![];
        scan(&self.dir, &self.kept, &mut files, |h, _, _| {
            done(h.point, h.replication)
        })
    }

    /// Records a batch of finished runs durably (one atomic file).
    pub fn write_batch(&mut self, runs: &[RunRecord]) -> Result<(), OutputError> {
        if runs.is_empty() {
            return Ok(());
        }
        let mut file = self.reserve_batch();
        file.encode(runs);
        file.write()
    }

    /// The next part file, to be encoded and written with [`BatchFile::encode`] and
    /// [`BatchFile::write`], possibly on another thread while the next batch runs. Batches are
    /// numbered as they are reserved.
    pub fn reserve_batch(&mut self) -> BatchFile {
        let path = self
            .dir
            .join(format!("{PART_PREFIX}{:08}{PART_SUFFIX}", self.next_batch));
        self.next_batch += 1;
        BatchFile {
            path,
            bytes: vec![],
            kept: self.kept.clone(),
        }
    }
}

/// A part file reserved for a batch of runs, not yet on disk.
pub struct BatchFile {
    path: PathBuf,
    bytes: Vec<u8>,
    kept: KeptOutput,
}

impl BatchFile {
    /// Encodes `runs` as the file's content. The runs can be dropped before [`BatchFile::write`],
    /// so that a batch is not held twice (as results and as bytes) while it waits for the disk.
    pub fn encode(&mut self, runs: &[RunRecord]) {
        let header = self.kept.file_header();
        let records: usize = runs.iter().map(|r| self.kept.record_len(r.result)).sum();
        self.bytes = Vec::with_capacity(header.len() + records);
        self.bytes.extend_from_slice(&header);
        for run in runs {
            self.kept.encode_run(&mut self.bytes, run.point, run.result);
        }
    }

    /// Writes the part file atomically and durably (until this returns, the runs are not
    /// recorded: a sweep killed before then runs them again when resumed).
    pub fn write(self) -> Result<(), OutputError> {
        write_atomic(&self.path, |w| w.write_all(&self.bytes))
            .map_err(|e| OutputError::write(&self.path, e))
    }
}

/// What the assembled tables hold about one point.
pub struct AssemblyPoint<'a> {
    pub id: u32,
    /// Cells of the varied keys, in key order.
    pub values: Vec<String>,
    /// Group names of the point's scenario; `None` when the point failed validation.
    pub group_names: Option<&'a [String]>,
    /// Why the point failed (empty when it did not).
    pub error: String,
}

/// The tables to write and how.
pub struct Assembly<'a> {
    pub name: &'a str,
    pub keys: &'a [String],
    pub replications: u32,
    pub points: Vec<AssemblyPoint<'a>>,
    pub metrics: Option<&'a [Metric]>,
    pub every_months: usize,
    /// Level of summary.csv's predictive interval.
    pub prediction_level: f64,
}

/// Why the tables could not be assembled.
#[derive(Debug)]
pub enum AssemblyError {
    /// Runs that assembly expected but no part file holds.
    Missing {
        runs: u64,
        example: (u32, u32),
    },
    /// A part file is damaged, cut short, or not of this version's format.
    Damaged(DamagedPart),
    Output(OutputError),
}

impl std::fmt::Display for AssemblyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AssemblyError::Missing { runs, example } => {
                write!(
                    f,
                    "{runs} runs are missing (e.g. point {}, replication {}): finish them with --resume, or pass every shard folder",
                    example.0, example.1
                )
            }
            AssemblyError::Damaged(e) => write!(f, "{e}"),
            AssemblyError::Output(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for AssemblyError {}

impl From<OutputError> for AssemblyError {
    fn from(e: OutputError) -> Self {
        AssemblyError::Output(e)
    }
}

impl From<DamagedPart> for AssemblyError {
    fn from(e: DamagedPart) -> Self {
        AssemblyError::Damaged(e)
    }
}

impl From<PartError> for AssemblyError {
    fn from(e: PartError) -> Self {
        match e {
            PartError::Damaged(e) => AssemblyError::Damaged(e),
            PartError::Output(e) => AssemblyError::Output(e),
        }
    }
}

/// Indexes the runs recorded in the part files of `sources` (sweep or shard folders) for
/// `assembly`, checking every record's checksum. Every run of every valid point must be
/// present in some source.
pub fn recorded_runs<'a>(
    assembly: &'a Assembly<'a>,
    sources: &[PathBuf],
) -> Result<RecordedRuns<'a>, AssemblyError> {
    // Index every recorded run: (point, replication) → (file, offset).
    let kept = KeptOutput::new(assembly.metrics, assembly.every_months);
    let mut files: Vec<PathBuf> = vec![];
    let mut index = RunIndex::new(assembly.points.len(), assembly.replications);
    for source in sources {
        let dir = source.join(PARTS_DIR);
        scan(&dir, &kept, &mut files, |h, file, offset| {
            index.insert(h.point, h.replication, file, offset);
        })?;
    }
    let mut missing = 0u64;
    let mut example = None;
    for p in assembly.points.iter().filter(|p| p.group_names.is_some()) {
        for r in 0..assembly.replications {
            if index.get(p.id, r).is_none() {
                missing += 1;
                example.get_or_insert((p.id, r));
            }
        }
    }
    if let Some(example) = example {
        return Err(AssemblyError::Missing {
            runs: missing,
            example,
        });
    }

    Ok(RecordedRuns {
        assembly,
        kept,
        index,
        files,
    })
}

/// Where each run of an assembly is recorded: its part file and offset, packed in eight bytes
/// a run (a sweep of ten million runs indexes them in 80 MB).
struct RunIndex {
    replications: u64,
    /// By run (point · replications + replication): file << OFFSET_BITS | offset, or ABSENT.
    runs: Vec<u64>,
}

impl RunIndex {
    const OFFSET_BITS: u32 = 40;
    const ABSENT: u64 = u64::MAX;

    fn new(points: usize, replications: u32) -> RunIndex {
        let replications = u64::from(replications);
        RunIndex {
            replications,
            runs: vec![Self::ABSENT; (points as u64 * replications) as usize],
        }
    }

    /// Records where run (point, replication) is, unless it was found before (or is not a
    /// run of this sweep, or lies beyond what eight bytes can say: then it is missing).
    fn insert(&mut self, point: u32, replication: u32, file: usize, offset: u64) {
        if u64::from(replication) >= self.replications
            || offset >> Self::OFFSET_BITS != 0
            || (file as u64) >> (64 - Self::OFFSET_BITS) != 0
        {
            return;
        }
        let run = u64::from(point) * self.replications + u64::from(replication);
        if let Some(slot) = self.runs.get_mut(run as usize)
            && *slot == Self::ABSENT
        {
            *slot = (file as u64) << Self::OFFSET_BITS | offset;
        }
    }

    /// The part file and offset of run (point, replication), if recorded.
    fn get(&self, point: u32, replication: u32) -> Option<(usize, u64)> {
        let run = u64::from(point) * self.replications + u64::from(replication);
        let packed = *self.runs.get(run as usize)?;
        (packed != Self::ABSENT).then_some((
            (packed >> Self::OFFSET_BITS) as usize,
            packed & ((1 << Self::OFFSET_BITS) - 1),
        ))
    }
}

/// The recorded runs of an assembly, read back point by point in (point, replication) order.
pub struct RecordedRuns<'a> {
    assembly: &'a Assembly<'a>,
    kept: KeptOutput,
    /// (point, replication) → (file, offset).
    index: RunIndex,
    files: Vec<PathBuf>,
}

/// What [`RecordedRuns::for_each`] reports, in order.
pub enum RunEvent<'a> {
    /// A point that ran begins (with its workforce group names).
    PointStart(&'a AssemblyPoint<'a>, &'a [String]),
    /// One replication of it, in replication order.
    Run(&'a ReplicationResult),
    /// The point's replications are done.
    PointEnd,
}

impl RecordedRuns<'_> {
    /// The assembly these runs belong to.
    pub fn assembly(&self) -> &Assembly<'_> {
        self.assembly
    }

    /// Reports every point of `points` that ran, its replications in order, and its end.
    pub fn for_each(
        &self,
        points: &[AssemblyPoint],
        mut on: impl FnMut(RunEvent) -> Result<(), OutputError>,
    ) -> Result<(), AssemblyError> {
        let mut result = ReplicationResult {
            replication: 0,
            months: vec![],
            groups: vec![],
            events: vec![],
        };
        let mut record = vec![];
        let mut open_file: Option<(usize, fs::File)> = None;
        for p in points {
            let Some(group_names) = p.group_names else {
                continue;
            };
            on(RunEvent::PointStart(p, group_names))?;
            for r in 0..self.assembly.replications {
                let (file, offset) = self.index.get(p.id, r).expect("every run is indexed");
                let path = &self.files[file];
                if open_file.as_ref().is_none_or(|(f, _)| *f != file) {
                    let handle = fs::File::open(path)
                        .map_err(|e| OutputError::new("cannot read", path, e))?;
                    open_file = Some((file, handle));
                }
                let (_, handle) = open_file.as_mut().expect("opened above");
                let read_err = |e: io::Error| OutputError::new("cannot read", path, e);
                // The file was checked when indexed; one changed since is still refused.
                let changed = |problem: String| {
                    DamagedPart::new(path, format!("{problem} (the file changed while read)"))
                };
                handle.seek(SeekFrom::Start(offset)).map_err(read_err)?;
                let mut header_bytes = [0u8; HEADER_LEN];
                handle
                    .read_exact(&mut header_bytes)
                    .map_err(|e| changed(read_problem(e)))?;
                let header = RecordHeader::parse(&header_bytes);
                record.resize(header.payload_len, 0);
                handle
                    .read_exact(&mut record)
                    .map_err(|e| changed(read_problem(e)))?;
                self.kept
                    .decode_run(&header, &record, &mut result)
                    .map_err(changed)?;
                on(RunEvent::Run(&result))?;
            }
            on(RunEvent::PointEnd)?;
        }
        Ok(())
    }
}

/// A small result with every kind of output, for the part store's and assembly's tests.
#[cfg(test)]
pub(crate) fn sample_result(replication: u32, months: usize) -> ReplicationResult {
    use crate::model::metrics::{GroupRow, ShockRecovery};
    ReplicationResult {
        replication,
        months: (0..months)
            .map(|m| std::array::from_fn(|i| m as f64 + i as f64 / 7.0))
            .collect(),
        groups: (0..months)
            .map(|m| {
                vec![
                    GroupRow {
                        headcount: m as u32,
                        engagement: 0.5,
                        retention: f64::NAN
                    };
                    2
                ]
            })
            .collect(),
        events: vec![ShockRecovery {
            shock_month: 3,
            severity: 0.3,
            baseline_performance: 0.4,
            recovery_months: None,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanning_finds_every_run_and_rejects_damaged_part_files() {
        let dir = std::env::temp_dir().join(format!("orgsim-scan-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let mut store = PartStore::open(&dir, KeptOutput::all()).unwrap();
        let runs: Vec<ReplicationResult> =
            (0..3).map(|r| sample_result(r, 4 + r as usize)).collect();
        let records: Vec<RunRecord> = runs
            .iter()
            .map(|result| RunRecord { point: 7, result })
            .collect();
        store.write_batch(&records[..2]).unwrap();
        store.write_batch(&records[2..]).unwrap();
        let mut seen = vec![];
        store.completed(|p, r| seen.push((p, r))).unwrap();
        assert_eq!(seen, [(7, 0), (7, 1), (7, 2)]);

        let part = dir.join(PARTS_DIR).join("batch-00000001.part");
        let bytes = fs::read(&part).unwrap();
        let header_len = KeptOutput::all().file_header().len();
        let damage = |content: &[u8], expect: &str| {
            fs::write(&part, content).unwrap();
            let e = store.completed(|_, _| {}).unwrap_err().to_string();
            assert!(
                e.contains("batch-00000001.part cannot be used") && e.contains(expect),
                "{e}"
            );
        };
        damage(&bytes[..bytes.len() - 1], "claims");
        damage(
            &bytes[..header_len + HEADER_LEN - 1],
            "too few for a record",
        );
        let mut appended = bytes.clone();
        appended.extend_from_slice(b"xyz");
        damage(
            &appended,
            "its first 1 records are intact, the 3 bytes from offset",
        );
        let mut flipped = bytes.clone();
        flipped[header_len + HEADER_LEN + 9] ^= 0x10;
        damage(&flipped, "fails its checksum");
        damage(b"not a part file", "does not start as an orgsim part file");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_run_index_keeps_the_first_record_of_each_run_of_the_sweep() {
        let mut index = RunIndex::new(3, 2);
        index.insert(2, 1, 7, 123_456);
        index.insert(2, 1, 8, 0); // a second record of the same run: the first is kept
        index.insert(3, 0, 1, 0); // not a point of the sweep
        index.insert(0, 2, 1, 0); // not a replication of the sweep
        index.insert(0, 0, 1, 1 << 41); // beyond eight bytes: left missing
        assert_eq!(index.get(2, 1), Some((7, 123_456)));
        assert_eq!(index.get(0, 0), None);
        assert_eq!(index.get(3, 0), None);
        assert_eq!(
            index
                .runs
                .iter()
                .filter(|&&r| r != RunIndex::ABSENT)
                .count(),
            1
        );
    }
}
