//! Which vectors are skipped, and why — kept as data.
//!
//! The reference runner skips a vector whose selector asks for the chaos actor or for the
//! consensus-fault extern (`Selector::supported` in its harness); fvmi skips the same ones.
//! Variants at a network version fvmi does not implement are skipped too.

use std::collections::BTreeMap;

use fvmi_types::NetworkVersion;

/// A selector flag that makes a vector unsupported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelectorSkip {
    /// The selector key.
    pub key: &'static str,
    /// The value that triggers the skip.
    pub value: &'static str,
    /// The reason printed for skipped vectors.
    pub reason: &'static str,
}

/// The selector flags the runner does not support.
pub const SELECTOR_SKIPS: &[SelectorSkip] = &[
    SelectorSkip {
        key: "chaos_actor",
        value: "true",
        reason: "selector chaos_actor=true: needs the test-only chaos actor, which is not deployed",
    },
    SelectorSkip {
        key: "requires:consensus_fault_extern",
        value: "true",
        reason: "selector requires:consensus_fault_extern=true: the recorded vector needs a real \
                 consensus-fault extern (the reference runner skips these too)",
    },
];

/// The reason a vector with this selector is skipped, if it is.
pub fn selector_skip_reason(selector: &BTreeMap<String, String>) -> Option<&'static str> {
    SELECTOR_SKIPS
        .iter()
        .find(|rule| selector.get(rule.key).map(String::as_str) == Some(rule.value))
        .map(|rule| rule.reason)
}

/// The reason a variant at this network version is skipped, if it is: the kernel has no
/// profile for it (see `fvmi_kernel::network`), so the reason names what is supported.
pub fn network_version_skip_reason(nv: u32) -> Option<String> {
    let error = match NetworkVersion::try_from(nv) {
        Ok(version) => fvmi_kernel::profile(version).err()?,
        Err(unknown) => return Some(format!("unknown network version {unknown}")),
    };
    Some(error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_only_the_listed_flags() {
        let mut selector = BTreeMap::new();
        selector.insert("min_protocol_version".to_owned(), "ohsnap".to_owned());
        assert_eq!(selector_skip_reason(&selector), None);
        selector.insert(
            "requires:consensus_fault_extern".to_owned(),
            "false".to_owned(),
        );
        assert_eq!(selector_skip_reason(&selector), None);
        selector.insert(
            "requires:consensus_fault_extern".to_owned(),
            "true".to_owned(),
        );
        assert!(selector_skip_reason(&selector)
            .unwrap()
            .contains("consensus-fault"));
    }

    #[test]
    fn skips_unsupported_network_versions() {
        for supported in [15, 16, 17] {
            assert_eq!(network_version_skip_reason(supported), None);
        }
        let reason = network_version_skip_reason(14).unwrap();
        assert!(
            reason.contains("14") && reason.contains("15, 16, 17"),
            "{reason}"
        );
        assert!(network_version_skip_reason(99).unwrap().contains("unknown"));
    }
}
