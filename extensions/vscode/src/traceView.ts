// The "Throughline" view in the explorer: the item under the cursor with its upstream
// chain and everything downstream, from the server's `throughline.showTrace`. Clicking a
// row opens its file at its line.
//
// The view follows the cursor while it is visible: when the cursor rests on something
// that looks like a trace ID, the server is asked for the trace at that position
// ([uri, position] arguments, so the server decides what the ID is). When the cursor
// leaves the ID the last trace stays, so its rows can be clicked.

import * as vscode from 'vscode';
import { followCursor } from './config';
import { Server, SHOW_TRACE } from './server';
import { idAt, isTraceItem, NodeIcon, Target, TraceItem, TraceNode, traceToNodes } from './traceModel';

const ICONS: Record<NodeIcon, vscode.ThemeIcon> = {
  item: new vscode.ThemeIcon('bookmark'),
  code: new vscode.ThemeIcon('symbol-method'),
  test: new vscode.ThemeIcon('beaker'),
  mention: new vscode.ThemeIcon('comment'),
  group: new vscode.ThemeIcon('list-tree'),
  undefined: new vscode.ThemeIcon('warning'),
};

/** Opens a trace target in an editor, at its (1-based) line. */
export async function openTarget(target: Target): Promise<void> {
  const uri = target.uri ? vscode.Uri.parse(target.uri) : vscode.Uri.file(target.path);
  const line = Math.max(0, target.line - 1);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(line, 0, line, 0), preview: true });
}

/** Asks the server for the trace at a position; `undefined` when there is none. */
export async function traceAt(server: Server, uri: vscode.Uri, pos: vscode.Position): Promise<TraceItem | undefined> {
  const result = await server.executeCommand(SHOW_TRACE, [uri.toString(), server.position(pos)]);
  return isTraceItem(result) ? result : undefined;
}

class Provider implements vscode.TreeDataProvider<TraceNode> {
  private roots: TraceNode[] = [];
  private readonly changed = new vscode.EventEmitter<TraceNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  set(nodes: TraceNode[]): void {
    this.roots = nodes;
    this.changed.fire(undefined);
  }

  getTreeItem(node: TraceNode): vscode.TreeItem {
    const state =
      node.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : node.expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.iconPath = ICONS[node.icon];
    if (node.description !== undefined) {
      item.description = node.description;
    }
    if (node.tooltip !== undefined) {
      item.tooltip = node.tooltip;
    }
    if (node.target) {
      item.command = { title: 'Open', command: 'throughline.openTarget', arguments: [node.target] };
    }
    return item;
  }

  getChildren(node?: TraceNode): TraceNode[] {
    return node ? node.children : this.roots;
  }
}

export class TraceView implements vscode.Disposable {
  private readonly provider = new Provider();
  private readonly view: vscode.TreeView<TraceNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The ID shown, so moving within the same ID sends no request. */
  private shownKey: string | undefined;
  /** Increases with each request, so a slow answer never replaces a newer one. */
  private generation = 0;

  constructor(private readonly server: Server) {
    this.view = vscode.window.createTreeView('throughline.trace', {
      treeDataProvider: this.provider,
      showCollapseAll: true,
    });
    this.disposables.push(
      this.view,
      vscode.commands.registerCommand('throughline.openTarget', (t: Target) => openTarget(t)),
      vscode.commands.registerCommand('throughline.refreshTrace', () => this.refresh(true)),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor) {
          this.schedule();
        }
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
      this.view.onDidChangeVisibility((e) => {
        if (e.visible) {
          this.schedule();
        }
      }),
      server.onDidChangeState((s) => {
        if (s === 'running') {
          this.shownKey = undefined;
          this.schedule();
        }
      }),
    );
  }

  /** Shows a trace (used by "Review Links" too). */
  show(item: TraceItem): void {
    this.provider.set(traceToNodes(item));
    this.view.description = item.id;
    this.view.message = undefined;
  }

  /** Shows the view and the given trace, without taking focus from the editor. */
  async reveal(item: TraceItem): Promise<void> {
    this.show(item);
    this.shownKey = undefined;
    await vscode.commands.executeCommand('throughline.trace.focus');
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  }

  private schedule(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => void this.refresh(false), 250);
  }

  /** Asks for the trace under the cursor; `force` asks again for the same ID. */
  private async refresh(force: boolean): Promise<void> {
    if (!this.view.visible || (!force && !followCursor())) {
      return;
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.uri.scheme !== 'file' || this.server.state !== 'running') {
      return;
    }
    const pos = editor.selection.active;
    const id = idAt(editor.document.lineAt(pos.line).text, pos.character);
    if (id === undefined) {
      return;
    }
    const key = `${editor.document.uri.toString()}#${id}`;
    if (!force && key === this.shownKey) {
      return;
    }
    const generation = ++this.generation;
    try {
      const item = await traceAt(this.server, editor.document.uri, pos);
      if (generation !== this.generation) {
        return;
      }
      this.shownKey = key;
      if (item) {
        this.show(item);
      } else {
        this.provider.set([]);
        this.view.description = id;
        this.view.message = `${id} is not defined in this workspace.`;
      }
    } catch {
      // Not an ID for the server (e.g. inside a string), or the server is restarting.
    }
  }

  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.disposables.forEach((d) => d.dispose());
  }
}
