//! `orgsim explore` in a real browser: headless Chromium driven over the DevTools protocol
//! loads the page, a slider is dragged with the mouse as a student would, the plot changes,
//! A is pinned and B changed (both lines, the paired table, the list of what differs), and a
//! screenshot decodes to a page with plot lines. The Dutch page shows no English label.
//! Skipped visibly without a browser unless `ORGSIM_REQUIRE_BROWSER=1`.

use crate::common::explore::{run_exported, start, start_with};
use crate::common::{find_browser, skip_unless_required, temp_dir};
use crate::devtools::{Browser, base64_decode};
use serde_json::Value;
use std::io::Cursor;
use std::path::PathBuf;

fn browser_or_skip(test: &str) -> Option<PathBuf> {
    match find_browser() {
        Ok(browser) => Some(browser),
        Err(reason) => {
            skip_unless_required(test, "ORGSIM_REQUIRE_BROWSER", &reason);
            None
        }
    }
}

/// The page has drawn the answer to its newest settings.
const SETTLED: &str = "document.getElementById('status').dataset.busy === '0' && \
                       +document.getElementById('status').dataset.runs >= 1";

fn wait_settled(page: &mut Browser, what: &str) {
    let error = "document.getElementById('status').className === 'error'";
    assert!(
        page.wait_for(&format!("({SETTLED}) || {error}"), 120),
        "the page did not settle after {what}"
    );
    let status = page.eval("document.getElementById('status').textContent");
    assert!(
        page.eval(error) == Value::Bool(false),
        "the page shows an error after {what}: {status}"
    );
}

fn runs(page: &mut Browser) -> u64 {
    page.eval("+document.getElementById('status').dataset.runs")
        .as_u64()
        .expect("a run count")
}

/// The `d` of the line of `who` (`b` the current settings, `a` the pinned) on the performance
/// plot; None when there is none.
fn performance_line(page: &mut Browser, who: &str) -> Option<String> {
    page.eval(&format!(
        "(document.querySelector('svg[data-metric=\"performance\"] path.mean-{who}') || \
         {{getAttribute: () => null}}).getAttribute('d')"
    ))
    .as_str()
    .map(str::to_string)
}

/// Drags the slider of `key` with the mouse from its thumb to `fraction` of its track; the
/// slider's value afterwards.
fn drag_slider(page: &mut Browser, key: &str, fraction: f64) -> f64 {
    let geometry = page.eval(&format!(
        "(() => {{ const s = document.querySelector('input[data-key=\"{key}\"]');
           s.scrollIntoView({{block: 'center'}}); const r = s.getBoundingClientRect();
           return [r.left, r.top, r.width, r.height, +s.value, +s.min, +s.max]; }})()"
    ));
    let g: Vec<f64> = geometry
        .as_array()
        .unwrap_or_else(|| panic!("no slider for {key}"))
        .iter()
        .map(|v| v.as_f64().expect("a number"))
        .collect();
    let (left, top, width, height, value, min, max) = (g[0], g[1], g[2], g[3], g[4], g[5], g[6]);
    // The thumb's centre runs from half a thumb inside the left end to half inside the right.
    let thumb = height.min(16.0) / 2.0;
    let at = |f: f64| left + thumb + f * (width - 2.0 * thumb);
    let y = top + height / 2.0;
    let from = (value - min) / (max - min);
    page.mouse("mousePressed", at(from), y);
    for step in 1..=8 {
        let f = from + (fraction - from) * f64::from(step) / 8.0;
        page.mouse("mouseMoved", at(f), y);
    }
    page.mouse("mouseReleased", at(fraction), y);
    page.eval(&format!(
        "+document.querySelector('input[data-key=\"{key}\"]').value"
    ))
    .as_f64()
    .expect("the slider's value")
}

fn click(page: &mut Browser, id: &str) {
    let r = page.eval(&format!(
        "(() => {{ const e = document.getElementById('{id}'); e.scrollIntoView({{block: 'center'}});
           const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }})()"
    ));
    let (x, y) = (r[0].as_f64().unwrap(), r[1].as_f64().unwrap());
    page.mouse("mousePressed", x, y);
    page.mouse("mouseReleased", x, y);
}

/// Decodes `png` and asserts it shows plot lines (many clearly blue pixels) and text (many
/// dark ones): not a blank page.
fn assert_not_blank(png: &[u8], what: &str) -> (u32, u32) {
    let decoder = png::Decoder::new(Cursor::new(png));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a buffer size")];
    let frame = reader.next_frame(&mut pixels).expect("the PNG decodes");
    let channels = frame.color_type.samples();
    assert!(channels >= 3, "{what}: a grey screenshot");
    let rgb: Vec<&[u8]> = pixels[..frame.buffer_size()].chunks(channels).collect();
    let blue = rgb
        .iter()
        .filter(|p| i32::from(p[2]) - i32::from(p[0]) > 60)
        .count();
    let dark = rgb
        .iter()
        .filter(|p| p[..3].iter().all(|&c| c < 110))
        .count();
    assert!(blue > 500, "{what}: only {blue} blue pixels, no plot lines");
    assert!(dark > 2000, "{what}: only {dark} dark pixels, nearly blank");
    (frame.width, frame.height)
}

#[test]
fn a_dragged_slider_redraws_the_plot_and_pinning_a_shows_b_against_it() {
    let test = "a_dragged_slider_redraws_the_plot_and_pinning_a_shows_b_against_it";
    let Some(browser) = browser_or_skip(test) else {
        return;
    };
    let server = start();
    let dir = temp_dir("explore", "devtools");
    let url = format!("http://{}/?scenario=control", server.address);
    let mut page = Browser::launch(&browser, &dir.join("profile"), &url, 1280, 1000);
    wait_settled(&mut page, "loading");
    for metric in ["performance", "agility", "retention", "trust", "engagement"] {
        assert!(
            page.eval(&format!(
                "!!document.querySelector('svg[data-metric=\"{metric}\"] path.mean-b')"
            )) == Value::Bool(true),
            "no {metric} plot"
        );
    }
    let before = performance_line(&mut page, "b").expect("a performance line");
    assert!(before.matches('L').count() >= 50, "a short line: {before}");

    // Drag the management style from control towards coaching.
    let runs_before = runs(&mut page);
    let style = drag_slider(&mut page, "management.style_mean", 0.9);
    assert!(style > 0.6, "the drag left the style slider at {style}");
    wait_settled(&mut page, "dragging the style slider");
    assert!(runs(&mut page) > runs_before, "no run after the drag");
    let after = performance_line(&mut page, "b").expect("a performance line");
    assert_ne!(
        before, after,
        "dragging the style slider left the plot as it was"
    );
    let png = page.screenshot();
    let (width, _) = assert_not_blank(&png, "the screenshot after the drag");
    assert_eq!(width, 1280, "the screenshot's width");
    std::fs::write(dir.join("explore-dragged.png"), &png).unwrap();
    take_it_away(&mut page, &dir);

    // Pin as A, then make trust loss faster for B.
    click(&mut page, "pin");
    wait_settled(&mut page, "pinning A");
    let trust_loss = drag_slider(&mut page, "parameters.trust_loss_rate", 0.8);
    wait_settled(&mut page, "dragging the trust loss slider");
    assert_eq!(
        performance_line(&mut page, "a").as_deref(),
        Some(after.as_str()),
        "the pinned line is not the settings pinned"
    );
    let b = performance_line(&mut page, "b").expect("B's line");
    assert_ne!(b, after, "B's line did not move away from A's");
    let diff = page.eval("document.getElementById('diff').innerText");
    let diff = diff.as_str().expect("the difference panel");
    assert!(diff.contains("95% CI (paired)"), "no paired table:\n{diff}");
    let listed = format!(
        "Trust loss speed (parameters.trust_loss_rate): A scenario value, B {}",
        page.eval("String(+document.querySelector('input[data-key=\"parameters.trust_loss_rate\"]').value)")
            .as_str()
            .unwrap()
    );
    assert!(trust_loss > 0.0, "trust loss slider at {trust_loss}");
    assert!(diff.contains(&listed), "{listed:?} is not listed:\n{diff}");
    assert!(
        !diff.contains("management.style_mean"),
        "the style, the same in A and B, is listed as a difference:\n{diff}"
    );
    let png = page.screenshot();
    assert_not_blank(&png, "the screenshot with A and B");
    std::fs::write(dir.join("explore-pinned.png"), &png).unwrap();

    // Clear A: one line again; reset: the scenario's values.
    click(&mut page, "unpin");
    assert!(
        page.wait_for("!document.querySelector('path.mean-a')", 30),
        "A's line stays after clearing A"
    );
    click(&mut page, "reset");
    assert!(
        page.wait_for("document.querySelectorAll('.ctl.changed').length === 0", 30),
        "sliders stay changed after the reset"
    );
    wait_settled(&mut page, "the reset");
    assert_eq!(
        performance_line(&mut page, "b").as_deref(),
        Some(before.as_str()),
        "the reset did not bring back the scenario's plot"
    );
    eprintln!("screenshots in {}", dir.display());
}

/// What the page's downloads give for its current (dragged) settings: the figure as PNG,
/// drawn by the browser, is a picture of the plots; the scenario TOML run with `orgsim run`
/// gives the page's table byte for byte.
fn take_it_away(page: &mut Browser, dir: &std::path::Path) {
    let drawn = page.eval(
        "(async () => { const t0 = performance.now(); const blob = await figurePng();
           const ms = performance.now() - t0;
           const data = await new Promise((done) => { const r = new FileReader();
             r.onload = () => done(r.result.split(',')[1]); r.readAsDataURL(blob); });
           return [data, ms]; })()",
    );
    let png = base64_decode(drawn[0].as_str().expect("the figure's PNG"));
    let (width, height) = assert_not_blank(&png, "the downloaded figure");
    assert_eq!((width, height), (1720, 1220), "the figure's size");
    std::fs::write(dir.join("explore-figure.png"), &png).unwrap();
    eprintln!(
        "the figure as PNG: {} bytes, drawn in the page in {:.0} ms",
        png.len(),
        drawn[1].as_f64().unwrap_or(f64::NAN)
    );

    let fetch = |path: &str| {
        format!(
            "fetch('{path}', {{method: 'POST', body: JSON.stringify(settings())}})
               .then((r) => r.ok ? r.text() : Promise.reject(r.status))"
        )
    };
    let toml = page.eval(&fetch("/api/export"));
    let csv = page.eval(&fetch("/api/csv"));
    let (toml, csv) = (toml.as_str().expect("TOML"), csv.as_str().expect("CSV"));
    assert!(
        toml.contains("style_mean"),
        "the dragged style is not in the file:\n{toml}"
    );
    let summary = run_exported(dir, toml);
    assert!(
        summary == csv,
        "orgsim run on the page's TOML gives another table"
    );
    // The table is the plotted result: its last performance mean is the line's last point.
    let last = page.eval(
        "(() => { const m = lastResult.metrics.find((x) => x.name === 'performance').mean;
           return m[m.length - 1]; })()",
    );
    let row = summary
        .lines()
        .rfind(|l| l.split(',').nth(2) == Some("performance"))
        .expect("performance rows");
    let mean: f64 = row.split(',').nth(4).unwrap().parse().unwrap();
    let plotted = last.as_f64().expect("a plotted mean");
    assert!(
        (mean - plotted).abs() <= 1e-6 * plotted.abs(),
        "table {mean} vs plot {plotted}"
    );
}

/// Every text the page shows, in document order: each element's own text (not its
/// children's), with whether it is a scenario name in the picker (a name, not a word).
const TEXTS: &str = "[...document.querySelectorAll('body *:not(script):not(style)')].map((e) =>
    [[...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim(),
     e.tagName === 'OPTION' || e.tagName === 'H1']).filter(([t]) => t !== '')";

#[test]
fn the_dutch_page_shows_no_text_of_the_english_one() {
    let test = "the_dutch_page_shows_no_text_of_the_english_one";
    let Some(browser) = browser_or_skip(test) else {
        return;
    };
    let dir = temp_dir("explore", "dutch");
    // A pinned A and a B with another trust loss and a coaching programme: the difference
    // table and list show too.
    let query = "?scenario=transition&on=coaching_programme&b=parameters.trust_loss_rate=0.6";
    let mut texts = Vec::new();
    for lang in ["en", "nl"] {
        let server = start_with(&["--lang", lang]);
        let url = format!("http://{}/{query}", server.address);
        let mut page = Browser::launch(&browser, &dir.join(lang), &url, 1280, 1000);
        wait_settled(&mut page, "loading");
        assert!(
            page.wait_for("!!document.querySelector('path.mean-a')", 60),
            "{lang}: no pinned line"
        );
        if lang == "nl" {
            let png = page.screenshot();
            assert_not_blank(&png, "the Dutch page");
            std::fs::write(dir.join("explore-nl.png"), &png).unwrap();
        }
        let found: Vec<(String, bool)> =
            serde_json::from_value(page.eval(TEXTS)).expect("the page's texts");
        // Numbers as people read them: a decimal point on the English page, a decimal comma
        // everywhere on the Dutch one (sliders, plot ticks, the paired table, the list).
        let pointed: Vec<&str> = found
            .iter()
            .filter(|(t, name)| !*name && decimal_point(t))
            .map(|(t, _)| t.as_str())
            .collect();
        if lang == "nl" {
            assert!(
                pointed.is_empty(),
                "decimal points on the Dutch page: {pointed:?}"
            );
            dutch_numbers(&mut page);
            picker(&mut page);
        } else {
            assert!(pointed.len() >= 10, "few decimal numbers: {pointed:?}");
        }
        texts.push(found);
    }
    let (en, nl) = (&texts[0], &texts[1]);
    assert_eq!(
        en.len(),
        nl.len(),
        "the pages differ in shape:\n{en:?}\n{nl:?}"
    );
    // A text with a word in it (two letters in a row), not only numbers, A and B.
    let words = |t: &str| {
        let letters: Vec<bool> = t.chars().map(char::is_alphabetic).collect();
        letters.windows(2).any(|w| w[0] && w[1])
    };
    let mut compared = 0;
    for ((e, name), (n, _)) in en.iter().zip(nl) {
        if *name || !words(e) {
            continue;
        }
        assert_ne!(e, n, "the Dutch page shows English text");
        compared += 1;
    }
    assert!(compared >= 60, "only {compared} texts compared");
    // No English help line or label appears anywhere in the Dutch page.
    let dutch: String = nl
        .iter()
        .map(|(t, _)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for (e, name) in en {
        if !*name && words(e) && e.split_whitespace().count() >= 3 {
            assert!(
                !dutch.contains(e.as_str()),
                "English in the Dutch page: {e:?}"
            );
        }
    }
}

/// Whether `text` has a number with a decimal point in it (a digit, a point, a digit).
fn decimal_point(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == '.' && w[2].is_ascii_digit())
}

/// On the Dutch page (A pinned, B's trust loss 0.6): a dragged slider shows its value with a
/// decimal comma, and so do the paired table and the list of what differs.
fn dutch_numbers(page: &mut Browser) {
    let style = drag_slider(page, "management.style_mean", 0.9);
    wait_settled(page, "dragging the style slider on the Dutch page");
    let shown = page.eval(
        "document.querySelector('input[data-key=\"management.style_mean\"]')
           .closest('.ctl').querySelector('label span:last-child').textContent",
    );
    let shown = shown.as_str().expect("the slider's shown value");
    assert!(
        (0.1..1.0).contains(&style),
        "the drag left the style at {style}"
    );
    assert_eq!(
        shown,
        format!("{style:.3}").replace('.', ","),
        "the style slider at {style}"
    );
    eprintln!("the Dutch style slider reads {shown}");
    let cells: Vec<String> = serde_json::from_value(
        page.eval("[...document.querySelectorAll('#diff td')].map((e) => e.textContent)"),
    )
    .expect("the table's cells");
    assert!(cells.len() >= 20, "a short table: {cells:?}");
    assert!(
        cells.iter().any(|c| c.contains(',')),
        "no decimal comma in the table: {cells:?}"
    );
    assert!(
        cells.iter().all(|c| !c.contains("0.") && !decimal_point(c)),
        "a decimal point in the Dutch table: {cells:?}"
    );
    let listed = page.eval("document.getElementById('diff').innerText");
    let listed = listed.as_str().expect("the difference panel");
    assert!(
        listed.contains("A waarde uit het scenario, B 0,6"),
        "trust loss 0,6 is not listed:\n{listed}"
    );
}

/// The scenario picker shows each scenario's name with its description as the tooltip, keeps
/// its file as the value, and the picker's own tooltip is the chosen scenario's description.
fn picker(page: &mut Browser) {
    let options = page.eval(
        "(async () => { const list = await (await fetch('/api/scenarios')).json();
           const shown = [...document.querySelectorAll('#scenario option')]
             .map((o) => [o.value, o.textContent, o.title]);
           return [list.choices.map((c) => [c.file, c.name, c.description]), shown,
             document.getElementById('scenario').title,
             document.getElementById('description').textContent]; })()",
    );
    let (choices, shown) = (&options[0], &options[1]);
    assert_eq!(
        choices, shown,
        "the picker does not show the scenarios' choices"
    );
    let shown = shown.as_array().expect("the picker's options");
    assert!(shown.len() >= 9, "{shown:?}");
    for option in shown {
        assert!(
            !option[2].as_str().unwrap_or_default().is_empty(),
            "a scenario without a description: {option}"
        );
    }
    let title = options[2].as_str().expect("the picker's tooltip");
    assert!(title.starts_with("Van controle naar coachend"), "{title}");
    assert_eq!(
        Some(title),
        options[3].as_str(),
        "the tooltip is not the description"
    );
}
