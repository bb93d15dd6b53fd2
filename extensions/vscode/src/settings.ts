// Mapping the `throughline.*` settings to what the server receives.
//
// The server gets one object, both as `initializationOptions` at start-up and as the
// `settings.throughline` of `workspace/didChangeConfiguration` when a setting changes.
// Its shape mirrors `throughline.toml`, so the server can merge it with the file:
//
//   {
//     "diagnosticMode": "push" | "pull" | "auto",
//     "rules": { "<rule code>": "error" | "warning" | "info" | "hint" | "off" },
//     "workspace": { "include": ["glob"], "exclude": ["glob"] }
//   }
//
// Editor settings win over the file: a rule listed here replaces the file's severity for
// that rule, `include` (when non-empty) replaces the file's include list, and `exclude`
// is added to the file's exclude list. Invalid entries are dropped with a warning shown
// in the output channel, never sent.
//
// This module does not import `vscode`, so the unit tests run it under plain Node.

/**
 * The rule codes the server knows (server/src/catalog.rs; test/unit/manifest.test.ts keeps
 * this list and package.json in step with it).
 */
export const RULE_CODES = [
  'duplicate-id',
  'unknown-ref',
  'untraced',
  'uncovered',
  'missing-impl',
  'missing-test',
  'file-too-large',
  'invalid-utf8',
  'internal-error',
  'invalid-config',
  'invalid-contract',
  'undocumented-route',
  'unimplemented-operation',
  'method-mismatch',
  'param-name-mismatch',
  'unresolved-prefix',
  'suspect-link',
  'changed-implementation',
  'stale-lock-entry',
  'invalid-lock',
  'ambiguous-ref',
  'done-unverified',
  'missing-scenario',
  'removed-by-change',
  'needs-clarification',
  'untraced-code',
  'failing-test',
  'skipped-test',
  'unrun-test',
  'invalid-test-results',
  'closed-unverified',
  'invalid-tracker-export',
  'invalid-import',
  'stale-import',
] as const;

/** What a rule code looks like: lowercase words joined by hyphens. */
const RULE_CODE_SHAPE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'] as const;
export type RuleSeverity = (typeof SEVERITIES)[number];

export const DIAGNOSTIC_MODES = ['push', 'pull', 'auto'] as const;
export type DiagnosticMode = (typeof DIAGNOSTIC_MODES)[number];

/** The default: push, so the Problems panel and status bar cover the whole workspace. */
export const DEFAULT_DIAGNOSTIC_MODE: DiagnosticMode = 'push';

/** What the server is sent. */
export interface ServerOptions {
  diagnosticMode: DiagnosticMode;
  rules: Record<string, RuleSeverity>;
  workspace: { include?: string[]; exclude?: string[] };
}

/** The settings as read from VS Code: untyped, since users can write anything. */
export interface RawSettings {
  diagnosticMode?: unknown;
  rules?: unknown;
  include?: unknown;
  exclude?: unknown;
}

/** Settings whose change needs a server restart: they are read only at start-up. */
export const RESTART_SETTINGS = ['throughline.server.path', 'throughline.server.log', 'throughline.diagnosticMode'];

/** Settings the server applies live through `workspace/didChangeConfiguration`. */
export const LIVE_SETTINGS = ['throughline.rules', 'throughline.workspace.include', 'throughline.workspace.exclude'];

function isOneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

function globList(name: string, raw: unknown, warnings: string[]): string[] | undefined {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  if (!Array.isArray(raw)) {
    warnings.push(`throughline.workspace.${name} must be a list of globs; ignored.`);
    return undefined;
  }
  const out: string[] = [];
  for (const g of raw) {
    if (typeof g === 'string' && g.trim() !== '') {
      out.push(g.trim());
    } else {
      warnings.push(`throughline.workspace.${name}: ${JSON.stringify(g)} is not a glob; ignored.`);
    }
  }
  return out.length > 0 ? out : undefined;
}

/** Validates the raw settings and builds what the server is sent, plus warnings. */
export function toServerOptions(raw: RawSettings): { options: ServerOptions; warnings: string[] } {
  const warnings: string[] = [];

  let diagnosticMode = DEFAULT_DIAGNOSTIC_MODE;
  if (isOneOf(DIAGNOSTIC_MODES, raw.diagnosticMode)) {
    diagnosticMode = raw.diagnosticMode;
  } else if (raw.diagnosticMode !== undefined && raw.diagnosticMode !== null) {
    warnings.push(
      `throughline.diagnosticMode ${JSON.stringify(raw.diagnosticMode)} is not one of ${DIAGNOSTIC_MODES.join(', ')}; using ${DEFAULT_DIAGNOSTIC_MODE}.`,
    );
  }

  const rules: Record<string, RuleSeverity> = {};
  if (raw.rules !== undefined && raw.rules !== null) {
    if (typeof raw.rules !== 'object' || Array.isArray(raw.rules)) {
      warnings.push('throughline.rules must be an object of rule code to severity; ignored.');
    } else {
      for (const [code, sev] of Object.entries(raw.rules as Record<string, unknown>)) {
        if (!RULE_CODE_SHAPE.test(code)) {
          warnings.push(`throughline.rules: "${code}" is not a rule code; known rules: ${RULE_CODES.join(', ')}.`);
        } else if (!isOneOf(SEVERITIES, sev)) {
          warnings.push(`throughline.rules: "${code}" has severity ${JSON.stringify(sev)}; use one of ${SEVERITIES.join(', ')}.`);
        } else {
          // A well-formed code this extension does not know may come from a newer server:
          // it is sent anyway, and the server has the last word.
          if (!isOneOf(RULE_CODES, code)) {
            warnings.push(`throughline.rules: "${code}" is not a rule this extension knows; sent to the server anyway.`);
          }
          rules[code] = sev;
        }
      }
    }
  }

  const workspace: ServerOptions['workspace'] = {};
  const include = globList('include', raw.include, warnings);
  const exclude = globList('exclude', raw.exclude, warnings);
  if (include) {
    workspace.include = include;
  }
  if (exclude) {
    workspace.exclude = exclude;
  }

  return { options: { diagnosticMode, rules, workspace }, warnings };
}

/** The `workspace/didChangeConfiguration` payload for the same options. */
export function toDidChangeConfiguration(options: ServerOptions): { settings: { throughline: ServerOptions } } {
  return { settings: { throughline: options } };
}

/** Whether a configuration change needs a restart, a live update, or nothing. */
export function changeKind(affects: (section: string) => boolean): 'restart' | 'update' | 'none' {
  if (RESTART_SETTINGS.some(affects)) {
    return 'restart';
  }
  return LIVE_SETTINGS.some(affects) ? 'update' : 'none';
}
