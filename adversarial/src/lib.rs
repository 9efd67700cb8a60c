//! Hostile actors for fvmi, written in WebAssembly text, with everything a harness needs to run
//! them: each actor's name, description, full wat source for an ABI, the method and parameters
//! to call it with, and the IDs of the small chain it expects ([`chain`]).
//!
//! An actor is written once as a body (`actors/<name>.wat`); [`Actor::wat`] wraps it into a
//! module with the ABI's prelude (`actors/prelude_v1.wat` for network versions 15–17,
//! `actors/prelude_v3.wat` for 18), which imports the syscalls and defines helpers with the same
//! signatures in both (`$exit`, `$exit_with_block`, `$send`, `$send_params`, `$create_actor`), and the shared memory layout and
//! helpers of `actors/common.wat` (`$put_block`, `$touch_state`).
//!
//! The actor runs as f01000 with [`ACTOR_BALANCE`] attoFIL; messages come from the account
//! f0100; `$touch_state` moves 1 attoFIL to the account f0101. The tests (`tests/`) run every
//! actor at every network version and check the outcome and the rollback; README.md tabulates
//! the expected outcomes and their sources.

pub mod chain;

use fvmi_types::NetworkVersion;

/// The ID the adversarial actor runs at (its address is written into `actors/common.wat`).
pub const ACTOR_ID: u64 = 1000;
/// The account messages come from.
pub const SENDER_ID: u64 = 100;
/// The account `$touch_state` pays 1 attoFIL to (its address is in `actors/common.wat`).
pub const OTHER_ID: u64 = 101;
/// The adversarial actor's balance, attoFIL.
pub const ACTOR_BALANCE: u64 = 1_000_000;
/// The method every message calls (the actors do not look at it).
pub const METHOD: u64 = 2;

/// The syscall ABI an actor is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Abi {
    /// ABI v1: network versions 15 to 17.
    V1,
    /// ABI v3: network version 18.
    V3,
}

impl Abi {
    /// The ABI actors use at `nv`.
    pub fn for_network_version(nv: NetworkVersion) -> Abi {
        if nv >= NetworkVersion::V18 {
            Abi::V3
        } else {
            Abi::V1
        }
    }

    fn prelude(self) -> &'static str {
        match self {
            Abi::V1 => include_str!("../actors/prelude_v1.wat"),
            Abi::V3 => include_str!("../actors/prelude_v3.wat"),
        }
    }
}

const COMMON: &str = include_str!("../actors/common.wat");

/// One adversarial actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Its name (the `actors/<name>.wat` file, or `exit_code_<code>` for [`exit_code`]).
    pub name: String,
    /// What it does and how it reports (the body's header comment).
    pub description: String,
    /// Its body: module fields after the prelude and `common.wat`.
    pub body: String,
}

impl Actor {
    fn from_body(name: &str, body: &str) -> Actor {
        let description = body
            .lines()
            .take_while(|line| line.starts_with(";;"))
            .map(|line| line.trim_start_matches(';').trim())
            .collect::<Vec<_>>()
            .join(" ");
        Actor {
            name: name.to_owned(),
            description,
            body: body.to_owned(),
        }
    }

    /// The whole module for `abi`, as WebAssembly text.
    pub fn wat(&self, abi: Abi) -> String {
        format!("(module\n{}\n{COMMON}\n{}\n)\n", abi.prelude(), self.body)
    }

    /// The module for `abi`, compiled to WebAssembly.
    pub fn wasm(&self, abi: Abi) -> Result<Vec<u8>, wat::Error> {
        wat::parse_str(self.wat(abi))
    }

    /// The method to call it with ([`METHOD`]); it takes no parameters.
    pub fn method(&self) -> u64 {
        METHOD
    }
}

/// The actor ending with exit code `code` right after changing state (`actors/exit_code.wat`).
pub fn exit_code(code: u32) -> Actor {
    let body = include_str!("../actors/exit_code.wat").replace("CODE", &(code as i32).to_string());
    Actor::from_body(&format!("exit_code_{code}"), &body)
}

macro_rules! actor {
    ($name:literal) => {
        Actor::from_body($name, include_str!(concat!("../actors/", $name, ".wat")))
    };
}

/// The out-of-gas loop without syscalls (never ends at nv15, where instructions are free).
pub fn infinite_loop() -> Actor {
    actor!("infinite_loop")
}
/// The out-of-gas loop charging gas explicitly.
pub fn charge_loop() -> Actor {
    actor!("charge_loop")
}
/// Gas running out in metered blocks that do not check it (a loop-free call chain), then a
/// syscall.
pub fn late_check() -> Actor {
    actor!("late_check")
}
/// Unbounded recursion.
pub fn recursion() -> Actor {
    actor!("recursion")
}
/// Memory growth to 512 MiB and past.
pub fn memory_growth() -> Actor {
    actor!("memory_growth")
}
/// Nested frames of 512 MiB each against the call stack's memory limit (nv18).
pub fn stack_memory() -> Actor {
    actor!("stack_memory")
}
/// Blocks of 1 MiB and 1 MiB + 1.
pub fn huge_block() -> Actor {
    actor!("huge_block")
}
/// A 1 MiB block of nested arrays as the state root (succeeds).
pub fn deep_block() -> Actor {
    actor!("deep_block")
}
/// A chain of 2000 linked blocks as the state root (succeeds).
pub fn link_chain() -> Actor {
    actor!("link_chain")
}
/// Out-of-bounds and overflowing pointers and lengths.
pub fn bad_pointers() -> Actor {
    actor!("bad_pointers")
}
/// Re-entrant sends to itself down to the depth limit.
pub fn deep_send() -> Actor {
    actor!("deep_send")
}
/// Value sent to itself, within and beyond its balance.
pub fn self_send_value() -> Actor {
    actor!("self_send_value")
}
/// A 1 MiB return value (succeeds).
pub fn return_huge() -> Actor {
    actor!("return_huge")
}
/// Actor creation in a loop.
pub fn create_actors() -> Actor {
    actor!("create_actors")
}

/// The exit codes [`exit_code`] is run with by the tests: system codes (0, 1, 4, 7, 15), the
/// first user codes (16, 31, 32) and the largest.
pub const EXIT_CODES: [u32; 9] = [0, 1, 4, 7, 15, 16, 31, 32, u32::MAX];

/// A failure carrying a 1 MiB return block (kept in the receipt from nv18).
pub fn fail_huge() -> Actor {
    actor!("fail_huge")
}

/// An inner call ending with exit code 0 through the failure path.
pub fn nested_exit_zero() -> Actor {
    actor!("nested_exit_zero")
}

/// Every actor (the [`exit_code`] ones for [`EXIT_CODES`] last).
pub fn all() -> Vec<Actor> {
    let mut actors = vec![
        infinite_loop(),
        charge_loop(),
        late_check(),
        recursion(),
        memory_growth(),
        stack_memory(),
        huge_block(),
        deep_block(),
        link_chain(),
        bad_pointers(),
        deep_send(),
        self_send_value(),
        return_huge(),
        fail_huge(),
        create_actors(),
        nested_exit_zero(),
    ];
    actors.extend(EXIT_CODES.into_iter().map(exit_code));
    actors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_actor_compiles_for_both_abis() {
        for actor in all() {
            for abi in [Abi::V1, Abi::V3] {
                let wasm = actor.wasm(abi);
                assert!(wasm.is_ok(), "{} {abi:?}: {:?}", actor.name, wasm.err());
            }
            assert!(!actor.description.is_empty(), "{}", actor.name);
        }
    }
}
