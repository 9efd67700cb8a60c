//! The 34 raw imports of ABI v1, exactly as `fvm_sdk` 1.0.0-rc.2 declares them.
//!
//! Every import returns an `i32` status: `0` for success, else an `ErrorNumber`. An import
//! that produces a value takes, as its *first* parameter, a pointer where the host writes that
//! value on success (listed here as `ret`). Pointers and `u32` are wasm `i32`; `u64`/`i64` are
//! wasm `i64`.
//!
//! On wasm32 these are real imports. On other targets (so the crate builds and its pure logic
//! can be unit-tested on the host) each is a stub that writes nothing and returns
//! [`HOST_STUB_STATUS`].

/// Status returned by every host-side stub: `ErrorNumber::IllegalOperation`.
pub const HOST_STUB_STATUS: u32 = 2;

macro_rules! imports {
    ($(
        $(#[$module_doc:meta])*
        mod $module:ident = $wasm_module:literal {
            $( fn $name:ident($($arg:ident : $ty:ty),* $(,)?); )*
        }
    )*) => {$(
        $(#[$module_doc])*
        pub mod $module {
            #[cfg(target_arch = "wasm32")]
            #[link(wasm_import_module = $wasm_module)]
            extern "C" {
                $(
                    #[doc = concat!("Import `", $wasm_module, "::", stringify!($name), "`.")]
                    pub fn $name($($arg: $ty),*) -> u32;
                )*
            }

            $(
                #[cfg(not(target_arch = "wasm32"))]
                #[doc = concat!("Host stub of `", $wasm_module, "::", stringify!($name), "`.")]
                ///
                /// # Safety
                ///
                /// Always safe on the host; declared `unsafe` to match the wasm import.
                #[allow(unused_variables, clippy::too_many_arguments)]
                pub unsafe fn $name($($arg: $ty),*) -> u32 {
                    super::HOST_STUB_STATUS
                }
            )*
        }
    )*};
}

imports! {
    /// Imports of wasm module `actor`.
    mod actor = "actor" {
        fn resolve_address(ret: *mut u8, addr_off: *const u8, addr_len: u32);
        fn get_actor_code_cid(ret: *mut u8, actor_id: u64, obuf_off: *mut u8, obuf_len: u32);
        fn get_builtin_actor_type(ret: *mut u8, cid_off: *const u8);
        fn get_code_cid_for_type(ret: *mut u8, typ: i32, obuf_off: *mut u8, obuf_len: u32);
        fn new_actor_address(ret: *mut u8, obuf_off: *mut u8, obuf_len: u32);
        fn create_actor(actor_id: u64, typ_off: *const u8);
    }

    /// Imports of wasm module `crypto`.
    mod crypto = "crypto" {
        fn verify_signature(
            ret: *mut u8,
            sig_type: u32,
            sig_off: *const u8,
            sig_len: u32,
            addr_off: *const u8,
            addr_len: u32,
            plaintext_off: *const u8,
            plaintext_len: u32,
        );
        fn hash(
            ret: *mut u8,
            hash_code: u64,
            data_off: *const u8,
            data_len: u32,
            digest_off: *mut u8,
            digest_len: u32,
        );
        fn compute_unsealed_sector_cid(
            ret: *mut u8,
            proof_type: i64,
            pieces_off: *const u8,
            pieces_len: u32,
            cid_off: *mut u8,
            cid_len: u32,
        );
        fn verify_seal(ret: *mut u8, info_off: *const u8, info_len: u32);
        fn verify_post(ret: *mut u8, info_off: *const u8, info_len: u32);
        fn verify_consensus_fault(
            ret: *mut u8,
            h1_off: *const u8,
            h1_len: u32,
            h2_off: *const u8,
            h2_len: u32,
            extra_off: *const u8,
            extra_len: u32,
        );
        fn verify_aggregate_seals(ret: *mut u8, agg_off: *const u8, agg_len: u32);
        fn verify_replica_update(ret: *mut u8, rep_off: *const u8, rep_len: u32);
        fn batch_verify_seals(batch_off: *const u8, batch_len: u32, result_off: *mut u8);
    }

    /// Imports of wasm module `debug`.
    mod debug = "debug" {
        fn enabled(ret: *mut u8);
        fn log(message: *const u8, message_len: u32);
    }

    /// Imports of wasm module `gas`.
    mod gas = "gas" {
        fn charge(name_off: *const u8, name_len: u32, amount: u64);
    }

    /// Imports of wasm module `ipld`.
    mod ipld = "ipld" {
        fn block_open(ret: *mut u8, cid: *const u8);
        fn block_create(ret: *mut u8, codec: u64, data: *const u8, len: u32);
        fn block_read(ret: *mut u8, id: u32, offset: u32, obuf: *mut u8, max_len: u32);
        fn block_stat(ret: *mut u8, id: u32);
        fn block_link(
            ret: *mut u8,
            id: u32,
            hash_fun: u64,
            hash_len: u32,
            cid: *mut u8,
            cid_max_len: u32,
        );
    }

    /// Imports of wasm module `network`.
    mod network = "network" {
        fn base_fee(ret: *mut u8);
        fn total_fil_circ_supply(ret: *mut u8);
    }

    /// Imports of wasm module `rand`.
    mod rand = "rand" {
        fn get_chain_randomness(
            ret: *mut u8,
            tag: i64,
            epoch: i64,
            entropy_off: *const u8,
            entropy_len: u32,
        );
        fn get_beacon_randomness(
            ret: *mut u8,
            tag: i64,
            epoch: i64,
            entropy_off: *const u8,
            entropy_len: u32,
        );
    }

    /// Imports of wasm module `send`.
    mod send = "send" {
        fn send(
            ret: *mut u8,
            recipient_off: *const u8,
            recipient_len: u32,
            method: u64,
            params: u32,
            value_hi: u64,
            value_lo: u64,
        );
    }

    /// Imports of wasm module `self` (`self` is a Rust keyword, hence `sself`).
    mod sself = "self" {
        fn root(ret: *mut u8, cid: *mut u8, cid_max_len: u32);
        fn set_root(cid: *const u8);
        fn current_balance(ret: *mut u8);
        fn self_destruct(addr_off: *const u8, addr_len: u32);
    }

    /// Imports of wasm module `vm`.
    mod vm = "vm" {
        fn abort(code: u32, message_off: *const u8, message_len: u32);
        fn context(ret: *mut u8);
    }
}
