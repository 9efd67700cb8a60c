//! Integration tests of fvmi-interp.

mod differential;
mod limits;
mod support;
