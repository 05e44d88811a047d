//! `attune`: the engine on files. Every subcommand runs the same code and default models as the app.

mod args;
mod eval;
mod files;
mod next_track;
mod reach;
mod recommend;
mod replay;
mod stream;

use anyhow::{bail, Context, Result};
use args::{BenchArgs, BuildCatalogArgs, BuildCommunityArgs, Cli, Command, PathsArgs, SimilarArgs};
use attune_engine::community::{Community, CommunityRecommender};
use attune_engine::hybrid::HybridParams;
use attune_engine::import::{FileKind, FileOutcome};
use attune_engine::interactions::Interactions;
use attune_engine::item_content::ItemContent;
use attune_engine::tune::{tune, Target, TuneOptions};
use attune_engine::{Catalog, ContentIndex, SearchHit, Seed};
use attune_lab::catalog_source::{build_catalog, ArtistFilter};
use clap::Parser;
use std::fs::File;
use std::process::ExitCode;
use std::sync::Arc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("attune: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<()> {
    match command {
        Command::BuildCatalog(args) => build(args),
        Command::Similar(args) => similar(args),
        Command::BuildCommunity(args) => build_community(args),
        Command::Eval(args) => eval::run(args),
        Command::Recommend(args) => recommend::run(args),
        Command::Split(args) => files::split(args),
        Command::Score(args) => files::score(args),
        Command::Bench(args) => bench(args),
        Command::Import(args) => import(args),
        Command::Replay(args) => replay::run(args),
        Command::NextTrack(args) => next_track::run(args),
        Command::Reach(args) => reach::run(args),
    }
}

fn build(args: BuildCatalogArgs) -> Result<()> {
    let BuildCatalogArgs {
        tracks,
        artists,
        out,
    } = args;
    let open = |path: &str| File::open(path).with_context(|| format!("cannot open {path}"));
    let catalog = build_catalog(open(&tracks)?, open(&artists)?, ArtistFilter::default())
        .context("cannot build the catalog")?;
    let text = catalog.to_asset();
    std::fs::write(&out, &text).with_context(|| format!("cannot write {out}"))?;
    eprintln!(
        "wrote {out}: {} tracks, {} artists, {} genres, {} bytes",
        catalog.tracks.len(),
        catalog.artists.len(),
        catalog.genres.len(),
        text.len()
    );
    Ok(())
}

fn import(args: PathsArgs) -> Result<()> {
    let paths = args.paths;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs() as i64;
    let paths: Vec<&std::path::Path> = paths.iter().map(std::path::Path::new).collect();
    let result = attune_engine::import::import_paths(&paths, now);
    let mut summary = result.summary().to_json();
    let files: Vec<serde_json::Value> = result
        .files
        .iter()
        .map(|f| {
            let (status, detail) = match &f.outcome {
                FileOutcome::Imported { records, .. }
                    if FileKind::of(&f.name) == FileKind::LibraryOrPlaylists =>
                {
                    (
                        "imported",
                        format!("{records} saved tracks, artists and playlists"),
                    )
                }
                FileOutcome::Imported { records, plays } => {
                    ("imported", format!("{plays} of {records} records"))
                }
                FileOutcome::Skipped { why } => ("skipped", why.clone()),
                FileOutcome::Failed(err) => {
                    eprintln!("attune: {err}");
                    ("failed", err.to_string())
                }
            };
            serde_json::json!({ "file": f.name, "status": status, "detail": detail })
        })
        .collect();
    summary["files"] = files.into();
    let library = &result.library;
    summary["saved_tracks"] = library.saved_tracks.len().into();
    summary["saved_artists"] = library.saved_artists.len().into();
    summary["playlists"] = library.playlists.len().into();
    println!("{summary}");
    if !result
        .files
        .iter()
        .any(|f| matches!(f.outcome, FileOutcome::Imported { .. }))
    {
        bail!("no listening history could be imported");
    }
    Ok(())
}

/// The community the app ships, as factors.
pub(crate) const SHIPPED_COMMUNITY: &str = "public/community/lastfm-2k.factors";

/// The community model as the app's worker loads it: a factor asset joined to the catalog.
pub(crate) fn shipped_community(
    index: Arc<ContentIndex>,
    path: &str,
) -> Result<CommunityRecommender> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    let shipped =
        attune_engine::shipped::read(&text).with_context(|| format!("cannot load {path}"))?;
    Ok(CommunityRecommender::from_shipped(index, shipped))
}

/// A clock in milliseconds from now, as the engine's benchmarks take it.
fn milliseconds() -> impl Fn() -> f64 {
    let start = std::time::Instant::now();
    move || start.elapsed().as_secs_f64() * 1e3
}

fn bench(args: BenchArgs) -> Result<()> {
    let BenchArgs {
        data,
        repeats,
        write_synthetic,
        rerank: rerank_catalog,
        colisten,
        artists,
        community_load,
    } = args;
    if community_load {
        return bench_community_load(repeats);
    }
    if artists {
        let index = Arc::new(ContentIndex::new(
            Catalog::from_asset(&std::fs::read_to_string("public/catalog/catalog.txt")?)?,
            Default::default(),
        ));
        let model = shipped_community(index, SHIPPED_COMMUNITY)?;
        let (anchor, made) =
            attune_lab::bench::artists_run(&model, repeats.max(20), milliseconds());
        println!(
            "{{\"runtime\":\"native\",\"bench\":\"artists\",\"anchor_for_you_ms\":{anchor:.2},\"artists_for_you_ms\":{made:.2},\"ratio\":{:.2}}}",
            made / anchor
        );
        return Ok(());
    }
    if colisten {
        let (plays, tracks) = attune_lab::bench::COLISTEN_SHAPE;
        let history = attune_lab::bench::synthetic_history(plays, tracks, 7);
        let (anchor, built) =
            attune_lab::bench::colisten_run(&history, repeats.max(5), milliseconds());
        println!(
            "{{\"runtime\":\"native\",\"bench\":\"colisten\",\"plays\":{plays},\"anchor_summary_ms\":{anchor:.2},\"colisten_ms\":{built:.2},\"ratio\":{:.2}}}",
            built / anchor
        );
        return Ok(());
    }
    if let Some(path) = rerank_catalog {
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
        let index = attune_engine::ContentIndex::new(
            attune_engine::Catalog::from_asset(&text)?,
            Default::default(),
        );
        let (anchor, rerank) =
            attune_lab::bench::rerank_run(&index, repeats.max(50), milliseconds());
        println!(
            "{{\"runtime\":\"native\",\"bench\":\"rerank\",\"anchor_content_60_ms\":{anchor:.3},\"rerank_60_to_20_ms\":{rerank:.3},\"ratio\":{:.2}}}",
            rerank / anchor
        );
        return Ok(());
    }
    if let Some(path) = write_synthetic {
        // The same matrix as a file, so that another library can be timed on identical data.
        let (users, items, nnz) = attune_lab::bench::HETREC_SHAPE;
        let plays = attune_lab::bench::synthetic_plays(users, items, nnz, 7);
        let mut out = std::io::BufWriter::new(
            File::create(&path).with_context(|| format!("cannot create {path}"))?,
        );
        for u in 0..plays.n_rows() {
            let (items, weights) = plays.row(u);
            for (i, w) in items.iter().zip(weights) {
                std::io::Write::write_fmt(&mut out, format_args!("u{u}\ti{i}\t{w}\n"))?;
            }
        }
        return Ok(());
    }
    let (plays, source) = match &data {
        Some(path) => {
            let file = File::open(path).with_context(|| format!("cannot open {path}"))?;
            (
                Interactions::read_tsv(std::io::BufReader::new(file), path)?.matrix,
                path.clone(),
            )
        }
        None => {
            let (users, items, nnz) = attune_lab::bench::HETREC_SHAPE;
            (
                attune_lab::bench::synthetic_plays(users, items, nnz, 7),
                "synthetic-hetrec-shape".into(),
            )
        }
    };
    let report = attune_lab::bench::run(&plays.map_values(f32::ln_1p), repeats, milliseconds());
    println!(
        "{{\"runtime\":\"native\",\"data\":\"{source}\",\"report\":{}}}",
        report.to_json()
    );
    Ok(())
}

/// The shipped community asset (the anchor) and a generated one of 10^5 artists, each read, folded into
/// and scored; with the process's peak memory before and after reading the large one (Linux).
fn bench_community_load(repeats: usize) -> Result<()> {
    use attune_lab::community_load::{load_run, synthetic_factor_asset, LARGE_COMMUNITY};
    let shipped = std::fs::read_to_string(SHIPPED_COMMUNITY)
        .with_context(|| format!("cannot read {SHIPPED_COMMUNITY}"))?;
    let anchor = load_run(&shipped, repeats, milliseconds());
    let (items, factors, neighbours) = LARGE_COMMUNITY;
    let large = synthetic_factor_asset(items, factors, neighbours, 7);
    let peak_before = peak_memory_mb();
    let measured = load_run(&large, repeats, milliseconds());
    let peak_after = peak_memory_mb();
    println!(
        "{{\"runtime\":\"native\",\"bench\":\"community-load\",\"shipped\":{},\"large\":{},\"large_text_mb\":{:.1},\"peak_mb_before_read\":{},\"peak_mb_after\":{},\"read_ratio\":{:.1}}}",
        anchor.to_json(),
        measured.to_json(),
        large.len() as f64 / 1e6,
        peak_before.map_or("null".into(), |m| format!("{m:.0}")),
        peak_after.map_or("null".into(), |m| format!("{m:.0}")),
        measured.read_ms / anchor.read_ms
    );
    Ok(())
}

/// The process's peak resident memory in MB (Linux's VmHWM), where the system says.
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn build_community(args: BuildCommunityArgs) -> Result<()> {
    let BuildCommunityArgs {
        user_artists: plays,
        artists,
        catalog,
        no_tune,
        out,
    } = args;
    let read =
        |path: &str| std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"));
    // Artists with one listener link no one to anyone, and they are most of HetRec's artists.
    let community = Community::from_hetrec(&read(&plays)?, &read(&artists)?, 2)?;
    let params = if no_tune {
        HybridParams::default()
    } else {
        // Chosen once, here, for listeners folded in as the app folds them, with the catalog's content.
        let catalog = Catalog::from_asset(&read(&catalog)?)
            .with_context(|| format!("cannot load {catalog}"))?;
        let index = Arc::new(ContentIndex::new(catalog, Default::default()));
        let options = TuneOptions {
            target: Target::FoldIn,
            content: Some(Arc::new(ItemContent::for_artists(
                index,
                &community.artists,
            ))),
            ..Default::default()
        };
        let tuned = tune(&community.plays.map_values(f32::ln_1p), &options).context("tuning")?;
        eprintln!("{tuned}");
        tuned.params
    };
    let text = community.factor_asset(params).context("training")?;
    std::fs::write(&out, &text).with_context(|| format!("cannot write {out}"))?;
    eprintln!(
        "wrote {out}: the model of {} listeners, {} artists, {} play counts as factors, {} bytes",
        community.plays.n_rows(),
        community.artists.len(),
        community.plays.nnz(),
        text.len()
    );
    Ok(())
}

fn similar(args: SimilarArgs) -> Result<()> {
    let SimilarArgs {
        catalog: path,
        community,
        seeds,
        k,
        discovery,
    } = args;
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
    let catalog = Catalog::from_asset(&text).with_context(|| format!("cannot load {path}"))?;
    let seeds = seeds
        .iter()
        .map(|name| match catalog.search(name, 1).first() {
            Some(SearchHit::Track(t)) => Ok(Seed::Track(*t)),
            Some(SearchHit::Artist(a)) => Ok(Seed::Artist(*a)),
            None => bail!("no track or artist in the catalog matches {name:?}"),
        })
        .collect::<Result<Vec<_>>>()?;
    let index = Arc::new(ContentIndex::new(catalog, Default::default()));
    let recs = match community {
        Some(path) => shipped_community(index.clone(), &path)?.recommend(&seeds, k, discovery),
        None => index.diversify(index.recommend(&seeds, 2 * k), k, discovery),
    };
    let catalog = index.catalog();
    for (rank, rec) in recs.iter().enumerate() {
        let track = catalog.track(rec.item);
        println!(
            "{}\t{}\t{}\t{:.3}\t{}",
            rank + 1,
            track.name,
            catalog.credits(rec.item),
            rec.score,
            rec.why.join("; ")
        );
    }
    Ok(())
}
