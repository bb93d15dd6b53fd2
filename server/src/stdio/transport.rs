//! The sanitising transport: stdin → checks → server, server and errors → stdout.
//!
//! ```text
//! stdin ─(thread: framing, repair, shape)─┬─ good bodies ─► pipe ─► server
//!                                          └─ error replies ─┐
//! server ─► pipe ─(task: reframe)──────── server frames ────┴─► writer task ─► stdout
//! ```
//!
//! stdin is read on a plain thread: a blocking read cannot be cancelled, and one on
//! tokio's blocking pool would hold the runtime's shutdown until the client closes
//! stdin. The writer task writes whole frames from both sources, so replies never
//! interleave with the server's output.

use super::jsonrpc_shape::{self, error_response, Kind, INVALID_REQUEST};
use super::{Event, Framing};
use serde_json::Value;
use std::io::Read;
use tokio::io::{AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// A check a server framework needs beyond JSON-RPC's shape (e.g. integer ids).
pub type ExtraCheck = fn(&Value) -> Result<(), &'static str>;

pub struct Options {
    pub framing: Framing,
    /// The largest message body accepted.
    pub limit: usize,
    pub extra: ExtraCheck,
}

/// The server's side of the transport.
pub struct Transport {
    /// Checked messages, framed with `Options::framing`.
    pub input: DuplexStream,
    /// Where the server writes its framed messages.
    pub output: DuplexStream,
    /// Ends once the server's output has closed and everything queued was written.
    pub finished: JoinHandle<()>,
}

enum Out {
    Body(Vec<u8>),
    End,
}

const PIPE: usize = 1 << 16;

/// Implements: REQ-LSP-FRAMING
/// Starts the transport over `reader` and `writer`; must be called inside a tokio runtime.
pub fn start<R, W>(reader: R, writer: W, options: Options) -> Transport
where
    R: Read + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (input, mut to_server) = tokio::io::duplex(PIPE);
    let (output, mut from_server) = tokio::io::duplex(PIPE);
    let (good_tx, mut good_rx) = mpsc::channel::<Vec<u8>>(16);
    let (out_tx, out_rx) = mpsc::channel::<Out>(64);
    let framing = options.framing;

    let replies = out_tx.clone();
    let spawned = std::thread::Builder::new()
        .name("stdin".into())
        .spawn(move || read_input(reader, &options, &good_tx, &replies));
    if let Err(e) = spawned {
        tracing::error!("cannot start the stdin reader: {e}");
    }

    tokio::spawn(async move {
        while let Some(body) = good_rx.recv().await {
            if to_server.write_all(&framing.frame(&body)).await.is_err() {
                break;
            }
        }
        // Dropping the pipe is the server's end of input.
    });

    tokio::spawn(async move {
        let mut decoder = framing.decoder(usize::MAX);
        let mut chunk = vec![0u8; PIPE];
        let mut events = Vec::new();
        while let Ok(n @ 1..) = from_server.read(&mut chunk).await {
            decoder.push(&chunk[..n], &mut events);
            for event in events.drain(..) {
                match event {
                    Event::Message(body) => {
                        let _ = out_tx.send(Out::Body(body)).await;
                    }
                    other => tracing::error!("the server wrote a bad frame: {other:?}"),
                }
            }
        }
        let _ = out_tx.send(Out::End).await;
    });

    let finished = tokio::spawn(write_output(writer, framing, out_rx));
    Transport {
        input,
        output,
        finished,
    }
}

/// Reads, frames and checks the client's messages until the input ends or the server
/// stops taking them.
fn read_input(
    mut reader: impl Read,
    options: &Options,
    good: &mpsc::Sender<Vec<u8>>,
    replies: &mpsc::Sender<Out>,
) {
    let mut decoder = options.framing.decoder(options.limit);
    let mut chunk = vec![0u8; PIPE];
    let mut events = Vec::new();
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                tracing::warn!("cannot read stdin: {e}; stopping");
                break;
            }
        };
        decoder.push(&chunk[..n], &mut events);
        if !events.drain(..).all(|e| handle(e, options, good, replies)) {
            return;
        }
    }
    let end = decoder.finish(&mut events);
    events.drain(..).for_each(|e| {
        handle(e, options, good, replies);
    });
    match end {
        Some(why) => tracing::warn!("stdin closed: {why}; stopping"),
        None => tracing::info!("stdin closed; stopping"),
    }
}

/// Forwards or answers one event; `false` once the server no longer takes input.
fn handle(
    event: Event,
    options: &Options,
    good: &mpsc::Sender<Vec<u8>>,
    replies: &mpsc::Sender<Out>,
) -> bool {
    let reply = |body: Vec<u8>| {
        let _ = replies.blocking_send(Out::Body(body));
    };
    match event {
        Event::Message(body) => match jsonrpc_shape::check(&body) {
            Ok(valid) => {
                if let Err(why) = (options.extra)(&valid.value) {
                    tracing::warn!("dropped a message: {why}");
                    if valid.kind == Kind::Request {
                        let id = valid.value.get("id").cloned().unwrap_or(Value::Null);
                        reply(error_response(
                            &id,
                            INVALID_REQUEST,
                            &format!("Invalid request: {why}"),
                        ));
                    }
                    return true;
                }
                if valid.repaired > 0 {
                    tracing::debug!(
                        "replaced {} lone surrogate escape(s) by U+FFFD",
                        valid.repaired
                    );
                }
                good.blocking_send(valid.body).is_ok()
            }
            Err(invalid) => {
                tracing::warn!(
                    "dropped a message of {} bytes: {}",
                    body.len(),
                    invalid.reason
                );
                if let Some(body) = invalid.reply() {
                    reply(body);
                }
                true
            }
        },
        Event::TooLarge { declared, limit } => {
            let size = declared.map_or("a message".to_string(), |n| {
                format!("a message of {n} bytes")
            });
            let why = format!(
                "{size} is over the limit of {limit} bytes (THROUGHLINE_MAX_MESSAGE); skipped it"
            );
            tracing::warn!("{why}");
            reply(error_response(
                &Value::Null,
                INVALID_REQUEST,
                &format!("Invalid request: {why}"),
            ));
            true
        }
        Event::Garbage(what) => {
            tracing::warn!("skipped {what} on stdin; looking for the next message");
            true
        }
    }
}

async fn write_output(
    mut writer: impl AsyncWrite + Unpin,
    framing: Framing,
    mut out: mpsc::Receiver<Out>,
) {
    let mut broken = false;
    while let Some(Out::Body(body)) = out.recv().await {
        // After a failed write keep draining, so that no sender blocks on a full queue.
        if broken {
            continue;
        }
        let written = async {
            writer.write_all(&framing.frame(&body)).await?;
            writer.flush().await
        };
        if let Err(e) = written.await {
            tracing::warn!("cannot write stdout: {e}; dropping further output");
            broken = true;
        }
    }
}

#[cfg(test)]
mod tests;
