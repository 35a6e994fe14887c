//! The binary format of a sweep's part files: what a record keeps of a run, and its checksum.
//!
//! A part file is a file header (magic with the format version, then the columns and months
//! kept, under a checksum) followed by one record per run: a fixed header (point,
//! replication, months, groups, events, payload length, CRC-32 of header and payload) and
//! the payload. A record keeps only what the sweep's tables will hold (the chosen metrics,
//! at the months the tables keep; groups at those months; every shock event), as exact f64
//! bits, so tables assembled from parts are the bytes the full runs would give. Knows nothing
//! of folders, batches or tables.

use super::plan::keeps_month;
use crate::model::metrics::{GroupRow, METRIC_COUNT, Metric, ReplicationResult, ShockRecovery};
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The start of a part file: "ORGPART" and the format version.
pub const MAGIC: &[u8; 8] = b"ORGPART2";
/// The magic of the first format (every metric of every month, no checksums).
const MAGIC_V1: &[u8; 8] = b"ORGPART1";
/// Bytes of a record's header.
pub const HEADER_LEN: usize = 28;

const GROUP_BYTES: usize = 20;
const EVENT_BYTES: usize = 28;

/// What the records of a part file keep of each run: the columns and months of the tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptOutput {
    /// Indices of the kept metrics, ascending.
    metrics: Vec<usize>,
    every_months: usize,
}

impl KeptOutput {
    /// `metrics` (None: all) at every `every_months`-th month (month 0 and the horizon
    /// always), as the tables of a sweep keep them.
    pub fn new(metrics: Option<&[Metric]>, every_months: usize) -> KeptOutput {
        let mut kept: Vec<usize> = metrics
            .unwrap_or(Metric::ALL)
            .iter()
            .map(|&m| m as usize)
            .collect();
        kept.sort_unstable();
        kept.dedup();
        KeptOutput {
            metrics: kept,
            every_months: every_months.max(1),
        }
    }

    /// Everything: every metric of every month.
    pub fn all() -> KeptOutput {
        KeptOutput::new(None, 1)
    }

    /// Months of a run with `months` rows that are kept.
    fn kept_months(&self, months: usize) -> impl Iterator<Item = usize> + '_ {
        let last = months.saturating_sub(1);
        (0..months).filter(move |&m| keeps_month(m, last, self.every_months))
    }

    fn payload_len(&self, months: usize, groups: usize, events: usize) -> u64 {
        let kept = self.kept_months(months).count() as u64;
        kept * self.metrics.len() as u64 * 8
            + kept * groups as u64 * GROUP_BYTES as u64
            + events as u64 * EVENT_BYTES as u64
    }

    /// The file header: magic, every_months, the kept metric indices, CRC-32 of all before.
    pub fn file_header(&self) -> Vec<u8> {
        let mut buf = MAGIC.to_vec();
        put_u32(&mut buf, self.every_months as u32);
        put_u32(&mut buf, self.metrics.len() as u32);
        for &m in &self.metrics {
            put_u32(&mut buf, m as u32);
        }
        let crc = crc32fast::hash(&buf);
        put_u32(&mut buf, crc);
        buf
    }

    /// Reads a file header from `file`, checking it describes `self`; its length in bytes.
    pub fn read_file_header(&self, file: &mut impl Read) -> Result<u64, String> {
        let mut magic = [0u8; 8];
        file.read_exact(&mut magic)
            .map_err(|_| "it is too short to be an orgsim part file".to_string())?;
        if &magic == MAGIC_V1 {
            return Err(OLD_FORMAT.into());
        }
        if &magic != MAGIC {
            return Err("it does not start as an orgsim part file".into());
        }
        let mut fixed = [0u8; 8];
        file.read_exact(&mut fixed)
            .map_err(|_| "its file header is cut short".to_string())?;
        let count = read_u32(&fixed, 4) as usize;
        if count > METRIC_COUNT {
            return Err("its file header is damaged (too many metrics)".into());
        }
        let mut rest = vec![0u8; count * 4 + 4];
        file.read_exact(&mut rest)
            .map_err(|_| "its file header is cut short".to_string())?;
        let mut header = magic.to_vec();
        header.extend_from_slice(&fixed);
        header.extend_from_slice(&rest[..count * 4]);
        if crc32fast::hash(&header) != read_u32(&rest, count * 4) {
            return Err("its file header fails its checksum (its bytes changed on disk)".into());
        }
        let found = KeptOutput {
            metrics: (0..count)
                .map(|i| read_u32(&rest, i * 4) as usize)
                .collect(),
            every_months: read_u32(&fixed, 0) as usize,
        };
        if found != *self {
            return Err(
                "it keeps other metrics or months than this sweep's [output] (it belongs to another sweep)"
                    .into(),
            );
        }
        Ok(header.len() as u64 + 4)
    }

    /// Bytes of the record of `result`.
    pub fn record_len(&self, result: &ReplicationResult) -> usize {
        let groups = result.groups.first().map_or(0, Vec::len);
        HEADER_LEN + self.payload_len(result.months.len(), groups, result.events.len()) as usize
    }

    /// Appends the record of one run to `buf`.
    pub fn encode_run(&self, buf: &mut Vec<u8>, point: u32, result: &ReplicationResult) {
        let groups = result.groups.first().map_or(0, Vec::len);
        let start = buf.len();
        put_u32(buf, point);
        put_u32(buf, result.replication);
        put_u32(buf, result.months.len() as u32);
        put_u32(buf, groups as u32);
        put_u32(buf, result.events.len() as u32);
        let payload_len = self.payload_len(result.months.len(), groups, result.events.len());
        put_u32(buf, payload_len as u32);
        put_u32(buf, 0); // the checksum, filled in below
        for m in self.kept_months(result.months.len()) {
            for &i in &self.metrics {
                put_f64(buf, result.months[m][i]);
            }
        }
        for m in self.kept_months(result.groups.len()) {
            for g in &result.groups[m] {
                put_u32(buf, g.headcount);
                put_f64(buf, g.engagement);
                put_f64(buf, g.retention);
            }
        }
        for e in &result.events {
            put_u32(buf, e.shock_month);
            put_f64(buf, e.severity);
            put_f64(buf, e.baseline_performance);
            put_u32(buf, e.recovery_months.map_or(u32::MAX, |m| m));
            put_u32(buf, 0);
        }
        let mut crc = crc32fast::Hasher::new();
        crc.update(&buf[start..start + 24]);
        crc.update(&buf[start + HEADER_LEN..]);
        let crc = crc.finalize().to_le_bytes();
        buf[start + 24..start + HEADER_LEN].copy_from_slice(&crc);
    }

    /// Checks a record (its header and payload) and decodes it into `out`: the kept cells hold
    /// the run's values, the others NaN (the tables never read them).
    pub fn decode_run(
        &self,
        header: &RecordHeader,
        payload: &[u8],
        out: &mut ReplicationResult,
    ) -> Result<(), String> {
        header.check(payload)?;
        let expected = self.payload_len(header.months, header.groups, header.events);
        if payload.len() as u64 != expected {
            return Err(format!(
                "record of point {}, replication {} has {} bytes where its counts say {expected}",
                header.point,
                header.replication,
                payload.len()
            ));
        }
        out.replication = header.replication;
        out.months.clear();
        out.months.resize(header.months, [f64::NAN; METRIC_COUNT]);
        let mut at = 0;
        for m in self.kept_months(header.months) {
            for &i in &self.metrics {
                out.months[m][i] = read_f64(payload, at);
                at += 8;
            }
        }
        out.groups.clear();
        out.groups.resize_with(header.months, Vec::new);
        for m in self.kept_months(header.months) {
            let month = &mut out.groups[m];
            month.reserve(header.groups);
            for _ in 0..header.groups {
                month.push(GroupRow {
                    headcount: read_u32(payload, at),
                    engagement: read_f64(payload, at + 4),
                    retention: read_f64(payload, at + 12),
                });
                at += GROUP_BYTES;
            }
        }
        out.events.clear();
        for _ in 0..header.events {
            let recovery = read_u32(payload, at + 20);
            out.events.push(ShockRecovery {
                shock_month: read_u32(payload, at),
                severity: read_f64(payload, at + 4),
                baseline_performance: read_f64(payload, at + 12),
                recovery_months: (recovery != u32::MAX).then_some(recovery),
            });
            at += EVENT_BYTES;
        }
        Ok(())
    }
}

/// What a part file that cannot be used says about the first format.
const OLD_FORMAT: &str =
    "it was written by an older orgsim (part format 1, which kept every metric of every month)";

/// The fixed header of one record.
pub struct RecordHeader {
    pub point: u32,
    pub replication: u32,
    months: usize,
    groups: usize,
    events: usize,
    pub payload_len: usize,
    bytes: [u8; HEADER_LEN],
}

impl RecordHeader {
    pub fn parse(bytes: &[u8; HEADER_LEN]) -> RecordHeader {
        RecordHeader {
            point: read_u32(bytes, 0),
            replication: read_u32(bytes, 4),
            months: read_u32(bytes, 8) as usize,
            groups: read_u32(bytes, 12) as usize,
            events: read_u32(bytes, 16) as usize,
            payload_len: read_u32(bytes, 20) as usize,
            bytes: *bytes,
        }
    }

    /// Whether header and `payload` are the bytes that were written (CRC-32).
    pub fn check(&self, payload: &[u8]) -> Result<(), String> {
        let mut crc = crc32fast::Hasher::new();
        crc.update(&self.bytes[..24]);
        crc.update(payload);
        if payload.len() != self.payload_len || crc.finalize() != read_u32(&self.bytes, 24) {
            return Err(format!(
                "the record of point {}, replication {} fails its checksum (its bytes changed on disk)",
                self.point, self.replication
            ));
        }
        Ok(())
    }
}

/// A part file that cannot be used, and why.
#[derive(Debug)]
pub struct DamagedPart {
    pub path: PathBuf,
    pub problem: String,
}

impl DamagedPart {
    pub fn new(path: &Path, problem: impl Into<String>) -> DamagedPart {
        DamagedPart {
            path: path.to_path_buf(),
            problem: problem.into(),
        }
    }

    /// Whether the file is of the first format (then every part file of the folder is).
    pub fn is_old_format(&self) -> bool {
        self.problem == OLD_FORMAT
    }
}

impl fmt::Display for DamagedPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "part file {} cannot be used: {}",
            self.path.display(),
            self.problem
        )
    }
}

impl std::error::Error for DamagedPart {}

/// A read error as a problem of the file (a short read means the file ended early).
pub fn read_problem(e: io::Error) -> String {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        "it ends in the middle of a record".into()
    } else {
        e.to_string()
    }
}

fn put_u32(buf: &mut Vec<u8>, x: u32) {
    buf.extend_from_slice(&x.to_le_bytes());
}

fn put_f64(buf: &mut Vec<u8>, x: f64) {
    buf.extend_from_slice(&x.to_bits().to_le_bytes());
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"))
}

fn read_f64(bytes: &[u8], at: usize) -> f64 {
    f64::from_bits(u64::from_le_bytes(
        bytes[at..at + 8].try_into().expect("8 bytes"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The part store's sample result with metric 1 empty (NaN) in every month, so the
    /// round trips below also carry empty values.
    fn result(replication: u32, months: usize) -> ReplicationResult {
        let mut result = crate::experiment::parts::sample_result(replication, months);
        for row in &mut result.months {
            row[1] = f64::NAN;
        }
        result
    }

    fn empty() -> ReplicationResult {
        ReplicationResult {
            replication: 0,
            months: vec![],
            groups: vec![],
            events: vec![],
        }
    }

    fn header(buf: &[u8]) -> RecordHeader {
        RecordHeader::parse(buf[..HEADER_LEN].try_into().unwrap())
    }

    #[test]
    fn runs_round_trip_through_the_binary_encoding_bit_for_bit() {
        let original = result(4, 5);
        let kept = KeptOutput::all();
        let mut buf = vec![];
        kept.encode_run(&mut buf, 9, &original);
        let h = header(&buf);
        assert_eq!((h.point, h.replication), (9, 4));
        let mut decoded = empty();
        kept.decode_run(&h, &buf[HEADER_LEN..], &mut decoded)
            .unwrap();
        let bits = |r: &ReplicationResult| {
            r.months
                .iter()
                .flat_map(|m| m.iter().map(|v| v.to_bits()))
                .collect::<Vec<_>>()
        };
        assert_eq!(bits(&decoded), bits(&original));
        assert_eq!(decoded.groups.len(), 5);
        assert_eq!(decoded.events[0].recovery_months, None);
        assert!(
            kept.decode_run(&h, &buf[HEADER_LEN..buf.len() - 1], &mut decoded)
                .is_err()
        );
    }

    #[test]
    fn a_record_keeps_only_the_chosen_metrics_and_months() {
        let original = result(1, 13);
        let kept = KeptOutput::new(Some(&[Metric::ALL[3], Metric::ALL[0]]), 5);
        let mut buf = vec![];
        kept.encode_run(&mut buf, 0, &original);
        // Months 0, 5, 10 and 12; two metrics; two groups; one event.
        assert_eq!(buf.len(), HEADER_LEN + 4 * 2 * 8 + 4 * 2 * 20 + 28);
        let mut decoded = empty();
        kept.decode_run(&header(&buf), &buf[HEADER_LEN..], &mut decoded)
            .unwrap();
        assert_eq!(decoded.months.len(), 13);
        for m in [0, 5, 10, 12] {
            for i in [0, 3] {
                assert_eq!(
                    decoded.months[m][i].to_bits(),
                    original.months[m][i].to_bits()
                );
            }
            assert_eq!(decoded.groups[m].len(), 2);
        }
        assert!(decoded.months[4][0].is_nan() && decoded.months[5][2].is_nan());
        assert!(decoded.groups[4].is_empty());
    }

    #[test]
    fn any_flipped_bit_of_a_record_fails_its_checksum() {
        let kept = KeptOutput::all();
        let mut buf = vec![];
        kept.encode_run(&mut buf, 2, &result(0, 3));
        for bit in 0..buf.len() * 8 {
            let mut bad = buf.clone();
            bad[bit / 8] ^= 1 << (bit % 8);
            let h = header(&bad);
            let payload = &bad[HEADER_LEN..];
            let mut out = empty();
            assert!(kept.decode_run(&h, payload, &mut out).is_err(), "bit {bit}");
        }
    }

    #[test]
    fn file_headers_name_their_selection_and_refuse_the_first_format() {
        let kept = KeptOutput::new(Some(&[Metric::ALL[2]]), 12);
        let header = kept.file_header();
        assert_eq!(
            kept.read_file_header(&mut &header[..]),
            Ok(header.len() as u64)
        );
        let other = KeptOutput::new(None, 12);
        assert!(other.read_file_header(&mut &header[..]).is_err());
        let mut flipped = header.clone();
        flipped[9] ^= 4;
        assert!(kept.read_file_header(&mut &flipped[..]).is_err());
        let old = kept
            .read_file_header(&mut &b"ORGPART1rest"[..])
            .unwrap_err();
        assert!(old.contains("older orgsim"), "{old}");
    }
}
