//! Dev tool: inserts an annotation comment before random lines of every code file under
//! a tree and checks that `sources::shallow_symbols` (the outline) names the same symbols as the parse.
//! `cargo run --release --example outline_fuzz -- DIR [PER_FILE]`; see bench/README.md.
use throughline::config::Config;
use throughline::ids::IdScanner;
use throughline::sources::shallow_symbols as outline;
use throughline::workspace::{self, Extraction, FileKind, Outcome};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(root) = args.get(1) else {
        eprintln!("usage: outline_fuzz DIR [PER_FILE]");
        std::process::exit(2);
    };
    let per_file: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
    let config = Config::default_config();
    let scanner = IdScanner::new(&config.prefixes());
    let (mut ok, mut declined, mut mismatches, mut files) = (0, 0, 0, 0);
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    for e in ignore::WalkBuilder::new(root)
        .hidden(false)
        .build()
        .flatten()
    {
        let p = e.path();
        let rel = p.to_string_lossy().to_string();
        let FileKind::Code(lang) = workspace::kind_for_path(&rel) else {
            continue;
        };
        let Ok(src) = std::fs::read_to_string(p) else {
            continue;
        };
        if src.len() > 200_000 || src.contains("REQ-") {
            continue;
        }
        files += 1;
        let lines: Vec<&str> = src.split_inclusive('\n').collect();
        if lines.is_empty() {
            continue;
        }
        let marker = if lang.name == "python" { "#" } else { "//" };
        for _ in 0..per_file {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed as usize) % lines.len();
            let indent: String = lines[at]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let mut text = String::new();
            for (k, l) in lines.iter().enumerate() {
                if k == at {
                    text.push_str(&format!("{indent}{marker} Implements: REQ-1\n"));
                }
                text.push_str(l);
            }
            let Outcome::Facts(fast, _) = workspace::index_bytes_with(
                &rel,
                text.as_bytes(),
                &config,
                &scanner,
                Extraction::Fast,
            ) else {
                continue;
            };
            if !fast.symbols_pending {
                continue;
            }
            let mut f = fast.clone();
            if outline::resolve_symbols(&text, lang, &scanner, &mut f, |_| true).is_err() {
                declined += 1;
                continue;
            }
            let Outcome::Facts(full, _) =
                workspace::index_bytes(&rel, text.as_bytes(), &config, &scanner)
            else {
                continue;
            };
            ok += 1;
            for (a, b) in f.annotations.iter().zip(&full.annotations) {
                if a.symbol.describe() != b.symbol.describe()
                    || a.symbol.is_test != b.symbol.is_test
                {
                    mismatches += 1;
                    if mismatches <= 40 {
                        println!(
                            "MISMATCH {rel}:{} outline {} ({}) vs parse {} ({})\n    > {}",
                            at + 1,
                            a.symbol.describe(),
                            a.symbol.is_test,
                            b.symbol.describe(),
                            b.symbol.is_test,
                            lines[at].trim_end()
                        );
                    }
                }
            }
        }
    }
    println!("files {files} answered {ok} declined {declined} mismatches {mismatches}");
}
