// FC-01: transform, chain and propagate errors across awaits.
//
// Rust → TypeScript: `fut.await.map(f)` → `f(await fut)` (or `fut.then(f)`); `and_then` / a chain of
// `let x = a().await?; let y = b(x).await?;` → consecutive `await`s, where a thrown error returns
// early as `?` does; `or_else` → `.catch(…)` or `try/catch` with a recovery value; an error enum with
// `From` conversions → one error class with a `kind`, wrapping the original as `cause`. Nothing here
// needs a runtime: async functions and promises are the language's own futures.
import { yieldNow } from '@async/core';
import { isMain, type Out } from './is-main';

type AppErrorKind = 'network' | 'not-found' | 'invalid-data';

class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly kind: AppErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  /** `impl From<NetworkError> for AppError`: wrap what a lower layer threw. */
  static from(error: unknown): AppError {
    if (error instanceof AppError) return error;
    if (error instanceof SyntaxError) return new AppError('invalid-data', error.message, { cause: error });
    return new AppError('network', error instanceof Error ? error.message : String(error), { cause: error });
  }
}

const bodies: Record<string, string> = {
  '/users/42': '{"name":"User_42"}',
  '/users/42/posts': '["Post 1 by user 42","Post 2 by user 42"]',
  '/users/13': '{"name": broken',
};

/** A stand-in for an HTTP GET: latency, then a body, a 404, or a network failure. */
async function get(path: string): Promise<string> {
  await yieldNow();
  if (path.startsWith('/offline')) throw new TypeError('fetch failed: ECONNREFUSED');
  const body = bodies[path];
  if (body === undefined) throw new AppError('not-found', `${path} not found`);
  return body;
}

/** Conversion at the boundary: anything `get` or `JSON.parse` throws becomes an AppError. */
async function getJson<T>(path: string): Promise<T> {
  try {
    return JSON.parse(await get(path)) as T;
  } catch (error) {
    throw AppError.from(error);
  }
}

async function fetchUserName(id: number): Promise<string> {
  if (id === 0) throw new AppError('invalid-data', 'invalid user ID');
  return (await getJson<{ name: string }>(`/users/${id}`)).name;
}

/** map: await, then transform the value synchronously. */
async function userNameUppercase(id: number): Promise<string> {
  return (await fetchUserName(id)).toUpperCase();
}

/** Chaining: the second call needs the first one's result; a throw stops the chain (Rust's `?`). */
async function userWithPosts(id: number): Promise<{ name: string; posts: string[] }> {
  const name = await fetchUserName(id);
  const posts = await getJson<string[]>(`/users/${id}/posts`);
  return { name, posts };
}

function explain(error: unknown): string {
  if (!(error instanceof AppError)) throw error;
  switch (error.kind) {
    case 'network':
      return `network error: ${error.message}`;
    case 'not-found':
      return `resource not found: ${error.message}`;
    case 'invalid-data':
      return `bad data: ${error.message}`;
  }
}

export async function main(out: Out = console.log): Promise<void> {
  out(`map: ${await userNameUppercase(42)}`);
  // The same with a promise combinator: `.then` is map, and returning a promise from it is and_then.
  out(`then: ${await fetchUserName(42).then((name) => name.toLowerCase())}`);

  const { name, posts } = await userWithPosts(42);
  out(`chain: ${name} has ${posts.length} posts`);

  for (const attempt of [() => userWithPosts(0), () => userWithPosts(7), () => userWithPosts(13)]) {
    try {
      await attempt();
    } catch (error) {
      out(`error: ${explain(error)}`);
    }
  }
  try {
    await getJson('/offline/status');
  } catch (error) {
    out(`error: ${explain(error)} (cause: ${((error as AppError).cause as Error).name})`);
  }

  // or_else: recover from a failure with a fallback value.
  const display = await fetchUserName(7).catch((error: unknown) =>
    error instanceof AppError && error.kind === 'not-found' ? 'guest' : Promise.reject(error),
  );
  out(`or_else: ${display}`);
}

if (isMain(import.meta)) await main();
