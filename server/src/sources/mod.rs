//! Extractors: one per kind of source, each turning a file's text into `FileFacts`.

pub mod annotations;
pub mod code;
pub mod lexer;
pub mod markdown;
pub mod plain;
pub mod shallow_symbols;
