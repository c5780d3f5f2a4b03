// What the server accepts from a client: a JSON value is checked against `ClientFrame` here, once,
// for both modes (binary frames through `JsonCodec`'s `validate` hook, text lines after they were
// turned into frames), so the session only ever sees well-formed frames.
import { type ClientFrame, NAME_PATTERN } from './protocol';

/**
 * `value` as a `ClientFrame`, or a `TypeError` saying what is wrong with it (the session answers it
 * with a `bad_frame` error). A body longer than `MAX_BODY_LENGTH` is well formed: the session refuses
 * it with `too_long`, naming its `seq`.
 */
export function parseClientFrame(value: unknown): ClientFrame {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`a frame must be a JSON object, got ${JSON.stringify(value)}`);
  const frame = value as Record<string, unknown>;
  switch (frame.t) {
    case 'hello':
      name(frame, 'name');
      return frame as ClientFrame;
    case 'join':
    case 'leave':
      name(frame, 'room');
      return frame as ClientFrame;
    case 'say':
      name(frame, 'room');
      if (!Number.isSafeInteger(frame.seq))
        throw new TypeError(`say: seq must be an integer, got ${show(frame.seq)}`);
      if (typeof frame.sentAt !== 'number' || !Number.isFinite(frame.sentAt))
        throw new TypeError(`say: sentAt must be a finite number, got ${show(frame.sentAt)}`);
      if (typeof frame.body !== 'string')
        throw new TypeError(`say: body must be a string, got ${show(frame.body)}`);
      return frame as ClientFrame;
    case 'bye':
      return frame as ClientFrame;
    default:
      throw new TypeError(`unknown frame type ${show(frame.t)}`);
  }
}

function name(frame: Record<string, unknown>, key: string): void {
  const value = frame[key];
  if (typeof value !== 'string' || !NAME_PATTERN.test(value))
    throw new TypeError(`${String(frame.t)}: ${key} must match ${NAME_PATTERN}, got ${show(value)}`);
}

const show = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));
