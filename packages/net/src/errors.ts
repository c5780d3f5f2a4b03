import { AsyncError } from '@async/core';
import { hasErrorCode } from '@async/core/protocol';

/**
 * The base of the errors a socket operation fails with: each says what happened and to which address
 * (`host:port`, or a socket path), so that a log line is enough to tell which peer failed.
 */
export abstract class NetError extends AsyncError {
  /**
   * Whether `e` is an error of this package's socket classes (any of them), from whichever copy of
   * the package threw it; works handed on unbound. Each subclass's own `is` checks its own code.
   */
  declare static readonly is: (e: unknown) => e is NetError;

  static {
    // `is` is AsyncError's accessor: for a class with a code it matches that code. NetError has no
    // code of its own (AsyncError's would then match every @async error): it matches the codes of
    // its subclasses. An accessor, so that the subclasses' `is` keep coming from AsyncError.
    const inherited = Object.getOwnPropertyDescriptor(AsyncError, 'is')!.get!;
    Object.defineProperty(NetError, 'is', {
      configurable: true,
      get(this: typeof NetError) {
        return this === NetError ? isNetError : inherited.call(this);
      },
    });
  }

  /** The address the operation was about: `host:port` of the peer or of the listener. */
  readonly address: string;
  /** The operating system's error code (`ECONNREFUSED`, …), when the error came from it. */
  readonly syscallCode: string | undefined;
  constructor(message: string, address: string, cause?: unknown) {
    super(`${message}: ${address}`, cause === undefined ? undefined : { cause });
    this.address = address;
    this.syscallCode = (cause as { code?: unknown } | undefined)?.code as string | undefined;
  }
}

/**
 * Nobody listens at the address (tokio's `ErrorKind::ConnectionRefused`, `ECONNREFUSED`).
 *
 * @example
 * ```ts
 * import { ConnectionRefusedError, TcpListener, TcpStream } from '@async/net';
 * import assert from 'node:assert/strict';
 *
 * const listener = await TcpListener.bind('127.0.0.1:0');
 * const { port } = listener.localAddr;
 * await listener.close(); // the port is free: a connection is refused
 * await assert.rejects(TcpStream.connect({ host: '127.0.0.1', port }), ConnectionRefusedError.is);
 * ```
 */
export class ConnectionRefusedError extends NetError {
  override readonly name = 'ConnectionRefusedError';
  static override readonly code = 'ERR_CONNECTION_REFUSED';
  declare static readonly is: (e: unknown) => e is ConnectionRefusedError;
}

/** The peer reset the connection (tokio's `ErrorKind::ConnectionReset`, `ECONNRESET` or `EPIPE`). */
export class ConnectionResetError extends NetError {
  override readonly name = 'ConnectionResetError';
  static override readonly code = 'ERR_CONNECTION_RESET';
  declare static readonly is: (e: unknown) => e is ConnectionResetError;
}

/**
 * A connection was not established within the `timeout` of `connect`, or the operating system gave
 * up (`ETIMEDOUT`): tokio's `ErrorKind::TimedOut`.
 */
export class ConnectionTimedOutError extends NetError {
  override readonly name = 'ConnectionTimedOutError';
  static override readonly code = 'ERR_CONNECTION_TIMED_OUT';
  declare static readonly is: (e: unknown) => e is ConnectionTimedOutError;
}

/**
 * Another socket is bound to the address (tokio's `ErrorKind::AddrInUse`, `EADDRINUSE`).
 *
 * @example
 * ```ts
 * import { AddressInUseError, TcpListener } from '@async/net';
 * import assert from 'node:assert/strict';
 *
 * await using first = await TcpListener.bind('127.0.0.1:0');
 * await assert.rejects(TcpListener.bind(first.localAddr), AddressInUseError.is);
 * ```
 */
export class AddressInUseError extends NetError {
  override readonly name = 'AddressInUseError';
  static override readonly code = 'ERR_ADDRESS_IN_USE';
  declare static readonly is: (e: unknown) => e is AddressInUseError;
}

/** The host name did not resolve (`ENOTFOUND`, `EAI_AGAIN`): the address names the host. */
export class DnsError extends NetError {
  override readonly name = 'DnsError';
  static override readonly code = 'ERR_DNS';
  declare static readonly is: (e: unknown) => e is DnsError;
}

/**
 * The TLS handshake failed: the peer's certificate did not verify (`UNABLE_TO_VERIFY_LEAF_SIGNATURE`,
 * `DEPTH_ZERO_SELF_SIGNED_CERT`, a name that does not match, …) or the protocols did not agree.
 * `syscallCode` holds OpenSSL's or Node's code.
 */
export class TlsError extends NetError {
  override readonly name = 'TlsError';
  static override readonly code = 'ERR_TLS';
  declare static readonly is: (e: unknown) => e is TlsError;
}

/** Any other failure of the operating system on a socket; `cause` holds Node's error. */
export class SocketError extends NetError {
  override readonly name = 'SocketError';
  static override readonly code = 'ERR_SOCKET';
  declare static readonly is: (e: unknown) => e is SocketError;
}

/**
 * The stream ended before `readExact(n)` had its `n` bytes (tokio's `ErrorKind::UnexpectedEof`).
 * The bytes that did arrive stay unread: `read` or `readToEnd` returns them.
 */
export class UnexpectedEofError extends NetError {
  override readonly name = 'UnexpectedEofError';
  static override readonly code = 'ERR_UNEXPECTED_EOF';
  declare static readonly is: (e: unknown) => e is UnexpectedEofError;
  /** The bytes asked for. */
  readonly expected: number;
  /** The bytes available when the stream ended. */
  readonly available: number;
  constructor(expected: number, available: number, address: string) {
    super(`stream ended after ${available} of ${expected} bytes`, address);
    this.expected = expected;
    this.available = available;
  }
}

/** `readToEnd({ maxBytes })`: the peer sent more than `maxBytes` before it ended the stream. */
export class MaxBytesExceededError extends NetError {
  override readonly name = 'MaxBytesExceededError';
  static override readonly code = 'ERR_MAX_BYTES_EXCEEDED';
  declare static readonly is: (e: unknown) => e is MaxBytesExceededError;
  /** The limit. */
  readonly maxBytes: number;
  constructor(maxBytes: number, address: string) {
    super(`more than ${maxBytes} bytes before the end of the stream`, address);
    this.maxBytes = maxBytes;
  }
}

/** An operation on a stream or listener that was closed (or a write after `shutdown`). */
export class SocketClosedError extends NetError {
  override readonly name = 'SocketClosedError';
  static override readonly code = 'ERR_SOCKET_CLOSED';
  declare static readonly is: (e: unknown) => e is SocketClosedError;
}

/**
 * A `write`, `flush` or `sync` on a `FileWriter` after its `close()` (or dispose). `path` names
 * the file.
 */
export class FileClosedError extends AsyncError {
  override readonly name = 'FileClosedError';
  static override readonly code = 'ERR_FILE_CLOSED';
  declare static readonly is: (e: unknown) => e is FileClosedError;
  /** The file's path. */
  readonly path: string;
  constructor(path: string) {
    super(`the file writer is closed: ${path}`);
    this.path = path;
  }
}

/** The codes of the {@link NetError} classes. */
const NET_CODES: ReadonlySet<string> = new Set([
  ConnectionRefusedError.code,
  ConnectionResetError.code,
  ConnectionTimedOutError.code,
  AddressInUseError.code,
  DnsError.code,
  TlsError.code,
  SocketError.code,
  UnexpectedEofError.code,
  MaxBytesExceededError.code,
  SocketClosedError.code,
]);

function isNetError(e: unknown): e is NetError {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NET_CODES.has(code) && hasErrorCode(e, code);
}

/** Node's error codes, mapped to the class that names them for a user. */
export function fromNodeError(error: unknown, address: string): NetError {
  switch ((error as { code?: unknown } | null)?.code) {
    case 'ECONNREFUSED':
      return new ConnectionRefusedError('connection refused', address, error);
    case 'ECONNRESET':
    case 'EPIPE':
      return new ConnectionResetError('connection reset by peer', address, error);
    case 'ETIMEDOUT':
      return new ConnectionTimedOutError('connection timed out', address, error);
    case 'EADDRINUSE':
      return new AddressInUseError('address in use', address, error);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return new DnsError('host name not found', address, error);
    default:
      if (isTlsCode((error as { code?: unknown } | null)?.code)) {
        // OpenSSL's own errors carry a one-line `reason`; their message spans lines and names C files.
        const { reason, message } = error as { reason?: unknown; message: string };
        return new TlsError(
          `TLS failure (${typeof reason === 'string' ? reason : message.trim()})`,
          address,
          error,
        );
      }
      return new SocketError(
        `socket error (${(error as Error | null)?.message ?? String(error)})`,
        address,
        error,
      );
  }
}

/** OpenSSL's certificate codes and Node's TLS codes. */
function isTlsCode(code: unknown): boolean {
  return (
    typeof code === 'string' &&
    /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_OSSL_)/.test(
      code,
    )
  );
}
