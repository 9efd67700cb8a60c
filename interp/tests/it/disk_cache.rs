//! The on-disk module cache: entries are written once prepared, found again by a fresh engine,
//! checked on load (a corrupt entry is rebuilt, never used), safe with concurrent writers, and
//! separate per engine configuration.

use std::path::{Path, PathBuf};

use fvmi_interp::{DiskCache, Engine, EngineConfig, WasmPrices};

fn wasm(text: &str) -> Vec<u8> {
    match wat::parse_str(text) {
        Ok(b) => b,
        Err(e) => panic!("bad test module: {e}"),
    }
}

fn module(name: &str) -> Vec<u8> {
    wasm(&format!(
        r#"(module (memory (export "memory") 1)
             (func (export "{name}") (result i32) (call $inner))
             (func $inner (result i32) (i32.const 7)))"#
    ))
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fvmi-disk-cache-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn engine(config: EngineConfig, dir: &Path) -> Engine {
    let engine = Engine::new(config);
    engine.set_disk_cache(Some(DiskCache::new(dir)));
    engine
}

fn exports(engine: &Engine, wasm: &[u8]) -> Vec<String> {
    match engine.prepare(b"code", wasm) {
        Ok(m) => m
            .wasmi_module()
            .exports()
            .map(|e| e.name().to_owned())
            .collect(),
        Err(e) => panic!("{e}"),
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn an_entry_is_written_then_used_by_a_fresh_engine() {
    let dir = temp_dir("hit");
    let (a, b) = (module("a"), module("b"));
    assert!(exports(&engine(EngineConfig::NV16, &dir), &a).contains(&"a".to_owned()));
    let entries = files(&dir);
    assert_eq!(entries.len(), 1, "{entries:?}");
    let entry_a = DiskCache::new(&dir).entry_path(&EngineConfig::NV16, &a);
    assert_eq!(entries[0], entry_a);
    // Proof that a fresh engine takes the module from disk: install b's (sound) entry under
    // a's key; the engine then prepares a as b.
    engine(EngineConfig::NV16, &dir).prepare(b"b", &b).unwrap();
    let entry_b = DiskCache::new(&dir).entry_path(&EngineConfig::NV16, &b);
    std::fs::copy(&entry_b, &entry_a).unwrap();
    assert!(exports(&engine(EngineConfig::NV16, &dir), &a).contains(&"b".to_owned()));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_corrupt_or_truncated_entry_is_rebuilt() {
    let dir = temp_dir("corrupt");
    let a = module("a");
    engine(EngineConfig::NV15, &dir).prepare(b"a", &a).unwrap();
    let path = DiskCache::new(&dir).entry_path(&EngineConfig::NV15, &a);
    let good = std::fs::read(&path).unwrap();
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    for bad in [
        flipped,
        good[..good.len() / 2].to_vec(),
        b"garbage".to_vec(),
        vec![],
    ] {
        std::fs::write(&path, &bad).unwrap();
        assert!(exports(&engine(EngineConfig::NV15, &dir), &a).contains(&"a".to_owned()));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            good,
            "the entry was rewritten whole"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn concurrent_writers_leave_one_sound_entry() {
    let dir = temp_dir("race");
    let a = module("a");
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| {
                assert!(exports(&engine(EngineConfig::NV18, &dir), &a).contains(&"a".to_owned()));
            });
        }
    });
    let entries = files(&dir);
    assert_eq!(
        entries.len(),
        1,
        "no temporary file left behind: {entries:?}"
    );
    let fresh = temp_dir("race-fresh");
    engine(EngineConfig::NV18, &fresh)
        .prepare(b"a", &a)
        .unwrap();
    assert_eq!(
        std::fs::read(&entries[0]).unwrap(),
        std::fs::read(files(&fresh)[0].clone()).unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&fresh);
}

#[test]
fn keys_separate_configurations_and_skip_custom_rules() {
    let dir = temp_dir("keys");
    let a = module("a");
    let cache = DiskCache::new(&dir);
    let paths = [EngineConfig::NV15, EngineConfig::NV16, EngineConfig::NV18]
        .map(|config| cache.entry_path(&config, &a));
    assert!(paths[0] != paths[1] && paths[1] != paths[2] && paths[0] != paths[2]);
    assert_ne!(
        cache.entry_path(&EngineConfig::NV16, &module("b")),
        paths[1]
    );
    let custom = Engine::with_rules(2048, WasmPrices::SKYR);
    custom.set_disk_cache(Some(cache.clone()));
    assert_eq!(custom.disk_cache(), None);
    custom.prepare(b"a", &a).unwrap();
    assert!(
        files(&dir).is_empty(),
        "custom rules are never cached on disk"
    );
}

#[test]
fn invalid_modules_are_refused_and_never_stored() {
    let dir = temp_dir("invalid");
    let engine = engine(EngineConfig::NV16, &dir);
    assert!(engine.prepare(b"bad", b"\0asm\x01\0\0\0\x01").is_err());
    assert!(files(&dir).is_empty());
}
