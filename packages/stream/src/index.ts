/**
 * @packageDocumentation
 * Lazy, pull-based combinators over AsyncIterable, as tokio-stream: map, merge, buffered, throttle, …
 */
export {};
