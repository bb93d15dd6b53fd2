//! `Content-Length` framing (LSP's base protocol), decoded robustly.
//!
//! Unlike a codec that gives up after one bad frame, this decoder always finds the next
//! one: a header block without `Content-Length`, with an unparsable value or a line that
//! is not `Name: value` is reported as garbage, and the decoder rescans from the byte
//! after where that block began for the next `Content-Length:`. Header blocks are capped
//! at [`MAX_HEADER`] bytes; a body over the limit is discarded as it arrives, never held.

use super::{Decode, Event};

/// The most header bytes held for one message; real clients send under 100.
pub const MAX_HEADER: usize = 8 << 10;

const NEEDLE: &[u8] = b"content-length:";

/// `body` with its header.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Reading header lines into `block`.
    Header,
    /// Reading a body of this many bytes into `body`.
    Body(usize),
    /// Discarding this many more bytes of an oversized body.
    Skip(usize),
    /// Looking for `Content-Length:`; this many of its bytes matched so far.
    Resync(usize),
}

/// Implements: REQ-LSP-FRAMING
pub struct Decoder {
    limit: usize,
    state: State,
    /// The current header block, for parsing and for rescanning if it is bad.
    block: Vec<u8>,
    /// Where the current line starts in `block`.
    line_start: usize,
    length: Option<usize>,
    body: Vec<u8>,
}

impl Decoder {
    pub fn new(limit: usize) -> Decoder {
        Decoder {
            limit,
            state: State::Header,
            block: Vec::new(),
            line_start: 0,
            length: None,
            body: Vec::new(),
        }
    }

    /// Consumes some of `data`; returns how much, and bytes to rescan before the rest.
    fn step(&mut self, data: &[u8], events: &mut Vec<Event>) -> (usize, Option<Vec<u8>>) {
        match self.state {
            State::Header => self.header(data, events),
            State::Body(n) => {
                let take = (n - self.body.len()).min(data.len());
                self.body.extend_from_slice(&data[..take]);
                if self.body.len() == n {
                    events.push(Event::Message(std::mem::take(&mut self.body)));
                    self.state = State::Header;
                }
                (take, None)
            }
            State::Skip(n) => {
                let take = n.min(data.len());
                self.state = match n - take {
                    0 => State::Header,
                    left => State::Skip(left),
                };
                (take, None)
            }
            State::Resync(matched) => self.resync(matched, data),
        }
    }

    fn header(&mut self, data: &[u8], events: &mut Vec<Event>) -> (usize, Option<Vec<u8>>) {
        let newline = memchr::memchr(b'\n', data);
        let want = newline.map_or(data.len(), |i| i + 1);
        let room = MAX_HEADER - self.block.len();
        if want > room {
            self.block.extend_from_slice(&data[..room]);
            return (room, self.garbage("a header block over 8 KiB", events));
        }
        self.block.extend_from_slice(&data[..want]);
        if newline.is_none() {
            return (want, None);
        }
        let line = &self.block[self.line_start..self.block.len() - 1];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.is_empty() {
            let Some(colon) = memchr::memchr(b':', line) else {
                return (
                    want,
                    self.garbage("a header line that is not `Name: value`", events),
                );
            };
            let name = line[..colon].trim_ascii();
            if name.eq_ignore_ascii_case(b"content-length") {
                match parse_length(line[colon + 1..].trim_ascii()) {
                    Some(n) => self.length = Some(n),
                    None => {
                        return (
                            want,
                            self.garbage("an invalid Content-Length value", events),
                        )
                    }
                }
            }
            self.line_start = self.block.len();
            return (want, None);
        }
        // A blank line ends the block; blank lines before any header are ignored.
        if self.line_start == 0 {
            self.block.clear();
            return (want, None);
        }
        let Some(length) = self.length.take() else {
            return (
                want,
                self.garbage("a header block without Content-Length", events),
            );
        };
        self.block.clear();
        self.line_start = 0;
        match length {
            0 => events.push(Event::Message(Vec::new())),
            n if n > self.limit => {
                events.push(Event::TooLarge {
                    declared: Some(n),
                    limit: self.limit,
                });
                self.state = State::Skip(n);
            }
            n => {
                self.body = Vec::with_capacity(n.min(1 << 20));
                self.state = State::Body(n);
            }
        }
        (want, None)
    }

    /// Reports a bad header block and rescans it from its second byte.
    fn garbage(&mut self, why: &'static str, events: &mut Vec<Event>) -> Option<Vec<u8>> {
        events.push(Event::Garbage(why));
        self.state = State::Resync(0);
        self.length = None;
        self.line_start = 0;
        let block = std::mem::take(&mut self.block);
        (block.len() > 1).then(|| block[1..].to_vec())
    }

    fn resync(&mut self, mut matched: usize, data: &[u8]) -> (usize, Option<Vec<u8>>) {
        for (i, b) in data.iter().enumerate() {
            let b = b.to_ascii_lowercase();
            if b == NEEDLE[matched] {
                matched += 1;
                if matched == NEEDLE.len() {
                    self.block = b"Content-Length:".to_vec();
                    self.state = State::Header;
                    return (i + 1, None);
                }
            } else {
                // The needle's first byte occurs nowhere else in it, so no overlap to keep.
                matched = usize::from(b == NEEDLE[0]);
            }
        }
        self.state = State::Resync(matched);
        (data.len(), None)
    }
}

/// Decimal digits only (no sign); `None` if not a number `usize` can hold.
fn parse_length(value: &[u8]) -> Option<usize> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(value).ok()?.parse().ok()
}

impl Decode for Decoder {
    fn push(&mut self, input: &[u8], events: &mut Vec<Event>) {
        // Rescanned blocks are processed before the rest of what was pushed. Each rescan
        // starts after the start of the block it replays, so this ends.
        let mut pending: Vec<(Vec<u8>, usize)> = Vec::new();
        let mut pos = 0;
        loop {
            let (used, replay) = match pending.last() {
                Some((data, at)) if *at < data.len() => self.step(&data[*at..], events),
                Some(_) => {
                    pending.pop();
                    continue;
                }
                None if pos < input.len() => self.step(&input[pos..], events),
                None => return,
            };
            match pending.last_mut() {
                Some((_, at)) => *at += used,
                None => pos += used,
            }
            if let Some(bytes) = replay {
                pending.push((bytes, 0));
            }
        }
    }

    fn finish(&mut self, _events: &mut Vec<Event>) -> Option<&'static str> {
        match self.state {
            State::Header if self.block.iter().all(u8::is_ascii_whitespace) => None,
            State::Header => Some("the input ended inside a message header"),
            State::Body(_) => Some("the input ended in the middle of a message body"),
            State::Skip(_) => Some("the input ended in the middle of an oversized message"),
            State::Resync(_) => {
                Some("the input ended while looking for the next Content-Length header")
            }
        }
    }
}

#[cfg(test)]
// Verifies: REQ-LSP-FRAMING
mod tests {
    use super::*;

    fn decode_in_chunks(
        input: &[u8],
        chunk: usize,
        limit: usize,
    ) -> (Vec<Event>, Option<&'static str>) {
        let mut decoder = Decoder::new(limit);
        let mut events = Vec::new();
        for piece in input.chunks(chunk.max(1)) {
            decoder.push(piece, &mut events);
        }
        let end = decoder.finish(&mut events);
        (events, end)
    }

    fn messages(events: &[Event]) -> Vec<&str> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Message(m) => Some(std::str::from_utf8(m).unwrap()),
                _ => None,
            })
            .collect()
    }

    /// Decodes `input` whole, one byte at a time and in 7-byte chunks; all must agree.
    fn decode(input: &[u8], limit: usize) -> (Vec<Event>, Option<&'static str>) {
        let whole = decode_in_chunks(input, input.len(), limit);
        assert_eq!(
            whole,
            decode_in_chunks(input, 1, limit),
            "one byte at a time"
        );
        assert_eq!(whole, decode_in_chunks(input, 7, limit), "7-byte chunks");
        whole
    }

    #[test]
    fn two_messages_in_one_chunk_and_one_byte_at_a_time() {
        let mut input = frame(b"{\"a\":1}");
        input.extend(frame("{\"b\":\"é\"}".as_bytes()));
        let (events, end) = decode(&input, 1 << 20);
        assert_eq!(messages(&events), ["{\"a\":1}", "{\"b\":\"é\"}"]);
        assert_eq!(events.len(), 2);
        assert_eq!(end, None);
    }

    #[test]
    fn extra_headers_any_case_and_bare_newlines_are_accepted() {
        let input = b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length:  2\r\n\r\n{}\
                      \r\n\r\nCONTENT-LENGTH: 3\n\n[1]";
        let (events, end) = decode(input, 100);
        assert_eq!(messages(&events), ["{}", "[1]"]);
        assert_eq!(events.len(), 2, "{events:?}");
        assert_eq!(end, None);
    }

    #[test]
    fn a_block_without_content_length_resyncs_on_the_next_header() {
        let input = b"Content-Type: x\r\n\r\n{\"lost\":1}Content-Length: 2\r\n\r\n{}";
        let (events, _) = decode(input, 100);
        assert_eq!(
            events[0],
            Event::Garbage("a header block without Content-Length")
        );
        assert_eq!(messages(&events), ["{}"]);
    }

    #[test]
    fn garbage_lines_and_bad_values_resync() {
        let input = b"hello there\r\nContent-Length: 2\r\n\r\n{}\
                      Content-Length: -4\r\n\r\nContent-Length: 99999999999999999999999\r\n\r\n\
                      Content-Length: 1\r\n\r\n1";
        let (events, end) = decode(input, 100);
        assert_eq!(messages(&events), ["{}", "1"]);
        let garbage: Vec<_> = events
            .iter()
            .filter(|e| matches!(e, Event::Garbage(_)))
            .collect();
        assert_eq!(
            garbage,
            [
                &Event::Garbage("a header line that is not `Name: value`"),
                &Event::Garbage("an invalid Content-Length value"),
                &Event::Garbage("an invalid Content-Length value"),
            ]
        );
        assert_eq!(end, None);
    }

    #[test]
    fn junk_glued_before_a_header_is_rescanned() {
        // The block's first "line" is `junkContent-Length: 2`, an unknown header; the
        // rescan of the bad block finds the real one inside it.
        let (events, _) = decode(b"junkContent-Length: 2\r\n\r\n{}", 100);
        assert_eq!(messages(&events), ["{}"]);
    }

    #[test]
    fn a_huge_header_block_is_capped() {
        let mut input = vec![b'x'; 3 * MAX_HEADER];
        input.extend(frame(b"{}"));
        let (events, end) = decode(&input, 100);
        assert_eq!(events[0], Event::Garbage("a header block over 8 KiB"));
        assert_eq!(messages(&events), ["{}"]);
        assert_eq!(end, None);
        let mut decoder = Decoder::new(100);
        decoder.push(&vec![b'x'; 10 * MAX_HEADER], &mut Vec::new());
        assert!(decoder.block.len() <= MAX_HEADER);
    }

    #[test]
    fn an_oversized_body_is_skipped_and_the_next_message_served() {
        let mut input = frame(&vec![b' '; 5000]);
        input.extend(frame(b"{}"));
        let (events, _) = decode(&input, 1000);
        assert_eq!(
            events[0],
            Event::TooLarge {
                declared: Some(5000),
                limit: 1000
            }
        );
        assert_eq!(messages(&events), ["{}"]);
        // The skipped bytes are never held.
        let mut decoder = Decoder::new(1000);
        decoder.push(&input[..4000], &mut Vec::new());
        assert!(decoder.body.capacity() < 1000);
    }

    #[test]
    fn the_end_of_input_says_where_it_stopped() {
        assert_eq!(decode(b"", 10).1, None);
        assert_eq!(decode(b"\r\n", 10).1, None);
        assert_eq!(
            decode(b"Content-Le", 10).1,
            Some("the input ended inside a message header")
        );
        assert_eq!(
            decode(b"Content-Length: 5\r\n\r\n{}", 10).1,
            Some("the input ended in the middle of a message body")
        );
        assert_eq!(
            decode(b"Content-Length: 50\r\n\r\n{}", 10).1,
            Some("the input ended in the middle of an oversized message")
        );
        assert_eq!(
            decode(b"no header here", 10).1,
            Some("the input ended inside a message header")
        );
        assert_eq!(
            decode(b"X: 1\r\n\r\n", 10).1,
            Some("the input ended while looking for the next Content-Length header")
        );
    }

    #[test]
    fn an_empty_body_is_a_message() {
        let (events, _) = decode(b"Content-Length: 0\r\n\r\n", 10);
        assert_eq!(events, [Event::Message(Vec::new())]);
    }

    #[test]
    fn random_soup_decodes_the_same_in_any_chunking() {
        // Fixed pseudo-random soups of header-like bytes: whatever they hold, the decoder
        // agrees with itself across chunkings and never holds more than its bounds.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for round in 0..200 {
            let mut input = Vec::new();
            for _ in 0..(round * 13 % 700) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                input.push(b"Content-Length: 12\r\n:x"[(seed % 22) as usize]);
            }
            input.extend(frame(b"{\"ok\":true}"));
            let (events, _) = decode(&input, 1000);
            for e in &events {
                if let Event::Message(m) = e {
                    assert!(m.len() <= 1000, "round {round}");
                }
            }
        }
    }
}
