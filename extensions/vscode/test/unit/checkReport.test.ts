// Verifies the parsing and reporting of `throughline check --format json`.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { combine, countsText, coverageOf, coverageText, formatReport, parseCheckJson } from '../../src/checkReport';

/** Trimmed output of the CLI on examples/payments. */
const OUTPUT = JSON.stringify({
  version: 1,
  tool: { name: 'throughline', version: '0.1.0' },
  summary: { errors: 1, warnings: 3, infos: 0 },
  diagnostics: [
    {
      code: 'missing-test',
      severity: 'warning',
      path: 'docs/prd.md',
      line: 108,
      column: 4,
      end_line: 108,
      end_column: 13,
      message: '`REQ-PAY-7` (requirement) has no test',
      help: 'annotate a test with a comment `Verifies: REQ-PAY-7`',
      related: [],
    },
    { code: 'unknown-ref', severity: 'error', path: 'docs/runbooks/duplicate-charges.md', line: 9, column: 3, message: 'unknown' },
  ],
});

test('parses the summary and the diagnostics', () => {
  const r = parseCheckJson(OUTPUT);
  assert.equal(r.errors, 1);
  assert.equal(r.warnings, 3);
  assert.equal(r.diagnostics.length, 2);
  assert.equal(r.diagnostics[0]!.help, 'annotate a test with a comment `Verifies: REQ-PAY-7`');
  assert.equal(r.coverage, undefined);
});

test('not JSON, or not an object: a readable error', () => {
  assert.throws(() => parseCheckJson('error: bad config'), /did not print JSON/);
  assert.throws(() => parseCheckJson('3'), /not an object/);
});

test('the report has one clickable line per finding', () => {
  const lines = formatReport('/ws', parseCheckJson(OUTPUT), path.posix.join);
  assert.equal(lines[0], '/ws: 1 error, 3 warnings');
  assert.equal(lines[1], '  /ws/docs/prd.md:108:4: warning [missing-test] `REQ-PAY-7` (requirement) has no test');
  assert.match(lines[2]!, /help: annotate a test/);
  assert.equal(lines[3], '  /ws/docs/runbooks/duplicate-charges.md:9:3: error [unknown-ref] unknown');
});

test('paths are joined to the root the CLI reports, which may lie above the folder', () => {
  const withRoot = JSON.stringify({ ...JSON.parse(OUTPUT), root: '/repo' });
  const r = parseCheckJson(withRoot);
  assert.equal(r.root, '/repo');
  const lines = formatReport('/repo/docs', r, path.posix.join);
  assert.equal(lines[0], '/repo/docs: 1 error, 3 warnings');
  assert.equal(lines[1], '  /repo/docs/prd.md:108:4: warning [missing-test] `REQ-PAY-7` (requirement) has no test');
  assert.equal(parseCheckJson(OUTPUT).root, undefined);
});

test('coverage is read when the CLI reports it, in either spelling', () => {
  assert.deepEqual(coverageOf({ coverage: { implemented: { covered: 7, total: 8 }, verified: { covered: 6, total: 8 } } }), {
    implemented: { covered: 7, total: 8 },
    verified: { covered: 6, total: 8 },
  });
  assert.deepEqual(coverageOf({ coverage: { test: { met: 1, needed: 2 } } }), { verified: { covered: 1, total: 2 } });
  assert.equal(coverageOf({}), undefined);
  assert.equal(coverageOf({ coverage: 'lots' }), undefined);
});

test('folders add up; coverage only when every folder has it', () => {
  const a = { errors: 1, warnings: 2, infos: 0, diagnostics: [], coverage: { verified: { covered: 1, total: 2 } } };
  const b = { errors: 0, warnings: 1, infos: 1, diagnostics: [], coverage: { verified: { covered: 3, total: 3 } } };
  const both = combine([a, b]);
  assert.deepEqual(both, { errors: 1, warnings: 3, infos: 1, coverage: { verified: { covered: 4, total: 5 } } });
  assert.equal(countsText(both), '1 error, 3 warnings, 1 info');
  assert.equal(coverageText(both.coverage), 'tests 4/5');
  const { coverage: _drop, ...noCoverage } = b;
  assert.equal(combine([a, { ...noCoverage }]).coverage, undefined);
});
