//! The fvmi executor as a [`VectorBackend`].

use std::sync::Arc;

use crate::backend::VectorBackend;

/// The backend that runs vectors on fvmi's own executor, if it is available in this build.
pub fn default_backend() -> Option<Arc<dyn VectorBackend>> {
    None
}
