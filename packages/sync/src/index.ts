/**
 * @packageDocumentation
 * Mutex, RwLock, Semaphore, Barrier, Notify and OnceCell with tokio's semantics: fair, abortable, fast.
 */
export {};
