//! The Kiro dialect: `.kiro/specs/<feature>/{requirements,design,tasks}.md` and the
//! markers Kiro's agents write in code (docs/dialects.md, "Kiro").

pub mod lines;
pub mod markers;
pub mod specs;
