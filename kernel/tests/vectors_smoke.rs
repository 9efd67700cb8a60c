//! Debugging aid: runs the mainnet vectors under `FVMI_VECTORS` (default: the shared ohsnap set)
//! through the executor and prints every mismatch. The proper runner is `fvmi-conformance`.
//! Set `FVMI_VECTOR_FILTER` to a substring of the path to run a subset.

use std::io::Read;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use cid::Cid;
use fvmi_ipld::{Blockstore, MemoryBlockstore};
use fvmi_kernel::crypto::AcceptAllProofs;
use fvmi_kernel::{ApplyKind, Executor, ExternError, Externs, Machine, MachineContext, Manifest};
use fvmi_types::{ConsensusFault, Message, NetworkVersion, Protocol, TokenAmount};
use serde_json::Value;

fn engine() -> &'static fvmi_interp::Engine {
    static ENGINE: std::sync::OnceLock<fvmi_interp::Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| fvmi_kernel::engine_for(NetworkVersion::V15).expect("engine"))
}

const DEFAULT_DIR: &str = "/work/shared/test-vectors/0006-ohsnap-01";

/// One recorded randomness request: kind, personalization, round, entropy, and the answer.
type Recorded = (String, i64, i64, Vec<u8>, [u8; 32]);

struct Replay {
    recorded: Vec<Recorded>,
}

impl Replay {
    fn find(&self, kind: &str, pers: i64, round: i64, entropy: &[u8]) -> [u8; 32] {
        self.recorded
            .iter()
            .find(|(k, p, r, e, _)| k == kind && *p == pers && *r == round && e == entropy)
            .map(|r| r.4)
            .unwrap_or(*b"i_am_random_____i_am_random_____")
    }
}

impl Externs for Replay {
    fn get_chain_randomness(&self, p: i64, r: i64, e: &[u8]) -> Result<[u8; 32], ExternError> {
        Ok(self.find("chain", p, r, e))
    }
    fn get_beacon_randomness(&self, p: i64, r: i64, e: &[u8]) -> Result<[u8; 32], ExternError> {
        Ok(self.find("beacon", p, r, e))
    }
    fn verify_consensus_fault(
        &self,
        _: &[u8],
        _: &[u8],
        _: &[u8],
    ) -> Result<(Option<ConsensusFault>, i64), ExternError> {
        Ok((None, 0))
    }
}

fn b64(v: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(v.as_str().unwrap_or(""))
        .expect("base64")
}

fn cid(v: &Value) -> Cid {
    Cid::try_from(v["/"].as_str().expect("cid")).expect("cid")
}

fn big(v: &Value) -> Option<TokenAmount> {
    match v {
        Value::Number(n) => Some(TokenAmount::from_atto(n.as_u64().unwrap_or(0))),
        Value::String(s) => s.parse::<u128>().ok().map(TokenAmount::from_atto),
        _ => None,
    }
}

/// The integer following `key:` in the JSON text, exactly.
fn raw_integer(text: &str, key: &str) -> Option<TokenAmount> {
    let rest = &text[text.find(key)? + key.len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<u128>().ok().map(TokenAmount::from_atto)
}

/// Whether the vector needs something the VM does not provide (as the reference skips them).
fn skipped(v: &Value) -> bool {
    let selector = &v["selector"];
    selector["chaos_actor"] == "true" || selector["requires:consensus_fault_extern"] == "true"
}

/// Runs one vector; returns the mismatch descriptions (`None` when the vector is skipped).
fn run_vector(path: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("read");
    let v: Value = serde_json::from_str(&text).expect("json");
    if skipped(&v) {
        return None;
    }
    let mut car = Vec::new();
    flate2::read::GzDecoder::new(&b64(&v["car"])[..])
        .read_to_end(&mut car)
        .expect("gunzip");
    let store = MemoryBlockstore::new();
    fvmi_ipld::load_car(&store, &car[..]).expect("car");
    let pre = &v["preconditions"];
    let variant = &pre["variants"][0];
    let root = cid(&pre["state_tree"]["root_cid"]);
    let mut ctx = MachineContext::new(
        variant["epoch"].as_i64().expect("epoch"),
        NetworkVersion::V15,
        root,
    );
    assert_eq!(variant["nv"].as_u64(), Some(15));
    if let Some(fee) = raw_integer(&text, "\"basefee\"").or_else(|| big(&pre["basefee"])) {
        ctx.base_fee = fee;
    }
    // serde_json reads integers beyond u64 as floats: take the digits from the text.
    ctx.circ_supply = raw_integer(&text, "\"circ_supply\"")
        .or_else(|| big(&pre["circ_supply"]))
        .unwrap_or_else(|| TokenAmount::from_whole(2_000_000_000u64));
    let recorded = v["randomness"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| {
                    let on = &r["on"];
                    let mut ret = [0u8; 32];
                    ret.copy_from_slice(&b64(&r["ret"]));
                    (
                        on[0].as_str().unwrap_or("").to_owned(),
                        on[1].as_i64().unwrap_or(0),
                        on[2].as_i64().unwrap_or(0),
                        b64(&on[3]),
                        ret,
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let machine = Machine::with_engine(
        engine().clone(),
        ctx,
        store,
        Replay { recorded },
        Manifest::v7(),
        Box::new(AcceptAllProofs),
    )
    .expect("machine");
    let mut exec = Executor::new(machine);
    let mut problems = Vec::new();
    for (i, m) in v["apply_messages"]
        .as_array()
        .expect("messages")
        .iter()
        .enumerate()
    {
        let bytes = b64(&m["bytes"]);
        let msg: Message = fvmi_ipld::cbor::from_slice(&bytes).expect("message");
        let mut raw_length = bytes.len();
        if msg.from.protocol() == Protocol::Secp256k1 {
            raw_length += 65 + 4;
        }
        let expected = &v["postconditions"]["receipts"][i];
        match exec.apply_message(&msg, ApplyKind::Explicit { raw_length }) {
            Ok(ret) => {
                let r = &ret.msg_receipt;
                let exit = expected["exit_code"].as_u64().unwrap_or(0) as u32;
                let gas = expected["gas_used"].as_i64().unwrap_or(0);
                let ret_bytes = b64(&expected["return"]);
                if r.exit_code.value() != exit
                    || r.gas_used != gas
                    || r.return_data.bytes() != ret_bytes.as_slice()
                {
                    problems.push(format!(
                        "msg {i}: got exit {} gas {} ret {} / want exit {exit} gas {gas} ret {} ({:?})",
                        r.exit_code.value(),
                        r.gas_used,
                        r.return_data.len(),
                        ret_bytes.len(),
                        ret.failure_info
                    ));
                }
            }
            Err(e) => problems.push(format!("msg {i}: executor error {e}")),
        }
    }
    match exec.flush() {
        Ok(root) => {
            let want = cid(&v["postconditions"]["state_tree"]["root_cid"]);
            if root != want {
                problems.push(format!("state root {root} != {want}"));
            }
        }
        Err(e) => problems.push(format!("flush: {e}")),
    }
    let _ = exec.machine().blockstore().has(&root);
    Some(problems)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

#[test]
fn vectors_smoke() {
    let dir = std::env::var("FVMI_VECTORS").unwrap_or_else(|_| DEFAULT_DIR.into());
    let filter = std::env::var("FVMI_VECTOR_FILTER").unwrap_or_default();
    let mut files = Vec::new();
    collect(Path::new(&dir), &mut files);
    files.retain(|f| f.to_string_lossy().contains(&filter));
    let (mut pass, mut fail, mut skip) = (0, 0, 0);
    for f in &files {
        let Some(problems) = run_vector(f) else {
            skip += 1;
            continue;
        };
        if problems.is_empty() {
            pass += 1;
        } else {
            fail += 1;
            println!("FAIL {}", f.display());
            for p in problems {
                println!("    {p}");
            }
        }
    }
    println!("vectors: {pass} passed, {fail} failed, {skip} skipped");
    assert_eq!(fail, 0, "vector mismatches (see above)");
}
