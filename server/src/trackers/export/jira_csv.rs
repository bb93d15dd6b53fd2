//! Jira's CSV export (Filters → Export → CSV): a header row naming `Issue key`,
//! `Summary` and `Status`, and, in newer versions, `Status Category`. Column order and
//! the other columns (there are many, some repeated) do not matter.

use super::{category_of_key, ReadError, Record, Status};

fn column(headers: &csv::ByteRecord, names: &[&str]) -> Option<usize> {
    headers.iter().position(|h| {
        let h = String::from_utf8_lossy(h);
        names.iter().any(|n| h.trim().eq_ignore_ascii_case(n))
    })
}

fn position(e: &csv::Error) -> (usize, usize) {
    e.position()
        .map_or((1, 1), |p| (p.line().max(1) as usize, 1))
}

/// Implements: REQ-TRACKER-STATUS
pub fn read(data: &[u8]) -> Result<Vec<Record>, ReadError> {
    let mut reader = csv::ReaderBuilder::new().from_reader(data);
    let headers = reader
        .byte_headers()
        .map_err(|e| {
            let (l, c) = position(&e);
            ReadError::at(l, c, format!("cannot read the header row: {e}"))
        })?
        .clone();
    let need = |names: &[&str], label: &str| {
        column(&headers, names).ok_or_else(|| {
            ReadError::at(
                1,
                1,
                format!("the header row has no `{label}` column (a Jira CSV export has `Issue key`, `Summary` and `Status`)"),
            )
        })
    };
    let key = need(&["Issue key", "Key"], "Issue key")?;
    let status = need(&["Status"], "Status")?;
    let summary = column(&headers, &["Summary"]);
    let category = column(&headers, &["Status Category"]);
    let mut out = Vec::new();
    for row in reader.byte_records() {
        let row = row.map_err(|e| {
            let (l, c) = position(&e);
            ReadError::at(l, c, e.to_string())
        })?;
        let line = row.position().map_or(0, |p| p.line() as usize);
        let field = |i: usize| -> Result<String, ReadError> {
            let bytes = row.get(i).unwrap_or_default();
            std::str::from_utf8(bytes)
                .map(|s| s.trim().to_string())
                .map_err(|_| ReadError::at(line, 1, "the row is not valid UTF-8"))
        };
        let k = field(key)?;
        if k.is_empty() {
            continue;
        }
        let name = field(status)?;
        let cat = category.map(field).transpose()?;
        out.push(Record {
            key: k,
            title: summary.map(field).transpose()?.unwrap_or_default(),
            status: Status {
                category: category_of_key(cat.as_deref().filter(|c| !c.is_empty()), &name),
                name,
            },
        });
    }
    Ok(out)
}

// Verifies: REQ-TRACKER-STATUS
#[cfg(test)]
mod tests {
    use super::super::Category;
    use super::*;

    #[test]
    fn reads_the_named_columns_in_any_order() {
        let data = b"Summary,Issue key,Issue id,Status,Sprint,Sprint\n\"Refunds, partial\",PAY-1,10001,Done,S1,S2\nReceipts,PAY-2,10002,In Progress,,\n";
        let r = read(data).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].title, "Refunds, partial");
        assert_eq!(r[0].status.category, Category::Done);
        assert_eq!(r[1].key, "PAY-2");
        assert_eq!(r[1].status.category, Category::InProgress);
    }

    #[test]
    fn the_status_category_column_wins_over_the_name() {
        let data =
            b"Issue key,Status,Status Category\nPAY-1,Shipped,Done\nPAY-2,Done,In Progress\n";
        let r = read(data).unwrap();
        assert!(r[0].status.is_closed());
        assert!(!r[1].status.is_closed());
    }

    #[test]
    fn malformed_rows_and_headers_name_the_line() {
        let e = read(b"Issue key,Status\nPAY-1,Done\nPAY-2,Done,extra\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("fields"), "{e:?}");
        let e = read(b"Key-ish,Summary\nPAY-1,x\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("`Issue key`"), "{e:?}");
        let e = read(b"Issue key,Status\nPAY-1,D\xffne\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("UTF-8"), "{e:?}");
    }
}
