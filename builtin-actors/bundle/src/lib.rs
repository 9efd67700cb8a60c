//! Empty: this package only pins the builtin actor crates; `../build.rs` builds them with `-p`.
