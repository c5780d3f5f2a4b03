// `node --import tsx --import ./register.mjs`: installs resolve-hooks.mjs (see there).
import { register } from 'node:module';

register('./resolve-hooks.mjs', import.meta.url);
