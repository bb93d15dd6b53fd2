// Verifies the lookup order of the server binary: setting, THROUGHLINE_PATH, bundled, PATH.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { binaryName, expandPath, findServerBinary, isExecutableFile, LookupInput } from '../../src/binary';

/** A lookup where exactly the given files are executables. */
function input(executables: string[], over: Partial<LookupInput> = {}): LookupInput {
  const set = new Set(executables);
  return {
    setting: undefined,
    env: { PATH: '/usr/local/bin:/usr/bin' },
    extensionPath: '/ext',
    workspaceFolder: '/ws',
    home: '/home/me',
    platform: 'linux',
    isExecutable: (f) => set.has(f),
    ...over,
  };
}

const ALL = ['/opt/tl/throughline', '/env/throughline', '/ext/bin/throughline', '/usr/bin/throughline'];

test('the setting comes first', () => {
  const r = findServerBinary(input(ALL, { setting: '/opt/tl/throughline', env: { THROUGHLINE_PATH: '/env/throughline', PATH: '/usr/bin' } }));
  assert.deepEqual(r, { ok: true, path: '/opt/tl/throughline', source: 'setting' });
});

test('THROUGHLINE_PATH comes before the bundled binary', () => {
  const r = findServerBinary(input(ALL, { env: { THROUGHLINE_PATH: '/env/throughline', PATH: '/usr/bin' } }));
  assert.deepEqual(r, { ok: true, path: '/env/throughline', source: 'env' });
});

test('the bundled binary comes before PATH', () => {
  const r = findServerBinary(input(ALL));
  assert.deepEqual(r, { ok: true, path: '/ext/bin/throughline', source: 'bundled' });
});

test('PATH is searched in order, skipping empty entries', () => {
  const r = findServerBinary(input(['/usr/bin/throughline', '/b/throughline'], { env: { PATH: '::/a:/b:/usr/bin' } }));
  assert.deepEqual(r, { ok: true, path: '/b/throughline', source: 'path' });
});

test('a blank setting or variable counts as unset', () => {
  const r = findServerBinary(input(['/usr/bin/throughline'], { setting: '  ', env: { THROUGHLINE_PATH: '', PATH: '/usr/bin' } }));
  assert.deepEqual(r, { ok: true, path: '/usr/bin/throughline', source: 'path' });
});

test('a setting that names no executable is an error, not a fall-through', () => {
  const r = findServerBinary(input(ALL, { setting: '/nope/throughline' }));
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : '', /throughline\.server\.path.*\/nope\/throughline/);
});

test('a THROUGHLINE_PATH that names no executable is an error', () => {
  const r = findServerBinary(input(ALL, { env: { THROUGHLINE_PATH: '/nope', PATH: '/usr/bin' } }));
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : '', /THROUGHLINE_PATH/);
});

test('nothing found: the message says how to fix it', () => {
  const r = findServerBinary(input([]));
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : '', /throughline\.server\.path.*THROUGHLINE_PATH.*PATH/s);
});

test('the setting expands ~, ${workspaceFolder} and relative paths', () => {
  assert.equal(expandPath('~/bin/throughline', '/home/me', '/ws'), '/home/me/bin/throughline');
  assert.equal(expandPath('${workspaceFolder}/target/release/throughline', '/h', '/ws'), '/ws/target/release/throughline');
  assert.equal(expandPath('target/debug/throughline', '/h', '/ws'), '/ws/target/debug/throughline');
  const r = findServerBinary(input(['/ws/target/release/throughline'], { setting: 'target/release/throughline' }));
  assert.deepEqual(r, { ok: true, path: '/ws/target/release/throughline', source: 'setting' });
});

test('Windows: throughline.exe is bundled, PATHEXT applies on PATH', () => {
  assert.equal(binaryName('win32'), 'throughline.exe');
  const win = (files: string[], env: Record<string, string>) =>
    findServerBinary(input(files, { platform: 'win32', extensionPath: 'C:\\ext', workspaceFolder: 'C:\\ws', env }));
  assert.deepEqual(win(['C:\\ext\\bin\\throughline.exe'], { PATH: 'C:\\tools' }), {
    ok: true,
    path: 'C:\\ext\\bin\\throughline.exe',
    source: 'bundled',
  });
  assert.deepEqual(win(['C:\\tools\\throughline.exe'], { Path: 'C:\\x;C:\\tools', PATHEXT: '.COM;.EXE' }), {
    ok: true,
    path: 'C:\\tools\\throughline.exe',
    source: 'path',
  });
});

test('isExecutableFile: an executable file yes; a plain file, a folder or nothing no', { skip: process.platform === 'win32' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-bin-'));
  try {
    const exe = path.join(dir, 'throughline');
    const plain = path.join(dir, 'plain');
    fs.writeFileSync(exe, '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(plain, '', { mode: 0o644 });
    assert.equal(isExecutableFile(exe), true);
    assert.equal(isExecutableFile(dir), false);
    assert.equal(isExecutableFile(path.join(dir, 'missing')), false);
    // root may execute anything with any x bit; a file with none is still refused.
    assert.equal(isExecutableFile(plain), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
