//! The command line, declared with clap: `attune --help` and every subcommand's `--help` come from here.

use clap::{Args, Parser, Subcommand};

/// Attune's engine on files: the same code and default models as the app, for building its assets,
/// evaluating the models and timing them.
#[derive(Parser)]
#[command(name = "attune", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Builds the bundled catalog asset from the public track and artist feature tables.
    BuildCatalog(BuildCatalogArgs),
    /// Builds the community's factor asset from HetRec's user_artists.dat and artists.dat, trained by the
    /// engine (scripts/community.sh builds the shipped one on Spark).
    BuildCommunity(BuildCommunityArgs),
    /// Tracks similar to the seeds, from the catalog (and the community, when given).
    Similar(SimilarArgs),
    /// The split, the models and the metrics table on one interaction file.
    Eval(EvalArgs),
    /// Writes each user's top K for a train file (the file contract shared with other libraries).
    Recommend(RecommendArgs),
    /// Splits an interaction file into train and test files.
    Split(SplitArgs),
    /// Scores a recommendations file against a test file.
    Score(ScoreArgs),
    /// Reads a Spotify data export (zip, folder or JSON files) and prints a JSON summary.
    Import(PathsArgs),
    /// Times the models (see BENCHMARKS.md).
    Bench(BenchArgs),
    /// Bandit policies on logged bandit data, or skip prediction on an export, progressively.
    Replay(ReplayArgs),
    /// What comes next on a Spotify export: the next track of later sessions, by Attune's models and
    /// the anchors (most played, first-order Markov, sequential rules). `colisten` is the old name.
    #[command(name = "next-track", alias = "colisten")]
    NextTrack(PathsArgs),
    /// How much of what each listener plays the catalog, the artist table, the community and their own
    /// co-listening know, and what the app's For You list for them draws on.
    Reach(ReachArgs),
}

#[derive(Args)]
pub struct ReachArgs {
    #[arg(long, default_value = "public/catalog/catalog.txt")]
    pub catalog: String,
    /// The community as factors, as the app ships it.
    #[arg(long, default_value = "public/community/lastfm-2k.factors")]
    pub community: String,
    /// One export per listener: a zip, a folder or a JSON file.
    #[arg(required = true)]
    pub exports: Vec<String>,
}

#[derive(Args)]
pub struct BuildCatalogArgs {
    /// The track table with audio features and playlist genres (CSV).
    #[arg(long)]
    pub tracks: String,
    /// The artist table with genres and mean audio features (CSV).
    #[arg(long)]
    pub artists: String,
    #[arg(long)]
    pub out: String,
}

#[derive(Args)]
pub struct BuildCommunityArgs {
    /// HetRec's user_artists.dat.
    #[arg(long)]
    pub user_artists: String,
    /// HetRec's artists.dat.
    #[arg(long)]
    pub artists: String,
    /// The catalog the app ships: the artists' content, whose weight is chosen with the other settings.
    #[arg(long, default_value = "public/catalog/catalog.txt")]
    pub catalog: String,
    /// Trains with the fixed defaults instead of choosing the settings.
    #[arg(long)]
    pub no_tune: bool,
    #[arg(long)]
    pub out: String,
}

#[derive(Args)]
pub struct SimilarArgs {
    #[arg(long)]
    pub catalog: String,
    /// The community as factors (`attune-factors`): adds "listeners like you" picks.
    #[arg(long)]
    pub community: Option<String>,
    /// A track title or an artist name; repeat for several.
    #[arg(long = "seed", required = true)]
    pub seeds: Vec<String>,
    #[arg(long, default_value_t = 10)]
    pub k: usize,
    /// 0 keeps to the closest matches, 1 spreads out and away from the most popular.
    #[arg(long, default_value_t = 0.0)]
    pub discovery: f32,
}

#[derive(Args)]
pub struct EvalArgs {
    /// `user<TAB>item<TAB>weight` lines.
    #[arg(long)]
    pub data: String,
    /// weak, strong or cold.
    #[arg(long, default_value = "weak")]
    pub protocol: String,
    #[arg(long, default_value_t = 20261130)]
    pub seed: u64,
    /// Also fit EASE.
    #[arg(long)]
    pub ease: bool,
    /// Overrides of the factorization's settings, `name=value,...`.
    #[arg(long, default_value = "")]
    pub als: String,
    #[arg(long)]
    pub neighbour_weight: Option<f32>,
    /// `id<TAB>name` of the items, with --artist-table: gives the items content.
    #[arg(long)]
    pub item_names: Option<String>,
    #[arg(long)]
    pub artist_table: Option<String>,
    #[arg(long)]
    pub content_weight: Option<f32>,
}

#[derive(Args)]
pub struct RecommendArgs {
    /// The training data (`user<TAB>item<TAB>weight`); with --fold-in, the community trained on.
    #[arg(
        long,
        required_unless_present = "community",
        conflicts_with = "community"
    )]
    pub train: Option<String>,
    /// A community model shipped as factors (`attune-factors`, written by --write-factors or the Spark
    /// pipeline) to fold the --fold-in listeners into, instead of training on --train.
    #[arg(long, requires = "fold_in")]
    pub community: Option<String>,
    /// Also writes the model trained on --train as a factor asset (8-bit factors, neighbour lists).
    #[arg(long, requires = "train")]
    pub write_factors: Option<String>,
    /// Listeners to fold into the model trained on --train, as the app does (same format); their top K
    /// are written, leaving out what they have here.
    #[arg(long)]
    pub fold_in: Option<String>,
    #[arg(long)]
    pub k: usize,
    #[arg(long)]
    pub out: String,
    /// hybrid (the default), als, rp3beta, popularity, or ease (the evaluation anchor; not tuned).
    #[arg(long)]
    pub model: Option<String>,
    /// Today's fixed defaults instead of settings chosen on a validation split of --train.
    #[arg(long)]
    pub no_tune: bool,
    /// Prints nothing on stderr (neither the chosen settings nor the timings).
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Args)]
pub struct SplitArgs {
    #[arg(long)]
    pub data: String,
    #[arg(long)]
    pub train_out: String,
    #[arg(long)]
    pub test_out: String,
    /// Holds out a fifth of the users instead: --train-out gets everyone else's items, this file 80 % of
    /// each held-out user's items (to fold in), --test-out the other 20 %.
    #[arg(long)]
    pub fold_in_out: Option<String>,
    #[arg(long)]
    pub seed: Option<u64>,
}

#[derive(Args)]
pub struct ScoreArgs {
    #[arg(long)]
    pub train: String,
    /// The listeners the recommendations are for, when they were folded in (`split --fold-in-out`).
    #[arg(long)]
    pub fold_in: Option<String>,
    #[arg(long)]
    pub test: String,
    #[arg(long)]
    pub recs: String,
    /// Also writes each user's NDCG@10, recall@20 and MAP@10 here (`user<TAB>ndcg<TAB>recall<TAB>map`).
    #[arg(long)]
    pub per_user: Option<String>,
}

#[derive(Args)]
pub struct PathsArgs {
    /// The export: its .zip, its folder, or single JSON files.
    #[arg(required = true)]
    pub paths: Vec<String>,
}

#[derive(Args)]
pub struct BenchArgs {
    /// An interaction file; without it, a synthetic matrix of HetRec's shape.
    #[arg(long)]
    pub data: Option<String>,
    #[arg(long, default_value_t = 3)]
    pub repeats: usize,
    /// Writes that synthetic matrix to this file instead.
    #[arg(long)]
    pub write_synthetic: Option<String>,
    /// The contextual re-ranker against the content list, on this catalog.
    #[arg(long)]
    pub rerank: Option<String>,
    /// Co-listening on 100,000 synthetic plays.
    #[arg(long)]
    pub colisten: bool,
    /// Artists for you against For You, on the shipped catalog and community.
    #[arg(long)]
    pub artists: bool,
    /// The community's factor asset read, folded into and scored: a generated one of 10^5 artists
    /// against the shipped one.
    #[arg(long)]
    pub community_load: bool,
}

#[derive(Args)]
pub struct ReplayArgs {
    /// The Open Bandit Dataset's folder.
    #[arg(long, conflicts_with_all = ["history", "full_info"])]
    pub obd: Option<String>,
    /// A full-information bandit stream (attune-fullinfo-1 JSON lines, optionally gzipped).
    #[arg(long, conflicts_with = "history")]
    pub full_info: Option<String>,
    /// With --full-info: only this policy (uniform, popular, linucb, thompson, squarecb).
    #[arg(long, requires = "full_info")]
    pub policy: Option<String>,
    /// A Spotify export (zip, folder or JSON files), for skip prediction.
    #[arg(long, num_args = 1..)]
    pub history: Vec<String>,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_command_and_flag_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_parse_as_documented() {
        let cli = Cli::try_parse_from([
            "attune",
            "replay",
            "--history",
            "a.json",
            "b.zip",
            "--seed",
            "3",
        ])
        .unwrap();
        let Command::Replay(replay) = cli.command else {
            panic!("not replay")
        };
        assert_eq!(replay.history, ["a.json", "b.zip"]);
        assert_eq!(replay.seed, 3);
        // A misspelt flag is refused, not ignored.
        assert!(
            Cli::try_parse_from(["attune", "split", "--data", "x", "--trian-out", "y"]).is_err()
        );
        assert!(Cli::try_parse_from(["attune", "replay", "--obd", "d", "--history", "h"]).is_err());
    }
}
