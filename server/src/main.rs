//! The `throughline` command line.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use throughline::catalog::Severity;
use throughline::diagnostics::Summary;
use throughline::drift::{self, LockState};
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
    /// Use this folder as the workspace root instead of finding it from the path given
    /// or the current directory (README, "Finding the workspace").
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Neither read nor write the facts cache (`[cache]`, docs/cache.md): index every
    /// file from scratch.
    #[arg(long, global = true)]
    no_cache: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Check the workspace against the chain policy (the CI quality gate).
    Check {
        /// The workspace, or a file or folder inside it to report on. Defaults to the
        /// current directory; the root is found from it.
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
        /// Flag every link below a changed item as suspect, not only its direct links.
        #[arg(long)]
        transitive: bool,
        /// Report only what changed since this git revision (`HEAD`, `HEAD~1`, a branch,
        /// a tag, a hash): findings it did not have, and those it had that are now fixed
        /// (shown as resolved). The exit code reflects the new findings only.
        #[arg(long, value_name = "REV")]
        base: Option<String>,
        #[command(flatten)]
        evidence: EvidenceArgs,
    },
    /// Accept the current state of trace links into throughline.lock.
    Review {
        /// Items (their own upstream links), files or directories (the links written in
        /// them) to review. With none, every link is reviewed and stale entries pruned.
        /// A word that names a defined item is an ID even where a file of that name
        /// exists; write `./NAME` for the path.
        targets: Vec<String>,
        /// Also review every link that names this item as its upstream.
        #[arg(long, value_name = "ID")]
        upstream: Vec<String>,
        /// Print what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Show, per top-level item (roadmap), how many requirements below it are
    /// implemented, verified and free of suspect links.
    Status {
        /// The workspace, or any path inside it. Defaults to the current directory.
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = TraceFormat::Text)]
        format: TraceFormat,
        #[command(flatten)]
        evidence: EvidenceArgs,
    },
    /// Write the whole graph (items, links, annotations, findings, status) as JSON for
    /// other tools and other repositories' imports (docs/export.md).
    Export {
        /// The workspace, or any path inside it. Defaults to the current directory.
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Print the export's JSON Schema instead (docs/export.schema.json).
        #[arg(long)]
        schema: bool,
        #[command(flatten)]
        evidence: EvidenceArgs,
    },
    /// Write one self-contained HTML page: roll-up, chain graph, trace matrix, findings
    /// and suspect links (docs/report.md).
    Report {
        /// The workspace, or any path inside it. Defaults to the current directory.
        path: Option<PathBuf>,
        /// The page to write.
        #[arg(long, short, default_value = "throughline-report.html")]
        output: PathBuf,
        #[command(flatten)]
        evidence: EvidenceArgs,
    },
    /// Print an item's chain: upstream items, derived items, implementations and tests.
    Trace {
        /// The item's ID, e.g. `REQ-7`.
        id: String,
        /// The workspace, or any path inside it. Defaults to the current directory.
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = TraceFormat::Text)]
        format: TraceFormat,
    },
    /// List the routes found in code, their full paths and the operations they serve.
    Routes {
        /// The workspace, or a file or folder inside it whose routes to list. Defaults
        /// to the current directory.
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = TraceFormat::Text)]
        format: TraceFormat,
        /// Show how the routes at this full path were composed: each prefix, with its file and line.
        #[arg(long, value_name = "PATH")]
        explain: Option<String>,
    },
    /// Serve the chain to AI agents over the Model Context Protocol on stdio (agents
    /// start this; docs/agents.md shows how to register it).
    Mcp {
        /// The workspace, or any path inside it. Defaults to the current directory.
        path: Option<PathBuf>,
        /// Append logs to this file instead of stderr. Level from `THROUGHLINE_LOG` (default `info`).
        #[arg(long)]
        log_file: Option<PathBuf>,
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

/// Test results as evidence (docs/evidence.md), shared by the commands that judge
/// "verified".
#[derive(clap::Args, Clone, Default)]
struct EvidenceArgs {
    /// JUnit XML test results (files or globs, relative to the current directory), in
    /// addition to `[evidence] test-results`: with results, "verified" means a test ran
    /// and passed.
    #[arg(long = "test-results", value_name = "FILE", num_args = 1..)]
    test_results: Vec<PathBuf>,
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
enum ExportFormat {
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum TraceFormat {
    Text,
    Json,
}

/// Usage or configuration problem.
const EXIT_USAGE: u8 = 2;

// `check` makes many small allocations on every thread (one set of facts per file);
// mimalloc's per-thread heaps cut the benchmark's wall time by 18% (bench/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.no_cache {
        throughline::cache::disable();
    }
    let root = cli.root.as_deref();
    match cli.command {
        Command::Check {
            path,
            format,
            output,
            deny,
            color,
            transitive,
            base,
            evidence,
        } => check(
            Place::new(root, path.as_deref()),
            format,
            output,
            deny.contains(&Deny::Warnings),
            color,
            transitive,
            base.as_deref(),
            &evidence,
        ),
        Command::Review {
            targets,
            upstream,
            dry_run,
        } => review(root, &targets, &upstream, dry_run),
        Command::Status {
            path,
            format,
            evidence,
        } => status(Place::new(root, path.as_deref()), format, &evidence),
        Command::Trace { id, path, format } => {
            trace(&id, Place::new(root, path.as_deref()), format)
        }
        Command::Routes {
            path,
            format,
            explain,
        } => routes(Place::new(root, path.as_deref()), format, explain),
        Command::Export {
            path,
            format: ExportFormat::Json,
            output,
            schema,
            evidence,
        } => export(
            root,
            path.as_deref(),
            output.as_deref(),
            schema,
            &evidence.test_results,
        ),
        Command::Report {
            path,
            output,
            evidence,
        } => report(root, path.as_deref(), &output, &evidence.test_results),
        Command::Mcp { path, log_file } => mcp(Place::new(root, path.as_deref()), log_file),
        Command::Lsp { log_file, stdio: _ } => {
            if root.is_some() {
                return usage_error(
                    "--root does not apply to `lsp`: the server finds a root per folder",
                );
            }
            lsp(log_file)
        }
    }
}

/// Implements: REQ-EXPORT
fn export(
    root: Option<&std::path::Path>,
    path: Option<&std::path::Path>,
    output: Option<&std::path::Path>,
    schema: bool,
    test_results: &[PathBuf],
) -> ExitCode {
    use throughline::cli::publish;
    let text = if schema {
        publish::schema()
    } else {
        match publish::publish(
            publish::Target {
                root,
                path,
                test_results,
            },
            throughline::export::Scope::Own,
        ) {
            Ok(p) => format!(
                "{}\n",
                serde_json::to_string_pretty(&p.export).unwrap_or_default()
            ),
            Err(e) => return usage_error(e),
        }
    };
    match publish::write_out(output, &text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => usage_error(e),
    }
}

/// Implements: REQ-REPORT
fn report(
    root: Option<&std::path::Path>,
    path: Option<&std::path::Path>,
    output: &std::path::Path,
    test_results: &[PathBuf],
) -> ExitCode {
    use throughline::cli::publish;
    let published = match publish::publish(
        publish::Target {
            root,
            path,
            test_results,
        },
        throughline::export::Scope::WithImports,
    ) {
        Ok(p) => p,
        Err(e) => return usage_error(e),
    };
    let base = throughline::cli::publish::root_from(output, &published.root);
    let page = throughline::report::page(&published, &base);
    match publish::write_out(Some(output), &page) {
        Ok(()) => {
            eprintln!("wrote {} ({} bytes)", output.display(), page.len());
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(e),
    }
}

/// Implements: REQ-LSP-CORE
fn lsp(log_file: Option<PathBuf>) -> ExitCode {
    use throughline::stdio_server::{init_logging, runtime};
    let runtime = match init_logging(log_file.as_deref()).and_then(|_| runtime()) {
        Ok(r) => r,
        Err(e) => return usage_error(e),
    };
    runtime.block_on(throughline::lsp::serve_stdio());
    ExitCode::SUCCESS
}

/// Implements: REQ-MCP-SERVER
fn mcp(place: Place, log_file: Option<PathBuf>) -> ExitCode {
    use throughline::stdio_server::{init_logging, runtime};
    let (found, _) = match throughline::root::locate(place.root, place.path) {
        Ok(found) => found,
        Err(e) => return usage_error(e),
    };
    let runtime = match init_logging(log_file.as_deref()).and_then(|_| runtime()) {
        Ok(r) => r,
        Err(e) => return usage_error(e),
    };
    tracing::info!(root = %found.path.display(), why = found.marker.describe(), "serving MCP");
    let session = match throughline::session::Session::open(&found.path) {
        Ok(s) => s,
        Err(e) => return usage_error(e),
    };
    match runtime.block_on(throughline::mcp::serve_stdio(session)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn out(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn usage_error(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(EXIT_USAGE)
}

/// Where a command runs: `--root`, if given, and the positional path, if given.
#[derive(Clone, Copy)]
struct Place<'a> {
    root: Option<&'a std::path::Path>,
    path: Option<&'a std::path::Path>,
}

impl<'a> Place<'a> {
    fn new(root: Option<&'a std::path::Path>, path: Option<&'a std::path::Path>) -> Self {
        Place { root, path }
    }
}

/// A loaded workspace: its canonical root, the workspace-relative path the command was
/// pointed at (`None` for the whole workspace), and one run over it.
struct Loaded {
    root: PathBuf,
    scope: Option<String>,
    run: throughline::check::Run,
}

/// Finds the root by the one rule (`throughline::root`) and runs over it, or returns the
/// usage error to exit with.
fn load(
    place: Place,
    extraction: throughline::workspace::Extraction,
    options: throughline::check::Options,
) -> Result<Loaded, ExitCode> {
    let (found, scope) = throughline::root::locate(place.root, place.path).map_err(usage_error)?;
    tracing::debug!(root = %found.path.display(), why = found.marker.describe(), "workspace root");
    let run =
        throughline::check::run_with(&found.path, extraction, options).map_err(usage_error)?;
    Ok(Loaded {
        root: found.path,
        scope,
        run,
    })
}

/// [`load`], also keeping the files as read when `keep` (for `check --base`).
fn load_keeping_files(
    place: Place,
    extraction: throughline::workspace::Extraction,
    options: throughline::check::Options,
    keep: bool,
) -> Result<(Loaded, throughline::check::Files), ExitCode> {
    if !keep {
        return load(place, extraction, options).map(|l| (l, Default::default()));
    }
    let (found, scope) = throughline::root::locate(place.root, place.path).map_err(usage_error)?;
    let (run, files) = throughline::check::run_with_files(&found.path, extraction, options)
        .map_err(usage_error)?;
    let loaded = Loaded {
        root: found.path,
        scope,
        run,
    };
    Ok((loaded, files))
}

/// Implements: REQ-CHECK-GATE, REQ-GATE-BASE
#[allow(clippy::too_many_arguments)]
fn check(
    place: Place,
    format: Format,
    output: Option<PathBuf>,
    deny_warnings: bool,
    color: Color,
    transitive: bool,
    base_rev: Option<&str>,
    evidence: &EvidenceArgs,
) -> ExitCode {
    // `THROUGHLINE_LOG=throughline=debug` shows where the time goes.
    if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_env("THROUGHLINE_LOG") {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_ansi(false)
            .with_writer(std::io::stderr)
            .init();
    }
    let extraction = throughline::check::check_extraction();
    let options = throughline::check::Options {
        transitive,
        ..Default::default()
    };
    // With `--base`, the files as read are kept: the base revision reuses the facts of
    // those it has unchanged.
    let (
        Loaded {
            root,
            scope,
            mut run,
        },
        files,
    ) = match load_keeping_files(place, extraction, options, base_rev.is_some()) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if let LockState::Broken(e) = run.graph.lock.as_ref() {
        return usage_error(e);
    }
    for e in &run.stats.walk_errors {
        eprintln!("warning: {e}");
    }
    throughline::evidence::apply(&root, &mut run, &evidence.test_results);
    // Pointed at a file or folder inside the workspace: the whole workspace is indexed
    // (links cross files), and only the findings located there are reported.
    if let Some(scope) = &scope {
        run.diagnostics
            .retain(|d| throughline::root::in_scope(scope, &d.path));
    }
    let mut sources = Sources::new(&root);
    // With `--base`, the same run over the workspace at that revision, and the findings
    // matched: the report holds the new ones, and the fixed ones as resolved.
    let mut base = None;
    if let Some(rev) = base_rev {
        let config = run.graph.config.clone();
        let mut found =
            match throughline::baseline::run_at(&root, rev, config, extraction, options, &files) {
                Ok(b) => b,
                Err(e) => return usage_error(e),
            };
        for e in &found.run.stats.walk_errors {
            eprintln!("warning: {e}");
        }
        if let Some(scope) = &scope {
            found
                .run
                .diagnostics
                .retain(|d| throughline::root::in_scope(scope, &d.path));
        }
        let mut base_sources = found.sources(&root);
        let changes = found.compare(&mut run, &mut sources, &mut base_sources);
        run.diagnostics = changes.new;
        base = Some((rev, changes.resolved, base_sources, found));
    }
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
    let summary_text = output::human::summary_line(
        summary,
        run.stats.files,
        run.stats.files_with_ids,
        base.as_ref().map(|(rev, fixed, _, _)| (*rev, fixed.len())),
    );
    let mut resolved = base
        .as_mut()
        .map(|(rev, fixed, sources, _)| output::Resolved {
            rev,
            diagnostics: fixed,
            sources,
        });
    let report = match format {
        Format::Human => {
            let mut text = output::human::render(diags, &mut sources, use_color, resolved.as_mut());
            text.push_str(&summary_text);
            text.push('\n');
            text
        }
        Format::Json => output::json::render(diags, &mut sources, resolved.as_mut()),
        Format::Sarif => output::sarif::render(diags, &mut sources, resolved.as_mut()),
        Format::Junit => {
            output::junit::render(diags, &mut sources, deny_warnings, resolved.as_mut())
        }
        Format::Github => output::github::render(diags, &mut sources, resolved.as_mut()),
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
    // Freeing the index of a large workspace one allocation at a time costs more than
    // the checks; the process is about to exit.
    std::mem::forget(run);
    std::mem::forget(sources);
    std::mem::forget(base);
    std::mem::forget(files);
    if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Implements: REQ-ROUTES
fn routes(place: Place, format: TraceFormat, explain: Option<String>) -> ExitCode {
    let Loaded { scope, run, .. } = match load(
        place,
        throughline::workspace::Extraction::Full,
        throughline::check::Options::default(),
    ) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if let Some(query) = explain {
        let found = throughline::routes::explain::explain(&run.graph, &query);
        match format {
            TraceFormat::Text => out(&throughline::routes::explain::render_text(&found, &query)),
            TraceFormat::Json => out(&format!(
                "{}\n",
                serde_json::to_string_pretty(&found).unwrap_or_default()
            )),
        }
        return ExitCode::SUCCESS;
    }
    let mut entries = throughline::routes::report::entries(&run.graph);
    if let Some(scope) = &scope {
        entries.retain(|e| throughline::root::in_scope(scope, &e.path));
    }
    match format {
        TraceFormat::Text => out(&throughline::routes::report::render_text(&entries)),
        TraceFormat::Json => out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&entries).unwrap_or_default()
        )),
    }
    ExitCode::SUCCESS
}

/// Implements: REQ-REVIEW
fn review(
    explicit_root: Option<&std::path::Path>,
    targets: &[String],
    upstream: &[String],
    dry_run: bool,
) -> ExitCode {
    use drift::review::Selection;
    // The root comes from `--root`, else from the first target that exists on disk, else
    // from the current directory; every path target must lie inside it.
    let start = targets.iter().map(PathBuf::from).find(|p| p.exists());
    let Loaded { root, mut run, .. } = match load(
        Place::new(explicit_root, start.as_deref()),
        throughline::check::check_extraction(),
        throughline::check::Options::default(),
    ) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let lock = match run.graph.lock.as_ref() {
        LockState::Broken(e) => return usage_error(e),
        state => state.lock().cloned().unwrap_or_default(),
    };
    let mut selections = Vec::new();
    let (mut items, mut paths) = (Vec::new(), Vec::new());
    for t in targets {
        // A defined item, else a path, else an item that only the lock still knows.
        if run.graph.is_defined(t) {
            items.push(t.clone());
            continue;
        }
        match workspace_relative(&root, t) {
            Ok(Some(rel)) => paths.push(rel),
            Err(e) => return usage_error(e),
            Ok(None) if lock.links.keys().any(|(_, d)| d == t) => items.push(t.clone()),
            Ok(None) => {
                return usage_error(format!(
                "`{t}` is neither a defined item nor an existing file or directory (workspace {})",
                root.display()
            ))
            }
        }
    }
    for id in upstream {
        if !run.graph.is_defined(id) && !lock.links.keys().any(|(u, _)| u == id) {
            return usage_error(format!("`{id}` is not defined in {}", root.display()));
        }
    }
    if targets.is_empty() && upstream.is_empty() {
        selections.push(Selection::All);
    }
    if !items.is_empty() {
        // The item's own links, and its implementation (`changed-implementation` is
        // reported on the item).
        selections.push(Selection::Implementations(items.clone()));
        selections.push(Selection::Items(items));
    }
    if !paths.is_empty() {
        selections.push(Selection::Paths(paths));
    }
    if !upstream.is_empty() {
        selections.push(Selection::Upstream(upstream.to_vec()));
    }
    // The fast path computed no body fingerprints; the files this review records need them.
    let wanted: std::collections::HashSet<String> = {
        let links = drift::links::links(&run.graph);
        drift::review::files_to_fingerprint(&run.graph, &lock, &links, &selections)
            .into_iter()
            .map(str::to_string)
            .collect()
    };
    let read = |path: &str| std::fs::read(root.join(path)).ok();
    drift::implementation::fill_bodies(&read, &mut run.graph, |f| wanted.contains(&f.path));
    let links = drift::links::links(&run.graph);
    let outcome = drift::review::review(&run.graph, &lock, &links, &selections);
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let changed_code = match outcome.implementations.len() {
        0 => String::new(),
        n => format!(
            "; {}",
            plural(n, "changed implementation", "changed implementations")
        ),
    };
    let mut report = format!(
        "reviewed {}: {} suspect, {} new{changed_code}\n",
        plural(outcome.selected, "link", "links"),
        outcome.updated.len(),
        outcome.added
    );
    for (up, down) in &outcome.updated {
        report.push_str(&format!("  accepted the new `{up}` for {down}\n"));
    }
    for (up, down) in &outcome.implementations {
        report.push_str(&format!(
            "  accepted the changed implementation of `{up}` in {down}\n"
        ));
    }
    if !outcome.pruned.is_empty() {
        report.push_str(&format!(
            "pruned {}:\n",
            plural(outcome.pruned.len(), "stale entry", "stale entries")
        ));
        for (up, down) in &outcome.pruned {
            report.push_str(&format!("  {up} <- {down}\n"));
        }
    }
    // The lock is written before anything is printed: a closed pipe must not lose it.
    if dry_run {
        report.push_str(&format!("dry run: {} not written\n", drift::LOCK_FILE));
    } else {
        match outcome.lock.write(&root) {
            Ok(true) => report.push_str(&format!("wrote {}\n", drift::LOCK_FILE)),
            Ok(false) => report.push_str(&format!("{} is up to date\n", drift::LOCK_FILE)),
            Err(e) => return usage_error(format!("cannot write {}: {e}", drift::LOCK_FILE)),
        }
    }
    out(&report);
    ExitCode::SUCCESS
}

/// `target` as a workspace-relative path (`.` for the root), relative to the current
/// directory or else to the workspace root; `Ok(None)` when it exists in neither, and an
/// error when it exists but lies outside the workspace.
fn workspace_relative(
    root: &std::path::Path,
    target: &str,
) -> Result<Option<String>, throughline::root::RootError> {
    // The first existing candidate inside the workspace wins; one that exists only
    // outside it is an error.
    let mut outside = None;
    for candidate in [PathBuf::from(target), root.join(target)] {
        if candidate.exists() {
            match throughline::root::relative_to(root, &candidate) {
                Ok(rel) => return Ok(Some(rel.unwrap_or_else(|| ".".into()))),
                Err(e) => outside = outside.or(Some(e)),
            }
        }
    }
    outside.map_or(Ok(None), Err)
}

/// Implements: REQ-STATUS
fn status(place: Place, format: TraceFormat, evidence: &EvidenceArgs) -> ExitCode {
    let Loaded { root, mut run, .. } = match load(
        place,
        throughline::check::check_extraction(),
        throughline::check::Options::default(),
    ) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    throughline::evidence::apply(&root, &mut run, &evidence.test_results);
    for p in &run.graph.evidence.evidence.problems {
        eprintln!("warning: {}:{}: {}", p.path, p.line, p.message);
    }
    let Some(lock) = run.graph.lock.lock() else {
        if let LockState::Broken(e) = run.graph.lock.as_ref() {
            return usage_error(e);
        }
        return usage_error("throughline.lock cannot be read");
    };
    let links = drift::links::links(&run.graph);
    let suspects = drift::suspect::suspects(&run.graph, lock, &links, false);
    let items = drift::status::roadmap(&run.graph, &drift::status::suspect_items(&suspects));
    match format {
        TraceFormat::Text => out(&drift::status::render_text(&items)),
        TraceFormat::Json => out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&items).unwrap_or_default()
        )),
    }
    ExitCode::SUCCESS
}

/// Implements: REQ-TRACE-CMD
fn trace(id: &str, place: Place, format: TraceFormat) -> ExitCode {
    let Loaded { root, run, .. } = match load(
        place,
        throughline::workspace::Extraction::Full,
        throughline::check::Options::default(),
    ) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let Some(item) = throughline::trace::trace(&run.graph, id) else {
        let hint = throughline::rules::closest_defined(&run.graph, id);
        return match hint {
            Some(h) => usage_error(format!("`{id}` is not defined; did you mean `{h}`?")),
            None => usage_error(format!("`{id}` is not defined in {}", root.display())),
        };
    };
    match format {
        TraceFormat::Text => out(&throughline::trace::render_text(&item)),
        TraceFormat::Json => out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&item).unwrap_or_default()
        )),
    }
    ExitCode::SUCCESS
}
