//! `quay-fake --port N`: serves a fake Quay on 127.0.0.1 until killed.
//! Prints `QUAY_REGISTRY=<url>` and `QUAY_TOKEN=<superuser token>` on stdout.

use std::io::Write;

fn main() {
    let mut port: u16 = 0;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = match a.as_str() {
            "--port" => args.next(),
            s if s.starts_with("--port=") => Some(s["--port=".len()..].to_string()),
            "-h" | "--help" => {
                println!("usage: quay-fake [--port N]   (0 = any free port)");
                return;
            }
            other => {
                eprintln!("quay-fake: unknown argument {other}");
                std::process::exit(2);
            }
        };
        port = match value.as_deref().map(str::parse) {
            Some(Ok(p)) => p,
            _ => {
                eprintln!("quay-fake: --port needs a number");
                std::process::exit(2);
            }
        };
    }
    let fake = quay_fake::FakeQuay::builder().port(port).start_blocking();
    println!("QUAY_REGISTRY={}", fake.url());
    println!("QUAY_TOKEN={}", fake.superuser_token());
    let _ = std::io::stdout().flush();
    loop {
        std::thread::park();
    }
}
