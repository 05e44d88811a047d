//! The export as downloaded (a zip), as an unpacked folder, or as single files.

use super::{FileKind, FileOutcome, FileReport, Import, ImportError};
use std::io::Read;
use std::path::Path;

/// Limits that keep a hostile or broken zip from exhausting memory: the real exports are a few MB to a
/// few hundred MB unpacked.
#[derive(Debug, Clone, Copy)]
pub struct ZipLimits {
    pub max_entry_bytes: u64,
    pub max_total_bytes: u64,
}

impl Default for ZipLimits {
    fn default() -> Self {
        ZipLimits {
            max_entry_bytes: 256 << 20,
            max_total_bytes: 1 << 30,
        }
    }
}

/// The history, library and playlist files inside a zip, unpacked (`histories`), and reports for the
/// other files.
#[derive(Debug, Default)]
pub struct Unpacked {
    pub histories: Vec<(String, Vec<u8>)>,
    pub skipped: Vec<FileReport>,
}

/// Reads every history file inside a zip into `import`.
pub fn import_zip(
    import: &mut Import,
    name: &str,
    bytes: &[u8],
    limits: ZipLimits,
    now: i64,
) -> Result<(), ImportError> {
    let unpacked = unpack_zip(name, bytes, limits)?;
    import.files.extend(unpacked.skipped);
    for (entry_name, content) in &unpacked.histories {
        import.add_file(entry_name, content, now);
    }
    Ok(())
}

/// Unpacks the history, library and playlist files of a zip. Sizes are enforced on the bytes actually inflated, since a
/// zip's headers may lie.
pub fn unpack_zip(name: &str, bytes: &[u8], limits: ZipLimits) -> Result<Unpacked, ImportError> {
    let bad = |what: String| ImportError::BadZip {
        file: name.into(),
        what,
    };
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut total = 0u64;
    let mut seen = Vec::new();
    let mut unpacked = Unpacked::default();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| bad(e.to_string()))?;
        if entry.is_dir() {
            continue;
        }
        let entry_name = entry.name().map_err(|e| bad(e.to_string()))?.to_string();
        seen.push(
            entry_name
                .rsplit('/')
                .next()
                .unwrap_or(&entry_name)
                .to_string(),
        );
        if !matches!(
            FileKind::of(&entry_name),
            FileKind::History | FileKind::LibraryOrPlaylists
        ) {
            unpacked.skipped.push(FileReport {
                name: entry_name.clone(),
                outcome: FileOutcome::Skipped {
                    why: "not part of the listening history".into(),
                },
            });
            continue;
        }
        let mut content = Vec::new();
        let read = (&mut entry)
            .take(limits.max_entry_bytes + 1)
            .read_to_end(&mut content)
            .map_err(|e| bad(e.to_string()))?;
        total += read as u64;
        if read as u64 > limits.max_entry_bytes || total > limits.max_total_bytes {
            return Err(ImportError::TooLarge {
                file: name.into(),
                limit_mb: limits.max_total_bytes >> 20,
            });
        }
        unpacked.histories.push((entry_name, content));
    }
    if unpacked.histories.is_empty() {
        return Err(ImportError::NotAnExport {
            file: name.into(),
            seen: seen.join(", "),
        });
    }
    Ok(unpacked)
}

/// Imports files, folders (every file inside, recursively) and zips from disk, for the CLI.
pub fn import_paths(paths: &[&Path], now: i64) -> Import {
    let mut import = Import::default();
    for path in paths {
        add_path(&mut import, path, now);
    }
    import
}

fn add_path(import: &mut Import, path: &Path, now: i64) {
    let name = path.display().to_string();
    let failed = |import: &mut Import, err: ImportError| {
        import.files.push(FileReport {
            name: name.clone(),
            outcome: FileOutcome::Failed(err),
        })
    };
    if path.is_dir() {
        let mut entries: Vec<_> = match std::fs::read_dir(path) {
            Ok(dir) => dir.filter_map(Result::ok).map(|e| e.path()).collect(),
            Err(e) => {
                return failed(
                    import,
                    ImportError::Io {
                        file: name.clone(),
                        what: e.to_string(),
                    },
                )
            }
        };
        entries.sort();
        entries.iter().for_each(|p| add_path(import, p, now));
        return;
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            return failed(
                import,
                ImportError::Io {
                    file: name.clone(),
                    what: e.to_string(),
                },
            )
        }
    };
    if name.ends_with(".zip") {
        if let Err(err) = import_zip(import, &name, &bytes, ZipLimits::default(), now) {
            failed(import, err);
        }
    } else {
        import.add_file(&name, &bytes, now);
    }
}
