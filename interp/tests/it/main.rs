//! Integration tests of fvmi-interp.

mod actors;
mod differential;
mod differential_v4;
mod disk_cache;
mod inline;
mod limits;
mod nv18;
mod support;
