// Reading the output of `throughline check --format json` and turning it into a report.
//
// The "Check Workspace" command runs the CLI once per workspace folder (see check.ts), so
// the result is exactly what CI's gate sees for that folder: `throughline.toml` applies,
// editor-only settings (`throughline.rules`) do not.
//
// The JSON is `{version, tool, summary: {errors, warnings, infos}, diagnostics: [...]}`
// with paths relative to the folder and 1-based lines and columns. An optional
// `summary.coverage` (not emitted by the CLI yet) feeds the status bar; see
// `coverageOf` for the shapes accepted.
//
// This module does not import `vscode`, so the unit tests run it under plain Node.

export interface CheckDiagnostic {
  code: string;
  severity: string;
  path: string;
  line: number;
  column: number;
  message: string;
  help?: string;
}

export interface Coverage {
  /** Items whose layer needs an implementation, and how many have one. */
  implemented?: { covered: number; total: number };
  /** Items whose layer needs a test, and how many have one. */
  verified?: { covered: number; total: number };
}

export interface CheckResult {
  errors: number;
  warnings: number;
  infos: number;
  diagnostics: CheckDiagnostic[];
  coverage?: Coverage;
  /** The workspace root the paths are relative to; the CLI finds it above the folder
   * it was given when the folder has no throughline.toml of its own. */
  root?: string;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function ratio(v: unknown): { covered: number; total: number } | undefined {
  if (typeof v !== 'object' || v === null) {
    return undefined;
  }
  const o = v as Record<string, unknown>;
  const covered = o.covered ?? o.met;
  const total = o.total ?? o.needed;
  if (typeof covered === 'number' && typeof total === 'number' && total >= 0) {
    return { covered, total };
  }
  return undefined;
}

/**
 * `summary.coverage` as `{implemented: {covered, total}, verified: {covered, total}}`
 * (also `implementation`/`test` and `met`/`needed`), or undefined when absent.
 */
export function coverageOf(summary: Record<string, unknown>): Coverage | undefined {
  const c = summary.coverage;
  if (typeof c !== 'object' || c === null) {
    return undefined;
  }
  const o = c as Record<string, unknown>;
  const implemented = ratio(o.implemented ?? o.implementation);
  const verified = ratio(o.verified ?? o.test ?? o.tests);
  if (!implemented && !verified) {
    return undefined;
  }
  const out: Coverage = {};
  if (implemented) {
    out.implemented = implemented;
  }
  if (verified) {
    out.verified = verified;
  }
  return out;
}

/** Parses the CLI's JSON; throws with a readable message when it is not the expected shape. */
export function parseCheckJson(text: string): CheckResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`throughline check did not print JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null) {
    throw new Error('throughline check printed JSON that is not an object');
  }
  const o = value as Record<string, unknown>;
  const summary = (typeof o.summary === 'object' && o.summary !== null ? o.summary : {}) as Record<string, unknown>;
  const diagnostics = Array.isArray(o.diagnostics) ? o.diagnostics : [];
  const result: CheckResult = {
    errors: num(summary.errors),
    warnings: num(summary.warnings),
    infos: num(summary.infos),
    diagnostics: diagnostics
      .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null)
      .map((d) => {
        const out: CheckDiagnostic = {
          code: String(d.code ?? ''),
          severity: String(d.severity ?? ''),
          path: String(d.path ?? ''),
          line: num(d.line) || 1,
          column: num(d.column) || 1,
          message: String(d.message ?? ''),
        };
        if (typeof d.help === 'string') {
          out.help = d.help;
        }
        return out;
      }),
  };
  const coverage = coverageOf(summary);
  if (coverage) {
    result.coverage = coverage;
  }
  if (typeof o.root === 'string' && o.root !== '') {
    result.root = o.root;
  }
  return result;
}

/** Adds up several folders' results (coverage included, when every part has it). */
export function combine(results: CheckResult[]): Omit<CheckResult, 'diagnostics'> {
  const total = { errors: 0, warnings: 0, infos: 0 };
  for (const r of results) {
    total.errors += r.errors;
    total.warnings += r.warnings;
    total.infos += r.infos;
  }
  const add = (key: keyof Coverage) => {
    let covered = 0;
    let sum = 0;
    for (const r of results) {
      const part = r.coverage?.[key];
      if (part === undefined) {
        return undefined;
      }
      covered += part.covered;
      sum += part.total;
    }
    return results.length > 0 ? { covered, total: sum } : undefined;
  };
  const implemented = add('implemented');
  const verified = add('verified');
  if (!implemented && !verified) {
    return total;
  }
  const coverage: Coverage = {};
  if (implemented) {
    coverage.implemented = implemented;
  }
  if (verified) {
    coverage.verified = verified;
  }
  return { ...total, coverage };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "1 error, 3 warnings" (infos only when there are some). */
export function countsText(r: { errors: number; warnings: number; infos: number }): string {
  const parts = [plural(r.errors, 'error'), plural(r.warnings, 'warning')];
  if (r.infos > 0) {
    parts.push(plural(r.infos, 'info'));
  }
  return parts.join(', ');
}

/** "impl 7/8 · tests 6/8", or undefined without coverage. */
export function coverageText(c: Coverage | undefined): string | undefined {
  if (!c) {
    return undefined;
  }
  const parts: string[] = [];
  if (c.implemented) {
    parts.push(`impl ${c.implemented.covered}/${c.implemented.total}`);
  }
  if (c.verified) {
    parts.push(`tests ${c.verified.covered}/${c.verified.total}`);
  }
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/**
 * The report for one folder, one finding a line as `/abs/path:line:col`, which VS Code's
 * output view turns into a link.
 */
export function formatReport(folder: string, r: CheckResult, join: (a: string, b: string) => string): string[] {
  const lines = [`${folder}: ${countsText(r)}`];
  const cov = coverageText(r.coverage);
  if (cov) {
    lines.push(`  coverage: ${cov}`);
  }
  const base = r.root ?? folder;
  for (const d of r.diagnostics) {
    lines.push(`  ${join(base, d.path)}:${d.line}:${d.column}: ${d.severity} [${d.code}] ${d.message}`);
    if (d.help) {
      lines.push(`      help: ${d.help}`);
    }
  }
  return lines;
}
