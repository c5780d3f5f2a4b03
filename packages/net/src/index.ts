/**
 * @packageDocumentation
 * tokio's `net` and `fs` for TypeScript, on Node's `net`: TCP listeners and streams with bounded
 * buffers, an `AbortSignal` on every call, and cancel safety documented per call as tokio does.
 *
 * **Choosing.** Accept connections with {@link TcpListener} (`accept()`, `for await`, or as a
 * `select` branch against a shutdown signal); connect with {@link TcpStream.connect}. Read bytes with
 * `read` / `readExact` / `readToEnd` / `for await`, write them with `writeAll` (which waits for the
 * socket to drain); give a read half and a write half to two tasks with `split()`. {@link UnixListener}
 * and {@link UnixStream} are the same on a Unix domain socket path. {@link framed} puts a codec of
 * `@async/codec` over a stream; {@link serve} runs a handler per connection with a connection limit
 * and a graceful shutdown. The file functions ({@link readFile}, {@link writeFile}, {@link lines}, …)
 * are tokio's `fs`, and {@link FileWriter} its `BufWriter<File>`, with `flush` and `sync`.
 */

export {
  AddressInUseError,
  ConnectionRefusedError,
  ConnectionResetError,
  ConnectionTimedOutError,
  DnsError,
  FileClosedError,
  MaxBytesExceededError,
  NetError,
  SocketClosedError,
  SocketError,
  TlsError,
  UnexpectedEofError,
} from './errors';
export { FileWriter, type FileWriterOptions } from './file-writer';
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
export { SocketListener } from './socket-listener';
export { ReadHalf, SocketStream, WriteHalf } from './socket-stream';
export { type BindOptions, TcpListener } from './tcp-listener';
export { type ConnectOptions, TcpStream } from './tcp-stream';
export { type TlsBindOptions, type TlsConnectOptions, TlsListener, TlsStream } from './tls';
export { UnixListener } from './unix-listener';
export { type UnixConnectOptions, UnixStream } from './unix-stream';
