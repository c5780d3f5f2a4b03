// The Selectable conformance kit (testing/, private) over core's selectables. Core imports the kit by
// path: `@async/testing` depends on `@async/core`, so core cannot list it as a dependency.
import { describeSelectable } from '../../../testing/src/index';
import { CancellationToken } from '../src/cancellation-token';

describeSelectable('CancellationToken', () => {
  const token = new CancellationToken();
  return { branch: () => token, makeReady: () => token.cancel(), readiness: 'latch' };
});

describeSelectable('CancellationToken child', () => {
  const parent = new CancellationToken();
  const child = parent.child();
  return { branch: () => child, makeReady: () => parent.cancel(), readiness: 'latch' };
});
