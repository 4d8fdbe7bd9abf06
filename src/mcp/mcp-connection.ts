import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, type StdioServerParameters } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport, type StreamableHTTPClientTransportOptions } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** Start the server as a child process and speak MCP over its stdin and stdout. */
export interface StdioConnection {
  command: string;
  args?: readonly string[];
  /** Added to the SDK's safe subset of this process's environment (PATH, HOME, …). */
  env?: Record<string, string>;
  cwd?: string;
  /** Where the child's stderr goes. Default: `inherit` (this process's stderr). */
  stderr?: StdioServerParameters['stderr'];
}

/** Speak MCP's Streamable HTTP to a running server. */
export interface HttpConnection {
  url: string | URL;
  /** Headers (an `Authorization`, say) and other fetch options for every request. */
  requestInit?: StreamableHTTPClientTransportOptions['requestInit'];
}

/**
 * How to reach an MCP server: a command to start, a URL, or a `Client` you connected yourself (it
 * stays yours: never reconnected or closed here; its `notifications/tools/list_changed` handler
 * becomes mcpTools' own).
 */
export type McpConnection = StdioConnection | HttpConnection | Client;

const CLIENT_INFO = { name: 'toolcycle', version: '0.1.0' };

/**
 * One MCP connection that comes back after it drops. A connection toolcycle opened (stdio or HTTP)
 * is opened again when it is next needed after it closed or failed; a `Client` passed in belongs
 * to the caller, who alone can reconnect it, so it is used as it is and never closed here.
 */
export class McpLink {
  readonly #connection: McpConnection;
  readonly #onConnected: (client: Client) => void;
  #client: Client | undefined;
  #opening: Promise<Client> | undefined;
  #closed = false;
  #serverName: string | undefined;
  #generation = 0;

  constructor(connection: McpConnection, onConnected: (client: Client) => void) {
    this.#connection = connection;
    this.#onConnected = onConnected;
    if (isClient(connection)) {
      this.#client = connection;
      onConnected(connection);
    }
  }

  /** Counts connections made: tools listed on an older one may be out of date. */
  get generation(): number {
    return this.#generation;
  }

  get isOpen(): boolean {
    return this.#client !== undefined && !this.#closed;
  }

  /** The server's name from its last `initialize` answer. */
  get serverName(): string | undefined {
    return this.#serverName ?? this.#client?.getServerVersion()?.name;
  }

  /** A human name for the connection, before the server has told us its own. */
  describe(): string {
    const connection = this.#connection;
    if (isClient(connection)) return 'mcp';
    return 'url' in connection ? String(connection.url) : connection.command;
  }

  async connected(): Promise<Client> {
    if (this.#closed) throw new Error('The MCP connection was closed.');
    if (this.#client) return this.#client;
    this.#opening ??= this.#open().finally(() => (this.#opening = undefined));
    return this.#opening;
  }

  /** After a transport failure on `client`: forget it, so the next use connects afresh. */
  drop(client: Client): void {
    if (isClient(this.#connection) || this.#client !== client) return;
    this.#client = undefined;
    void client.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#opening?.catch(() => undefined);
    const client = this.#client;
    this.#client = undefined;
    if (!client || isClient(this.#connection)) return;
    const transport = client.transport;
    // Ends the server's session instead of leaving it to expire; a server without sessions says 405.
    if (transport instanceof StreamableHTTPClientTransport) await transport.terminateSession().catch(() => undefined);
    await client.close();
  }

  async #open(): Promise<Client> {
    const connection = this.#connection as StdioConnection | HttpConnection;
    const client = new Client(CLIENT_INFO);
    const transport =
      'url' in connection
        ? new StreamableHTTPClientTransport(new URL(connection.url), { requestInit: connection.requestInit })
        : new StdioClientTransport({ command: connection.command, args: connection.args ? [...connection.args] : undefined, env: connection.env, cwd: connection.cwd, stderr: connection.stderr });
    client.onclose = () => {
      if (this.#client === client) this.#client = undefined;
    };
    this.#onConnected(client);
    await client.connect(transport);
    this.#client = client;
    this.#serverName = client.getServerVersion()?.name;
    this.#generation += 1;
    return client;
  }
}

/** Duck-typed: a `Client` from another copy of the SDK is just as good. */
function isClient(connection: McpConnection): connection is Client {
  const candidate = connection as Partial<Client>;
  return typeof candidate.callTool === 'function' && typeof candidate.listTools === 'function';
}
