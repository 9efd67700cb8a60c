//! Integration tests of fvmi-ipld: reference HAMT vectors, HAMT against a model, CAR round trips
//! and robustness of every decoder against truncated and mutated input.

mod car;
mod hamt_model;
mod hamt_vectors;
mod mutations;
