// End-to-end test of the Throughline extension in a real VS Code.
//
// VS Code runs as code-server (the same workbench, served to a browser) and is driven in
// headless Chromium with playwright-core. The test installs the platform VSIX (with the
// bundled server binary) into a fresh user-data and extensions folder, opens a scratch
// copy of examples/payments, and checks what a person would see:
//   - the extension starts the bundled server and its diagnostics reach the Problems
//     panel (the demo has a requirement without a test: `missing-test` on docs/prd.md),
//   - the status bar item counts them,
//   - the Throughline view shows the chain of the ID under the cursor,
//   - F12 on the ID of an `Implements:` comment opens the spec, docs/prd.md,
//   - the code lens, Review Links and Check Workspace commands work,
//   - hover shows the chain, and Ctrl+. on a diagnostic offers its quick fix.
// Screenshots go to tests/vscode/artifacts/ (a failure shot too).
//
// run.sh provides the environment: CODE_SERVER (its launcher), VSIX, and PATH with
// Node 24 first. Every wait is bounded; the code-server process group is ended at the end.
// Verifies: REQ-EDITOR-VSCODE

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const artifacts = path.join(here, 'artifacts');
const CODE_SERVER = requireEnv('CODE_SERVER');
const VSIX = requireEnv('VSIX');
// The same binary as the one in the VSIX, to ask the CLI what the editor should show.
const THROUGHLINE = requireEnv('THROUGHLINE_CLI');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

function requireEnv(name) {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set: run tests/vscode/run.sh`);
  }
  return v;
}

/** A free TCP port on the loopback interface. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `fn` until it returns a truthy value, or fails after `ms`. */
async function until(what, fn, ms) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) {
        return v;
      }
    } catch (e) {
      if (e.fatal) {
        throw e;
      }
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

const state = {
  tmp: '',
  ws: '',
  server: undefined,
  browser: undefined,
  page: undefined,
  failed: false,
  /** What `throughline check --format json` reports for the workspace. */
  expected: undefined,
};

/** Runs the CLI's check on the workspace (exit 1 only means it found errors). */
function cliCheck(ws) {
  let out;
  try {
    out = execFileSync(THROUGHLINE, ['check', ws, '--format', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if (e.status !== 1) {
      throw e;
    }
    out = e.stdout;
  }
  return JSON.parse(out);
}

/** "1 error, 3 warnings", as the status bar and the check summary spell counts. */
function counts({ errors, warnings }) {
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

/** Starts code-server on a scratch copy of the demo, with the VSIX installed. */
before(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  state.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-vscode-'));
  const ws = path.join(state.tmp, 'payments');
  fs.cpSync(path.join(repo, 'examples', 'payments'), ws, { recursive: true });
  state.ws = fs.realpathSync(ws);
  state.expected = cliCheck(state.ws);
  const userData = path.join(state.tmp, 'user-data');
  const extensions = path.join(state.tmp, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  // A quiet workbench: no welcome page, no trust prompt, no update or AI side panels.
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'chat.disableAIFeatures': true,
        'git.enabled': false,
        'markdown.validate.enabled': false,
        // The demo's TypeScript has no node_modules: TypeScript's own diagnostics would
        // only crowd the Problems panel.
        'typescript.validate.enable': false,
        'javascript.validate.enable': false,
        'editor.minimap.enabled': false,
      },
      null,
      2,
    ),
  );

  // The server must come from the VSIX: no THROUGHLINE_PATH, and no throughline on PATH.
  const env = { ...process.env };
  delete env.THROUGHLINE_PATH;
  env.PATH = (env.PATH ?? '')
    .split(':')
    .filter((d) => d && !fs.existsSync(path.join(d, 'throughline')))
    .join(':');

  const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
  execFileSync(CODE_SERVER, [...common, '--install-extension', VSIX], { env, stdio: 'pipe', timeout: 120_000 });

  const port = await freePort();
  const log = fs.openSync(path.join(artifacts, 'code-server.log'), 'w');
  state.server = spawn(
    CODE_SERVER,
    [
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      state.ws,
    ],
    // Its own process group, so the end of the test stops it and everything it started
    // (extension host, throughline lsp) by that one id.
    { env, detached: true, stdio: ['ignore', log, log] },
  );
  fs.writeFileSync(path.join(artifacts, 'code-server.pid'), String(state.server.pid));
  const base = `http://127.0.0.1:${port}`;
  await until(
    'code-server to answer',
    async () => {
      if (state.server.exitCode !== null) {
        const log = fs.readFileSync(path.join(artifacts, 'code-server.log'), 'utf8');
        throw Object.assign(new Error(`code-server exited with ${state.server.exitCode}: ${log.slice(-2000)}`), { fatal: true });
      }
      return (await fetch(`${base}/healthz`)).ok;
    },
    60_000,
  );

  state.browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  state.page = await state.browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await state.page.goto(`${base}/?folder=${encodeURIComponent(state.ws)}`);
  await state.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  // The explorer has the folder once the workbench has loaded the workspace.
  await state.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90_000 });
});

after(async () => {
  if (state.failed && state.page) {
    await state.page.screenshot({ path: path.join(artifacts, 'failure.png') }).catch(() => {});
  }
  await state.browser?.close().catch(() => {});
  await stopServer();
  if (state.tmp) {
    fs.rmSync(state.tmp, { recursive: true, force: true });
  }
});

/** Ends code-server's process group: SIGTERM, then SIGKILL if it lingers. */
async function stopServer() {
  const child = state.server;
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timeout = new Promise((r) => setTimeout(() => r('timeout'), 10_000));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  fs.rmSync(path.join(artifacts, 'code-server.pid'), { force: true });
}

/** Runs one step; a failure marks the run so `after` keeps a screenshot. */
function step(name, fn) {
  test(name, async () => {
    try {
      await fn(state.page);
    } catch (e) {
      state.failed = true;
      throw e;
    }
  });
}

/** Focuses the editor area, then sends a shortcut (the workbench needs focus for keys). */
async function focusEditor(page) {
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
}

/**
 * Opens a workspace file: clicks its tab when it is open, else uses Quick Open (Ctrl+P),
 * pressing Enter only once the file is the focused result. Tries three times, since a
 * key press can land while the workbench is still moving focus.
 */
async function quickOpen(page, rel) {
  const name = path.basename(rel);
  const tab = page.locator(`.tabs-container .tab[data-resource-name="${name}"]`);
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      if ((await tab.count()) > 0) {
        await tab.first().click();
      } else {
        await page.keyboard.press('Escape');
        await page.locator('.monaco-workbench').click({ position: { x: 800, y: 500 } });
        await page.keyboard.press('Control+P');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 15_000 });
        await input.fill(rel);
        await page.waitForSelector(`.quick-input-widget .monaco-list-row.focused[aria-label^="${name}"]`, { timeout: 30_000 });
        await page.keyboard.press('Enter');
      }
      await activeTab(page, name, 10_000);
      return;
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError;
}

/** Waits until the active editor tab is `name`. */
async function activeTab(page, name, ms = 30_000) {
  await until(
    `the active tab to be ${name}`,
    async () => (await page.locator('.tabs-container .tab.active').first().getAttribute('data-resource-name')) === name,
    ms,
  );
}

/** The 1-based line and column of the first `needle` in a workspace file. */
function positionOf(rel, needle) {
  const lines = fs.readFileSync(path.join(state.ws, rel), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} not found in ${rel}`);
  return { line: i + 1, column: lines[i].indexOf(needle) + 1 };
}

const CODE_FILE = 'services/api/src/payments.ts';

step('the extension starts the bundled server and its diagnostics reach the Problems panel', async (page) => {
  await quickOpen(page, CODE_FILE);
  await focusEditor(page);
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible', timeout: 15_000 });
  // The demo's deliberate gap, a requirement without a test, as the CLI reports it.
  const gap = state.expected.diagnostics.find((d) => d.code === 'missing-test');
  assert.ok(gap, 'the demo should have a missing-test finding');
  const id = /`([A-Z][A-Z0-9-]+)`/.exec(gap.message)?.[1];
  assert.ok(id, gap.message);
  // Filter the panel to that ID so the row is on screen however many problems there are.
  const filter = page.getByPlaceholder(/^Filter \(e\.g\. text/).first();
  await filter.fill(id);
  const row = panel.locator('.monaco-list-row', { hasText: id }).filter({ hasText: 'has no test' });
  await row.first().waitFor({ timeout: 90_000 });
  const text = await row.first().textContent();
  assert.match(text, /throughline/);
  assert.match(text, /missing-test/);
  await panel.locator('.monaco-list-row', { hasText: path.basename(gap.path) }).first().waitFor({ timeout: 10_000 });
  await page.screenshot({ path: path.join(artifacts, 'problems.png') });
});

step('the status bar counts Throughline errors and warnings', async (page) => {
  // The item's id is "<extension id>.<item id>"; its accessible label spells the counts.
  const item = page.locator('.statusbar-item[id="throughline.throughline.status"]');
  await item.waitFor({ timeout: 30_000 });
  // The same counts as the CLI's (server and CLI share the rules).
  const want = `Throughline: ${counts(state.expected.summary)} in the workspace`;
  await until(`the status bar to say "${want}"`, async () => ((await item.getAttribute('aria-label')) ?? '').includes(want), 30_000);
  // The server in use is the one bundled in the VSIX (PATH has none).
  assert.match((await item.getAttribute('aria-label')) ?? '', /bin\/throughline \(bundled\)/);
});

step('the Throughline view shows the chain of the ID under the cursor', async (page) => {
  // The view sits in the Explorer, which shows on start; it follows the cursor.
  const at = positionOf(CODE_FILE, 'Implements: REQ-PAY-1');
  await goTo(page, at.line, at.column + 'Implements: '.length + 2);
  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Throughline' }) });
  // New views in the Explorer start collapsed: expand it once.
  const header = view.locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') {
    await header.click();
  }
  await view.locator('.monaco-list-row', { hasText: 'REQ-PAY-1: A payment request is captured at most once' }).first().waitFor({
    timeout: 30_000,
  });
  await view.locator('.monaco-list-row', { hasText: 'Upstream' }).first().waitFor({ timeout: 5_000 });
  await view.locator('.monaco-list-row', { hasText: 'Implemented by' }).first().waitFor({ timeout: 5_000 });
  await page.screenshot({ path: path.join(artifacts, 'trace-view.png') });
});

/** Moves the cursor with Go to Line (Ctrl+G, "line:column"). */
async function goTo(page, line, column) {
  await focusEditor(page);
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  // Go to Line is Quick Open with the ":" prefix; fill() replaces the whole text.
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
  await until(
    `the cursor at ${line}:${column}`,
    async () =>
      ((await page.locator('.statusbar-item[id="status.editor.selection"]').first().textContent()) ?? '').includes(
        `Ln ${line}, Col ${column}`,
      ),
    10_000,
  );
}

step('F12 on an ID in an Implements: comment opens the spec', async (page) => {
  await quickOpen(page, CODE_FILE);
  const at = positionOf(CODE_FILE, 'Implements: REQ-PAY-1');
  await goTo(page, at.line, at.column + 'Implements: '.length + 2);
  await page.keyboard.press('F12');
  await activeTab(page, 'prd.md');
  // The definition is the heading `## REQ-PAY-1: ...`; the cursor lands on its line.
  const heading = positionOf('docs/prd.md', '## REQ-PAY-1:');
  await until(
    `the cursor on line ${heading.line} of prd.md`,
    async () =>
      ((await page.locator('.statusbar-item[id="status.editor.selection"]').first().textContent()) ?? '').includes(
        `Ln ${heading.line},`,
      ),
    10_000,
  );
  await page.screenshot({ path: path.join(artifacts, 'definition.png') });
});

/**
 * Runs a command from the Command Palette by its title. The editor has focus already;
 * clicking it here would move the cursor the command reads.
 */
async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator(`.quick-input-widget .monaco-list-row[aria-label*="${title}"]`).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

step('the code lens on a definition opens the references peek (throughline.showReferences)', async (page) => {
  // prd.md is open at a requirement heading; its lens reads "N implementations · ...".
  const lens = page
    .locator('.editor-group-container.active .codelens-decoration a', { hasText: 'implementation' })
    .first();
  await lens.waitFor({ timeout: 30_000 });
  await lens.click();
  const peek = page.locator('.editor-group-container.active .peekview-widget');
  await peek.waitFor({ state: 'visible', timeout: 15_000 });
  await peek.locator('.monaco-list-row').first().waitFor({ timeout: 10_000 });
  await page.screenshot({ path: path.join(artifacts, 'code-lens.png') });
  await page.keyboard.press('Escape');
  await peek.waitFor({ state: 'hidden', timeout: 10_000 });
});

step('Review Links lists the links of the ID under the cursor and opens the one picked', async (page) => {
  await quickOpen(page, CODE_FILE);
  const at = positionOf(CODE_FILE, 'Implements: REQ-PAY-1');
  await goTo(page, at.line, at.column + 'Implements: '.length + 2);
  await runCommand(page, 'Throughline: Review Links');
  const picker = page.locator('.quick-input-widget');
  await picker.locator('.quick-input-title', { hasText: 'Links of REQ-PAY-1' }).waitFor({ timeout: 15_000 });
  await picker.locator('.monaco-list-row', { hasText: 'createPayment' }).first().waitFor({ timeout: 5_000 });
  await page.screenshot({ path: path.join(artifacts, 'review-links.png') });
  // The first entry is the definition.
  await page.keyboard.press('Enter');
  await activeTab(page, 'prd.md');
});

step('Check Workspace runs the CLI on the folder and sums it up', async (page) => {
  await runCommand(page, 'Throughline: Check Workspace');
  const want = `Throughline check: ${counts(state.expected.summary)}`;
  const toast = page.locator('.notification-toast', { hasText: want });
  await toast.first().waitFor({ timeout: 60_000 });
  await page.screenshot({ path: path.join(artifacts, 'check.png') });
});

step('hover on an ID shows the item and its chain', async (page) => {
  await page.keyboard.press('Escape');
  await quickOpen(page, CODE_FILE);
  const at = positionOf(CODE_FILE, 'Implements: REQ-PAY-1');
  await goTo(page, at.line, at.column + 'Implements: '.length + 2);
  await runCommand(page, 'Show or Focus Hover');
  const hover = page.locator('.monaco-hover', { hasText: 'A payment request is captured at most once' }).first();
  await hover.waitFor({ state: 'visible', timeout: 15_000 });
  // The upstream chain: the brief the requirement derives from.
  await until('the hover to show the upstream brief', async () => /BRIEF-CHECKOUT/.test((await hover.textContent()) ?? ''), 10_000);
  await page.screenshot({ path: path.join(artifacts, 'hover.png') });
  await page.keyboard.press('Escape');
});

step('a diagnostic offers its quick fix (Ctrl+.)', async (page) => {
  await quickOpen(page, 'docs/prd.md');
  // `REQ-PAY-7` has no test: the fix writes a test stub.
  const at = positionOf('docs/prd.md', '## REQ-PAY-7');
  await goTo(page, at.line, at.column + 5);
  const menu = page.locator('.action-widget', { hasText: 'Create missing test stub' }).first();
  // A key press can land while the workbench still moves focus after Go to Line (seen
  // once in eight runs): try the shortcut up to three times.
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('Control+.');
    try {
      await menu.waitFor({ state: 'visible', timeout: 7_000 });
      lastError = undefined;
      break;
    } catch (e) {
      lastError = e;
      await page.keyboard.press('Escape');
      // Back to the heading, with the editor focused.
      await goTo(page, at.line, at.column + 5);
    }
  }
  if (lastError) {
    throw lastError;
  }
  await page.screenshot({ path: path.join(artifacts, 'quick-fix.png') });
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden', timeout: 10_000 });
});
