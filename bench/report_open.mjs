// Opens a report in headless Chromium N times; prints the median time from navigation
// to the page's script having drawn everything, and to switching the roadmap item.
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { chromium } = require(process.env.NODE_PATH + "/playwright-core");
const [file, n = "3"] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const open = [], swap = [];
for (let i = 0; i < Number(n); i++) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const t0 = Date.now();
  await page.goto("file://" + file);
  await page.waitForFunction(() => document.body.getAttribute("data-ready") === "1", null, { timeout: 120000 });
  open.push(Date.now() - t0);
  const items = await page.locator("#f-item option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  const t1 = Date.now();
  await page.selectOption("#f-item", items[items.length - 1]);
  await page.waitForFunction(() => document.querySelector("#chain-view svg") !== null);
  swap.push(Date.now() - t1);
  await page.close();
}
await browser.close();
const med = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`chromium: open ${med(open)} ms (runs ${open.join(", ")}), switch roadmap item ${med(swap)} ms`);
