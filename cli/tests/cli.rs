//! Runs the built `fvmi` binary: the demo, inspect/apply/vectors on generated and vector states,
//! and every bad-input case (exit 2, one line on stderr).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use fvmi_types::{Address, Message, RawBytes, TokenAmount};
use serde_json::Value;

/// The test vectors: `FVMI_VECTORS`, else the shared corpus next to the workspace. When the
/// variable is set, missing vectors fail the tests instead of skipping them.
fn vectors_root() -> (PathBuf, bool) {
    match std::env::var_os("FVMI_VECTORS") {
        Some(dir) => (PathBuf::from(dir), true),
        None => (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/test-vectors"),
            false,
        ),
    }
}

/// The bundle directory: `FVMI_BUNDLES`, else the shared bundles next to the workspace.
fn bundles_dir() -> PathBuf {
    std::env::var_os("FVMI_BUNDLES").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/bundles"),
        PathBuf::from,
    )
}

fn fvmi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fvmi"))
        .args(args)
        .output()
        .expect("the fvmi binary runs")
}

fn stdout_json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "fvmi failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

fn atto(value: &Value) -> u128 {
    value
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("an attoFIL string")
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// Asserts a bad-input failure: exit status 2 and exactly one line on stderr.
fn assert_bad_input(args: &[&str]) {
    let output = fvmi(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
}

#[test]
fn demo_receipts_fees_and_final_state() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo.car");
    let svg = dir.path().join("demo.svg");
    let trace = dir.path().join("demo-trace.json");
    let report = stdout_json(&fvmi(&[
        "demo",
        "--json",
        "--out",
        path_str(&out),
        "--flamegraph",
        path_str(&svg),
        "--trace",
        path_str(&trace),
    ]));
    let trace: Value = serde_json::from_str(&std::fs::read_to_string(&trace).unwrap()).unwrap();
    assert_trace_events(&trace[1]["events"]);
    // The multisig is created through the init actor: init.2 calls the multisig constructor.
    let tree = &report["steps"][1]["call_tree"];
    assert_eq!(tree["method"], 2);
    assert_eq!(tree["exit_code"], 0);
    let child = &tree["children"][0];
    assert_eq!(child["method"], 1, "{tree}");
    assert_eq!(child["exit_code"], 0);
    // The first transfer creates the newcomer's account: the constructor runs nested.
    assert_eq!(report["steps"][0]["call_tree"]["children"][0]["from"], 0);
    // The text output shows nested calls indented under their caller.
    let text = String::from_utf8(fvmi(&["demo"]).stdout).unwrap();
    assert!(text.contains("call tree:"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("        ") && l.contains("method 1 -> exit 0")),
        "{text}"
    );
    let svg = std::fs::read_to_string(&svg).unwrap();
    assert!(svg.contains("<svg") && svg.contains("multisig.3") && svg.contains("init.2"));
    let steps = report["steps"].as_array().unwrap();
    let exits: Vec<u64> = steps
        .iter()
        .map(|s| s["receipt"]["exit_code"].as_u64().unwrap())
        .collect();
    // Transfer, multisig create, propose succeed; the non-signer's approval is forbidden (18);
    // the second signer's approval executes the proposal. Then the counter: construct at 5,
    // increment by 3, an unknown method (22, unhandled), read.
    assert_eq!(exits, vec![0, 0, 0, 18, 0, 0, 0, 22, 0]);
    assert_eq!(steps[6]["receipt"]["return_decoded"], 8);
    assert_eq!(steps[8]["receipt"]["return_decoded"], 8);
    assert_eq!(steps[4]["receipt"]["return_decoded"][0], true); // applied
    assert_eq!(report["all_as_expected"], Value::Bool(true));
    for step in steps {
        let receipt = &step["receipt"];
        let gas_used = receipt["gas_used"].as_i64().unwrap();
        let gas_limit = receipt["gas_limit"].as_i64().unwrap();
        assert!(gas_used > 0 && gas_used <= gas_limit);
        // The whole deposit (limit x fee cap 2000) is split between burns, tip and refund.
        let fees = &receipt["fees"];
        let split = atto(&fees["base_fee_burn"])
            + atto(&fees["over_estimation_burn"])
            + atto(&fees["miner_tip"])
            + atto(&fees["refund"]);
        assert_eq!(split, gas_limit as u128 * 2000);
        assert_eq!(atto(&fees["base_fee_burn"]), gas_used as u128 * 100);
    }
    // The approval paid the newcomer 10 FIL on top of its initial 100 FIL, less its fee for the
    // failed approval; the multisig keeps 40 of its 50 FIL.
    let fil = 1_000_000_000_000_000_000u128;
    let multisig = report["multisig"].as_str().unwrap();
    let shown = stdout_json(&fvmi(&["inspect", path_str(&out), multisig, "--json"]));
    assert_eq!(shown["code"], "multisig");
    assert_eq!(atto(&shown["balance"]), 40 * fil);
    let newcomer = report["accounts"]["newcomer"].as_str().unwrap();
    let shown = stdout_json(&fvmi(&["inspect", path_str(&out), newcomer, "--json"]));
    let failed_fee = atto(&steps[3]["receipt"]["fees"]["base_fee_burn"])
        + atto(&steps[3]["receipt"]["fees"]["over_estimation_burn"])
        + atto(&steps[3]["receipt"]["fees"]["miner_tip"]);
    assert_eq!(atto(&shown["balance"]), 110 * fil - failed_fee);

    // Genesis is deterministic: `fvmi genesis` rebuilds the demo's starting root.
    let genesis = dir.path().join("genesis.car");
    let output = fvmi(&["genesis", "--out", path_str(&genesis)]);
    assert!(output.status.success());
    let listing = stdout_json(&fvmi(&["inspect", path_str(&genesis), "--json"]));
    assert_eq!(listing["root"], report["genesis_root"]);
    let codes: Vec<&str> = listing["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    for code in [
        "system",
        "init",
        "reward",
        "cron",
        "storagepower",
        "storagemarket",
        "verifiedregistry",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    assert_eq!(listing["missing_subtrees"].as_array().unwrap().len(), 0);
}

/// `events` is a trace: an array holding a call start, a gas charge and a call end, with starts
/// and ends paired.
fn assert_trace_events(events: &Value) {
    let events = events.as_array().expect("an array of events");
    let kind = |e: &Value| e["event"].as_str().unwrap_or_default().to_owned();
    let kinds: Vec<String> = events.iter().map(kind).collect();
    for wanted in ["call_start", "gas_charge", "call_end"] {
        assert!(
            kinds.iter().any(|k| k == wanted),
            "{wanted} missing: {kinds:?}"
        );
    }
    let starts = kinds.iter().filter(|k| *k == "call_start").count();
    let ends = kinds.iter().filter(|k| *k == "call_end").count();
    assert_eq!(starts, ends);
    let charge = events.iter().find(|e| kind(e) == "gas_charge").unwrap();
    assert!(charge["name"].is_string() && charge["compute_milligas"].is_i64());
}

#[test]
fn apply_a_transfer_on_the_genesis_state() {
    let dir = tempfile::tempdir().unwrap();
    let genesis = dir.path().join("genesis.car");
    assert!(fvmi(&["genesis", "--out", path_str(&genesis)])
        .status
        .success());
    let message = Message {
        version: 0,
        to: Address::new_id(102),
        from: Address::new_id(101),
        sequence: 0,
        value: TokenAmount::from_whole(5u64),
        gas_limit: 5_000_000,
        gas_fee_cap: TokenAmount::from_atto(1_000u64),
        gas_premium: TokenAmount::from_atto(100u64),
        method_num: 0,
        params: RawBytes::default(),
    };
    let message_file = dir.path().join("message.cbor");
    std::fs::write(&message_file, fvmi_ipld::cbor::to_vec(&message).unwrap()).unwrap();
    let out = dir.path().join("after.car");
    let trace = dir.path().join("trace.json");
    let applied = stdout_json(&fvmi(&[
        "apply",
        "--state",
        path_str(&genesis),
        "--message",
        path_str(&message_file),
        "--epoch",
        "1",
        "--out",
        path_str(&out),
        "--trace",
        path_str(&trace),
        "--json",
    ]));
    assert_eq!(applied["receipt"]["exit_code"], 0);
    let trace: Value = serde_json::from_str(&std::fs::read_to_string(&trace).unwrap()).unwrap();
    assert_trace_events(&trace);
    assert_eq!(trace[0]["event"], "gas_charge"); // inclusion comes first
    let charged: i64 = trace
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| Some(e["compute_milligas"].as_i64()? + e["storage_milligas"].as_i64()?))
        .sum();
    assert_eq!((charged + 999) / 1000, applied["receipt"]["gas_used"]);
    assert_ne!(applied["pre_root"], applied["post_root"]);
    let after = stdout_json(&fvmi(&["inspect", path_str(&out), "f0102", "--json"]));
    assert_eq!(
        atto(&after["balance"]),
        10_005 * 1_000_000_000_000_000_000u128
    );

    // Replaying the same nonce fails on chain: a receipt, exit status 0.
    let replay = stdout_json(&fvmi(&[
        "apply",
        "--state",
        path_str(&out),
        "--message",
        path_str(&message_file),
        "--json",
    ]));
    assert_eq!(replay["receipt"]["exit_code"], 2); // SysErrSenderStateInvalid

    // A signed message ([message, signature]; signatures are not checked) at the next nonce.
    let next = Message {
        sequence: 1,
        ..message
    };
    let signed = (next, RawBytes::new(vec![1; 66]));
    std::fs::write(&message_file, fvmi_ipld::cbor::to_vec(&signed).unwrap()).unwrap();
    let applied = stdout_json(&fvmi(&[
        "apply",
        "--state",
        path_str(&out),
        "--message",
        path_str(&message_file),
        "--json",
    ]));
    assert_eq!(applied["receipt"]["exit_code"], 0);
    assert_eq!(applied["receipt"]["sequence"], 1);
}

/// The first vector file in `corpus/folder` of the test vectors; `None` (the caller skips with a
/// printed reason) when the vectors are absent and `FVMI_VECTORS` was not set.
fn vector_in(corpus: &str, folder: &str) -> Option<PathBuf> {
    let (root, explicit) = vectors_root();
    let dir = root.join(corpus).join(folder);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.flatten().map(|e| e.path()).collect(),
        Err(error) if explicit => panic!(
            "FVMI_VECTORS is set but {} is unreadable: {error}",
            dir.display()
        ),
        Err(_) => return None,
    };
    files.sort();
    files
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "json"))
}

fn first_vector() -> Option<PathBuf> {
    vector_in("0006-ohsnap-01", "fil_7_account/Send/Ok")
}

/// Applies the first message of an extracted vector (`summary` from `fvmi extract`, state in
/// `car`) with `fvmi apply --nv <nv>` and checks its receipt and post-state root against the
/// vector's.
/// `bundle`: the bundle file to name (`--bundle`), if the state runs one of the shared ones.
fn assert_applies_as_recorded(summary: &Value, car: &Path, nv: u32, bundle: Option<&Path>) {
    let message = summary["messages"][0].as_str().unwrap();
    let epoch = summary["epoch"].to_string();
    let nv = nv.to_string();
    let mut args = vec!["apply", "--nv", &nv];
    if let Some(bundle) = bundle {
        args.extend(["--bundle", path_str(bundle)]);
    }
    args.extend([
        "--state",
        path_str(car),
        "--message",
        message,
        "--epoch",
        &epoch,
        "--base-fee",
        summary["base_fee"].as_str().unwrap(),
        "--circ-supply",
        summary["circ_supply"].as_str().unwrap(),
        "--json",
    ]);
    let applied = stdout_json(&fvmi(&args));
    let expected = &summary["expected_receipts"][0];
    assert_eq!(
        applied["receipt"]["exit_code"], expected["exit_code"],
        "nv{nv}"
    );
    assert_eq!(
        applied["receipt"]["gas_used"], expected["gas_used"],
        "nv{nv}"
    );
    assert_eq!(applied["post_root"], summary["post_root"], "nv{nv}");
}

/// `fvmi extract` of `vector` into `dir` (state CAR and messages): its JSON summary and the CAR.
fn extract(vector: &Path, dir: &Path) -> (Value, PathBuf) {
    let car = dir.join("vector.car");
    let messages = dir.join("messages");
    let summary = stdout_json(&fvmi(&[
        "extract",
        path_str(vector),
        "--car",
        path_str(&car),
        "--messages",
        path_str(&messages),
    ]));
    (summary, car)
}

/// `fvmi apply` runs the later network versions too: an nv17 vector (v9 bundle) and an nv18
/// one (v10 bundle, ABI v3, state tree v5), each applied exactly as recorded.
#[test]
fn apply_runs_nv17_and_nv18_vectors() {
    let cases = [
        ("0001-shark-01", "fil_9_account/Send/Ok", 17, "v9"),
        ("0002-hygge-01", "fil_10_multisig/Approve/Ok", 18, "v10"),
    ];
    for (corpus, folder, nv, version) in cases {
        let Some(vector) = vector_in(corpus, folder) else {
            eprintln!("skipped: no {corpus} vectors (set FVMI_VECTORS)");
            continue;
        };
        let bundle = bundles_dir().join(format!("builtin-actors-{version}-mainnet.car"));
        if !bundle.is_file() {
            assert!(
                std::env::var_os("FVMI_BUNDLES").is_none(),
                "FVMI_BUNDLES is set but lacks {}",
                bundle.display()
            );
            eprintln!("skipped: no bundle {}", bundle.display());
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let (summary, car) = extract(&vector, dir.path());
        assert_applies_as_recorded(&summary, &car, nv, Some(&bundle));
    }
}

#[test]
fn inspect_apply_and_run_a_vector() {
    let Some(vector) = first_vector() else {
        eprintln!("skipped: no test vectors (set FVMI_VECTORS)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (summary, car) = extract(&vector, dir.path());
    // A partial tree: inspect lists what is there and names the missing subtrees.
    let listing = stdout_json(&fvmi(&["inspect", path_str(&car), "--json"]));
    assert_eq!(listing["root"], summary["pre_root"]);
    assert!(!listing["actors"].as_array().unwrap().is_empty());
    assert!(!listing["missing_subtrees"].as_array().unwrap().is_empty());

    assert_applies_as_recorded(&summary, &car, 15, None);

    // Twice with a module cache: the first run fills it, the second prepares from it; both pass.
    let cache = dir.path().join("modules");
    for run in 0..2 {
        let output = fvmi(&[
            "vectors",
            path_str(&vector),
            "--jobs",
            "2",
            "--module-cache",
            path_str(&cache),
        ]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "run {run}: {stdout}");
        assert_eq!(
            stdout.lines().last(),
            Some("conformance: 1 passed, 0 failed, 0 skipped")
        );
        // Whole entries only (a vector of plain transfers prepares no module at all).
        let names: Vec<String> = std::fs::read_dir(&cache).map_or_else(
            |_| Vec::new(),
            |d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into())
                    .collect()
            },
        );
        assert!(
            names.iter().all(|n| n.ends_with(".wasm")),
            "run {run}: {names:?}"
        );
    }
    let output = fvmi(&["vectors", path_str(&vector), "--no-module-cache"]);
    assert_eq!(output.status.code(), Some(0));
    assert_bad_input(&[
        "vectors",
        path_str(&vector),
        "--no-module-cache",
        "--module-cache",
        path_str(&cache),
    ]);

    // The same vector with a wrong expected gas fails: exit status 1.
    let mut json: Value = serde_json::from_str(&std::fs::read_to_string(&vector).unwrap()).unwrap();
    let gas = json["postconditions"]["receipts"][0]["gas_used"]
        .as_i64()
        .unwrap();
    json["postconditions"]["receipts"][0]["gas_used"] = Value::from(gas + 1);
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, json.to_string()).unwrap();
    let output = fvmi(&["vectors", path_str(&broken), "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (report["passed"].as_u64(), report["failed"].as_u64()),
        (Some(0), Some(1))
    );
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.car");
    let corrupt = dir.path().join("corrupt.car");
    std::fs::write(&corrupt, b"this is not a CAR file").unwrap();
    let genesis = dir.path().join("genesis.car");
    assert!(fvmi(&["genesis", "--out", path_str(&genesis)])
        .status
        .success());
    let bad_message = dir.path().join("bad.cbor");
    std::fs::write(&bad_message, [0x8a, 0x00]).unwrap();
    let (g, m) = (path_str(&genesis), path_str(&bad_message));

    assert_bad_input(&["inspect", path_str(&missing)]);
    assert_bad_input(&["inspect", path_str(&corrupt)]);
    assert_bad_input(&["inspect", g, "f0999"]);
    assert_bad_input(&["inspect", g, "not-an-address"]);
    assert_bad_input(&["inspect", g, "--root", "bafynotacid"]);
    assert_bad_input(&["apply", "--state", g, "--message", m]);
    assert_bad_input(&["apply", "--state", g, "--message", path_str(&missing)]);
    assert_bad_input(&["apply", "--state", path_str(&corrupt), "--message", m]);
    assert_bad_input(&["apply", "--state", g, "--message", m, "--nv", "99"]);
    assert_bad_input(&["apply", "--state", g, "--message", m, "--base-fee", "-1"]);
    assert_bad_input(&["vectors", path_str(&missing)]);
    assert_bad_input(&["vectors", path_str(dir.path()), "--jobs", "0"]);
    assert_bad_input(&["demo", "--no-such-flag"]);
    assert_bad_input(&["no-such-command"]);
}

#[test]
fn vectors_trace_writes_call_and_gas_events() {
    let Some(vector) = first_vector() else {
        eprintln!("skipped: no test vectors (set FVMI_VECTORS)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.json");
    let output = fvmi(&["vectors", path_str(&vector), "--trace", path_str(&out)]);
    assert_eq!(output.status.code(), Some(0));
    let trace: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let events = trace["variants"][0]["messages"][0]["events"]
        .as_array()
        .unwrap();
    let has = |kind: &str| events.iter().any(|event| event["event"] == kind);
    assert!(has("call_start") && has("gas_charge"), "{trace}");

    // Tracing needs exactly one file: a directory or two files are refused.
    let parent = vector.parent().unwrap();
    assert_bad_input(&["vectors", path_str(parent), "--trace", path_str(&out)]);
    let (one, trace_out) = (path_str(&vector), path_str(&out));
    assert_bad_input(&["vectors", one, one, "--trace", trace_out]);
}

#[test]
fn an_nv17_vector_runs_on_the_bundle_its_state_names() {
    let Some(vector) = vector_in("0001-shark-01", "fil_9_account/Send/Ok") else {
        eprintln!("skipped: no nv17 test vectors (set FVMI_VECTORS)");
        return;
    };
    let bundles = bundles_dir();
    let v9 = bundles.join("builtin-actors-v9-mainnet.car");
    let v10 = bundles.join("builtin-actors-v10-mainnet.car");
    if !v9.is_file() || !v10.is_file() {
        assert!(
            std::env::var_os("FVMI_BUNDLES").is_none(),
            "FVMI_BUNDLES is set but lacks the v9/v10 bundles"
        );
        eprintln!("skipped: no bundles under {}", bundles.display());
        return;
    }
    let passed = fvmi(&["vectors", path_str(&vector), "--bundle", path_str(&v9)]);
    let stdout = String::from_utf8_lossy(&passed.stdout);
    assert_eq!(passed.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("1 passed, 0 failed, 0 skipped"), "{stdout}");
    // Naming the wrong bundle is a failure with the reason, not a silent skip.
    let wrong = fvmi(&["vectors", path_str(&vector), "--bundle", path_str(&v10)]);
    let stdout = String::from_utf8_lossy(&wrong.stdout);
    assert_eq!(wrong.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("no known builtin-actor bundle holds"),
        "{stdout}"
    );
    // A bundle file that is not a bundle is bad input.
    assert_bad_input(&["vectors", path_str(&vector), "--bundle", path_str(&vector)]);
}

#[test]
fn apply_refuses_unchecked_proofs_unless_told() {
    let Some(vector) = vector_in(
        "0006-ohsnap-01",
        "fil_7_storageminer/ProveReplicaUpdates/Ok",
    ) else {
        eprintln!("skipped: no test vectors (set FVMI_VECTORS)");
        return;
    };
    let text = std::fs::read_to_string(&vector).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let car = dir.path().join("vector.car");
    let messages = dir.path().join("messages");
    let out = dir.path().join("out.car");
    stdout_json(&fvmi(&[
        "extract",
        path_str(&vector),
        "--car",
        path_str(&car),
        "--messages",
        path_str(&messages),
    ]));
    let pre = &json["preconditions"];
    let epoch = pre["variants"][0]["epoch"].to_string();
    // Amounts are larger than an f64 holds exactly: take their digits from the text.
    let base_fee = raw_number(&text, "basefee");
    let circ = raw_number(&text, "circ_supply");
    let message = messages.join("message-0.cbor");
    let mut args = vec![
        "apply",
        "--state",
        path_str(&car),
        "--message",
        path_str(&message),
        "--epoch",
        &epoch,
        "--base-fee",
        &base_fee,
        "--circ-supply",
        &circ,
        "--out",
        path_str(&out),
    ];
    // The replica update needs a proof check: refused, nothing written.
    let refused = fvmi(&args);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("--accept-all-proofs"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!out.exists());
    // Accepted: the receipt is the one recorded on chain.
    args.extend(["--accept-all-proofs", "--json"]);
    let applied = stdout_json(&fvmi(&args));
    let expected = &json["postconditions"]["receipts"][0];
    assert_eq!(applied["receipt"]["exit_code"], expected["exit_code"]);
    assert_eq!(applied["receipt"]["gas_used"], expected["gas_used"]);
    assert_eq!(applied["proofs_accepted_unchecked"], 1);
    assert!(out.exists());
}

/// The digits of the first `"key": <number>` in JSON text.
fn raw_number(text: &str, key: &str) -> String {
    let start = text.find(&format!("\"{key}\"")).expect("key present") + key.len() + 2;
    text[start..]
        .trim_start_matches([':', ' '])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}
