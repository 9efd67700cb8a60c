//! The fvmi state tree: actors HAMT, actor states, address resolution and the builtin-actor manifest.
//!
//! See this crate's README.md for its place in fvmi.

/// This crate's name, as recorded in its manifest.
pub const CRATE_NAME: &str = env!("CARGO_PKG_NAME");

#[cfg(test)]
mod tests {
    #[test]
    fn crate_name_matches_folder() {
        assert!(super::CRATE_NAME.starts_with("fvmi-"));
    }
}
