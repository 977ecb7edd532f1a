//! `quay`: the command line (see the `quay_cli` library).

fn main() -> std::process::ExitCode {
    quay_cli::run(std::env::args_os().collect())
}
