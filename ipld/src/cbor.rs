//! Placeholder: filled by the ipld work.
