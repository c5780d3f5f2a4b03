import { createServer, type Server, type Socket } from 'node:net';
import { checkBind, listen, SocketListener } from './socket-listener';
import type { BindOptions } from './tcp-listener';
import { checkSocketPath, UnixStream } from './unix-stream';

/**
 * A Unix domain socket listening for connections (tokio's `UnixListener`): the same `accept`, select
 * branch, async iteration and bounded queue as {@link TcpListener}, on a socket path. Closing it
 * removes the socket file (Node does).
 */
export class UnixListener extends SocketListener<UnixStream> {
  /** The socket path. */
  readonly path: string;

  private constructor(server: Server, backlog: number, path: string) {
    super(server, backlog);
    this.path = path;
  }

  /** @internal */
  protected override wrap(socket: Socket): UnixStream {
    return new UnixStream(socket, this.path);
  }

  /** @internal */
  protected override get addressName(): string {
    return this.path;
  }

  /**
   * Binds to the socket path and listens. Rejects with `AddressInUseError` when the path exists
   * (remove a stale socket file first), or `signal.reason`.
   */
  static override bind(path: string, options?: BindOptions): Promise<UnixListener> {
    checkSocketPath(path);
    const { backlog, signal } = checkBind(options);
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true });
    return listen(server, { path, backlog }, path, signal).then(
      () => new UnixListener(server, backlog, path),
    );
  }
}
