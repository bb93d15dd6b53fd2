// Verifies that package.json agrees with the code: every setting the extension reads is
// contributed, the rule and severity lists match, and each language activates it.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { LANGUAGES } from '../../src/languages';
import { DIAGNOSTIC_MODES, LIVE_SETTINGS, RESTART_SETTINGS, RULE_CODES, SEVERITIES } from '../../src/settings';

// Compiled to out/test/unit/, so the manifest is three folders up.
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const props: Record<string, any> = manifest.contributes.configuration.properties;

test('every setting the extension reads is contributed', () => {
  for (const key of [...RESTART_SETTINGS, ...LIVE_SETTINGS, 'throughline.trace.server', 'throughline.traceView.followCursor']) {
    assert.ok(props[key], `${key} is missing from contributes.configuration`);
  }
});

test('rule codes, severities and diagnostic modes match settings.ts', () => {
  assert.deepEqual(props['throughline.rules'].propertyNames.enum, [...RULE_CODES]);
  assert.deepEqual(props['throughline.rules'].additionalProperties.enum, [...SEVERITIES]);
  assert.deepEqual(props['throughline.diagnosticMode'].enum, [...DIAGNOSTIC_MODES]);
  assert.equal(props['throughline.diagnosticMode'].default, 'push');
});

test("the rule codes are the server's catalog (server/src/catalog.rs)", () => {
  const catalog = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', '..', 'server', 'src', 'catalog.rs'), 'utf8');
  const consts = new Map<string, string>();
  for (const m of catalog.matchAll(/pub const ([A-Z0-9_]+): &str =\s*"([a-z0-9-]+)";/g)) {
    consts.set(m[1]!, m[2]!);
  }
  const rules = [...catalog.matchAll(/\bcode: ([A-Z0-9_]+),/g)].map((m) => consts.get(m[1]!) ?? m[1]!);
  assert.ok(rules.length >= 10, 'no rules found in catalog.rs: has its layout changed?');
  assert.deepEqual([...RULE_CODES].sort(), [...rules].sort(), 'update RULE_CODES (src/settings.ts) and package.json');
});

test('each language the client serves activates the extension', () => {
  for (const lang of LANGUAGES) {
    assert.ok(manifest.activationEvents.includes(`onLanguage:${lang}`), `onLanguage:${lang}`);
  }
});

test('every contributed command has a title and the trace view is in the explorer', () => {
  const ids = manifest.contributes.commands.map((c: { command: string }) => c.command);
  for (const id of ['throughline.restartServer', 'throughline.showOutput', 'throughline.checkWorkspace', 'throughline.reviewLinks']) {
    assert.ok(ids.includes(id), id);
  }
  assert.equal(manifest.contributes.views.explorer[0].id, 'throughline.trace');
  assert.equal(manifest.main, './dist/extension.js');
});
