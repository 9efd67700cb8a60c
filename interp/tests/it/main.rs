//! Integration tests of fvmi-interp.

mod actors;
mod differential;
mod limits;
mod support;
