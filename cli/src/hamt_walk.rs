//! Lenient HAMT walking.
