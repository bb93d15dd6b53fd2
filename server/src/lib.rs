//! Throughline: keeps a product's delivery chain (roadmap → brief → requirements → design
//! → code → tests) linked and checked inside its repository.
//!
//! Pipeline: files → per-file [`facts`] (from [`sources`]) → [`graph`] → [`rules`] →
//! [`diagnostics`] → [`output`] formats. The CLI and the language server share it.

pub mod baseline;
pub mod cache;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod config;
pub mod contract;
pub mod diagnostics;
pub mod dialects;
pub mod drift;
pub mod evidence;
pub mod export;
pub mod facts;
pub mod features;
pub mod governance;
pub mod graph;
pub mod ids;
pub mod imports;
pub mod languages;
pub mod lsp;
pub mod mcp;
pub mod output;
pub mod report;
pub mod root;
pub mod routes;
pub mod rules;
pub mod session;
pub mod sources;
pub mod stdio;
pub mod stdio_server;
pub mod text;
pub mod trace;
pub mod trackers;
pub mod workspace;
