//! The playlist builder's controls: a low and a high slider for one audio feature, and the presets that
//! set several at once.

use attune_engine::playlist::{FeatureRange, Order, PlaylistSpec};
use attune_engine::Feature;
use leptos::prelude::*;

/// The features the builder offers, with their slider bounds and step.
pub const RANGED: [(Feature, &str, f32, f32, f32); 4] = [
    (Feature::Tempo, "Tempo", 40.0, 220.0, 1.0),
    (Feature::Energy, "Energy", 0.0, 1.0, 0.05),
    (Feature::Valence, "Mood", 0.0, 1.0, 0.05),
    (Feature::Danceability, "Danceability", 0.0, 1.0, 0.05),
];

/// The bounds of one feature's sliders.
fn bounds(feature: Feature) -> (f32, f32) {
    RANGED
        .iter()
        .find(|r| r.0 == feature)
        .map(|r| (r.2, r.3))
        .unwrap_or((0.0, 1.0))
}

/// The spec's range for a feature, or the sliders' full span when it is free.
pub fn range_of(spec: &PlaylistSpec, feature: Feature) -> (f32, f32) {
    spec.ranges
        .iter()
        .find(|r| r.feature == feature)
        .map(|r| (r.min, r.max))
        .unwrap_or_else(|| bounds(feature))
}

/// Sets a feature's range; a range over the sliders' full span leaves the feature free, so that tracks
/// with no value for it are not held to it.
pub fn set_range(spec: &mut PlaylistSpec, feature: Feature, min: f32, max: f32) {
    let (lo, hi) = bounds(feature);
    let (min, max) = (min.min(max), max.max(min));
    spec.ranges.retain(|r| r.feature != feature);
    if min > lo || max < hi {
        spec.ranges.push(FeatureRange { feature, min, max });
    }
}

/// Low and high sliders for one feature.
#[component]
pub fn RangeControl(spec: RwSignal<PlaylistSpec>, feature: Feature) -> impl IntoView {
    let (_, label, lo, hi, step) = *RANGED.iter().find(|r| r.0 == feature).expect("offered");
    let current = move || spec.with(|s| range_of(s, feature));
    let shown = move || {
        let (min, max) = current();
        match feature {
            Feature::Tempo => format!("{min:.0}–{max:.0} BPM"),
            _ => format!("{min:.2}–{max:.2}"),
        }
    };
    let slider = move |end: &'static str| {
        let value = move || {
            let (min, max) = current();
            if end == "Lowest" { min } else { max }.to_string()
        };
        view! {
            <input type="range" min=lo max=hi step=step aria-label=format!("{end} {}", label.to_lowercase())
                prop:value=value
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f32>() {
                        let (min, max) = current();
                        spec.update(|s| match end {
                            "Lowest" => set_range(s, feature, v, max.max(v)),
                            _ => set_range(s, feature, min.min(v), v),
                        });
                    }
                }/>
        }
    };
    view! {
        <fieldset class="range">
            <legend>{label}" "<output data-field=format!("range-{}", feature.name())>{shown}</output></legend>
            {slider("Lowest")}
            {slider("Highest")}
        </fieldset>
    }
}

/// A feature's range in a preset: (feature, lowest, highest).
pub type PresetRange = (Feature, f32, f32);

/// One-tap starting points: ranges and an order for an activity.
pub const PRESETS: [(&str, &[PresetRange], Order); 5] = [
    (
        "Workout",
        &[(Feature::Tempo, 120.0, 180.0), (Feature::Energy, 0.7, 1.0)],
        Order::WarmUpPeakCoolDown,
    ),
    (
        "Running",
        &[(Feature::Tempo, 150.0, 190.0), (Feature::Energy, 0.6, 1.0)],
        Order::TempoRising,
    ),
    (
        "Focus",
        &[
            (Feature::Energy, 0.0, 0.5),
            (Feature::Danceability, 0.0, 0.6),
        ],
        Order::Ranked,
    ),
    (
        "Relax",
        &[(Feature::Tempo, 60.0, 110.0), (Feature::Energy, 0.0, 0.4)],
        Order::EnergyRising,
    ),
    (
        "Party",
        &[
            (Feature::Danceability, 0.7, 1.0),
            (Feature::Energy, 0.6, 1.0),
        ],
        Order::Ranked,
    ),
];

/// Applies a preset: its ranges, every other feature free, its order.
pub fn apply_preset(spec: &mut PlaylistSpec, ranges: &[PresetRange], order: Order) {
    spec.ranges.clear();
    for &(feature, min, max) in ranges {
        set_range(spec, feature, min, max);
    }
    spec.order = order;
}
