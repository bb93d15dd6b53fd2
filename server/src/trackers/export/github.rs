//! `gh issue list --state all --json number,title,state,labels`: a JSON array of
//! `{"number", "title", "state": "OPEN"|"CLOSED", "labels": [...]}`.

use super::{Category, ReadError, Record, Status};
use serde::Deserialize;

#[derive(Deserialize)]
struct Issue {
    number: u64,
    #[serde(default)]
    title: String,
    state: String,
}

/// Implements: REQ-TRACKER-STATUS
pub fn read(data: &[u8]) -> Result<Vec<Record>, ReadError> {
    let issues: Vec<Issue> = serde_json::from_slice(data).map_err(|e| ReadError::json(&e))?;
    Ok(issues
        .into_iter()
        .map(|i| {
            let closed =
                i.state.eq_ignore_ascii_case("closed") || i.state.eq_ignore_ascii_case("merged");
            Record {
                key: i.number.to_string(),
                title: i.title,
                status: Status {
                    name: i.state.to_ascii_lowercase(),
                    category: if closed {
                        Category::Done
                    } else {
                        Category::New
                    },
                },
            }
        })
        .collect())
}

// Verifies: REQ-TRACKER-STATUS
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_titles_and_states() {
        let data = br#"[{"labels":[{"id":"x","name":"bug"}],"number":12,"state":"CLOSED","title":"Refunds"},
                        {"labels":[],"number":13,"state":"OPEN","title":"Receipts"}]"#;
        let r = read(data).unwrap();
        assert_eq!(r[0].key, "12");
        assert_eq!(r[0].status.name, "closed");
        assert!(r[0].status.is_closed());
        assert!(!r[1].status.is_closed());
    }

    #[test]
    fn wrong_types_name_the_position() {
        let e = read(b"[\n{\"number\": \"12\", \"state\": \"OPEN\"}]").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("invalid type"), "{e:?}");
        assert!(read(b"{\"issues\": []}").is_err());
    }
}
