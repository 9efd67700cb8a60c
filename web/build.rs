//! On wasm32, gives the module a shadow stack large enough for the deepest legal call chain.
//!
//! Rust's wasm32 code keeps its stack in linear memory, 1 MiB by default and placed first, so
//! an overflow traps ("memory access out of bounds") instead of corrupting data. Each nested send
//! takes about 6 KiB of it, so 1 MiB ends near depth 150; the reference allows 1025 frames.

/// The shadow stack for wasm32 builds: 1025 frames of nested sends with room to spare.
const WASM_STACK_BYTES: u64 = 16 << 20;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=-zstack-size={WASM_STACK_BYTES}");
    }
}
