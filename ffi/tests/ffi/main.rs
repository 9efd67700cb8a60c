//! The integration tests of the C ABI: the ABI driven as a C caller would (`abi`), and the
//! checked-in header against what cbindgen generates (`header`).

mod abi;
mod header;
