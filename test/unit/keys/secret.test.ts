import { randomBytes } from 'node:crypto'
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { createSigner, exportKeyPair, generateKeyPair, importKeyPair, type Ed25519KeyPair } from '../../../src/index.js'
import { VECTOR, VECTOR_SEED, b64u, secretKeyMultibaseOf } from './helpers.js'

/** Every way a key pair is commonly turned into text. */
function renderings(value: object): string[] {
  return [
    JSON.stringify(value),
    inspect(value),
    inspect(value, { showHidden: true, depth: Infinity, getters: true }),
    JSON.stringify(Object.keys(value)),
    JSON.stringify(Object.getOwnPropertyNames(value)),
    Reflect.ownKeys(value).map(String).join(','),
    JSON.stringify(Object.entries(value)),
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- what the key pair's own String() gives is what is tested
    String(value),
  ]
}

function expectNoLeak(value: object, secrets: string[]): void {
  for (const text of renderings(value)) {
    for (const secret of secrets) expect(text).not.toContain(secret)
  }
}

describe('the secret key never leaks from a key pair', () => {
  it('generated key pair (random seed)', async () => {
    const seed = Uint8Array.from(randomBytes(32))
    const keyPair = await generateKeyPair({ seed })
    const secretKeyMultibase = secretKeyMultibaseOf(seed)
    // the secret is really there (so the check below is meaningful)
    expect(exportKeyPair(keyPair, { secret: true }).secretKeyMultibase).toBe(secretKeyMultibase)
    expectNoLeak(keyPair, [secretKeyMultibase, b64u(seed), Buffer.from(seed).toString('hex')])
  })

  it('key pair imported from the vector Multikey', async () => {
    const keyPair = await importKeyPair(VECTOR.keyPair.multikey)
    expect(keyPair.canSign).toBe(true)
    expectNoLeak(keyPair, [
      VECTOR.keyPair.multikey.secretKeyMultibase,
      secretKeyMultibaseOf(VECTOR_SEED),
      b64u(VECTOR_SEED),
      VECTOR.keyPair.privateKeyHex.slice(0, 64),
    ])
  })

  it('key pair imported from a secret JWK', async () => {
    const jwk = {
      kty: 'OKP',
      crv: 'Ed25519',
      x: b64u(Buffer.from(VECTOR.keyPair.publicKeyHex, 'hex')),
      d: b64u(VECTOR_SEED),
    } as const
    const keyPair = await importKeyPair(jwk, { controller: 'did:web:uni.example' })
    expect(keyPair.canSign).toBe(true)
    expectNoLeak(keyPair, [jwk.d, secretKeyMultibaseOf(VECTOR_SEED), VECTOR.keyPair.privateKeyHex.slice(0, 64)])
  })

  it('the signer does not expose the secret either', async () => {
    const keyPair = await generateKeyPair({ seed: VECTOR_SEED })
    const signer = createSigner(keyPair)
    expectNoLeak(signer, [
      secretKeyMultibaseOf(VECTOR_SEED),
      b64u(VECTOR_SEED),
      VECTOR.keyPair.privateKeyHex.slice(0, 64),
    ])
  })

  it('only the documented public properties are enumerable', async () => {
    const keyPair: Ed25519KeyPair = await generateKeyPair()
    expect(Object.keys(keyPair).sort()).toEqual([
      'algorithm',
      'canSign',
      'controller',
      'id',
      'publicKeyMultibase',
      'type',
    ])
  })
})
