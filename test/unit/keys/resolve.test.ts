import { describe, expect, it } from 'vitest'
import { createKeyResolver, exportKeyPair, generateKeyPair, importKeyPair } from '../../../src/index.js'
import {
  VECTOR,
  VECTOR_PUBLIC_KEY,
  b64u,
  decodePublicKeyMultibase,
  expectMicrocredError,
  publicKeyMultibaseOf,
} from './helpers.js'
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey'

describe('createKeyResolver().resolve() of did:key', () => {
  it('resolves a generated did:key id to its Multikey and controller document', async () => {
    const keyPair = await generateKeyPair()
    const did = `did:key:${keyPair.publicKeyMultibase}`
    const { verificationMethod, controller } = await createKeyResolver().resolve(keyPair.id)
    expect(verificationMethod.type).toBe('Multikey')
    expect(verificationMethod.id).toBe(keyPair.id)
    expect(verificationMethod.id).toBe(`${did}#${keyPair.publicKeyMultibase}`)
    expect(verificationMethod.controller).toBe(did)
    expect(verificationMethod.publicKeyMultibase).toBe(keyPair.publicKeyMultibase)
    // it is the same public key bytes as the key pair's JWK
    expect(b64u(decodePublicKeyMultibase(verificationMethod.publicKeyMultibase!))).toBe(
      exportKeyPair(keyPair, { format: 'jwk' }).x,
    )

    expect(controller?.id).toBe(did)
    expect(controller?.assertionMethod).toContain(keyPair.id)
    expect(controller?.verificationMethod.map((vm) => vm.id)).toContain(keyPair.id)
  })

  it("resolves the vector key's did:key to the published public key", async () => {
    const multibase = publicKeyMultibaseOf(VECTOR_PUBLIC_KEY)
    const did = `did:key:${multibase}`
    const { verificationMethod, controller } = await createKeyResolver().resolve(`${did}#${multibase}`)
    expect(verificationMethod.publicKeyMultibase).toBe(VECTOR.keyPair.multikey.publicKeyMultibase)
    expect(verificationMethod.controller).toBe(did)
    expect(controller?.id).toBe(did)
    expect(controller?.assertionMethod).toContain(`${did}#${multibase}`)
  })

  it('resolves the bare did (no fragment) to the same key', async () => {
    const keyPair = await generateKeyPair()
    const resolver = createKeyResolver()
    const withFragment = await resolver.resolve(keyPair.id)
    const bare = await resolver.resolve(keyPair.controller)
    expect(bare.verificationMethod.id).toBe(keyPair.id)
    expect(bare.verificationMethod.type).toBe('Multikey')
    expect(bare.verificationMethod.controller).toBe(keyPair.controller)
    expect(bare.verificationMethod.publicKeyMultibase).toBe(keyPair.publicKeyMultibase)
    expect(bare.verificationMethod).toEqual(withFragment.verificationMethod)
    expect(bare.controller?.id).toBe(keyPair.controller)
    expect(bare.controller?.assertionMethod).toContain(keyPair.id)
  })

  it('resolves a did:key of an imported public-only key (resolution needs no secret)', async () => {
    const keyPair = await importKeyPair({
      type: 'Multikey',
      publicKeyMultibase: VECTOR.keyPair.multikey.publicKeyMultibase,
    })
    expect(keyPair.canSign).toBe(false)
    const { verificationMethod } = await createKeyResolver().resolve(keyPair.id)
    expect(verificationMethod.publicKeyMultibase).toBe(VECTOR.keyPair.multikey.publicKeyMultibase)
  })

  it('resolving the same id twice gives the same key', async () => {
    const keyPair = await generateKeyPair()
    const resolver = createKeyResolver()
    const [a, b] = await Promise.all([resolver.resolve(keyPair.id), resolver.resolve(keyPair.id)])
    expect(a.verificationMethod).toEqual(b.verificationMethod)
  })
})

describe('createKeyResolver().resolve() failures → ERR_KEY_UNRESOLVED', () => {
  it('did:key:<multibase>#other names no key of that document', async () => {
    const keyPair = await generateKeyPair()
    await expectMicrocredError(
      () => createKeyResolver().resolve(`did:key:${keyPair.publicKeyMultibase}#other`),
      'ERR_KEY_UNRESOLVED',
    )
    // the fragment of another key does not work either
    const other = await generateKeyPair()
    await expectMicrocredError(
      () => createKeyResolver().resolve(`did:key:${keyPair.publicKeyMultibase}#${other.publicKeyMultibase}`),
      'ERR_KEY_UNRESOLVED',
    )
  })

  it.each([
    ['an https URL', 'https://example.edu/issuers/565049#key-1'],
    ['a did:web id', 'did:web:uni.example#key-1'],
  ])('%s needs a fetch', async (_name, id) => {
    const error = await expectMicrocredError(() => createKeyResolver().resolve(id), 'ERR_KEY_UNRESOLVED')
    expect(error.message).toMatch(/fetch/)
  })

  it('without a fetch, a <controller>#<publicKeyMultibase> id yields only the fragment key, marked as such', async () => {
    const resolved = await createKeyResolver().resolve(VECTOR.keyPair.multikey.id)
    expect(resolved.source).toBe('fragment')
    expect(resolved.controller).toBeUndefined()
    expect(resolved.verificationMethod.publicKeyMultibase).toBe(VECTOR.keyPair.multikey.publicKeyMultibase)
    expect(resolved.note).toMatch(/no fetch was given/)
  })

  it("'' names no verification method", async () => {
    await expectMicrocredError(() => createKeyResolver().resolve(''), 'ERR_KEY_UNRESOLVED')
  })

  it('a P-256 did:key resolves to its Multikey (zDn...)', async () => {
    const did = 'did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169'
    const resolved = await createKeyResolver().resolve(`${did}#zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169`)
    expect(resolved.verificationMethod).toMatchObject({
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: 'zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169',
    })
    expect(resolved.controller?.assertionMethod).toContain(resolved.verificationMethod.id)
  })

  it('an unsupported did:key (a real P-384 key)', async () => {
    const { publicKeyMultibase } = await EcdsaMultikey.generate({ curve: 'P-384' })
    expect(publicKeyMultibase.startsWith('z82L')).toBe(true)
    await expectMicrocredError(
      () => createKeyResolver().resolve(`did:key:${publicKeyMultibase}#${publicKeyMultibase}`),
      'ERR_KEY_UNRESOLVED',
    )
  })

  it('a malformed Ed25519-looking did:key', async () => {
    await expectMicrocredError(() => createKeyResolver().resolve('did:key:z6Mkabc'), 'ERR_KEY_UNRESOLVED')
    await expectMicrocredError(() => createKeyResolver().resolve('did:key:'), 'ERR_KEY_UNRESOLVED')
  })

  it('a failed resolution is not cached as a success and keeps failing', async () => {
    const resolver = createKeyResolver()
    await expectMicrocredError(() => resolver.resolve('did:web:uni.example#key-1'), 'ERR_KEY_UNRESOLVED')
    await expectMicrocredError(() => resolver.resolve('did:web:uni.example#key-1'), 'ERR_KEY_UNRESOLVED')
  })
})
