// "Throughline: Check Workspace": runs `throughline check <folder> --format json` for each
// workspace folder with child_process, writes a report to the "Throughline Check" output
// channel and sums it up in a notification. This is the CLI, so the result is the one
// CI's gate gets (throughline.toml only; the editor's `throughline.rules` do not apply).
// The live diagnostics in the Problems panel come from the language server, not from here.

import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CheckResult, combine, countsText, coverageText, formatReport, parseCheckJson } from './checkReport';
import { lookupBinary } from './config';

/** Runs the CLI on one folder. Exit 0 and 1 carry a report; anything else is a failure. */
function checkFolder(binary: string, folder: string, token: vscode.CancellationToken): Promise<CheckResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      binary,
      ['check', folder, '--format', 'json', '--color', 'never'],
      { cwd: folder, maxBuffer: 256 * 1024 * 1024, timeout: 10 * 60 * 1000, windowsHide: true },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
        if (code === 0 || code === 1) {
          try {
            resolve(parseCheckJson(stdout));
          } catch (e) {
            reject(e);
          }
        } else if (token.isCancellationRequested) {
          reject(new vscode.CancellationError());
        } else {
          reject(new Error(`throughline check ${folder} failed (${error?.message ?? code}): ${stderr.trim()}`));
        }
      },
    );
    token.onCancellationRequested(() => child.kill());
  });
}

export interface CheckOutcome {
  results: { folder: string; result: CheckResult }[];
  failures: { folder: string; message: string }[];
}

/** Runs the check on every file-system workspace folder and reports it. */
export async function checkWorkspace(extensionPath: string, report: vscode.OutputChannel): Promise<CheckOutcome | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Throughline: open a folder to check it.');
    return undefined;
  }
  const found = lookupBinary(extensionPath);
  if (!found.ok) {
    void vscode.window.showErrorMessage(found.message);
    return undefined;
  }

  const outcome: CheckOutcome = { results: [], failures: [] };
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Throughline: checking the workspace', cancellable: true },
    async (progress, token) => {
      for (const f of folders) {
        if (token.isCancellationRequested) {
          break;
        }
        progress.report({ message: f.name });
        try {
          outcome.results.push({ folder: f.uri.fsPath, result: await checkFolder(found.path, f.uri.fsPath, token) });
        } catch (e) {
          outcome.failures.push({ folder: f.uri.fsPath, message: (e as Error).message ?? String(e) });
        }
      }
    },
  );

  report.clear();
  report.appendLine(`throughline check --format json (${found.path}), ${new Date().toLocaleString()}`);
  for (const { folder, result } of outcome.results) {
    report.appendLine('');
    formatReport(folder, result, path.join).forEach((l) => report.appendLine(l));
  }
  for (const { message } of outcome.failures) {
    report.appendLine('');
    report.appendLine(message);
  }

  const total = combine(outcome.results.map((r) => r.result));
  const cov = coverageText(total.coverage);
  const summary =
    `Throughline check: ${countsText(total)} in ${outcome.results.length} folder${outcome.results.length === 1 ? '' : 's'}` +
    (cov ? ` (coverage ${cov})` : '') +
    (outcome.failures.length > 0 ? `; ${outcome.failures.length} folder(s) could not be checked` : '');
  const show =
    outcome.failures.length > 0 || total.errors > 0
      ? vscode.window.showWarningMessage(summary, 'Show Report', 'Show Problems')
      : vscode.window.showInformationMessage(summary, 'Show Report', 'Show Problems');
  void show.then((pick) => {
    if (pick === 'Show Report') {
      report.show(true);
    } else if (pick === 'Show Problems') {
      void vscode.commands.executeCommand('workbench.actions.view.problems');
    }
  });
  return outcome;
}
