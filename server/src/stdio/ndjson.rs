//! Newline-delimited framing: one message per line (MCP's stdio transport).
//!
//! A line over the limit is reported and discarded up to its newline, never held; a
//! trailing `\r` is dropped and blank lines are ignored. A last line without a newline
//! is still a message.

use super::{Decode, Event};

/// `body` as one line. A body holding a raw newline would split into two lines; JSON
/// serialisers escape newlines inside strings, so a serialised message never does.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 1);
    out.extend_from_slice(body);
    out.push(b'\n');
    out
}

/// Implements: REQ-LSP-FRAMING
pub struct Decoder {
    limit: usize,
    line: Vec<u8>,
    /// Inside a line already reported as too long.
    discarding: bool,
}

impl Decoder {
    pub fn new(limit: usize) -> Decoder {
        Decoder {
            limit,
            line: Vec::new(),
            discarding: false,
        }
    }

    fn complete(&mut self, events: &mut Vec<Event>) {
        let mut line = std::mem::take(&mut self.line);
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            events.push(Event::Message(line));
        }
    }
}

impl Decode for Decoder {
    fn push(&mut self, input: &[u8], events: &mut Vec<Event>) {
        let mut rest = input;
        while !rest.is_empty() {
            let newline = memchr::memchr(b'\n', rest);
            let piece = &rest[..newline.unwrap_or(rest.len())];
            rest = newline.map_or(&[][..], |i| &rest[i + 1..]);
            if !self.discarding {
                if self.line.len() + piece.len() > self.limit {
                    events.push(Event::TooLarge {
                        declared: None,
                        limit: self.limit,
                    });
                    self.line = Vec::new();
                    self.discarding = true;
                } else {
                    self.line.extend_from_slice(piece);
                }
            }
            if newline.is_some() && !std::mem::take(&mut self.discarding) {
                self.complete(events);
            }
        }
    }

    fn finish(&mut self, events: &mut Vec<Event>) -> Option<&'static str> {
        if self.discarding {
            return Some("the input ended inside an oversized line");
        }
        self.complete(events);
        None
    }
}

#[cfg(test)]
// Verifies: REQ-LSP-FRAMING
mod tests {
    use super::*;

    fn decode(input: &[u8], chunk: usize, limit: usize) -> (Vec<Event>, Option<&'static str>) {
        let mut decoder = Decoder::new(limit);
        let mut events = Vec::new();
        for piece in input.chunks(chunk) {
            decoder.push(piece, &mut events);
        }
        let end = decoder.finish(&mut events);
        (events, end)
    }

    fn message(s: &str) -> Event {
        Event::Message(s.as_bytes().to_vec())
    }

    #[test]
    fn lines_are_messages_in_any_chunking() {
        let input = b"{\"a\":1}\r\n\n  \n{\"b\":2}\n{\"c\":3}";
        for chunk in [1, 2, 5, input.len()] {
            let (events, end) = decode(input, chunk, 100);
            assert_eq!(
                events,
                [
                    message("{\"a\":1}"),
                    message("{\"b\":2}"),
                    message("{\"c\":3}")
                ],
                "chunk {chunk}"
            );
            assert_eq!(end, None);
        }
    }

    #[test]
    fn a_long_line_is_reported_once_and_discarded() {
        let mut input = vec![b'x'; 5000];
        input.extend_from_slice(b"\n{}\n");
        for chunk in [1, 64, input.len()] {
            let mut decoder = Decoder::new(100);
            let mut events = Vec::new();
            for piece in input.chunks(chunk) {
                decoder.push(piece, &mut events);
                assert!(decoder.line.len() <= 100);
            }
            assert_eq!(decoder.finish(&mut events), None);
            assert_eq!(
                events,
                [
                    Event::TooLarge {
                        declared: None,
                        limit: 100
                    },
                    message("{}")
                ],
                "chunk {chunk}"
            );
        }
        assert_eq!(
            decode(&[b'x'; 500], 7, 100).1,
            Some("the input ended inside an oversized line")
        );
    }

    #[test]
    fn invalid_utf8_is_framed_and_left_to_the_json_check() {
        let (events, _) = decode(b"\xff\xfe\n{}\n", 3, 100);
        assert_eq!(events, [Event::Message(vec![0xff, 0xfe]), message("{}")]);
    }

    #[test]
    fn frame_ends_with_one_newline() {
        assert_eq!(frame(b"{}"), b"{}\n");
    }
}
