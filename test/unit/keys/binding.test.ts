/**
 * Issuer binding: "A valid signature proves nothing until the key is bound to the issuer" (docs/DESIGN.md).
 *
 * - Data Integrity: the key's controller is the issuer, and the issuer's own DID / controller document lists the
 *   key under assertionMethod.
 * - VC-JWT: the key is in the issuer's controller document (assertionMethod), or, for a host-level issuer only
 *   (https://host, did:web:host), in the host's JWKS (https://{host}/.well-known/jwks.json).
 * - A key read from a URL fragment, or a key document naming the issuer as its controller (on any origin) that the
 *   issuer's own document does not list, binds nothing. test/unit/keys/binding-scope.test.ts has the attacks.
 *
 * Documents are served by injected fetches answering `new Response(...)`: nothing touches the network.
 */
import { describe, expect, it } from 'vitest'
import {
  createKeyResolver,
  createMicroCredential,
  exportKeyPair,
  generateKeyPair,
  issue,
  issueJwt,
  verify,
  type KeyAlgorithm,
  type KeyJwk,
  type KeyPair,
  type KeyResolver,
  type ResolvedKey,
  type VerificationReport,
} from '../../../src/index.js'
import { controllerDocument, didWebDocument } from '../../../src/entries/keys.js'
import { issuerBindingIssue } from '../../../src/keys/binding.js'
import { fullInput } from '../../fixtures/inputs.js'
import { serveDocuments } from '../../helpers/fetch.js'

// ---------------------------------------------------------------------------------------------------------

const documentFetch = serveDocuments

const DID = 'did:web:issuer.example'
const DID_URL = 'https://issuer.example/.well-known/did.json'
const HTTPS_ISSUER = 'https://issuer.example/issuer'
/** The host-level issuer, the only https issuer the host's JWKS speaks for. */
const HOST_ISSUER = 'https://issuer.example'
const JWKS_URL = 'https://issuer.example/.well-known/jwks.json'
const PATH = 'issuer'

/** The public JWK of a key pair, without the kid/alg that exportKeyPair adds. */
function publicJwk(keyPair: KeyPair): Record<string, unknown> {
  const { kid: _kid, alg: _alg, ...jwk } = exportKeyPair(keyPair, { format: 'jwk' }) as Record<string, unknown>
  expect(jwk['d']).toBeUndefined()
  return jwk
}

/** A verification method document for `keyPair`, published at its own id, naming `controller`. */
async function keyDocument(keyPair: KeyPair, id: string, controller: string): Promise<Record<string, unknown>> {
  if (keyPair.algorithm === 'RS256') return { id, type: 'JsonWebKey', controller, publicKeyJwk: publicJwk(keyPair) }
  return { id, type: 'Multikey', controller, publicKeyMultibase: keyPair.publicKeyMultibase }
}

async function bind(
  resolver: KeyResolver,
  issuerId: string | undefined,
  key: ResolvedKey,
  mode: 'data-integrity' | 'jwt',
) {
  return issuerBindingIssue(resolver, issuerId, key, mode, PATH)
}

function expectNotBound(
  issue: Awaited<ReturnType<typeof bind>>,
  code: 'ERR_ISSUER_KEY_MISMATCH' | 'ERR_KEY_UNRESOLVED' = 'ERR_ISSUER_KEY_MISMATCH',
) {
  expect(issue, 'expected the key not to be bound to the issuer').toBeDefined()
  expect(issue?.code).toBe(code)
  expect(issue?.check).toBe('issuer-binding')
  expect(issue?.path).toBe(PATH)
  expect(issue?.message.length).toBeGreaterThan(0)
  return issue!
}

// ---------------------------------------------------------------------------------------------------------

describe('Data Integrity: bound', () => {
  it('a did:web issuer whose DID document lists the key under assertionMethod', async () => {
    const keyPair = await generateKeyPair({ controller: DID, id: `${DID}#key-1` })
    const resolver = createKeyResolver({
      fetch: documentFetch({ [DID_URL]: didWebDocument(DID, { keyPairs: [keyPair] }).document }),
    })
    const key = await resolver.resolve(keyPair.id)
    expect(await bind(resolver, DID, key, 'data-integrity')).toBeUndefined()
  })

  it.each<[KeyAlgorithm]>([['Ed25519'], ['ES256']])(
    'an https issuer whose controller document lists the %s key under assertionMethod',
    async (algorithm) => {
      const keyPair = await generateKeyPair({ algorithm, controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
      const resolver = createKeyResolver({
        fetch: documentFetch({ [HTTPS_ISSUER]: controllerDocument(HTTPS_ISSUER, { keyPairs: [keyPair] }) }),
      })
      const key = await resolver.resolve(keyPair.id)
      expect(await bind(resolver, HTTPS_ISSUER, key, 'data-integrity')).toBeUndefined()
    },
  )

  it('one of several keys of the document', async () => {
    const keyPairs = await Promise.all(
      [1, 2, 3].map((n) => generateKeyPair({ controller: DID, id: `${DID}#key-${n}` })),
    )
    const resolver = createKeyResolver({
      fetch: documentFetch({ [DID_URL]: didWebDocument(DID, { keyPairs }).document }),
    })
    for (const keyPair of keyPairs)
      expect(await bind(resolver, DID, await resolver.resolve(keyPair.id), 'data-integrity')).toBeUndefined()
  })

  it('a did:key issuer and its own key (offline)', async () => {
    const keyPair = await generateKeyPair()
    const resolver = createKeyResolver()
    expect(
      await bind(resolver, keyPair.controller, await resolver.resolve(keyPair.id), 'data-integrity'),
    ).toBeUndefined()
  })
})

describe('Data Integrity: NOT bound', () => {
  it('the issuer document lists the key only under authentication → ERR_ISSUER_KEY_MISMATCH', async () => {
    const keyPair = await generateKeyPair({ controller: DID, id: `${DID}#key-1` })
    const { document } = didWebDocument(DID, { keyPairs: [keyPair] })
    const resolver = createKeyResolver({ fetch: documentFetch({ [DID_URL]: { ...document, assertionMethod: [] } }) })
    const key = await resolver.resolve(keyPair.id)
    expect(key.source).toBe('document')
    const issue = expectNotBound(await bind(resolver, DID, key, 'data-integrity'))
    expect(issue.message).toContain('assertionMethod')
  })

  it("the key's controller is another DID → ERR_ISSUER_KEY_MISMATCH", async () => {
    const other = 'did:web:other.example'
    const issuerKey = await generateKeyPair({ controller: DID, id: `${DID}#key-1` })
    const otherKey = await generateKeyPair({ controller: other, id: `${other}#key-1` })
    const resolver = createKeyResolver({
      fetch: documentFetch({
        [DID_URL]: didWebDocument(DID, { keyPairs: [issuerKey] }).document,
        'https://other.example/.well-known/did.json': didWebDocument(other, { keyPairs: [otherKey] }).document,
      }),
    })
    const key = await resolver.resolve(otherKey.id)
    const issue = expectNotBound(await bind(resolver, DID, key, 'data-integrity'))
    expect(issue.message).toContain(other)
  })

  it("the key's controller is another DID, even when the issuer's document names that key id under assertionMethod", async () => {
    const other = 'did:web:other.example'
    const otherKey = await generateKeyPair({ controller: other, id: `${other}#key-1` })
    const issuerKey = await generateKeyPair({ controller: DID, id: `${DID}#key-1` })
    const { document } = didWebDocument(DID, { keyPairs: [issuerKey] })
    const resolver = createKeyResolver({
      fetch: documentFetch({
        [DID_URL]: { ...document, assertionMethod: [...document.assertionMethod, otherKey.id] },
        'https://other.example/.well-known/did.json': didWebDocument(other, { keyPairs: [otherKey] }).document,
      }),
    })
    expectNotBound(await bind(resolver, DID, await resolver.resolve(otherKey.id), 'data-integrity'))
  })

  it('a did:key key for a did:web issuer → ERR_ISSUER_KEY_MISMATCH', async () => {
    const issuerKey = await generateKeyPair({ controller: DID, id: `${DID}#key-1` })
    const stranger = await generateKeyPair()
    const resolver = createKeyResolver({
      fetch: documentFetch({ [DID_URL]: didWebDocument(DID, { keyPairs: [issuerKey] }).document }),
    })
    expectNotBound(await bind(resolver, DID, await resolver.resolve(stranger.id), 'data-integrity'))
  })

  it("the issuer's document lists the same key id with a different public key → ERR_ISSUER_KEY_MISMATCH", async () => {
    const signing = await generateKeyPair({ controller: DID, id: `${DID}#key-1` })
    const published = await generateKeyPair({ controller: DID, id: `${DID}#key-1` })
    expect(published.publicKeyMultibase).not.toBe(signing.publicKeyMultibase)
    // the key as the signer's side saw it, and the issuer's document as the verifier fetches it
    const key = await createKeyResolver({
      fetch: documentFetch({ [DID_URL]: didWebDocument(DID, { keyPairs: [signing] }).document }),
    }).resolve(signing.id)
    const verifierResolver = createKeyResolver({
      fetch: documentFetch({ [DID_URL]: didWebDocument(DID, { keyPairs: [published] }).document }),
    })
    const issue = expectNotBound(await bind(verifierResolver, DID, key, 'data-integrity'))
    expect(issue.message).toMatch(/different public key/)
  })

  it('the same, for a hand-made key claiming an id the issuer lists with another key', async () => {
    const published = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
    const attacker = await generateKeyPair()
    const resolver = createKeyResolver({
      fetch: documentFetch({ [HTTPS_ISSUER]: controllerDocument(HTTPS_ISSUER, { keyPairs: [published] }) }),
    })
    const forged: ResolvedKey = {
      verificationMethod: {
        id: `${HTTPS_ISSUER}#key-1`,
        type: 'Multikey',
        controller: HTTPS_ISSUER,
        publicKeyMultibase: attacker.publicKeyMultibase,
      },
      source: 'key-document',
    }
    expectNotBound(await bind(resolver, HTTPS_ISSUER, forged, 'data-integrity'))
    expectNotBound(await bind(resolver, HTTPS_ISSUER, forged, 'jwt'))
  })

  it('the key only came from its URL fragment (the document was not obtainable then, and does not list it) → ERR_ISSUER_KEY_MISMATCH', async () => {
    const keyPair = await generateKeyPair({ controller: HTTPS_ISSUER })
    expect(keyPair.id).toBe(`${HTTPS_ISSUER}#${keyPair.publicKeyMultibase}`)
    const listed = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
    let attempts = 0
    const fetch = documentFetch({
      [HTTPS_ISSUER]: () => {
        attempts++
        // unavailable when the key is resolved; available (not listing the key) when the binding is checked
        return attempts === 1
          ? new Response('busy', { status: 503 })
          : new Response(JSON.stringify(controllerDocument(HTTPS_ISSUER, { keyPairs: [listed] })))
      },
    })
    const resolver = createKeyResolver({ fetch })
    const key = await resolver.resolve(keyPair.id)
    expect(key.source).toBe('fragment')
    expect(key.verificationMethod.controller).toBe(HTTPS_ISSUER)
    const issue = expectNotBound(await bind(resolver, HTTPS_ISSUER, key, 'data-integrity'))
    expect(issue.message).toMatch(/fragment/)
  })

  it('the key only came from its URL fragment and the issuer document stays unobtainable → not bound (ERR_KEY_UNRESOLVED)', async () => {
    const keyPair = await generateKeyPair({ controller: HTTPS_ISSUER })
    const resolver = createKeyResolver({ fetch: documentFetch({}) })
    const key = await resolver.resolve(keyPair.id)
    expect(key.source).toBe('fragment')
    expectNotBound(await bind(resolver, HTTPS_ISSUER, key, 'data-integrity'), 'ERR_KEY_UNRESOLVED')
  })

  it('a key document on another host naming the issuer as controller → ERR_ISSUER_KEY_MISMATCH', async () => {
    const kid = 'https://keys.other.example/keys/1'
    const keyPair = await generateKeyPair({ controller: HTTPS_ISSUER, id: kid })
    const issuerKey = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
    const resolver = createKeyResolver({
      fetch: documentFetch({
        [kid]: await keyDocument(keyPair, kid, HTTPS_ISSUER),
        [HTTPS_ISSUER]: controllerDocument(HTTPS_ISSUER, { keyPairs: [issuerKey] }),
      }),
    })
    const key = await resolver.resolve(kid)
    expect(key.source).toBe('key-document')
    expect(key.verificationMethod.controller).toBe(HTTPS_ISSUER)
    const issue = expectNotBound(await bind(resolver, HTTPS_ISSUER, key, 'data-integrity'))
    expect(issue.message).toMatch(/another origin/)
  })

  it("a key document on the issuer's own host is not enough for Data Integrity: the document must list the key", async () => {
    const kid = 'https://issuer.example/keys/1'
    const keyPair = await generateKeyPair({ controller: HTTPS_ISSUER, id: kid })
    const issuerKey = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
    const resolver = createKeyResolver({
      fetch: documentFetch({
        [kid]: await keyDocument(keyPair, kid, HTTPS_ISSUER),
        [HTTPS_ISSUER]: controllerDocument(HTTPS_ISSUER, { keyPairs: [issuerKey] }),
      }),
    })
    expectNotBound(await bind(resolver, HTTPS_ISSUER, await resolver.resolve(kid), 'data-integrity'))
  })

  it("the issuer's document cannot be fetched (no fetch) → ERR_KEY_UNRESOLVED", async () => {
    const keyPair = await generateKeyPair({ controller: DID, id: `${DID}#key-1` })
    const key = await createKeyResolver({
      fetch: documentFetch({ [DID_URL]: didWebDocument(DID, { keyPairs: [keyPair] }).document }),
    }).resolve(keyPair.id)
    const issue = expectNotBound(await bind(createKeyResolver(), DID, key, 'data-integrity'), 'ERR_KEY_UNRESOLVED')
    expect(issue.message).toMatch(/fetch/)
  })

  it("the issuer's document is not there (404) → ERR_KEY_UNRESOLVED", async () => {
    const keyPair = await generateKeyPair({ controller: DID, id: `${DID}#key-1` })
    const key = await createKeyResolver({
      fetch: documentFetch({ [DID_URL]: didWebDocument(DID, { keyPairs: [keyPair] }).document }),
    }).resolve(keyPair.id)
    expectNotBound(
      await bind(createKeyResolver({ fetch: documentFetch({}) }), DID, key, 'data-integrity'),
      'ERR_KEY_UNRESOLVED',
    )
  })

  it('no issuer id → ERR_ISSUER_KEY_MISMATCH', async () => {
    const keyPair = await generateKeyPair()
    const resolver = createKeyResolver()
    expectNotBound(await bind(resolver, undefined, await resolver.resolve(keyPair.id), 'data-integrity'))
  })
})

describe('VC-JWT: bound', () => {
  it.each<[KeyAlgorithm]>([['Ed25519'], ['ES256'], ['RS256']])(
    "through the host-level issuer's JWKS, by key material (%s)",
    async (algorithm) => {
      const keyPair = await generateKeyPair({ algorithm, controller: HOST_ISSUER, id: `${HOST_ISSUER}#jwt-key` })
      const decoy = await generateKeyPair({ algorithm, controller: HOST_ISSUER })
      // the JWKS lists the key under an unrelated kid; the issuer has no controller document
      const fetch = documentFetch({
        [JWKS_URL]: {
          keys: [
            { ...publicJwk(decoy), kid: 'a' },
            { ...publicJwk(keyPair), kid: 'some-other-name', use: 'sig' },
          ],
        },
      })
      const resolver = createKeyResolver({ fetch })
      // the key as a VC-JWT's `jwk` header gives it
      const key: ResolvedKey = {
        verificationMethod: await keyDocumentMethod(keyPair, `${HOST_ISSUER}#jwk-header`, HOST_ISSUER),
        source: 'jwk-header',
      }
      expect(await bind(resolver, HOST_ISSUER, key, 'jwt')).toBeUndefined()
      expect(fetch.calls).toContain(JWKS_URL)
    },
  )

  it("through the JWKS of a did:web issuer's host", async () => {
    const keyPair = await generateKeyPair({ controller: DID, id: `${DID}#jwt-key` })
    const resolver = createKeyResolver({ fetch: documentFetch({ [JWKS_URL]: { keys: [publicJwk(keyPair)] } }) })
    const key: ResolvedKey = {
      verificationMethod: await keyDocumentMethod(keyPair, `${DID}#jwk-header`, DID),
      source: 'jwk-header',
    }
    expect(await bind(resolver, DID, key, 'jwt')).toBeUndefined()
  })

  it("through a key document the issuer's own controller document lists by id under assertionMethod", async () => {
    const kid = 'https://issuer.example/keys/2025'
    const keyPair = await generateKeyPair({ algorithm: 'RS256', controller: HTTPS_ISSUER, id: kid })
    const issuerDocument = { id: HTTPS_ISSUER, assertionMethod: [kid] }
    const resolver = createKeyResolver({
      fetch: documentFetch({ [kid]: await keyDocument(keyPair, kid, HTTPS_ISSUER), [HTTPS_ISSUER]: issuerDocument }),
    })
    const key = await resolver.resolve(kid)
    expect(key.source).toBe('key-document')
    expect(await bind(resolver, HTTPS_ISSUER, key, 'jwt')).toBeUndefined()
    expect(await bind(resolver, HTTPS_ISSUER, key, 'data-integrity')).toBeUndefined()
  })

  it("through a bare JWK key document the issuer's own controller document lists by id", async () => {
    const kid = 'https://issuer.example/keys/jwk-1'
    const keyPair = await generateKeyPair({ algorithm: 'ES256', controller: HTTPS_ISSUER, id: kid })
    const resolver = createKeyResolver({
      fetch: documentFetch({
        [kid]: { ...publicJwk(keyPair), controller: HTTPS_ISSUER },
        [HTTPS_ISSUER]: { id: HTTPS_ISSUER, assertionMethod: [kid] },
      }),
    })
    expect(await bind(resolver, HTTPS_ISSUER, await resolver.resolve(kid), 'jwt')).toBeUndefined()
  })

  it('a same-origin key document naming the issuer as controller is NOT enough on its own (W3C Controlled Identifiers §3.3)', async () => {
    const kid = 'https://issuer.example/keys/2025'
    const keyPair = await generateKeyPair({ algorithm: 'RS256', controller: HTTPS_ISSUER, id: kid })
    const issuerKey = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
    // the issuer's document exists and lists only its own key: a mismatch
    const listed = createKeyResolver({
      fetch: documentFetch({
        [kid]: await keyDocument(keyPair, kid, HTTPS_ISSUER),
        [HTTPS_ISSUER]: controllerDocument(HTTPS_ISSUER, { keyPairs: [issuerKey] }),
      }),
    })
    const issue = expectNotBound(await bind(listed, HTTPS_ISSUER, await listed.resolve(kid), 'jwt'))
    expect(issue.message).toContain('Controlled Identifiers')
    expect(issue.message).not.toContain('another origin')
    // no document for the issuer at all: nothing confirms the key either
    const bare = createKeyResolver({ fetch: documentFetch({ [kid]: await keyDocument(keyPair, kid, HTTPS_ISSUER) }) })
    expectNotBound(await bind(bare, HTTPS_ISSUER, await bare.resolve(kid), 'jwt'), 'ERR_KEY_UNRESOLVED')
  })

  it("through the issuer's controller document, by key material (the jwk header names the key, not its id)", async () => {
    const keyPair = await generateKeyPair({ controller: DID, id: `${DID}#key-1` })
    const resolver = createKeyResolver({
      fetch: documentFetch({ [DID_URL]: didWebDocument(DID, { keyPairs: [keyPair] }).document }),
    })
    const key: ResolvedKey = {
      verificationMethod: await keyDocumentMethod(keyPair, `${DID}#jwk-header`, DID),
      source: 'jwk-header',
    }
    expect(await bind(resolver, DID, key, 'jwt')).toBeUndefined()
  })

  it("through the issuer's controller document, by kid", async () => {
    const keyPair = await generateKeyPair({ algorithm: 'RS256', controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#rsa-1` })
    const resolver = createKeyResolver({
      fetch: documentFetch({ [HTTPS_ISSUER]: controllerDocument(HTTPS_ISSUER, { keyPairs: [keyPair] }) }),
    })
    expect(await bind(resolver, HTTPS_ISSUER, await resolver.resolve(keyPair.id), 'jwt')).toBeUndefined()
  })
})

describe('VC-JWT: NOT bound', () => {
  it('a key in neither the controller document nor the JWKS → ERR_ISSUER_KEY_MISMATCH', async () => {
    const issuerKey = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
    const stranger = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#jwk-header` })
    const resolver = createKeyResolver({
      fetch: documentFetch({
        [HTTPS_ISSUER]: controllerDocument(HTTPS_ISSUER, { keyPairs: [issuerKey] }),
        [JWKS_URL]: { keys: [publicJwk(issuerKey)] },
      }),
    })
    const key: ResolvedKey = {
      verificationMethod: await keyDocumentMethod(stranger, stranger.id, HTTPS_ISSUER),
      source: 'jwk-header',
    }
    const issue = expectNotBound(await bind(resolver, HTTPS_ISSUER, key, 'jwt'))
    expect(issue.message).toMatch(/JWKS/)
  })

  it('a key listed in the JWKS only with its private part ("d") is not trusted', async () => {
    const keyPair = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#jwk-header` })
    const issuerKey = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
    const { kid: _kid, ...leaked } = exportKeyPair(keyPair, { format: 'jwk', secret: true })
    expect(typeof leaked.d).toBe('string')
    const resolver = createKeyResolver({
      fetch: documentFetch({
        [HTTPS_ISSUER]: controllerDocument(HTTPS_ISSUER, { keyPairs: [issuerKey] }),
        [JWKS_URL]: { keys: [leaked] },
      }),
    })
    const key: ResolvedKey = {
      verificationMethod: await keyDocumentMethod(keyPair, keyPair.id, HTTPS_ISSUER),
      source: 'jwk-header',
    }
    expectNotBound(await bind(resolver, HTTPS_ISSUER, key, 'jwt'))
  })

  it("the JWKS of another host (the key's own) does not count", async () => {
    const kid = 'https://keys.other.example/k'
    const keyPair = await generateKeyPair({ algorithm: 'ES256', controller: HTTPS_ISSUER, id: kid })
    const issuerKey = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
    const fetch = documentFetch({
      [kid]: await keyDocument(keyPair, kid, HTTPS_ISSUER),
      [HTTPS_ISSUER]: controllerDocument(HTTPS_ISSUER, { keyPairs: [issuerKey] }),
      [JWKS_URL]: { keys: [publicJwk(issuerKey)] },
      'https://keys.other.example/.well-known/jwks.json': { keys: [publicJwk(keyPair)] },
    })
    const resolver = createKeyResolver({ fetch })
    expectNotBound(await bind(resolver, HTTPS_ISSUER, await resolver.resolve(kid), 'jwt'))
  })

  it('a key document on another host naming the issuer as controller → ERR_ISSUER_KEY_MISMATCH', async () => {
    const kid = 'https://keys.other.example/keys/1'
    const keyPair = await generateKeyPair({ algorithm: 'RS256', controller: HTTPS_ISSUER, id: kid })
    const issuerKey = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
    const resolver = createKeyResolver({
      fetch: documentFetch({
        [kid]: await keyDocument(keyPair, kid, HTTPS_ISSUER),
        [HTTPS_ISSUER]: controllerDocument(HTTPS_ISSUER, { keyPairs: [issuerKey] }),
      }),
    })
    const issue = expectNotBound(await bind(resolver, HTTPS_ISSUER, await resolver.resolve(kid), 'jwt'))
    expect(issue.message).toMatch(/another origin/)
  })

  it('a key document on the same host but another port (another origin) binds nothing', async () => {
    const kid = 'https://issuer.example:8443/keys/1'
    const keyPair = await generateKeyPair({ controller: HTTPS_ISSUER, id: kid })
    const issuerKey = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
    const resolver = createKeyResolver({
      fetch: documentFetch({
        [kid]: await keyDocument(keyPair, kid, HTTPS_ISSUER),
        [HTTPS_ISSUER]: controllerDocument(HTTPS_ISSUER, { keyPairs: [issuerKey] }),
      }),
    })
    expectNotBound(await bind(resolver, HTTPS_ISSUER, await resolver.resolve(kid), 'jwt'))
  })

  it('a same-origin key document naming someone else as controller binds nothing', async () => {
    const kid = 'https://issuer.example/keys/someone-else'
    const keyPair = await generateKeyPair({ controller: 'https://issuer.example/other-issuer', id: kid })
    const issuerKey = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
    const resolver = createKeyResolver({
      fetch: documentFetch({
        [kid]: await keyDocument(keyPair, kid, 'https://issuer.example/other-issuer'),
        [HTTPS_ISSUER]: controllerDocument(HTTPS_ISSUER, { keyPairs: [issuerKey] }),
      }),
    })
    expectNotBound(await bind(resolver, HTTPS_ISSUER, await resolver.resolve(kid), 'jwt'))
  })

  it('a same-origin bare JWK without a controller (so controlled by its own URL) binds nothing', async () => {
    const kid = 'https://issuer.example/keys/bare'
    const keyPair = await generateKeyPair({ algorithm: 'ES256', controller: HTTPS_ISSUER, id: kid })
    const issuerKey = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
    const resolver = createKeyResolver({
      fetch: documentFetch({
        [kid]: publicJwk(keyPair),
        [HTTPS_ISSUER]: controllerDocument(HTTPS_ISSUER, { keyPairs: [issuerKey] }),
      }),
    })
    expectNotBound(await bind(resolver, HTTPS_ISSUER, await resolver.resolve(kid), 'jwt'))
  })

  it('a key the controller document lists only under authentication binds nothing', async () => {
    const keyPair = await generateKeyPair({ controller: DID, id: `${DID}#key-1` })
    const { document } = didWebDocument(DID, { keyPairs: [keyPair] })
    const resolver = createKeyResolver({ fetch: documentFetch({ [DID_URL]: { ...document, assertionMethod: [] } }) })
    expectNotBound(await bind(resolver, DID, await resolver.resolve(keyPair.id), 'jwt'))
    const header: ResolvedKey = {
      verificationMethod: await keyDocumentMethod(keyPair, `${DID}#jwk-header`, DID),
      source: 'jwk-header',
    }
    expectNotBound(await bind(resolver, DID, header, 'jwt'))
  })

  it('nothing about the issuer can be fetched (no fetch) → ERR_KEY_UNRESOLVED', async () => {
    const keyPair = await generateKeyPair({
      algorithm: 'RS256',
      controller: HTTPS_ISSUER,
      id: `${HTTPS_ISSUER}#jwk-header`,
    })
    const key: ResolvedKey = {
      verificationMethod: await keyDocumentMethod(keyPair, keyPair.id, HTTPS_ISSUER),
      source: 'jwk-header',
    }
    expectNotBound(await bind(createKeyResolver(), HTTPS_ISSUER, key, 'jwt'), 'ERR_KEY_UNRESOLVED')
  })
})

/** The normalised verification method of `keyPair` (as microcred hands keys to the binding check). */
async function keyDocumentMethod(
  keyPair: KeyPair,
  id: string,
  controller: string,
): Promise<ResolvedKey['verificationMethod']> {
  if (keyPair.algorithm === 'RS256')
    return { id, type: 'JsonWebKey', controller, publicKeyJwk: publicJwk(keyPair) as KeyJwk }
  return { id, type: 'Multikey', controller, publicKeyMultibase: keyPair.publicKeyMultibase }
}

// ---------------------------------------------------------------------------------------------------------
// end to end through verify()

const now = new Date('2026-01-01T00:00:00Z')

function credentialOf(issuerId: string) {
  const input = fullInput()
  return createMicroCredential({ ...input, issuer: { ...input.issuer, id: issuerId } })
}

function check(report: VerificationReport, id: string) {
  return report.checks.find((c) => c.id === id)?.status
}

describe('end to end: verify() binds the key to the issuer', () => {
  it('Data Integrity, did:web issuer whose DID document lists the key: verified', async () => {
    const keyPair = await generateKeyPair({ controller: DID, id: `${DID}#key-1` })
    const signed = await issue(credentialOf(DID), { keyPair, created: '2025-06-30T10:00:00Z' })
    const fetch = documentFetch({ [DID_URL]: didWebDocument(DID, { keyPairs: [keyPair] }).document })
    const report = await verify(signed, { fetch, now })
    expect(report.issues).toEqual([])
    expect(check(report, 'proof')).toBe('passed')
    expect(check(report, 'issuer-binding')).toBe('passed')
    expect(report.verified).toBe(true)
  })

  it('Data Integrity, the DID document lists the key only under authentication: the signature is valid, the credential is not verified', async () => {
    const keyPair = await generateKeyPair({ controller: DID, id: `${DID}#key-1` })
    const signed = await issue(credentialOf(DID), { keyPair, created: '2025-06-30T10:00:00Z' })
    const { document } = didWebDocument(DID, { keyPairs: [keyPair] })
    const report = await verify(signed, {
      fetch: documentFetch({ [DID_URL]: { ...document, assertionMethod: [] } }),
      now,
    })
    expect(check(report, 'proof')).toBe('passed')
    expect(check(report, 'issuer-binding')).toBe('failed')
    expect(report.issues.map((i) => `${i.check}:${i.code}@${i.path ?? ''}`)).toEqual([
      'issuer-binding:ERR_ISSUER_KEY_MISMATCH@issuer.id',
    ])
    expect(report.verified).toBe(false)
  })

  it('Data Integrity, the issuer document lists the key id with another public key: not verified', async () => {
    const signing = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
    const published = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
    const signed = await issue(credentialOf(HTTPS_ISSUER), { keyPair: signing, created: '2025-06-30T10:00:00Z' })
    const report = await verify(signed, {
      fetch: documentFetch({ [HTTPS_ISSUER]: controllerDocument(HTTPS_ISSUER, { keyPairs: [published] }) }),
      now,
    })
    expect(report.verified).toBe(false)
    // the published key does not verify the signature, so the proof check already fails
    expect(check(report, 'proof')).toBe('failed')
  })

  it('VC-JWT with a jwk header, bound through the host-level JWKS: verified; without the key in the JWKS: not verified', async () => {
    const keyPair = await generateKeyPair({ algorithm: 'RS256', controller: HOST_ISSUER, id: `${HOST_ISSUER}#rsa-1` })
    const jwt = await issueJwt(credentialOf(HOST_ISSUER), { keyPair, keyIn: 'jwk' })
    const bound = await verify(jwt, { fetch: documentFetch({ [JWKS_URL]: { keys: [publicJwk(keyPair)] } }), now })
    expect(bound.format).toBe('jwt')
    expect(bound.issues).toEqual([])
    expect(check(bound, 'issuer-binding')).toBe('passed')
    expect(bound.verified).toBe(true)

    const other = await generateKeyPair({ algorithm: 'RS256', controller: HOST_ISSUER })
    const issuerKey = await generateKeyPair({ controller: HOST_ISSUER, id: `${HOST_ISSUER}#key-1` })
    const unbound = await verify(jwt, {
      fetch: documentFetch({
        [JWKS_URL]: { keys: [publicJwk(other)] },
        [HOST_ISSUER]: controllerDocument(HOST_ISSUER, { keyPairs: [issuerKey] }),
      }),
      now,
    })
    expect(check(unbound, 'proof')).toBe('passed')
    expect(check(unbound, 'issuer-binding')).toBe('failed')
    expect(unbound.issues.map((i) => i.code)).toEqual(['ERR_ISSUER_KEY_MISMATCH'])
    expect(unbound.verified).toBe(false)
  })

  it("VC-JWT whose kid is a same-origin key document the issuer's document lists: verified; one it does not list: not verified", async () => {
    const kid = 'https://issuer.example/keys/es256-1'
    const keyPair = await generateKeyPair({ algorithm: 'ES256', controller: HTTPS_ISSUER, id: kid })
    const jwt = await issueJwt(credentialOf(HTTPS_ISSUER), { keyPair })
    const keyDoc = await keyDocument(keyPair, kid, HTTPS_ISSUER)
    const report = await verify(jwt, {
      fetch: documentFetch({ [kid]: keyDoc, [HTTPS_ISSUER]: { id: HTTPS_ISSUER, assertionMethod: [kid] } }),
      now,
    })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)

    const issuerKey = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
    const unlisted = await verify(jwt, {
      fetch: documentFetch({
        [kid]: keyDoc,
        [HTTPS_ISSUER]: controllerDocument(HTTPS_ISSUER, { keyPairs: [issuerKey] }),
      }),
      now,
    })
    expect(check(unlisted, 'proof')).toBe('passed')
    expect(check(unlisted, 'issuer-binding')).toBe('failed')
    expect(unlisted.issues.map((i) => i.code)).toEqual(['ERR_ISSUER_KEY_MISMATCH'])
    expect(unlisted.verified).toBe(false)
  })

  it('VC-JWT whose kid is a key document on another host naming the issuer: signature valid, not verified', async () => {
    const kid = 'https://keys.other.example/es256-1'
    const keyPair = await generateKeyPair({ algorithm: 'ES256', controller: HTTPS_ISSUER, id: kid })
    const issuerKey = await generateKeyPair({ controller: HTTPS_ISSUER, id: `${HTTPS_ISSUER}#key-1` })
    const jwt = await issueJwt(credentialOf(HTTPS_ISSUER), { keyPair })
    const report = await verify(jwt, {
      fetch: documentFetch({
        [kid]: await keyDocument(keyPair, kid, HTTPS_ISSUER),
        [HTTPS_ISSUER]: controllerDocument(HTTPS_ISSUER, { keyPairs: [issuerKey] }),
      }),
      now,
    })
    expect(check(report, 'proof')).toBe('passed')
    expect(check(report, 'issuer-binding')).toBe('failed')
    expect(report.issues.map((i) => i.code)).toEqual(['ERR_ISSUER_KEY_MISMATCH'])
    expect(report.verified).toBe(false)
  })
})
