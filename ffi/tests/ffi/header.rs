//! The checked-in `include/fvmi.h` is exactly what cbindgen generates from the crate today.
//! Regenerate it with `FVMI_BLESS_HEADER=1 cargo test --release -p fvmi-ffi --test ffi header`.

use std::path::Path;

#[test]
fn the_checked_in_header_matches_the_crate() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("reading cbindgen.toml");
    let bindings = cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen could not generate the header");
    let temp = std::env::temp_dir().join(format!("fvmi-header-{}.h", std::process::id()));
    bindings.write_to_file(&temp);
    let generated = std::fs::read_to_string(&temp).expect("reading the generated header");
    std::fs::remove_file(&temp).expect("removing the generated header");
    let checked_in_path = crate_dir.join("include/fvmi.h");
    if std::env::var_os("FVMI_BLESS_HEADER").is_some() {
        std::fs::write(&checked_in_path, &generated).expect("writing include/fvmi.h");
        return;
    }
    let checked_in = std::fs::read_to_string(&checked_in_path).unwrap_or_default();
    if checked_in != generated {
        let first_difference = checked_in
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .map_or(
                checked_in.lines().count().min(generated.lines().count()),
                |line| line,
            );
        panic!(
            "ffi/include/fvmi.h is out of date with the crate (first difference at line {}). \
             Regenerate it with `FVMI_BLESS_HEADER=1 cargo test --release -p fvmi-ffi --test ffi \
             header` and commit it.",
            first_difference + 1
        );
    }
}
