//! Every example in the README and the docs is run, and its output compared
//! with what the page shows, so the two cannot drift apart.
//!
//! An example is a ```sh block whose commands start with `$ `; the `# `
//! lines after a command (a lone `#` for an empty line) are its output, with
//! `…` standing for anything (any text, any number of lines). A command that
//! goes on over several lines ends each but the last with `\`. Lines shown
//! without `…` must match exactly. A ```sh block with no `$ ` line is not run.
//!
//! - `curl …` commands go through the app in process (`app().oneshot`), on
//!   the bundled table with the default configuration; the URL must start
//!   with `http://127.0.0.1:8080`. Flags: `-s`, `-X`, `-H`, `-d`,
//!   `--data-binary` (`@FILE` reads a file), `-o FILE`, and `-w` with
//!   `%{http_code}`, `%{content_type}` and `\n`. No pipes or redirects.
//! - Every other command runs under `sh` with the built `egress-planner`
//!   first on `PATH`, standard error merged into standard output, and must
//!   exit 0 (show a failure with `; echo "exit $?"`).
//! - A fenced block whose first line is `# NAME` (a file name, e.g.
//!   `# egress-plan.toml`) is written to NAME for the commands after it.
//!
//! Each page's examples run in order in one fresh directory in which the
//! repository's `tests`, `bench`, `pricing` and `crates` folders are visible.

use super::helpers::send;
use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The pages whose examples are run, with the fewest examples each must have
/// (so a change of format that hides them from this test fails it).
const PAGES: &[(&str, usize)] = &[
    ("README.md", 4),
    ("docs/api.md", 8),
    ("docs/cli.md", 6),
    ("docs/service.md", 1),
    ("docs/pricing.md", 1),
];

/// The address the examples are written against (`cargo run --release`).
const BASE: &str = "http://127.0.0.1:8080";

/// The ellipsis that stands for anything in shown output.
const ANY: char = '…';

#[derive(Debug, PartialEq)]
enum Step {
    /// A file to write before the commands that follow.
    File { name: String, contents: String },
    /// A command and the output shown for it.
    Run {
        line: usize,
        command: String,
        expected: String,
    },
}

/// The steps of one page, in order.
fn steps(page: &str, text: &str) -> Vec<Step> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((_, line)) = lines.next() {
        let Some(info) = line.trim_start().strip_prefix("```") else {
            continue;
        };
        let fence = &line[..line.len() - info.len()];
        let mut block = Vec::new();
        for (n, l) in lines.by_ref() {
            if l.trim_end() == fence.trim_end() {
                break;
            }
            block.push((n + 1, l));
        }
        let first = block.first().map_or("", |(_, l)| *l);
        let file = first
            .strip_prefix("# ")
            .filter(|name| info.trim() != "sh" && is_file_name(name));
        if let Some(name) = file {
            let contents: String = block[1..].iter().map(|(_, l)| format!("{l}\n")).collect();
            out.push(Step::File {
                name: name.to_owned(),
                contents,
            });
            continue;
        }
        if info.trim() != "sh" || !block.iter().any(|(_, l)| l.starts_with("$ ")) {
            continue;
        }
        out.extend(commands(page, &block));
    }
    out
}

/// A name like `egress-plan.toml`: no spaces, a dot, no shell characters.
fn is_file_name(name: &str) -> bool {
    name.contains('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b))
}

/// The commands of one example block and the output shown after each.
fn commands(page: &str, block: &[(usize, &str)]) -> Vec<Step> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < block.len() {
        let (line, text) = block[i];
        let Some(first) = text.strip_prefix("$ ") else {
            panic!(
                "{page}:{line}: an example block's lines are `$ ` commands or `# ` output: {text:?}"
            );
        };
        let mut command = first.to_owned();
        while command.ends_with('\\') {
            i += 1;
            let (_, next) = block.get(i).unwrap_or_else(|| {
                panic!("{page}:{line}: the command ends with `\\` and nothing follows")
            });
            command.push('\n');
            command.push_str(next);
        }
        i += 1;
        let mut expected = Vec::new();
        while let Some((_, l)) = block.get(i) {
            if l.starts_with("$ ") {
                break;
            }
            let shown = if *l == "#" {
                ""
            } else {
                l.strip_prefix("# ").unwrap_or_else(|| {
                    panic!("{page}:{}: output lines start with `# `: {l:?}", block[i].0)
                })
            };
            expected.push(shown);
            i += 1;
        }
        out.push(Step::Run {
            line,
            command,
            expected: expected.join("\n"),
        });
    }
    out
}

/// Whether `actual` is what `expected` shows: equal, where each `…` in
/// `expected` stands for any text (newlines included). A line that ends
/// with `…` followed by one that starts with it needs no line break between
/// them, so a long one-line answer can be shown over several lines.
fn matches(expected: &str, actual: &str) -> bool {
    let expected = expected.replace("…\n…", "…");
    let parts: Vec<&str> = expected.split(ANY).collect();
    if parts.len() == 1 {
        return expected == actual;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    let Some(mut rest) = actual.strip_prefix(first) else {
        return false;
    };
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// Splits a command line into words as `sh` would for the quoting used in
/// the examples: single quotes, double quotes (with `\"` and `\\`), and a
/// backslash-newline between words. Panics on pipes, redirects and `;`.
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = command.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    w.push(c);
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' if matches!(chars.peek(), Some('"' | '\\' | '$')) => {
                            w.push(chars.next().unwrap())
                        }
                        '$' => panic!("no variables in an in-process curl: {command}"),
                        c => w.push(c),
                    }
                }
            }
            '\\' if chars.peek() == Some(&'\n') => {
                chars.next();
            }
            c if c.is_whitespace() => out.extend(word.take()),
            '|' | '>' | '<' | ';' | '&' | '$' | '`' => {
                panic!("curl examples run in process: no pipes, redirects or variables: {command}")
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    out.extend(word);
    out
}

/// Runs a `curl` command through the app in process and returns what curl
/// would print.
async fn curl(command: &str, dir: &Path) -> String {
    let words = words(command);
    assert_eq!(words[0], "curl");
    let (mut method, mut headers, mut data) = (None, Vec::new(), None);
    let (mut url, mut out_file, mut write_out) = (None, None, None);
    let mut args = words[1..].iter();
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| panic!("{arg} needs a value: {command}"))
                .clone()
        };
        match arg.as_str() {
            "-s" | "--silent" => {}
            "-X" | "--request" => method = Some(value()),
            "-H" | "--header" => headers.push(value()),
            "-d" | "--data" | "--data-binary" => {
                let v = value();
                data = Some(match v.strip_prefix('@') {
                    Some(file) => {
                        let mut bytes = std::fs::read(dir.join(file))
                            .unwrap_or_else(|e| panic!("{file}: {e} ({command})"));
                        // `-d @FILE` drops the file's line breaks; `--data-binary` keeps them.
                        if arg.as_str() != "--data-binary" {
                            bytes.retain(|b| !matches!(b, b'\n' | b'\r'));
                        }
                        bytes
                    }
                    None => v.into_bytes(),
                });
            }
            "-o" | "--output" => out_file = Some(value()),
            "-w" | "--write-out" => write_out = Some(value()),
            a if a.starts_with(BASE) => url = Some(a[BASE.len()..].to_owned()),
            a => panic!("unsupported curl argument {a:?} (or a URL not under {BASE}): {command}"),
        }
    }
    let uri = url.unwrap_or_else(|| panic!("no URL under {BASE}: {command}"));
    let method = method.unwrap_or_else(|| if data.is_some() { "POST" } else { "GET" }.into());
    let mut request = Request::builder().method(method.as_str()).uri(&uri);
    if data.is_some()
        && !headers
            .iter()
            .any(|h| h.to_ascii_lowercase().starts_with("content-type:"))
    {
        request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    for h in &headers {
        let (name, value) = h
            .split_once(':')
            .unwrap_or_else(|| panic!("not a header: {h:?}"));
        request = request.header(name.trim(), value.trim());
    }
    let response = send(request.body(Body::from(data.unwrap_or_default())).unwrap()).await;
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let mut printed = match out_file {
        Some(file) => {
            std::fs::write(dir.join(file), &body).unwrap();
            String::new()
        }
        None => String::from_utf8(body.to_vec()).expect("a text answer"),
    };
    if let Some(format) = write_out {
        printed.push_str(
            &format
                .replace("%{http_code}", status.as_str())
                .replace("%{content_type}", &content_type)
                .replace("\\n", "\n"),
        );
    }
    printed
}

/// The start of a long output, enough to see what differs.
fn shorten(text: &str) -> String {
    const MOST: usize = 3000;
    match text.char_indices().nth(MOST) {
        Some((at, _)) => format!("{}… ({} more bytes)", &text[..at], text.len() - at),
        None => text.to_owned(),
    }
}

/// Runs any other command under `sh` in `dir` and returns its output
/// (standard error merged), asserting that it exits 0.
fn shell(command: &str, dir: &Path) -> Result<String, String> {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_egress-planner"));
    let path = std::env::join_paths(
        std::iter::once(binary.parent().unwrap().to_path_buf()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .unwrap();
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .current_dir(dir)
        .env("PATH", path);
    for variable in [
        "PRICING",
        "PUBLIC_URL",
        "TRUST_FORWARDED",
        "FRAME_ANCESTORS",
        "STALE_AFTER_DAYS",
        "LOG_FORMAT",
        "RUST_LOG",
        "HOST",
        "PORT",
    ] {
        sh.env_remove(variable);
    }
    let out = sh.output().expect("sh runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.status.success() {
        Ok(text)
    } else {
        Err(format!("exited with {}; output:\n{text}", out.status))
    }
}

/// A fresh directory for one page's examples, with the repository's
/// `tests`, `bench`, `pricing` and `crates` folders linked into it.
fn workdir(page: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("readme-examples")
        .join(format!("{}-{}", std::process::id(), page.replace('/', "-")));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["tests", "bench", "pricing", "crates"] {
        std::os::unix::fs::symlink(root.join(folder), dir.join(folder)).unwrap();
    }
    dir
}

/// Runs every example of `page`; returns each failure as a message.
async fn run_page(page: &str, text: &str) -> (usize, Vec<String>) {
    let dir = workdir(page);
    let mut failures = Vec::new();
    let mut ran = 0;
    for step in steps(page, text) {
        match step {
            Step::File { name, contents } => std::fs::write(dir.join(name), contents).unwrap(),
            Step::Run {
                line,
                command,
                expected,
            } => {
                ran += 1;
                let got = if command.starts_with("curl ") {
                    Ok(curl(&command, &dir).await)
                } else {
                    shell(&command, &dir)
                };
                let problem = match got {
                    Ok(actual) => {
                        let actual = actual.trim_end_matches('\n');
                        (!matches(&expected, actual)).then(|| {
                            format!("shows:\n{expected}\n--- but prints:\n{}", shorten(actual))
                        })
                    }
                    Err(e) => Some(e),
                };
                if let Some(problem) = problem {
                    failures.push(format!("{page}:{line}: $ {command}\n{problem}"));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    (ran, failures)
}

#[tokio::test]
async fn every_example_in_the_readme_and_the_docs_prints_what_it_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    for (page, fewest) in PAGES {
        let text =
            std::fs::read_to_string(root.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        let (ran, mut failed) = run_page(page, &text).await;
        assert!(
            ran >= *fewest,
            "{page}: {ran} examples found, expected at least {fewest}: are they still ```sh blocks with `$ ` commands?"
        );
        failures.append(&mut failed);
    }
    assert!(
        failures.is_empty(),
        "{} example(s) print something else than shown:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn an_example_block_is_read_as_commands_and_output() {
    let page = "text\n```sh\n$ egress-planner compare \\\n  --azs 9; echo \"exit $?\"\n# error: …\n#\n# exit 2\n$ curl -s x\n```\n```toml\n# plan.toml\na = 1\n```\n```sh\nnot run\n```\n";
    assert_eq!(
        steps("t", page),
        [
            Step::Run {
                line: 3,
                command: "egress-planner compare \\\n  --azs 9; echo \"exit $?\"".into(),
                expected: "error: …\n\nexit 2".into(),
            },
            Step::Run {
                line: 8,
                command: "curl -s x".into(),
                expected: String::new(),
            },
            Step::File {
                name: "plan.toml".into(),
                contents: "a = 1\n".into(),
            },
        ]
    );
}

#[test]
fn an_ellipsis_stands_for_anything_and_the_rest_must_match() {
    assert!(matches("a 1", "a 1"));
    assert!(!matches("a 1", "a 2"));
    assert!(!matches("a 1", "a 1\nmore"));
    assert!(matches("{\"x\":1,…}", "{\"x\":1,\"y\":[2,\n3]}"));
    assert!(!matches("{\"x\":1,…}", "{\"x\":2,\"y\":3}"));
    assert!(matches("a…c…e", "abcde"));
    assert!(!matches("a…c…e", "abdec"));
    assert!(matches(
        "{\"a\":1,…\n…\"c\":3}",
        "{\"a\":1,\"b\":2,\"c\":3}"
    ));
    assert!(!matches("a\n…\nc", "a\nc"));
    assert!(!matches("a…b", "a"));
    assert!(matches("…", "anything"));
}

#[test]
fn curl_words_are_split_as_sh_splits_them() {
    assert_eq!(
        words(
            "curl -s -X POST http://h/x \\\n  -H 'Content-Type: application/json' -d '{\"a\": 1}'"
        ),
        [
            "curl",
            "-s",
            "-X",
            "POST",
            "http://h/x",
            "-H",
            "Content-Type: application/json",
            "-d",
            "{\"a\": 1}"
        ]
    );
    assert_eq!(words(r#"curl "a\"b" 'c'd"#), ["curl", "a\"b", "cd"]);
}
