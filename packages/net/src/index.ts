/**
 * @packageDocumentation
 * tokio's `net` and `fs` for TypeScript, on Node's `net`: TCP listeners and streams with bounded
 * buffers, an `AbortSignal` on every call, and cancel safety documented per call as tokio does.
 *
 * **Choosing.** Accept connections with {@link TcpListener} (`accept()`, `for await`, or as a
 * `select` branch against a shutdown signal); connect with {@link TcpStream.connect}. Read bytes with
 * `read` / `readExact` / `readToEnd` / `for await`, write them with `writeAll` (which waits for the
 * socket to drain); give a read half and a write half to two tasks with `split()`.
 */

export {
  AddressInUseError,
  ConnectionRefusedError,
  ConnectionResetError,
  ConnectionTimedOutError,
  DnsError,
  MaxBytesExceededError,
  NetError,
  SocketClosedError,
  SocketError,
  UnexpectedEofError,
} from './errors';
export { framed } from './framed';
export {
  appendFile,
  type ChunksOptions,
  chunks,
  copy,
  type FileOptions,
  type LinesOptions,
  lines,
  readFile,
  type WriteFileOptions,
  writeFile,
} from './fs';
export { Reader, type ReadToEndOptions, Writer } from './read-write';
export { type ConnectionHandler, type ServeOptions, type ServeStats, serve } from './serve';
export type { ParsedAddr, SocketAddr, ToSocketAddr } from './socket-addr';
export type { IoOptions } from './socket-io';
export { type BindOptions, TcpListener } from './tcp-listener';
export { type ConnectOptions, ReadHalf, TcpStream, WriteHalf } from './tcp-stream';
