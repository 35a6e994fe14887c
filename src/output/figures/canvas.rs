//! A thin drawing surface over a plotters backend, in figure units (CSS pixels), and the two
//! outputs: SVG text and PNG bytes.
//!
//! Owns the primitives the charts use (text with anchors and rotation, measured text widths,
//! polylines, dashed lines, filled polygons, rectangles, dots), scaling them to the backend,
//! and rendering: SVG through plotters' SVG backend (with a `<title>` and `<desc>` added), PNG
//! through the bitmap backend drawn at twice the size and averaged down (smooth lines and
//! text), encoded with the `png` crate. Does not own any layout or data (see the chart
//! modules) or writing files (see `mod.rs`).

use super::FigureError;
use super::style::{FONT_FAMILY, WHITE, ensure_fonts};
use crate::output::i18n::Lang;
use plotters::backend::{BitMapBackend, DrawingBackend, SVGBackend};
use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, IntoDrawingArea};
use plotters::element::{Circle, PathElement, Polygon, Rectangle, Text};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{
    Color, FontDesc, FontFamily, FontStyle, FontTransform, RGBAColor, RGBColor, ShapeStyle,
    TextStyle,
};

/// How text hangs from its anchor point.
#[derive(Clone, Copy, Debug)]
pub enum Anchor {
    /// Left end, vertically centred.
    Left,
    /// Middle, vertically centred.
    Centre,
    /// Right end, vertically centred.
    Right,
}

/// A text style: size in CSS pixels, weight, colour.
#[derive(Clone, Copy, Debug)]
pub struct Font {
    pub size: f64,
    pub bold: bool,
    pub colour: RGBColor,
}

impl Font {
    pub fn new(size: f64, colour: RGBColor) -> Font {
        Font {
            size,
            bold: false,
            colour,
        }
    }

    pub fn bold(self) -> Font {
        Font { bold: true, ..self }
    }
}

/// Something that draws itself on a [`Canvas`] of its own size.
pub trait Drawing {
    /// Size in CSS pixels (the PNG's size in pixels).
    fn size(&self) -> (f64, f64);
    /// The figure's title (also the SVG `<title>`, which the report uses as caption).
    fn title(&self) -> String;
    /// A one-line description for the SVG `<desc>` (screen readers).
    fn description(&self) -> String;
    /// The language of its labels (marked on the SVG as `xml:lang`, so that a report in
    /// another language knows to draw it anew).
    fn lang(&self) -> Lang;
    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<DB>) -> Result<(), FigureError>;
}

/// A drawing area with a scale from figure units to backend pixels.
pub struct Canvas<DB: DrawingBackend> {
    area: DrawingArea<DB, Shift>,
    scale: f64,
}

fn draw_error(e: impl std::fmt::Display) -> FigureError {
    FigureError::Draw(e.to_string())
}

impl<DB: DrawingBackend> Canvas<DB> {
    fn new(area: DrawingArea<DB, Shift>, scale: f64) -> Canvas<DB> {
        Canvas { area, scale }
    }

    fn p(&self, (x, y): (f64, f64)) -> (i32, i32) {
        (
            (x * self.scale).round() as i32,
            (y * self.scale).round() as i32,
        )
    }

    fn px(&self, v: f64) -> u32 {
        ((v * self.scale).round() as u32).max(1)
    }

    fn font_desc(&self, font: Font) -> FontDesc<'static> {
        // plotters writes `font-size` as size / 1.24 in SVG, and ab_glyph scales glyphs to
        // about the same; so size × 1.24 gives `font` its CSS pixel size.
        FontDesc::new(
            FontFamily::Name(FONT_FAMILY),
            font.size * 1.24 * self.scale,
            if font.bold {
                FontStyle::Bold
            } else {
                FontStyle::Normal
            },
        )
    }

    fn text_style(&self, font: Font, anchor: Anchor) -> TextStyle<'static> {
        let h = match anchor {
            Anchor::Left => HPos::Left,
            Anchor::Centre => HPos::Center,
            Anchor::Right => HPos::Right,
        };
        self.font_desc(font)
            .color(&font.colour)
            .pos(Pos::new(h, VPos::Center))
    }

    /// Draws `text` with its anchor at (x, y).
    pub fn text(
        &self,
        text: &str,
        at: (f64, f64),
        font: Font,
        anchor: Anchor,
    ) -> Result<(), FigureError> {
        if text.is_empty() {
            return Ok(());
        }
        let style = self.text_style(font, anchor);
        self.area
            .draw(&Text::new(text.to_string(), self.p(at), style))
            .map_err(draw_error)
    }

    /// Draws `text` rotated to read bottom to top, centred on (x, y).
    pub fn text_vertical(&self, text: &str, at: (f64, f64), font: Font) -> Result<(), FigureError> {
        if text.is_empty() {
            return Ok(());
        }
        let style = self
            .text_style(font, Anchor::Centre)
            .transform(FontTransform::Rotate270);
        self.area
            .draw(&Text::new(text.to_string(), self.p(at), style))
            .map_err(draw_error)
    }

    /// The width of `text` in figure units (as the embedded font draws it).
    pub fn text_width(&self, text: &str, font: Font) -> f64 {
        if text.is_empty() {
            return 0.0;
        }
        let style = self.text_style(font, Anchor::Left);
        match self.area.estimate_text_size(text, &style) {
            Ok((w, _)) => w as f64 / self.scale,
            // Only if the font is missing, which `ensure_fonts` rules out: a generous guess.
            Err(_) => text.chars().count() as f64 * font.size * 0.62,
        }
    }

    /// `text` shortened with "…" to fit `width`.
    pub fn fit(&self, text: &str, font: Font, width: f64) -> String {
        if self.text_width(text, font) <= width {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        for keep in (1..chars.len()).rev() {
            let candidate: String = chars[..keep].iter().collect::<String>() + "…";
            if self.text_width(&candidate, font) <= width {
                return candidate;
            }
        }
        "…".into()
    }

    /// A polyline through `points`.
    pub fn line(
        &self,
        points: &[(f64, f64)],
        colour: RGBAColor,
        width: f64,
    ) -> Result<(), FigureError> {
        if points.len() < 2 {
            return Ok(());
        }
        let pts: Vec<(i32, i32)> = points.iter().map(|&q| self.p(q)).collect();
        let style = ShapeStyle {
            color: colour,
            filled: false,
            stroke_width: self.px(width),
        };
        self.area
            .draw(&PathElement::new(pts, style))
            .map_err(draw_error)
    }

    /// A dashed straight line from `a` to `b`.
    pub fn dashed(
        &self,
        a: (f64, f64),
        b: (f64, f64),
        colour: RGBAColor,
        width: f64,
        dash: f64,
        gap: f64,
    ) -> Result<(), FigureError> {
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        if len <= 0.0 {
            return Ok(());
        }
        let (ux, uy) = ((b.0 - a.0) / len, (b.1 - a.1) / len);
        let mut s = 0.0;
        while s < len {
            let e = (s + dash).min(len);
            self.line(
                &[(a.0 + ux * s, a.1 + uy * s), (a.0 + ux * e, a.1 + uy * e)],
                colour,
                width,
            )?;
            s += dash + gap;
        }
        Ok(())
    }

    /// A filled polygon.
    pub fn polygon(&self, points: &[(f64, f64)], colour: RGBAColor) -> Result<(), FigureError> {
        if points.len() < 3 {
            return Ok(());
        }
        let pts: Vec<(i32, i32)> = points.iter().map(|&q| self.p(q)).collect();
        self.area
            .draw(&Polygon::new(pts, colour.filled()))
            .map_err(draw_error)
    }

    /// A filled rectangle between two corners.
    pub fn rect(&self, a: (f64, f64), b: (f64, f64), colour: RGBAColor) -> Result<(), FigureError> {
        self.area
            .draw(&Rectangle::new([self.p(a), self.p(b)], colour.filled()))
            .map_err(draw_error)
    }

    /// A filled dot of radius `r`.
    pub fn dot(&self, at: (f64, f64), r: f64, colour: RGBAColor) -> Result<(), FigureError> {
        self.area
            .draw(&Circle::new(self.p(at), self.px(r), colour.filled()))
            .map_err(draw_error)
    }

    /// A dot of radius `r` with a white ring, so overlapping dots stay apart.
    pub fn ringed_dot(&self, at: (f64, f64), r: f64, colour: RGBColor) -> Result<(), FigureError> {
        self.dot(at, r + 1.5, WHITE.to_rgba())?;
        self.dot(at, r, colour.to_rgba())
    }

    fn clear(&self) -> Result<(), FigureError> {
        self.area.fill(&WHITE).map_err(draw_error)
    }

    fn present(&self) -> Result<(), FigureError> {
        self.area.present().map_err(draw_error)
    }
}

/// `text` escaped for XML text content.
fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The figure as SVG text: deterministic (the same data gives the same bytes), with an XML
/// prolog, a `<title>` and a `<desc>`, and text in [`FONT_FAMILY`].
pub fn render_svg(figure: &impl Drawing) -> Result<String, FigureError> {
    ensure_fonts().map_err(FigureError::Draw)?;
    let (w, h) = figure.size();
    let mut body = String::new();
    {
        let backend = SVGBackend::with_string(&mut body, (w.round() as u32, h.round() as u32));
        let canvas = Canvas::new(backend.into_drawing_area(), 1.0);
        canvas.clear()?;
        figure.draw(&canvas)?;
        canvas.present()?;
    }
    let body = tidy_font_sizes(&body);
    // plotters opens the document with `<svg ...>` on the first line; the language goes into
    // that tag, the title and description right after it.
    let (head, rest) = match body.find(">\n") {
        Some(end) => (
            format!("{} xml:lang=\"{}\">\n", &body[..end], figure.lang().code()),
            &body[end + 2..],
        ),
        None => (String::new(), body.as_str()),
    };
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{head}<title>{}</title>\n<desc>{}</desc>\n{rest}",
        xml_escape(&figure.title()),
        xml_escape(&figure.description()),
    ))
}

/// `font-size="30.000000000000004"` (size × 1.24 / 1.24 in floating point) as `"30"`.
fn tidy_font_sizes(svg: &str) -> String {
    const ATTR: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(ATTR) {
        let start = i + ATTR.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('"').unwrap_or(rest.len());
        match rest[..end].parse::<f64>() {
            Ok(v) => {
                let s = format!("{v:.2}");
                out.push_str(s.trim_end_matches('0').trim_end_matches('.'));
            }
            Err(_) => out.push_str(&rest[..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Supersampling factor of PNGs: drawn this many times larger, then averaged down.
const SUPERSAMPLE: u32 = 2;

/// The figure as PNG bytes (8-bit RGB) of its size in pixels.
pub fn render_png(figure: &impl Drawing) -> Result<Vec<u8>, FigureError> {
    ensure_fonts().map_err(FigureError::Draw)?;
    let (w, h) = figure.size();
    let (w, h) = (w.round() as u32, h.round() as u32);
    let (bw, bh) = (w * SUPERSAMPLE, h * SUPERSAMPLE);
    let mut big = vec![0xFFu8; (bw * bh * 3) as usize];
    {
        let backend = BitMapBackend::with_buffer(&mut big, (bw, bh));
        let canvas = Canvas::new(backend.into_drawing_area(), SUPERSAMPLE as f64);
        canvas.clear()?;
        figure.draw(&canvas)?;
        canvas.present()?;
    }
    let small = downsample(&big, bw as usize, SUPERSAMPLE as usize);
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let encode_error = |e: png::EncodingError| FigureError::Draw(format!("PNG encoding: {e}"));
        let mut writer = encoder.write_header().map_err(encode_error)?;
        writer.write_image_data(&small).map_err(encode_error)?;
        writer.finish().map_err(encode_error)?;
    }
    Ok(out)
}

/// Averages `k`×`k` blocks of an RGB image `width` pixels wide.
fn downsample(rgb: &[u8], width: usize, k: usize) -> Vec<u8> {
    let height = rgb.len() / 3 / width;
    let (sw, sh) = (width / k, height / k);
    let mut out = vec![0u8; sw * sh * 3];
    let area = (k * k) as u32;
    for y in 0..sh {
        for x in 0..sw {
            for c in 0..3 {
                let mut sum = 0u32;
                for dy in 0..k {
                    let row = (y * k + dy) * width;
                    for dx in 0..k {
                        sum += rgb[(row + x * k + dx) * 3 + c] as u32;
                    }
                }
                out[(y * sw + x) * 3 + c] = ((sum + area / 2) / area) as u8;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_sizes_are_rounded() {
        assert_eq!(
            tidy_font_sizes("<text font-size=\"30.000000000000004\" x=\"1\">a</text>"),
            "<text font-size=\"30\" x=\"1\">a</text>"
        );
        assert_eq!(tidy_font_sizes("font-size=\"16.5\""), "font-size=\"16.5\"");
    }

    #[test]
    fn downsampling_averages_blocks() {
        // 2×2 image of one white and three black pixels → one pixel of 64.
        let img = [255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(downsample(&img, 2, 2), vec![64, 64, 64]);
    }
}
