//! Placeholder: filled by the kernel work.
