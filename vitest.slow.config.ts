import { defineConfig } from 'vitest/config'

/**
 * The slow tier (`npm run test:slow`): load, crash and large randomized tests, `*.slow.test.ts`. `npm test` leaves them
 * out so it stays quick; CI runs both.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.slow.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
})
