//! The commands that publish the chain (`export`, `report`): the engine's data written
//! to a file or stdout. `main.rs` parses the arguments and calls these.

pub mod publish;
