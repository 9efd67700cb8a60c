//! Rendering an applied message's result: the receipt and the fee split, as JSON or text.

use base64::Engine as _;
use fvmi_kernel::{ApplyFailure, ApplyRet};
use fvmi_types::Message;
use serde_json::{json, Value};

use crate::render::dag_cbor_to_json;

/// The JSON view of an applied message: receipt, fee split, failure reason.
pub fn receipt_json(message: &Message, ret: &ApplyRet) -> Value {
    let receipt = &ret.msg_receipt;
    let return_bytes = receipt.return_data.bytes();
    let decoded = if return_bytes.is_empty() {
        Value::Null
    } else {
        dag_cbor_to_json(return_bytes).unwrap_or(Value::Null)
    };
    json!({
        "from": message.from.to_string(),
        "to": message.to.to_string(),
        "method": message.method_num,
        "sequence": message.sequence,
        "value": message.value.atto().to_string(),
        "exit_code": receipt.exit_code.value(),
        "gas_limit": message.gas_limit,
        "gas_used": receipt.gas_used,
        "return": base64::engine::general_purpose::STANDARD.encode(return_bytes),
        "return_decoded": decoded,
        "fees": {
            "base_fee_burn": ret.base_fee_burn.atto().to_string(),
            "over_estimation_burn": ret.over_estimation_burn.atto().to_string(),
            "miner_tip": ret.miner_tip.atto().to_string(),
            "miner_penalty": ret.penalty.atto().to_string(),
            "refund": ret.refund.atto().to_string(),
            "gas_refund": ret.gas_refund,
            "gas_burned": ret.gas_burned,
        },
        "failure": ret.failure_info.as_ref().map(failure_text),
    })
}

fn failure_text(failure: &ApplyFailure) -> String {
    match failure {
        ApplyFailure::PreValidation(why) => format!("pre-validation: {why}"),
        ApplyFailure::MessageFailed(why) => why.clone(),
    }
}

/// Prints a receipt as indented text lines.
pub fn print_receipt(view: &Value, indent: &str) {
    let text = |key: &str| match &view[key] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    outln!(
        "{indent}{} -> {} method {} value {} (nonce {})",
        text("from"),
        text("to"),
        text("method"),
        text("value"),
        text("sequence")
    );
    outln!(
        "{indent}exit code {}  gas used {} of {}",
        text("exit_code"),
        text("gas_used"),
        text("gas_limit")
    );
    let fees = &view["fees"];
    let fee = |key: &str| match &fees[key] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    outln!(
        "{indent}fees: base-fee burn {}  over-estimation burn {}  miner tip {}  refund {}",
        fee("base_fee_burn"),
        fee("over_estimation_burn"),
        fee("miner_tip"),
        fee("refund")
    );
    if !view["return_decoded"].is_null() {
        outln!("{indent}return {}", view["return_decoded"]);
    }
    if let Value::String(why) = &view["failure"] {
        outln!("{indent}failure: {why}");
    }
}
