//! The writer's side of the background parser (`lsp::full_parse`): starting it after a
//! (re)index, applying its batches, reporting `$/progress`, and the rebuild at its end.

use super::{Outgoing, Writer, PARSING};
use crate::lsp::full_parse::{self, Job, Progress};
use std::collections::HashSet;
use std::sync::mpsc::TryRecvError;

/// `THROUGHLINE_LSP_BACKGROUND=off` leaves files unparsed until an answer needs them (for
/// slow machines, and for the tests that prove answers do not depend on the parse).
fn background_enabled() -> bool {
    std::env::var("THROUGHLINE_LSP_BACKGROUND").map_or(true, |v| v != "off")
}

impl Writer {
    /// Starts parsing every root's waiting files, replacing a parse already running
    /// (its results would be for facts that a reindex replaced).
    pub(super) fn start_background(&mut self) {
        let jobs: Vec<Job> = self
            .roots
            .iter()
            .map(|r| Job {
                root: r.path.clone(),
                config: r.config.clone(),
                files: r.waiting(),
            })
            .filter(|j| !j.files.is_empty())
            .collect();
        let had = self.background.take().is_some();
        if jobs.is_empty() || !background_enabled() {
            for root in &mut self.roots {
                root.save_cache();
            }
            if had {
                self.end_progress("Symbols ready");
            }
            return;
        }
        let total: usize = jobs.iter().map(|j| j.files.len()).sum();
        if !had {
            let _ = self.out.send(Outgoing::ProgressBegin {
                token: PARSING,
                title: "Parsing symbols".into(),
            });
        }
        tracing::debug!(files = total, "background parse started");
        self.background = Some(full_parse::spawn(jobs));
    }

    /// Applies what the background parser has sent so far, without waiting.
    pub(super) fn drain_background(&mut self) {
        let mut last_report = None;
        loop {
            let Some(rx) = &self.background else {
                return;
            };
            match rx.try_recv() {
                Ok(Progress::Batch {
                    root,
                    files,
                    done,
                    total,
                }) => {
                    if let Some(r) = self.roots.iter_mut().find(|r| r.path == root) {
                        r.apply_parsed(files);
                    }
                    last_report = Some((done, total));
                }
                Ok(Progress::Finished) | Err(TryRecvError::Disconnected) => {
                    self.background = None;
                    self.report(last_report);
                    self.finish_background();
                    return;
                }
                Err(TryRecvError::Empty) => break,
            }
        }
        self.report(last_report);
    }

    /// "4000/10000 files", once per drain however many batches arrived.
    fn report(&self, done_of: Option<(usize, usize)>) {
        if let Some((done, total)) = done_of {
            let percentage = (done * 100 / total.max(1)).min(100) as u32;
            let _ = self.out.send(Outgoing::ProgressReport {
                token: PARSING,
                message: format!("{done}/{total} files"),
                percentage,
            });
        }
    }

    /// Every symbol is known: rebuild the roots that changed so answers read the full
    /// facts, save the caches, and end the progress.
    fn finish_background(&mut self) {
        for i in 0..self.roots.len() {
            self.root_snaps[i] = self.roots[i].snapshot();
        }
        let all: HashSet<usize> = (0..self.roots.len()).collect();
        self.publish_snapshot(self.last_seq);
        self.publish_diagnostics(&all, false);
        for root in &mut self.roots {
            root.save_cache();
        }
        self.end_progress("Symbols ready");
    }

    fn end_progress(&self, message: &str) {
        let _ = self.out.send(Outgoing::ProgressEnd {
            token: PARSING,
            message: message.into(),
        });
    }
}
