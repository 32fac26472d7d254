//! The `bekwaam` binary: parse the command line, start tracing, hand over.
#![forbid(unsafe_code)]

use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = bekwaam::cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("BEKWAAM_LOG")
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    match bekwaam::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            if let Some(exit) = e.downcast_ref::<bekwaam::cli::Exit>() {
                return std::process::ExitCode::from(exit.code as u8);
            }
            eprintln!("bekwaam: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
