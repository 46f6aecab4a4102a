import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of the database, to break the connection the way networks
 * and failovers do: cut every open connection, hold traffic (a query in flight never answers),
 * refuse new connections for a while.
 */
export class FaultyProxy {
  private readonly sockets = new Set<net.Socket>();
  private held = false;
  private readonly waiting: Array<() => void> = [];
  private server: net.Server;

  private constructor(
    private readonly target: { host: string; port: number },
    readonly port: number,
    server: net.Server,
  ) {
    this.server = server;
  }

  static async start(target: { host: string; port: number }): Promise<FaultyProxy> {
    let proxy: FaultyProxy | undefined;
    const server = net.createServer((client) => proxy?.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new FaultyProxy(target, (server.address() as net.AddressInfo).port, server);
    return proxy;
  }

  /** Open client connections. */
  get connections(): number {
    return this.sockets.size / 2;
  }

  /** Destroys every open connection: clients see the server go away mid-conversation. */
  cutConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  /** Stops forwarding from clients to the server: requests sent now get no answer yet. */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    for (const resume of this.waiting.splice(0)) resume();
  }

  /** The database is down: open connections are cut and new ones refused until `accept()`. */
  async refuse(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.cutConnections();
    });
  }

  async resume(): Promise<void> {
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async close(): Promise<void> {
    this.release();
    this.cutConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      if (!this.held) {
        upstream.write(chunk);
        return;
      }
      client.pause();
      this.waiting.push(() => {
        upstream.write(chunk);
        client.resume();
      });
    });
    upstream.pipe(client);
  }
}
