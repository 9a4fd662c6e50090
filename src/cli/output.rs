//! Where a command's output goes: stdout, or the file named by `--output`, written without
//! destroying anything it should not touch, and the output format a file name implies.
//!
//! The rule (also in `docs/limits.md` and `--help`):
//! - `-` is stdout;
//! - a device, FIFO or other special file is written through: opened and written, never
//!   replaced, so `--output /dev/null` or a named pipe gets the bytes; so is a path under
//!   `/dev/` or `/proc/` that is a link to an open descriptor (`/dev/stdout`, `/dev/fd/3`);
//! - a symbolic link is followed: the file it points to is replaced (atomically, as below) and
//!   the link is kept, as the shell's `>` does; a link to nothing creates its target;
//! - a regular file is replaced atomically (a temporary file in the same folder, then a
//!   rename), keeping its permission bits and, where the system allows, its owner and group;
//! - a file that nobody may write (no `w` in its mode) is never replaced, not even by root, and
//!   neither is one the user could not write (the kernel's own permission check, as
//!   `access(W_OK)` makes it; root passes it);
//! - a directory or a socket is an error.

use anyhow::{Context, Result, bail};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The long `--help` of every `--output` flag: the rule of this module.
pub(crate) const OUTPUT_LONG_HELP: &str = "Write the output to this file instead of stdout \
    (`-` is stdout).\n\
    The extension (.json, .csv, .geojson, .svg, .html, .xlsx, .toml; case ignored) names the \
    format: without --format it sets it, and a --format that contradicts it is an error.\n\
    A regular file is replaced atomically (a temporary file in the same folder, then a rename): \
    it is whole or untouched, and keeps its permissions (and owner and group where allowed). \
    Devices and pipes (/dev/null, a FIFO, /dev/stdout) are written through, never replaced. \
    A symbolic link is followed: its target is replaced and the link kept. \
    A read-only file (no write permission for anyone), a file you may not write, a directory \
    or a socket is refused. See docs/limits.md.";

/// Writes `text` to stdout, or to `output` by the rule of this module.
pub(crate) fn emit(text: &str, output: Option<&Path>) -> Result<()> {
    match output {
        Some(path) if path.as_os_str() != "-" => write_file(path, text.as_bytes()),
        _ => write_stdout(text),
    }
}

/// Writes `bytes` (a binary file such as an Excel workbook) to stdout, or to `output` by the
/// rule of this module.
pub(crate) fn emit_bytes(bytes: &[u8], output: Option<&Path>) -> Result<()> {
    match output {
        Some(path) if path.as_os_str() != "-" => write_file(path, bytes),
        _ => {
            let mut out = io::stdout().lock();
            out.write_all(bytes).context("writing to stdout")?;
            out.flush().context("writing to stdout")?;
            Ok(())
        }
    }
}

/// Writes `text` to stdout and flushes it.
pub(crate) fn write_stdout(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .context("writing to stdout")?;
    out.flush().context("writing to stdout")?;
    Ok(())
}

/// The format a file name implies by its extension (case ignored), as `--format` names it;
/// `None` for any other extension, which leaves the command's default.
fn format_of_extension(path: &Path) -> Option<&'static str> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "json" => "json",
        "csv" => "csv",
        "geojson" => "geojson",
        "svg" => "svg",
        "html" | "htm" => "html",
        "xlsx" => "xlsx",
        "toml" => "toml",
        _ => return None,
    })
}

/// The one format a command without `--format` writes.
fn fixed_format(command: &str) -> Option<&'static str> {
    match command {
        "map" => Some("svg"),
        "generate" => Some("toml"),
        _ => None,
    }
}

/// The format `--output`'s extension implies for a subcommand whose `--format` was not given;
/// an error when it contradicts an explicit `--format`, or names a format the command cannot
/// write. `None` when there is nothing to infer.
pub(crate) fn implied_format(
    command: &clap::Command,
    matches: &clap::ArgMatches,
) -> Result<Option<&'static str>, String> {
    let Ok(Some(path)) = matches.try_get_one::<PathBuf>("output") else {
        return Ok(None);
    };
    let Some(implied) = format_of_extension(path) else {
        return Ok(None);
    };
    let name = command.get_name();
    let shown = path.display();
    let Some(format) = command.get_arguments().find(|a| a.get_id() == "format") else {
        return match fixed_format(name) {
            Some(fixed) if fixed != implied => Err(format!(
                "--output {shown} names a {implied} file, but `corridor {name}` writes {fixed}\n\n\
                 hint: name the file with .{fixed}, or another extension"
            )),
            _ => Ok(None),
        };
    };
    let writes: Vec<String> = format
        .get_possible_values()
        .iter()
        .map(|v| v.get_name().to_owned())
        .collect();
    let explicit = matches!(
        matches.value_source("format"),
        Some(clap::parser::ValueSource::CommandLine | clap::parser::ValueSource::EnvVariable)
    );
    if explicit {
        let given = matches
            .get_raw("format")
            .and_then(|mut v| v.next())
            .map(|v| v.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if given == implied {
            return Ok(None);
        }
        let stem = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let extension = match given.as_str() {
            "table" => "txt",
            other => other,
        };
        return Err(format!(
            "--format {given} does not match --output {shown}, a .{} file ({implied})\n\n\
             hint: leave out --format to write {implied}, or name the file {stem}.{extension}",
            path.extension()
                .map_or_else(String::new, |e| e.to_string_lossy().into_owned())
        ));
    }
    if writes.iter().any(|w| w == implied) {
        Ok(Some(implied))
    } else {
        Err(format!(
            "--output {shown} names a {implied} file, but `corridor {name}` writes {}\n\n\
             hint: give --format, or name the file for one of those formats",
            writes.join(", ")
        ))
    }
}

/// How a path is written.
#[derive(Debug, PartialEq, Eq)]
enum Plan {
    /// Opened and written in place: devices, FIFOs, descriptor links.
    WriteThrough(PathBuf),
    /// A new file at this path, created atomically.
    Create(PathBuf),
    /// An existing regular file at this path, replaced atomically, keeping what `Keep` says.
    Replace(PathBuf, Keep),
}

/// What a replaced file keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Keep {
    /// Permission bits (`0o7777` on Unix).
    #[cfg_attr(not(unix), allow(dead_code))]
    mode: u32,
    /// Owner and group (Unix).
    #[cfg_attr(not(unix), allow(dead_code))]
    owner: Option<(u32, u32)>,
}

/// Writes `bytes` to `path` by the rule of this module.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file_with(path, |out| {
        out.write_all(bytes)?;
        Ok(())
    })
}

/// Bytes buffered before a write when output is streamed.
const BUFFER_BYTES: usize = 1 << 16;

/// Calls `write` with a writer to stdout (no `output`, or `-`) or to `output` by the rule of
/// this module, for output written while it is computed (a matrix, shard lines, a merge): the
/// bytes stream into the file (a temporary one, renamed over a regular file only when `write`
/// succeeds), never held whole in memory. On an error a file is left untouched.
pub(crate) fn stream_output<T>(
    output: Option<&Path>,
    write: impl FnOnce(&mut (dyn Write + Send)) -> Result<T>,
) -> Result<T> {
    match output {
        Some(path) if path.as_os_str() != "-" => write_file_with(path, write),
        _ => {
            let mut out = BufWriter::with_capacity(BUFFER_BYTES, io::stdout());
            let value = write(&mut out)?;
            out.flush().context("writing to stdout")?;
            Ok(value)
        }
    }
}

/// Writes what `write` writes to `path` by the rule of this module.
fn write_file_with<T>(
    path: &Path,
    write: impl FnOnce(&mut (dyn Write + Send)) -> Result<T>,
) -> Result<T> {
    let shown = path.display();
    match plan(path).with_context(|| format!("--output {shown}"))? {
        Plan::WriteThrough(target) => {
            let file = OpenOptions::new()
                .write(true)
                .open(&target)
                .with_context(|| format!("--output {shown}: cannot write to it"))?;
            let mut out = BufWriter::with_capacity(BUFFER_BYTES, file);
            let value = write(&mut out)?;
            out.flush()
                .with_context(|| format!("--output {shown}: cannot write to it"))?;
            Ok(value)
        }
        Plan::Create(target) => replace_atomically(&target, None, write)
            .with_context(|| format!("--output {shown}: cannot write {}", target.display())),
        Plan::Replace(target, keep) => replace_atomically(&target, Some(keep), write)
            .with_context(|| format!("--output {shown}: cannot write {}", target.display())),
    }
}

/// Decides how `path` is written, or why it is not.
fn plan(path: &Path) -> Result<Plan> {
    let link = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Plan::Create(path.into())),
        Err(e) => return Err(e).context("cannot look at it"),
    };
    if !link.file_type().is_symlink() {
        return plan_for(path, &link);
    }
    if is_descriptor_link(path) {
        return Ok(Plan::WriteThrough(path.into()));
    }
    match fs::metadata(path) {
        Ok(target) if target.is_file() => {
            let real = fs::canonicalize(path).context("cannot follow the link")?;
            plan_for(&real, &target)
        }
        Ok(target) => plan_for(path, &target),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Plan::Create(
            link_target(path).context("cannot follow the link")?,
        )),
        Err(e) => Err(e).context("cannot follow the link"),
    }
}

/// The plan for an existing file (not a link) at `path` with metadata `m`.
fn plan_for(path: &Path, m: &fs::Metadata) -> Result<Plan> {
    let kind = m.file_type();
    if kind.is_dir() {
        bail!("it is a directory; name a file");
    }
    if is_socket(kind) {
        bail!("it is a socket; corridor writes files, devices and pipes");
    }
    if !kind.is_file() {
        return Ok(Plan::WriteThrough(path.into()));
    }
    let keep = keep_of(m);
    if nobody_may_write(m) {
        bail!(
            "{} is read-only{}; corridor does not replace read-only files (make it writable, \
             e.g. chmod u+w, or choose another name)",
            path.display(),
            mode_text(m)
        );
    }
    // Opening for writing, without truncating or creating, asks the kernel the question
    // access(W_OK) asks, for the user corridor runs as: nothing is changed.
    if let Err(e) = OpenOptions::new().write(true).open(path) {
        if e.kind() == io::ErrorKind::PermissionDenied {
            bail!(
                "{}: permission denied; corridor does not replace a file you may not write",
                path.display()
            );
        }
        return Err(e).with_context(|| format!("cannot open {}", path.display()));
    }
    Ok(Plan::Replace(path.into(), keep))
}

/// Whether `path` is one of the kernel's links to an open descriptor (`/dev/stdout`,
/// `/dev/fd/N`, `/proc/self/fd/N`), which must be written through whatever they point to.
fn is_descriptor_link(path: &Path) -> bool {
    cfg!(unix) && (path.starts_with("/dev") || path.starts_with("/proc"))
}

/// Where a link that points to nothing leads, following up to 40 links.
fn link_target(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let next = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Writes what `write` writes to a new temporary file next to `target` and renames it over
/// `target`, so that `target` is whole or untouched; with `keep`, the new file gets the old
/// one's mode and, where allowed, its owner and group.
fn replace_atomically<T>(
    target: &Path,
    keep: Option<Keep>,
    write: impl FnOnce(&mut (dyn Write + Send)) -> Result<T>,
) -> Result<T> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::other("not a file name"))?
        .to_string_lossy()
        .into_owned();
    let (tmp, file) = create_temporary(&dir, &name)?;
    let written = (|| {
        if let Some(keep) = keep {
            apply_keep(&file, keep)?;
        }
        let mut out = BufWriter::with_capacity(BUFFER_BYTES, file);
        let value = write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, target)?;
        Ok(value)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// A new file `.NAME.PID.N.tmp` in `dir`, created exclusively (never through an existing file
/// or link of that name).
fn create_temporary(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    let mut last = None;
    for n in 0..100 {
        let tmp = dir.join(format!(".{name}.{pid}.{n}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary name")))
}

#[cfg(unix)]
fn is_socket(kind: fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_socket()
}

#[cfg(not(unix))]
fn is_socket(_: fs::FileType) -> bool {
    false
}

#[cfg(unix)]
fn keep_of(m: &fs::Metadata) -> Keep {
    use std::os::unix::fs::MetadataExt;
    Keep {
        mode: m.mode() & 0o7777,
        owner: Some((m.uid(), m.gid())),
    }
}

#[cfg(not(unix))]
fn keep_of(m: &fs::Metadata) -> Keep {
    Keep {
        mode: u32::from(!m.permissions().readonly()),
        owner: None,
    }
}

/// Whether the mode gives nobody the right to write (Unix), or the file is read-only.
#[cfg(unix)]
fn nobody_may_write(m: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    m.mode() & 0o222 == 0
}

#[cfg(not(unix))]
fn nobody_may_write(m: &fs::Metadata) -> bool {
    m.permissions().readonly()
}

#[cfg(unix)]
fn mode_text(m: &fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    format!(" (mode {:04o})", m.mode() & 0o7777)
}

#[cfg(not(unix))]
fn mode_text(_: &fs::Metadata) -> String {
    String::new()
}

/// Gives the temporary file the replaced file's owner and group where the system allows (root
/// may give both, a member of the group the group), then its permission bits (after the owner,
/// which would clear set-id bits).
#[cfg(unix)]
fn apply_keep(file: &File, keep: Keep) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt, fchown};
    if let Some((uid, gid)) = keep.owner {
        let now = file.metadata()?;
        if (now.uid(), now.gid()) != (uid, gid) && fchown(file, Some(uid), Some(gid)).is_err() {
            let _ = fchown(file, None, Some(gid));
        }
    }
    file.set_permissions(fs::Permissions::from_mode(keep.mode))
}

#[cfg(not(unix))]
fn apply_keep(_: &File, _: Keep) -> io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn devices_and_descriptor_links_are_written_through() {
        let null = Path::new("/dev/null");
        assert_eq!(plan(null).ok(), Some(Plan::WriteThrough(null.into())));
        let stdout = Path::new("/dev/stdout");
        if fs::symlink_metadata(stdout).is_ok_and(|m| m.file_type().is_symlink()) {
            assert_eq!(plan(stdout).ok(), Some(Plan::WriteThrough(stdout.into())));
        }
    }

    #[test]
    fn directories_are_refused_and_new_files_created() {
        let dir = std::env::temp_dir();
        assert!(plan(&dir).is_err());
        let new = dir.join(format!("corridor-plan-{}-none.json", std::process::id()));
        assert_eq!(plan(&new).ok(), Some(Plan::Create(new.clone())));
    }
}
