import { defineConfig } from 'tsup'

/** The package's entry points (package.json `exports`): the root and one subpath per area. */
const entries = {
  index: 'src/index.ts',
  status: 'src/entries/status.ts',
  bake: 'src/entries/bake.ts',
  batch: 'src/entries/batch.ts',
  stack: 'src/entries/stack.ts',
  keys: 'src/entries/keys.ts',
  vocabularies: 'src/entries/vocabularies.ts',
  contexts: 'src/entries/contexts.ts',
  server: 'src/entries/server.ts',
}

/**
 * The threads: worker is what issueMany() starts, service-thread the service's threads (verifying, issuing). Each is
 * found next to the chunk that starts it.
 */
const threads = { worker: 'src/many/worker.ts', 'service-thread': 'src/server/thread.ts' }

export default defineConfig([
  {
    // The library and the `microcred` command as ESM; they share chunks, so the command adds little.
    entry: { ...entries, cli: 'src/cli/main.ts', ...threads },
    format: ['esm'],
    // Types for the entry points only: one bundled declaration file each (and shared chunks), no internal files.
    dts: { entry: entries },
    splitting: true,
    sourcemap: true,
    clean: true,
    // Class names as written: an uncaught error prints as MicrocredError, not the bundler's _MicrocredError.
    keepNames: true,
    target: 'node22',
    platform: 'node',
  },
  {
    // The library as CommonJS. Dependencies stay external; the ESM-only ones load through require(), which
    // Node >= 22.12 supports (see engines).
    entry: { ...entries, ...threads },
    format: ['cjs'],
    // import.meta.url (to find the worker file) in CommonJS.
    shims: true,
    // Shared chunks, so every entry point uses one copy of the library (one MicrocredError class, one key-pair
    // registry).
    splitting: true,
    dts: { entry: entries },
    sourcemap: true,
    keepNames: true,
    target: 'node22',
    platform: 'node',
  },
])
