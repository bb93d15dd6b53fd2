// The JSON that `throughline.showTrace` returns, and what the extension makes of it.
//
// The server answers `workspace/executeCommand` `throughline.showTrace` with the same tree
// as `throughline trace ID --format json` (server/src/trace.rs), plus an absolute `uri`
// next to every `path` (server/src/lsp/backend.rs `absolutise`). Lines are 1-based.
//
// This module turns that tree into plain nodes for the tree view and into a flat list of
// links for "Review Links". It does not import `vscode`, so the unit tests run it under
// plain Node.

export interface Site {
  path: string;
  /** 1-based. */
  line: number;
  /** Absolute `file://` URI, added by the language server. */
  uri?: string;
}

export interface CodeSite extends Site {
  /** e.g. "function `createPayment`" or "test `sums_are_exact`". */
  symbol: string;
}

export interface TraceItem {
  id: string;
  title: string;
  layer: string | null;
  /** `null` for an ID that is linked but not defined. */
  defined_at: Site | null;
  upstream?: TraceItem[];
  derived?: TraceItem[];
  implemented_by?: CodeSite[];
  verified_by?: CodeSite[];
  mentioned_in?: Site[];
}

/** Whether a value looks like a trace (the server returns `null` for unknown IDs). */
export function isTraceItem(v: unknown): v is TraceItem {
  if (typeof v !== 'object' || v === null) {
    return false;
  }
  const o = v as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.title === 'string';
}

/** A place to open: the URI the server gave, or the path when there is none. */
export interface Target {
  uri?: string;
  path: string;
  /** 1-based. */
  line: number;
}

/** The icon of a node, as a codicon name. */
export type NodeIcon = 'item' | 'code' | 'test' | 'mention' | 'group' | 'undefined';

/** One row of the tree view. */
export interface TraceNode {
  label: string;
  description?: string;
  tooltip?: string;
  icon: NodeIcon;
  target?: Target;
  children: TraceNode[];
  /** Whether the row starts expanded (groups of the root item do). */
  expanded: boolean;
}

function targetOf(site: Site): Target {
  return site.uri === undefined ? { path: site.path, line: site.line } : { uri: site.uri, path: site.path, line: site.line };
}

function where(site: Site | null): string {
  return site ? `${site.path}:${site.line}` : 'not defined';
}

function headline(item: TraceItem): string {
  return item.title ? `${item.id}: ${item.title}` : item.id;
}

/** A node for an item (the root, an upstream item or a derived one). */
function itemNode(item: TraceItem, children: TraceNode[], expanded: boolean): TraceNode {
  const layer = item.layer ?? 'unknown layer';
  const node: TraceNode = {
    label: headline(item),
    description: `${layer} · ${where(item.defined_at)}`,
    tooltip: `${headline(item)}\n${layer}, ${where(item.defined_at)}`,
    icon: item.defined_at ? 'item' : 'undefined',
    children,
    expanded,
  };
  if (item.defined_at) {
    node.target = targetOf(item.defined_at);
  }
  return node;
}

function codeNode(site: CodeSite, icon: NodeIcon): TraceNode {
  return {
    label: site.symbol,
    description: `${site.path}:${site.line}`,
    tooltip: `${site.symbol}\n${site.path}:${site.line}`,
    icon,
    target: targetOf(site),
    children: [],
    expanded: false,
  };
}

function group(label: string, children: TraceNode[], expanded: boolean): TraceNode[] {
  if (children.length === 0) {
    return [];
  }
  return [{ label, description: String(children.length), icon: 'group', children, expanded }];
}

/** Upstream items, each with its own upstream chain as children. */
function upstreamNodes(items: TraceItem[] | undefined): TraceNode[] {
  return (items ?? []).map((u) => itemNode(u, upstreamNodes(u.upstream), true));
}

/** What lies downstream of an item: code, tests and derived items (recursively). */
function downstreamNodes(item: TraceItem, expanded: boolean): TraceNode[] {
  return [
    ...group('Implemented by', (item.implemented_by ?? []).map((s) => codeNode(s, 'code')), expanded),
    ...group('Verified by', (item.verified_by ?? []).map((s) => codeNode(s, 'test')), expanded),
    ...group(
      'Derived',
      (item.derived ?? []).map((d) => itemNode(d, downstreamNodes(d, false), false)),
      expanded,
    ),
  ];
}

/** The tree view's rows for a trace: the item, then its upstream chain and downstream. */
export function traceToNodes(item: TraceItem): TraceNode[] {
  const mentions = (item.mentioned_in ?? []).map(
    (s): TraceNode => ({
      label: `${s.path}:${s.line}`,
      icon: 'mention',
      target: targetOf(s),
      children: [],
      expanded: false,
    }),
  );
  const children = [
    ...group('Upstream', upstreamNodes(item.upstream), true),
    ...downstreamNodes(item, true),
    ...group('Mentioned in', mentions, false),
  ];
  return [itemNode(item, children, true)];
}

/** One link of an item, for the "Review Links" picker. */
export interface Link {
  /** "definition", "upstream", "implemented by", "verified by", "derived", "mentioned in". */
  kind: string;
  label: string;
  detail: string;
  target: Target;
}

/** Every place linked to the item, grouped by kind in a stable order, without duplicates. */
export function traceLinks(item: TraceItem): Link[] {
  const out: Link[] = [];
  const seen = new Set<string>();
  const add = (kind: string, label: string, site: Site | null) => {
    if (!site) {
      return;
    }
    const key = `${kind}\u0000${site.path}:${site.line}`;
    if (seen.has(key)) {
      return;
    }
    seen.add(key);
    out.push({ kind, label, detail: `${site.path}:${site.line}`, target: targetOf(site) });
  };
  add('definition', headline(item), item.defined_at);
  const walkUp = (items: TraceItem[] | undefined) => {
    for (const u of items ?? []) {
      add('upstream', headline(u), u.defined_at);
      walkUp(u.upstream);
    }
  };
  walkUp(item.upstream);
  for (const s of item.implemented_by ?? []) {
    add('implemented by', s.symbol, s);
  }
  for (const s of item.verified_by ?? []) {
    add('verified by', s.symbol, s);
  }
  const walkDown = (items: TraceItem[] | undefined) => {
    for (const d of items ?? []) {
      add('derived', headline(d), d.defined_at);
      for (const s of d.implemented_by ?? []) {
        add('implemented by', `${s.symbol} (via ${d.id})`, s);
      }
      for (const s of d.verified_by ?? []) {
        add('verified by', `${s.symbol} (via ${d.id})`, s);
      }
      walkDown(d.derived);
    }
  };
  walkDown(item.derived);
  for (const s of item.mentioned_in ?? []) {
    add('mentioned in', s.path, s);
  }
  return out;
}

/**
 * The trace ID pattern used to decide, without asking the server, whether the cursor may
 * be on an ID: an uppercase prefix, then one or more groups of uppercase letters and
 * digits (server/src/ids.rs). The server has the last word; this only saves requests.
 */
export const ID_PATTERN = /[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+/;

/** The ID-like word of `line` that spans column `col` (0-based), if any. */
export function idAt(line: string, col: number): string | undefined {
  const re = new RegExp(ID_PATTERN.source, 'g');
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    if (col >= m.index && col <= m.index + m[0].length) {
      return m[0];
    }
  }
  return undefined;
}
