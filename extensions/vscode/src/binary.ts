// Finding the `throughline` binary that the language client starts.
//
// The order, first match wins:
//   1. the `throughline.server.path` setting,
//   2. the `THROUGHLINE_PATH` environment variable,
//   3. the binary bundled in a platform-specific VSIX (`bin/throughline`),
//   4. `throughline` on `PATH`.
// An explicit choice (1 or 2) that does not point at an executable file is an error
// rather than a silent fall-through: the user asked for that binary, and quietly running
// another one would hide the mistake.
//
// This module does not import `vscode`, so the unit tests run it under plain Node.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** The environment variable naming the binary. */
export const ENV_VAR = 'THROUGHLINE_PATH';

/** Where the binary was found, for the output channel and error messages. */
export type BinarySource = 'setting' | 'env' | 'bundled' | 'path';

export type LookupResult =
  | { ok: true; path: string; source: BinarySource }
  | { ok: false; message: string };

/** Everything the lookup reads from the outside world, so tests can fake it. */
export interface LookupInput {
  /** The `throughline.server.path` setting; empty or undefined means unset. */
  setting: string | undefined;
  /** The extension host's environment (`THROUGHLINE_PATH`, `PATH`, `PATHEXT`). */
  env: Record<string, string | undefined>;
  /** The extension's install folder, which holds `bin/` in a platform VSIX. */
  extensionPath: string;
  /** The first workspace folder, for `${workspaceFolder}` and relative settings. */
  workspaceFolder: string | undefined;
  /** The user's home folder, for `~`. */
  home: string;
  platform: NodeJS.Platform;
  /** Whether a path is an executable regular file. */
  isExecutable: (file: string) => boolean;
}

/** The binary's file name on a platform. */
export function binaryName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'throughline.exe' : 'throughline';
}

/** Expands `~` and `${workspaceFolder}`; a relative result is taken from the workspace folder. */
export function expandPath(
  raw: string,
  home: string,
  workspaceFolder: string | undefined,
  pathApi: path.PlatformPath = path,
): string {
  let p = raw.trim();
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) {
    p = pathApi.join(home, p.slice(1));
  }
  if (workspaceFolder !== undefined) {
    p = p.split('${workspaceFolder}').join(workspaceFolder);
  }
  if (!pathApi.isAbsolute(p) && workspaceFolder !== undefined) {
    p = pathApi.join(workspaceFolder, p);
  }
  return p;
}

/** Searches `PATH` (and `PATHEXT` on Windows) for the binary. */
export function searchPath(input: LookupInput): string | undefined {
  const pathApi = input.platform === 'win32' ? path.win32 : path.posix;
  const sep = input.platform === 'win32' ? ';' : ':';
  const pathVar = input.env.PATH ?? input.env.Path ?? '';
  const names =
    input.platform === 'win32'
      ? (input.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').map((ext) => `throughline${ext.toLowerCase()}`)
      : ['throughline'];
  for (const dir of pathVar.split(sep)) {
    if (dir === '') {
      continue;
    }
    for (const name of names) {
      const candidate = pathApi.join(dir, name);
      if (input.isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/** Runs the lookup in the documented order. */
export function findServerBinary(input: LookupInput): LookupResult {
  const pathApi = input.platform === 'win32' ? path.win32 : path.posix;

  const setting = input.setting?.trim();
  if (setting) {
    const p = expandPath(setting, input.home, input.workspaceFolder, pathApi);
    return input.isExecutable(p)
      ? { ok: true, path: p, source: 'setting' }
      : { ok: false, message: `The setting throughline.server.path is "${setting}", but ${p} is not an executable file.` };
  }

  const fromEnv = input.env[ENV_VAR]?.trim();
  if (fromEnv) {
    const p = expandPath(fromEnv, input.home, undefined, pathApi);
    return input.isExecutable(p)
      ? { ok: true, path: p, source: 'env' }
      : { ok: false, message: `${ENV_VAR} is "${fromEnv}", but that is not an executable file.` };
  }

  const bundled = pathApi.join(input.extensionPath, 'bin', binaryName(input.platform));
  if (input.isExecutable(bundled)) {
    return { ok: true, path: bundled, source: 'bundled' };
  }

  const onPath = searchPath(input);
  if (onPath !== undefined) {
    return { ok: true, path: onPath, source: 'path' };
  }

  return {
    ok: false,
    message:
      'Cannot find the throughline binary: set throughline.server.path, set THROUGHLINE_PATH, ' +
      'install the platform-specific extension (which bundles it), or put throughline on PATH ' +
      '(cargo install --path server).',
  };
}

/** The real file-system check: a regular file that this process may execute. */
export function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform === 'win32') {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
