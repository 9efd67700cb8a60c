//! The per-instance memory limit of network version 18 on (the reference's 512 MiB
//! `max_inst_memory_bytes`): a `memory.grow` past it must return -1, as the reference's
//! allocator refuses it. fvmi enforces it in the module itself: the maximum of every memory the
//! module defines is lowered to the limit before compilation, so wasmi fails such a growth the
//! way the wasm specification says (-1), with no host limiter. The instrumented code, and so
//! gas, is untouched; only the memory section's limits change.

use wasmparser::{Parser, Payload};

use crate::encode::{section, uleb};
use crate::error::LoadError;

/// The size of a wasm page.
const PAGE_BYTES: u64 = 65_536;
/// The id of the memory section.
const MEMORY_SECTION: u8 = 5;

/// `wasm` with the maximum of each defined 32-bit memory lowered to `max_bytes` (rounded down
/// to whole pages). Modules are valid (validated before); other memory kinds are left as they
/// are (the feature set refuses them).
pub(crate) fn cap_memories(wasm: &[u8], max_bytes: u64) -> Result<Vec<u8>, LoadError> {
    let cap_pages = max_bytes / PAGE_BYTES;
    let malformed = |e: wasmparser::BinaryReaderError| LoadError::Invalid(e.to_string());
    let mut out = Vec::with_capacity(wasm.len());
    out.extend_from_slice(wasm.get(..8).unwrap_or_default());
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(malformed)?;
        let Some((id, range)) = payload.as_section() else {
            continue;
        };
        let body = usize::try_from(range.start)
            .ok()
            .zip(usize::try_from(range.end).ok())
            .and_then(|(start, end)| wasm.get(start..end))
            .ok_or_else(|| LoadError::Invalid("section out of bounds".into()))?;
        match payload {
            Payload::MemorySection(reader) => {
                let mut memories = Vec::new();
                uleb(&mut memories, u64::from(reader.count()));
                for memory in reader {
                    let memory = memory.map_err(malformed)?;
                    if memory.memory64 || memory.shared || memory.page_size_log2.is_some() {
                        return Err(LoadError::Invalid("unsupported memory kind".into()));
                    }
                    let maximum = memory.maximum.map_or(cap_pages, |max| max.min(cap_pages));
                    memories.push(0x01);
                    uleb(&mut memories, memory.initial);
                    uleb(&mut memories, maximum.max(memory.initial));
                }
                section(&mut out, MEMORY_SECTION, &memories);
            }
            _ => section(&mut out, id, body),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grow_after_cap(wat: &str, pages: i32) -> i32 {
        let wasm = wat::parse_str(wat).unwrap();
        let capped = cap_memories(&wasm, 4 * PAGE_BYTES).unwrap();
        wasmparser::Validator::new().validate_all(&capped).unwrap();
        let engine = wasmi::Engine::default();
        let module = wasmi::Module::new(&engine, &capped[..]).unwrap();
        let mut store = wasmi::Store::new(&engine, ());
        let instance = wasmi::Linker::new(&engine)
            .instantiate_and_start(&mut store, &module)
            .unwrap();
        let grow = instance.get_typed_func::<i32, i32>(&store, "grow").unwrap();
        grow.call(&mut store, pages).unwrap()
    }

    const MODULE: &str = r#"(module (memory (export "memory") 1)
        (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#;

    #[test]
    fn growth_past_the_cap_returns_minus_one() {
        assert_eq!(grow_after_cap(MODULE, 3), 1, "up to the cap it grows");
        assert_eq!(grow_after_cap(MODULE, 4), -1, "past the cap it fails");
        let lower = MODULE.replace(
            "(memory (export \"memory\") 1)",
            "(memory (export \"memory\") 1 2)",
        );
        assert_eq!(
            grow_after_cap(&lower, 2),
            -1,
            "a lower declared maximum stays"
        );
    }

    #[test]
    fn the_nv18_engine_caps_memory_at_512_mib_and_nv16_does_not() {
        use crate::{Engine, EngineConfig};
        let wasm = wat::parse_str(MODULE).unwrap();
        let maximum = |config: EngineConfig| {
            let module = Engine::new(config).prepare_uncached(&wasm).unwrap();
            match module.wasmi_module().get_export("memory") {
                Some(wasmi::ExternType::Memory(memory)) => memory.maximum(),
                other => panic!("no memory export: {other:?}"),
            }
        };
        assert_eq!(maximum(EngineConfig::NV18), Some((512 << 20) / PAGE_BYTES));
        assert_eq!(maximum(EngineConfig::NV16), None);
        assert_eq!(maximum(EngineConfig::NV15), None);
    }

    #[test]
    fn only_the_memory_section_changes() {
        let wasm = wat::parse_str(MODULE).unwrap();
        let capped = cap_memories(&wasm, 512 << 20).unwrap();
        assert_ne!(capped, wasm);
        let sections = |bytes: &[u8]| -> Vec<(u8, Vec<u8>)> {
            Parser::new(0)
                .parse_all(bytes)
                .filter_map(|p| {
                    p.unwrap()
                        .as_section()
                        .map(|(id, r)| (id, bytes[r.start as usize..r.end as usize].to_vec()))
                })
                .filter(|(id, _)| *id != MEMORY_SECTION)
                .collect()
        };
        assert_eq!(sections(&capped), sections(&wasm));
    }
}
