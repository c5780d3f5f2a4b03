/**
 * Test kits shared by the `@async` packages (private: never published).
 *
 * The Selectable conformance kit checks an implementation of core's select protocol: see README.md.
 *
 * @packageDocumentation
 */
export { abortListeners, heapAfterGc, settle } from './heap';
export { isSelectable, registerWake, type SelectBranch, type TryResult, trySelect } from './protocol';
export {
  type Check,
  type CheckName,
  type ConformanceOptions,
  describeSelectable,
  selectableChecks,
} from './selectable-conformance';
export type { Readiness, SelectableSubject, SubjectSetup } from './selectable-subject';
