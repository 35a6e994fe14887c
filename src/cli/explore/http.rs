//! The little HTTP/1.1 the explore page needs, over `std::net`: one request per connection
//! (answers close it), a head of at most [`MAX_HEAD_BYTES`], a body only with a
//! `Content-Length` and at most the caller's limit, and the whole request within a deadline
//! (every read also gives up after it), so a client that trickles or goes silent is answered
//! 408 and its thread freed. Owns reading requests and writing answers; knows nothing of the
//! API.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// Largest request head (request line and headers) accepted, in bytes.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;

/// A request as the API sees it.
pub struct Request {
    pub method: String,
    pub path: String,
    pub query: String,
    pub body: Vec<u8>,
}

/// A request that could not be read: the status and message to answer with, or None when the
/// client went away before sending a whole head (nobody to answer).
pub type Failure = Option<(u16, String)>;

fn fail(status: u16, message: impl Into<String>) -> Failure {
    Some((status, message.into()))
}

fn too_slow(timeout: Duration) -> Failure {
    fail(
        408,
        format!("the request did not arrive within {} s", timeout.as_secs()),
    )
}

/// Reads more of the request into `buf`; the bytes read (0 at the end), or the failure
/// (408 when the read waited too long or the deadline has passed).
fn read_more(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    started: Instant,
    timeout: Duration,
) -> Result<usize, Failure> {
    let mut chunk = [0u8; 8192];
    loop {
        if started.elapsed() > timeout {
            return Err(too_slow(timeout));
        }
        match stream.read(&mut chunk) {
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                return Ok(n);
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(too_slow(timeout));
            }
            Err(_) => return Err(None),
        }
    }
}

/// Reads one request from `stream` within `timeout` of now, with a body of at most
/// `max_body` bytes. Sets the stream's read and write timeouts to `timeout`.
pub fn read_request(
    stream: &mut TcpStream,
    timeout: Duration,
    max_body: usize,
) -> Result<Request, Failure> {
    let started = Instant::now();
    stream
        .set_read_timeout(Some(timeout))
        .and_then(|()| stream.set_write_timeout(Some(timeout)))
        .map_err(|_| None)?;
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_HEAD_BYTES {
            return Err(fail(
                431,
                format!("request head over {MAX_HEAD_BYTES} bytes"),
            ));
        }
        if read_more(stream, &mut buf, started, timeout)? == 0 {
            return Err(None);
        }
    };
    let mut body = buf.split_off(head_end + 4);
    let head = std::str::from_utf8(&buf[..head_end])
        .map_err(|_| fail(400, "the request head is not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let mut parts = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(fail(400, "malformed request line"));
    };
    if !version.starts_with("HTTP/1.") || !target.starts_with('/') {
        return Err(fail(400, "malformed request line"));
    }
    let mut length = 0usize;
    let mut expect_continue = false;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(fail(400, format!("malformed header line {line:?}")));
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => {
                length = value
                    .parse()
                    .map_err(|_| fail(400, format!("Content-Length {value:?} is not a number")))?;
            }
            "transfer-encoding" => {
                return Err(fail(
                    411,
                    "send the body with a Content-Length (chunked bodies are not accepted)",
                ));
            }
            "expect" if value.eq_ignore_ascii_case("100-continue") => expect_continue = true,
            _ => {}
        }
    }
    if length > max_body {
        return Err(fail(413, format!("request body over {max_body} bytes")));
    }
    if expect_continue && body.len() < length {
        stream
            .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .map_err(|_| None)?;
    }
    while body.len() < length {
        if read_more(stream, &mut body, started, timeout)? == 0 {
            return Err(fail(400, "the request body ended early"));
        }
    }
    body.truncate(length);
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Ok(Request {
        method: method.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        body,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// Writes the answer and closes the connection, first letting the client finish sending (up
/// to a limit), so that it reads the answer rather than a reset connection.
pub fn answer(mut stream: TcpStream, status: u16, content_type: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        reason(status),
        body.len()
    );
    // A client that went away is not an error of the server.
    if stream.write_all(head.as_bytes()).is_err() || stream.write_all(body).is_err() {
        return;
    }
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut sink = [0u8; 8192];
    let (mut drained, started) = (0, Instant::now());
    while drained < 1 << 20 && started.elapsed() < Duration::from_secs(2) {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}
