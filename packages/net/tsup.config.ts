import { defineConfig } from 'tsup';
import base from '../../tsup.base';

// The shared build, keeping the `node:` prefix of the built-in modules: Deno and Bun resolve Node's
// modules only under that prefix.
export default defineConfig({ ...base, removeNodeProtocol: false });
