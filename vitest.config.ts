import { availableParallelism } from 'node:os'
import { configDefaults, defineConfig } from 'vitest/config'

/** `npm test`: every test but the slow tier (`*.slow.test.ts`, `npm run test:slow`, see vitest.slow.config.ts). */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/**/*.slow.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Vitest runs one file fewer than the cores at a time: a single file on a 2-core machine. Much of this suite
    // waits on child processes and worker threads, so two files at once keep both cores busy (about half the time).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
})
