//! Prints a stack file of N services (default 1000) for timing `paved compose` and `paved check`
//! at scale:
//!
//! ```sh
//! cargo run -q -p paved-benches --bin generate-stack -- 1000 > /tmp/stack-1000.toml
//! target/release/paved compose /tmp/stack-1000.toml --out /tmp/out-1000 --force
//! ```

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = std::env::args().nth(1).map_or(Ok(1000), |text| text.parse())?;
    std::io::stdout().lock().write_all(paved_benches::scale_stack(count).as_bytes())?;
    Ok(())
}
