//! End-to-end tests of `throughline lsp`: the real binary over stdio, as an editor
//! drives it. One test per feature.

mod code_drift;
mod common;
mod contracts;
mod dialects;
mod drift;
mod evidence;
mod fast_start;
mod features;
mod governance;
mod imports;
mod robustness;
mod roots;
mod settings;
mod sync;
mod trackers;
