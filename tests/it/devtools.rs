//! A small Chrome DevTools protocol client for the browser tests: starts headless Chromium
//! with a debugging port, finds the page's WebSocket, and sends commands over a minimal
//! WebSocket client (RFC 6455 text frames, masked from the client; no TLS, no extensions).
//! Written here rather than taken from a crate: about 150 lines cost no build time, where a
//! WebSocket crate would add its own dependencies to every test build.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A headless Chromium with one page, driven over the DevTools protocol; killed, and its
/// profile folder removed, when dropped.
pub struct Browser {
    child: Child,
    profile: PathBuf,
    socket: TcpStream,
    next_id: u64,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// One HTTP GET to the browser's debugging port; the body.
fn http_get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the debugging port");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string())
}

impl Browser {
    /// Starts `browser` headless on `url` with a window of `width` × `height` and the profile
    /// in `profile`; panics with what went wrong when it cannot.
    pub fn launch(browser: &Path, profile: &Path, url: &str, width: u32, height: u32) -> Browser {
        let mut child = Command::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--window-size={width},{height}"))
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
        // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on stderr.
        let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
        let mut seen = String::new();
        let port = loop {
            let mut line = String::new();
            if stderr.read_line(&mut line).unwrap_or(0) == 0 {
                let _ = child.kill();
                panic!("the browser ended without a debugging port:\n{seen}");
            }
            if let Some(rest) = line.split("ws://127.0.0.1:").nth(1) {
                break rest
                    .split('/')
                    .next()
                    .and_then(|p| p.parse::<u16>().ok())
                    .expect("a port number");
            }
            seen.push_str(&line);
        };
        // Keep reading stderr so the browser never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = stderr.read_to_end(&mut sink);
        });
        let started = Instant::now();
        let path = loop {
            let list: Value =
                serde_json::from_str(&http_get(port, "/json/list")).unwrap_or_default();
            let page = list.as_array().and_then(|targets| {
                targets
                    .iter()
                    .find(|t| t["type"] == "page")
                    .and_then(|t| t["webSocketDebuggerUrl"].as_str())
                    .map(str::to_string)
            });
            if let Some(url) = page {
                break url
                    .split_once(&format!("127.0.0.1:{port}"))
                    .map(|(_, p)| p.to_string())
                    .expect("a local page address");
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the browser shows no page: {list}"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        let mut socket = TcpStream::connect(("127.0.0.1", port)).expect("the page's socket");
        socket
            .set_read_timeout(Some(Duration::from_secs(120)))
            .unwrap();
        write!(
            socket,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n\
             Connection: Upgrade\r\nSec-WebSocket-Key: b3Jnc2ltIGV4cGxvcmUgdGVzdA==\r\n\
             Sec-WebSocket-Version: 13\r\n\r\n"
        )
        .unwrap();
        let mut head = Vec::new();
        while !head.ends_with(b"\r\n\r\n") {
            let mut byte = [0u8];
            socket
                .read_exact(&mut byte)
                .expect("the WebSocket handshake");
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head);
        assert!(head.starts_with("HTTP/1.1 101"), "no WebSocket: {head}");
        Browser {
            child,
            profile: profile.to_path_buf(),
            socket,
            next_id: 0,
        }
    }

    fn send(&mut self, text: &str) {
        let payload = text.as_bytes();
        let mut frame = vec![0x81u8]; // FIN, text
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n <= 0xFFFF => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        let mask = [0x6f, 0x72, 0x67, 0x73];
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.socket.write_all(&frame).expect("send to the browser");
    }

    /// The next whole message from the browser (answering pings on the way).
    fn receive(&mut self) -> String {
        let mut message = Vec::new();
        loop {
            let mut two = [0u8; 2];
            self.socket
                .read_exact(&mut two)
                .expect("a message from the browser");
            let (fin, opcode) = (two[0] & 0x80 != 0, two[0] & 0x0F);
            let len = match two[1] & 0x7F {
                126 => {
                    let mut b = [0u8; 2];
                    self.socket.read_exact(&mut b).unwrap();
                    u64::from(u16::from_be_bytes(b))
                }
                127 => {
                    let mut b = [0u8; 8];
                    self.socket.read_exact(&mut b).unwrap();
                    u64::from_be_bytes(b)
                }
                n => u64::from(n),
            };
            let mut payload = vec![0u8; usize::try_from(len).expect("a frame that fits")];
            self.socket.read_exact(&mut payload).unwrap();
            match opcode {
                0x8 => panic!("the browser closed the connection"),
                0x9 => {
                    // A ping: answer with a pong carrying the same data.
                    let mut pong = vec![0x8A, 0x80 | payload.len() as u8, 0, 0, 0, 0];
                    pong.extend_from_slice(&payload);
                    self.socket.write_all(&pong).unwrap();
                    continue;
                }
                0xA => continue,
                _ => message.extend_from_slice(&payload),
            }
            if fin {
                return String::from_utf8(message).expect("UTF-8 from the browser");
            }
        }
    }

    /// Sends `method` with `params` and waits for its answer (events in between are dropped).
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"id": id, "method": method, "params": params}).to_string());
        loop {
            let answer: Value = serde_json::from_str(&self.receive()).expect("JSON");
            if answer["id"] == id {
                assert!(
                    answer.get("error").is_none(),
                    "{method} failed: {}",
                    answer["error"]
                );
                return answer["result"].clone();
            }
        }
    }

    /// The value of the JavaScript `expression` in the page (a promise is awaited).
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "awaitPromise": true, "returnByValue": true}),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}\nthrew {}",
            result["exceptionDetails"]
        );
        result["result"]["value"].clone()
    }

    /// Waits until the JavaScript `condition` is true in the page (polled every 50 ms, at most
    /// `seconds`); false if it never was.
    pub fn wait_for(&mut self, condition: &str, seconds: u32) -> bool {
        let expression = format!(
            "new Promise((done) => {{ const end = Date.now() + {ms};
               (function poll() {{ let ok = false; try {{ ok = !!({condition}); }} catch (e) {{}}
                 if (ok) done(true); else if (Date.now() > end) done(false);
                 else setTimeout(poll, 50); }})(); }})",
            ms = seconds * 1000
        );
        self.eval(&expression) == Value::Bool(true)
    }

    /// A mouse event of `kind` (mousePressed, mouseMoved, mouseReleased) with the left button
    /// at (`x`, `y`) in the page's CSS pixels.
    pub fn mouse(&mut self, kind: &str, x: f64, y: f64) {
        self.call(
            "Input.dispatchMouseEvent",
            json!({"type": kind, "x": x, "y": y, "button": "left", "buttons": 1,
                   "clickCount": 1}),
        );
    }

    /// A PNG of what the page shows now.
    pub fn screenshot(&mut self) -> Vec<u8> {
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}));
        base64_decode(shot["data"].as_str().expect("screenshot data"))
    }
}

/// Decodes standard base64 (padding allowed, no line breaks).
pub fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {}", c as char),
        }
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut bits = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            bits |= value(c) << (18 - 6 * i);
        }
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

#[test]
fn base64_decodes_the_standard_alphabet_with_and_without_padding() {
    assert_eq!(base64_decode("b3Jnc2lt"), b"orgsim");
    assert_eq!(base64_decode("b3Jnc2k="), b"orgsi");
    assert_eq!(base64_decode("b3Jncw=="), b"orgs");
    assert_eq!(base64_decode("+/+/"), [0xfb, 0xff, 0xbf]);
}
