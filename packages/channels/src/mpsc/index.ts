/**
 * Multi-producer, single-consumer channels, bounded ({@link channel}) and unbounded ({@link unbounded}).
 */
export type { TryRecvResult } from '../shared';
export { channel, Sender, type TrySendResult } from './bounded';
export { Permit } from './permit';
export { Receiver } from './receiver';
export { UnboundedSender, unbounded } from './unbounded';
