import { describe, expect, it } from 'vitest'
import {
  createSigner,
  exportKeyPair,
  generateKeyPair,
  importKeyPair,
  issueJwt,
  validateCredential,
  type Signer,
} from '../../../src/index.js'
import { copy } from '../../helpers/credentials.js'
import { caught, credentialFor, expectMicrocredError } from './helpers.js'

describe('issueJwt(): programming mistakes → TypeError', () => {
  it('both a keyPair and a signer', async () => {
    const keyPair = await generateKeyPair()
    const error = await caught(() =>
      issueJwt(credentialFor(keyPair.controller), { keyPair, signer: createSigner(keyPair) }),
    )
    expect(error).toBeInstanceOf(TypeError)
  })

  it('neither a keyPair nor a signer', async () => {
    const keyPair = await generateKeyPair()
    expect(await caught(() => issueJwt(credentialFor(keyPair.controller), {}))).toBeInstanceOf(TypeError)
  })

  it.each([
    ['Ed25519', 'RS256'],
    ['ES256', 'EdDSA'],
    ['RS256', 'ES256'],
  ] as const)('an alg the key does not produce (%s key, alg %s)', async (algorithm, alg) => {
    const keyPair = await generateKeyPair({ algorithm } as { algorithm: 'Ed25519' })
    expect(
      await caught(() => issueJwt(credentialFor(keyPair.controller), { keyPair, jwtAlgorithm: alg })),
    ).toBeInstanceOf(TypeError)
  })

  it("an alg that does not match a signer's algorithm", async () => {
    const keyPair = await generateKeyPair({ algorithm: 'ES256' })
    expect(
      await caught(() =>
        issueJwt(credentialFor(keyPair.controller), { signer: createSigner(keyPair), jwtAlgorithm: 'RS256' }),
      ),
    ).toBeInstanceOf(TypeError)
  })

  it("keyIn 'jwk' with a signer", async () => {
    const keyPair = await generateKeyPair()
    expect(
      await caught(() => issueJwt(credentialFor(keyPair.controller), { signer: createSigner(keyPair), keyIn: 'jwk' })),
    ).toBeInstanceOf(TypeError)
  })

  it('an unknown keyIn', async () => {
    const keyPair = await generateKeyPair()
    expect(
      await caught(() => issueJwt(credentialFor(keyPair.controller), { keyPair, keyIn: 'x5c' as never })),
    ).toBeInstanceOf(TypeError)
  })

  it('a keyPair that is not a microcred key pair (a plain copy)', async () => {
    const keyPair = await generateKeyPair()
    expect(await caught(() => issueJwt(credentialFor(keyPair.controller), { keyPair: { ...keyPair } }))).toBeInstanceOf(
      TypeError,
    )
  })

  it('a signer of an unsupported algorithm', async () => {
    const keyPair = await generateKeyPair()
    const signer = { id: keyPair.id, algorithm: 'ES384', sign: async () => new Uint8Array(64) } as unknown as Signer
    expect(await caught(() => issueJwt(credentialFor(keyPair.controller), { signer }))).toBeInstanceOf(TypeError)
  })
})

describe('issueJwt(): bad input → MicrocredError', () => {
  it("an invalid credential: the first validation issue's code and path", async () => {
    const keyPair = await generateKeyPair()
    const bad = copy(credentialFor(keyPair.controller))
    bad.validFrom = 'not a date'
    const error = await expectMicrocredError(() => issueJwt(bad, { keyPair }), 'ERR_DATA_MODEL')
    expect(error.path).toBe('validFrom')
    const issues = await validateCredential(bad)
    expect(error.code).toBe(issues[0]!.code)
    expect(error.path).toBe(issues[0]!.path)
    expect(error.issues).toEqual(issues)
  })

  it("a credential missing a property the VC Data Model requires: ERR_DATA_MODEL first, the OB 3.0 schema's ERR_SCHEMA_REQUIRED too", async () => {
    const keyPair = await generateKeyPair()
    const bad = copy(credentialFor(keyPair.controller))
    delete bad.credentialSubject
    const error = await expectMicrocredError(() => issueJwt(bad, { keyPair }), 'ERR_DATA_MODEL')
    expect(error.path).toBe('credentialSubject')
    expect(error.issues).toContainEqual(
      expect.objectContaining({ code: 'ERR_SCHEMA_REQUIRED', path: 'credentialSubject' }),
    )
  })

  it('a badge missing a property only the OB 3.0 schema requires: ERR_SCHEMA_REQUIRED', async () => {
    const keyPair = await generateKeyPair()
    const bad = copy(credentialFor(keyPair.controller))
    delete bad.credentialSubject.achievement.criteria
    const error = await expectMicrocredError(() => issueJwt(bad, { keyPair }), 'ERR_SCHEMA_REQUIRED')
    expect(error.path).toBe('credentialSubject.achievement.criteria')
  })

  it('a key whose controller is not the issuer → ERR_ISSUER_KEY_MISMATCH', async () => {
    const issuerKey = await generateKeyPair()
    const otherKey = await generateKeyPair()
    const error = await expectMicrocredError(
      () => issueJwt(credentialFor(issuerKey.controller), { keyPair: otherKey }),
      'ERR_ISSUER_KEY_MISMATCH',
    )
    expect(error.path).toBe('issuer.id')
  })

  it('a signer whose id is not a key of the issuer → ERR_ISSUER_KEY_MISMATCH', async () => {
    const issuerKey = await generateKeyPair()
    const otherKey = await generateKeyPair({ algorithm: 'RS256' })
    await expectMicrocredError(
      () => issueJwt(credentialFor(issuerKey.controller), { signer: createSigner(otherKey) }),
      'ERR_ISSUER_KEY_MISMATCH',
    )
  })

  it('a public-only key → ERR_KEY_INVALID', async () => {
    for (const algorithm of ['Ed25519', 'ES256', 'RS256'] as const) {
      const full = await generateKeyPair({ algorithm } as { algorithm: 'Ed25519' })
      const publicOnly = await importKeyPair(exportKeyPair(full, { format: 'jwk' }))
      expect(publicOnly.canSign).toBe(false)
      expect(publicOnly.controller).toBe(full.controller)
      await expectMicrocredError(
        () => issueJwt(credentialFor(publicOnly.controller), { keyPair: publicOnly }),
        'ERR_KEY_INVALID',
      )
    }
  })

  it('a signer that throws → ERR_SIGNING_FAILED, with the cause kept', async () => {
    const keyPair = await generateKeyPair()
    const failure = new Error('KMS unavailable')
    const signer: Signer = {
      id: keyPair.id,
      algorithm: 'Ed25519',
      sign: async () => {
        throw failure
      },
    }
    const error = await expectMicrocredError(
      () => issueJwt(credentialFor(keyPair.controller), { signer }),
      'ERR_SIGNING_FAILED',
    )
    expect(error.message).toContain('KMS unavailable')
    expect(error.cause).toBe(failure)
  })

  it('a signer that returns no signature → ERR_SIGNING_FAILED', async () => {
    const keyPair = await generateKeyPair()
    const signer: Signer = { id: keyPair.id, algorithm: 'Ed25519', sign: async () => new Uint8Array(0) }
    await expectMicrocredError(() => issueJwt(credentialFor(keyPair.controller), { signer }), 'ERR_SIGNING_FAILED')
  })

  it('a credential over maxBytes → ERR_INPUT_TOO_LARGE', async () => {
    const keyPair = await generateKeyPair()
    await expectMicrocredError(
      () => issueJwt(credentialFor(keyPair.controller), { keyPair, maxBytes: 100 }),
      'ERR_INPUT_TOO_LARGE',
    )
  })
})
