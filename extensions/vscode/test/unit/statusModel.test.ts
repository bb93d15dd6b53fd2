// Verifies the status bar text: counts of throughline diagnostics, state, coverage.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countDiagnostics, statusView } from '../../src/statusModel';

test('only diagnostics with source "throughline" count', () => {
  const counts = countDiagnostics([
    { source: 'throughline', severity: 0 },
    { source: 'throughline', severity: 1 },
    { source: 'throughline', severity: 1 },
    { source: 'throughline', severity: 2 },
    { source: 'eslint', severity: 0 },
    { severity: 0 },
  ]);
  assert.deepEqual(counts, { errors: 1, warnings: 2 });
});

test('running: counts, with coverage when known, and a click opens Problems', () => {
  const v = statusView({ state: 'running', errors: 1, warnings: 3, coverage: undefined });
  assert.equal(v.text, '$(references) $(error) 1 $(warning) 3');
  assert.equal(v.tone, 'error');
  assert.equal(v.command, 'workbench.actions.view.problems');
  const c = statusView({ state: 'running', errors: 0, warnings: 0, coverage: { implemented: { covered: 7, total: 8 } } });
  assert.equal(c.text, '$(references) $(error) 0 $(warning) 0 · impl 7/8');
  assert.equal(c.tone, 'normal');
  assert.match(c.tooltip, /Coverage \(last check\): impl 7\/8/);
});

test('a failed or stopped server says so and links to the output', () => {
  for (const state of ['failed', 'stopped'] as const) {
    const v = statusView({ state, errors: 0, warnings: 0, coverage: undefined });
    assert.match(v.text, /debug-disconnect/);
    assert.equal(v.command, 'throughline.showOutput');
  }
  assert.match(statusView({ state: 'starting', errors: 0, warnings: 0, coverage: undefined }).text, /sync~spin/);
});
