// The pending promises of the package's waiters (internal): one executor for all of them, so that
// creating one allocates no closure of ours.
let capturedResolve: (value: never) => void;
let capturedReject: (reason: unknown) => void;
function capture(resolve: (value: never) => void, reject: (reason: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/** A new pending promise whose settle functions are stored on `target`. */
export function pending<T>(target: {
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}): Promise<T> {
  const promise = new Promise<T>(capture);
  target.resolve = capturedResolve as (value: T) => void;
  target.reject = capturedReject;
  return promise;
}
