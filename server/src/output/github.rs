//! GitHub Actions workflow commands: `::error file=…,line=…::message`. With
//! `check --base`, each finding the change fixed is a `::notice` without a file or line
//! (its position is the base revision's, which the pull request's files may not have),
//! titled `throughline <code> resolved`.

use super::{Resolved, Sources};
use crate::catalog::Severity;
use crate::diagnostics::Diagnostic;

pub fn render(
    diags: &[Diagnostic],
    sources: &mut Sources,
    resolved: Option<&mut Resolved>,
) -> String {
    let mut out = String::new();
    for d in diags {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        let p = sources.line_col(&d.path, d.range);
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&d.path),
            p.line,
            p.column,
            p.end_line,
            p.end_column,
            escape_property(&format!("throughline {}", d.code)),
            escape_data(&message)
        ));
    }
    if let Some(r) = resolved {
        for d in r.diagnostics {
            let p = r.sources.line_col(&d.path, d.range);
            out.push_str(&format!(
                "::notice title={}::{}\n",
                escape_property(&format!("throughline {} resolved", d.code)),
                escape_data(&format!(
                    "resolved since {}: {}:{}: {}",
                    r.rev, d.path, p.line, d.message
                ))
            ));
        }
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(super::escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(super::escape_data("a:b,c"), "a:b,c");
    }
}
