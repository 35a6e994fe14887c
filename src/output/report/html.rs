//! Small HTML and text helpers of the report: escaping, inlining an SVG figure, number,
//! default and interval texts.

use crate::model::metrics::Metric;
use crate::output::Stats;
use crate::output::headline::fixed_signed;
use crate::output::i18n::Lang;
use crate::scenario::KeyInfo;
use crate::scenario::schema::DefaultValue;
use serde_json::Value;

/// `text` (an SVG file) ready to inline into the page: from its `<svg` on (no XML prolog,
/// doctype or comments before it), without the namespace declarations HTML does not need, and
/// with its element ids prefixed by `prefix` so several figures cannot clash. None if it is not
/// a plain drawing: no `<svg>`, or scripts, foreign objects or references outside the file.
pub fn inline_svg(text: &str, prefix: &str) -> Option<String> {
    let start = text.find("<svg")?;
    let end = text.rfind("</svg>")? + "</svg>".len();
    if end <= start {
        return None;
    }
    let svg = &text[start..end];
    let lower = svg.to_ascii_lowercase();
    let forbidden = [
        "<script",
        "<foreignobject",
        "javascript:",
        "<iframe",
        "<image",
        "<use href=\"http",
        "href=\"http",
        "href='http",
        "@import",
        "url(http",
        " onload=",
        " onclick=",
    ];
    if forbidden.iter().any(|f| lower.contains(f)) {
        return None;
    }
    let svg = svg
        .replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "")
        .replace(" id=\"", &format!(" id=\"{prefix}"))
        .replace("url(#", &format!("url(#{prefix}"))
        .replace("href=\"#", &format!("href=\"#{prefix}"));
    Some(svg)
}

/// The text of an SVG's first `<title>`, if any (unescaped entities are kept as written).
pub(super) fn svg_title(svg: &str) -> Option<String> {
    let start = svg.find("<title>")? + "<title>".len();
    let end = start + svg[start..].find("</title>")?;
    let title = unescape_basic(svg[start..end].trim());
    (!title.is_empty()).then_some(title)
}

/// The language an SVG figure marks on its root (`xml:lang`); English when unmarked (figures
/// drawn before figures were marked).
pub(super) fn svg_lang(svg: &str) -> Lang {
    let root = svg
        .find("<svg")
        .map(|start| &svg[start..start + svg[start..].find('>').unwrap_or(0)]);
    root.and_then(|tag| {
        let at = tag.find("xml:lang=\"")? + "xml:lang=\"".len();
        let code = &tag[at..at + tag[at..].find('"')?];
        Lang::from_code(code)
    })
    .unwrap_or_default()
}

pub(super) fn unescape_basic(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// `s` with `&`, `<`, `>`, `"` and `'` replaced by entities, for text and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Short alias used throughout the rendering code.
pub(super) fn esc(s: &str) -> String {
    escape_html(s)
}

/// `snake_case_name` as "Snake case name".
pub(super) fn humanise(name: &str) -> String {
    let spaced = name.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text` with its first letter in lower case ("Doelstijl" → "doelstijl"), for a label used
/// inside a sentence.
pub(super) fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A JSON value as text: numbers as written, `null` as "none", booleans as yes/no.
pub(super) fn json_text(v: &Value) -> String {
    match v {
        Value::Null => "none".into(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) => number_text(f),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(json_text).collect::<Vec<_>>().join(", "),
        Value::Object(_) => v.to_string(),
    }
}

/// A setting's number: as short as possible while exact (`0.05`, `1`, `1e-7`).
pub(super) fn number_text(f: f64) -> String {
    if f.is_finite() && f == f.trunc() && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A JSON value as the page shows it in `lang`: in English exactly as [`json_text`]; in
/// Dutch numbers as exact as [`number_text`] with a decimal comma (`0,85`), `null` as "geen",
/// booleans as "ja" or "nee", list items apart by "; " (a comma is a decimal mark there).
/// Strings, the choice names of a scenario file among them (`top_down`, `social`), stay as
/// written: they are what one types, and the meanings name them so.
pub(super) fn value_text(v: &Value, lang: Lang) -> String {
    match v {
        Value::Null => lang.t("value_none").into(),
        Value::Bool(b) => lang.t(if *b { "value_yes" } else { "value_no" }).into(),
        Value::Number(_) => in_lang(json_text(v), lang),
        Value::Array(a) => a
            .iter()
            .map(|x| value_text(x, lang))
            .collect::<Vec<_>>()
            .join(lang.t("list_separator")),
        Value::String(_) | Value::Object(_) => json_text(v),
    }
}

/// A setting's number in `lang`: [`number_text`] with the language's decimal mark.
pub(super) fn number_in(f: f64, lang: Lang) -> String {
    in_lang(number_text(f), lang)
}

/// A value as a sweep's table of points writes it (`0.05`, `12`, `true`, `top_down`), in
/// `lang`: in English as written; in Dutch numbers with a decimal comma and `true`/`false` as
/// "ja"/"nee".
pub(super) fn cell_text(cell: &str, lang: Lang) -> String {
    match (lang, cell) {
        (Lang::En, _) => cell.to_string(),
        (Lang::Nl, "true") => lang.t("value_yes").into(),
        (Lang::Nl, "false") => lang.t("value_no").into(),
        (Lang::Nl, _) if cell.parse::<f64>().is_ok_and(f64::is_finite) => {
            in_lang(cell.to_string(), lang)
        }
        (Lang::Nl, _) => cell.to_string(),
    }
}

/// Whether `value` is the schema default of `key` (None: the key has no comparable default).
pub(super) fn is_default(key: &KeyInfo, value: &Value) -> Option<bool> {
    Some(match key.default {
        DefaultValue::Required => return None,
        DefaultValue::Absent => value.is_null(),
        DefaultValue::Str(s) => value.as_str() == Some(s),
        DefaultValue::Int(i) => value.as_i64() == Some(i),
        DefaultValue::Float(f) => value.as_f64().is_some_and(|v| (v - f).abs() <= 1e-12),
        DefaultValue::Bool(b) => value.as_bool() == Some(b),
    })
}

/// The schema default of `key` as the page shows it in `lang` ("required", "none", `0,85`).
pub(super) fn default_in(key: &KeyInfo, lang: Lang) -> String {
    match key.default {
        DefaultValue::Required => lang.t("value_required").into(),
        DefaultValue::Absent => lang.t("value_none").into(),
        DefaultValue::Str(s) => s.into(),
        DefaultValue::Int(i) => i.to_string(),
        DefaultValue::Float(f) => number_in(f, lang),
        DefaultValue::Bool(b) => lang.t(if b { "value_yes" } else { "value_no" }).into(),
    }
}

/// A mean formatted with `decimals` in `lang` (Dutch: decimal comma), or an en dash.
pub(super) fn mean_text(s: &Stats, decimals: usize, signed: bool, lang: Lang) -> String {
    if s.mean.is_nan() {
        "–".into()
    } else {
        in_lang(
            fixed_signed(s.mean, decimals, signed).replace('-', "−"),
            lang,
        )
    }
}

/// A 95% interval `[low, high]` in `lang`, or an en dash.
pub(super) fn ci_text(s: &Stats, decimals: usize, signed: bool, lang: Lang) -> String {
    if s.ci_low.is_nan() || s.ci_high.is_nan() {
        "–".into()
    } else {
        let text = format!(
            "[{}, {}]",
            fixed_signed(s.ci_low, decimals, signed),
            fixed_signed(s.ci_high, decimals, signed)
        )
        .replace('-', "−");
        in_lang(text, lang)
    }
}

/// A number formatted in English, with the decimal mark of `lang`.
pub(super) fn in_lang(text: String, lang: Lang) -> String {
    match lang {
        Lang::En => text,
        Lang::Nl => text.replace('.', ","),
    }
}

/// The reading of a paired difference, in words.
pub(super) fn reading(d: &Stats) -> &'static str {
    if d.mean.is_nan() || d.ci_low.is_nan() {
        "–"
    } else if d.sd == 0.0 && d.mean == 0.0 {
        "identical"
    } else if d.ci_low > 0.0 {
        "higher"
    } else if d.ci_high < 0.0 {
        "lower"
    } else {
        "no clear difference"
    }
}

pub(super) fn metric_meaning(name: &str) -> Option<(&'static str, &'static str)> {
    Metric::from_name(name).map(|m| (m.spec().meaning, m.spec().unit))
}
