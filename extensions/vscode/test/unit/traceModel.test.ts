// Verifies how a `throughline.showTrace` answer becomes tree rows and review links.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idAt, isTraceItem, TraceItem, TraceNode, traceLinks, traceToNodes } from '../../src/traceModel';

/** A trace shaped like the server's answer (server/src/trace.rs plus `uri`s). */
const TRACE: TraceItem = {
  id: 'REQ-PAY-1',
  title: 'A payment request is captured at most once',
  layer: 'requirement',
  defined_at: { path: 'docs/prd.md', line: 10, uri: 'file:///ws/docs/prd.md' },
  upstream: [
    {
      id: 'BRIEF-CHECKOUT',
      title: 'Card checkout and refunds',
      layer: 'brief',
      defined_at: { path: 'docs/briefs/checkout.md', line: 1, uri: 'file:///ws/docs/briefs/checkout.md' },
      upstream: [
        { id: 'RM-1', title: 'Merchants accept card payments online', layer: 'roadmap', defined_at: { path: 'docs/roadmap.md', line: 8 } },
      ],
    },
  ],
  implemented_by: [{ symbol: 'function `createPayment`', path: 'services/api/src/payments.ts', line: 43, uri: 'file:///ws/services/api/src/payments.ts' }],
  verified_by: [{ symbol: 'test `test_second_capture`', path: 'services/ledger/tests/test_ledger.py', line: 47 }],
  derived: [
    {
      id: 'DES-IDEMPOTENCY',
      title: 'Idempotency-key store in the API',
      layer: 'design',
      defined_at: { path: 'docs/design.md', line: 38 },
      implemented_by: [{ symbol: 'class `IdempotencyStore`', path: 'services/api/src/idempotency.ts', line: 29 }],
    },
  ],
  mentioned_in: [{ path: 'docs/runbooks/duplicate-charges.md', line: 5 }],
};

function labels(nodes: TraceNode[]): string[] {
  return nodes.map((n) => n.label);
}

test('isTraceItem accepts a trace and refuses null and other values', () => {
  assert.equal(isTraceItem(TRACE), true);
  assert.equal(isTraceItem(null), false);
  assert.equal(isTraceItem([{ uri: 'x' }]), false);
  assert.equal(isTraceItem({ id: 'X-1' }), false);
});

test('one root row for the item, then upstream, implemented, verified, derived, mentions', () => {
  const roots = traceToNodes(TRACE);
  assert.equal(roots.length, 1);
  const root = roots[0]!;
  assert.equal(root.label, 'REQ-PAY-1: A payment request is captured at most once');
  assert.equal(root.description, 'requirement · docs/prd.md:10');
  assert.deepEqual(root.target, { uri: 'file:///ws/docs/prd.md', path: 'docs/prd.md', line: 10 });
  assert.deepEqual(labels(root.children), ['Upstream', 'Implemented by', 'Verified by', 'Derived', 'Mentioned in']);
  const [up, impl, ver, derived, mentions] = root.children as [TraceNode, TraceNode, TraceNode, TraceNode, TraceNode];
  // The upstream chain nests: brief, then its roadmap item.
  assert.deepEqual(labels(up.children), ['BRIEF-CHECKOUT: Card checkout and refunds']);
  assert.deepEqual(labels(up.children[0]!.children), ['RM-1: Merchants accept card payments online']);
  assert.deepEqual(impl.children[0]!.target, { uri: 'file:///ws/services/api/src/payments.ts', path: 'services/api/src/payments.ts', line: 43 });
  assert.equal(impl.children[0]!.icon, 'code');
  assert.equal(ver.children[0]!.icon, 'test');
  // A derived item carries its own downstream.
  assert.deepEqual(labels(derived.children[0]!.children), ['Implemented by']);
  assert.equal(mentions.expanded, false);
  assert.equal(mentions.children[0]!.label, 'docs/runbooks/duplicate-charges.md:5');
});

test('empty groups are left out; an undefined item has no target', () => {
  const [root] = traceToNodes({ id: 'REQ-X-1', title: '', layer: null, defined_at: null });
  assert.equal(root!.label, 'REQ-X-1');
  assert.equal(root!.description, 'unknown layer · not defined');
  assert.equal(root!.target, undefined);
  assert.equal(root!.icon, 'undefined');
  assert.deepEqual(root!.children, []);
});

test('review links: every linked place once, grouped by kind in chain order', () => {
  const links = traceLinks(TRACE);
  assert.deepEqual(
    links.map((l) => `${l.kind} | ${l.detail}`),
    [
      'definition | docs/prd.md:10',
      'upstream | docs/briefs/checkout.md:1',
      'upstream | docs/roadmap.md:8',
      'implemented by | services/api/src/payments.ts:43',
      'verified by | services/ledger/tests/test_ledger.py:47',
      'derived | docs/design.md:38',
      'implemented by | services/api/src/idempotency.ts:29',
      'mentioned in | docs/runbooks/duplicate-charges.md:5',
    ],
  );
  assert.equal(links[6]!.label, 'class `IdempotencyStore` (via DES-IDEMPOTENCY)');
});

test('idAt finds the ID-like word under a column, including its edges', () => {
  const line = '// Implements: REQ-PAY-1, DES-IDEMPOTENCY';
  assert.equal(idAt(line, 15), 'REQ-PAY-1');
  assert.equal(idAt(line, 24), 'REQ-PAY-1');
  assert.equal(idAt(line, 30), 'DES-IDEMPOTENCY');
  assert.equal(idAt(line, 5), undefined);
  assert.equal(idAt('UTF8 and lower-case', 3), undefined);
});
