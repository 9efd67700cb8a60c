//! How the reference's conformance runner (ref-fvm's `testing/conformance` test `runner`, built
//! with `cargo test --release -p fvm_conformance_tests --test runner --no-run`) is pointed at one
//! corpus and held to one thread.
//!
//! The runner reads the vectors under `test-vectors/corpus` of its working directory (unless
//! `VECTOR` names another path), runs `TEST_VECTOR_PARALLELISM` vectors at once (default: the
//! number of CPUs), and compiles actor modules with wasmtime on rayon's pool
//! (`RAYON_NUM_THREADS`). Its actor bundles are compiled into the binary. It prints its counts
//! only when the test harness does not capture output (`--nocapture`).

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary working directory whose `test-vectors/corpus` links to one corpus directory;
/// removed on drop.
#[derive(Debug)]
pub struct ReferenceCorpus {
    root: PathBuf,
    corpus: PathBuf,
}

impl ReferenceCorpus {
    /// Creates `<temp dir>/fvmi-sbs-ref-<process id>-<corpus name>/test-vectors/corpus` as a
    /// link to `corpus`.
    ///
    /// # Errors
    /// When `corpus` is not a directory or the directory or link cannot be made.
    pub fn new(corpus: &Path) -> io::Result<Self> {
        let corpus = corpus.canonicalize()?;
        if !corpus.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("{} is not a directory", corpus.display()),
            ));
        }
        let name = corpus
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let root = std::env::temp_dir().join(format!("fvmi-sbs-ref-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let made = Self { root, corpus };
        let vectors = made.root.join("test-vectors");
        std::fs::create_dir_all(&vectors)?;
        link(&made.corpus, &vectors.join("corpus"))?;
        Ok(made)
    }

    /// The corpus directory the link points at.
    pub fn corpus(&self) -> &Path {
        &self.corpus
    }

    /// Sets up `command` (the runner binary) to run every vector of the corpus on one thread and
    /// print its counts.
    pub fn configure(&self, command: &mut Command) {
        command
            .current_dir(&self.root)
            .env_remove("VECTOR")
            .env("TEST_VECTOR_PARALLELISM", "1")
            .env("RAYON_NUM_THREADS", "1")
            .env("NO_COLOR", "1")
            .arg("--nocapture");
    }
}

impl Drop for ReferenceCorpus {
    fn drop(&mut self) {
        // Removes the link, not what it points at.
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, at)
}

#[cfg(not(unix))]
fn link(_target: &Path, _at: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "the reference corpus link needs a unix system",
    ))
}

/// Whether the runner's result line (`conformance tests result: P/T tests passed (S skipped)`)
/// says that every vector it ran passed, and that it ran at least one.
pub fn all_passed(summary: &str) -> bool {
    let counts = summary
        .split_once("result:")
        .and_then(|(_, rest)| rest.trim().split_once(' '))
        .and_then(|(ratio, _)| ratio.split_once('/'))
        .and_then(|(p, t)| Some((p.parse::<u64>().ok()?, t.parse::<u64>().ok()?)));
    matches!(counts, Some((passed, total)) if passed == total && total > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_lines_are_judged() {
        let line = |s: &str| format!("conformance tests result: {s} tests passed (0 skipped)");
        assert!(all_passed(&line("188/188")));
        assert!(!all_passed(&line("187/188")));
        assert!(!all_passed(&line("0/0")));
        assert!(!all_passed(""));
    }

    #[test]
    fn the_link_points_at_the_corpus_and_goes_away() {
        let corpus = std::env::temp_dir().join(format!("fvmi-sbs-test-{}", std::process::id()));
        std::fs::create_dir_all(&corpus).unwrap();
        std::fs::write(corpus.join("v.json"), "{}").unwrap();
        let made = ReferenceCorpus::new(&corpus).unwrap();
        let root = made.root.clone();
        assert!(root.join("test-vectors/corpus/v.json").is_file());
        drop(made);
        assert!(!root.exists());
        assert!(corpus.join("v.json").is_file());
        std::fs::remove_dir_all(&corpus).unwrap();
    }
}
