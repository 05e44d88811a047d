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
        // Names are only shown and matched on, never used as paths, so `../`, `C:\` or a NUL in
        // one does no harm.
        let entry_name = match archive.name_for_index(i) {
            Some(Ok(name)) => name.into_owned(),
            _ => format!("entry {} of the zip", i + 1),
        };
        let unreadable = |what: String| FileReport {
            name: entry_name.clone(),
            outcome: FileOutcome::Failed(ImportError::UnreadableEntry {
                file: entry_name.clone(),
                what,
            }),
        };
        if entry_name.ends_with('/') {
            continue; // a folder
        }
        seen.push(base_name(&entry_name).to_string());
        // Told by its name first: a file that is not part of the history is skipped unread, however
        // it is packed.
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
        // An entry that cannot be unpacked (encrypted, an unsupported method, corrupt) fails alone:
        // the history next to it still counts.
        let mut entry = match archive.by_index(i) {
            Ok(entry) => entry,
            Err(e) => {
                unpacked.skipped.push(unreadable(e.to_string()));
                continue;
            }
        };
        let mut content = Vec::new();
        let read = (&mut entry)
            .take(limits.max_entry_bytes + 1)
            .read_to_end(&mut content);
        // What was inflated counts against the limits even when the entry then fails (a bad
        // checksum at its end): a bomb cannot hide in corrupt entries.
        total += content.len() as u64;
        if content.len() as u64 > limits.max_entry_bytes || total > limits.max_total_bytes {
            return Err(ImportError::TooLarge {
                file: name.into(),
                limit_mb: limits.max_total_bytes >> 20,
            });
        }
        if let Err(e) = read {
            unpacked.skipped.push(unreadable(e.to_string()));
            continue;
        }
        unpacked.histories.push((entry_name, content));
    }
    if unpacked.histories.is_empty() {
        return Err(ImportError::NotAnExport {
            file: name.into(),
            seen: listed(&seen),
        });
    }
    Ok(unpacked)
}

/// What follows the last `/` or `\\`.
fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// How many names a message lists before "and N more".
const NAMES_LISTED: usize = 10;

/// The names seen in a zip, for a message: "none", or the first few and how many more.
pub(super) fn listed(names: &[String]) -> String {
    match names.len() {
        0 => "none".into(),
        n if n <= NAMES_LISTED => names.join(", "),
        n => format!(
            "{} and {} more",
            names[..NAMES_LISTED].join(", "),
            n - NAMES_LISTED
        ),
    }
}

/// Refuses a file too large to be read into memory, before it is read: a loose history or library
/// file is held to the limit of one unpacked entry, a zip to the limit of everything unpacked.
pub fn check_size(name: &str, bytes: u64, limits: ZipLimits) -> Result<(), ImportError> {
    let limit = if name.to_ascii_lowercase().ends_with(".zip") {
        limits.max_total_bytes
    } else {
        limits.max_entry_bytes
    };
    if bytes > limit {
        return Err(ImportError::TooLarge {
            file: name.into(),
            limit_mb: limit >> 20,
        });
    }
    Ok(())
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
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if let Err(err) = check_size(&name, size, ZipLimits::default()) {
        return failed(import, err);
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
