//! `claimgraph plot polarisation|backbone|network FILE... -o out.svg`: the
//! analyses as SVG charts, drawn with `plotters` (SVG text, no fonts
//! needed; every label is escaped by the backend).
//!
//! - polarisation: the score of each window over time;
//! - backbone: the annealing's current and best loss over the iterations,
//!   the temperature on a second axis;
//! - network: the one-mode network, its nodes coloured by their community,
//!   placed by a seeded Fruchterman–Reingold layout ([`layout`]).

use std::io::{self, Write};
use std::path::PathBuf;

use claimgraph_network::{NestedBackbone, NestedStep, Network, date_of};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::analyse::{
    BackboneParams, BackboneResult, ClusterParams, PolarisationParams, compute_backbone,
    compute_clusters, compute_polarisation, write_out,
};
use crate::Status;
use crate::output::{self, Escaped};

const AFTER_HELP: &str = "\
Charts:
  polarisation  the polarisation of each window (needs --window and --step):
                a point at each window's middle day joined by a line, and a
                bar under each point from the window's first to its last day;
                a hollow point where the window has too few actors with a
                tie to split (its score is 0, with a note in `analyse`); or
                of each kernel-smoothed slice (--kernel, --bandwidth and
                --step), a point at each time point
  backbone      the annealing's loss at every iteration: the current set's
                and the best so far (left axis), and the temperature (right);
                with --nested, the backbone's and the redundant set's loss
                at every backbone size, each point labelled with the target
                that left
  network       the one-mode network of `analyse clusters`, each node
                coloured by its community, edges grey (thicker for larger
                weights), laid out by Fruchterman and Reingold's force
                model from the seed (--layout-seed)

  The statements and the analysis take the options of `claimgraph analyse`;
  see `claimgraph analyse polarisation --help` and the others.

Examples:
  claimgraph plot polarisation corpus.jsonl --window 3m --step 1m --normalise -o polar.svg
  claimgraph plot polarisation corpus.jsonl --kernel gaussian --bandwidth 30d --step 7d -o polar.svg
  claimgraph plot backbone corpus.jsonl --iterations 2000 --seed 1 -o loss.svg
  claimgraph plot network corpus.jsonl --kind congruence --seed 1 -o clusters.svg";

/// Draw an analysis as an SVG chart
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    #[command(subcommand)]
    pub chart: Chart,
}

/// The charts.
#[derive(Debug, clap::Subcommand)]
pub enum Chart {
    /// Polarisation over time, one point per window or kernel slice
    Polarisation(Box<PolarisationChart>),
    /// The backbone search's loss over the iterations
    Backbone(Box<BackboneChart>),
    /// The network with its communities coloured
    Network(Box<NetworkChart>),
}

/// The SVG file and its size.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Chart")]
pub struct ChartArgs {
    /// The SVG file to write (- is standard output)
    #[arg(short, long, value_name = "FILE", required = true)]
    pub output: PathBuf,

    /// The width in pixels
    #[arg(long, value_name = "PX", default_value_t = 900)]
    pub width: u32,

    /// The height in pixels
    #[arg(long, value_name = "PX", default_value_t = 560)]
    pub height: u32,

    /// The title above the chart
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
}

/// `plot polarisation`.
#[derive(Debug, clap::Args)]
pub struct PolarisationChart {
    #[command(flatten)]
    pub params: PolarisationParams,
    #[command(flatten)]
    pub chart: ChartArgs,
}

/// `plot backbone`.
#[derive(Debug, clap::Args)]
pub struct BackboneChart {
    #[command(flatten)]
    pub params: BackboneParams,
    #[command(flatten)]
    pub chart: ChartArgs,
}

/// `plot network`.
#[derive(Debug, clap::Args)]
pub struct NetworkChart {
    #[command(flatten)]
    pub params: ClusterParams,

    /// The seed of the layout's starting positions
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub layout_seed: u64,

    /// The layout's iterations
    #[arg(long, value_name = "N", default_value_t = 300)]
    pub layout_iterations: usize,

    /// Refuse a network of more nodes (the layout costs the square of the
    /// nodes per iteration)
    #[arg(long, value_name = "N", default_value_t = 2_000)]
    pub max_nodes: usize,

    /// Draw no node labels
    #[arg(long)]
    pub no_labels: bool,

    #[command(flatten)]
    pub chart: ChartArgs,
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<Status> {
    let (chart, drawn) = match &args.chart {
        Chart::Polarisation(a) => (&a.chart, polarisation_svg(a)),
        Chart::Backbone(a) => (&a.chart, backbone_svg(a)),
        Chart::Network(a) => (&a.chart, network_svg(a)),
    };
    let (svg, summary) = match drawn {
        Ok(x) => x,
        Err(status) => return Ok(status),
    };
    let status = write_out(Some(&chart.output), |out| out.write_all(svg.as_bytes()));
    if status == Status::Success
        && let Some(path) = output::target(Some(&chart.output))
    {
        let line = format!("{}: {summary}", path.display());
        let _ = writeln!(io::stderr().lock(), "{}", Escaped(&line));
    }
    Ok(status)
}

/// A refusal of a chart's option: exit 1.
fn refuse(message: impl std::fmt::Display) -> Status {
    output::error(message);
    Status::Invalid
}

/// A chart that could not be drawn: a failure of the drawing backend.
fn drawing_failed(e: impl std::fmt::Display) -> Status {
    output::error(format_args!("cannot draw the chart: {e}"));
    Status::Trouble
}

/// Draws on a white SVG canvas of the chart's size; the SVG's text.
fn canvas(
    chart: &ChartArgs,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), Status>,
) -> Result<String, Status> {
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (chart.width, chart.height)).into_drawing_area();
        root.fill(&WHITE).map_err(drawing_failed)?;
        draw(&root)?;
        root.present().map_err(drawing_failed)?;
    }
    Ok(svg)
}

/// A chart with its title and room for the axes' labels.
fn axes<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    title: &str,
) -> ChartBuilder<'a, 'b, SVGBackend<'b>> {
    let mut builder = ChartBuilder::on(root);
    builder
        .caption(title, ("sans-serif", 20))
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(60);
    builder
}

/// The series' legend, boxed, in the upper right corner.
fn legend<'a, 'b>(
    chart: &mut ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
) -> Result<(), Status>
where
    'b: 'a,
{
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(drawing_failed)
}

fn check_size(chart: &ChartArgs) -> Result<(), Status> {
    for (flag, px) in [("--width", chart.width), ("--height", chart.height)] {
        if !(100..=20_000).contains(&px) {
            return Err(refuse(format_args!(
                "{flag}: {px} pixels is outside 100 to 20000"
            )));
        }
    }
    Ok(())
}

/// The colours of communities and series, distinguishable in print.
const COLOURS: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
    RGBColor(127, 127, 127),
];

/// The colour of community `i`: the last one for the 10th and beyond.
fn colour(i: usize) -> RGBColor {
    COLOURS[i.min(COLOURS.len() - 1)]
}

/// The range `lo..hi` widened by a margin, and made non-empty.
fn padded(lo: f64, hi: f64) -> std::ops::Range<f64> {
    let span = hi - lo;
    let pad = if span > 0.0 {
        span * 0.05
    } else {
        lo.abs().max(1.0) * 0.05
    };
    (lo - pad)..(hi + pad)
}

/// A range of days with a margin: a twentieth of the span each side, or a
/// day when every point falls on one day (a margin in proportion to the day
/// number itself would span centuries).
fn padded_days(lo: f64, hi: f64) -> std::ops::Range<f64> {
    if hi > lo {
        padded(lo, hi)
    } else {
        (lo - 1.0)..(hi + 1.0)
    }
}

/// A tick on an axis of days: the date at a whole day, nothing between two.
fn day_label(day: f64) -> String {
    if (day - day.round()).abs() > 1e-9 {
        return String::new();
    }
    date_of(day.round() as i32).map_or_else(String::new, |d| d.to_string())
}

/// A tick on an axis spanning `span`: as many decimals as tell the ticks
/// apart (two significant digits of the span), in scientific form when the
/// span is too small or too large for that.
fn tick_label(v: f64, span: f64) -> String {
    if !(span.is_finite() && span > 0.0) {
        return format!("{v}");
    }
    let magnitude = span.log10().floor();
    if !(-4.0..=6.0).contains(&magnitude) {
        return format!("{v:.2e}");
    }
    let decimals = (1.0 - magnitude).max(0.0) as usize;
    format!("{v:.decimals$}")
}

fn polarisation_svg(a: &PolarisationChart) -> Result<(String, String), Status> {
    check_size(&a.chart)?;
    if a.params.time.window.is_none() && a.params.time.kernel.is_none() {
        return Err(refuse(
            "--window: the chart is polarisation over time; give --window and --step, such as --window 3m --step 1m, or --kernel, --bandwidth and --step",
        ));
    }
    let sliced = a.params.time.kernel.is_some();
    let (unit, units) = if sliced {
        ("slice", "slices")
    } else {
        ("window", "windows")
    };
    let results = compute_polarisation(&a.params, Some(&a.chart.output))?;
    // (first, middle, last day, score) of every dated window, and whether
    // it has a note (too few actors with a tie to split: its score is 0).
    type Marks = (Vec<(f64, f64, f64, f64)>, Vec<bool>);
    let (points, noted): Marks = results
        .iter()
        .filter_map(|r| {
            let (f, l) = (f64::from(r.first_day?), f64::from(r.last_day?));
            r.score
                .is_finite()
                .then_some(((f, (f + l) / 2.0, l, r.score), r.note.is_some()))
        })
        .unzip();
    if points.is_empty() {
        return Err(refuse(format!(
            "--{}: no {unit} has a polarisation score to draw",
            if sliced { "kernel" } else { "window" }
        )));
    }
    let x_lo = points.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let x_hi = points.iter().map(|p| p.2).fold(f64::NEG_INFINITY, f64::max);
    let y_hi = points.iter().map(|p| p.3).fold(0.0, f64::max);
    let y_lo = points.iter().map(|p| p.3).fold(0.0, f64::min);
    let normalised = a.params.normalise;
    let title = a.chart.title.clone().unwrap_or_else(|| {
        format!(
            "Polarisation over time ({} groups, {} {units})",
            a.params.groups,
            points.len()
        )
    });
    let svg = canvas(&a.chart, |root| {
        let mut chart = axes(root, &title)
            .build_cartesian_2d(padded_days(x_lo, x_hi), padded(y_lo, y_hi))
            .map_err(drawing_failed)?;
        chart
            .configure_mesh()
            .x_labels(6)
            .x_label_formatter(&|x| day_label(*x))
            .y_label_formatter(&|y| tick_label(*y, y_hi - y_lo))
            .x_desc(if sliced {
                "time point of the kernel-smoothed slice"
            } else {
                "window (middle day; bars: first to last day)"
            })
            .y_desc(if normalised {
                "polarisation (P/M)"
            } else {
                "polarisation (P)"
            })
            .draw()
            .map_err(drawing_failed)?;
        let bar = colour(0).mix(0.35).stroke_width(3);
        chart
            .draw_series(
                points
                    .iter()
                    .map(|&(f, _, l, y)| PathElement::new(vec![(f, y), (l, y)], bar)),
            )
            .map_err(drawing_failed)?;
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|&(_, m, _, y)| (m, y)),
                colour(0).stroke_width(2),
            ))
            .map_err(drawing_failed)?
            .label("polarisation")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], colour(0)));
        chart
            .draw_series(points.iter().zip(&noted).map(|(&(_, m, _, y), &note)| {
                let style = if note {
                    colour(0).stroke_width(1)
                } else {
                    colour(0).filled()
                };
                Circle::new((m, y), 4, style)
            }))
            .map_err(drawing_failed)?;
        Ok(())
    })?;
    let summary = format!("{} {units} drawn", points.len());
    Ok((svg, summary))
}

/// The nested backbone: the backbone's and the redundant set's loss at
/// every backbone size, each backbone point labelled with the target that
/// left it.
fn nested_svg(a: &BackboneChart, found: &NestedBackbone) -> Result<(String, String), Status> {
    let steps = &found.steps;
    let c = steps.len() as f64;
    let hi = steps
        .iter()
        .flat_map(|s| [s.backbone_loss, s.redundant_loss])
        .filter(|x| x.is_finite())
        .fold(0.0, f64::max);
    let items = found.items();
    let title = a.chart.title.clone().unwrap_or_else(|| {
        format!(
            "Nested backbone: {} {items}, the least needed removed first",
            steps.len()
        )
    });
    let x_desc = format!("backbone size ({items} left)");
    let svg = canvas(&a.chart, |root| {
        // Room above the lines for the legend.
        let mut chart = axes(root, &title)
            .build_cartesian_2d(-0.5..c - 0.5, padded(0.0, hi * 1.2))
            .map_err(drawing_failed)?;
        chart
            .configure_mesh()
            .x_labels(steps.len() + 1)
            .x_desc(x_desc.as_str())
            .y_desc("loss")
            // Sizes are whole numbers: a tick between two has no label.
            .x_label_formatter(&|x| {
                let size = x.round();
                if (x - size).abs() < 1e-9 && size >= 0.0 {
                    format!("{}", size as u64)
                } else {
                    String::new()
                }
            })
            .draw()
            .map_err(drawing_failed)?;
        let (kept, spare) = (colour(0), colour(3));
        let at = |s: &NestedStep| s.backbone_size as f64;
        chart
            .draw_series(LineSeries::new(
                steps.iter().map(|s| (at(s), s.backbone_loss)),
                kept.stroke_width(2),
            ))
            .map_err(drawing_failed)?
            .label("backbone loss")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], kept));
        chart
            .draw_series(LineSeries::new(
                steps.iter().map(|s| (at(s), s.redundant_loss)),
                spare,
            ))
            .map_err(drawing_failed)?
            .label("redundant loss")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], spare));
        chart
            .draw_series(
                steps
                    .iter()
                    .map(|s| Circle::new((at(s), s.backbone_loss), 4, kept.filled())),
            )
            .map_err(drawing_failed)?;
        // The target that left at each size, upright beside its point: above
        // a point in the lower half, below one in the upper half, so that
        // the label stays in the picture.
        chart
            .draw_series(steps.iter().map(|s| {
                let (y, from) = if s.backbone_loss > hi / 2.0 {
                    (s.backbone_loss - hi * 0.03, HPos::Right)
                } else {
                    (s.backbone_loss + hi * 0.03, HPos::Left)
                };
                Text::new(
                    s.removed.label.to_string(),
                    (at(s), y),
                    ("sans-serif", 11)
                        .into_font()
                        .color(&BLACK)
                        .transform(FontTransform::Rotate270)
                        .pos(Pos::new(from, VPos::Bottom)),
                )
            }))
            .map_err(drawing_failed)?;
        legend(&mut chart)
    })?;
    Ok((svg, format!("{} steps drawn", steps.len())))
}

fn backbone_svg(a: &BackboneChart) -> Result<(String, String), Status> {
    check_size(&a.chart)?;
    let found = match compute_backbone(&a.params, &[], Some(&a.chart.output))? {
        BackboneResult::Searched(b) => b,
        BackboneResult::Nested(b) => return nested_svg(a, &b),
        BackboneResult::Evaluated(_) => return Err(drawing_failed("no search to draw")),
    };
    let d = &found.diagnostics;
    let n = d.len() as f64;
    let losses = d.iter().flat_map(|i| [i.current_loss, i.best_loss]);
    let (lo, hi) = losses
        .filter(|x| x.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(x), hi.max(x))
        });
    if !lo.is_finite() {
        return Err(drawing_failed("the search reported no finite loss"));
    }
    let title = a.chart.title.clone().unwrap_or_else(|| {
        format!(
            "Backbone search: {} of {} targets, loss {:.4}",
            found.split.backbone.len(),
            found.split.backbone.len() + found.split.redundant.len(),
            found
                .split
                .penalized_loss
                .unwrap_or(found.split.backbone_loss)
        )
    });
    let svg = canvas(&a.chart, |root| {
        let mut chart = axes(root, &title)
            .right_y_label_area_size(60)
            .build_cartesian_2d(0.0..n.max(1.0), padded(lo.min(0.0), hi))
            .map_err(drawing_failed)?
            .set_secondary_coord(0.0..n.max(1.0), 0.0..1.0);
        chart
            .configure_mesh()
            .x_desc("iteration")
            .y_desc(if found.split.penalized_loss.is_some() {
                "loss (penalised)"
            } else {
                "loss"
            })
            .draw()
            .map_err(drawing_failed)?;
        chart
            .configure_secondary_axes()
            .y_desc("temperature")
            .draw()
            .map_err(drawing_failed)?;
        let (current, best, heat) = (colour(0), colour(3), colour(9));
        chart
            .draw_secondary_series(LineSeries::new(
                d.iter().map(|i| (i.iteration as f64, i.temperature)),
                heat.mix(0.6),
            ))
            .map_err(drawing_failed)?
            .label("temperature (right)")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], heat));
        chart
            .draw_series(LineSeries::new(
                d.iter().map(|i| (i.iteration as f64, i.current_loss)),
                current,
            ))
            .map_err(drawing_failed)?
            .label("current loss")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], current));
        chart
            .draw_series(LineSeries::new(
                d.iter().map(|i| (i.iteration as f64, i.best_loss)),
                best.stroke_width(2),
            ))
            .map_err(drawing_failed)?
            .label("best loss")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], best));
        legend(&mut chart)
    })?;
    Ok((svg, format!("{} iterations drawn", d.len())))
}

fn network_svg(a: &NetworkChart) -> Result<(String, String), Status> {
    check_size(&a.chart)?;
    if a.layout_iterations == 0 {
        return Err(refuse("--layout-iterations: must be at least 1"));
    }
    let (net, found) = compute_clusters(&a.params, Some(&a.chart.output))?;
    let nodes = net.nodes().len();
    if nodes > a.max_nodes {
        return Err(refuse(format_args!(
            "--max-nodes: the network has {nodes} nodes, more than {}; filter the statements (--min-frequency) or raise --max-nodes",
            a.max_nodes
        )));
    }
    let at = layout(&net, a.layout_seed, a.layout_iterations);
    let (w, h) = (f64::from(a.chart.width), f64::from(a.chart.height));
    let top = 40.0;
    let margin = 60.0;
    let px = |(x, y): (f64, f64)| -> (i32, i32) {
        (
            (margin + (x + 0.5) * (w - 2.0 * margin)).round() as i32,
            (top + margin / 2.0 + (y + 0.5) * (h - top - 1.5 * margin)).round() as i32,
        )
    };
    let max_weight = net
        .edges()
        .iter()
        .map(|e| e.weight.abs())
        .fold(0.0, f64::max);
    let title = a.chart.title.clone().unwrap_or_else(|| {
        format!(
            "{} communities ({}), modularity {:.3}",
            found.communities.len(),
            found.options.method.as_str(),
            found.modularity
        )
    });
    let svg = canvas(&a.chart, |root| {
        root.draw(&Text::new(
            title,
            ((w / 2.0) as i32, 12),
            ("sans-serif", 20).into_font().color(&BLACK).pos(
                plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Top,
                ),
            ),
        ))
        .map_err(drawing_failed)?;
        for e in net.edges() {
            let share = if max_weight > 0.0 {
                e.weight.abs() / max_weight
            } else {
                0.0
            };
            let style = if e.weight < 0.0 {
                colour(3).mix(0.15 + 0.35 * share)
            } else {
                BLACK.mix(0.08 + 0.32 * share)
            };
            let width = 1 + (share * 3.0).round() as u32;
            root.draw(&PathElement::new(
                vec![px(at[e.a as usize]), px(at[e.b as usize])],
                style.stroke_width(width),
            ))
            .map_err(drawing_failed)?;
        }
        for (i, node) in net.nodes().iter().enumerate() {
            let community = found.members.get(i).map_or(0, |m| m.community);
            let p = px(at[i]);
            root.draw(&Circle::new(p, 6, colour(community).filled()))
                .map_err(drawing_failed)?;
            root.draw(&Circle::new(p, 6, BLACK.mix(0.6)))
                .map_err(drawing_failed)?;
            if !a.no_labels {
                // Labels point away from the middle, so that they stay in the picture.
                let right = at[i].0 <= 0.0;
                let (x, h) = if right {
                    (p.0 + 9, HPos::Left)
                } else {
                    (p.0 - 9, HPos::Right)
                };
                root.draw(&Text::new(
                    node.label.to_string(),
                    (x, p.1),
                    ("sans-serif", 11)
                        .into_font()
                        .color(&BLACK)
                        .pos(Pos::new(h, VPos::Center)),
                ))
                .map_err(drawing_failed)?;
            }
        }
        Ok(())
    })?;
    Ok((
        svg,
        format!(
            "{nodes} nodes in {} communities, {} edges drawn",
            found.communities.len(),
            net.edges().len()
        ),
    ))
}

/// The positions of the network's nodes in [−0.5, 0.5]², by the force
/// model of Fruchterman and Reingold (1991), "Graph drawing by
/// force-directed placement": with k = √(1/n), nodes repel with force
/// k²/d, an edge of weight w pulls its ends with (w / w_max) · d²/k
/// (negative weights do not pull), each node moves at most the
/// temperature t, which cools linearly from 0.1 to 0, and stays in the
/// frame. A weak pull to the centre, 0.05·k·d, keeps components apart
/// but in view. The starting positions come from `seed` (SplitMix64, our
/// own small generator), so the same seed gives the same picture.
///
/// Cost: O(iterations · (n² + m)) for n nodes and m edges; memory O(n).
pub fn layout(net: &Network, seed: u64, iterations: usize) -> Vec<(f64, f64)> {
    let n = net.nodes().len();
    let mut state = seed;
    let mut next = || {
        // SplitMix64 (Steele, Lea and Flood 2014), as a unit float.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    let mut pos: Vec<(f64, f64)> = (0..n).map(|_| (next(), next())).collect();
    if n < 2 {
        return vec![(0.0, 0.0); n];
    }
    let k = (1.0 / n as f64).sqrt();
    let max_weight = net.edges().iter().map(|e| e.weight).fold(0.0, f64::max);
    let mut shift = vec![(0.0f64, 0.0f64); n];
    for it in 0..iterations {
        let t = 0.1 * (1.0 - it as f64 / iterations as f64);
        shift.iter_mut().for_each(|s| *s = (0.0, 0.0));
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d2 = (dx * dx + dy * dy).max(1e-9);
                let f = k * k / d2; // (k²/d) along the unit vector (dx, dy)/d
                shift[i].0 += dx * f;
                shift[i].1 += dy * f;
                shift[j].0 -= dx * f;
                shift[j].1 -= dy * f;
            }
        }
        if max_weight > 0.0 {
            for e in net.edges() {
                if e.weight <= 0.0 {
                    continue;
                }
                let (a, b) = (e.a as usize, e.b as usize);
                let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
                let d = (dx * dx + dy * dy).sqrt();
                let f = e.weight / max_weight * d / k; // (d²/k) along (dx, dy)/d
                shift[a].0 -= dx * f;
                shift[a].1 -= dy * f;
                shift[b].0 += dx * f;
                shift[b].1 += dy * f;
            }
        }
        for (p, s) in pos.iter_mut().zip(&shift) {
            let (sx, sy) = (s.0 - 0.05 * k * p.0, s.1 - 0.05 * k * p.1);
            let len = (sx * sx + sy * sy).sqrt();
            if len > 0.0 {
                let step = len.min(t) / len;
                p.0 = (p.0 + sx * step).clamp(-0.5, 0.5);
                p.1 = (p.1 + sy * step).clamp(-0.5, 0.5);
            }
        }
    }
    // Fill the frame: scale the bounding box to [−0.5, 0.5]².
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in &pos {
        (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
    }
    let scale = |v: f64, lo: f64, hi: f64| {
        if hi > lo {
            (v - lo) / (hi - lo) - 0.5
        } else {
            0.0
        }
    };
    pos.iter()
        .map(|&(x, y)| (scale(x, x0, x1), scale(y, y0, y1)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use claimgraph_core::{ActorKind, DatasetBuilder, Position};
    use claimgraph_network::{NetworkOptions, Statements, network};

    fn two_camps() -> Network {
        let mut b = DatasetBuilder::new();
        let plan = b.proposal("plan", "Plan").id();
        let other = b.proposal("other", "Other").id();
        for (id, camp) in [("a", 0), ("b", 0), ("c", 0), ("x", 1), ("y", 1), ("z", 1)] {
            let actor = b.actor(id, id, ActorKind::State).id();
            let target = if camp == 0 { &plan } else { &other };
            b.stance(&format!("{id}-s"), &actor, target, Position::Supports);
        }
        let st = Statements::from_dataset(&b.build().expect("a valid dataset"));
        network(&st, &NetworkOptions::congruence()).expect("a network")
    }

    #[test]
    fn layout_is_seeded_and_in_the_frame() {
        let net = two_camps();
        let a = layout(&net, 7, 200);
        assert_eq!(a, layout(&net, 7, 200));
        assert_ne!(a, layout(&net, 8, 200));
        assert!(
            a.iter()
                .all(|&(x, y)| (-0.5..=0.5).contains(&x) && (-0.5..=0.5).contains(&y))
        );
    }

    #[test]
    fn layout_puts_linked_nodes_nearer_than_unlinked() {
        let net = two_camps();
        let at = layout(&net, 3, 300);
        let id = |s: &str| {
            net.nodes()
                .iter()
                .position(|n| &*n.id == s)
                .expect("a node")
        };
        let d = |p: (f64, f64), q: (f64, f64)| ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
        let within = d(at[id("a")], at[id("b")]);
        let across = d(at[id("a")], at[id("x")]);
        assert!(within < across, "within {within}, across {across}");
    }

    #[test]
    fn layout_fills_the_frame() {
        let at = layout(&two_camps(), 11, 50);
        let span = |f: fn(&(f64, f64)) -> f64| {
            let v: Vec<f64> = at.iter().map(f).collect();
            v.iter().copied().fold(f64::MIN, f64::max) - v.iter().copied().fold(f64::MAX, f64::min)
        };
        assert!((span(|p| p.0) - 1.0).abs() < 1e-12);
        assert!((span(|p| p.1) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn ticks_tell_their_values_apart_and_days_fall_on_whole_days() {
        assert_eq!(tick_label(0.7, 0.75), "0.70");
        assert_eq!(tick_label(12.5, 40.0), "12");
        assert_eq!(tick_label(3.5e-11, 3.6e-11), "3.50e-11");
        assert_eq!(tick_label(0.0, 0.0), "0");
        assert_eq!(day_label(12_000.5), "");
        assert!(!day_label(12_000.0).is_empty());
        // One point in time: a day either side, not a share of the day number.
        assert_eq!(padded_days(12_000.0, 12_000.0), 11_999.0..12_001.0);
        assert_eq!(padded_days(0.0, 20.0), -1.0..21.0);
    }
}
