//! Scenario error messages: what went wrong, where, and how it is shown.
//!
//! Owns `Diagnostic` (one problem: the dotted key, a title, a label at a position in the file
//! or a `--set` argument, help and notes), `ScenarioError` (all problems of one load, rendered
//! like rustc with annotate-snippets, plain text) and the "did you mean" helper.
//! Does not decide what is a problem (see `load`), and never panics on odd positions: spans
//! are clamped to the text before rendering.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::fmt;
use std::ops::Range;

/// Where a value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Byte range in the scenario file.
    File(Range<usize>),
    /// Byte range in the `index`-th `--set` argument.
    Set { index: usize, range: Range<usize> },
    /// Built into the program (e.g. the default workforce).
    Builtin,
}

/// Where a problem is, in terms a person can look up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// Line and column (1-based, columns count characters) in the scenario file.
    File { line: usize, column: usize },
    /// In the `index`-th `--set` argument (0-based), quoted in `argument`.
    Set { index: usize, argument: String },
    /// Not in any text: a built-in default or the file as a whole.
    Nowhere,
}

/// One problem with a scenario.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The dotted key concerned, e.g. `interventions[1].month` (None for syntax errors).
    pub key: Option<String>,
    /// One line saying what is wrong.
    pub title: String,
    /// What was expected, shown at the position.
    pub label: String,
    /// Suggestions ("did you mean `x`?").
    pub help: Vec<String>,
    /// Extra context (valid names, where a value came from).
    pub notes: Vec<String>,
    /// Resolved when the error is assembled.
    pub location: Location,
    pub(crate) origin: Origin,
    /// Other positions involved (e.g. the other shares of a sum), with labels.
    pub(crate) related: Vec<(Origin, String)>,
}

impl Diagnostic {
    pub(crate) fn new(
        origin: Origin,
        key: Option<String>,
        title: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        Self {
            key,
            title: title.into(),
            label: label.into(),
            help: Vec::new(),
            notes: Vec::new(),
            location: Location::Nowhere,
            origin,
            related: Vec::new(),
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    pub(crate) fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub(crate) fn with_related(mut self, origin: Origin, label: impl Into<String>) -> Self {
        self.related.push((origin, label.into()));
        self
    }
}

/// Everything wrong with one scenario load, reported at once.
pub struct ScenarioError {
    source_name: String,
    text: String,
    overrides: Vec<String>,
    diagnostics: Vec<Diagnostic>,
}

impl ScenarioError {
    /// Assembles the error, resolving positions to line and column and sorting the problems in
    /// reading order (file first, then `--set` arguments).
    pub(crate) fn new(
        source_name: &str,
        text: &str,
        overrides: &[String],
        mut diagnostics: Vec<Diagnostic>,
    ) -> Self {
        diagnostics.sort_by_key(|d| match &d.origin {
            Origin::File(r) => (0, 0, r.start),
            Origin::Set { index, range } => (1, *index, range.start),
            Origin::Builtin => (2, 0, 0),
        });
        for d in &mut diagnostics {
            d.location = match &d.origin {
                Origin::File(r) => {
                    let (line, column) = line_column(text, r.start);
                    Location::File { line, column }
                }
                Origin::Set { index, .. } => Location::Set {
                    index: *index,
                    argument: overrides.get(*index).cloned().unwrap_or_default(),
                },
                Origin::Builtin => Location::Nowhere,
            };
        }
        Self {
            source_name: source_name.to_string(),
            text: text.to_string(),
            overrides: overrides.to_vec(),
            diagnostics,
        }
    }

    /// An error that concerns no position (e.g. the file cannot be read).
    pub(crate) fn whole_file(source_name: &str, title: String) -> Self {
        let diagnostic = Diagnostic::new(Origin::Builtin, None, title, "");
        Self::new(source_name, "", &[], vec![diagnostic])
    }

    /// Number of problems.
    pub fn count(&self) -> usize {
        self.diagnostics.len()
    }

    /// The problems, in reading order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The name the file was loaded under (its path, or the name given to `load_str`).
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    fn render_one(&self, d: &Diagnostic) -> String {
        let set_sources: Vec<String> = self
            .overrides
            .iter()
            .map(|a| format!("--set {a}"))
            .collect();
        let mut elements = Vec::new();
        // One snippet per source text involved, the primary one first.
        let mut sources: Vec<SourceId> = Vec::new();
        for origin in std::iter::once(&d.origin).chain(d.related.iter().map(|(o, _)| o)) {
            if let Some(id) = SourceId::of(origin)
                && !sources.contains(&id)
            {
                sources.push(id);
            }
        }
        for id in sources {
            let (text, shift) = match id {
                SourceId::File => (self.text.as_str(), 0),
                SourceId::Set(i) => match set_sources.get(i) {
                    Some(s) => (s.as_str(), "--set ".len()),
                    None => continue,
                },
            };
            let mut snippet = Snippet::source(text);
            let primary = SourceId::of(&d.origin) == Some(id);
            snippet = match id {
                SourceId::File => snippet.path(self.source_name.as_str()),
                // A `--set` argument below another source needs a name after `:::`.
                SourceId::Set(_) if !primary => snippet.line_numbering(false).path("command line"),
                SourceId::Set(_) => snippet.line_numbering(false),
            };
            if SourceId::of(&d.origin) == Some(id)
                && let Some(range) = origin_range(&d.origin)
            {
                let span = clamp(text, shift + range.start..shift + range.end);
                snippet =
                    snippet.annotation(AnnotationKind::Primary.span(span).label(d.label.as_str()));
            }
            for (origin, label) in &d.related {
                if SourceId::of(origin) == Some(id)
                    && let Some(range) = origin_range(origin)
                {
                    let span = clamp(text, shift + range.start..shift + range.end);
                    let annotation = AnnotationKind::Context.span(span);
                    snippet = snippet.annotation(if label.is_empty() {
                        annotation
                    } else {
                        annotation.label(label.as_str())
                    });
                }
            }
            elements.push(snippet);
        }
        let mut group = Group::with_title(Level::ERROR.primary_title(d.title.as_str()));
        for snippet in elements {
            group = group.element(snippet);
        }
        if SourceId::of(&d.origin).is_none() && !d.label.is_empty() {
            group = group.element(Level::NOTE.message(d.label.as_str()));
        }
        for help in &d.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        for note in &d.notes {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        Renderer::plain().render(&[group])
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SourceId {
    File,
    Set(usize),
}

impl SourceId {
    fn of(origin: &Origin) -> Option<Self> {
        match origin {
            Origin::File(_) => Some(Self::File),
            Origin::Set { index, .. } => Some(Self::Set(*index)),
            Origin::Builtin => None,
        }
    }
}

fn origin_range(origin: &Origin) -> Option<Range<usize>> {
    match origin {
        Origin::File(r) | Origin::Set { range: r, .. } => Some(r.clone()),
        Origin::Builtin => None,
    }
}

/// Keeps a span inside `text` and on character boundaries (the renderer panics otherwise).
fn clamp(text: &str, range: Range<usize>) -> Range<usize> {
    let mut start = range.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = if range.end <= range.start {
        start
    } else {
        range.end.clamp(start, text.len())
    };
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// 1-based line and character column of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = clamp(text, offset..offset).start;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                write!(f, "\n\n")?;
            }
            write!(f, "{}", self.render_one(d).trim_end())?;
        }
        if self.diagnostics.len() > 1 {
            write!(
                f,
                "\n\nerror: could not load `{}`: {} problems",
                self.source_name,
                self.diagnostics.len()
            )?;
        }
        Ok(())
    }
}

impl fmt::Debug for ScenarioError {
    /// The rendered messages, so that a failed `unwrap` in a test shows them readably.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for ScenarioError {}

/// The candidate closest to `name`, if it is close enough to be a plausible typo.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wanted = name.to_lowercase();
    let limit = (wanted.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let lower = candidate.to_lowercase();
            let distance = strsim::damerau_levenshtein(&wanted, &lower);
            let prefix =
                wanted.len() >= 4 && (lower.starts_with(&wanted) || wanted.starts_with(&lower));
            let similar = strsim::jaro_winkler(&wanted, &lower) >= 0.88;
            (distance <= limit || prefix || similar).then_some((distance, candidate))
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_catch_typos_and_spelling_variants() {
        let keys = ["socialisation_rate", "code_learning_rate", "dimensions"];
        assert_eq!(
            did_you_mean("socialisation_rat", keys),
            Some("socialisation_rate")
        );
        assert_eq!(
            did_you_mean("socialization_rate", keys),
            Some("socialisation_rate")
        );
        assert_eq!(did_you_mean("Dimensions", keys), Some("dimensions"));
        assert_eq!(
            did_you_mean("socialisation", keys),
            Some("socialisation_rate")
        );
        assert_eq!(did_you_mean("colour", keys), None);
        assert_eq!(
            did_you_mean("severe", ["month", "severity"]),
            Some("severity")
        );
        assert_eq!(did_you_mean("seed", ["month", "severity"]), None);
        assert_eq!(did_you_mean("", keys), None);
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\n\tb = é2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, text.find('2').unwrap()), (2, 7));
        assert_eq!(line_column(text, 10_000), (3, 1));
        assert_eq!(line_column(text, text.find('é').unwrap() + 1), (2, 6));
    }

    #[test]
    fn spans_are_clamped_to_the_text() {
        assert_eq!(clamp("abc", 5..9), 3..3);
        assert_eq!(clamp("é", 1..1), 0..0);
        assert_eq!(clamp("abc", Range { start: 2, end: 1 }), 2..2);
        assert_eq!(clamp("é", 0..1), 0..2);
    }

    #[test]
    fn renders_like_rustc() {
        let text = "[knowledge]\nsocialisation_rate = 1.5\n";
        let start = text.find("1.5").unwrap();
        let d = Diagnostic::new(
            Origin::File(start..start + 3),
            Some("knowledge.socialisation_rate".into()),
            "`knowledge.socialisation_rate` is out of range",
            "expected a number from 0 to 1",
        );
        let err = ScenarioError::new("my.toml", text, &[], vec![d]);
        let shown = err.to_string();
        assert!(
            shown.contains("error: `knowledge.socialisation_rate` is out of range"),
            "{shown}"
        );
        assert!(shown.contains("--> my.toml:2:22"), "{shown}");
        assert!(
            shown.contains("^^^ expected a number from 0 to 1"),
            "{shown}"
        );
        assert_eq!(
            err.diagnostics()[0].location,
            Location::File {
                line: 2,
                column: 22
            }
        );
    }
}
