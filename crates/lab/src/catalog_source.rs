//! Builds a [`Catalog`] from the public tables it is derived from (see the project README for sources):
//! a track table with Spotify ids, playlist genres and audio features (`tracks_combined.csv` shape), and an
//! artist table with Spotify genres and mean audio features (`data_w_genres.csv` shape).

use attune_engine::catalog::{Artist, ArtistIdx, Catalog, GenreIdx, Track};
use attune_engine::error::CatalogError;
use attune_engine::features::{Feature, Features, FEATURE_COUNT};
use attune_engine::names::normalise;
use std::collections::HashMap;
use std::io::Read;

/// Which artists of the artist table to keep; the table has ~29k artists and the app does not need all.
#[derive(Debug, Clone, Copy)]
pub struct ArtistFilter {
    /// Keep artists at or above this Spotify popularity (0..=100)...
    pub min_popularity: f32,
    /// ...that have at least one genre (an artist with none cannot explain a recommendation).
    pub require_genres: bool,
}

impl Default for ArtistFilter {
    /// Popularity 30 keeps ~14.7k of the 28.7k artists: the ones a listener is likely to search for.
    fn default() -> Self {
        ArtistFilter {
            min_popularity: 30.0,
            require_genres: true,
        }
    }
}

/// Collects genres and artists by name while rows are read, so both become plain indices.
#[derive(Default)]
struct Builder {
    genres: Vec<String>,
    genre_idx: HashMap<String, GenreIdx>,
    artists: Vec<Artist>,
    artist_idx: HashMap<String, ArtistIdx>,
}

impl Builder {
    fn genre(&mut self, name: &str) -> GenreIdx {
        let name = name.trim().to_lowercase();
        if let Some(&idx) = self.genre_idx.get(&name) {
            return idx;
        }
        let idx = self.genres.len() as GenreIdx;
        self.genres.push(name.clone());
        self.genre_idx.insert(name, idx);
        idx
    }

    fn artist(&mut self, name: &str) -> ArtistIdx {
        let key = normalise(name);
        if let Some(&idx) = self.artist_idx.get(&key) {
            return idx;
        }
        let idx = ArtistIdx(self.artists.len() as u32);
        self.artists.push(Artist {
            name: name.trim().to_string(),
            genres: Vec::new(),
            features: Features::UNKNOWN,
            popularity: 0,
        });
        self.artist_idx.insert(key, idx);
        idx
    }

    /// Splits a "A, B, C" credit into artists, keeping names that contain ", " ("Tyler, The Creator")
    /// whole when the artist table knows them.
    fn credits(&mut self, credit: &str) -> Vec<ArtistIdx> {
        if self.artist_idx.contains_key(&normalise(credit)) {
            return vec![self.artist(credit)];
        }
        let parts: Vec<&str> = credit.split(", ").collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < parts.len() {
            let joined = parts.get(i + 1).map(|next| format!("{}, {next}", parts[i]));
            match joined {
                Some(pair) if self.artist_idx.contains_key(&normalise(&pair)) => {
                    out.push(self.artist(&pair));
                    i += 2;
                }
                _ => {
                    out.push(self.artist(parts[i]));
                    i += 1;
                }
            }
        }
        out.dedup();
        out
    }
}

/// Reads both tables and builds the catalog. Tracks listed under several playlists are merged, with the
/// union of their genres.
pub fn build_catalog(
    tracks_csv: impl Read,
    artists_csv: impl Read,
    filter: ArtistFilter,
) -> Result<Catalog, CatalogError> {
    let mut builder = Builder::default();
    read_artists(&mut builder, artists_csv, filter)?;
    let tracks = read_tracks(&mut builder, tracks_csv)?;
    Ok(Catalog::new(builder.genres, builder.artists, tracks))
}

/// A catalog of the artist table alone (no tracks), for listening data keyed on artists.
pub fn build_artist_catalog(
    artists_csv: impl Read,
    filter: ArtistFilter,
) -> Result<Catalog, CatalogError> {
    let mut builder = Builder::default();
    read_artists(&mut builder, artists_csv, filter)?;
    Ok(Catalog::new(builder.genres, builder.artists, Vec::new()))
}

fn read_artists(
    b: &mut Builder,
    input: impl Read,
    filter: ArtistFilter,
) -> Result<(), CatalogError> {
    let file = "artist table";
    let mut reader = csv::Reader::from_reader(input);
    let columns = Columns::new(&mut reader, file, &["artists", "genres", "popularity"])?;
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| source_error(file, row, e))?;
        let genres = parse_genre_list(columns.get(&record, "genres"));
        let popularity: f32 = columns.get(&record, "popularity").parse().unwrap_or(0.0);
        if popularity < filter.min_popularity || (filter.require_genres && genres.is_empty()) {
            continue;
        }
        let idx = b.artist(columns.get(&record, "artists"));
        let genre_ids = genres.iter().map(|g| b.genre(g)).collect();
        let artist = &mut b.artists[idx.0 as usize];
        artist.genres = genre_ids;
        artist.popularity = popularity.round().clamp(0.0, 100.0) as u8;
        artist.features = columns.features(&record);
    }
    Ok(())
}

fn read_tracks(b: &mut Builder, input: impl Read) -> Result<Vec<Track>, CatalogError> {
    let file = "track table";
    let mut reader = csv::Reader::from_reader(input);
    let required = [
        "track_id",
        "track_name",
        "track_artist",
        "playlist_genre",
        "track_popularity",
    ];
    let columns = Columns::new(&mut reader, file, &required)?;
    let mut tracks: Vec<Track> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| source_error(file, row, e))?;
        let id = columns.get(&record, "track_id").trim().to_string();
        if id.is_empty() {
            continue;
        }
        let mut genres = vec![b.genre(columns.get(&record, "playlist_genre"))];
        let artists = b.credits(columns.get(&record, "track_artist"));
        for artist in &artists {
            genres.extend_from_slice(&b.artists[artist.0 as usize].genres);
        }
        if let Some(&existing) = by_id.get(&id) {
            let track: &mut Track = &mut tracks[existing];
            track.genres.extend(genres);
            track.genres.sort_unstable();
            track.genres.dedup();
            continue;
        }
        genres.sort_unstable();
        genres.dedup();
        let release = columns.get(&record, "track_album_release_date");
        by_id.insert(id.clone(), tracks.len());
        tracks.push(Track {
            id,
            name: columns.get(&record, "track_name").trim().to_string(),
            artists,
            genres,
            year: release.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0),
            popularity: columns
                .get(&record, "track_popularity")
                .parse::<f32>()
                .unwrap_or(0.0) as u8,
            features: columns.features(&record),
        });
    }
    Ok(tracks)
}

/// `dance pop, pop rock` or `[]`; the table writes an empty list as `[]`.
fn parse_genre_list(text: &str) -> Vec<&str> {
    let text = text.trim().trim_start_matches('[').trim_end_matches(']');
    text.split(',')
        .map(|g| g.trim().trim_matches('\''))
        .filter(|g| !g.is_empty())
        .collect()
}

/// Column positions by header name, so the two tables' differing column orders do not matter.
struct Columns {
    index: HashMap<String, usize>,
}

impl Columns {
    fn new<R: Read>(
        reader: &mut csv::Reader<R>,
        file: &str,
        required: &[&str],
    ) -> Result<Columns, CatalogError> {
        let headers = reader.headers().map_err(|e| source_error(file, 0, e))?;
        let index: HashMap<String, usize> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_string(), i))
            .collect();
        if let Some(missing) = required.iter().find(|c| !index.contains_key(**c)) {
            return Err(CatalogError::BadSource {
                file: file.into(),
                row: 0,
                what: format!("missing column {missing:?}"),
            });
        }
        Ok(Columns { index })
    }

    fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        self.index
            .get(column)
            .and_then(|&i| record.get(i))
            .unwrap_or("")
    }

    /// Features present in the table; a missing or unparsable cell stays unknown.
    fn features(&self, record: &csv::StringRecord) -> Features {
        let mut values = [f32::NAN; FEATURE_COUNT];
        for feature in Feature::ALL {
            if let Ok(v) = self.get(record, feature.name()).trim().parse::<f32>() {
                values[feature.index()] = v;
            }
        }
        Features(values)
    }
}

fn source_error(file: &str, row: usize, err: csv::Error) -> CatalogError {
    CatalogError::BadSource {
        file: file.into(),
        row: row as u64 + 1,
        what: err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTISTS: &str =
        "genres,artists,danceability,energy,valence,acousticness,instrumentalness,\
speechiness,liveness,loudness,tempo,popularity\n\
\"dance pop, pop\",Lady Gaga,0.7,0.8,0.5,0.1,0,0.05,0.1,-5,120,80\n\
\"hip hop, rap\",\"Tyler, The Creator\",0.6,0.6,0.4,0.2,0,0.3,0.2,-7,95,75\n\
[],Nobody Known,0.5,0.5,0.5,0.5,0,0.1,0.1,-9,100,90\n\
folk,Too Obscure,0.5,0.5,0.5,0.5,0,0.1,0.1,-9,100,5\n";

    const TRACKS: &str = "track_id,track_name,track_artist,track_album_release_date,track_popularity,\
playlist_genre,danceability,energy,valence,acousticness,instrumentalness,speechiness,liveness,loudness,tempo\n\
id1,Die With A Smile,\"Lady Gaga, Bruno Mars\",2024-08-16,100,pop,0.52,0.59,0.53,0.31,0,0.03,0.12,-7.8,158\n\
id2,EARFQUAKE,\"Tyler, The Creator\",2019-05-17,85,hip-hop,0.55,0.5,0.4,0.23,0,0.07,0.8,-8.4,\n\
id1,Die With A Smile,\"Lady Gaga, Bruno Mars\",2024-08-16,100,latin,0.52,0.59,0.53,0.31,0,0.03,0.12,-7.8,158\n";

    fn build() -> Catalog {
        build_catalog(
            TRACKS.as_bytes(),
            ARTISTS.as_bytes(),
            ArtistFilter::default(),
        )
        .unwrap()
    }

    #[test]
    fn artists_are_filtered_and_credits_split_on_known_names() {
        let catalog = build();
        assert!(catalog.find_artist("Nobody Known").is_none(), "no genres");
        assert!(
            catalog.find_artist("Too Obscure").is_none(),
            "below popularity 30"
        );
        let earfquake = catalog.track(catalog.track_by_id("id2").unwrap());
        assert_eq!(
            earfquake.artists.len(),
            1,
            "Tyler, The Creator is one artist"
        );
        assert_eq!(
            catalog.credits(catalog.track_by_id("id1").unwrap()),
            "Lady Gaga, Bruno Mars"
        );
        assert!(catalog
            .artist(catalog.find_artist("Bruno Mars").unwrap())
            .features
            .is_unknown());
    }

    #[test]
    fn duplicate_rows_merge_genres_and_missing_features_stay_unknown() {
        let catalog = build();
        assert_eq!(catalog.tracks.len(), 2);
        let smile = catalog.track(catalog.track_by_id("id1").unwrap());
        let names: Vec<&str> = smile.genres.iter().map(|&g| catalog.genre(g)).collect();
        for expected in ["pop", "latin", "dance pop"] {
            assert!(names.contains(&expected), "{names:?} lacks {expected}");
        }
        assert_eq!(smile.year, 2024);
        let earfquake = catalog.track(catalog.track_by_id("id2").unwrap());
        assert_eq!(earfquake.features.get(Feature::Tempo), None);
        assert_eq!(earfquake.features.get(Feature::Energy), Some(0.5));
    }

    #[test]
    fn a_table_without_the_needed_columns_is_refused() {
        let err = build_catalog(
            "a,b\n1,2\n".as_bytes(),
            ARTISTS.as_bytes(),
            ArtistFilter::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("missing column \"track_id\""),
            "{err}"
        );
    }
}
