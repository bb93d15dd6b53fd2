// What the status bar item says, from the diagnostic counts, the server's state and the
// coverage of the last "Check Workspace" run. No `vscode` import: unit-tested.

import { Coverage, coverageText } from './checkReport';

export interface StatusInput {
  state: 'stopped' | 'starting' | 'running' | 'failed';
  errors: number;
  warnings: number;
  coverage: Coverage | undefined;
}

export interface StatusView {
  text: string;
  tooltip: string;
  /** 'error' and 'warning' colour the item like VS Code's own problem indicators. */
  tone: 'error' | 'warning' | 'normal';
  /** The command a click runs. */
  command: string;
}

/** Counts `throughline` diagnostics by severity (0 = error, 1 = warning, as in VS Code). */
export function countDiagnostics(all: Iterable<{ source?: string; severity: number }>): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of all) {
    if (d.source !== 'throughline') {
      continue;
    }
    if (d.severity === 0) {
      errors++;
    } else if (d.severity === 1) {
      warnings++;
    }
  }
  return { errors, warnings };
}

export function statusView(s: StatusInput): StatusView {
  if (s.state === 'failed' || s.state === 'stopped') {
    return {
      text: '$(debug-disconnect) Throughline',
      tooltip: 'The Throughline server is not running. Click to show its output; "Throughline: Restart Server" starts it again.',
      tone: 'error',
      command: 'throughline.showOutput',
    };
  }
  if (s.state === 'starting') {
    return {
      text: '$(sync~spin) Throughline',
      tooltip: 'The Throughline server is starting.',
      tone: 'normal',
      command: 'throughline.showOutput',
    };
  }
  const cov = coverageText(s.coverage);
  const text = `$(error) ${s.errors} $(warning) ${s.warnings}` + (cov ? ` · ${cov}` : '');
  const tooltip =
    `Throughline: ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'} in the workspace` +
    (cov ? `\nCoverage (last check): ${cov}` : '') +
    '\nClick to open the Problems panel.';
  return {
    text: `$(references) ${text}`,
    tooltip,
    tone: s.errors > 0 ? 'error' : s.warnings > 0 ? 'warning' : 'normal',
    command: 'workbench.actions.view.problems',
  };
}
