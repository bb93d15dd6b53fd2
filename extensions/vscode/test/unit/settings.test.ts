// Verifies the mapping of `throughline.*` settings to the server's options.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changeKind, RULE_CODES, toDidChangeConfiguration, toServerOptions } from '../../src/settings';

test('defaults: push diagnostics, no overrides', () => {
  const { options, warnings } = toServerOptions({});
  assert.deepEqual(options, { diagnosticMode: 'push', rules: {}, workspace: {} });
  assert.deepEqual(warnings, []);
});

test('rules, include and exclude pass through in the throughline.toml shape', () => {
  const { options, warnings } = toServerOptions({
    diagnosticMode: 'pull',
    rules: { 'missing-test': 'error', uncovered: 'off', 'unknown-ref': 'hint' },
    include: ['docs/**', ' src/** '],
    exclude: ['**/generated/**'],
  });
  assert.deepEqual(warnings, []);
  assert.deepEqual(options, {
    diagnosticMode: 'pull',
    rules: { 'missing-test': 'error', uncovered: 'off', 'unknown-ref': 'hint' },
    workspace: { include: ['docs/**', 'src/**'], exclude: ['**/generated/**'] },
  });
});

test('invalid entries are dropped with a warning each', () => {
  const { options, warnings } = toServerOptions({
    diagnosticMode: 'sometimes',
    rules: { 'Missing Tests': 'error', 'missing-test': 'loud', untraced: 'info' },
    include: 'docs/**',
    exclude: ['ok/**', 3, ''],
  });
  assert.deepEqual(options, { diagnosticMode: 'push', rules: { untraced: 'info' }, workspace: { exclude: ['ok/**'] } });
  assert.equal(warnings.length, 6, warnings.join('\n'));
  assert.ok(warnings.some((w) => w.includes('"Missing Tests" is not a rule code')));
  assert.ok(warnings.some((w) => w.includes('"missing-test" has severity "loud"')));
});

test('a well-formed code the extension does not know is sent, with a warning', () => {
  const { options, warnings } = toServerOptions({ rules: { 'some-future-rule': 'off' } });
  assert.deepEqual(options.rules, { 'some-future-rule': 'off' });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /sent to the server anyway/);
});

test('rules must be an object', () => {
  const { options, warnings } = toServerOptions({ rules: ['missing-test'] });
  assert.deepEqual(options.rules, {});
  assert.equal(warnings.length, 1);
});

test('every rule code of the README is accepted', () => {
  const rules = Object.fromEntries(RULE_CODES.map((c) => [c, 'warning']));
  const { options, warnings } = toServerOptions({ rules });
  assert.deepEqual(Object.keys(options.rules).sort(), [...RULE_CODES].sort());
  assert.deepEqual(warnings, []);
});

test('didChangeConfiguration carries the same object under settings.throughline', () => {
  const { options } = toServerOptions({ rules: { 'missing-test': 'off' } });
  assert.deepEqual(toDidChangeConfiguration(options), { settings: { throughline: options } });
});

test('which changes restart the server and which are sent live', () => {
  const only = (...sections: string[]) => (s: string) => sections.includes(s);
  assert.equal(changeKind(only('throughline.server.path')), 'restart');
  assert.equal(changeKind(only('throughline.diagnosticMode')), 'restart');
  assert.equal(changeKind(only('throughline.rules')), 'update');
  assert.equal(changeKind(only('throughline.workspace.exclude')), 'update');
  assert.equal(changeKind(only('throughline.trace.server')), 'none');
  assert.equal(changeKind(only('editor.fontSize')), 'none');
});
