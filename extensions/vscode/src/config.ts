// Reading the `throughline.*` settings from VS Code. The validation and the mapping to
// what the server receives live in settings.ts (no `vscode` import, unit-tested).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { binaryName, findServerBinary, isExecutableFile, LookupResult } from './binary';
import { RawSettings, ServerOptions, toServerOptions } from './settings';

export const SECTION = 'throughline';

function cfg(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/** The first file-system workspace folder, for `${workspaceFolder}` in paths. */
export function firstFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
}

/** Validated server options, plus warnings about settings that were dropped. */
export function serverOptions(): { options: ServerOptions; warnings: string[] } {
  const c = cfg();
  const raw: RawSettings = {
    diagnosticMode: c.get('diagnosticMode'),
    rules: c.get('rules'),
    include: c.get('workspace.include'),
    exclude: c.get('workspace.exclude'),
  };
  return toServerOptions(raw);
}

/** The `THROUGHLINE_LOG` value for the server process ('' keeps the server's default). */
export function serverLogFilter(): string {
  return (cfg().get<string>('server.log') ?? '').trim();
}

export function followCursor(): boolean {
  return cfg().get<boolean>('traceView.followCursor') ?? true;
}

/**
 * Gives the bundled binary its execute bit back, in case the VSIX was unpacked without
 * file modes. Does nothing when there is no bundled binary.
 */
function ensureBundledExecutable(extensionPath: string): void {
  const bundled = path.join(extensionPath, 'bin', binaryName(process.platform));
  if (process.platform !== 'win32' && fs.existsSync(bundled) && !isExecutableFile(bundled)) {
    try {
      fs.chmodSync(bundled, 0o755);
    } catch {
      // Read-only install: the lookup then moves on to PATH.
    }
  }
}

/** Finds the server binary in the documented order (see binary.ts). */
export function lookupBinary(extensionPath: string): LookupResult {
  ensureBundledExecutable(extensionPath);
  return findServerBinary({
    setting: cfg().get<string>('server.path'),
    env: process.env,
    extensionPath,
    workspaceFolder: firstFolder(),
    home: os.homedir(),
    platform: process.platform,
    isExecutable: isExecutableFile,
  });
}
