// The report's behaviour: reads the JSON block, draws the roll-up, the matrix, the
// findings and the suspect links, and filters them. No network, no libraries.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("data").textContent);
  var X = D.export;
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === "text") e.textContent = attrs[k]; else if (k === "cls") e.className = attrs[k]; else e.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function href(loc) {
    var L = D.links;
    if (L.template) return L.template.split("{rev}").join(L.rev).split("{path}").join(loc.path).split("{line}").join(String(loc.line));
    return L.base + loc.path.split("/").map(encodeURIComponent).join("/");
  }
  function place(loc) { return el("a", { href: href(loc), cls: "loc", text: loc.path + ":" + loc.line }); }

  // --- indices -------------------------------------------------------------------
  var items = {}, below = {}, annotationsTo = {};
  X.items.forEach(function (i) {
    if (!items[i.id]) items[i.id] = i;
    i.derives_from.forEach(function (l) { (below[l.id] = below[l.id] || []).push(i.id); });
  });
  X.annotations.forEach(function (a) { (annotationsTo[a.target] = annotationsTo[a.target] || []).push(a); });
  var requirements = [], reqSeen = {};
  X.status.forEach(function (s) {
    s.requirements.forEach(function (r) { if (!reqSeen[r.id]) { reqSeen[r.id] = r; requirements.push(r); } });
  });
  var ticketsOf = {};
  (X.trackers || []).forEach(function (t) {
    t.items.forEach(function (id) { var l = (ticketsOf[id] = ticketsOf[id] || []); if (!l.some(function (o) { return o.key === t.key; })) l.push(t); });
  });
  function tickets(ids) {
    var seen = {}, out = [];
    ids.forEach(function (id) { (ticketsOf[id] || []).forEach(function (t) { if (!seen[t.key]) { seen[t.key] = true; out.push(t); } }); });
    return out.map(function (t) {
      var label = t.key + (t.status ? " (" + t.status + ")" : "");
      return el("a", { href: t.url, cls: "ticket" + (t.category === "done" ? " done" : ""), title: t.title || t.tracker, text: label });
    });
  }
  var coneOf = {};
  function cone(id) {
    if (coneOf[id]) return coneOf[id];
    var out = {}, stack = [id];
    while (stack.length) { var c = stack.pop(); if (out[c]) continue; out[c] = true; (below[c] || []).forEach(function (d) { stack.push(d); }); }
    return (coneOf[id] = out);
  }
  var idPattern = /[A-Za-z][\w.:\/-]*-?[\w.]+/g;
  function mentions(text) { return text.match(idPattern) || []; }

  // Large workspaces: tables draw this many matching rows, and more on request, so the
  // page opens in about a second whatever the number of requirements.
  var PAGE = 300, limit = { matrix: PAGE, findings: PAGE };
  function more(section, matching, drawn) {
    var box = $(section + "-more"); box.textContent = "";
    if (matching <= drawn) return;
    var b = el("button", { type: "button", text: "Show " + Math.min(PAGE, matching - drawn) + " more of " + (matching - drawn) });
    b.addEventListener("click", function () { limit[section] += PAGE; render(); });
    box.appendChild(b);
  }

  // --- filters -------------------------------------------------------------------
  var F = { item: "", layer: "", rule: "", path: "", text: "" };
  function fill(select, values) { values.forEach(function (v) { select.appendChild(el("option", { value: v[0], text: v[1] })); }); }
  fill($("f-item"), X.status.filter(function (s) { return s.id; }).map(function (s) { return [s.id, s.id + ": " + s.title]; }));
  fill($("f-layer"), X.layers.map(function (l) { return [l.name, l.name + " (" + l.prefix + ")"]; }));
  var codes = {}; X.findings.forEach(function (f) { codes[f.code] = (codes[f.code] || 0) + 1; });
  fill($("f-rule"), Object.keys(codes).sort().map(function (c) { return [c, c + " (" + codes[c] + ")"]; }));
  [["f-item", "item"], ["f-layer", "layer"], ["f-rule", "rule"], ["f-path", "path"], ["f-text", "text"]].forEach(function (p) {
    $(p[0]).addEventListener("input", function (e) { F[p[1]] = e.target.value.trim(); limit.matrix = limit.findings = PAGE; render(); });
  });
  function setFilter(key, value) { F[key] = value; $("f-" + key).value = value; render(); }
  function textHit(s) { return !F.text || s.toLowerCase().indexOf(F.text.toLowerCase()) >= 0; }
  function pathHit(p) { return !F.path || p.indexOf(F.path) >= 0; }
  function inItem(id) { return !F.item || !!cone(F.item)[id]; }
  function inLayer(id) { var i = items[id]; return !F.layer || (i && i.layer === F.layer); }

  // --- roll-up -------------------------------------------------------------------
  function bar(kind, n, total) {
    var pct = total ? Math.round(100 * n / total) : 0;
    return el("div", { cls: "bar " + kind }, [el("span", { text: kind }),
      el("div", { cls: "track" }, [el("div", { cls: "fill", style: "width:" + pct + "%" })]),
      el("span", { text: n + "/" + total })]);
  }
  function rollup() {
    var list = $("rollup-list"); list.textContent = "";
    X.status.forEach(function (s) {
      var bars = [bar("implemented", s.implemented, s.total), bar("verified", s.verified, s.total), bar("suspect", s.suspect, s.total)];
      if (s.failing != null) bars.push(bar("failing", s.failing, s.total));
      var row = el("div", { cls: "rollup-row" + (F.item && F.item === s.id ? " selected" : ""), "data-id": s.id }, [
        el("div", { cls: "name" }, [el("b", { text: s.id || "—" }), s.title, el("div", { cls: "count", text: s.total + " requirements committed" }),
          el("div", { cls: "tickets" }, tickets(s.id ? Object.keys(cone(s.id)).filter(function (id) { return !reqSeen[id]; }) : []))]),
        el("div", { cls: "bars" }, bars)]);
      if (s.id) row.addEventListener("click", function () { setFilter("item", F.item === s.id ? "" : s.id); });
      list.appendChild(row);
    });
  }

  // --- chain picture -------------------------------------------------------------
  function chain() {
    var view = $("chain-view"), id = F.item || (X.status[0] && X.status[0].id) || "";
    var pic = D.graphs[id];
    if (!pic) { view.textContent = "No chain to draw."; return; }
    view.innerHTML = pic.svg;
    var notes = [];
    if (!F.item) notes.push("Showing " + id + "; pick a roadmap item to see another.");
    if (pic.without_code) notes.push("Code and test files are left out to fit.");
    if (pic.omitted) notes.push(pic.omitted + " more items are not drawn; the matrix lists them.");
    if (notes.length) view.insertBefore(el("p", { cls: "hint", text: notes.join(" ") }), view.firstChild);
    Array.prototype.forEach.call(view.querySelectorAll(".node"), function (n) {
      n.addEventListener("click", function () {
        var key = n.getAttribute("data-key"), colon = key.indexOf(":");
        if (/^(code|test):/.test(key)) setFilter("path", key.slice(colon + 1));
        else if (reqSeen[key] || !D.graphs[key]) setFilter("text", key);
        else setFilter("item", key);
      });
    });
  }

  // --- matrix --------------------------------------------------------------------
  function cellList(entries) {
    if (!entries.length) return el("td", { cls: "empty", text: "—" });
    return el("td", {}, [el("ul", {}, entries.map(function (e) { return el("li", {}, e); }))]);
  }
  function itemEntry(i) { return [el("a", { href: href(i.location), cls: "id", text: i.id }), " " + i.title]; }
  function codeEntry(a) {
    var out = [el("a", { href: href(a.location), text: a.location.path + ":" + a.location.line }), a.symbol ? " " + a.symbol : ""];
    if (a.result) out.push(" ", el("span", { cls: "outcome " + a.result.outcome, title: a.result.message || a.result.case, text: a.result.outcome }));
    return out;
  }
  function resultCell(r, tests) {
    if (!X.evidence) return null;
    var by = {};
    tests.forEach(function (a) { var o = a.result ? a.result.outcome : "not run"; by[o] = (by[o] || 0) + 1; });
    var parts = Object.keys(by).sort().map(function (o) { return by[o] + " " + o; });
    var failed = tests.filter(function (a) { return a.result && (a.result.outcome === "failed" || a.result.outcome === "errored"); });
    var cell = el("td", { cls: r.tests === "passed" ? "" : "empty" }, [el("b", { text: r.tests || "" }), parts.length ? " (" + parts.join(", ") + ")" : ""]);
    failed.forEach(function (a) { if (a.result.message) cell.appendChild(el("div", { cls: "count", text: a.symbol + ": " + a.result.message })); });
    return cell;
  }
  function matrix() {
    var t = $("matrix-table"); t.textContent = "";
    var heads = ["Requirement", "Status", "Design", "Contract operations", "Code", "Tests"];
    var withTickets = (X.trackers || []).length > 0;
    if (withTickets) heads.splice(2, 0, "Tickets");
    if (X.evidence) heads.push("Results");
    t.appendChild(el("tr", {}, heads.map(function (h) { return el("th", { text: h }); })));
    var shown = 0;
    requirements.forEach(function (r) {
      if (!inItem(r.id) || !inLayer(r.id) || !textHit(r.id + " " + r.title)) return;
      var derived = (below[r.id] || []).map(function (id) { return items[id]; }).filter(Boolean);
      var designs = derived.filter(function (i) { return i.kind !== "operation"; });
      var ops = derived.filter(function (i) { return i.kind === "operation"; });
      var anns = (annotationsTo[r.id] || []).slice();
      derived.forEach(function (i) { anns = anns.concat(annotationsTo[i.id] || []); });
      var code = anns.filter(function (a) { return a.kind === "implements"; });
      var tests = anns.filter(function (a) { return a.kind === "verifies"; });
      var paths = [r.path].concat(derived.map(function (i) { return i.location.path; }), anns.map(function (a) { return a.location.path; }));
      if (!paths.some(pathHit)) return;
      shown++;
      if (shown > limit.matrix) return;
      var flags = [r.implemented ? "implemented" : "not implemented", r.verified ? "verified" : "not verified"];
      if (r.suspect) flags.push("suspect");
      if (r.tests === "failed") flags.push("failing");
      t.appendChild(el("tr", { id: "row-" + r.id }, [
        el("td", {}, [el("a", { href: href({ path: r.path, line: r.line }), cls: "id", text: r.id }), " " + r.title]),
        el("td", { cls: r.implemented && r.verified && !r.suspect ? "" : "empty", text: flags.join(", ") }),
        withTickets ? el("td", { cls: "tickets" }, tickets([r.id].concat(derived.map(function (i) { return i.id; })))) : null,
        cellList(designs.map(itemEntry)), cellList(ops.map(itemEntry)), cellList(code.map(codeEntry)), cellList(tests.map(codeEntry)),
        resultCell(r, tests)]));
    });
    $("matrix-count").textContent = shown + " of " + requirements.length + " requirements" + (shown > limit.matrix ? ", the first " + limit.matrix + " shown" : "");
    more("matrix", shown, limit.matrix);
  }

  // --- findings ------------------------------------------------------------------
  function findingHit(f) {
    if (F.rule && f.code !== F.rule) return false;
    var paths = [f.location.path].concat((f.related || []).map(function (r) { return r.location.path; }));
    if (!paths.some(pathHit)) return false;
    if (!textHit(f.code + " " + f.message + " " + f.location.path)) return false;
    var ids = mentions(f.message);
    if (F.item && !ids.some(inItem)) return false;
    if (F.layer && !ids.some(inLayer)) return false;
    return true;
  }
  function findings() {
    var t = $("findings-table"); t.textContent = "";
    t.appendChild(el("tr", {}, ["Severity", "Rule", "Where", "Message"].map(function (h) { return el("th", { text: h }); })));
    var shown = 0;
    X.findings.forEach(function (f) {
      if (!findingHit(f)) return;
      shown++;
      if (shown > limit.findings) return;
      var msg = [f.message];
      (f.related || []).forEach(function (r) { msg.push(el("br"), "↳ ", place(r.location), " " + r.message); });
      t.appendChild(el("tr", { cls: "finding" }, [el("td", {}, [el("span", { cls: "sev " + f.severity, text: f.severity })]),
        el("td", {}, [el("code", { text: f.code })]), el("td", {}, [place(f.location)]), el("td", {}, msg)]));
    });
    $("findings-count").textContent = shown + " of " + X.findings.length + " findings" + (shown > limit.findings ? ", the first " + limit.findings + " shown" : "");
    more("findings", shown, limit.findings);
  }

  // --- suspect links -------------------------------------------------------------
  function diff(text) {
    var pre = el("pre", { cls: "diff" });
    text.split("\n").forEach(function (line) {
      if (!line) return;
      pre.appendChild(el("span", { cls: line[0] === "-" ? "del" : line[0] === "+" ? "ins" : "", text: line + "\n" }));
    });
    return pre;
  }
  function suspects() {
    var list = $("suspect-list"); list.textContent = "";
    var shown = 0;
    D.suspects.forEach(function (s) {
      if ((F.item && !inItem(s.upstream)) || !pathHit(s.path) || !textHit(s.upstream + " " + s.downstream)) return;
      shown++;
      list.appendChild(el("div", { cls: "suspect-card" }, [
        el("div", {}, [el("span", { cls: "id", text: s.upstream }), " changed since ", el("span", { cls: "id", text: s.downstream }),
          " was reviewed against it, at ", place({ path: s.path, line: s.line })]),
        s.diff ? diff(s.diff) : el("p", { cls: "hint", text: "The reviewed text is not in throughline.lock; current text: " + s.current })]));
    });
    $("suspects-count").textContent = shown + " of " + D.suspects.length + " suspect links";
  }

  function render() { rollup(); chain(); matrix(); findings(); suspects(); }
  var rev = X.repository.revision ? " at " + X.repository.revision.slice(0, 12) : "";
  if (X.evidence) rev += " · test results: " + X.evidence.files.length + " files, " + X.evidence.cases + " cases";
  $("meta").textContent = X.generator + rev + ", " + X.generated_at + " · " + X.items.length + " items, " +
    X.annotations.length + " annotations, " + X.findings.length + " findings";
  render();
  document.body.setAttribute("data-ready", "1");
})();
