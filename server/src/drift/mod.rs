//! Drift: noticing that an upstream item changed after its downstream links were
//! reviewed, with no version numbers to bump by hand.
//!
//! - [`fingerprint`]: each item's normalized content and its hash;
//! - [`body`]: the fingerprint of the code an `Implements:` annotation is attached to;
//! - [`lock`]: `throughline.lock`, the fingerprint each link was last reviewed against;
//! - [`links`]: the links of the current workspace, each with a stable downstream key;
//! - [`suspect`]: which links are suspect, one hop at a time or the whole cone;
//! - [`implementation`]: which code links' implementations changed since review (the
//!   other direction), and computing the body fingerprints the fast path left out;
//! - [`review`]: accepting the current state into the lock;
//! - [`status`]: the roll-up of an upstream item's cone (implemented, verified, suspect).

pub mod body;
pub mod fingerprint;
pub mod implementation;
pub mod links;
pub mod lock;
pub mod review;
pub mod status;
pub mod suspect;

pub use lock::{Lock, LockState, LOCK_FILE};
