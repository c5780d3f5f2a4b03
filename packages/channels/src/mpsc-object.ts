import { channel, Permit, Receiver, Sender, UnboundedSender, unbounded } from './mpsc';

/**
 * What `mpsc` is at run time in the built package: the members of `./mpsc`, in a frozen object.
 *
 * `export * as mpsc` (index.ts) is what the types, the documentation and the package's own tests see.
 * Built as it is, it becomes a namespace object made by a call that bundlers must keep, so every
 * application that imported anything from the package carried all of mpsc. This object is marked
 * pure, so a bundle that does not use `mpsc` drops it with everything it holds. The published
 * declarations still come from index.ts, and a test checks that this object holds exactly the
 * namespace's members.
 */
export const mpsc = /* @__PURE__ */ Object.freeze({
  __proto__: null,
  channel,
  unbounded,
  Sender,
  UnboundedSender,
  Receiver,
  Permit,
});
