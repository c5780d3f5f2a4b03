import { describe } from '@async/core/protocol';

/** A socket address: what `localAddr` and `peerAddr` return (tokio's `SocketAddr`). */
export interface SocketAddr {
  /** The IP address, as Node reports it (`127.0.0.1`, `::1`). */
  readonly host: string;
  readonly port: number;
  readonly family: 'IPv4' | 'IPv6';
}

/**
 * An address to bind or connect to: a port (`8080`, on all interfaces for `bind` and on `localhost` for
 * `connect`), a `host:port` string (`'127.0.0.1:0'`, `'[::1]:80'`, `'example.org:443'`), or an object
 * `{ host, port }` (a {@link SocketAddr} fits).
 */
export type ToSocketAddr = number | string | { readonly host?: string; readonly port: number };

/** The parsed form of a {@link ToSocketAddr}: `host` is `undefined` for a port alone. */
export interface ParsedAddr {
  readonly host: string | undefined;
  readonly port: number;
}

function checkPort(port: unknown, name: string): number {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`${name} must be a port (an integer from 0 to 65535), got ${describe(port)}`);
  }
  return port;
}

/** Parses `addr`, throwing at the call site with the parameter's name when it is not an address. */
export function parseAddr(addr: unknown, name: string): ParsedAddr {
  if (typeof addr === 'number') return { host: undefined, port: checkPort(addr, name) };
  if (typeof addr === 'string') {
    const colon = addr.lastIndexOf(':');
    const portText = addr.slice(colon + 1);
    let host = addr.slice(0, colon);
    if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
    if (colon <= 0 || host === '' || !/^\d{1,5}$/.test(portText)) {
      throw new TypeError(`${name} must be "host:port", a port or { host, port }, got ${describe(addr)}`);
    }
    return { host, port: checkPort(Number(portText), name) };
  }
  if (typeof addr === 'object' && addr !== null) {
    const { host, port } = addr as { host?: unknown; port?: unknown };
    if (host !== undefined && (typeof host !== 'string' || host === '')) {
      throw new TypeError(`${name}.host must be a non-empty string, got ${describe(host)}`);
    }
    return { host, port: checkPort(port, `${name}.port`) };
  }
  throw new TypeError(`${name} must be "host:port", a port or { host, port }, got ${describe(addr)}`);
}

/** `host:port`, with brackets around an IPv6 host: for messages. */
export function formatAddr(host: string | undefined, port: number): string {
  const h = host ?? 'localhost';
  return h.includes(':') ? `[${h}]:${port}` : `${h}:${port}`;
}

/** The address Node reports for one end of a socket, or `undefined` once it is closed. */
export function toSocketAddr(
  host: string | undefined,
  port: number | undefined,
  family: string | undefined,
): SocketAddr {
  if (host === undefined || port === undefined) throw new TypeError('the socket is not connected');
  return { host, port, family: family === 'IPv6' ? 'IPv6' : 'IPv4' };
}
