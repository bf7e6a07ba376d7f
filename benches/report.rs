//! Criterion's estimates as a Markdown table and SVG plots.
//!
//! Criterion writes `<criterion>/<benchmark>/new/benchmark.json` (the id) and `estimates.json`
//! (in nanoseconds) for every benchmark it ran. [`write`](fn@write) reads all of them, whichever run they
//! came from, and writes `figures.md` (every benchmark: median and its 95% confidence interval)
//! and the plots of [`PLOTS`].

use plotters::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One benchmark's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// Criterion's group, such as `compose`.
    pub group: String,
    /// The function within the group, such as `services`.
    pub function: Option<String>,
    /// The parameter, such as `1000`.
    pub value: Option<String>,
    /// The median time of one iteration, in seconds.
    pub median: f64,
    /// The 95% confidence interval of the median, in seconds.
    pub interval: (f64, f64),
}

impl Estimate {
    /// `group/function/value`, the id criterion prints.
    pub fn id(&self) -> String {
        [Some(self.group.as_str()), self.function.as_deref(), self.value.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The parameter as a number, when it is one (a count of services or versions).
    pub fn count(&self) -> Option<f64> {
        self.value.as_deref()?.parse().ok()
    }
}

/// One plot: time against a count, one line per benchmark function.
pub struct Plot {
    /// The SVG file's name.
    pub file: &'static str,
    /// Its title.
    pub title: &'static str,
    /// What the horizontal axis counts.
    pub x_label: &'static str,
    /// `(group, function, legend)` of each line.
    pub series: &'static [(&'static str, &'static str, &'static str)],
}

/// The plots of `docs/benchmarks/`.
pub const PLOTS: &[Plot] = &[
    Plot {
        file: "services.svg",
        title: "Composing and checking a stack (in process)",
        x_label: "services in the stack",
        series: &[
            ("compose", "services", "compose: parse, check, emit"),
            ("check", "services", "check: parse, compose, judge, report"),
        ],
    },
    Plot {
        file: "versions.svg",
        title: "Publishing module versions",
        x_label: "versions",
        series: &[
            ("publish", "batch", "publish_many of N versions"),
            ("publish", "tar-czf+sha256sum", "tar czf + sha256sum per version"),
            ("publish", "add-one-to", "publish one version to N versions of its module"),
            ("publish", "add-one-to-modules", "publish one version to a registry of N modules"),
        ],
    },
];

/// Every estimate under `criterion` (criterion's output folder), sorted by group, function and
/// numeric value.
pub fn read_estimates(criterion: &Path) -> Vec<Estimate> {
    let mut found = Vec::new();
    collect(criterion, &mut found);
    found.sort_by(|left, right| {
        (&left.group, &left.function, left.count().unwrap_or(f64::MAX), &left.value)
            .partial_cmp(&(&right.group, &right.function, right.count().unwrap_or(f64::MAX), &right.value))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    found
}

fn collect(folder: &Path, found: &mut Vec<Estimate>) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|name| name == "new") {
            if let Some(estimate) = read_estimate(&path) {
                found.push(estimate);
            }
        } else if path.file_name().is_none_or(|name| name != "base" && name != "change") {
            collect(&path, found);
        }
    }
}

fn read_json(path: PathBuf) -> Option<Value> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

fn read_estimate(folder: &Path) -> Option<Estimate> {
    let id = read_json(folder.join("benchmark.json"))?;
    let estimates = read_json(folder.join("estimates.json"))?;
    let median = &estimates["median"];
    let nanoseconds = |value: &Value| value.as_f64().map(|value| value / 1e9);
    let text = |key: &str| id[key].as_str().map(str::to_owned);
    Some(Estimate {
        group: text("group_id")?,
        function: text("function_id"),
        value: text("value_str"),
        median: nanoseconds(&median["point_estimate"])?,
        interval: (
            nanoseconds(&median["confidence_interval"]["lower_bound"])?,
            nanoseconds(&median["confidence_interval"]["upper_bound"])?,
        ),
    })
}

/// A duration for people: `12.3 µs`, `4.56 ms`, `1.23 s`.
pub fn human(seconds: f64) -> String {
    match seconds {
        s if s < 1e-3 => format!("{:.1} µs", s * 1e6),
        s if s < 1.0 => format!("{:.2} ms", s * 1e3),
        s => format!("{s:.2} s"),
    }
}

/// The Markdown table of every estimate.
pub fn table(estimates: &[Estimate]) -> String {
    let mut text = String::from("| Benchmark | Median | 95% interval of the median |\n|---|---:|---|\n");
    for estimate in estimates {
        text.push_str(&format!(
            "| `{}` | {} | {} – {} |\n",
            estimate.id(),
            human(estimate.median),
            human(estimate.interval.0),
            human(estimate.interval.1)
        ));
    }
    text
}

/// Why a plot could not be drawn.
#[derive(Debug)]
pub struct PlotError(String);

impl std::fmt::Display for PlotError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl std::error::Error for PlotError {}

fn plot_error(error: impl std::fmt::Display) -> PlotError {
    PlotError(error.to_string())
}

/// The points of one line: `(count, median in milliseconds)`.
fn points(estimates: &[Estimate], group: &str, function: &str) -> Vec<(f64, f64)> {
    estimates
        .iter()
        .filter(|estimate| estimate.group == group && estimate.function.as_deref() == Some(function))
        .filter_map(|estimate| Some((estimate.count()?, estimate.median * 1e3)))
        .collect()
}

/// `plot` of `estimates` as SVG text (log-log axes), or `None` when no line has a point.
pub fn render_plot(plot: &Plot, estimates: &[Estimate]) -> Result<Option<String>, PlotError> {
    let lines: Vec<(&str, Vec<(f64, f64)>)> = plot
        .series
        .iter()
        .map(|(group, function, legend)| (*legend, points(estimates, group, function)))
        .filter(|(_, points)| !points.is_empty())
        .collect();
    let all = || lines.iter().flat_map(|(_, points)| points.iter());
    let Some(x_max) = all().map(|point| point.0).reduce(f64::max) else { return Ok(None) };
    let x_min = all().map(|point| point.0).reduce(f64::min).unwrap_or(1.0);
    let y_min = all().map(|point| point.1).reduce(f64::min).unwrap_or(1.0);
    let y_max = all().map(|point| point.1).reduce(f64::max).unwrap_or(1.0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (860, 520)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(plot.title, ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(80)
            .build_cartesian_2d((x_min * 0.8..x_max * 1.25).log_scale(), (y_min * 0.5..y_max * 2.0).log_scale())
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_desc(plot.x_label)
            .y_desc("median time (ms)")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| if *y < 1.0 { format!("{y:.2}") } else { format!("{y:.0}") })
            .draw()
            .map_err(plot_error)?;
        for (position, (legend, points)) in lines.iter().enumerate() {
            let color = Palette99::pick(position).to_rgba();
            chart
                .draw_series(LineSeries::new(points.iter().copied(), color.stroke_width(2)))
                .map_err(plot_error)?
                .label(*legend)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2)));
            chart.draw_series(points.iter().map(|point| Circle::new(*point, 4, color.filled()))).map_err(plot_error)?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()
            .map_err(plot_error)?;
        root.present().map_err(plot_error)?;
    }
    Ok(Some(svg))
}

/// Writes `figures.md` and the plots of [`PLOTS`] into `out` from the estimates under `criterion`;
/// returns the files written.
pub fn write(criterion: &Path, out: &Path) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    let estimates = read_estimates(criterion);
    std::fs::create_dir_all(out)?;
    let mut written = Vec::new();
    let figures = out.join("figures.md");
    std::fs::write(
        &figures,
        format!(
            "<!-- Written by `cargo bench -p paved-benches` from criterion's estimates; do not edit. -->\n\n{}",
            table(&estimates)
        ),
    )?;
    written.push(figures);
    for plot in PLOTS {
        if let Some(svg) = render_plot(plot, &estimates)? {
            let path = out.join(plot.file);
            std::fs::write(&path, svg)?;
            written.push(path);
        }
    }
    Ok(written)
}
