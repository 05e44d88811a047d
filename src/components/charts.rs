//! Small SVG charts drawn by Leptos itself: a radar, a week-by-hour heatmap, bars, lines and a scatter
//! map. Each says in words what it shows (an `aria-label` or a caption), so a screen reader gets the
//! picture too. Why no charting crate: these five are a few dozen lines each, and the crates in reach
//! draw to a canvas (no text for assistive technology) or pull in a second UI runtime.

use leptos::prelude::*;

/// The colours of the series, in order (CSS classes of `style/main.css`).
const SERIES: [&str; 5] = ["series-1", "series-2", "series-3", "series-4", "series-5"];

/// One polygon per series over the same axes, each value 0 to 1.
#[component]
pub fn Radar(axes: Vec<&'static str>, series: Vec<(String, Vec<f32>)>) -> impl IntoView {
    const C: f32 = 160.0;
    const R: f32 = 110.0;
    let n = axes.len().max(1);
    let at = move |i: usize, value: f32| {
        let angle = std::f32::consts::TAU * i as f32 / n as f32 - std::f32::consts::FRAC_PI_2;
        (C + R * value * angle.cos(), C + R * value * angle.sin())
    };
    let rings = [0.25, 0.5, 0.75, 1.0]
        .map(|r| {
            view! { <polygon class="grid" points=svg_points((0..n).map(|i| at(i, r)))/> }
        })
        .collect_view();
    let spokes = axes
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let (x, y) = at(i, 1.0);
            let (lx, ly) = at(i, 1.2);
            view! {
                <line class="grid" x1=C y1=C x2=x y2=y/>
                <text x=lx y=ly text-anchor="middle" dominant-baseline="middle">{*name}</text>
            }
        })
        .collect_view();
    let label = series
        .iter()
        .map(|(name, values)| {
            let parts: Vec<String> = axes
                .iter()
                .zip(values)
                .map(|(a, v)| format!("{a} {:.0} %", v * 100.0))
                .collect();
            format!("{name}: {}", parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join(". ");
    let shapes = series
        .iter()
        .enumerate()
        .map(|(s, (_, values))| {
            let points = svg_points(
                values
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| at(i, v.clamp(0.0, 1.0))),
            );
            view! { <polygon class=format!("shape {}", SERIES[s % SERIES.len()]) points=points/> }
        })
        .collect_view();
    view! {
        <figure class="chart radar">
            <svg viewBox="0 0 320 320" role="img" aria-label=label>{rings}{spokes}{shapes}</svg>
            <Legend names=series.into_iter().map(|(name, _)| name).collect()/>
        </figure>
    }
}

#[component]
fn Legend(names: Vec<String>) -> impl IntoView {
    let items = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| view! { <li><span class=format!("swatch {}", SERIES[i % SERIES.len()])></span>{name}</li> })
        .collect_view();
    view! { <ul class="legend">{items}</ul> }
}

/// Hours listened by weekday (Monday first) and hour: darker is more.
#[component]
pub fn ClockHeatmap(clock: Vec<Vec<f32>>) -> impl IntoView {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let max = clock
        .iter()
        .flatten()
        .copied()
        .fold(0.0f32, f32::max)
        .max(1e-6);
    let (peak_day, peak_hour) = (0..7)
        .flat_map(|d| (0..24).map(move |h| (d, h)))
        .max_by(|a, b| clock[a.0][a.1].total_cmp(&clock[b.0][b.1]))
        .unwrap_or((0, 0));
    let label = format!(
        "When you listen, by weekday and hour. Most: {} at {peak_hour}:00.",
        DAYS[peak_day]
    );
    let cells = clock
        .iter()
        .enumerate()
        .flat_map(|(d, hours)| {
            hours.iter().enumerate().map(move |(h, &v)| {
                let title = format!("{} {h:02}:00: {v:.1} h", DAYS[d]);
                view! {
                    <rect x=40 + h * 22 y=d * 22 width=20 height=20 rx=3 class="cell"
                        fill-opacity=format!("{:.2}", 0.08 + 0.92 * v / max)>
                        <title>{title}</title>
                    </rect>
                }
            })
        })
        .collect_view();
    let days = DAYS
        .iter()
        .enumerate()
        .map(|(d, name)| view! { <text x=0 y=d * 22 + 15>{*name}</text> })
        .collect_view();
    let hours = [0, 6, 12, 18, 23]
        .map(|h| view! { <text x=40 + h * 22 y=170>{format!("{h}h")}</text> })
        .collect_view();
    view! {
        <figure class="chart clock">
            <svg viewBox="0 0 570 180" role="img" aria-label=label>{days}{cells}{hours}</svg>
        </figure>
    }
}

/// Labelled horizontal bars, the longest full width. Each bar is an SVG rectangle sized by its attribute:
/// the page's Content-Security-Policy allows no inline style, so a `style="width: …"` would be dropped and
/// every bar drawn the same length.
#[component]
pub fn Bars(label: &'static str, items: Vec<(String, f32)>, unit: &'static str) -> impl IntoView {
    let max = items.iter().map(|i| i.1).fold(0.0f32, f32::max).max(1e-6);
    let rows = items
        .into_iter()
        .map(|(name, value)| {
            // At least 0.5 of 100, so the smallest bar stays visible.
            let width = format!("{:.1}", (100.0 * value / max).max(0.5));
            view! {
                <li>
                    <span class="bar-label">{name}</span>
                    <svg class="bar" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true">
                        <rect width=width height="1"/>
                    </svg>
                    <span class="bar-value">{format!("{value:.1} {unit}")}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="bars" aria-label=label>{rows}</ol> }
}

/// One line per series over the same labelled points, values 0 to 1 (shares).
#[component]
pub fn Lines(labels: Vec<String>, series: Vec<(String, Vec<f32>)>) -> impl IntoView {
    const W: f32 = 560.0;
    const H: f32 = 180.0;
    let n = labels.len().max(2);
    let top = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .fold(0.0f32, f32::max)
        .max(0.05);
    // Room on the right for the last month's label, centred on its point.
    let x = move |i: usize| 40.0 + (W - 90.0) * i as f32 / (n - 1) as f32;
    let y = move |v: f32| 10.0 + (H - 40.0) * (1.0 - v / top);
    let lines = series
        .iter()
        .enumerate()
        .map(|(s, (_, values))| {
            let points = svg_points(values.iter().enumerate().map(|(i, &v)| (x(i), y(v))));
            view! { <polyline class=format!("line {}", SERIES[s % SERIES.len()]) points=points/> }
        })
        .collect_view();
    let ticks = labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 0 || labels.len() <= 6)
        .map(|(i, l)| view! { <text x=x(i) y=H - 8.0 text-anchor="middle">{l.clone()}</text> })
        .collect_view();
    let label = format!(
        "Share of your listening by month, {} to {}, for {}.",
        labels.first().cloned().unwrap_or_default(),
        labels.last().cloned().unwrap_or_default(),
        series
            .iter()
            .map(|s| s.0.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    view! {
        <figure class="chart lines">
            <svg viewBox="0 0 560 180" role="img" aria-label=label>
                <text x=0 y=y(top) + 4.0>{format!("{:.0} %", top * 100.0)}</text>
                <text x=0 y=y(0.0)>"0 %"</text>
                {lines}{ticks}
            </svg>
            <Legend names=series.into_iter().map(|(name, _)| name).collect()/>
        </figure>
    }
}

/// An SVG `points` attribute: "x,y x,y …" to a tenth of a unit.
fn svg_points(points: impl Iterator<Item = (f32, f32)>) -> String {
    points
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}
