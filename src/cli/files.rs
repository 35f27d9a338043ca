//! Reading input files with a size limit, and writing `--out` files safely:
//! shared by `compare --file`, `check PLAN`, `pricing import|fetch` (and any
//! later command that reads or writes a file).
//!
//! - An input must be a regular file, a pipe or standard input (`-`): a
//!   device such as `/dev/zero`, a directory or a socket is refused before
//!   anything is read, and a file over the limit is refused by its size, or
//!   (a pipe, standard input) once that many bytes have been read.
//! - `--out` writes a regular file only: a new one, or a regular file it
//!   replaces by renaming a complete temporary file over it. A symbolic
//!   link, device, directory, pipe or socket at the path is refused and left
//!   as it was.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// One mebibyte.
pub const MIB: u64 = 1024 * 1024;

/// Why a file could not be read or written; the message names the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError(pub String);

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FileError {}

/// Parses a size: bytes (`1048576`) or with a binary unit (`64K`, `16M`,
/// `8G`, also `KiB`, `MiB`, `GiB`); for the `--max-file-bytes` flags.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &t[digits.len()..];
    let scale: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1024,
        "m" | "mib" => MIB,
        "g" | "gib" => 1024 * MIB,
        _ => 0,
    };
    digits
        .parse::<u64>()
        .ok()
        .filter(|n| *n > 0 && scale > 0)
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| {
            format!("{text:?} is not a size (write bytes, or a number with K, M or G: 16M, 8G)")
        })
}

/// Shows a byte count as the flag would take it (`16M`), or in bytes.
pub fn shown_size(bytes: u64) -> String {
    for (unit, scale) in [("G", 1024 * MIB), ("M", MIB), ("K", 1024)] {
        if bytes >= scale && bytes.is_multiple_of(scale) {
            return format!("{}{unit}", bytes / scale);
        }
    }
    format!("{bytes} bytes")
}

/// What a path is, in words, when it is not a regular file.
fn kind(file_type: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_file() {
        return None;
    }
    if file_type.is_symlink() {
        return Some("a symbolic link");
    }
    if file_type.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        if file_type.is_char_device() {
            return Some("a character device");
        }
        if file_type.is_block_device() {
            return Some("a block device");
        }
        if file_type.is_fifo() {
            return Some("a pipe");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// A reader that fails once more than `limit` bytes have come through it.
pub struct Bounded<R> {
    inner: R,
    read: u64,
    limit: u64,
    name: String,
    flag: &'static str,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // One byte past the limit is enough to know.
        let room = (self.limit + 1).saturating_sub(self.read);
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        if want == 0 {
            return Err(too_large_io(&self.name, self.limit, self.flag));
        }
        let n = self.inner.read(&mut buf[..want])?;
        self.read += n as u64;
        if self.read > self.limit {
            return Err(too_large_io(&self.name, self.limit, self.flag));
        }
        Ok(n)
    }
}

fn too_large(name: &str, limit: u64, flag: &str) -> String {
    format!(
        "{name} is larger than {} (the limit; raise it with {flag})",
        shown_size(limit)
    )
}

fn too_large_io(name: &str, limit: u64, flag: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, too_large(name, limit, flag))
}

/// Opens `path` (`-`: standard input) for reading at most `limit` bytes:
/// refuses devices, directories and sockets, and a regular file larger than
/// the limit, at once. `flag` names the option that raises the limit.
pub fn open_bounded(
    path: &Path,
    limit: u64,
    flag: &'static str,
) -> Result<Bounded<Box<dyn Read>>, FileError> {
    if path.as_os_str() == "-" {
        return Ok(Bounded {
            inner: Box::new(io::stdin()),
            read: 0,
            limit,
            name: "standard input".into(),
            flag,
        });
    }
    let name = path.display().to_string();
    let file = File::open(path).map_err(|e| FileError(format!("cannot read {name}: {e}")))?;
    let meta = file
        .metadata()
        .map_err(|e| FileError(format!("cannot read {name}: {e}")))?;
    #[cfg(unix)]
    let pipe = std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type());
    #[cfg(not(unix))]
    let pipe = false;
    if !pipe && let Some(what) = kind(&meta.file_type()) {
        return Err(FileError(format!(
            "cannot read {name}: it is {what}; expected a regular file, a pipe or - for standard input"
        )));
    }
    if meta.len() > limit {
        return Err(FileError(format!(
            "{} ({} bytes)",
            too_large(&name, limit, flag),
            meta.len()
        )));
    }
    Ok(Bounded {
        inner: Box::new(file),
        read: 0,
        limit,
        name,
        flag,
    })
}

/// Reads all of `path` (`-`: standard input), at most `limit` bytes.
pub fn read_bounded(path: &Path, limit: u64, flag: &'static str) -> Result<Vec<u8>, FileError> {
    let mut reader = open_bounded(path, limit, flag)?;
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| {
        if e.kind() == io::ErrorKind::InvalidData {
            FileError(e.to_string())
        } else {
            FileError(format!("cannot read {}: {e}", reader.name))
        }
    })?;
    Ok(bytes)
}

/// Reads all of `path` as UTF-8 text, at most `limit` bytes.
pub fn read_text_bounded(path: &Path, limit: u64, flag: &'static str) -> Result<String, FileError> {
    let bytes = read_bounded(path, limit, flag)?;
    String::from_utf8(bytes).map_err(|e| {
        let name = if path.as_os_str() == "-" {
            "standard input".to_owned()
        } else {
            path.display().to_string()
        };
        FileError(format!(
            "cannot read {name}: it is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Refuses an `--out` path that holds anything but a regular file.
fn check_out(out: &Path) -> Result<(), FileError> {
    match std::fs::symlink_metadata(out) {
        Ok(meta) => match kind(&meta.file_type()) {
            None => Ok(()),
            Some(what) => Err(FileError(format!(
                "{}: refused to write: it is {what}, and --out writes only a regular file (it replaces one, or creates one); left it as it was",
                out.display()
            ))),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(FileError(format!("{}: cannot write: {e}", out.display()))),
    }
}

/// Writes `bytes` to `out` safely: into a new temporary file beside it
/// (created, never opened if it exists), synced, then renamed over `out`;
/// only when `out` is absent or a regular file. A failure leaves `out` as
/// it was and removes the temporary file.
pub fn write_out(out: &Path, bytes: &[u8]) -> Result<(), FileError> {
    check_out(out)?;
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            FileError(format!(
                "{}: refused to write: the path names no file",
                out.display()
            ))
        })?;
    let fail = |e: io::Error| FileError(format!("{}: cannot write: {e}", out.display()));
    let (tmp, mut file) = create_temporary(dir, &name).map_err(fail)?;
    let result = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(fail)
        // Checked again just before the rename: the path may have changed.
        .and_then(|()| check_out(out))
        .and_then(|()| std::fs::rename(&tmp, out).map_err(fail));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A new file `.NAME.PID.N.tmp` in `dir`, created exclusively.
fn create_temporary(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let mut attempt = 0u32;
    loop {
        let tmp = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Writes `bytes` to standard output; a closed or broken standard output is
/// an error with a message, never a panic.
pub fn write_stdout(bytes: &[u8]) -> Result<(), FileError> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| FileError(format!("cannot write to standard output: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_bytes_or_binary_units() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("64K"), Ok(64 * 1024));
        assert_eq!(parse_size("16M"), Ok(16 * MIB));
        assert_eq!(parse_size("8GiB"), Ok(8 * 1024 * MIB));
        for bad in ["", "0", "-1", "5T", "M", "1.5M"] {
            assert!(parse_size(bad).unwrap_err().contains(&format!("{bad:?}")));
        }
        assert_eq!(shown_size(16 * MIB), "16M");
        assert_eq!(shown_size(1000), "1000 bytes");
    }

    #[test]
    fn devices_and_directories_are_refused_before_reading() {
        for (path, what) in [("/dev/zero", "character device"), ("/", "directory")] {
            let error = read_bounded(Path::new(path), MIB, "--max-file-bytes").unwrap_err();
            assert!(error.0.contains(what), "{error}");
            assert!(error.0.contains(path), "{error}");
        }
    }

    #[test]
    fn a_file_over_the_limit_is_refused_by_its_size_and_a_stream_when_it_passes_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("big.json");
        std::fs::write(&file, vec![b' '; 2000]).unwrap();
        let error = read_bounded(&file, 1000, "--max-file-bytes").unwrap_err();
        assert!(
            error.0.contains("larger than 1000 bytes") && error.0.contains("--max-file-bytes"),
            "{error}"
        );
        assert_eq!(read_bounded(&file, 2000, "--x").unwrap().len(), 2000);
        // A stream has no size: it is cut at the limit.
        let mut stream = Bounded {
            inner: std::io::repeat(0),
            read: 0,
            limit: 4096,
            name: "a pipe".into(),
            flag: "--max-file-bytes",
        };
        let error = std::io::copy(&mut stream, &mut std::io::sink()).unwrap_err();
        assert!(error.to_string().contains("larger than 4K"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn out_replaces_a_regular_file_and_refuses_links_devices_and_directories() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("table.toml");
        write_out(&out, b"one").unwrap();
        write_out(&out, b"two").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two");

        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&out, &link).unwrap();
        let error = write_out(&link, b"three").unwrap_err();
        assert!(error.0.contains("symbolic link"), "{error}");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&out).unwrap(), b"two");

        for (path, what) in [
            (Path::new("/dev/full"), "character device"),
            (dir.path(), "directory"),
        ] {
            let error = write_out(path, b"x").unwrap_err();
            assert!(
                error.0.contains(what) && error.0.contains("refused"),
                "{error}"
            );
        }
        // Nothing is left behind.
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 2);
    }
}
