// Opens `throughline report` pages in headless Chromium and checks what they show
// against the CLI's own answers (`throughline export`), then takes screenshots.
// Usage: node report.test.mjs BIN ARTIFACTS   (run.sh prepares both)
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const [bin, artifacts] = process.argv.slice(2);
const repo = resolve(import.meta.dirname, "../..");
let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; console.log(`ok   ${name}`); }
  else { failed++; console.log(`FAIL ${name}${detail === undefined ? "" : ": " + JSON.stringify(detail)}`); }
}
const run = (args, cwd) => execFileSync(bin, args, { cwd, encoding: "utf8", maxBuffer: 1 << 28 });

async function open(browser, file) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const requests = [], errors = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const t0 = Date.now();
  await page.goto("file://" + file);
  await page.waitForFunction(() => document.body && document.body.getAttribute("data-ready") === "1", null, { timeout: 30000 }).catch((e) => { throw new Error(e.message + " " + JSON.stringify(errors)); });
  const ms = Date.now() - t0;
  return { page, requests, errors, ms };
}
const count = (page, sel) => page.locator(sel).count();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"],
});
try {
  // --- the payments demo -----------------------------------------------------------
  const demo = join(repo, "examples/payments");
  const page1 = join(artifacts, "payments-report.html");
  run(["report", demo, "--output", page1]);
  const X = JSON.parse(run(["export", demo]));
  const { page, requests, errors, ms } = await open(browser, page1);
  console.log(`opened ${page1} (${statSync(page1).size} bytes) in ${ms} ms`);
  check("the page makes no request but for itself", requests.every((u) => u.startsWith("file://") || u.startsWith("data:")) && requests.length === 1, requests);
  check("no script errors", errors.length === 0, errors);
  check("one roll-up row per status item", (await count(page, ".rollup-row")) === X.status.length, X.status.length);
  const first = X.status[0];
  const firstRow = await page.locator(".rollup-row").first().innerText();
  check("the first roll-up row shows its item and counts", firstRow.includes(first.id) && firstRow.includes(`${first.implemented}/${first.total}`) && firstRow.includes(`${first.verified}/${first.total}`), firstRow);
  const reqs = [...new Set(X.status.flatMap((s) => s.requirements.map((r) => r.id)))];
  check("the matrix has a row per requirement", (await count(page, "#matrix-table tr[id^='row-']")) === reqs.length, reqs.length);
  const unverified = X.status.flatMap((s) => s.requirements).find((r) => !r.verified);
  if (unverified) {
    const cell = await page.locator(`#row-${unverified.id} td`).nth(1).innerText();
    check(`the matrix marks ${unverified.id} not verified`, cell.includes("not verified"), cell);
  }
  const nodes = await page.locator("#chain-view svg .node").evaluateAll((ns) => ns.map((n) => n.getAttribute("data-key")));
  check("the chain picture draws the first item's requirements", first.requirements.every((r) => nodes.includes(r.id)), nodes);
  check("the chain picture marks gaps", (await count(page, "#chain-view .node.gap")) === first.requirements.filter((r) => !r.implemented || !r.verified).length);
  check("every finding is listed", (await count(page, "#findings-table tr.finding")) === X.findings.length, X.findings.length);
  const ticket = X.trackers.find((t) => t.items.includes("REQ-PAY-1"));
  const tlink = page.locator("#row-REQ-PAY-1 a.ticket").first();
  check("tracker keys link from the requirements they track", (await tlink.getAttribute("href")) === ticket.url && (await tlink.innerText()).includes(`${ticket.key} (${ticket.status})`), ticket);
  await page.screenshot({ path: join(artifacts, "report-overview.png"), fullPage: false });

  // Filters: by rule, by search text, by roadmap item (a click on its roll-up row).
  const code = X.findings[0].code;
  await page.selectOption("#f-rule", code);
  check(`the rule filter keeps only ${code}`, (await count(page, "#findings-table tr.finding")) === X.findings.filter((f) => f.code === code).length);
  await page.selectOption("#f-rule", "");
  await page.fill("#f-text", "REQ-PAY-4");
  check("search narrows the matrix to one requirement", (await count(page, "#matrix-table tr[id^='row-']")) === 1);
  await page.fill("#f-text", "");
  const second = X.status[1];
  await page.locator(`.rollup-row[data-id='${second.id}']`).click();
  check("a roll-up click filters the matrix to that item", (await count(page, "#matrix-table tr[id^='row-']")) === second.requirements.length, second.requirements.length);
  const shown = await page.locator("#chain-view svg .node").evaluateAll((ns) => ns.map((n) => n.getAttribute("data-key")));
  check("and draws its chain", shown.includes(second.id) && !shown.includes(first.id), shown);
  await page.locator("#chain").screenshot({ path: join(artifacts, "report-chain.png") });
  await page.fill("#f-path", "services/fraud/");
  const paths = await page.locator("#matrix-table tr[id^='row-'] a").evaluateAll((as) => as.map((a) => a.textContent));
  check("the path filter keeps rows with a location under it", paths.some((p) => p.startsWith("services/fraud/")), paths);
  await page.close();

  // --- a suspect link: the demo with a requirement edited after review --------------
  const ws = mkdtempSync(join(tmpdir(), "report-suspect-"));
  cpSync(demo, ws, { recursive: true });
  const prd = join(ws, "docs/prd.md");
  writeFileSync(prd, readFileSync(prd, "utf8").replace("Refunds never exceed the captured amount", "Refunds never exceed the captured amount, fees included"));
  // Test results as pytest writes them: one refund test fails.
  const cls = "services.ledger.tests.test_ledger";
  const junit = `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="3" failures="1">
<testcase classname="${cls}" name="test_partial_refunds_up_to_captured_amount" time="0.01"/>
<testcase classname="${cls}" name="test_over_refund_is_rejected_and_records_nothing" time="0.02"><failure message="AssertionError: the over-refund was recorded">trace</failure></testcase>
<testcase classname="${cls}" name="test_refund_without_capture_is_rejected" time="0.01"/>
</testsuite></testsuites>`;
  writeFileSync(join(ws, "pytest.xml"), junit);
  const page2 = join(ws, "report.html");
  run(["report", ws, "--output", page2, "--test-results", join(ws, "pytest.xml")]);
  const EX = JSON.parse(run(["export", ws, "--test-results", join(ws, "pytest.xml")]));
  const s = await open(browser, page2);
  const cards = await count(s.page, ".suspect-card");
  check("suspect links are listed", cards > 0, cards);
  const diff = await s.page.locator(".suspect-card .diff").first().innerText();
  check("with the reviewed text against the current one", diff.includes("- Refunds never exceed the captured amount") && diff.includes("+ Refunds never exceed the captured amount, fees included"), diff);
  const link = s.page.locator("#findings-table a.loc").first();
  const [text, href] = [await link.innerText(), await link.getAttribute("href")];
  check("source links open the files beside the page", href === text.replace(/:\d+$/, ""), [text, href]);
  await s.page.locator("#suspects").screenshot({ path: join(artifacts, "report-suspects.png") });
  // Evidence: the failing test shows in the matrix, the roll-up and the picture.
  const row4 = await s.page.locator("#row-REQ-PAY-4").innerText();
  check("the matrix shows the failing test and its message", row4.includes("failed") && row4.includes("the over-refund was recorded"), row4);
  const rm1 = EX.status.find((x) => x.id === "RM-1");
  const bar = await s.page.locator(".rollup-row[data-id='RM-1'] .bar.failing").innerText();
  check("the roll-up has a failing bar", rm1.failing === 1 && bar.includes(`1/${rm1.total}`), [bar, rm1.failing]);
  check("the picture marks the failing requirement", (await count(s.page, "#chain-view .node.failing[data-key='REQ-PAY-4']")) === 1);
  check("failing-test is among the findings", (await s.page.locator("#findings-table").innerText()).includes("failing-test"));
  await s.page.locator("#matrix").screenshot({ path: join(artifacts, "report-matrix.png") });
  await s.page.close();

  // --- a large workspace: tables draw 300 rows at a time ------------------------------
  const big = mkdtempSync(join(tmpdir(), "report-big-"));
  execFileSync("python3", [join(repo, "bench/gen_workspace.py"), big, "--files", "200", "--reqs", "700", "--annotations", "1200", "--force"], { stdio: "ignore" });
  const bigPage = join(big, "report.html");
  run(["report", big, "--root", big, "--output", bigPage]);
  const BX = JSON.parse(run(["export", big, "--root", big]));
  const bigReqs = new Set(BX.status.flatMap((s) => s.requirements.map((r) => r.id))).size;
  const b = await open(browser, bigPage);
  console.log(`opened a report of ${bigReqs} requirements and ${BX.findings.length} findings in ${b.ms} ms`);
  check("a large matrix draws its first 300 rows", (await count(b.page, "#matrix-table tr[id^='row-']")) === Math.min(300, bigReqs), bigReqs);
  await b.page.locator("#matrix-more button").click();
  check("and 300 more on request", (await count(b.page, "#matrix-table tr[id^='row-']")) === Math.min(600, bigReqs));
  check("the count says how many match", (await b.page.locator("#matrix-count").innerText()).startsWith(`${bigReqs} of ${bigReqs} requirements`));
  await b.page.close();

  // --- the portfolio: imported requirements in the product's report -----------------
  execFileSync("bash", [join(repo, "examples/portfolio/run.sh"), bin], { stdio: "ignore" });
  const p = await open(browser, join(repo, "examples/portfolio/product/throughline-report.html"));
  const ledger2 = await p.page.locator("#row-REQ-LEDGER-2").innerText();
  check("imported requirements are in the product's matrix", ledger2.includes("not verified") && ledger2.includes("@ledger/src/ledger.rs"), ledger2);
  check("an uncovered brief of the product is a finding there", (await p.page.locator("#findings-table").innerText()).includes("BRIEF-REFUNDS-1"));
  await p.page.close();
} catch (e) {
  failed++;
  console.log(`FAIL unexpected: ${e.stack || e}`);
} finally {
  await browser.close();
}
console.log(`report: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
