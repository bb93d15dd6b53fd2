// Verifies: REQ-LSP-FRAMING
//! The Content-Length decoder, fed whole, one byte at a time and in odd chunks.

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
    let input =
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length:  2\r\n\r\n{}\
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
