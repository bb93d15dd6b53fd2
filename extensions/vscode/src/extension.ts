// Entry point: wires the language client, the commands, the Throughline view and the
// status bar. The extension opens no network connection: the server runs as a child
// process over stdio, and "Check Workspace" runs the same binary's CLI.
// Implements: REQ-EDITOR-VSCODE

import * as vscode from 'vscode';
import { checkWorkspace } from './check';
import { combine } from './checkReport';
import { reviewLinks } from './reviewLinks';
import { Server } from './server';
import { changeKind } from './settings';
import { StatusBar } from './statusBar';
import { TraceView } from './traceView';

let server: Server | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Throughline', { log: true });
  const report = vscode.window.createOutputChannel('Throughline Check');
  server = new Server(context.extensionPath, output);
  const s = server;
  const view = new TraceView(s);
  const status = new StatusBar(s);

  context.subscriptions.push(
    output,
    report,
    s,
    view,
    status,
    vscode.commands.registerCommand('throughline.restartServer', () => s.restart()),
    vscode.commands.registerCommand('throughline.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('throughline.checkWorkspace', async () => {
      const outcome = await checkWorkspace(context.extensionPath, report);
      if (outcome && outcome.results.length > 0) {
        // Coverage shows only when the CLI reports it for every folder.
        status.setCoverage(combine(outcome.results.map((r) => r.result)).coverage);
      }
    }),
    vscode.commands.registerCommand('throughline.reviewLinks', () => reviewLinks(s, view)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const kind = changeKind((section) => e.affectsConfiguration(section));
      if (kind === 'restart') {
        void s.restart();
      } else if (kind === 'update') {
        void s.updateConfiguration();
      }
    }),
  );
  await s.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
