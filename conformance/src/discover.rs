//! Finding vector files under a directory, in a stable order.

use std::path::{Path, PathBuf};

/// All `*.json` files under `dir` (recursively, not following symbolic links), sorted by path.
///
/// A missing or unreadable directory yields an empty list; `dir` may also be a single file.
pub fn discover(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if dir.is_file() {
        if is_vector_file(dir) {
            found.push(dir.to_path_buf());
        }
        return found;
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if file_type.is_dir() {
                pending.push(path);
            } else if file_type.is_file() && is_vector_file(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn is_vector_file(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_json_files_recursively_in_order() {
        let root = std::env::temp_dir().join(format!("fvmi-discover-{}", std::process::id()));
        let nested = root.join("b").join("c");
        std::fs::create_dir_all(&nested).unwrap();
        for file in [
            root.join("z.json"),
            root.join("a.txt"),
            nested.join("m.json"),
            root.join("b").join("a.json"),
        ] {
            std::fs::write(file, "{}").unwrap();
        }
        let found = discover(&root);
        let names: Vec<_> = found
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            vec![
                PathBuf::from("b/a.json"),
                PathBuf::from("b/c/m.json"),
                PathBuf::from("z.json")
            ]
        );
        assert!(discover(&root.join("missing")).is_empty());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
