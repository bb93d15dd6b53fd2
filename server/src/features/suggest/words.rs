//! Words for ranking: identifiers split at case and `_` boundaries, lowercased, lightly
//! stemmed, with English and code stop words dropped, so that `capturePayment`,
//! `capture_payments` and "Payments are captured" share `captur` and `payment`.

/// The words of `text`, in order, repeats kept.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for run in text.split(|c: char| !c.is_alphanumeric()) {
        for part in split_case(run) {
            let lower = part.to_lowercase();
            if lower.chars().count() < 2 || lower.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            if STOP.binary_search(&lower.as_str()).is_ok() {
                continue;
            }
            out.push(stem(&lower));
        }
    }
    out
}

/// `HTTPServerError2` → `HTTP`, `Server`, `Error`, `2`; `snake_case` arrives split.
fn split_case(run: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..chars.len() {
        let (at, c) = chars[i];
        let prev = chars[i - 1].1;
        let next_lower = chars.get(i + 1).is_some_and(|(_, n)| n.is_lowercase());
        let boundary = (prev.is_lowercase() && c.is_uppercase())
            || (prev.is_uppercase() && c.is_uppercase() && next_lower)
            || (prev.is_alphabetic() != c.is_alphabetic());
        if boundary {
            parts.push(&run[start..at]);
            start = at;
        }
    }
    if start < run.len() {
        parts.push(&run[start..]);
    }
    parts
}

/// Folds plurals and `-ing`/`-ed`/`-e` endings: `captures`, `captured`, `capturing` and
/// `capture` all become `captur`.
fn stem(w: &str) -> String {
    let mut s = w.to_string();
    if s.len() > 4 && s.ends_with("ies") {
        s.truncate(s.len() - 3);
        s.push('y');
    } else if s.len() > 3 && s.ends_with('s') && !s.ends_with("ss") {
        s.pop();
    }
    if s.len() > 5 && s.ends_with("ing") {
        s.truncate(s.len() - 3);
    } else if s.len() > 4 && s.ends_with("ed") {
        s.truncate(s.len() - 2);
    }
    if s.len() > 4 && s.ends_with('e') {
        s.pop();
    }
    s
}

/// Sorted, for binary search.
const STOP: &[&str] = &[
    "about", "after", "all", "also", "an", "and", "any", "are", "as", "async", "at", "await", "be",
    "been", "bool", "but", "by", "can", "class", "const", "def", "else", "err", "export", "false",
    "fn", "for", "from", "func", "function", "has", "have", "if", "impl", "import", "in", "int",
    "into", "is", "it", "its", "let", "may", "must", "mut", "new", "nil", "no", "none", "not",
    "null", "of", "ok", "on", "one", "or", "private", "pub", "public", "return", "self", "shall",
    "should", "some", "static", "str", "string", "struct", "than", "that", "the", "their", "then",
    "there", "this", "to", "true", "use", "var", "void", "was", "when", "which", "while", "will",
    "with",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_prose_share_words() {
        assert_eq!(words("capturePayment"), ["captur", "payment"]);
        assert_eq!(words("capture_payments"), ["captur", "payment"]);
        assert_eq!(
            words("Payments are captured once"),
            ["payment", "captur", "once"]
        );
        assert_eq!(words("HTTPServerError"), ["http", "server", "error"]);
        assert_eq!(words("refundPolicies v2"), ["refund", "policy"]);
    }

    #[test]
    fn stop_words_are_sorted() {
        let mut sorted = STOP.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP);
    }
}
