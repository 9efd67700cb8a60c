//! Vectors that cannot pass by design, as data (`data/known-divergences.json`): each entry names
//! a vector file and says whether it is skipped or run and required to fail, and why.

use std::path::Path;

use serde::Deserialize;

/// What the runner does with a listed vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DivergenceAction {
    /// Not run; reported as skipped with the reason.
    Skip,
    /// Run; a failure is reported as a skip with the reason and the first difference, a pass
    /// as a failure (the entry is stale).
    ExpectFailure,
}

/// One listed vector.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct KnownDivergence {
    /// The vector file's name without `.json`.
    pub file: String,
    /// What to do with it.
    pub action: DivergenceAction,
    /// Why it cannot pass.
    pub reason: String,
}

#[derive(Deserialize)]
struct DivergenceFile {
    entries: Vec<KnownDivergence>,
}

const LIST: &str = include_str!("../data/known-divergences.json");

/// The listed vectors.
pub fn known_divergences() -> Vec<KnownDivergence> {
    match serde_json::from_str::<DivergenceFile>(LIST) {
        Ok(file) => file.entries,
        Err(_) => unreachable!("the list is checked by a unit test"),
    }
}

/// The entry for the vector at `path`, if it is listed.
pub fn divergence_for(path: &Path) -> Option<KnownDivergence> {
    let stem = path.file_stem()?.to_str()?;
    known_divergences()
        .into_iter()
        .find(|entry| entry.file == stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_parses_and_every_entry_has_a_reason() {
        let entries: Vec<KnownDivergence> = serde_json::from_str::<DivergenceFile>(LIST)
            .expect("the list parses")
            .entries;
        assert!(!entries.is_empty());
        for entry in &entries {
            assert!(!entry.reason.trim().is_empty(), "{}", entry.file);
            assert!(!entry.file.ends_with(".json"), "{}", entry.file);
        }
        let first = &entries[0];
        let path = Path::new("some/dir").join(format!("{}.json", first.file));
        assert_eq!(divergence_for(&path).as_ref(), Some(first));
        assert_eq!(divergence_for(Path::new("other.json")), None);
    }
}
