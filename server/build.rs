//! Gives the binary a build id: a hash of the sources that shape what it extracts, so
//! the facts cache (`src/cache`) is valid for exactly the code that wrote it, however
//! the binary was installed (a CI job that installs it afresh keeps its cache).

use std::path::Path;

fn main() {
    let mut files = Vec::new();
    for dir in ["src", "../grammars"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(Path::new(dir), &mut files);
    }
    for f in ["Cargo.toml", "../Cargo.lock"] {
        println!("cargo:rerun-if-changed={f}");
        files.push(Path::new(f).to_path_buf());
    }
    files.sort();
    // FNV-1a over paths and bytes: no dependency, and only equality matters.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for f in &files {
        eat(f.to_string_lossy().as_bytes());
        eat(&std::fs::read(f).unwrap_or_default());
    }
    println!("cargo:rustc-env=THROUGHLINE_BUILD_ID={h:016x}");
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}
