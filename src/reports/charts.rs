//! Accessible SVG charts for reports and pages, drawn with plotters.
//!
//! Three kinds: horizontal bars with an optional benchmark tick
//! ([`bars`]), a trend over survey waves ([`trend`]) and stacked 100 %
//! bars ([`distribution`]). Every chart:
//! - is one SVG document whose root has `role="img"`, a `<title>` and a
//!   `<desc>` named by `aria-labelledby` and `aria-describedby`, a `viewBox` and `width="100%"`,
//!   so it scales down to a 320 px phone;
//! - shows a suppressed value (group too small) as the marker text, never
//!   as a zero bar;
//! - uses colours with at least 3:1 contrast against white for shapes and
//!   4.5:1 for text (WCAG 2.1 AA, 1.4.3 and 1.4.11), and a second cue
//!   (marker shape) where colour tells series apart;
//! - sets `font-family="sans-serif"`. Typst does not resolve generic
//!   families in SVG, so in the PDF the text takes the font set around the
//!   image in the template;
//! - is deterministic: the same spec gives the same bytes.
//!
//! Category labels sit above their bar, not beside it, so long domain names
//! keep the full width on a phone.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::document::{Labels, format_number};

/// Horizontal bars, one per category, on a fixed scale `0..=max`.
#[derive(Debug, Clone)]
pub struct BarChart {
    pub title: String,
    /// Text alternative: what the chart shows, in words.
    pub desc: String,
    /// Right end of the scale, e.g. 100.
    pub max: f64,
    /// Decimals of the value printed after each bar.
    pub decimals: u8,
    /// Appended to printed values, e.g. "" or "\u{a0}%".
    pub value_suffix: String,
    /// Legend entry for the bars, e.g. the institution's name.
    pub series_label: String,
    /// Legend entry for the benchmark ticks, e.g. "Sector"; no ticks and
    /// no legend entry when `None`.
    pub benchmark_label: Option<String>,
    pub bars: Vec<Bar>,
    pub labels: Labels,
}

#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    /// `None`: suppressed; shown as `labels.suppressed_marker`.
    pub value: Option<f64>,
    pub benchmark: Option<f64>,
}

/// Lines over survey waves; `None` values break the line.
#[derive(Debug, Clone)]
pub struct TrendChart {
    pub title: String,
    pub desc: String,
    /// Category labels of the x axis, e.g. "2017", "2020".
    pub waves: Vec<String>,
    pub series: Vec<TrendSeries>,
    pub min: f64,
    pub max: f64,
    /// Decimals of the y-axis tick labels.
    pub decimals: u8,
    pub labels: Labels,
}

#[derive(Debug, Clone)]
pub struct TrendSeries {
    pub label: String,
    /// One per wave; `None` leaves a gap.
    pub values: Vec<Option<f64>>,
}

/// One stacked 100 % bar per row, e.g. share of respondents per level.
#[derive(Debug, Clone)]
pub struct DistributionChart {
    pub title: String,
    pub desc: String,
    /// Legend entries, in stacking order (left to right).
    pub categories: Vec<String>,
    pub rows: Vec<DistributionRow>,
    pub labels: Labels,
}

#[derive(Debug, Clone)]
pub struct DistributionRow {
    pub label: String,
    /// One share per category (fractions; normalised to their sum).
    /// `None`: suppressed.
    pub shares: Option<Vec<f64>>,
}

// Rijkshuisstijl colours; each has >= 3:1 contrast against white (tested).
const PALETTE: [RGBColor; 8] = [
    RGBColor(0x01, 0x68, 0x9b), // hemelblauw
    RGBColor(0xe1, 0x70, 0x00), // oranje
    RGBColor(0x39, 0x87, 0x0c), // groen
    RGBColor(0x42, 0x14, 0x5f), // violet
    RGBColor(0xa9, 0x00, 0x61), // robijnrood
    RGBColor(0x67, 0x33, 0x27), // bruin
    RGBColor(0x77, 0x7c, 0x00), // mosgroen
    RGBColor(0x00, 0x7b, 0xc7), // lichtblauw
];
const SERIES: RGBColor = PALETTE[0];
const BENCHMARK: RGBColor = PALETTE[1];
const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
const MUTED_INK: RGBColor = RGBColor(0x4d, 0x4d, 0x4d);
const TRACK: RGBColor = RGBColor(0xee, 0xee, 0xee);
const GRID: RGBColor = RGBColor(0xcc, 0xcc, 0xcc);

// Narrow on purpose: scaled to a 320 px phone, 15 px text stays about 10 px.
const WIDTH: u32 = 440;
const PAD: i32 = 16;
const TITLE_PX: f64 = 18.0;
const LABEL_PX: f64 = 15.0;
const SMALL_PX: f64 = 13.0;

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type DrawResult = Result<(), Box<dyn std::error::Error>>;

pub fn bars(spec: &BarChart) -> String {
    let max = positive_or_one(spec.max);
    let values: Vec<String> = spec
        .bars
        .iter()
        .map(|b| match b.value {
            Some(v) if v.is_finite() => format!(
                "{}{}",
                format_number(v, spec.decimals, &spec.labels),
                spec.value_suffix
            ),
            _ => String::new(),
        })
        .collect();
    let plot_left = PAD;
    // Values get their own column right of the scale, clear of bars and
    // benchmark ticks.
    let value_column = values
        .iter()
        .map(|v| text_width(v, LABEL_PX))
        .max()
        .unwrap_or(0)
        .max(24)
        + 10;
    let plot_right = WIDTH as i32 - PAD - value_column;
    let x_of =
        |v: f64| plot_left + ((v.clamp(0.0, max) / max) * f64::from(plot_right - plot_left)) as i32;

    let title = wrap(&spec.title, TITLE_PX, content_width());
    let mut legend_items = vec![(LegendMark::Swatch(SERIES), spec.series_label.as_str())];
    let show_benchmark = spec.bars.iter().any(|b| b.benchmark.is_some());
    if let (Some(label), true) = (&spec.benchmark_label, show_benchmark) {
        legend_items.push((LegendMark::Tick(BENCHMARK), label.as_str()));
    }
    let legend = layout_legend(&legend_items);
    let rows: Vec<Vec<String>> = spec
        .bars
        .iter()
        .map(|b| wrap(&b.label, LABEL_PX, content_width()))
        .collect();
    const BAR_H: i32 = 22;
    const ROW_GAP: i32 = 14;
    let top = PAD + title_height(&title) + legend.height + 8;
    let rows_height: i32 = rows
        .iter()
        .map(|lines| line_height(LABEL_PX) * lines.len() as i32 + 4 + BAR_H + ROW_GAP)
        .sum();
    let height = top + rows_height - ROW_GAP + 6 + line_height(SMALL_PX) + PAD;

    render(&spec.title, &spec.desc, height, |area| {
        draw_title(area, &title)?;
        draw_legend(area, &legend, PAD + title_height(&title))?;
        let ticks = nice_ticks(0.0, max);
        let mut y = top;
        for ((bar, lines), value_text) in spec.bars.iter().zip(&rows).zip(&values) {
            draw_lines(area, lines, PAD, y, LABEL_PX, &INK, false)?;
            y += line_height(LABEL_PX) * lines.len() as i32 + 4;
            area.draw(&Rectangle::new(
                [(plot_left, y), (plot_right, y + BAR_H)],
                TRACK.filled(),
            ))?;
            for &t in &ticks {
                let x = x_of(t);
                area.draw(&PathElement::new(
                    vec![(x, y), (x, y + BAR_H)],
                    WHITE.stroke_width(1),
                ))?;
            }
            match bar.value {
                Some(value) if value.is_finite() => {
                    let end = x_of(value);
                    if end > plot_left {
                        area.draw(&Rectangle::new(
                            [(plot_left, y), (end, y + BAR_H)],
                            SERIES.filled(),
                        ))?;
                    }
                    draw_text(
                        area,
                        value_text,
                        (plot_right + 10, y + BAR_H / 2),
                        LABEL_PX,
                        &INK,
                        true,
                        left_center(),
                    )?;
                }
                _ => draw_text(
                    area,
                    &spec.labels.suppressed_marker,
                    (plot_left + 8, y + BAR_H / 2),
                    LABEL_PX,
                    &MUTED_INK,
                    true,
                    left_center(),
                )?,
            }
            if let (Some(benchmark), Some(_)) = (bar.benchmark, &spec.benchmark_label)
                && benchmark.is_finite()
            {
                let x = x_of(benchmark);
                area.draw(&Rectangle::new(
                    [(x - 2, y - 5), (x + 2, y + BAR_H + 5)],
                    BENCHMARK.filled(),
                ))?;
            }
            y += BAR_H + ROW_GAP;
        }
        draw_x_ticks(area, &ticks, &x_of, y - ROW_GAP + 6, &spec.labels)?;
        Ok(())
    })
}

pub fn trend(spec: &TrendChart) -> String {
    let (min, max) = if spec.max > spec.min && spec.min.is_finite() && spec.max.is_finite() {
        (spec.min, spec.max)
    } else {
        (0.0, positive_or_one(spec.max))
    };
    let ticks = nice_ticks(min, max);
    let tick_texts: Vec<String> = ticks
        .iter()
        .map(|&t| format_number(t, spec.decimals, &spec.labels))
        .collect();
    let axis_width = tick_texts
        .iter()
        .map(|t| text_width(t, SMALL_PX))
        .max()
        .unwrap_or(0)
        + 8;

    let title = wrap(&spec.title, TITLE_PX, content_width());
    let legend_items: Vec<(LegendMark, &str)> = spec
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| (LegendMark::Line(i), s.label.as_str()))
        .collect();
    let legend = layout_legend(&legend_items);
    const PLOT_H: i32 = 260;
    let plot_top = PAD + title_height(&title) + legend.height + 16;
    let plot_bottom = plot_top + PLOT_H;
    let plot_left = PAD + axis_width;
    let plot_right = WIDTH as i32 - PAD;
    let height = plot_bottom + 8 + line_height(LABEL_PX) + PAD;

    let y_of = |v: f64| {
        plot_bottom - (((v.clamp(min, max) - min) / (max - min)) * f64::from(PLOT_H)) as i32
    };
    let n = spec.waves.len().max(1) as i32;
    let slot = (plot_right - plot_left) / n;
    let x_of = |i: usize| plot_left + slot * i as i32 + slot / 2;

    render(&spec.title, &spec.desc, height, |area| {
        draw_title(area, &title)?;
        draw_legend(area, &legend, PAD + title_height(&title))?;
        for (&t, text) in ticks.iter().zip(&tick_texts) {
            let y = y_of(t);
            area.draw(&PathElement::new(
                vec![(plot_left, y), (plot_right, y)],
                GRID.stroke_width(1),
            ))?;
            draw_text(
                area,
                text,
                (plot_left - 8, y),
                SMALL_PX,
                &MUTED_INK,
                false,
                Pos::new(HPos::Right, VPos::Center),
            )?;
        }
        for (i, wave) in spec.waves.iter().enumerate() {
            draw_text(
                area,
                wave,
                (x_of(i), plot_bottom + 8),
                LABEL_PX,
                &INK,
                false,
                Pos::new(HPos::Center, VPos::Top),
            )?;
        }
        for (s, series) in spec.series.iter().enumerate() {
            let colour = PALETTE[s % PALETTE.len()];
            let points: Vec<Option<(i32, i32)>> = series
                .values
                .iter()
                .take(spec.waves.len())
                .enumerate()
                .map(|(i, v)| v.filter(|v| v.is_finite()).map(|v| (x_of(i), y_of(v))))
                .collect();
            for run in points.split(|p| p.is_none()) {
                let run: Vec<(i32, i32)> = run.iter().flatten().copied().collect();
                if run.len() > 1 {
                    area.draw(&PathElement::new(run, colour.stroke_width(3)))?;
                }
            }
            for &(x, y) in points.iter().flatten() {
                draw_marker(area, s, (x, y), 6)?;
            }
        }
        Ok(())
    })
}

pub fn distribution(spec: &DistributionChart) -> String {
    let title = wrap(&spec.title, TITLE_PX, content_width());
    let legend_items: Vec<(LegendMark, &str)> = spec
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| (LegendMark::Swatch(PALETTE[i % PALETTE.len()]), c.as_str()))
        .collect();
    let legend = layout_legend(&legend_items);
    let rows: Vec<Vec<String>> = spec
        .rows
        .iter()
        .map(|r| wrap(&r.label, LABEL_PX, content_width()))
        .collect();
    const BAR_H: i32 = 26;
    const ROW_GAP: i32 = 14;
    let top = PAD + title_height(&title) + legend.height + 8;
    let rows_height: i32 = rows
        .iter()
        .map(|lines| line_height(LABEL_PX) * lines.len() as i32 + 4 + BAR_H + ROW_GAP)
        .sum();
    let height = top + rows_height + PAD;
    let (left, right) = (PAD, WIDTH as i32 - PAD);

    render(&spec.title, &spec.desc, height, |area| {
        draw_title(area, &title)?;
        draw_legend(area, &legend, PAD + title_height(&title))?;
        let mut y = top;
        for (row, lines) in spec.rows.iter().zip(&rows) {
            draw_lines(area, lines, PAD, y, LABEL_PX, &INK, false)?;
            y += line_height(LABEL_PX) * lines.len() as i32 + 4;
            let shares = row.shares.as_ref().and_then(|shares| normalised(shares));
            match shares {
                None => {
                    area.draw(&Rectangle::new(
                        [(left, y), (right, y + BAR_H)],
                        TRACK.filled(),
                    ))?;
                    draw_text(
                        area,
                        &spec.labels.suppressed_marker,
                        (left + 8, y + BAR_H / 2),
                        LABEL_PX,
                        &MUTED_INK,
                        true,
                        left_center(),
                    )?;
                }
                Some(shares) => {
                    let mut cumulative = 0.0;
                    for (i, share) in shares.iter().enumerate().take(spec.categories.len().max(1)) {
                        let x0 = left + (cumulative * f64::from(right - left)).round() as i32;
                        cumulative += share;
                        let x1 = left + (cumulative * f64::from(right - left)).round() as i32;
                        if x1 <= x0 {
                            continue;
                        }
                        let colour = PALETTE[i % PALETTE.len()];
                        area.draw(&Rectangle::new([(x0, y), (x1, y + BAR_H)], colour.filled()))?;
                        // White gaps keep neighbouring colours apart.
                        area.draw(&PathElement::new(
                            vec![(x1, y), (x1, y + BAR_H)],
                            WHITE.stroke_width(2),
                        ))?;
                        let text = format!(
                            "{}{}",
                            format_number(share * 100.0, 0, &spec.labels),
                            spec.labels.percent_suffix
                        );
                        if x1 - x0 >= text_width(&text, SMALL_PX) + 6 {
                            let ink = text_on(colour);
                            draw_text(
                                area,
                                &text,
                                ((x0 + x1) / 2, y + BAR_H / 2),
                                SMALL_PX,
                                &ink,
                                true,
                                Pos::new(HPos::Center, VPos::Center),
                            )?;
                        }
                    }
                }
            }
            y += BAR_H + ROW_GAP;
        }
        Ok(())
    })
}

/// Draws into a fresh SVG and makes the root accessible and scalable.
fn render(
    title: &str,
    desc: &str,
    height: i32,
    draw: impl FnOnce(&Area<'_>) -> DrawResult,
) -> String {
    let height = u32::try_from(height.max(1)).unwrap_or(1);
    let mut body = String::new();
    let drawn = {
        let area = SVGBackend::with_string(&mut body, (WIDTH, height)).into_drawing_area();
        area.fill(&WHITE)
            .map_err(Into::into)
            .and_then(|()| draw(&area))
            .and_then(|()| area.present().map_err(Into::into))
    };
    if drawn.is_err() {
        // The string backend cannot fail in practice; if it ever does, the
        // reader still gets the title and description rather than half a chart.
        debug_assert!(drawn.is_ok(), "drawing a chart failed: {drawn:?}");
        body = format!("<svg viewBox=\"0 0 {WIDTH} {height}\">\n</svg>\n");
    }
    accessible(&body, title, desc, height)
}

/// Replaces plotters' root tag (fixed pixel size) with one that scales and
/// carries the accessible name and description.
fn accessible(svg: &str, title: &str, desc: &str, height: u32) -> String {
    let inner = svg
        .find('>')
        .map(|end| &svg[end + 1..])
        .unwrap_or_default()
        .trim_start_matches('\n');
    let inner = tidy_font_sizes(inner);
    let id = format!("chart-{:08x}", fnv1a(&[title, desc, &inner]) as u32);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" \
         role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" font-family=\"sans-serif\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n{inner}",
        escape_xml(title),
        escape_xml(desc),
    )
}

/// plotters writes `font-size` as size / 1.24, which leaves float noise
/// such as "15.000000000000002"; round it to two decimals.
fn tidy_font_sizes(svg: &str) -> String {
    const ATTR: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(start) = rest.find(ATTR) {
        let value_start = start + ATTR.len();
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        out.push_str(&rest[..value_start]);
        let value = &rest[value_start..value_start + len];
        match value.parse::<f64>() {
            Ok(size) => {
                let rounded = format!("{size:.2}");
                out.push_str(rounded.trim_end_matches('0').trim_end_matches('.'));
            }
            Err(_) => out.push_str(value),
        }
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
    out
}

pub(crate) fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            other => out.push(other),
        }
    }
    out
}

/// Stable across runs and platforms, unlike `DefaultHasher`.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

enum LegendMark {
    Swatch(RGBColor),
    Tick(RGBColor),
    /// Line with the marker of series `i`.
    Line(usize),
}

struct Legend<'a> {
    /// Mark, label and top-left position relative to the legend's top.
    items: Vec<(&'a LegendMark, &'a str, i32, i32)>,
    height: i32,
}

const MARK_W: i32 = 28;

fn layout_legend<'a>(items: &'a [(LegendMark, &'a str)]) -> Legend<'a> {
    let row_h = line_height(LABEL_PX) + 6;
    let (mut x, mut y) = (PAD, 0);
    let mut placed = Vec::with_capacity(items.len());
    for (mark, label) in items {
        let w = MARK_W + 6 + text_width(label, LABEL_PX) + 20;
        if x > PAD && x + w > WIDTH as i32 - PAD {
            x = PAD;
            y += row_h;
        }
        placed.push((mark, *label, x, y));
        x += w;
    }
    Legend {
        height: if items.is_empty() { 0 } else { y + row_h },
        items: placed,
    }
}

fn draw_legend(area: &Area<'_>, legend: &Legend<'_>, top: i32) -> DrawResult {
    let mid = line_height(LABEL_PX) / 2;
    for &(mark, label, x, y) in &legend.items {
        let cy = top + y + mid;
        match mark {
            LegendMark::Swatch(colour) => {
                area.draw(&Rectangle::new(
                    [(x + 6, cy - 8), (x + 22, cy + 8)],
                    colour.filled(),
                ))?;
            }
            LegendMark::Tick(colour) => {
                area.draw(&Rectangle::new(
                    [(x + 12, cy - 10), (x + 16, cy + 10)],
                    colour.filled(),
                ))?;
            }
            LegendMark::Line(series) => {
                let colour = PALETTE[series % PALETTE.len()];
                area.draw(&PathElement::new(
                    vec![(x, cy), (x + MARK_W, cy)],
                    colour.stroke_width(3),
                ))?;
                draw_marker(area, *series, (x + MARK_W / 2, cy), 6)?;
            }
        }
        draw_text(
            area,
            label,
            (x + MARK_W + 6, cy),
            LABEL_PX,
            &INK,
            false,
            left_center(),
        )?;
    }
    Ok(())
}

/// Series are told apart by shape as well as colour.
fn draw_marker(area: &Area<'_>, series: usize, (x, y): (i32, i32), r: i32) -> DrawResult {
    let colour = PALETTE[series % PALETTE.len()];
    let style = colour.filled();
    match series % 4 {
        0 => area.draw(&Circle::new((x, y), r, style))?,
        1 => area.draw(&Rectangle::new([(x - r, y - r), (x + r, y + r)], style))?,
        2 => area.draw(&Polygon::new(
            vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)],
            style,
        ))?,
        _ => area.draw(&Polygon::new(
            vec![
                (x, y - r - 1),
                (x + r + 1, y),
                (x, y + r + 1),
                (x - r - 1, y),
            ],
            style,
        ))?,
    }
    Ok(())
}

fn draw_title(area: &Area<'_>, lines: &[String]) -> DrawResult {
    draw_lines(area, lines, PAD, PAD, TITLE_PX, &INK, true)
}

fn title_height(lines: &[String]) -> i32 {
    line_height(TITLE_PX) * lines.len() as i32 + 8
}

fn draw_lines(
    area: &Area<'_>,
    lines: &[String],
    x: i32,
    y: i32,
    px: f64,
    colour: &RGBColor,
    bold: bool,
) -> DrawResult {
    for (i, line) in lines.iter().enumerate() {
        let top = y + line_height(px) * i as i32;
        draw_text(
            area,
            line,
            (x, top),
            px,
            colour,
            bold,
            Pos::new(HPos::Left, VPos::Top),
        )?;
    }
    Ok(())
}

fn draw_text(
    area: &Area<'_>,
    text: &str,
    at: (i32, i32),
    px: f64,
    colour: &RGBColor,
    bold: bool,
    pos: Pos,
) -> DrawResult {
    // plotters' SVG backend writes `font-size` as size / 1.24.
    let font = FontDesc::new(
        FontFamily::SansSerif,
        px * 1.24,
        if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        },
    );
    area.draw(&Text::new(text, at, font.color(colour).pos(pos)))?;
    Ok(())
}

fn draw_x_ticks(
    area: &Area<'_>,
    ticks: &[f64],
    x_of: &impl Fn(f64) -> i32,
    y: i32,
    labels: &Labels,
) -> DrawResult {
    let decimals = if ticks.iter().all(|t| t.fract() == 0.0) {
        0
    } else {
        1
    };
    for &t in ticks {
        let text = format_number(t, decimals, labels);
        draw_text(
            area,
            &text,
            (x_of(t), y),
            SMALL_PX,
            &MUTED_INK,
            false,
            Pos::new(HPos::Center, VPos::Top),
        )?;
    }
    Ok(())
}

fn left_center() -> Pos {
    Pos::new(HPos::Left, VPos::Center)
}

fn content_width() -> i32 {
    WIDTH as i32 - 2 * PAD
}

fn line_height(px: f64) -> i32 {
    (px * 1.3).round() as i32
}

/// A generous estimate for a proportional sans-serif face; SVG text is not
/// measured here, so layout errs on the wide side.
fn text_width(text: &str, px: f64) -> i32 {
    (text.chars().count() as f64 * px * 0.58).ceil() as i32
}

/// Greedy word wrap on the estimated width; a word longer than a line keeps
/// its own line rather than being cut.
fn wrap(text: &str, px: f64, max_width: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, px) > max_width {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Ticks at 1, 2, 2.5 or 5 times a power of ten, about five intervals.
fn nice_ticks(min: f64, max: f64) -> Vec<f64> {
    let range = max - min;
    if !(range.is_finite() && range > 0.0) {
        return vec![min];
    }
    let raw = range / 5.0;
    let exponent = raw.log10().floor() as i32;
    let mantissa = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|&m| scaled(m, exponent) >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0);
    let step = scaled(mantissa, exponent);
    let first = (min / step).ceil() as i32;
    (first..first + 21)
        // k * m / 10^n rather than k * step: 0.6, not 0.6000000000000001.
        .map(|k| scaled(f64::from(k) * mantissa, exponent))
        .take_while(|&t| t <= max + step * 1e-9)
        .collect()
}

fn scaled(value: f64, exponent: i32) -> f64 {
    if exponent < 0 {
        value / 10f64.powi(-exponent)
    } else {
        value * 10f64.powi(exponent)
    }
}

fn positive_or_one(max: f64) -> f64 {
    if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    }
}

/// Shares scaled to sum to 1; `None` when nothing is left to show.
fn normalised(shares: &[f64]) -> Option<Vec<f64>> {
    let clean: Vec<f64> = shares
        .iter()
        .map(|&s| if s.is_finite() && s > 0.0 { s } else { 0.0 })
        .collect();
    let sum: f64 = clean.iter().sum();
    (sum > 0.0).then(|| clean.iter().map(|s| s / sum).collect())
}

fn relative_luminance(colour: RGBColor) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(colour.0) + 0.7152 * channel(colour.1) + 0.0722 * channel(colour.2)
}

fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// White text where it reaches 4.5:1 on `fill`, black otherwise.
fn text_on(fill: RGBColor) -> RGBColor {
    if contrast(fill, WHITE) >= 4.5 {
        WHITE
    } else {
        BLACK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels {
        Labels::for_lang("nl", "<10")
    }

    fn sample_bars() -> BarChart {
        BarChart {
            title: "Digitale vaardigheden per domein".to_owned(),
            desc: "Scores van ROC Voorbeeld per domein met het sectorgemiddelde".to_owned(),
            max: 100.0,
            decimals: 0,
            value_suffix: String::new(),
            series_label: "ROC Voorbeeld".to_owned(),
            benchmark_label: Some("Sector".to_owned()),
            bars: vec![
                Bar {
                    label: "A & <B>".to_owned(),
                    value: Some(62.4),
                    benchmark: Some(58.0),
                },
                Bar {
                    label: "Communicatie en samenwerking in een digitale omgeving met collega's en studenten".to_owned(),
                    value: None,
                    benchmark: Some(55.0),
                },
                Bar {
                    label: "Veiligheid".to_owned(),
                    value: Some(100.0),
                    benchmark: None,
                },
            ],
            labels: labels(),
        }
    }

    fn sample_trend() -> TrendChart {
        TrendChart {
            title: "Ontwikkeling".to_owned(),
            desc: "Score per meting, instelling en sector".to_owned(),
            waves: ["2017", "2020", "2022", "2024", "2026"]
                .map(String::from)
                .to_vec(),
            series: vec![
                TrendSeries {
                    label: "ROC Voorbeeld".to_owned(),
                    values: vec![Some(50.0), None, Some(58.0), Some(61.0), Some(64.5)],
                },
                TrendSeries {
                    label: "Sector".to_owned(),
                    values: vec![Some(52.0), Some(54.0), Some(57.0), Some(59.0), Some(60.0)],
                },
            ],
            min: 0.0,
            max: 100.0,
            decimals: 0,
            labels: labels(),
        }
    }

    fn sample_distribution() -> DistributionChart {
        DistributionChart {
            title: "Niveau per domein".to_owned(),
            desc: "Aandeel respondenten per niveau".to_owned(),
            categories: ["Starter", "Gevorderd", "Expert"]
                .map(String::from)
                .to_vec(),
            rows: vec![
                DistributionRow {
                    label: "Informatie".to_owned(),
                    shares: Some(vec![0.2, 0.5, 0.3]),
                },
                DistributionRow {
                    label: "Veiligheid".to_owned(),
                    shares: None,
                },
            ],
            labels: labels(),
        }
    }

    /// A tiny well-formedness check: balanced tags, quoted attributes and
    /// only known entities. Enough to catch broken escaping.
    fn assert_well_formed(svg: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            check_text(&rest[..start]);
            let end = rest[start..].find('>').expect("unclosed tag") + start;
            let tag = &rest[start + 1..end];
            assert!(!tag.contains('<'), "'<' inside tag: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(
                    stack.pop().as_deref(),
                    Some(name.trim()),
                    "mismatched </{name}>"
                );
            } else if !tag.starts_with('?') && !tag.starts_with('!') {
                assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
                let name: String = tag
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != '/')
                    .collect();
                check_text(tag);
                if !tag.ends_with('/') {
                    stack.push(name);
                }
            }
            rest = &rest[end + 1..];
        }
        check_text(rest);
        assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    }

    fn check_text(text: &str) {
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..];
            assert!(
                ["&lt;", "&gt;", "&amp;", "&quot;", "&apos;", "&#"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "bare '&' in {text:?}"
            );
        }
    }

    fn root_tag(svg: &str) -> &str {
        &svg[..svg.find('>').expect("root tag") + 1]
    }

    #[test]
    fn every_chart_is_well_formed_xml() {
        for (name, svg) in [
            ("bars.svg", bars(&sample_bars())),
            ("trend.svg", trend(&sample_trend())),
            ("distribution.svg", distribution(&sample_distribution())),
        ] {
            assert_well_formed(&svg);
            // A copy for a look in a browser when asked for.
            if let Ok(dir) = std::env::var("REPORTS_DUMP_DIR") {
                std::fs::create_dir_all(&dir).expect("dump dir");
                std::fs::write(std::path::Path::new(&dir).join(name), &svg).expect("dump");
            }
        }
    }

    #[test]
    fn charts_are_accessible_images_that_scale() {
        for svg in [
            bars(&sample_bars()),
            trend(&sample_trend()),
            distribution(&sample_distribution()),
        ] {
            let root = root_tag(&svg);
            assert!(root.contains("role=\"img\""), "{root}");
            assert!(root.contains("viewBox=\"0 0 440 "), "{root}");
            assert!(root.contains("width=\"100%\""), "{root}");
            assert!(!root.contains("height="), "{root}");
            let id = root
                .split("aria-labelledby=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .expect("aria-labelledby");
            assert!(
                svg.contains(&format!("id=\"{id}\"")),
                "{id} is not in the SVG"
            );
            let desc = root
                .split("aria-describedby=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .expect("aria-describedby");
            assert!(svg.contains(&format!("<desc id=\"{desc}\"")), "{desc}");
            assert!(svg.contains("<title id="));
            assert!(svg.contains("<desc id="));
        }
    }

    #[test]
    fn title_and_description_are_present_and_escaped() {
        let mut spec = sample_bars();
        spec.title = "Scores \"A\" & <B>".to_owned();
        let svg = bars(&spec);
        assert!(
            svg.contains(">Scores &quot;A&quot; &amp; &lt;B&gt;</title>"),
            "{svg}"
        );
        assert!(
            svg.contains(">Scores van ROC Voorbeeld per domein met het sectorgemiddelde</desc>")
        );
        assert_well_formed(&svg);
    }

    #[test]
    fn category_labels_are_escaped() {
        let svg = bars(&sample_bars());
        assert!(svg.contains("A &amp; &lt;B&gt;"), "{svg}");
        assert!(!svg.contains("A & <B>"));
    }

    #[test]
    fn a_suppressed_bar_shows_the_marker_instead_of_a_bar() {
        let svg = bars(&sample_bars());
        assert!(svg.contains("&lt;10"), "{svg}");
        let svg = distribution(&sample_distribution());
        assert!(svg.contains("&lt;10"), "{svg}");
    }

    #[test]
    fn bar_values_use_the_locale_and_benchmarks_get_a_legend() {
        let svg = bars(&sample_bars());
        assert!(svg.contains("\n62\n</text>"), "{svg}");
        assert!(svg.contains("Sector"));
        assert!(
            svg.contains("fill=\"#E17000\"") || svg.contains("fill=\"#e17000\""),
            "{svg}"
        );
        let mut decimal = sample_bars();
        decimal.decimals = 1;
        assert!(bars(&decimal).contains("62,4"));
    }

    #[test]
    fn a_missing_wave_breaks_the_line() {
        let svg = trend(&sample_trend());
        // Institution: an isolated point (2017), then a run of three;
        // sector: one run of five. Each series also has a legend line.
        let polylines_in = |colour: &str| {
            svg.lines()
                .filter(|l| l.starts_with("<polyline") && l.to_ascii_lowercase().contains(colour))
                .count()
        };
        assert_eq!(polylines_in("stroke=\"#01689b\""), 1 + 1, "{svg}");
        assert_eq!(polylines_in("stroke=\"#e17000\""), 1 + 1, "{svg}");
        // Every wave with a value has a marker: 4 circles and 5 squares
        // (plus one of each in the legend).
        assert_eq!(svg.matches("<circle").count(), 4 + 1, "{svg}");
    }

    #[test]
    fn distribution_rows_show_percentages_in_the_segments() {
        let svg = distribution(&sample_distribution());
        assert!(svg.contains("50\u{a0}%"), "{svg}");
        assert!(svg.contains("Expert"));
    }

    #[test]
    fn same_input_gives_the_same_bytes() {
        assert_eq!(bars(&sample_bars()), bars(&sample_bars()));
        assert_eq!(trend(&sample_trend()), trend(&sample_trend()));
        assert_eq!(
            distribution(&sample_distribution()),
            distribution(&sample_distribution())
        );
    }

    #[test]
    fn degenerate_specs_still_give_a_valid_chart() {
        let mut spec = sample_bars();
        spec.max = 0.0;
        spec.bars.clear();
        assert_well_formed(&bars(&spec));
        let mut spec = sample_trend();
        spec.min = 5.0;
        spec.max = f64::NAN;
        spec.waves.clear();
        assert_well_formed(&trend(&spec));
        let mut spec = sample_distribution();
        spec.rows[0].shares = Some(vec![0.0, f64::NAN]);
        assert!(distribution(&spec).contains("&lt;10"));
    }

    #[test]
    fn colours_meet_wcag_contrast_against_white() {
        for colour in PALETTE {
            assert!(contrast(colour, WHITE) >= 3.0, "{colour:?}");
            assert!(contrast(text_on(colour), colour) >= 4.5, "{colour:?}");
        }
        assert!(contrast(INK, WHITE) >= 4.5);
        assert!(contrast(MUTED_INK, WHITE) >= 4.5);
        assert!(contrast(MUTED_INK, TRACK) >= 4.5);
    }

    #[test]
    fn font_sizes_are_whole_pixels() {
        let svg = bars(&sample_bars());
        assert!(svg.contains("font-size=\"15\""), "{svg}");
        assert!(!svg.contains("000000"), "{svg}");
        assert_eq!(
            tidy_font_sizes(r#"<text font-size="12.5">"#),
            r#"<text font-size="12.5">"#
        );
    }

    #[test]
    fn ticks_are_round_numbers() {
        assert_eq!(
            nice_ticks(0.0, 100.0),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(nice_ticks(1.0, 5.0), vec![1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(nice_ticks(0.0, 1.0), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
    }

    #[test]
    fn long_labels_wrap_onto_more_lines() {
        let lines = wrap(&"woord ".repeat(40), LABEL_PX, content_width());
        assert!(lines.len() > 1);
        assert!(
            lines
                .iter()
                .all(|l| text_width(l, LABEL_PX) <= content_width())
        );
    }
}
