/**
 * The PostgreSQL server for the PostgreSQL store tests: `MICROCRED_TEST_POSTGRES_URL`, which `.ci/run` sets after
 * starting a server on 127.0.0.1 (`.ci/postgres`). In CI its absence is an error; elsewhere those tests are
 * skipped with a loud message (run `.ci/postgres` and export the URL it prints to run them).
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export const POSTGRES_URL = process.env['MICROCRED_TEST_POSTGRES_URL']

if (POSTGRES_URL === undefined) {
  if (process.env['CI'] !== undefined) throw new Error('CI must provide MICROCRED_TEST_POSTGRES_URL (see .ci/postgres)')
  console.warn(
    '\n*** PostgreSQL store tests SKIPPED: MICROCRED_TEST_POSTGRES_URL is not set. Run `.ci/postgres` and export the URL it prints. ***\n',
  )
}

/** A pool on the test server, and a table prefix no other test uses. */
export function testDatabase(): { pool: pg.Pool; prefix: string } {
  return {
    pool: new pg.Pool({ connectionString: POSTGRES_URL, max: 4 }),
    prefix: `mc_test_${randomBytes(6).toString('hex')}`,
  }
}

/** Drops the tables of a prefix. */
export async function dropTables(pool: pg.Pool, prefix: string): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS ${prefix}_entry`)
  await pool.query(`DROP TABLE IF EXISTS ${prefix}_list`)
}
