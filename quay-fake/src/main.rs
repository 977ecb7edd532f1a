//! `quay-fake [--port N] [--keep-alive SECONDS] [--clock-at UNIX_SECONDS] [--smtp-down] [FEATURES]`: serves a
//! fake Quay on 127.0.0.1 until interrupted (see [`quay_fake::cli`]).

fn main() -> std::process::ExitCode {
    quay_fake::cli::main("quay-fake", std::env::args().skip(1))
}
