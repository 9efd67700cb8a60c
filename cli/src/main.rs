//! The `fvmi` command line.

fn main() {
    println!("fvmi {}", env!("CARGO_PKG_VERSION"));
}
