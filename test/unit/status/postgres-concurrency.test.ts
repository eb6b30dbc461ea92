/**
 * Several replicas, one truth: two processes allocating 10,000 indexes each from one PostgreSQL-backed list
 * get 20,000 distinct indexes.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { PostgresStatusListStore, createStatusList } from '../../../src/entries/status.js'
import { runFixture } from '../../helpers/child.js'
import { POSTGRES_URL, dropTables, testDatabase } from '../../helpers/postgres.js'

const suite = POSTGRES_URL === undefined ? describe.skip : describe
const { pool, prefix } = testDatabase()
afterAll(async () => {
  if (POSTGRES_URL !== undefined) await dropTables(pool, prefix)
  await pool.end()
})

suite('PostgreSQL store across processes', () => {
  it('two processes allocating 10,000 indexes each get 20,000 distinct indexes', { timeout: 300_000 }, async () => {
    const store = new PostgresStatusListStore(pool, { tablePrefix: prefix })
    await store.migrate()
    const id = 'https://uni.example/status/replicas'
    await createStatusList({ id, purpose: 'revocation', store })
    const outputs = await Promise.all(
      [0, 1].map(() => runFixture('test/fixtures/status/pg-allocate.ts', [POSTGRES_URL!, prefix, id, '10000'])),
    )
    const [first, second] = outputs.map((out) => JSON.parse(out) as number[])
    expect(first).toHaveLength(10_000)
    expect(second).toHaveLength(10_000)
    expect(new Set([...first!, ...second!]).size).toBe(20_000)
    const { rows } = await pool.query(`SELECT count(*)::integer AS n FROM ${prefix}_entry WHERE list_id = $1`, [id])
    expect(rows[0].n).toBe(20_000)
  })
})
