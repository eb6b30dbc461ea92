/**
 * Whose documents may bind a key to an issuer (issue 17). Two holes an attacker found, closed:
 *
 * (a) A key document anywhere, even at another path of the issuer's own origin, that says `controller: <issuer>`
 *     bound a VC-JWT's key to the issuer. The verification relationship must be expressed by the controller, in
 *     its own document (W3C Controlled Identifiers §3.3, DID Core §5.3 "verification relationships"): the
 *     issuer's DID document or, for an https issuer, the document at the issuer URL, must list the key.
 * (b) A host's `/.well-known/jwks.json` bound keys for every issuer with a path on that host (tenants of a
 *     shared host: `https://tenant.example/users/alice`, `did:web:tenant.example:users:alice`). It speaks for the
 *     host-level issuer only (`https://tenant.example`, `https://tenant.example/`, `did:web:tenant.example`).
 *
 * The legitimate bindings around each hole are tested alongside. Documents are served by injected fetches:
 * nothing touches the network.
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
  type KeyPair,
  type KeyResolver,
  type ResolvedKey,
  type VerificationReport,
} from '../../../src/index.js'
import { controllerDocument, didWebDocument } from '../../../src/entries/keys.js'
import { issuerBindingIssue } from '../../../src/keys/binding.js'
import { fullInput } from '../../fixtures/inputs.js'
import { serveDocuments } from '../../helpers/fetch.js'

const PATH = 'issuer.id'
const HOST = 'tenant.example'
const HOST_JWKS = `https://${HOST}/.well-known/jwks.json`
/** A path-level https issuer on the shared host, and the document it serves at its own URL. */
const ALICE = `https://${HOST}/users/alice`
/** A path-level did:web issuer on the shared host: its DID document is at https://tenant.example/users/alice/did.json. */
const ALICE_DID = `did:web:${HOST}:users:alice`
const ALICE_DID_URL = `https://${HOST}/users/alice/did.json`
const now = new Date('2026-01-01T00:00:00Z')

type BindIssue = Awaited<ReturnType<typeof issuerBindingIssue>>

function bind(
  resolver: KeyResolver,
  issuerId: string,
  key: ResolvedKey,
  mode: 'data-integrity' | 'jwt',
): Promise<BindIssue> {
  return issuerBindingIssue(resolver, issuerId, key, mode, PATH)
}

function expectNotBound(
  issue: BindIssue,
  code: 'ERR_ISSUER_KEY_MISMATCH' | 'ERR_KEY_UNRESOLVED' = 'ERR_ISSUER_KEY_MISMATCH',
) {
  expect(issue, 'expected the key not to be bound to the issuer').toBeDefined()
  expect(issue).toMatchObject({ code, check: 'issuer-binding', path: PATH })
  return issue!
}

/** The public JWK of a key pair, without the kid/alg that exportKeyPair adds. */
function publicJwk(keyPair: KeyPair): Record<string, unknown> {
  const { kid: _kid, alg: _alg, ...jwk } = exportKeyPair(keyPair, { format: 'jwk' }) as Record<string, unknown>
  return jwk
}

/** A key document (a verification method served at its own id) claiming `controller`. */
function keyDocument(keyPair: KeyPair, controller: string): Record<string, unknown> {
  if (keyPair.algorithm === 'RS256')
    return { id: keyPair.id, type: 'JsonWebKey', controller, publicKeyJwk: publicJwk(keyPair) }
  return { id: keyPair.id, type: 'Multikey', controller, publicKeyMultibase: keyPair.publicKeyMultibase }
}

/** The key a VC-JWT's `jwk` header gives, as verifyVcJwt hands it to the binding check. */
function jwkHeaderKey(keyPair: KeyPair, issuerId: string): ResolvedKey {
  const verificationMethod =
    keyPair.algorithm === 'RS256'
      ? {
          id: `${issuerId}#jwk-header`,
          type: 'JsonWebKey',
          controller: issuerId,
          publicKeyJwk: publicJwk(keyPair) as never,
        }
      : {
          id: `${issuerId}#jwk-header`,
          type: 'Multikey',
          controller: issuerId,
          publicKeyMultibase: keyPair.publicKeyMultibase,
        }
  return { verificationMethod, source: 'jwk-header' }
}

function credentialOf(issuerId: string) {
  const input = fullInput()
  return createMicroCredential({ ...input, issuer: { ...input.issuer, id: issuerId } })
}

const statusOf = (report: VerificationReport, id: string) => report.checks.find((c) => c.id === id)?.status
const findings = (report: VerificationReport) => report.issues.map((i) => `${i.check}:${i.code}@${i.path ?? ''}`)

// ---------------------------------------------------------------------------------------------------------

describe('(a) a key document claiming `controller: <issuer>` binds nothing unless the issuer lists the key', () => {
  it('https issuer: a key document at another path of its origin (another tenant) → ERR_ISSUER_KEY_MISMATCH, in both modes', async () => {
    const alice = await generateKeyPair({ controller: ALICE, id: `${ALICE}#key-1` })
    // Mallory, another tenant of the same host, publishes a key document in her own space naming Alice
    const kid = `https://${HOST}/users/mallory/keys/1`
    const mallory = await generateKeyPair({ controller: ALICE, id: kid })
    const fetch = serveDocuments({
      [kid]: keyDocument(mallory, ALICE),
      [ALICE]: controllerDocument(ALICE, { keyPairs: [alice] }),
    })
    const resolver = createKeyResolver({ fetch })
    const key = await resolver.resolve(kid)
    expect(key).toMatchObject({ source: 'key-document', verificationMethod: { id: kid, controller: ALICE } })

    const jwt = expectNotBound(await bind(resolver, ALICE, key, 'jwt'))
    expect(jwt.message).toContain(kid)
    expect(jwt.message).toContain(ALICE)
    expect(jwt.message).toContain('Controlled Identifiers §3.3')
    expect(jwt.message).toContain('assertionMethod')
    expectNotBound(await bind(resolver, ALICE, key, 'data-integrity'))
    // Alice's own document was consulted, and no JWKS of the host could have spoken for her
    expect(fetch.calls).toContain(ALICE)
    expect(fetch.calls).not.toContain(HOST_JWKS)
  })

  it.each([
    ['the same origin, the issuer host root', `https://${HOST}/keys/1`],
    ['a sub-path of the issuer URL itself', `${ALICE}/keys/1`],
    ['the issuer URL with a query', `${ALICE}?key=1`],
    ['another origin', 'https://keys.elsewhere.example/1'],
  ])('https issuer: a key document at %s → ERR_ISSUER_KEY_MISMATCH', async (_where, kid) => {
    const alice = await generateKeyPair({ controller: ALICE, id: `${ALICE}#key-1` })
    const attacker = await generateKeyPair({ algorithm: 'ES256', controller: ALICE, id: kid })
    const resolver = createKeyResolver({
      fetch: serveDocuments({
        [kid]: keyDocument(attacker, ALICE),
        [ALICE]: controllerDocument(ALICE, { keyPairs: [alice] }),
      }),
    })
    const key = await resolver.resolve(kid)
    expect(key.source).toBe('key-document')
    expectNotBound(await bind(resolver, ALICE, key, 'jwt'))
  })

  it('https issuer: a bare JWK key document with `controller: <issuer>` on the same origin → ERR_ISSUER_KEY_MISMATCH', async () => {
    const alice = await generateKeyPair({ controller: ALICE, id: `${ALICE}#key-1` })
    const kid = `https://${HOST}/uploads/key.json`
    const attacker = await generateKeyPair({ algorithm: 'ES256', controller: ALICE, id: kid })
    const resolver = createKeyResolver({
      fetch: serveDocuments({
        [kid]: { ...publicJwk(attacker), controller: ALICE },
        [ALICE]: controllerDocument(ALICE, { keyPairs: [alice] }),
      }),
    })
    expectNotBound(await bind(resolver, ALICE, await resolver.resolve(kid), 'jwt'))
  })

  it('https issuer without a document of its own: the claiming key document is not bound either (ERR_KEY_UNRESOLVED)', async () => {
    const kid = `https://${HOST}/users/mallory/keys/1`
    const mallory = await generateKeyPair({ controller: ALICE, id: kid })
    const resolver = createKeyResolver({ fetch: serveDocuments({ [kid]: keyDocument(mallory, ALICE) }) })
    const issue = expectNotBound(await bind(resolver, ALICE, await resolver.resolve(kid), 'jwt'), 'ERR_KEY_UNRESOLVED')
    expect(issue.message).toContain(ALICE)
  })

  it("did:web issuer: a key document on the DID's host naming the DID → ERR_ISSUER_KEY_MISMATCH, in both modes", async () => {
    const alice = await generateKeyPair({ controller: ALICE_DID, id: `${ALICE_DID}#key-1` })
    const kid = `https://${HOST}/users/mallory/keys/1`
    const mallory = await generateKeyPair({ controller: ALICE_DID, id: kid })
    const resolver = createKeyResolver({
      fetch: serveDocuments({
        [kid]: keyDocument(mallory, ALICE_DID),
        [ALICE_DID_URL]: didWebDocument(ALICE_DID, { keyPairs: [alice] }).document,
      }),
    })
    const key = await resolver.resolve(kid)
    expect(key.verificationMethod.controller).toBe(ALICE_DID)
    const issue = expectNotBound(await bind(resolver, ALICE_DID, key, 'jwt'))
    expect(issue.message).toContain('Controlled Identifiers §3.3')
    expectNotBound(await bind(resolver, ALICE_DID, key, 'data-integrity'))
  })

  it("did:web issuer: another DID's document listing a key with `controller: <issuer>` → ERR_ISSUER_KEY_MISMATCH", async () => {
    const alice = await generateKeyPair({ controller: ALICE_DID, id: `${ALICE_DID}#key-1` })
    const malloryDid = `did:web:${HOST}:users:mallory`
    const mallory = await generateKeyPair({ controller: malloryDid, id: `${malloryDid}#key-1` })
    const { document } = didWebDocument(malloryDid, { keyPairs: [mallory] })
    // Mallory's DID document lists her key but says Alice controls it
    const forged = {
      ...document,
      verificationMethod: document.verificationMethod.map((m) => ({ ...m, controller: ALICE_DID })),
    }
    const resolver = createKeyResolver({
      fetch: serveDocuments({
        [`https://${HOST}/users/mallory/did.json`]: forged,
        [ALICE_DID_URL]: didWebDocument(ALICE_DID, { keyPairs: [alice] }).document,
      }),
    })
    const key = await resolver.resolve(mallory.id)
    expect(key).toMatchObject({ source: 'document', verificationMethod: { controller: ALICE_DID } })
    expectNotBound(await bind(resolver, ALICE_DID, key, 'data-integrity'))
    expectNotBound(await bind(resolver, ALICE_DID, key, 'jwt'))
  })

  it("an id the issuer lists without key material vouches only for what that id dereferences to, not for a JWT's jwk header", async () => {
    const alice = await generateKeyPair({ controller: ALICE, id: `${ALICE}#key-1` })
    const attacker = await generateKeyPair()
    const document = controllerDocument(ALICE, { keyPairs: [alice] })
    // a document listing an id that happens to be what verifyVcJwt names jwk-header keys
    const resolver = createKeyResolver({
      fetch: serveDocuments({
        [ALICE]: { ...document, assertionMethod: [...document.assertionMethod, `${ALICE}#jwk-header`] },
      }),
    })
    expectNotBound(await bind(resolver, ALICE, jwkHeaderKey(attacker, ALICE), 'jwt'))
  })

  it('end to end: a VC-JWT whose kid is a same-origin key document naming the issuer verifies its signature but is not verified', async () => {
    const alice = await generateKeyPair({ controller: ALICE, id: `${ALICE}#key-1` })
    const kid = `https://${HOST}/users/mallory/keys/1`
    const mallory = await generateKeyPair({ algorithm: 'ES256', controller: ALICE, id: kid })
    const jwt = await issueJwt(credentialOf(ALICE), { keyPair: mallory })
    const report = await verify(jwt, {
      now,
      fetch: serveDocuments({
        [kid]: keyDocument(mallory, ALICE),
        [ALICE]: controllerDocument(ALICE, { keyPairs: [alice] }),
      }),
    })
    expect(statusOf(report, 'proof')).toBe('passed')
    expect(statusOf(report, 'issuer-binding')).toBe('failed')
    expect(findings(report)).toEqual(['issuer-binding:ERR_ISSUER_KEY_MISMATCH@issuer.id'])
    expect(report.verified).toBe(false)
  })
})

describe("(a) what still binds: the issuer's own document lists the key", () => {
  it.each(['ES256', 'Ed25519'] as const)(
    'a %s key document the issuer lists by id under assertionMethod (both modes; a VC-JWT end to end)',
    async (algorithm) => {
      const kid = `https://${HOST}/users/alice/keys/2025`
      const keyPair = await generateKeyPair({ algorithm, controller: ALICE, id: kid })
      const documents = {
        [kid]: keyDocument(keyPair, ALICE),
        [ALICE]: { '@context': ['https://www.w3.org/ns/cid/v1'], id: ALICE, assertionMethod: [kid] },
      }
      const resolver = createKeyResolver({ fetch: serveDocuments(documents) })
      const key = await resolver.resolve(kid)
      expect(await bind(resolver, ALICE, key, 'jwt')).toBeUndefined()
      expect(await bind(resolver, ALICE, key, 'data-integrity')).toBeUndefined()
      const jwt = await verify(await issueJwt(credentialOf(ALICE), { keyPair }), {
        now,
        fetch: serveDocuments(documents),
      })
      expect(jwt.issues).toEqual([])
      expect(jwt.verified).toBe(true)
    },
  )

  it("a Data Integrity proof by a key the issuer's document lists, end to end", async () => {
    const keyPair = await generateKeyPair({ controller: ALICE, id: `${ALICE}#key-1` })
    const signed = await issue(credentialOf(ALICE), { keyPair, created: '2025-06-30T10:00:00Z' })
    const report = await verify(signed, {
      now,
      fetch: serveDocuments({ [ALICE]: controllerDocument(ALICE, { keyPairs: [keyPair] }) }),
    })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
  })

  it("a key embedded in the issuer's document under another id binds a JWT by its key material", async () => {
    const listed = await generateKeyPair({ controller: ALICE, id: `${ALICE}#key-1` })
    const resolver = createKeyResolver({
      fetch: serveDocuments({ [ALICE]: controllerDocument(ALICE, { keyPairs: [listed] }) }),
    })
    expect(await bind(resolver, ALICE, jwkHeaderKey(listed, ALICE), 'jwt')).toBeUndefined()
  })

  it('a path-level did:web issuer whose own DID document lists the key', async () => {
    const alice = await generateKeyPair({ controller: ALICE_DID, id: `${ALICE_DID}#key-1` })
    const resolver = createKeyResolver({
      fetch: serveDocuments({ [ALICE_DID_URL]: didWebDocument(ALICE_DID, { keyPairs: [alice] }).document }),
    })
    const key = await resolver.resolve(alice.id)
    expect(await bind(resolver, ALICE_DID, key, 'data-integrity')).toBeUndefined()
    expect(await bind(resolver, ALICE_DID, key, 'jwt')).toBeUndefined()
    expect(await bind(resolver, ALICE_DID, jwkHeaderKey(alice, ALICE_DID), 'jwt')).toBeUndefined()
  })

  it.each([
    ['Ed25519 did:key', 'Ed25519'],
    ['P-256 did:key', 'ES256'],
    ['RSA did:jwk', 'RS256'],
  ] as const)(
    'a self-certifying issuer (%s): its own key, by the bare DID, by its full id, or in a jwk header (offline)',
    async (_name, algorithm) => {
      const keyPair = await generateKeyPair({ algorithm })
      const resolver = createKeyResolver()
      expect(
        await bind(resolver, keyPair.controller, await resolver.resolve(keyPair.id), 'data-integrity'),
      ).toBeUndefined()
      expect(
        await bind(resolver, keyPair.controller, await resolver.resolve(keyPair.controller), 'jwt'),
      ).toBeUndefined()
      expect(await bind(resolver, keyPair.controller, jwkHeaderKey(keyPair, keyPair.controller), 'jwt')).toBeUndefined()
      // and a token end to end
      const report = await verify(await issueJwt(credentialOf(keyPair.controller), { keyPair }), { now })
      expect(report.issues).toEqual([])
      expect(report.verified).toBe(true)
    },
  )

  it("a self-certifying DID does not vouch for another DID's key, even one naming it as controller", async () => {
    const issuer = await generateKeyPair()
    const other = await generateKeyPair({ algorithm: 'ES256' })
    const resolver = createKeyResolver()
    const key = await resolver.resolve(other.id)
    const claimed: ResolvedKey = {
      ...key,
      verificationMethod: { ...key.verificationMethod, controller: issuer.controller },
    }
    expectNotBound(await bind(resolver, issuer.controller, claimed, 'data-integrity'))
    expectNotBound(await bind(resolver, issuer.controller, jwkHeaderKey(other, issuer.controller), 'jwt'))
  })
})

// ---------------------------------------------------------------------------------------------------------

describe('(b) a host JWKS binds only the host-level issuer', () => {
  it.each([
    ['https path issuer', ALICE, ALICE, () => controllerDocument],
    [
      'did:web path issuer',
      ALICE_DID,
      ALICE_DID_URL,
      () => (id: string, options: { keyPairs: KeyPair[] }) => didWebDocument(id, options).document,
    ],
  ] as const)(
    '%s (%s) whose own document does not list the key → ERR_ISSUER_KEY_MISMATCH, and the JWKS is not even fetched',
    async (_name, issuerId, documentUrl, documentOf) => {
      const alice = await generateKeyPair({ controller: issuerId, id: `${issuerId}#key-1` })
      const hostKey = await generateKeyPair({ algorithm: 'ES256' })
      const fetch = serveDocuments({
        [HOST_JWKS]: { keys: [publicJwk(hostKey)] },
        [documentUrl]: documentOf()(issuerId, { keyPairs: [alice] }),
      })
      const resolver = createKeyResolver({ fetch })
      const issue = expectNotBound(await bind(resolver, issuerId, jwkHeaderKey(hostKey, issuerId), 'jwt'))
      expect(issue.message).toContain('host-level')
      expect(issue.message).toContain(issuerId)
      expect(fetch.calls).toEqual([documentUrl])
    },
  )

  it.each([ALICE, ALICE_DID])(
    '%s without a document of its own: the host JWKS does not stand in for it (ERR_KEY_UNRESOLVED)',
    async (issuerId) => {
      const hostKey = await generateKeyPair({ algorithm: 'ES256' })
      const fetch = serveDocuments({ [HOST_JWKS]: { keys: [publicJwk(hostKey)] } })
      expectNotBound(
        await bind(createKeyResolver({ fetch }), issuerId, jwkHeaderKey(hostKey, issuerId), 'jwt'),
        'ERR_KEY_UNRESOLVED',
      )
      expect(fetch.calls).not.toContain(HOST_JWKS)
    },
  )

  it.each([
    `https://${HOST}/users`,
    `https://${HOST}/users/`,
    `https://${HOST}/users/alice/`,
    `https://${HOST}//`,
    `https://${HOST}/?tenant=alice`,
    `https://${HOST}/#alice`,
    `https://${HOST}/index.html`,
    `did:web:${HOST}:users`,
    `did:web:${HOST}:users:alice:badges`,
  ])('%s is not host-level: the host JWKS binds nothing for it', async (issuerId) => {
    const hostKey = await generateKeyPair({ algorithm: 'ES256' })
    const fetch = serveDocuments({ [HOST_JWKS]: { keys: [publicJwk(hostKey)] } })
    const issue = await bind(createKeyResolver({ fetch }), issuerId, jwkHeaderKey(hostKey, issuerId), 'jwt')
    expect(issue).toBeDefined()
    expect(['ERR_ISSUER_KEY_MISMATCH', 'ERR_KEY_UNRESOLVED']).toContain(issue?.code)
    expect(fetch.calls).not.toContain(HOST_JWKS)
  })

  it.each([
    [`https://${HOST}`, HOST_JWKS],
    [`https://${HOST}/`, HOST_JWKS],
    [`did:web:${HOST}`, HOST_JWKS],
    [`https://${HOST}:8443`, `https://${HOST}:8443/.well-known/jwks.json`],
    [`did:web:${HOST}%3A8443`, `https://${HOST}:8443/.well-known/jwks.json`],
  ])('the host-level issuer %s is bound through %s (no document of its own needed)', async (issuerId, jwksUrl) => {
    const hostKey = await generateKeyPair({ algorithm: 'ES256' })
    const fetch = serveDocuments({ [jwksUrl]: { keys: [publicJwk(hostKey)] } })
    expect(await bind(createKeyResolver({ fetch }), issuerId, jwkHeaderKey(hostKey, issuerId), 'jwt')).toBeUndefined()
    expect(fetch.calls).toContain(jwksUrl)
  })

  it('the JWKS of the host-level issuer is the one of its own port: another port on the same host does not count', async () => {
    const hostKey = await generateKeyPair({ algorithm: 'ES256' })
    const issuerId = `https://${HOST}:8443`
    const fetch = serveDocuments({ [HOST_JWKS]: { keys: [publicJwk(hostKey)] } })
    expectNotBound(
      await bind(createKeyResolver({ fetch }), issuerId, jwkHeaderKey(hostKey, issuerId), 'jwt'),
      'ERR_KEY_UNRESOLVED',
    )
  })

  it('Data Integrity never binds through a JWKS, not even for the host-level issuer', async () => {
    const issuerId = `https://${HOST}`
    const hostKey = await generateKeyPair({ controller: issuerId, id: `${issuerId}/keys/1` })
    const fetch = serveDocuments({
      [HOST_JWKS]: { keys: [publicJwk(hostKey)] },
      [hostKey.id]: keyDocument(hostKey, issuerId),
    })
    const resolver = createKeyResolver({ fetch })
    expectNotBound(
      await bind(resolver, issuerId, await resolver.resolve(hostKey.id), 'data-integrity'),
      'ERR_KEY_UNRESOLVED',
    )
    expect(fetch.calls).not.toContain(HOST_JWKS)
  })

  it('end to end: a tenant credential signed with a key of the host JWKS is not verified; the host-level one, same key, is', async () => {
    // one Ed25519 key (the same seed), as the host-level issuer holds it and as a tenant credential names it
    const seed = new Uint8Array(32).fill(17)
    const asHost = await generateKeyPair({ seed, controller: `https://${HOST}` })
    const asTenant = await generateKeyPair({ seed, controller: ALICE })
    expect(asTenant.publicKeyMultibase).toBe(asHost.publicKeyMultibase)
    const alice = await generateKeyPair({ controller: ALICE, id: `${ALICE}#key-1` })
    const documents = () =>
      serveDocuments({
        [HOST_JWKS]: { keys: [publicJwk(asHost)] },
        [ALICE]: controllerDocument(ALICE, { keyPairs: [alice] }),
      })

    const tenant = await verify(await issueJwt(credentialOf(ALICE), { keyPair: asTenant, keyIn: 'jwk' }), {
      now,
      fetch: documents(),
    })
    expect(statusOf(tenant, 'proof')).toBe('passed')
    expect(statusOf(tenant, 'issuer-binding')).toBe('failed')
    expect(findings(tenant)).toEqual(['issuer-binding:ERR_ISSUER_KEY_MISMATCH@issuer.id'])
    expect(tenant.verified).toBe(false)

    const hostLevel = await verify(await issueJwt(credentialOf(asHost.controller), { keyPair: asHost, keyIn: 'jwk' }), {
      now,
      fetch: documents(),
    })
    expect(hostLevel.issues).toEqual([])
    expect(hostLevel.verified).toBe(true)
  })
})
