/**
 * @packageDocumentation
 * Clocks, sleep, timeout, interval and a test clock: time for every @async package.
 */
export {};
