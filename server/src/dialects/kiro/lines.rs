//! Lines of a Markdown spec with their byte offsets, fenced code marked, and ATX
//! headings: the little Markdown structure the spec formats need, without a full parse.

/// One line, without its line break.
#[derive(Debug, Clone, Copy)]
pub struct Line<'t> {
    pub text: &'t str,
    /// Byte offsets of the line's start and of the next line's start.
    pub start: usize,
    pub end: usize,
    /// Inside (or the fence of) a fenced code block: an example, never read.
    pub fenced: bool,
}

/// Every line of `text`, with fenced code blocks (``` and ~~~) marked.
pub fn fenced_lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let end = start + raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        let run = |c: u8| trimmed.bytes().take_while(|&b| b == c).count();
        let opener = [b'`', b'~']
            .into_iter()
            .map(|c| (c, run(c)))
            .find(|&(_, n)| n >= 3);
        let fenced = match (fence, opener) {
            (None, Some((c, n))) => {
                fence = Some((c, n));
                true
            }
            (Some((c, n)), Some((c2, n2)))
                if c == c2 && n2 >= n && trimmed[n2..].trim().is_empty() =>
            {
                fence = None;
                true
            }
            (Some(_), _) => true,
            (None, None) => false,
        };
        out.push(Line {
            text: line,
            start,
            end,
            fenced,
        });
        start = end;
    }
    out
}

/// An ATX heading: its level, the byte offset of its text in the line, and the text
/// (closing `#`s and surrounding emphasis markers removed).
pub fn heading(line: &str) -> Option<(u8, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let level = rest.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let after = &rest[level..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let body = after.trim_start();
    let at = indent + level + (after.len() - body.len());
    let body = body.trim_end().trim_end_matches('#').trim_end();
    let stripped = body.trim_start_matches('*');
    let at = at + (body.len() - stripped.len());
    Some((level as u8, at, stripped.trim_end_matches('*')))
}

#[cfg(test)]
mod tests {
    // Verifies: REQ-DIALECT-KIRO
    use super::*;

    #[test]
    fn fences_and_headings() {
        let text = "# A\n```md\n### Requirement 1\n```\n### Requirement 2: B ##\n";
        let lines = fenced_lines(text);
        assert_eq!(
            lines.iter().map(|l| l.fenced).collect::<Vec<_>>(),
            [false, true, true, true, false]
        );
        assert_eq!(heading(lines[4].text), Some((3, 4, "Requirement 2: B")));
        assert_eq!(heading("#hashtag"), None);
        assert_eq!(heading("    # code"), None);
        assert_eq!(
            heading("### **Requirement 3**"),
            Some((3, 6, "Requirement 3"))
        );
        assert_eq!(
            &text[lines[4].start..lines[4].end],
            "### Requirement 2: B ##\n"
        );
    }
}
