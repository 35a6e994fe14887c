//! `orgsim explore`: a local web page with sliders that runs the model on every change.
//!
//! Owns the command's arguments and the server (loopback only unless a host is given):
//! routing, a thread per connection (at most [`MAX_IN_FLIGHT`]; beyond it a short-lived
//! thread answers 503, and beyond twice that a connection is closed at once), the request
//! timeout (the whole request must arrive within it, so a client that trickles a byte a
//! second or goes silent ties up its thread only that long), at most [`RUNS_AT_ONCE`] runs at
//! once, and the superseding of older runs by newer ones (a run overtaken while it waits for
//! its turn is answered at once). The page itself (`page.html`) is embedded; it needs no
//! network. Reading requests and writing answers lives in `http`, the API's content in
//! `api`, the Dutch texts of the controls in `nl`.

mod api;
mod http;
mod nl;

use crate::scenario::{ScenarioError, read_scenario_file};
use api::{ApiError, Scenarios};
use clap::Args;
use serde_json::json;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The page: HTML, CSS and JavaScript in one file.
const PAGE: &str = include_str!("page.html");
/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Runs of the model at once (each uses the whole rayon pool).
const RUNS_AT_ONCE: usize = 2;
/// Requests being handled at once (reading, waiting or running); beyond it 503.
pub const MAX_IN_FLIGHT: usize = 64;

#[derive(Debug, Args)]
pub struct ExploreArgs {
    /// Scenario file (TOML) to start from; the shipped scenarios are offered too.
    pub scenario: Option<PathBuf>,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8765)]
    pub port: u16,
    /// Address to listen on; anything but 127.0.0.1 lets other machines run the model.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Do not open the page in a browser.
    #[arg(long)]
    pub no_open: bool,
    /// Language of the page.
    #[arg(long, default_value = "en", value_parser = ["en", "nl"])]
    pub lang: String,
    /// Seconds a client may take to send a whole request (and that writing an answer to it
    /// may wait); a slower client gets 408 and is disconnected.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout: u64,
}

struct State {
    scenarios: Scenarios,
    first: String,
    lang: String,
    /// How long a request's body may take to arrive.
    timeout: Duration,
    /// Number of the newest run request; an older run still running is answered with 409.
    generation: AtomicU64,
    /// Requests being handled now.
    in_flight: AtomicUsize,
    /// Connections over [`MAX_IN_FLIGHT`] being answered 503 now.
    refusing: AtomicUsize,
    /// Runs of the model going on now, at most [`RUNS_AT_ONCE`].
    running: Mutex<usize>,
    turn: Condvar,
}

impl State {
    /// Waits for a turn to run the model; None when run request `mine` (if it is one) was
    /// superseded meanwhile.
    fn run_turn(&self, mine: Option<u64>) -> Option<RunTurn<'_>> {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if mine.is_some_and(|m| self.generation.load(Ordering::SeqCst) != m) {
                return None;
            }
            if *running < RUNS_AT_ONCE {
                *running += 1;
                return Some(RunTurn(self));
            }
            running = self.turn.wait(running).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// A turn to run the model, given back when dropped.
struct RunTurn<'s>(&'s State);

impl Drop for RunTurn<'_> {
    fn drop(&mut self) {
        let mut running = self.0.running.lock().unwrap_or_else(|e| e.into_inner());
        *running -= 1;
        self.0.turn.notify_all();
    }
}

fn superseded() -> ApiError {
    ApiError::new_status(409, "superseded by a newer request".to_string())
}

/// Runs `orgsim explore` until interrupted.
pub fn explore(args: &ExploreArgs) -> ExitCode {
    let extra = match &args.scenario {
        None => None,
        // Requests name it by its file; the picker shows its name. It is kept with its bases
        // merged in and absolute paths, as requests load it by its file name only.
        Some(path) => match crate::scenario::load_file(path, &[]).and_then(|s| {
            let name = path.display().to_string();
            let text = crate::scenario::read_scenario_file(path).map_err(|reason| {
                ScenarioError::whole_file(&name, format!("cannot read `{name}`: {reason}"))
            })?;
            let flat = crate::scenario::flattened_toml(&name, &text, read_scenario_file)?;
            Ok((file_stem(path).unwrap_or(s.name), flat))
        }) {
            Ok(extra) => Some(extra),
            Err(e) => {
                eprintln_escaped!("{e}");
                return ExitCode::from(2);
            }
        },
    };
    let first = extra
        .as_ref()
        .map_or_else(|| "default".to_string(), |(n, _)| n.clone());
    if args.host != "127.0.0.1" && args.host != "localhost" {
        eprintln_escaped!(
            "warning: listening on {}: other machines that reach it can run the model on this one",
            args.host
        );
    }
    let timeout = Duration::from_secs(args.request_timeout);
    let listener = match TcpListener::bind((args.host.as_str(), args.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln_escaped!("error: cannot listen on {}:{}: {e}", args.host, args.port);
            return ExitCode::from(1);
        }
    };
    let address = listener.local_addr().map_or_else(
        |_| format!("{}:{}", args.host, args.port),
        |a| a.to_string(),
    );
    let url = format!("http://{address}/");
    println_escaped!("orgsim explore: serving on {url} (Ctrl-C stops)");
    if !args.no_open {
        open_browser(&url);
    }
    let state = Arc::new(State {
        scenarios: Scenarios::new(extra),
        first,
        lang: args.lang.clone(),
        timeout,
        generation: AtomicU64::new(0),
        in_flight: AtomicUsize::new(0),
        refusing: AtomicUsize::new(0),
        running: Mutex::new(0),
        turn: Condvar::new(),
    });
    for stream in listener.incoming() {
        // A failed accept (the client gave up already, or no descriptors left) ends nothing.
        let Ok(stream) = stream else { continue };
        let _ = stream.set_nodelay(true);
        if state.in_flight.fetch_add(1, Ordering::SeqCst) >= MAX_IN_FLIGHT {
            state.in_flight.fetch_sub(1, Ordering::SeqCst);
            refuse(stream, &state);
            continue;
        }
        let for_thread = Arc::clone(&state);
        let spawned = std::thread::Builder::new()
            .name("explore-request".into())
            .spawn(move || {
                handle(stream, &for_thread);
                for_thread.in_flight.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // The connection went with the closure; the client sees it close.
            state.in_flight.fetch_sub(1, Ordering::SeqCst);
        }
    }
    ExitCode::SUCCESS
}

/// Answers a connection over the cap 503 from a thread of its own (reading its request first,
/// within a short deadline, so the client reads the answer rather than a reset), or closes it
/// at once when as many are being refused already.
fn refuse(stream: TcpStream, state: &Arc<State>) {
    if state.refusing.fetch_add(1, Ordering::SeqCst) >= MAX_IN_FLIGHT {
        state.refusing.fetch_sub(1, Ordering::SeqCst);
        return;
    }
    let for_thread = Arc::clone(state);
    let spawned = std::thread::Builder::new()
        .name("explore-busy".into())
        .spawn(move || {
            let mut stream = stream;
            let short = for_thread.timeout.min(Duration::from_secs(2));
            // A client still there is told the server is busy, also when its request did
            // not arrive in time (it would otherwise see a closed connection and no reason).
            if !matches!(
                http::read_request(&mut stream, short, MAX_BODY_BYTES),
                Err(None)
            ) {
                let (status, content_type, body) = error_reply(busy());
                http::answer(stream, status, content_type, &body);
            }
            for_thread.refusing.fetch_sub(1, Ordering::SeqCst);
        });
    if spawned.is_err() {
        state.refusing.fetch_sub(1, Ordering::SeqCst);
    }
}

fn busy() -> ApiError {
    ApiError::new_status(
        503,
        format!("busy: {MAX_IN_FLIGHT} requests are being handled; try again"),
    )
}

/// The file name of `path` without `.toml`, if it is text.
fn file_stem(path: &std::path::Path) -> Option<String> {
    path.file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Opens `url` with the desktop's opener, if there is one; never fails.
fn open_browser(url: &str) {
    for opener in ["xdg-open", "open"] {
        let started = std::process::Command::new(opener)
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if started.is_ok() {
            return;
        }
    }
}

type Reply = (u16, &'static str, Vec<u8>);

fn json_reply(status: u16, value: &serde_json::Value) -> Reply {
    (status, "application/json", value.to_string().into_bytes())
}

fn error_reply(e: ApiError) -> Reply {
    json_reply(e.status, &json!({ "error": e.message }))
}

fn handle(mut stream: TcpStream, state: &State) {
    let (status, content_type, body) =
        match http::read_request(&mut stream, state.timeout, MAX_BODY_BYTES) {
            Ok(request) => route(&request, state).unwrap_or_else(error_reply),
            Err(None) => return,
            Err(Some((status, message))) => error_reply(ApiError::new_status(status, message)),
        };
    http::answer(stream, status, content_type, &body);
}

fn query_value<'a>(query: &'a str, key: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

fn route(request: &http::Request, state: &State) -> Result<Reply, ApiError> {
    let (path, query) = (request.path.as_str(), request.query.as_str());
    match (request.method.as_str(), path) {
        ("GET", "/") => {
            let page = PAGE.replace("__LANG__", &state.lang);
            Ok((200, "text/html; charset=utf-8", page.into_bytes()))
        }
        ("GET", "/api/scenarios") => {
            let names: Vec<&str> = state
                .scenarios
                .list
                .iter()
                .map(|(n, _)| n.as_str())
                .collect();
            let choices = api::choices_json(&state.scenarios, state.lang == "nl");
            Ok(json_reply(
                200,
                &json!({ "scenarios": names, "choices": choices, "first": state.first }),
            ))
        }
        ("GET", "/api/controls") => {
            let name = query_value(query, "scenario").unwrap_or(&state.first);
            Ok(json_reply(
                200,
                &api::controls_json(&state.scenarios, name, state.lang == "nl")?,
            ))
        }
        ("POST", "/api/run") => {
            let settings = api::parse_settings(&request.body)?;
            let resolved = api::resolve(&state.scenarios, &settings)?;
            let pinned = match &settings.pin {
                Some(pin) => Some(api::resolve(&state.scenarios, pin)?),
                None => None,
            };
            let mine = state.generation.fetch_add(1, Ordering::SeqCst) + 1;
            let turn = state.run_turn(Some(mine)).ok_or_else(superseded)?;
            let (mut value, _) = api::run_json(&resolved);
            if let Some(a) = &pinned {
                value["difference"] = api::paired_difference(a, &resolved)?;
            }
            drop(turn);
            if state.generation.load(Ordering::SeqCst) != mine {
                return Err(superseded());
            }
            Ok(json_reply(200, &value))
        }
        ("POST", "/api/export") => {
            let settings = api::parse_settings(&request.body)?;
            let resolved = api::resolve(&state.scenarios, &settings)?;
            Ok((
                200,
                "application/toml; charset=utf-8",
                resolved.toml.into_bytes(),
            ))
        }
        ("POST", "/api/csv") => {
            let settings = api::parse_settings(&request.body)?;
            let resolved = api::resolve(&state.scenarios, &settings)?;
            let turn = state.run_turn(None);
            let (_, acc) = api::run_json(&resolved);
            drop(turn);
            let csv = api::summary_csv(&resolved.scenario, &acc);
            Ok((200, "text/csv; charset=utf-8", csv))
        }
        (_, "/" | "/api/scenarios" | "/api/controls" | "/api/run" | "/api/export" | "/api/csv") => {
            Err(ApiError::new_status(405, "method not allowed".to_string()))
        }
        _ => Err(ApiError::new_status(404, format!("no page at {path}"))),
    }
}
