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
  },
})
