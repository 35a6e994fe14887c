//! The `orgsim` binary: parses arguments and hands them to `orgsim::cli`.

use clap::Parser;

fn main() -> std::process::ExitCode {
    orgsim::cli::main_with(orgsim::cli::Cli::parse())
}
