/**
 * A status list store in PostgreSQL, for issuing services that run several processes or machines. One row per
 * handed-out index; the primary key (list, position) makes handing one index out twice impossible, whoever asks
 * at the same time, and every change is a single statement, so it is atomic and durable when it returns.
 * Takes any client with `pg`'s `query(text, values)` (a `pg.Pool`); microcred does not depend on `pg` itself.
 */
import { randomInt } from 'node:crypto'
import { MicrocredError } from '../errors.js'
import { createBits, writeEntry } from './bitstring.js'
import {
  checkEntry,
  unknownEntry,
  unknownList,
  type StatusListRecord,
  type StatusListStore,
  type StatusPurpose,
} from './store.js'

/** What the store needs of a PostgreSQL client: `pg.Pool` and `pg.Client` fit. */
export interface SqlClient {
  /** Runs one parameterised statement (`$1`, `$2`... bound to `values`). */
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>
}

/** Options of {@link PostgresStatusListStore}. */
export interface PostgresStatusListStoreOptions {
  /** Table name prefix; tables `<prefix>_list` and `<prefix>_entry`. Default `microcred_status`. */
  tablePrefix?: string
}

/**
 * A {@link StatusListStore} in PostgreSQL. Call `migrate()` once to create its tables.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * const store = new PostgresStatusListStore(new pg.Pool({ connectionString: process.env.DATABASE_URL }))
 * await store.migrate()
 * const list = await createStatusList({ id: 'https://uni.example/status/1', purpose: 'revocation', store })
 * ```
 */
export class PostgresStatusListStore implements StatusListStore {
  private readonly lists: string
  private readonly entries: string

  constructor(
    private readonly client: SqlClient,
    options: PostgresStatusListStoreOptions = {},
  ) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the client comes from callers: JavaScript may pass none
    if (typeof client?.query !== 'function')
      throw new TypeError('new PostgresStatusListStore(client): client must have query(text, values) (a pg.Pool)')
    const prefix = options.tablePrefix ?? 'microcred_status'
    if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix))
      throw new TypeError(
        `new PostgresStatusListStore(client, options): tablePrefix ${JSON.stringify(prefix)} must be a lower-case SQL identifier`,
      )
    this.lists = `${prefix}_list`
    this.entries = `${prefix}_entry`
  }

  /** Creates the tables if they do not exist. */
  async migrate(): Promise<void> {
    await this.client.query(`CREATE TABLE IF NOT EXISTS ${this.lists} (
      id text PRIMARY KEY,
      purpose text NOT NULL,
      length integer NOT NULL CHECK (length > 0),
      status_size integer NOT NULL CHECK (status_size BETWEEN 1 AND 8),
      status_messages jsonb
    )`)
    await this.client.query(`CREATE TABLE IF NOT EXISTS ${this.entries} (
      list_id text NOT NULL REFERENCES ${this.lists} (id),
      position integer NOT NULL,
      status integer NOT NULL DEFAULT 0,
      PRIMARY KEY (list_id, position)
    )`)
  }

  async create(record: StatusListRecord): Promise<void> {
    const result = await this.client.query(
      `INSERT INTO ${this.lists} (id, purpose, length, status_size, status_messages) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
      [
        record.id,
        record.purpose,
        record.length,
        record.statusSize,
        record.statusMessages === undefined ? null : JSON.stringify(record.statusMessages),
      ],
    )
    if (result.rowCount !== 1)
      throw new MicrocredError(
        'ERR_STATUS_LIST_EXISTS',
        `a status list ${record.id} already exists in this database: open it with openStatusList(id, { store }), or create it with openOrCreateStatusList() to open it when it exists`,
      )
  }

  async get(id: string): Promise<StatusListRecord | undefined> {
    const { rows } = await this.client.query(
      `SELECT purpose, length, status_size, status_messages FROM ${this.lists} WHERE id = $1`,
      [id],
    )
    const row = rows[0]
    if (row === undefined) return undefined
    const messages = row['status_messages']
    return {
      id,
      purpose: row['purpose'] as StatusPurpose,
      length: Number(row['length']),
      statusSize: Number(row['status_size']),
      ...(messages === null || messages === undefined
        ? {}
        : {
            statusMessages: (typeof messages === 'string'
              ? JSON.parse(messages)
              : messages) as StatusListRecord['statusMessages'],
          }),
    }
  }

  private async record(id: string): Promise<StatusListRecord> {
    const record = await this.get(id)
    if (record === undefined) throw unknownList(id)
    return record
  }

  async allocate(id: string): Promise<number> {
    const { length } = await this.record(id)
    // Sparse list: random candidates; the primary key decides who gets one, so two processes never share it.
    for (let attempt = 0; attempt < 32; attempt++) {
      const candidate = randomInt(length)
      const result = await this.client.query(
        `INSERT INTO ${this.entries} (list_id, position) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [id, candidate],
      )
      if (result.rowCount === 1) return candidate
    }
    // Dense list: let the database pick a free position at random; retry when another process took it first.
    for (;;) {
      const result = await this.client.query(
        `INSERT INTO ${this.entries} (list_id, position)
         SELECT $1, p FROM generate_series(0, $2::integer - 1) AS p
         WHERE NOT EXISTS (SELECT 1 FROM ${this.entries} e WHERE e.list_id = $1 AND e.position = p)
         ORDER BY random() LIMIT 1
         ON CONFLICT DO NOTHING RETURNING position`,
        [id, length],
      )
      if (result.rowCount === 1) return Number(result.rows[0]?.['position'])
      const { rows } = await this.client.query(
        `SELECT count(*)::integer AS n FROM ${this.entries} WHERE list_id = $1`,
        [id],
      )
      if (Number(rows[0]?.['n']) >= length)
        throw new MicrocredError(
          'ERR_STATUS_LIST_FULL',
          `every index of ${id} has been handed out; create another list`,
        )
    }
  }

  async isAllocated(id: string, index: number): Promise<boolean> {
    checkEntry(await this.record(id), index)
    const { rows } = await this.client.query(`SELECT 1 FROM ${this.entries} WHERE list_id = $1 AND position = $2`, [
      id,
      index,
    ])
    return rows.length === 1
  }

  async setStatus(id: string, index: number, value: number): Promise<void> {
    checkEntry(await this.record(id), index, value)
    const result = await this.client.query(
      `UPDATE ${this.entries} SET status = $3 WHERE list_id = $1 AND position = $2`,
      [id, index, value],
    )
    if (result.rowCount !== 1) throw unknownEntry(id, index)
  }

  async getStatus(id: string, index: number): Promise<number> {
    checkEntry(await this.record(id), index)
    const { rows } = await this.client.query(
      `SELECT status FROM ${this.entries} WHERE list_id = $1 AND position = $2`,
      [id, index],
    )
    return rows[0] === undefined ? 0 : Number(rows[0]['status'])
  }

  async bits(id: string): Promise<Uint8Array> {
    const record = await this.record(id)
    const bits = createBits(record.length, record.statusSize)
    const { rows } = await this.client.query(
      `SELECT position, status FROM ${this.entries} WHERE list_id = $1 AND status <> 0`,
      [id],
    )
    for (const row of rows) writeEntry(bits, Number(row['position']), record.statusSize, Number(row['status']))
    return bits.bits
  }
}
