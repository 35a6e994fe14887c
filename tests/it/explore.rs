//! `orgsim explore`: the HTTP API (controls, runs, validation and size limits, the exported
//! scenario reproducing the page's numbers with `orgsim run`) and the server's robustness
//! (malformed and oversized requests, slow and silent clients, the cap on requests at once).
//! The page in a real browser is in `explore_browser`.

use crate::common::explore::{
    connect, json, post, read_answer, request, request_raw, run_exported, run_summary,
    stalled_post, start, start_with,
};
use crate::common::temp_dir;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

#[test]
fn the_controls_list_student_sliders_within_their_ranges_and_the_interventions() {
    let server = start();
    let (status, body) = request(&server, "GET", "/api/controls", b"");
    assert_eq!(status, 200, "{body}");
    let controls = json(&body);
    let list = controls["controls"].as_array().expect("controls");
    let keys: Vec<&str> = list.iter().map(|c| c["key"].as_str().unwrap()).collect();
    for key in [
        "months",
        "replications",
        "management.style_mean",
        "parameters.trust_loss_rate",
    ] {
        assert!(keys.contains(&key), "no {key} in {keys:?}");
    }
    for c in list {
        let (min, max, value) = (
            c["min"].as_f64().unwrap(),
            c["max"].as_f64().unwrap(),
            c["value"].as_f64().unwrap(),
        );
        assert!(min <= value && value <= max, "{c}");
        assert!(!c["help"].as_str().unwrap().is_empty(), "{c}");
    }
    let ids: Vec<&str> = controls["interventions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    for id in [
        "coaching_programme",
        "action_learning",
        "idea_time",
        "self_organising_teams",
        "innovation_top_down",
        "innovation_participatory",
    ] {
        assert!(ids.contains(&id), "no {id} in {ids:?}");
    }
    let (status, body) = request(&server, "GET", "/api/scenarios", b"");
    assert_eq!(status, 200);
    assert!(
        json(&body)["scenarios"].as_array().unwrap().len() >= 4,
        "{body}"
    );
    let (status, page) = request(&server, "GET", "/", b"");
    assert_eq!(status, 200);
    assert!(
        page.contains("<svg") || page.contains("svg"),
        "no drawing code"
    );
    assert!(
        !page.contains("http://") || !page.contains("<script src"),
        "no outside scripts"
    );
}

#[test]
fn a_run_returns_five_series_over_the_horizon_with_bands_around_the_means() {
    let server = start();
    let (status, body) = post(
        &server,
        "/api/run",
        r#"{"scenario":"default","months":48,"replications":6,
            "overrides":["parameters.trust_loss_rate=0.3"],
            "interventions":[{"kind":"coaching_programme","month":6,"share_of_managers":0.5}]}"#,
    );
    assert_eq!(status, 200, "{body}");
    let run = json(&body);
    assert_eq!(run["points"], 49);
    assert_eq!(run["replications"], 6);
    let metrics = run["metrics"].as_array().unwrap();
    let names: Vec<&str> = metrics
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["performance", "agility", "retention", "trust", "engagement"]
    );
    for m in metrics {
        for part in ["mean", "low", "high"] {
            assert_eq!(m[part].as_array().unwrap().len(), 49, "{}", m["name"]);
        }
        for t in 0..49 {
            let (lo, mean, hi) = (
                m["low"][t].as_f64(),
                m["mean"][t].as_f64(),
                m["high"][t].as_f64(),
            );
            if let (Some(lo), Some(mean), Some(hi)) = (lo, mean, hi) {
                assert!(lo <= mean && mean <= hi, "{} month {t}", m["name"]);
            }
        }
    }
}

#[test]
fn bad_requests_get_a_4xx_with_a_message_and_the_server_goes_on() {
    let server = start();
    let cases: [(&str, &str, u16, &str); 16] = [
        (
            "/api/run",
            r#"{"scenario":"default","overrides":["parameters.trust_loss_rate=3"]}"#,
            400,
            "parameters.trust_loss_rate",
        ),
        (
            "/api/run",
            r#"{"scenario":"default","overrides":["parameters.trust_los_rate=0.2"]}"#,
            400,
            "trust_los_rate",
        ),
        ("/api/run", r#"{"scenario":"default","#, 400, "malformed"),
        ("/api/run", r#"{"scenario":"nowhere"}"#, 400, "nowhere"),
        (
            "/api/run",
            r#"{"scenario":"default","overrides":["organisation.teams=100000"]}"#,
            422,
            "employees",
        ),
        (
            "/api/run",
            r#"{"scenario":"default","replications":500}"#,
            422,
            "replications",
        ),
        (
            "/api/run",
            r#"{"scenario":"default","interventions":[{"kind":"idea_time","share":7}]}"#,
            400,
            "share",
        ),
        ("/api/run", "", 400, "malformed"),
        ("/api/run", "[1,2,3]", 400, "malformed"),
        (
            "/api/run",
            r#"{"scenario":"default","speed":3}"#,
            400,
            "unknown field `speed`",
        ),
        (
            "/api/run",
            r#"{"scenario":"default","months":-1}"#,
            400,
            "malformed",
        ),
        (
            "/api/run",
            r#"{"scenario":"default","months":"ten"}"#,
            400,
            "malformed",
        ),
        (
            "/api/run",
            r#"{"scenario":"default","months":600}"#,
            422,
            "months",
        ),
        (
            "/api/run",
            r#"{"scenario":"default","overrides":"months=3"}"#,
            400,
            "malformed",
        ),
        (
            "/api/run",
            r#"{"scenario":"default","interventions":[{"kind":"idea_time","share":{"a":1}}]}"#,
            400,
            "share",
        ),
        (
            "/api/export",
            r#"{"scenario":"default","overrides":["management.style_mean=-2"]}"#,
            400,
            "management.style_mean",
        ),
    ];
    for (path, body, want, named) in cases {
        let (status, answer) = post(&server, path, body);
        assert_eq!(status, want, "{body} -> {answer}");
        let message = json(&answer)["error"].as_str().unwrap().to_string();
        assert!(
            message.contains(named),
            "{body}: {message:?} names no {named}"
        );
    }
    let huge = format!(
        r#"{{"scenario":"default","overrides":["{}"]}}"#,
        "x".repeat(100_000)
    );
    assert_eq!(post(&server, "/api/run", &huge).0, 413);
    assert_eq!(
        request(&server, "POST", "/api/run", &[0xff, 0xfe, 0x00]).0,
        400,
        "a body that is not text"
    );
    // A body without a length, sent in chunks, is refused: the page always sends a length.
    let mut stream = connect(&server);
    let head = format!(
        "POST /api/run HTTP/1.1\r\nHost: {}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        server.address
    );
    stream.write_all(head.as_bytes()).unwrap();
    for _ in 0..20 {
        let chunk = "y".repeat(8000);
        if write!(stream, "{:x}\r\n{chunk}\r\n", chunk.len()).is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 411"), "{answer}");
    assert!(answer.contains("Content-Length"), "{answer}");
    // A head without end is cut off at its limit.
    let long = format!("GET /?{} HTTP/1.1\r\n\r\n", "q".repeat(40_000));
    let (status, answer) = request_raw(&server, long.as_bytes());
    assert_eq!(status, 431, "{answer}");
    let (status, answer) = request_raw(&server, b"HELLO\r\n\r\n");
    assert_eq!(status, 400, "{answer}");
    assert!(answer.contains("malformed request line"), "{answer}");
    assert_eq!(request(&server, "GET", "/nothing/here", b"").0, 404);
    assert_eq!(request(&server, "GET", "/api/run", b"").0, 405);
    // Still serving.
    assert_eq!(request(&server, "GET", "/api/scenarios", b"").0, 200);
}

#[test]
fn the_exported_scenario_reproduces_the_pages_numbers_with_orgsim_run() {
    let server = start();
    let settings = r#"{"scenario":"transition","months":40,"replications":5,
        "overrides":["parameters.trust_loss_rate=0.4","management.style_mean=0.2"],
        "interventions":[{"kind":"idea_time","month":3,"share":0.1}]}"#;
    let (status, toml) = post(&server, "/api/export", settings);
    assert_eq!(status, 200, "{toml}");
    let (status, csv) = post(&server, "/api/csv", settings);
    assert_eq!(status, 200, "{csv}");
    let (status, run) = post(&server, "/api/run", settings);
    assert_eq!(status, 200, "{run}");

    let summary = run_exported(&temp_dir("explore", "export"), &toml);
    assert_eq!(summary, csv, "summary.csv differs from the page's table");

    // The plotted numbers are the table's numbers.
    let run = json(&run);
    let performance = &run["metrics"][0]["mean"];
    let mut checked = 0;
    for line in summary.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if cells[2] != "performance" {
            continue;
        }
        let month: usize = cells[1].parse().unwrap();
        let mean: f64 = cells[4].parse().unwrap();
        let page = performance[month].as_f64().unwrap();
        // The table rounds to 7 significant digits.
        assert!(
            (mean - page).abs() <= 1e-6 * page.abs(),
            "month {month}: {mean} vs {page}"
        );
        checked += 1;
    }
    assert_eq!(checked, 41);
}

#[test]
fn many_requests_at_once_are_all_answered_and_the_server_goes_on() {
    let server = std::sync::Arc::new(start());
    let threads: Vec<_> = (0..12)
        .map(|i| {
            let server = std::sync::Arc::clone(&server);
            std::thread::spawn(move || {
                let body = format!(
                    r#"{{"scenario":"default","replications":4,"overrides":["parameters.trust_loss_rate=0.{}"]}}"#,
                    10 + i
                );
                post(&server, "/api/run", &body).0
            })
        })
        .collect();
    for t in threads {
        let status = t.join().expect("a client thread");
        // 409: a newer run overtook this one.
        assert!(status == 200 || status == 409, "status {status}");
    }
    let (status, body) = post(
        &server,
        "/api/run",
        r#"{"scenario":"default","replications":3}"#,
    );
    assert_eq!(status, 200, "{body}");
}

#[test]
fn a_pinned_run_gives_the_paired_difference_which_is_zero_against_itself() {
    let server = start();
    let b =
        r#""scenario":"control","replications":6,"overrides":["parameters.trust_loss_rate=0.5"]"#;
    let a = r#""scenario":"control","replications":6"#;
    let difference = |body: String| {
        let (status, answer) = post(&server, "/api/run", &body);
        assert_eq!(status, 200, "{answer}");
        json(&answer)["difference"]["metrics"].clone()
    };
    let itself = difference(format!("{{{b},\"pin\":{{{b}}}}}"));
    assert_eq!(itself.as_array().unwrap().len(), 5);
    for m in itself.as_array().unwrap() {
        assert_eq!(m["mean"].as_f64(), Some(0.0), "{m}");
    }
    let faster_loss = difference(format!("{{{b},\"pin\":{{{a}}}}}"));
    let trust = &faster_loss[3];
    assert_eq!(trust["name"], "trust");
    let (low, mean, high) = (
        trust["low"].as_f64().unwrap(),
        trust["mean"].as_f64().unwrap(),
        trust["high"].as_f64().unwrap(),
    );
    assert!(low <= mean && mean <= high, "{trust}");
    assert!(mean != 0.0, "a faster trust loss changed nothing: {trust}");
    let (status, answer) = post(
        &server,
        "/api/run",
        &format!("{{{b},\"pin\":{{\"scenario\":\"control\",\"replications\":7}}}}"),
    );
    assert_eq!(status, 400, "{answer}");
    assert!(answer.contains("paired"), "{answer}");
}

/// Clients that send their headers and then hold back the body (or send nothing at all) tie
/// up only their own requests: others are still answered while they hang.
#[test]
fn clients_that_hold_back_their_bodies_do_not_stall_the_server() {
    let server = start();
    let stalled: Vec<TcpStream> = (0..4).map(|_| stalled_post(&server)).collect();
    // Give the server time to take the stalled requests up.
    std::thread::sleep(Duration::from_millis(300));
    let (status, body) = post(
        &server,
        "/api/run",
        r#"{"scenario":"default","replications":2,"months":48}"#,
    );
    assert_eq!(status, 200, "{body}");
    let (status, _) = request(&server, "GET", "/api/scenarios", b"");
    assert_eq!(status, 200);
    drop(stalled);
}

/// A slow-loris client, sending its body a byte a second, is answered 408 once the request
/// timeout has passed (it does not hold a thread for as long as it keeps trickling), as is a
/// client that goes silent; one that stops in the middle of its headers is disconnected. The
/// server answers others meanwhile and afterwards.
#[test]
fn slow_and_silent_clients_are_cut_off_after_the_request_timeout() {
    let server = start_with(&["--request-timeout", "2"]);
    let mut trickle = stalled_post(&server);
    let mut writer = trickle.try_clone().unwrap();
    let trickling = std::thread::spawn(move || {
        // A byte a second, for far longer than the timeout, until the server hangs up.
        for _ in 0..60 {
            std::thread::sleep(Duration::from_secs(1));
            if writer.write_all(b" ").is_err() {
                return;
            }
        }
    });
    let mut silent = stalled_post(&server);
    let mut half_head = connect(&server);
    half_head
        .write_all(b"POST /api/run HTTP/1.1\r\nHost: x\r\nContent-Le")
        .unwrap();

    let (status, body) = post(
        &server,
        "/api/run",
        r#"{"scenario":"default","replications":2,"months":48}"#,
    );
    assert_eq!(status, 200, "{body}");
    let (status, answer) = read_answer(&mut trickle);
    assert_eq!(status, 408, "the trickling client: {answer}");
    assert!(
        answer.contains("did not arrive within 2 s"),
        "no clear message: {answer}"
    );
    let (status, answer) = read_answer(&mut silent);
    assert_eq!(status, 408, "the silent client: {answer}");
    let (status, answer) = read_answer(&mut half_head);
    assert!(
        status == 0 || status >= 400,
        "a request cut off in its headers was answered: {answer}"
    );
    trickling.join().unwrap();
    assert_eq!(request(&server, "GET", "/api/scenarios", b"").0, 200);
}

/// Beyond the cap on requests being handled at once, a request is answered 503 at once; once
/// the held requests time out, requests are answered again.
#[test]
fn requests_beyond_the_cap_get_503_until_the_held_ones_time_out() {
    let server = start_with(&["--request-timeout", "8"]);
    let (_, controls) = request(&server, "GET", "/api/controls", b"");
    let cap = json(&controls)["limits"]["requests_at_once"]
        .as_u64()
        .expect("the cap") as usize;
    let mut held: Vec<TcpStream> = (0..cap).map(|_| stalled_post(&server)).collect();
    // Once the server has taken the held requests up (each waits for its body), it is busy.
    let mut busy = None;
    for _ in 0..40 {
        let (status, body) = request(&server, "GET", "/api/scenarios", b"");
        if status == 503 {
            busy = Some(body);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let body = busy.expect("never busy with the cap's number of requests held");
    assert!(body.contains("busy"), "{body}");
    // Each held request is answered: 408 when its body did not arrive in time, or 503 when
    // the server took it up only while a probe above was in flight (so it was over the cap).
    let mut timed_out = 0;
    for stream in &mut held {
        let (status, answer) = read_answer(stream);
        assert!(status == 408 || status == 503, "{answer}");
        timed_out += usize::from(status == 408);
    }
    assert!(timed_out > 0, "no held request timed out");
    drop(held);
    // Their threads end once the answers are out; then requests are served again.
    let mut status = 0;
    for _ in 0..40 {
        status = request(&server, "GET", "/api/scenarios", b"").0;
        if status == 200 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        status, 200,
        "still busy after the held requests were answered"
    );
}

/// The picker offers each scenario by its file and shows its `name`, with its description
/// (in Dutch on the Dutch page); a file given on the command line is offered by its file name
/// too, first, and its name is what the picker shows.
#[test]
fn the_picker_shows_each_scenarios_name_and_description_and_keeps_its_file() {
    let dir = temp_dir("explore", "picker");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("my_study.toml");
    std::fs::write(
        &file,
        "name = \"Trust after a merger\"\ndescription = \"Two firms become one.\"\n\
         [management]\nstyle_mean = 0.4\n",
    )
    .unwrap();
    let server = start_with(&[file.to_str().unwrap()]);
    let (status, body) = request(&server, "GET", "/api/scenarios", b"");
    assert_eq!(status, 200, "{body}");
    let list = json(&body);
    assert_eq!(list["first"], "my_study", "{body}");
    let choices = list["choices"].as_array().expect("choices");
    assert_eq!(choices[0]["file"], "my_study", "{body}");
    assert_eq!(choices[0]["name"], "Trust after a merger");
    assert_eq!(choices[0]["description"], "Two firms become one.");
    let files: Vec<&str> = choices
        .iter()
        .map(|c| c["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        list["scenarios"].as_array().unwrap().len(),
        files.len(),
        "{body}"
    );
    for c in &choices[1..] {
        let file = c["file"].as_str().unwrap();
        let shipped = crate::common::scenario(file, &[]);
        assert_eq!(c["name"], shipped.name.as_str(), "{c}");
        assert_eq!(c["description"], shipped.description.as_str(), "{c}");
        assert!(!shipped.description.is_empty(), "{file} has no description");
    }
    let (status, body) = request(&server, "GET", "/api/controls?scenario=my_study", b"");
    assert_eq!(status, 200, "{body}");
    let controls = json(&body);
    assert_eq!(controls["description"], "Two firms become one.");
    let style = controls["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "management.style_mean")
        .expect("the style slider");
    assert_eq!(style["value"].as_f64(), Some(0.4), "{style}");

    let dutch = start_with(&["--lang", "nl"]);
    let (_, body) = request(&dutch, "GET", "/api/scenarios", b"");
    let (_, english) = request(&server, "GET", "/api/scenarios", b"");
    let english = json(&english);
    let described = |list: &serde_json::Value, file: &str| {
        list["choices"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["file"] == file)
            .map(|c| c["description"].as_str().unwrap().to_string())
            .unwrap()
    };
    for file in ["default", "control", "coaching", "healthcare"] {
        let nl = described(&json(&body), file);
        assert!(!nl.is_empty(), "{file}: no Dutch description");
        assert_ne!(
            nl,
            described(&english, file),
            "{file}: English on the Dutch page"
        );
    }
}

/// A shipped scenario built on another (`base = "control.toml"`) runs on the page as
/// `orgsim run` runs its file, and the file the page exports stands on its own.
#[test]
fn a_shipped_scenario_built_on_another_runs_on_the_page_as_its_file_does() {
    let server = start();
    let settings = r#"{"scenario":"coaching","months":24,"replications":4}"#;
    let (status, csv) = post(&server, "/api/csv", settings);
    assert_eq!(status, 200, "{csv}");
    let dir = temp_dir("explore", "based");
    let summary = run_summary(
        &crate::common::repo_path("scenarios/coaching.toml"),
        &dir.join("file"),
        &["--set", "months=24", "--set", "replications=4"],
    );
    assert_eq!(summary, csv, "the page's coaching is not the file's");
    let (status, toml) = post(&server, "/api/export", settings);
    assert_eq!(status, 200, "{toml}");
    assert!(
        !toml.contains("base"),
        "the exported file needs its base:\n{toml}"
    );
    assert_eq!(run_exported(&dir.join("exported"), &toml), csv);
}

/// A file given on the command line built on a base in another folder (with a posterior
/// beside the base) runs on the page as `orgsim run` runs it, and the file the page exports
/// has no `base` and gives the same table wherever it is saved.
#[test]
fn a_file_built_on_a_base_elsewhere_runs_on_the_page_as_it_does_with_orgsim_run() {
    let dir = temp_dir("explore", "file_base");
    let write = |name: &str, body: &str| {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    };
    write(
        "elsewhere/sets.csv",
        "set,parameters.b_trust,weight\n7,3.5,1\n8,2.5,2\n",
    );
    write(
        "elsewhere/b.toml",
        "name = \"shared\"\nmonths = 30\nreplications = 3\n[organisation]\nteams = 3\n\
         team_size = 6\n[management]\nstyle_mean = 0.3\n[uncertainty]\nposterior = \"sets.csv\"\n",
    );
    write(
        "mine/study.toml",
        "base = \"../elsewhere/b.toml\"\ndescription = \"Built on a shared base.\"\n\
         [management]\nstyle_sd = 0.05\n",
    );
    let file = dir.join("mine/study.toml");
    let server = start_with(&[file.to_str().unwrap()]);
    let settings = r#"{"scenario":"study","months":14,"replications":3}"#;
    let (status, csv) = post(&server, "/api/csv", settings);
    assert_eq!(status, 200, "{csv}");
    let summary = run_summary(
        &file,
        &dir.join("file"),
        &["--set", "months=14", "--set", "replications=3"],
    );
    assert_eq!(summary, csv, "the page's study is not the file's");
    let (status, run) = post(&server, "/api/run", settings);
    assert_eq!(status, 200, "{run}");

    let (status, toml) = post(&server, "/api/export", settings);
    assert_eq!(status, 200, "{toml}");
    let exported: toml::Table = toml::from_str(&toml).unwrap();
    assert!(!exported.contains_key("base"), "{toml}");
    assert_eq!(exported["name"].as_str(), Some("study"), "{toml}");
    // Saved in a folder of its own, away from the base and the posterior.
    assert_eq!(run_exported(&dir.join("exported"), &toml), csv);
    std::fs::remove_dir_all(&dir).ok();
}
