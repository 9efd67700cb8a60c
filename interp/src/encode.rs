//! Minimal wasm binary encoding helpers (LEB128 and the few opcodes the instrumentation emits).

/// Appends `value` as unsigned LEB128.
pub(crate) fn uleb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Appends `value` as signed LEB128.
pub(crate) fn sleb(out: &mut Vec<u8>, mut value: i64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        let sign_clear = byte & 0x40 == 0;
        if (value == 0 && sign_clear) || (value == -1 && !sign_clear) {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Appends a section with the given id and payload.
pub(crate) fn section(out: &mut Vec<u8>, id: u8, payload: &[u8]) {
    out.push(id);
    uleb(out, payload.len() as u64);
    out.extend_from_slice(payload);
}

/// Opcodes used by the injected code.
pub(crate) mod op {
    pub const UNREACHABLE: u8 = 0x00;
    pub const BLOCK: u8 = 0x02;
    pub const IF: u8 = 0x04;
    pub const END: u8 = 0x0b;
    pub const BR: u8 = 0x0c;
    pub const CALL: u8 = 0x10;
    pub const LOCAL_GET: u8 = 0x20;
    pub const LOCAL_SET: u8 = 0x21;
    pub const LOCAL_TEE: u8 = 0x22;
    pub const GLOBAL_GET: u8 = 0x23;
    pub const GLOBAL_SET: u8 = 0x24;
    pub const MEMORY_GROW: u8 = 0x40;
    pub const I32_CONST: u8 = 0x41;
    pub const I64_CONST: u8 = 0x42;
    pub const F32_CONST: u8 = 0x43;
    pub const F64_CONST: u8 = 0x44;
    pub const I32_GT_U: u8 = 0x4b;
    pub const I64_LT_S: u8 = 0x53;
    pub const I32_ADD: u8 = 0x6a;
    pub const I32_SUB: u8 = 0x6b;
    pub const I64_SUB: u8 = 0x7d;
    pub const I64_MUL: u8 = 0x7e;
    pub const I64_EXTEND_I32_U: u8 = 0xad;
    pub const EMPTY_BLOCK: u8 = 0x40;
    pub const VALTYPE_I32: u8 = 0x7f;
    pub const VALTYPE_I64: u8 = 0x7e;
    pub const VALTYPE_F32: u8 = 0x7d;
    pub const VALTYPE_F64: u8 = 0x7c;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leb_round_trips_through_wasmparser() {
        for v in [
            0i64,
            1,
            -1,
            63,
            64,
            -64,
            -65,
            127,
            128,
            i64::MAX,
            i64::MIN,
            4000,
            -4000,
        ] {
            let mut buf = Vec::new();
            sleb(&mut buf, v);
            let mut r = wasmparser::BinaryReader::new(&buf, 0);
            assert_eq!(r.read_var_i64().ok(), Some(v));
        }
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64] {
            let mut buf = Vec::new();
            uleb(&mut buf, v);
            let mut r = wasmparser::BinaryReader::new(&buf, 0);
            assert_eq!(r.read_var_u32().ok().map(u64::from), Some(v));
        }
    }
}
