import { defineConfig } from 'tsup'

export default defineConfig([
  {
    // The library and the `microcred` command as ESM; they share chunks, so the command adds little.
    // worker: the thread issueMany() starts; service-thread: the service's threads (verifying, issuing). Each is found next to
    // the chunk that starts it.
    entry: {
      index: 'src/index.ts',
      server: 'src/server/index.ts',
      cli: 'src/cli/main.ts',
      worker: 'src/many/worker.ts',
      'service-thread': 'src/server/thread.ts',
    },
    format: ['esm'],
    dts: { entry: { index: 'src/index.ts', server: 'src/server/index.ts' } },
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
    entry: {
      index: 'src/index.ts',
      server: 'src/server/index.ts',
      worker: 'src/many/worker.ts',
      'service-thread': 'src/server/thread.ts',
    },
    format: ['cjs'],
    // import.meta.url (to find the worker file) in CommonJS.
    shims: true,
    // Shared chunks, so `microcred` and `microcred/server` use one copy of the library (one MicrocredError class,
    // one key-pair registry).
    splitting: true,
    dts: { entry: { index: 'src/index.ts', server: 'src/server/index.ts' } },
    sourcemap: true,
    keepNames: true,
    target: 'node22',
    platform: 'node',
  },
])
