// "Throughline: Review Links of the Item under the Cursor": asks the server for the trace
// at the cursor (`throughline.showTrace` with [uri, position]), shows it in the
// Throughline view, and lists every link (definition, upstream, implementations, tests,
// derived items, mentions) in a picker; picking one opens it.

import * as vscode from 'vscode';
import { Server } from './server';
import { traceLinks } from './traceModel';
import { openTarget, traceAt, TraceView } from './traceView';

interface LinkPick extends vscode.QuickPickItem {
  link?: ReturnType<typeof traceLinks>[number];
}

export async function reviewLinks(server: Server, view: TraceView): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Throughline: put the cursor on a trace ID in an editor first.');
    return;
  }
  let item;
  try {
    item = await traceAt(server, editor.document.uri, editor.selection.active);
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    void vscode.window.showInformationMessage(
      /expected an ID/.test(msg) ? 'Throughline: there is no trace ID under the cursor.' : `Throughline: ${msg}`,
    );
    return;
  }
  if (!item) {
    void vscode.window.showInformationMessage('Throughline: the ID under the cursor is not defined in this workspace.');
    return;
  }
  await view.reveal(item);

  const picks: LinkPick[] = [];
  let kind = '';
  for (const link of traceLinks(item)) {
    if (link.kind !== kind) {
      kind = link.kind;
      picks.push({ label: kind, kind: vscode.QuickPickItemKind.Separator });
    }
    picks.push({ label: link.label, description: link.detail, link });
  }
  const picked = await vscode.window.showQuickPick(picks, {
    title: `Links of ${item.id}${item.title ? `: ${item.title}` : ''}`,
    matchOnDescription: true,
    placeHolder: 'Pick a link to open it',
  });
  if (picked?.link) {
    await openTarget(picked.link.target);
  }
}
