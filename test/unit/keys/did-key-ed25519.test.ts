/**
 * Ed25519 did:key documents built in microcred (src/keys/did-key-ed25519.ts) against key-did-resolver, which builds
 * every other did:key: the same document for every key, and the same refusals for bytes that are not a curve point.
 */
import { generateKeyPairSync } from 'node:crypto'
import { Resolver } from 'did-resolver'
import { getResolver } from 'key-did-resolver'
import { describe, expect, it } from 'vitest'
import { ed25519DidKeyDocument, x25519FromEd25519 } from '../../../src/keys/did-key-ed25519.js'
import { createKeyResolver } from '../../../src/index.js'
import { encodeBase58btc } from '../../../src/util/base58.js'
import { seededRandom } from '../../helpers/random-credentials.js'

const SEED = Number(process.env['MICROCRED_SEED'] ?? 25519)
console.log(`did-key-ed25519: seed ${SEED} (MICROCRED_SEED to replay)`)

const reference = new Resolver(getResolver())
const didOf = (publicKey: Uint8Array): string => {
  const bytes = new Uint8Array(34)
  bytes.set([0xed, 0x01])
  bytes.set(publicKey, 2)
  return `did:key:z${encodeBase58btc(bytes)}`
}

describe('Ed25519 did:key documents', () => {
  it('are key-did-resolver’s documents, member for member, for 200 generated keys', async () => {
    for (let i = 0; i < 200; i++) {
      const raw = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url')
      const did = didOf(raw)
      const theirs = await reference.resolve(did)
      expect(JSON.stringify(ed25519DidKeyDocument(did)), did).toBe(JSON.stringify(theirs.didDocument))
    }
  })

  it('refuse exactly the 32-byte strings key-did-resolver refuses (seeded random bytes, y ≥ p, x = 0 with the sign bit)', async () => {
    const random = seededRandom(SEED)
    const candidates: Uint8Array[] = []
    for (let i = 0; i < 300; i++) {
      const bytes = new Uint8Array(32)
      for (let j = 0; j < 32; j++) bytes[j] = random.int(0, 255)
      candidates.push(bytes)
    }
    // y = p (not reduced), y = 1 with the sign bit (x = 0, sign 1), y = 1 (the neutral point: no X25519 form).
    const p = new Uint8Array(32).fill(0xff)
    p[0] = 0xed
    p[31] = 0x7f
    const one = new Uint8Array(32)
    one[0] = 1
    const oneSigned = new Uint8Array(one)
    oneSigned[31] = 0x80
    candidates.push(p, one, oneSigned)
    let refused = 0
    for (const bytes of candidates) {
      const did = didOf(bytes)
      const theirs = await reference.resolve(did)
      const ours = ed25519DidKeyDocument(did)
      if (theirs.didDocument === null) refused++
      expect(ours === undefined, `${Buffer.from(bytes).toString('hex')}: ours ${String(ours === undefined)}`).toBe(
        theirs.didDocument === null,
      )
      if (ours !== undefined) expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs.didDocument))
    }
    // Random bytes are a point about half the time: both outcomes were exercised.
    expect(refused).toBeGreaterThan(50)
    expect(refused).toBeLessThan(candidates.length - 50)
    expect(x25519FromEd25519(new Uint8Array(31))).toBeUndefined()
  })

  it('leave every other did:key to key-did-resolver: the resolver still resolves a P-256 did:key', async () => {
    expect(ed25519DidKeyDocument('did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169')).toBeUndefined()
    expect(ed25519DidKeyDocument('did:key:z6Mk0OIl')).toBeUndefined()
    const resolved = await createKeyResolver().resolve(
      'did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169#zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169',
    )
    expect(resolved.verificationMethod.controller).toBe('did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169')
  })
})
