import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import full from '../../electron.vite.config';

// The project's own preload build, alone: the preload test must not depend on the
// renderer (or main) building at that moment. Output goes to PRELOAD_OUT_DIR.
const preload =
  (full as { preload?: Record<string, unknown> & { build?: Record<string, unknown> } }).preload ?? {};

export default defineConfig({
  preload: {
    ...preload,
    build: { ...preload.build, outDir: resolve(process.env.PRELOAD_OUT_DIR ?? 'out/preload') },
  },
});
