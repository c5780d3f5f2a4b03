/**
 * The empty base class of every guard and permit. Guards are resolved through promises, so V8 looks
 * up `then` on each one; measured on Node 20, that lookup is markedly cheaper on an instance of a
 * derived class than on an instance of a base class (hence this otherwise useless parent), and nothing
 * in the chain may define `then`. Its declaration ships, as the base of public classes.
 * @hidden
 */
export class Held {}
