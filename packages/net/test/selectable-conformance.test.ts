// The Selectable conformance kit (`@async/testing`) over the listeners: `select` races `accept`
// against other branches. A unit of readiness is one connection Node accepted and the listener
// queued; each subject is a fresh listener on a free port. (UnixListener and TlsListener share the
// listener code, SocketListener, and differ only in the event that queues a connection.)
import { connect, type Server, type Socket } from 'node:net';
import { TcpListener } from '@async/net';
import { describeSelectable } from '@async/testing';

describeSelectable(
  'TcpListener (accept)',
  async () => {
    const listener = await TcpListener.bind('127.0.0.1:0');
    // The listener's Node server: a connection is queued (ready) once its 'connection' event ran.
    const server = (listener as unknown as { server: Server }).server;
    const sockets: Socket[] = []; // both ends of every connection, destroyed at teardown
    server.on('connection', (socket: Socket) => sockets.push(socket));
    return {
      branch: () => listener,
      makeReady: () =>
        new Promise<void>((resolve) => {
          server.once('connection', () => resolve());
          const client = connect(listener.localAddr.port, '127.0.0.1');
          client.on('error', () => {});
          sockets.push(client);
        }),
      readiness: 'unit',
      wait: (signal) => listener.accept({ signal }),
      teardown: () => {
        for (const socket of sockets) socket.destroy();
        void listener.close();
      },
    };
  },
  // A fresh listener and connection per completed wait: fewer long-lived rounds than for an
  // in-memory channel, and a heap budget per round that still catches a socket left behind.
  { longLivedWaits: 1000, bytesPerWait: 1024 },
);
