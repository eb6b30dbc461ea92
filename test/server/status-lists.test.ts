/**
 * The service's status lists: an entry allocated to a credential that was not issued after all is given up, in memory
 * and in the index file, so the credential id can be issued again, also after a restart.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateKeyPair } from '../../src/index.js'
import { MemoryStatusListStore } from '../../src/entries/status.js'
import { ServiceStatusLists } from '../../src/server/status.js'
import { createBearerToken, createVcApiServer } from '../../src/entries/server.js'
import { call } from '../helpers/http.js'

describe('ServiceStatusLists.release', () => {
  it('gives up an entry: the id gets a new one, now and after a restart (the index file says so)', async () => {
    const keyPair = await generateKeyPair()
    const store = new MemoryStatusListStore()
    const indexFile = join(mkdtempSync(join(tmpdir(), 'microcred-status-')), 'issued.jsonl')
    const id = 'urn:uuid:6d1f0c2e-0000-4000-8000-0000000000a1'
    const lists = await ServiceStatusLists.open('https://issuer.example', store, keyPair, indexFile)
    const first = await lists.allocate(id, 'revocation')
    await expect(lists.allocate(id, 'revocation')).rejects.toMatchObject({ code: 'ERR_INVALID_INPUT' })
    await lists.release(id, 'revocation')
    expect(() => lists.assertChangeable(id, 'revoked', 'x')).toThrow(
      expect.objectContaining({ code: 'ERR_STATUS_LIST_UNKNOWN' }),
    )
    const second = await lists.allocate(id, 'revocation')
    // The released index is never reused: a list cannot take an index back.
    expect(second.statusListIndex).not.toBe(first.statusListIndex)
    await lists.release(id, 'revocation')
    expect(
      readFileSync(indexFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { id, purpose: 'revocation', index: Number(first.statusListIndex) },
      { id, purpose: 'revocation', released: true },
      { id, purpose: 'revocation', index: Number(second.statusListIndex) },
      { id, purpose: 'revocation', released: true },
    ])

    const restarted = await ServiceStatusLists.open('https://issuer.example', store, keyPair, indexFile)
    expect(() => restarted.assertChangeable(id, 'revoked', 'x')).toThrow(
      expect.objectContaining({ code: 'ERR_STATUS_LIST_UNKNOWN' }),
    )
    await restarted.allocate(id, 'revocation')
    expect(restarted.assertChangeable(id, 'revoked', 'x')).toMatchObject({ purpose: 'revocation' })
  })

  it('keeps the other purpose of the same credential, and does nothing for an id it never allocated', async () => {
    const lists = await ServiceStatusLists.open(
      'https://issuer.example',
      new MemoryStatusListStore(),
      await generateKeyPair(),
    )
    const id = 'urn:uuid:6d1f0c2e-0000-4000-8000-0000000000a2'
    await lists.allocate(id, 'revocation')
    await lists.allocate(id, 'suspension')
    await lists.release(id, 'suspension')
    await lists.release('urn:uuid:never', 'revocation')
    expect(lists.assertChangeable(id, 'revoked', 'x')).toMatchObject({ purpose: 'revocation' })
    expect(() => lists.assertChangeable(id, 'suspended', 'x')).toThrow(
      expect.objectContaining({ code: 'ERR_STATUS_PURPOSE_MISMATCH' }),
    )
  })
})

describe('POST /credentials/status for an index no credential was given', () => {
  it('is a 404 ERR_STATUS_ENTRY_UNKNOWN, as an unknown status list is', async () => {
    // The index file names an index the store never handed out (an index file kept from another store): the
    // service knows the credential id, but its list has no such entry.
    const indexFile = join(mkdtempSync(join(tmpdir(), 'microcred-status-')), 'issued.jsonl')
    const id = 'urn:uuid:6d1f0c2e-0000-4000-8000-0000000000a3'
    writeFileSync(indexFile, `${JSON.stringify({ id, purpose: 'revocation', index: 7 })}\n`)
    const { token, entry } = createBearerToken('lms-test')
    const server = await createVcApiServer({
      keyPair: await generateKeyPair(),
      publicUrl: 'https://issuer.example',
      auth: { tokens: [entry] },
      statusStore: new MemoryStatusListStore(),
      statusIndexFile: indexFile,
      logDestination: { write: () => undefined },
    })
    try {
      const base = await server.listen({ host: '127.0.0.1', port: 0 })
      const response = await call(
        base,
        '/credentials/status',
        { credentialId: id, credentialStatus: [{ status: 'revoked' }] },
        token,
      )
      expect(response.status).toBe(404)
      expect(response.type).toMatch(/^application\/problem\+json/)
      expect(response.body).toMatchObject({ status: 404, code: 'ERR_STATUS_ENTRY_UNKNOWN' })
    } finally {
      await server.close()
    }
  })
})
