import { AddressInfo, createServer, Server, Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a real server (PostgreSQL, RabbitMQ, the gateway). `cut()` closes every
 * connection and refuses new ones, as if the server went away; `restore()` lets traffic through again.
 * With `localAddress`, the server sees every connection come from that address (e.g. one 127.x.y.z per
 * browser, so the gateway's per-address limits apply to it alone).
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private listenPort = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    private readonly localAddress?: string,
  ) {}

  get port(): number {
    return this.listenPort;
  }

  async start(): Promise<this> {
    await this.listen();
    return this;
  }

  private listen(): Promise<void> {
    const server = createServer((client) => {
      const upstream = new Socket();
      this.track(client);
      this.track(upstream);
      upstream.connect({ port: this.targetPort, host: this.targetHost, localAddress: this.localAddress });
      client.pipe(upstream).pipe(client);
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => {
        this.listenPort = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restore(): Promise<void> {
    if (!this.server) await this.listen();
  }

  async stop(): Promise<void> {
    await this.cut();
  }
}
