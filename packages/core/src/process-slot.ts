/**
 * `processSlot`: state that exists once per process, however many copies of `@async/core` it loads.
 *
 * # Implementation notes
 *
 * An application can load core twice: its ESM build through `import` beside its CJS build through
 * `require`, or two versions in nested `node_modules`. A module-level variable exists once per copy,
 * so a default clock kept in one would let `TestClock.install()` from one copy leave the timers of the
 * other on the host's clock, silently. What must be one per process therefore lives on `globalThis`,
 * under a `Symbol.for` key, which every copy (and every realm's `Symbol.for`) names alike.
 *
 * The key carries the version of the slot's layout (`@async/core:clock@1`): copies that agree on the
 * layout share the slot, and a future copy that changes it incompatibly bumps the version, so that it
 * never misreads an older copy's slot (it then gets one of its own, and says so in its changelog).
 * Adding a field that older copies can ignore keeps the version.
 *
 * What is process-wide: the default clock with the host clock it starts as (`clock.ts`), and the task
 * tracker of the running `run` (`task.ts`). Errors and the select protocol need no slot, since they
 * already recognise each other through `Symbol.for` brands and keys. What stays per copy: caches whose
 * duplication costs a little and never changes behaviour, and which would tie a copy to another's
 * private layout if shared (the abort tables keep one listener per signal per copy, `Settlement`
 * one reaction per promise per copy, `select` its own fairness rotation).
 */

/**
 * The object under `Symbol.for('@async/core:<name>')` on `globalThis` (`name` ends with the layout's
 * version, as `default-clock@1`), made with `init()`
 * by the first copy that asks for it. Call it once per module, at load, so that reading a slot costs
 * one property access; mark the call with a `@__PURE__` block comment, so that bundlers drop it with
 * whatever uses it.
 */
export function processSlot<T extends object>(name: string, init: () => T): T {
  // A symbol key never shows in `Object.keys(globalThis)` or a `for…in` over it.
  return ((globalThis as { [key: symbol]: T })[Symbol.for(`@async/core:${name}`)] ??= init());
}
