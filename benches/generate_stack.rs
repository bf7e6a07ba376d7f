//! Prints a stack file of N services (default 1000) for timing `paved compose` and `paved check`
//! at scale:
//!
//! ```sh
//! cargo run -q -p paved-benches --bin generate-stack -- 1000 > /tmp/stack-1000.toml
//! target/release/paved compose /tmp/stack-1000.toml --out /tmp/out-1000 --force
//! ```

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

/// Print a stack file of COUNT services for timing `paved compose` and `paved check` at scale:
/// workers (`baseline-lambda`) and the SQS queues feeding them, half and half, wired, with
/// development and production environments and a production override per worker.
#[derive(Parser)]
#[command(
    name = "generate-stack",
    version,
    after_help = "Example:\n  generate-stack 1000 > /tmp/stack-1000.toml\n  paved compose /tmp/stack-1000.toml --out /tmp/out-1000 --force"
)]
struct Arguments {
    /// How many services (at least 1).
    #[arg(default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    count: u32,
}

fn main() -> ExitCode {
    let arguments = Arguments::parse();
    let stack = paved_benches::scale_stack(arguments.count as usize);
    match std::io::stdout().lock().write_all(stack.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader has gone (`generate-stack | head`): nothing more to say.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write the stack to standard output: {error}");
            ExitCode::FAILURE
        }
    }
}
