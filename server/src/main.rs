//! The `throughline` command line.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use throughline::catalog::Severity;
use throughline::diagnostics::Summary;
use throughline::output::{self, Sources};

#[derive(Parser)]
#[command(
    name = "throughline",
    version,
    about = "Keeps a product's delivery chain linked and checked"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the workspace against the chain policy (the CI quality gate).
    Check {
        /// Workspace root (where throughline.toml lives). Defaults to the current directory.
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Write the report to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Treat these findings as failures too (only `warnings` is accepted).
        #[arg(long, value_enum)]
        deny: Vec<Deny>,
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
    },
    /// Print an item's chain: upstream items, derived items, implementations and tests.
    Trace {
        /// The item's ID, e.g. `REQ-7`.
        id: String,
        /// Workspace root. Defaults to the current directory.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = TraceFormat::Text)]
        format: TraceFormat,
    },
    /// List the routes found in code, their full paths and the operations they serve.
    Routes {
        /// Workspace root. Defaults to the current directory.
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = TraceFormat::Text)]
        format: TraceFormat,
    },
    /// Run the language server over stdio (editors start this).
    Lsp {
        /// Append logs to this file instead of stderr. Level from `THROUGHLINE_LOG` (default `info`).
        #[arg(long)]
        log_file: Option<PathBuf>,
        /// Accepted for compatibility with clients that pass it; stdio is the only transport.
        #[arg(long, hide = true)]
        stdio: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
    Junit,
    Github,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Deny {
    Warnings,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum TraceFormat {
    Text,
    Json,
}

/// Usage or configuration problem.
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            path,
            format,
            output,
            deny,
            color,
        } => check(
            path.unwrap_or_else(|| PathBuf::from(".")),
            format,
            output,
            deny.contains(&Deny::Warnings),
            color,
        ),
        Command::Trace { id, root, format } => trace(&id, &root, format),
        Command::Routes { path, format } => {
            routes(&path.unwrap_or_else(|| PathBuf::from(".")), format)
        }
        Command::Lsp { log_file, stdio: _ } => lsp(log_file),
    }
}

/// Implements: REQ-LSP-CORE
fn lsp(log_file: Option<PathBuf>) -> ExitCode {
    // Logs never go to stdout: stdout carries the protocol.
    let filter = tracing_subscriber::EnvFilter::try_from_env("THROUGHLINE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false);
    match log_file {
        Some(path) => match std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
        {
            Ok(file) => builder.with_writer(std::sync::Mutex::new(file)).init(),
            Err(e) => return usage_error(format!("cannot open log file {}: {e}", path.display())),
        },
        None => builder.with_writer(std::io::stderr).init(),
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return usage_error(format!("cannot start the async runtime: {e}")),
    };
    runtime.block_on(throughline::lsp::serve_stdio());
    ExitCode::SUCCESS
}

fn usage_error(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(EXIT_USAGE)
}

fn workspace_root(path: &std::path::Path) -> Result<PathBuf, String> {
    if !path.is_dir() {
        return Err(format!("{} is not a directory", path.display()));
    }
    path.canonicalize()
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Implements: REQ-CHECK-GATE
fn check(
    path: PathBuf,
    format: Format,
    output: Option<PathBuf>,
    deny_warnings: bool,
    color: Color,
) -> ExitCode {
    let root = match workspace_root(&path) {
        Ok(r) => r,
        Err(e) => return usage_error(e),
    };
    // `THROUGHLINE_LOG=throughline=debug` shows where the time goes.
    if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_env("THROUGHLINE_LOG") {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_ansi(false)
            .with_writer(std::io::stderr)
            .init();
    }
    let extraction = throughline::check::check_extraction();
    let run = match throughline::check::run_with(&root, extraction) {
        Ok(r) => r,
        Err(e) => return usage_error(e),
    };
    for e in &run.stats.walk_errors {
        eprintln!("warning: {e}");
    }
    let mut sources = Sources::new(&root);
    let diags = &run.diagnostics;
    let summary = Summary::of(diags);
    let use_color = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let summary_text =
        output::human::summary_line(summary, run.stats.files, run.stats.files_with_ids);
    let report = match format {
        Format::Human => {
            let mut text = output::human::render(diags, &mut sources, use_color);
            text.push_str(&summary_text);
            text.push('\n');
            text
        }
        Format::Json => output::json::render(diags, &mut sources),
        Format::Sarif => output::sarif::render(diags, &mut sources),
        Format::Junit => output::junit::render(diags, &mut sources, deny_warnings),
        Format::Github => output::github::render(diags, &mut sources),
    };
    let written = match &output {
        Some(file) => std::fs::write(file, report.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", file.display())),
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = out.write_all(report.as_bytes());
            Ok(())
        }
    };
    if let Err(e) = written {
        return usage_error(e);
    }
    if !matches!(format, Format::Human) || output.is_some() {
        eprintln!("{summary_text}");
    }
    let failing = diags.iter().any(|d| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    });
    if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Implements: REQ-ROUTES
fn routes(root: &std::path::Path, format: TraceFormat) -> ExitCode {
    let root = match workspace_root(root) {
        Ok(r) => r,
        Err(e) => return usage_error(e),
    };
    let run = match throughline::check::run(&root) {
        Ok(r) => r,
        Err(e) => return usage_error(e),
    };
    let entries = throughline::routes::report::entries(&run.graph);
    match format {
        TraceFormat::Text => print!("{}", throughline::routes::report::render_text(&entries)),
        TraceFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&entries).unwrap_or_default()
        ),
    }
    ExitCode::SUCCESS
}

/// Implements: REQ-TRACE-CMD
fn trace(id: &str, root: &std::path::Path, format: TraceFormat) -> ExitCode {
    let root = match workspace_root(root) {
        Ok(r) => r,
        Err(e) => return usage_error(e),
    };
    let run = match throughline::check::run(&root) {
        Ok(r) => r,
        Err(e) => return usage_error(e),
    };
    let Some(item) = throughline::trace::trace(&run.graph, id) else {
        let hint = throughline::rules::closest_defined(&run.graph, id);
        return match hint {
            Some(h) => usage_error(format!("`{id}` is not defined; did you mean `{h}`?")),
            None => usage_error(format!("`{id}` is not defined in {}", root.display())),
        };
    };
    match format {
        TraceFormat::Text => print!("{}", throughline::trace::render_text(&item)),
        TraceFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&item).unwrap_or_default()
        ),
    }
    ExitCode::SUCCESS
}
