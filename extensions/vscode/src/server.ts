// The language client: starts `throughline lsp` over stdio and keeps one client for the
// whole window. The server handles multi-root workspaces itself (workspace folders,
// each with its own throughline.toml), so one client serves every folder.

import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions as ProcessOptions,
  State,
} from 'vscode-languageclient/node';
import { lookupBinary, serverLogFilter, serverOptions } from './config';
import { LANGUAGES } from './languages';
import { toDidChangeConfiguration } from './settings';

/** Commands the server implements (server/src/lsp/backend.rs). */
export const SHOW_TRACE = 'throughline.showTrace';
export const SHOW_REFERENCES = 'throughline.showReferences';


export type ServerState = 'stopped' | 'starting' | 'running' | 'failed';

export class Server implements vscode.Disposable {
  private client: LanguageClient | undefined;
  /** Start and stop run one at a time, in call order. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  readonly onDidChangeState = this.stateEmitter.event;
  private current: ServerState = 'stopped';
  /** The binary in use, and how it was found, for the status bar tooltip. */
  binary: string | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  get state(): ServerState {
    return this.current;
  }

  private setState(s: ServerState): void {
    this.current = s;
    this.stateEmitter.fire(s);
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async doStart(): Promise<void> {
    const found = lookupBinary(this.extensionPath);
    if (!found.ok) {
      this.output.appendLine(`[throughline] ${found.message}`);
      this.setState('failed');
      void this.reportFailure(found.message);
      return;
    }
    this.binary = `${found.path} (${found.source})`;
    this.output.appendLine(`[throughline] starting ${found.path} lsp (found via ${found.source})`);

    const { options, warnings } = serverOptions();
    for (const w of warnings) {
      this.output.appendLine(`[throughline] setting ignored: ${w}`);
    }

    const env: NodeJS.ProcessEnv = { ...process.env };
    const log = serverLogFilter();
    if (log !== '') {
      env.THROUGHLINE_LOG = log;
    }
    const proc: ProcessOptions = { command: found.path, args: ['lsp'], options: { env } };
    const clientOptions: LanguageClientOptions = {
      // Only files on disk: the server maps URIs to paths inside workspace folders.
      documentSelector: LANGUAGES.map((language) => ({ scheme: 'file', language })),
      initializationOptions: options,
      outputChannel: this.output,
      traceOutputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      diagnosticCollectionName: 'throughline',
      middleware: {
        // The code lens on a definition runs `throughline.showReferences`; the server
        // answers with the locations, which are shown in the references peek here.
        executeCommand: async (command, args, next) => {
          const result: unknown = await next(command, args);
          if (command === SHOW_REFERENCES) {
            await this.peekReferences(args, result);
          }
          return result;
        },
      },
    };

    const client = new LanguageClient('throughline', 'Throughline', proc, clientOptions);
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) {
        this.setState('running');
      } else if (e.newState === State.Starting) {
        this.setState('starting');
      } else if (this.client === client) {
        this.setState('stopped');
      }
    });
    this.client = client;
    this.setState('starting');
    try {
      await client.start();
    } catch (e) {
      const message = `The Throughline server did not start: ${(e as Error).message ?? e}`;
      this.output.appendLine(`[throughline] ${message}`);
      this.client = undefined;
      this.setState('failed');
      void this.reportFailure(message);
    }
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop(5000);
      } catch (e) {
        this.output.appendLine(`[throughline] stopping the server: ${(e as Error).message ?? e}`);
      }
    }
    this.setState('stopped');
  }

  private async reportFailure(message: string): Promise<void> {
    const pick = await vscode.window.showErrorMessage(message, 'Show Output', 'Open Settings');
    if (pick === 'Show Output') {
      this.output.show(true);
    } else if (pick === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'throughline.server.path');
    }
  }

  /** Shows the locations a `throughline.showReferences` call returned in the peek view. */
  private async peekReferences(args: unknown[], result: unknown): Promise<void> {
    const client = this.client;
    if (!client || !Array.isArray(result) || typeof args[0] !== 'string' || typeof args[1] !== 'object') {
      return;
    }
    const p2c = client.protocol2CodeConverter;
    const uri = p2c.asUri(args[0]);
    const position = p2c.asPosition(args[1] as { line: number; character: number });
    const locations = result.map((l) => p2c.asLocation(l));
    await vscode.commands.executeCommand('editor.action.showReferences', uri, position, locations);
  }

  /**
   * Sends `workspace/executeCommand` straight to the server. Unlike running the VS Code
   * command of the same name, a failure here is not shown to the user: callers decide
   * (the tree view, which follows the cursor, expects "no ID here" errors).
   */
  async executeCommand(command: string, args: unknown[]): Promise<unknown> {
    const client = this.client;
    if (!client || this.current !== 'running') {
      throw new Error('The Throughline server is not running.');
    }
    return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  /** Sends changed settings to the running server (`workspace/didChangeConfiguration`). */
  async updateConfiguration(): Promise<void> {
    const client = this.client;
    if (!client || this.current !== 'running') {
      return;
    }
    const { options, warnings } = serverOptions();
    for (const w of warnings) {
      this.output.appendLine(`[throughline] setting ignored: ${w}`);
    }
    await client.sendNotification('workspace/didChangeConfiguration', toDidChangeConfiguration(options));
  }

  /** Converts a position for the server (the client negotiates UTF-16, as VS Code uses). */
  position(p: vscode.Position): { line: number; character: number } {
    return { line: p.line, character: p.character };
  }

  dispose(): void {
    void this.stop();
    this.stateEmitter.dispose();
  }
}
