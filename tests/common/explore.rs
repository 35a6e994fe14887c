//! A client of `orgsim explore` for its tests: the server on an ephemeral port (stopped when
//! dropped), whole HTTP/1.1 requests and answers, raw and stalled requests for the
//! robustness tests, and `orgsim run` on a scenario file the page exported.
#![allow(dead_code)]

use super::{orgsim, text};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `orgsim explore` on an ephemeral port, stopped when dropped.
pub struct Server {
    child: Child,
    pub address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start() -> Server {
    start_with(&[])
}

/// `orgsim explore` with `extra` arguments.
pub fn start_with(extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args(["explore", "--no-open", "--port", "0"])
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start orgsim explore");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the address line");
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    eprintln!("orgsim explore serves on http://{address}/");
    Server { child, address }
}

/// A connection to `server` whose reads give up after two minutes.
pub fn connect(server: &Server) -> TcpStream {
    let stream = TcpStream::connect(&server.address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    stream
}

/// One HTTP/1.1 request; the status code and body of the answer.
pub fn request(server: &Server, method: &str, path: &str, body: &[u8]) -> (u16, String) {
    let mut stream = connect(server);
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        server.address,
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) before reading a big body, then close.
    let _ = stream.write_all(body);
    let (status, answer) = read_answer(&mut stream);
    assert!(status != 0, "no status in {answer:?}");
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    (
        status,
        if chunked {
            unchunk(body)
        } else {
            body.to_string()
        },
    )
}

/// The body of a chunked answer.
fn unchunk(mut rest: &str) -> String {
    let mut body = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).expect("a chunk size");
        if size == 0 {
            break;
        }
        body.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    body
}

/// A POST of `json` to `path`.
pub fn post(server: &Server, path: &str, json: &str) -> (u16, String) {
    request(server, "POST", path, json.as_bytes())
}

/// `body` parsed as JSON; a test failure naming the body when it is not.
pub fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

/// Sends `raw` as it is; the answer's status and whole text.
pub fn request_raw(server: &Server, raw: &[u8]) -> (u16, String) {
    let mut stream = connect(server);
    let _ = stream.write_all(raw);
    read_answer(&mut stream)
}

/// Reads a whole answer from `stream`; its status (0 when there is none) and its whole text
/// ("" when the server closed the connection without one).
pub fn read_answer(stream: &mut TcpStream) -> (u16, String) {
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, answer)
}

/// A POST whose headers promise 100 bytes of body, of which only `{` is sent.
pub fn stalled_post(server: &Server) -> TcpStream {
    let mut stream = connect(server);
    let head = format!(
        "POST /api/run HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{",
        server.address
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream
}

/// `orgsim run` on the scenario file `toml` (written into `dir`, with the results in
/// `dir/run`), as a student would run a file the page exported; its `summary.csv`.
pub fn run_exported(dir: &Path, toml: &str) -> String {
    std::fs::create_dir_all(dir).unwrap();
    let file = dir.join("exported.toml");
    std::fs::write(&file, toml).unwrap();
    run_summary(&file, &dir.join("run"), &[])
}

/// `orgsim run FILE` quietly, without report and figures, into `out` with `extra`
/// arguments; asserts it succeeded and gives its `summary.csv`.
pub fn run_summary(file: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "run",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
        "--no-report",
        "--no-figures",
    ];
    args.extend_from_slice(extra);
    let ran = orgsim(&args);
    assert!(
        ran.status.success(),
        "orgsim {args:?}: {}\n{}",
        text(&ran.stderr),
        std::fs::read_to_string(file).unwrap_or_default()
    );
    std::fs::read_to_string(out.join("summary.csv")).unwrap()
}
