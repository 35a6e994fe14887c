//! Scenario error messages: what went wrong, where, and how it is shown.
//!
//! Owns `Diagnostic` (one problem: the dotted key, a title, a label at a position in the file
//! or a `--set` argument, help and notes), `ScenarioError` (all problems of one load, rendered
//! like rustc with annotate-snippets, plain text) and the "did you mean" helper.
//! Does not decide what is a problem (see `load`), and never panics on odd positions: spans
//! are clamped to the text before rendering. Work is bounded on any input: positions are
//! found through a line index, and at most [`MAX_SHOWN`] problems are kept and rendered
//! (the rest are counted). Nothing from the input reaches the terminal raw: control
//! characters in quoted source lines become their Unicode pictures (`␛`, one column each, so
//! the markers stay aligned) and in messages and paths are escaped as `\u{1b}`.

use crate::ground::text::{escape_control, for_terminal};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// Most problems an error keeps and shows; the others are only counted ("and N more
/// problems"). Fifty is more than anyone fixes before validating again, and bounds the work
/// of rendering (each shown problem quotes its source).
pub const MAX_SHOWN: usize = 50;

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

    /// The section `[name]` holds something else (`found`, e.g. "a number").
    pub(crate) fn not_a_table(origin: Origin, name: &str, found: &str) -> Self {
        Self::new(
            origin,
            Some(name.into()),
            format!("`{name}` must be a table"),
            format!("expected a table (`[{name}]`), found {found}"),
        )
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
    overrides: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    /// Problems found beyond the [`MAX_SHOWN`] kept.
    more: usize,
    /// The text as it is quoted on a terminal (boxed: errors travel in `Result`s).
    source: Box<QuotedSource>,
}

/// A file's text as it is quoted on a terminal, and where its lines start.
struct QuotedSource {
    visible: VisibleSource,
    lines: LineIndex,
}

impl ScenarioError {
    /// Assembles the error, sorting the problems in reading order (file first, then `--set`
    /// arguments), keeping the first [`MAX_SHOWN`] and resolving their positions to line and
    /// column.
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
        let more = diagnostics.len().saturating_sub(MAX_SHOWN);
        diagnostics.truncate(MAX_SHOWN);
        let lines = LineIndex::new(text);
        for d in &mut diagnostics {
            d.location = match &d.origin {
                Origin::File(r) => {
                    let (line, column) = lines.line_column(text, r.start);
                    Location::File { line, column }
                }
                Origin::Set { index, .. } => Location::Set {
                    index: *index,
                    argument: overrides.get(*index).cloned().unwrap_or_default(),
                },
                Origin::Builtin => Location::Nowhere,
            };
        }
        let visible = VisibleSource::new(text);
        Self {
            source_name: source_name.to_string(),
            overrides: overrides.to_vec(),
            source: Box::new(QuotedSource {
                lines: LineIndex::new(&visible.text),
                visible,
            }),
            diagnostics,
            more,
        }
    }

    /// The same error, counting `extra` more problems that are not shown (those of a sweep's
    /// base scenario beyond the ones its own error kept).
    pub(crate) fn with_more(mut self, extra: usize) -> Self {
        self.more += extra;
        self
    }

    /// An error that concerns no position (e.g. the file cannot be read).
    pub(crate) fn whole_file(source_name: &str, title: String) -> Self {
        let diagnostic = Diagnostic::new(Origin::Builtin, None, title, "");
        Self::new(source_name, "", &[], vec![diagnostic])
    }

    /// Number of problems found, including those beyond the [`MAX_SHOWN`] kept.
    pub fn count(&self) -> usize {
        self.diagnostics.len() + self.more
    }

    /// The problems kept (at most [`MAX_SHOWN`]), in reading order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The name the file was loaded under (its path, or the name given to `load_str`).
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    fn render_one(&self, d: &Diagnostic) -> String {
        let set_sources: Vec<VisibleSource> = self
            .overrides
            .iter()
            .map(|a| VisibleSource::new(&format!("--set {a}")))
            .collect();
        let path = escape_control(&self.source_name);
        // Every message text, escaped, owned here so the snippets can borrow it.
        let title = for_terminal(&d.title);
        let label = for_terminal(&d.label);
        let related: Vec<Cow<'_, str>> = d.related.iter().map(|(_, l)| for_terminal(l)).collect();
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
            let (source, shift) = match id {
                SourceId::File => (&self.source.visible, 0),
                SourceId::Set(i) => match set_sources.get(i) {
                    Some(s) => (s, "--set ".len()),
                    None => continue,
                },
            };
            let full = source.text.as_str();
            let shown = |range: Range<usize>| {
                let range = source.offset(shift + range.start)..source.offset(shift + range.end);
                clamp(full, range)
            };
            // A file is quoted from the first to the last line annotated, not whole: the
            // renderer's work grows with the text it is given, and a file may hold thousands
            // of problems.
            let (window, first_line) = match id {
                SourceId::File => {
                    let spans: Vec<Range<usize>> = std::iter::once(&d.origin)
                        .chain(d.related.iter().map(|(o, _)| o))
                        .filter(|o| SourceId::of(o) == Some(id))
                        .filter_map(origin_range)
                        .map(&shown)
                        .collect();
                    let low = spans.iter().map(|r| r.start).min().unwrap_or(0);
                    let high = spans.iter().map(|r| r.end).max().unwrap_or(0);
                    self.source.lines.lines_around(low..high, full.len())
                }
                SourceId::Set(_) => (0..full.len(), 1),
            };
            let text = &full[window.clone()];
            let span_of = |range: Range<usize>| {
                let range = shown(range);
                clamp(
                    text,
                    range.start.saturating_sub(window.start)
                        ..range.end.saturating_sub(window.start),
                )
            };
            let mut snippet = Snippet::source(text).line_start(first_line);
            let primary = SourceId::of(&d.origin) == Some(id);
            snippet = match id {
                SourceId::File => snippet.path(path.as_ref()),
                // A `--set` argument below another source needs a name after `:::`.
                SourceId::Set(_) if !primary => snippet.line_numbering(false).path("command line"),
                SourceId::Set(_) => snippet.line_numbering(false),
            };
            if primary && let Some(range) = origin_range(&d.origin) {
                snippet = snippet.annotation(
                    AnnotationKind::Primary
                        .span(span_of(range))
                        .label(label.as_ref()),
                );
            }
            for ((origin, _), label) in d.related.iter().zip(&related) {
                if SourceId::of(origin) == Some(id)
                    && let Some(range) = origin_range(origin)
                {
                    let annotation = AnnotationKind::Context.span(span_of(range));
                    snippet = snippet.annotation(if label.is_empty() {
                        annotation
                    } else {
                        annotation.label(label.as_ref())
                    });
                }
            }
            elements.push(snippet);
        }
        let mut group = Group::with_title(Level::ERROR.primary_title(title.as_ref()));
        for snippet in elements {
            group = group.element(snippet);
        }
        if SourceId::of(&d.origin).is_none() && !label.is_empty() {
            group = group.element(Level::NOTE.message(label.as_ref()));
        }
        let help: Vec<Cow<'_, str>> = d.help.iter().map(|h| for_terminal(h)).collect();
        let notes: Vec<Cow<'_, str>> = d.notes.iter().map(|n| for_terminal(n)).collect();
        for help in &help {
            group = group.element(Level::HELP.message(help.as_ref()));
        }
        for note in &notes {
            group = group.element(Level::NOTE.message(note.as_ref()));
        }
        Renderer::plain().render(&[group])
    }
}

/// A source text as it may be shown on a terminal: control characters other than newline,
/// tab and the carriage return of a CRLF become a visible stand-in of one column (`␛` for
/// ESC; `�` for the C1 controls, which have no picture), so quoted lines cannot drive the
/// terminal and the markers under them stay aligned. Byte offsets into the original are
/// moved by [`VisibleSource::offset`].
struct VisibleSource {
    text: String,
    /// For each replaced character: its offset in the original and the bytes added by the
    /// replacements up to and including it.
    shifts: Vec<(usize, usize)>,
}

impl VisibleSource {
    fn new(original: &str) -> Self {
        let hidden = |(at, c): &(usize, char)| {
            c.is_control()
                && !matches!(c, '\n' | '\t')
                && !(*c == '\r' && original[at + 1..].starts_with('\n'))
        };
        if !original.char_indices().any(|ic| hidden(&ic)) {
            return Self {
                text: original.to_string(),
                shifts: Vec::new(),
            };
        }
        let mut text = String::with_capacity(original.len() + 16);
        let mut shifts = Vec::new();
        let mut added = 0;
        for (at, c) in original.char_indices() {
            if !hidden(&(at, c)) {
                text.push(c);
                continue;
            }
            let shown = match c as u32 {
                code @ 0..=0x1f => char::from_u32(0x2400 + code).unwrap_or('\u{fffd}'),
                0x7f => '\u{2421}',
                _ => '\u{fffd}',
            };
            text.push(shown);
            added += shown.len_utf8() - c.len_utf8();
            shifts.push((at, added));
        }
        Self { text, shifts }
    }

    /// Where byte `original` of the original text is in the shown text.
    fn offset(&self, original: usize) -> usize {
        let before = self.shifts.partition_point(|&(at, _)| at < original);
        original + before.checked_sub(1).map_or(0, |i| self.shifts[i].1)
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

/// Where each line of a text starts, so that a position is found without rescanning the text
/// (one scan, then a binary search per position).
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { starts }
    }

    /// 1-based line of byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }

    /// 1-based line and character column of byte `offset` in `text` (the text indexed).
    pub(crate) fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = clamp(text, offset..offset).start;
        let line = self.line_of(offset);
        let line_start = self.starts[line - 1].min(offset);
        (line, text[line_start..offset].chars().count() + 1)
    }

    /// The byte range of the whole lines holding `span` in a text of `len` bytes, and the
    /// number of the first: the part of a file a message about `span` quotes.
    fn lines_around(&self, span: Range<usize>, len: usize) -> (Range<usize>, usize) {
        let first = self.line_of(span.start);
        let last = self.line_of(span.end.max(span.start));
        let start = self.starts[first - 1].min(len);
        let end = self.starts.get(last).copied().unwrap_or(len).max(start);
        (start..end, first)
    }
}

/// 1-based line and character column of byte `offset` in `text`.
#[cfg(test)]
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_column(text, offset)
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                write!(f, "\n\n")?;
            }
            write!(f, "{}", self.render_one(d).trim_end())?;
        }
        if self.more > 0 {
            write!(
                f,
                "\n\nnote: and {} more problems (the first {MAX_SHOWN} are shown)",
                self.more
            )?;
        }
        if self.count() > 1 {
            write!(
                f,
                "\n\nerror: could not load `{}`: {} problems",
                escape_control(&self.source_name),
                self.count()
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
