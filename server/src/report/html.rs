//! The page's frame: the inline stylesheet and script (`assets/`), the data as an
//! inert JSON block, and a Content-Security-Policy that forbids every network request.

const CSS: &str = include_str!("assets/page.css");
const JS: &str = include_str!("assets/page.js");

/// Escapes text for HTML and SVG text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The whole page around `json` (the page data).
pub fn assemble(name: &str, json: &str) -> String {
    // `<` only occurs inside JSON strings, where `\u003c` means the same: no `</script>`
    // or `<!--` in the data can end the block.
    let data = json.replace('<', "\\u003c");
    let name = escape(name);
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Throughline report: {name}</title>
<style>{CSS}</style>
</head>
<body>
<header><h1>Throughline report: <span id="repo">{name}</span></h1><p id="meta"></p></header>
<nav id="filters" aria-label="Filters">
<label>Roadmap item <select id="f-item"><option value="">all</option></select></label>
<label>Layer <select id="f-layer"><option value="">all</option></select></label>
<label>Rule <select id="f-rule"><option value="">all</option></select></label>
<label>Path <input id="f-path" type="search" placeholder="src/"></label>
<label>Search <input id="f-text" type="search" placeholder="ID, title or message"></label>
</nav>
<main>
<section id="rollup"><h2>Delivery by roadmap item</h2><div id="rollup-list"></div></section>
<section id="chain"><h2>The chain</h2><p class="hint">Boxes are items; red borders are requirements missing code or tests; amber ones have suspect links. Click a box to filter by it.</p><div id="chain-view"></div></section>
<section id="matrix"><h2>Trace matrix</h2><p class="count" id="matrix-count"></p><div class="scroll"><table id="matrix-table"></table></div><p id="matrix-more"></p></section>
<section id="findings"><h2>Findings</h2><p class="count" id="findings-count"></p><div class="scroll"><table id="findings-table"></table></div><p id="findings-more"></p></section>
<section id="suspects"><h2>Suspect links</h2><p class="count" id="suspects-count"></p><div id="suspect-list"></div></section>
</main>
<script type="application/json" id="data">{data}</script>
<script>{JS}</script>
</body>
</html>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_cannot_close_its_script_block() {
        let page = assemble("x", r#"{"t":"</script><script>alert(1)</script>"}"#);
        assert_eq!(
            page.matches("</script>").count(),
            2,
            "only the two real blocks end"
        );
        assert!(page.contains("\\u003c/script>"));
    }

    #[test]
    fn names_are_escaped_and_nothing_is_fetched() {
        let page = assemble("<b>&", "{}");
        assert!(page.contains("&lt;b&gt;&amp;"));
        assert!(page.contains("default-src 'none'"));
        for fetch in ["src=\"http", "href=\"http", "@import", "url(http"] {
            assert!(!page.contains(fetch), "{fetch}");
        }
    }
}
