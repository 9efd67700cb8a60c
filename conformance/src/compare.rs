//! Comparing receipts field by field.

use crate::backend::ObservedReceipt;
use crate::outcome::{hex, MessageResult, Mismatch, ReceiptSummary};
use crate::vector::ExpectedReceipt;

/// Compares one message's receipt; returns its result and every differing field.
pub(crate) fn compare_receipt(
    index: usize,
    expected: &ExpectedReceipt,
    got: &ObservedReceipt,
) -> (MessageResult, Vec<Mismatch>) {
    let mut mismatches = Vec::new();
    let mut check = |what: &'static str, same: bool, expected: String, got: String| {
        if !same {
            mismatches.push(Mismatch::Receipt {
                message: index,
                what,
                expected,
                got,
            });
        }
    };
    check(
        "exit_code",
        expected.exit_code == got.exit_code,
        expected.exit_code.to_string(),
        got.exit_code.to_string(),
    );
    check(
        "return",
        expected.return_data == got.return_data,
        format!("0x{}", hex(&expected.return_data)),
        format!("0x{}", hex(&got.return_data)),
    );
    check(
        "gas_used",
        expected.gas_used == got.gas_used,
        expected.gas_used.to_string(),
        format!(
            "{} (diff {:+})",
            got.gas_used,
            got.gas_used.saturating_sub(expected.gas_used)
        ),
    );
    let result = MessageResult {
        index,
        expected: ReceiptSummary {
            exit_code: expected.exit_code,
            return_hex: hex(&expected.return_data),
            gas_used: expected.gas_used,
        },
        got: ReceiptSummary {
            exit_code: got.exit_code,
            return_hex: hex(&got.return_data),
            gas_used: got.gas_used,
        },
        failure_info: got.failure_info.clone(),
    };
    (result, mismatches)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_each_differing_field() {
        let expected = ExpectedReceipt {
            exit_code: 0,
            return_data: vec![1],
            gas_used: 100,
        };
        let mut got = ObservedReceipt {
            exit_code: 0,
            return_data: vec![1],
            gas_used: 100,
            failure_info: None,
        };
        assert!(compare_receipt(0, &expected, &got).1.is_empty());
        got.gas_used = 90;
        got.exit_code = 16;
        let (result, mismatches) = compare_receipt(3, &expected, &got);
        assert_eq!(result.got.gas_used, 90);
        let fields: Vec<_> = mismatches
            .iter()
            .map(|m| match m {
                Mismatch::Receipt { message, what, .. } => (*message, *what),
                Mismatch::StateRoot { .. } => (usize::MAX, "root"),
            })
            .collect();
        assert_eq!(fields, vec![(3, "exit_code"), (3, "gas_used")]);
        assert!(mismatches[1].to_string().contains("90 (diff -10)"));
    }
}
