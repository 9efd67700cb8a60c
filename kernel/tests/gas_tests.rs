//! Integration tests of the gas module: price tables, tracker, fee split.

#[path = "gas/hygge.rs"]
mod hygge;
#[path = "gas/outputs.rs"]
mod outputs;
#[path = "gas/prices.rs"]
mod prices;
#[path = "gas/tracker.rs"]
mod tracker;
#[path = "gas/units.rs"]
mod units;
