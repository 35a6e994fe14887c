//! The `orgsim` binary: parses arguments and hands them to `orgsim::cli`.

use clap::Parser;

fn main() -> std::process::ExitCode {
    match orgsim::cli::Cli::try_parse() {
        Ok(cli) => orgsim::cli::main_with(cli),
        // Usage errors quote the arguments given: their control characters are escaped.
        Err(e) if e.use_stderr() => {
            let message = e.render().to_string();
            eprint!("{}", orgsim::ground::text::for_terminal(&message));
            std::process::ExitCode::from(e.exit_code().clamp(0, 255) as u8)
        }
        Err(e) => e.exit(),
    }
}
