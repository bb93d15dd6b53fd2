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
mod tests;
