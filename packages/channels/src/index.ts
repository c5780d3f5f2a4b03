/**
 * @packageDocumentation
 * mpsc, oneshot, broadcast and watch channels with tokio's semantics: cancel-safe and selectable.
 */
export {};
