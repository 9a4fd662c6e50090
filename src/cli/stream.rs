//! Output that is written while it is computed (a matrix, shard lines, a merge): to stdout
//! through a buffer, or to the `--output` file by the rule of `output.rs` (devices and pipes
//! written through; a regular file replaced atomically, keeping its permissions; read-only
//! files, directories and sockets refused), with the bytes streamed into the temporary file
//! instead of held in memory.

use anyhow::{Context, Result, bail};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Bytes buffered before a write: rows are written as they are done, in large writes.
const BUFFER_BYTES: usize = 1 << 16;

/// Calls `write` with a writer to stdout (no `output`, or `-`) or to `output`. A file appears
/// only when `write` succeeds, whole; on an error it is left untouched.
pub(crate) fn stream_output<T>(
    output: Option<&Path>,
    write: impl FnOnce(&mut (dyn Write + Send)) -> Result<T>,
) -> Result<T> {
    let Some(path) = output.filter(|p| p.as_os_str() != "-") else {
        let mut out = BufWriter::with_capacity(BUFFER_BYTES, io::stdout());
        let value = write(&mut out)?;
        out.flush().context("writing to stdout")?;
        return Ok(value);
    };
    let shown = path.display();
    let target = match fs::metadata(path) {
        Ok(m) if m.is_dir() => bail!("--output {shown}: it is a directory; name a file"),
        Ok(m) if !m.is_file() => {
            // A device or a pipe: written through, never replaced.
            let file = OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("--output {shown}: cannot write to it"))?;
            let mut out = BufWriter::with_capacity(BUFFER_BYTES, file);
            let value = write(&mut out)?;
            out.flush()
                .with_context(|| format!("--output {shown}: cannot write to it"))?;
            return Ok(value);
        }
        Ok(m) => {
            if m.permissions().readonly() {
                bail!(
                    "--output {shown}: it is read-only; corridor does not replace read-only files \
                     (make it writable, e.g. chmod u+w, or choose another name)"
                );
            }
            // Replacing a link's target keeps the link.
            let real = fs::canonicalize(path)
                .with_context(|| format!("--output {shown}: cannot follow it"))?;
            (real, Some(m.permissions()))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => (path.to_path_buf(), None),
        Err(e) => return Err(e).with_context(|| format!("--output {shown}: cannot look at it")),
    };
    let (target, permissions) = target;
    let (tmp, file) = temporary_next_to(&target)
        .with_context(|| format!("--output {shown}: cannot create a file next to it"))?;
    let result = (|| {
        let mut out = BufWriter::with_capacity(BUFFER_BYTES, file);
        let value = write(&mut out)?;
        let file = out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .with_context(|| format!("--output {shown}: cannot write it"))?;
        if let Some(p) = permissions {
            file.set_permissions(p)
                .with_context(|| format!("--output {shown}: cannot keep its permissions"))?;
        }
        file.sync_all()
            .with_context(|| format!("--output {shown}: cannot write it"))?;
        drop(file);
        fs::rename(&tmp, &target)
            .with_context(|| format!("--output {shown}: cannot replace it"))?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A new file `.NAME.PID.N.partial` next to `target`, created exclusively.
fn temporary_next_to(target: &Path) -> io::Result<(PathBuf, File)> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::other("not a file name"))?
        .to_string_lossy()
        .into_owned();
    let pid = std::process::id();
    let mut last = None;
    for n in 0..100 {
        let tmp = dir.join(format!(".{name}.{pid}.{n}.partial"));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary name")))
}
