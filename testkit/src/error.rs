//! The one error type of the test kit: what was being done, and why it failed.

use std::error::Error;

/// A failure while building or driving a test chain (a broken store, a module that does not
/// load, a fatal executor error — never an on-chain failure, which is a receipt).
#[derive(Debug, thiserror::Error)]
#[error("{what}")]
pub struct TestkitError {
    what: String,
    #[source]
    source: Box<dyn Error + Send + Sync>,
}

impl TestkitError {
    /// A failure of `what` caused by `source`.
    pub fn new(what: impl Into<String>, source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self {
            what: what.into(),
            source: source.into(),
        }
    }
}

/// Attaches what was being done to an error.
pub(crate) trait Context<T> {
    fn context(self, what: impl Into<String>) -> Result<T, TestkitError>;
}

impl<T, E: Into<Box<dyn Error + Send + Sync>>> Context<T> for Result<T, E> {
    fn context(self, what: impl Into<String>) -> Result<T, TestkitError> {
        self.map_err(|source| TestkitError::new(what, source))
    }
}
