/**
 * @packageDocumentation
 * Encoders, decoders and framing for Uint8Array streams: lines, length-delimited, JSON.
 */
export {};
