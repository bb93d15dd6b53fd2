// The status bar item: Throughline's errors and warnings across the workspace, counted
// from VS Code's diagnostics with source "throughline", plus coverage once a
// "Check Workspace" run has reported it. The text itself comes from statusModel.ts.

import * as vscode from 'vscode';
import { Coverage } from './checkReport';
import { Server } from './server';
import { countDiagnostics, statusView } from './statusModel';

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private coverage: Coverage | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly server: Server) {
    this.item = vscode.window.createStatusBarItem('status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Throughline';
    this.disposables.push(
      this.item,
      vscode.languages.onDidChangeDiagnostics(() => this.schedule()),
      server.onDidChangeState(() => this.update()),
    );
    this.update();
    this.item.show();
  }

  setCoverage(c: Coverage | undefined): void {
    this.coverage = c;
    this.update();
  }

  /** Diagnostics change in bursts while the server indexes: count at most every 200 ms. */
  private schedule(): void {
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.update();
      }, 200);
    }
  }

  private update(): void {
    const all = vscode.languages.getDiagnostics().flatMap(([, ds]) => ds);
    const { errors, warnings } = countDiagnostics(all);
    const view = statusView({ state: this.server.state, errors, warnings, coverage: this.coverage });
    this.item.text = view.text;
    this.item.tooltip = this.server.binary ? `${view.tooltip}\nServer: ${this.server.binary}` : view.tooltip;
    this.item.command = view.command;
    this.item.backgroundColor =
      view.tone === 'error' && this.server.state === 'failed'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : undefined;
  }

  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.disposables.forEach((d) => d.dispose());
  }
}
