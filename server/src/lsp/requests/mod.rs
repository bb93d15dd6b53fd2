//! One module per LSP request, notification or small family of them, called from the
//! `LanguageServer` table in `backend`. Request handlers read one `Arc<Snapshot>` from
//! `Backend::snapshot` or `Backend::file` and convert feature results with `context`;
//! the notifications in `sync` (and `throughline.review`) send writer mutations through
//! `Backend::mutate`.

pub mod code_actions;
pub mod code_lens;
pub mod commands;
pub mod completion;
pub mod definition;
pub mod document_links;
pub mod hover;
pub mod initialize;
pub mod inlay_hints;
pub mod pull_diagnostics;
pub mod references;
pub mod rename;
pub mod symbols;
pub mod sync;
