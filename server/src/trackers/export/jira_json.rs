//! The JSON of Jira's REST search (`/rest/api/3/search?jql=…&fields=summary,status`), as
//! the Jira CLI or a script saves it: `{"issues": [{"key", "fields": {"summary",
//! "status": {"name", "statusCategory": {"key"}}}}]}`. Other fields are ignored.

use super::{category_of_key, ReadError, Record, Status};
use serde::Deserialize;

#[derive(Deserialize)]
struct Search {
    issues: Vec<Issue>,
}

#[derive(Deserialize)]
struct Issue {
    key: String,
    #[serde(default)]
    fields: Fields,
}

#[derive(Deserialize, Default)]
struct Fields {
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    status: Option<JiraStatus>,
}

#[derive(Deserialize)]
struct JiraStatus {
    #[serde(default)]
    name: String,
    #[serde(default, rename = "statusCategory")]
    category: Option<StatusCategory>,
}

#[derive(Deserialize)]
struct StatusCategory {
    #[serde(default)]
    key: Option<String>,
}

/// Implements: REQ-TRACKER-STATUS
pub fn read(data: &[u8]) -> Result<Vec<Record>, ReadError> {
    let search: Search = serde_json::from_slice(data).map_err(|e| ReadError::json(&e))?;
    Ok(search
        .issues
        .into_iter()
        .map(|i| {
            let (name, key) = match &i.fields.status {
                Some(s) => (
                    s.name.clone(),
                    s.category.as_ref().and_then(|c| c.key.clone()),
                ),
                None => (String::new(), None),
            };
            Record {
                key: i.key,
                title: i.fields.summary.unwrap_or_default(),
                status: Status {
                    category: category_of_key(key.as_deref(), &name),
                    name,
                },
            }
        })
        .collect())
}

// Verifies: REQ-TRACKER-STATUS
#[cfg(test)]
mod tests {
    use super::super::Category;
    use super::*;

    #[test]
    fn reads_keys_summaries_and_categories() {
        let data = br#"{"startAt": 0, "total": 2, "issues": [
            {"id": "1", "key": "PAY-1", "fields": {"summary": "Refunds", "status": {"name": "Done", "statusCategory": {"key": "done", "name": "Done"}}}},
            {"key": "PAY-2", "fields": {"summary": "Receipts", "status": {"name": "Doing", "statusCategory": {"key": "indeterminate"}}}},
            {"key": "PAY-3", "fields": {}}
        ]}"#;
        let r = read(data).unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!(
            (r[0].key.as_str(), r[0].title.as_str()),
            ("PAY-1", "Refunds")
        );
        assert_eq!(r[0].status.category, Category::Done);
        assert_eq!(r[1].status.category, Category::InProgress);
        assert_eq!(r[2].status.category, Category::New);
    }

    #[test]
    fn malformed_json_names_the_position() {
        let e = read(b"{\"issues\": [\n  {\"fields\": {}}\n]}").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("missing field `key`"), "{e:?}");
        let e = read(b"{\"issues\": [\n  {\"key\": \"A-1\",").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("EOF"), "{e:?}");
        let e = read(b"{\"issues\": [{\"key\": \"\xff\"}]}").unwrap_err();
        assert_eq!(e.line, 1);
    }
}
