//! Reading a results folder's `manifest.json` without holding a sweep's points: the figures
//! and the report need the manifest's small fields and the sweep plan's base, keys and
//! output selection, while the plan's `points` list grows with the design (a million points
//! would be hundreds of megabytes as a JSON tree). The file is parsed as a stream and the
//! points are counted, and digested into each key's distinct values when asked, one at a time.
//!
//! Owns that streaming parse and the digest. Does not own the manifest format (see
//! `crate::output::manifest`) or what the figures and report make of it.

use crate::experiment::plan::Point;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::fmt;
use std::io::BufReader;
use std::path::Path;

/// Distinct values listed in full per key; more are summarised by their count, first and last.
pub const LISTED_VALUES: usize = 6;

/// The distinct values one varied key takes over a plan's points, in design order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyDigest {
    /// How many distinct values.
    pub distinct: usize,
    /// The first [`LISTED_VALUES`] distinct values.
    pub first: Vec<String>,
    /// The last distinct value to appear.
    pub last: String,
    seen: HashSet<String>,
}

impl KeyDigest {
    fn add(&mut self, value: String) {
        if self.seen.contains(&value) {
            return;
        }
        self.distinct += 1;
        if self.first.len() < LISTED_VALUES {
            self.first.push(value.clone());
        }
        self.last.clone_from(&value);
        self.seen.insert(value);
    }
}

/// A sweep plan's points, counted (and digested per key when asked).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PointsDigest {
    pub count: usize,
    /// Per key position, its distinct values (empty unless a digest was asked for).
    pub keys: Vec<KeyDigest>,
}

/// A manifest read without its plan's points.
#[derive(Clone, Debug)]
pub struct ManifestHead {
    /// The manifest as JSON, with `scenario.points` left out (absent for runs and comparisons,
    /// an empty list for sweeps).
    pub value: Value,
    /// The plan's points, if `scenario` has a `points` list.
    pub points: Option<PointsDigest>,
}

/// Reads `path` as a manifest: every field except `scenario.points`, which is counted (and,
/// with `digest`, summarised key by key). The error is the parser's message.
pub fn read_manifest_head(path: &Path, digest: bool) -> Result<ManifestHead, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let mut deserializer = serde_json::Deserializer::from_reader(BufReader::new(file));
    let mut points = None;
    let value = TopSeed {
        digest,
        points: &mut points,
    }
    .deserialize(&mut deserializer)
    .map_err(|e| ReadError::Json(e.to_string()))?;
    deserializer
        .end()
        .map_err(|e| ReadError::Json(e.to_string()))?;
    Ok(ManifestHead { value, points })
}

/// Why a manifest could not be read.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    Json(String),
}

/// The whole document: an object whose `scenario` gets [`ScenarioSeed`]; anything else is
/// kept as it is.
struct TopSeed<'a> {
    digest: bool,
    points: &'a mut Option<PointsDigest>,
}

/// The visits of a value that is not an object: scalars are kept as they are and lists are
/// skipped (the readers then find none of their fields). Shared by the seeds that look inside
/// an object.
macro_rules! visit_anything_else_as_is {
    () => {
        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Value::Array(Vec::new()))
        }
    };
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = if key == "scenario" {
                map.next_value_seed(ScenarioSeed {
                    digest: self.digest,
                    points: &mut *self.points,
                })?
            } else {
                map.next_value::<Value>()?
            };
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
    visit_anything_else_as_is!();
}

/// `scenario`: an object whose `points` list is digested, not kept.
struct ScenarioSeed<'a> {
    digest: bool,
    points: &'a mut Option<PointsDigest>,
}

impl<'de> DeserializeSeed<'de> for ScenarioSeed<'_> {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ScenarioSeed<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a scenario or sweep plan")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "points" {
                let digest = map.next_value_seed(PointsSeed {
                    digest: self.digest,
                })?;
                *self.points = Some(digest);
                out.insert(key, Value::Array(Vec::new()));
            } else {
                let value = map.next_value::<Value>()?;
                out.insert(key, value);
            }
        }
        Ok(Value::Object(out))
    }
    visit_anything_else_as_is!();
}

/// The `points` list, one point at a time.
struct PointsSeed {
    digest: bool,
}

impl<'de> DeserializeSeed<'de> for PointsSeed {
    type Value = PointsDigest;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<PointsDigest, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PointsSeed {
    type Value = PointsDigest;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of points")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PointsDigest, A::Error> {
        let mut out = PointsDigest::default();
        if !self.digest {
            while seq.next_element::<IgnoredAny>()?.is_some() {
                out.count += 1;
            }
            return Ok(out);
        }
        while let Some(point) = seq.next_element::<Point>()? {
            out.count += 1;
            for (k, value) in point.values.iter().enumerate() {
                if out.keys.len() <= k {
                    out.keys.resize_with(k + 1, KeyDigest::default);
                }
                out.keys[k].add(value.to_cell());
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_counted_and_digested_but_not_kept() {
        let dir = std::env::temp_dir().join(format!("orgsim-manifest-head-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("manifest.json");
        let points: Vec<String> = (0..10)
            .map(|i| {
                format!(
                    "{{\"id\":{i},\"values\":[{{\"Float\":0.{}}},{{\"Int\":3}}]}}",
                    i % 8
                )
            })
            .collect();
        std::fs::write(
            &path,
            format!(
                "{{\"replications\":2,\"scenario\":{{\"name\":\"s\",\"points\":[{}],\"keys\":[\"a\",\"b\"]}}}}",
                points.join(",")
            ),
        )
        .unwrap();
        let head = read_manifest_head(&path, true).unwrap();
        assert_eq!(head.value["scenario"]["points"], Value::Array(Vec::new()));
        assert_eq!(head.value["scenario"]["name"], "s");
        assert_eq!(head.value["replications"], 2);
        let digest = head.points.unwrap();
        assert_eq!(digest.count, 10);
        assert_eq!(digest.keys[0].distinct, 8);
        assert_eq!(
            digest.keys[0].first,
            ["0", "0.1", "0.2", "0.3", "0.4", "0.5"]
        );
        assert_eq!(digest.keys[0].last, "0.7");
        assert_eq!(digest.keys[1].distinct, 1);
        let counted = read_manifest_head(&path, false).unwrap().points.unwrap();
        assert_eq!((counted.count, counted.keys.len()), (10, 0));
        std::fs::write(&path, "{\"scenario\": {\"points\": 3}").unwrap();
        assert!(read_manifest_head(&path, false).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
