//! `attune`: the engine on files. Every subcommand runs the same code and default models as the app.

mod args;
mod colisten;
mod eval;
mod files;
mod replay;

use anyhow::{bail, Context, Result};
use args::Args;
use attune_engine::catalog::source::{build_catalog, ArtistFilter};
use attune_engine::community::{Community, CommunityRecommender};
use attune_engine::hybrid::HybridParams;
use attune_engine::import::{FileKind, FileOutcome};
use attune_engine::interactions::Interactions;
use attune_engine::{Catalog, ContentIndex, SearchHit, Seed};
use std::fs::File;
use std::process::ExitCode;
use std::sync::Arc;

const USAGE: &str = "usage:
  attune build-catalog --tracks TRACKS.csv --artists ARTISTS.csv --out CATALOG.txt
  attune build-community --user-artists user_artists.dat --artists artists.dat --out COMMUNITY.txt
  attune similar --catalog CATALOG.txt [--community COMMUNITY.txt] --seed NAME [--seed NAME ...] [--k 10]
                 [--discovery 0..1]   (0 familiar, 1 discover)
  attune eval --data FILE.tsv [--protocol weak|strong|cold] [--seed S] [--ease] [--als name=value,...]
              [--neighbour-weight W] [--item-names ID_NAME.tsv --artist-table ARTISTS.csv [--content-weight W]]
  attune recommend --train TRAIN.tsv --k K --out RECS.tsv [--model hybrid|als|rp3beta|popularity]
  attune split --data FILE.tsv --train-out TRAIN.tsv --test-out TEST.tsv [--seed S]
  attune score --train TRAIN.tsv --test TEST.tsv --recs RECS.tsv
  attune import FILE_OR_FOLDER_OR_ZIP...        (a Spotify data export; prints a JSON summary)
  attune bench [--data FILE.tsv] [--repeats 3]   (without --data: a synthetic matrix of HetRec's shape)
  attune bench --write-synthetic FILE.tsv        (that synthetic matrix as a file)
  attune bench --rerank CATALOG.txt              (the contextual re-ranker against the content list)
  attune bench --colisten                        (co-listening on 100,000 synthetic plays)
  attune replay --obd DIR [--seed S]             (bandit policies on the Open Bandit Dataset, progressive)
  attune replay --history FILE_OR_ZIP...         (skip prediction on a Spotify export, progressive)
  attune colisten FILE_OR_ZIP...                 (co-listening on a Spotify export: the next track of later sessions)";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("attune: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let mut args = Args::from_env();
    match args.command().as_deref() {
        Some("build-catalog") => build(args),
        Some("similar") => similar(args),
        Some("build-community") => build_community(args),
        Some("eval") => eval::run(args),
        Some("recommend") => files::recommend(args),
        Some("split") => files::split(args),
        Some("score") => files::score(args),
        Some("bench") => bench(args),
        Some("import") => import(args),
        Some("replay") => replay::run(args),
        Some("colisten") => colisten::run(args),
        Some(other) => bail!("unknown command {other:?}\n{USAGE}"),
        None => bail!("no command given\n{USAGE}"),
    }
}

fn build(mut args: Args) -> Result<()> {
    let tracks = args.required("--tracks")?;
    let artists = args.required("--artists")?;
    let out = args.required("--out")?;
    args.finish()?;
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

fn import(args: Args) -> Result<()> {
    let paths = args.positional();
    if paths.is_empty() {
        bail!("give the export: its .zip, its folder, or single JSON files");
    }
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

/// A clock in milliseconds from now, as the engine's benchmarks take it.
fn milliseconds() -> impl Fn() -> f64 {
    let start = std::time::Instant::now();
    move || start.elapsed().as_secs_f64() * 1e3
}

fn bench(mut args: Args) -> Result<()> {
    let data = args.optional::<String>("--data")?;
    let repeats: usize = args.optional("--repeats")?.unwrap_or(3);
    let write_synthetic = args.optional::<String>("--write-synthetic")?;
    let rerank_catalog = args.optional::<String>("--rerank")?;
    let colisten = args.flag("--colisten");
    args.finish()?;
    if colisten {
        let (plays, tracks) = attune_engine::bench::COLISTEN_SHAPE;
        let history = attune_engine::bench::synthetic_history(plays, tracks, 7);
        let (anchor, built) =
            attune_engine::bench::colisten_run(&history, repeats.max(5), milliseconds());
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
            attune_engine::bench::rerank_run(&index, repeats.max(50), milliseconds());
        println!(
            "{{\"runtime\":\"native\",\"bench\":\"rerank\",\"anchor_content_60_ms\":{anchor:.3},\"rerank_60_to_20_ms\":{rerank:.3},\"ratio\":{:.2}}}",
            rerank / anchor
        );
        return Ok(());
    }
    if let Some(path) = write_synthetic {
        // The same matrix as a file, so that another library can be timed on identical data.
        let (users, items, nnz) = attune_engine::bench::HETREC_SHAPE;
        let plays = attune_engine::bench::synthetic_plays(users, items, nnz, 7);
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
            let (users, items, nnz) = attune_engine::bench::HETREC_SHAPE;
            (
                attune_engine::bench::synthetic_plays(users, items, nnz, 7),
                "synthetic-hetrec-shape".into(),
            )
        }
    };
    let report = attune_engine::bench::run(&plays.map_values(f32::ln_1p), repeats, milliseconds());
    println!(
        "{{\"runtime\":\"native\",\"data\":\"{source}\",\"report\":{}}}",
        report.to_json()
    );
    Ok(())
}

fn build_community(mut args: Args) -> Result<()> {
    let plays = args.required("--user-artists")?;
    let artists = args.required("--artists")?;
    let out = args.required("--out")?;
    args.finish()?;
    let read =
        |path: &str| std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"));
    // Artists with one listener link no one to anyone, and they are most of HetRec's artists.
    let community = Community::from_hetrec(&read(&plays)?, &read(&artists)?, 2)?;
    let text = community.to_asset();
    std::fs::write(&out, &text).with_context(|| format!("cannot write {out}"))?;
    eprintln!(
        "wrote {out}: {} listeners, {} artists, {} play counts, {} bytes",
        community.plays.n_rows(),
        community.artists.len(),
        community.plays.nnz(),
        text.len()
    );
    Ok(())
}

fn similar(mut args: Args) -> Result<()> {
    let path = args.required("--catalog")?;
    let community = args.optional::<String>("--community")?;
    let discovery: f32 = args.optional("--discovery")?.unwrap_or(0.0);
    let seeds = args.all("--seed");
    let k: usize = args.optional("--k")?.unwrap_or(10);
    args.finish()?;
    if seeds.is_empty() {
        bail!("give at least one --seed (a track title or an artist name)");
    }
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
        Some(path) => {
            let text =
                std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
            let community =
                Community::from_asset(&text).with_context(|| format!("cannot load {path}"))?;
            CommunityRecommender::fit(index.clone(), community, HybridParams::default(), |_| {})
                .recommend(&seeds, k, discovery)
        }
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
