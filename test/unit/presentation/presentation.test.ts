import { beforeAll, describe, expect, it } from 'vitest'
import jsigs from 'jsonld-signatures'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import {
  createDocumentLoader,
  createSigner,
  exportKeyPair,
  generateKeyPair,
  isMicrocredError,
  issueJwt,
  type Ed25519KeyPair,
  type FetchLike,
  type Signer,
  createPresentation,
  signPresentation,
  verifyPresentation,
  type PresentationReport,
} from '../../../src/index.js'
import { controllerDocument } from '../../../src/entries/keys.js'
import { copy, euCredential, signBypassingChecks, signedEuCredential } from '../../helpers/credentials.js'

const now = new Date('2026-01-01T00:00:00Z')
const VC_V2 = 'https://www.w3.org/ns/credentials/v2'
const CHALLENGE = 'c7f1a2e9-0b4d-4c1e-8f3a-5d6e7f809123'
const DOMAIN = 'https://employer.example'

const statusOf = (report: PresentationReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]))
const codes = (report: PresentationReport) => report.issues.map((i) => `${i.check}:${i.code}@${i.path ?? ''}`)

let holder: Ed25519KeyPair
let ldpCredential: Record<string, unknown>
let jwtCredential: string

beforeAll(async () => {
  holder = await generateKeyPair()
  const { signed } = await signedEuCredential()
  ldpCredential = signed as unknown as Record<string, unknown>
  const jwtIssuer = await generateKeyPair({ algorithm: 'ES256' })
  const credential = copy(euCredential(await generateKeyPair()))
  credential.issuer.id = jwtIssuer.controller
  jwtCredential = await issueJwt(credential, { keyPair: jwtIssuer })
})

/**
 * Signs any presentation with the holder's key through jsonld-signatures directly (signPresentation() would refuse
 * some of these, or set holder), for CHALLENGE (and `domain`).
 */
async function signWithHolderKey(presentation: object, domain?: string): Promise<Record<string, unknown>> {
  const key = await Ed25519Multikey.from({ ...exportKeyPair(holder, { secret: true }) })
  return jsigs.sign(copy(presentation), {
    suite: new DataIntegrityProof({ signer: key.signer(), cryptosuite }),
    purpose: new jsigs.purposes.AuthenticationProofPurpose({
      challenge: CHALLENGE,
      ...(domain === undefined ? {} : { domain }),
    }),
    documentLoader: createDocumentLoader(),
  })
}

/** A presentation of both credentials, signed by the holder for CHALLENGE and DOMAIN. */
async function signedPresentation(credentials: (Record<string, unknown> | string)[] = [ldpCredential, jwtCredential]) {
  return signPresentation(createPresentation({ credentials, holder: holder.controller }), {
    keyPair: holder,
    challenge: CHALLENGE,
    domain: DOMAIN,
  })
}

describe('createPresentation()', () => {
  it('wraps credential objects (copied) and VC-JWTs (as EnvelopedVerifiableCredential)', () => {
    const presentation = createPresentation({
      credentials: [ldpCredential, jwtCredential],
      holder: holder.controller,
      id: 'urn:uuid:3e1d6b1c-2f6a-4b8e-9c0d-1a2b3c4d5e6f',
    })
    expect(presentation).toEqual({
      '@context': [VC_V2],
      id: 'urn:uuid:3e1d6b1c-2f6a-4b8e-9c0d-1a2b3c4d5e6f',
      type: ['VerifiablePresentation'],
      holder: holder.controller,
      verifiableCredential: [
        ldpCredential,
        { '@context': VC_V2, id: `data:application/vc+jwt,${jwtCredential}`, type: 'EnvelopedVerifiableCredential' },
      ],
    })
    // a copy: changing the presentation does not change the caller's credential
    expect(presentation.verifiableCredential![0]).not.toBe(ldpCredential)
    presentation.verifiableCredential![0]!['name'] = 'changed'
    expect(ldpCredential['name']).not.toBe('changed')
  })

  it('leaves out holder and id when not given, and verifiableCredential when there is none (VC Data Model 2.0 §4.13: one or more)', () => {
    const presentation = createPresentation({ credentials: [] })
    expect(presentation).toEqual({ '@context': [VC_V2], type: ['VerifiablePresentation'] })
  })

  it('rejects a credentials list that is not an array, and entries that are neither objects nor strings (TypeError)', () => {
    expect(() => createPresentation({ credentials: 'x' as never })).toThrow(TypeError)
    expect(() => createPresentation({ credentials: [42 as never] })).toThrow(TypeError)
  })
})

describe('signPresentation()', () => {
  it("adds an authentication proof with the challenge and domain, made with the holder's key", async () => {
    const signed = await signedPresentation()
    expect(signed.holder).toBe(holder.controller)
    expect(signed.proof).toHaveLength(1)
    expect(signed.proof[0]).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'authentication',
      verificationMethod: holder.id,
      challenge: CHALLENGE,
      domain: DOMAIN,
    })
    expect(typeof signed.proof[0]!['proofValue']).toBe('string')
    // the credentials are unchanged inside
    expect(signed.verifiableCredential).toEqual(
      createPresentation({ credentials: [ldpCredential, jwtCredential] }).verifiableCredential,
    )
  })

  it("sets holder to the key's controller when the presentation has none", async () => {
    const unsigned = createPresentation({ credentials: [ldpCredential] })
    expect(unsigned.holder).toBeUndefined()
    const signed = await signPresentation(unsigned, { keyPair: holder, challenge: CHALLENGE })
    expect(signed.holder).toBe(holder.controller)
    expect(signed.proof[0]).not.toHaveProperty('domain')
    const report = await verifyPresentation(signed, { challenge: CHALLENGE, now })
    expect(report.verified).toBe(true)
  })

  it('signs with a KMS-style signer too', async () => {
    const inner = createSigner(holder)
    let calls = 0
    const signer: Signer = {
      id: holder.id,
      algorithm: 'Ed25519',
      sign: async (data) => {
        calls++
        return inner.sign(data)
      },
    }
    const signed = await signPresentation(createPresentation({ credentials: [ldpCredential] }), {
      signer,
      challenge: CHALLENGE,
      domain: DOMAIN,
    })
    expect(calls).toBe(1)
    expect(signed.holder).toBe(holder.controller)
    expect((await verifyPresentation(signed, { challenge: CHALLENGE, domain: DOMAIN, now })).verified).toBe(true)
  })

  it("refuses a key that is not the holder's → ERR_HOLDER_MISMATCH", async () => {
    const someoneElse = await generateKeyPair()
    const presentation = createPresentation({ credentials: [ldpCredential], holder: holder.controller })
    let error: unknown
    try {
      await signPresentation(presentation, { keyPair: someoneElse, challenge: CHALLENGE })
    } catch (e) {
      error = e
    }
    expect(isMicrocredError(error)).toBe(true)
    expect((error as { code: string }).code).toBe('ERR_HOLDER_MISMATCH')
    expect((error as { path: string }).path).toBe('holder')
  })

  it('requires a challenge (TypeError)', async () => {
    const presentation = createPresentation({ credentials: [ldpCredential] })
    await expect(signPresentation(presentation, { keyPair: holder } as never)).rejects.toThrow(TypeError)
    await expect(signPresentation(presentation, { keyPair: holder, challenge: '' })).rejects.toThrow(TypeError)
  })

  it('needs exactly one of keyPair and signer, and an Ed25519 key (TypeError)', async () => {
    const presentation = createPresentation({ credentials: [] })
    await expect(signPresentation(presentation, { challenge: CHALLENGE })).rejects.toThrow(TypeError)
    await expect(
      signPresentation(presentation, { keyPair: holder, signer: createSigner(holder), challenge: CHALLENGE }),
    ).rejects.toThrow(TypeError)
    const p256 = await generateKeyPair({ algorithm: 'ES256' })
    await expect(signPresentation(presentation, { keyPair: p256, challenge: CHALLENGE })).rejects.toThrow(TypeError)
  })
})

describe('verifyPresentation(): verified', () => {
  it('with the right challenge and domain, and every credential verified', async () => {
    const report = await verifyPresentation(await signedPresentation(), { challenge: CHALLENGE, domain: DOMAIN, now })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
    expect(statusOf(report)).toEqual({
      syntax: 'passed',
      context: 'passed',
      'data-model': 'passed',
      proof: 'passed',
      'holder-binding': 'passed',
      credentials: 'passed',
    })
    expect(report.policy).toBe('default')
    expect(report.credentials).toHaveLength(2)
    expect(report.credentials.map((c) => c.verified)).toEqual([true, true])
    expect(report.credentials.map((c) => c.format)).toEqual(['ldp', 'jwt'])
    expect(report.credentials[0]!.credential).toEqual(ldpCredential)
    expect(report.credentials[1]!.credential).toMatchObject({ id: ldpCredential['id'], name: ldpCredential['name'] })
  })

  it('accepts the presentation as JSON text', async () => {
    const report = await verifyPresentation(JSON.stringify(await signedPresentation()), {
      challenge: CHALLENGE,
      domain: DOMAIN,
      now,
    })
    expect(report.verified).toBe(true)
  })

  it('passes the verify() options on to the credentials inside (an expected recipient)', async () => {
    const signed = await signedPresentation([ldpCredential])
    expect(
      (
        await verifyPresentation(signed, {
          challenge: CHALLENGE,
          domain: DOMAIN,
          now,
          expectedRecipient: 'ada@example.org',
        })
      ).verified,
    ).toBe(true)
    const report = await verifyPresentation(signed, {
      challenge: CHALLENGE,
      domain: DOMAIN,
      now,
      expectedRecipient: 'eve@example.org',
    })
    expect(report.verified).toBe(false)
    expect(codes(report)).toEqual(['credentials:ERR_CREDENTIAL_INVALID@verifiableCredential[0]'])
    expect(report.credentials[0]!.issues).toEqual([
      expect.objectContaining({ code: 'ERR_RECIPIENT_MISMATCH', check: 'recipient' }),
    ])
  })

  it('a holder identified by an https URL, with its controller document fetched', async () => {
    const holderId = 'https://wallet.example/users/ada'
    const hosted = await generateKeyPair({ controller: holderId })
    const document = controllerDocument(holderId, { keyPairs: [hosted] })
    const fetch: FetchLike = async (url) =>
      url === holderId ? new Response(JSON.stringify(document)) : new Response('not found', { status: 404 })
    const signed = await signPresentation(createPresentation({ credentials: [ldpCredential], holder: holderId }), {
      keyPair: hosted,
      challenge: CHALLENGE,
    })
    const report = await verifyPresentation(signed, { challenge: CHALLENGE, now, fetch })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
    // without a fetch the holder's key cannot be found
    expect((await verifyPresentation(signed, { challenge: CHALLENGE, now })).verified).toBe(false)
  })
})

describe('verifyPresentation(): rejections', () => {
  it('a wrong challenge → ERR_CHALLENGE_MISMATCH', async () => {
    const report = await verifyPresentation(await signedPresentation(), {
      challenge: 'another-nonce',
      domain: DOMAIN,
      now,
    })
    expect(report.verified).toBe(false)
    expect(statusOf(report)['proof']).toBe('failed')
    expect(codes(report)).toEqual(['proof:ERR_CHALLENGE_MISMATCH@proof[0].challenge'])
  })

  it('a wrong domain → ERR_DOMAIN_MISMATCH', async () => {
    const report = await verifyPresentation(await signedPresentation(), {
      challenge: CHALLENGE,
      domain: 'https://evil.example',
      now,
    })
    expect(report.verified).toBe(false)
    expect(codes(report)).toEqual(['proof:ERR_DOMAIN_MISMATCH@proof[0].domain'])
  })

  it('an expected domain when the proof has none → ERR_DOMAIN_MISMATCH', async () => {
    const signed = await signPresentation(createPresentation({ credentials: [ldpCredential] }), {
      keyPair: holder,
      challenge: CHALLENGE,
    })
    const report = await verifyPresentation(signed, { challenge: CHALLENGE, domain: DOMAIN, now })
    expect(codes(report)).toEqual(['proof:ERR_DOMAIN_MISMATCH@proof[0].domain'])
  })

  it('a challenge changed in the proof after signing (to replay it elsewhere) → ERR_PROOF_INVALID', async () => {
    const replayed = copy(await signedPresentation())
    replayed.proof[0].challenge = 'nonce-of-another-verifier'
    const report = await verifyPresentation(replayed, { challenge: 'nonce-of-another-verifier', domain: DOMAIN, now })
    expect(report.verified).toBe(false)
    expect(statusOf(report)['proof']).toBe('failed')
    expect(report.issues.map((i) => i.code)).toContain('ERR_PROOF_INVALID')
  })

  it('a tampered presentation (a credential removed after signing) → ERR_PROOF_INVALID', async () => {
    const tampered = copy(await signedPresentation())
    tampered.verifiableCredential.pop()
    const report = await verifyPresentation(tampered, { challenge: CHALLENGE, domain: DOMAIN, now })
    expect(report.verified).toBe(false)
    expect(statusOf(report)['proof']).toBe('failed')
    expect(statusOf(report)['holder-binding']).toBe('skipped')
    expect(report.issues.filter((i) => i.check === 'proof').map((i) => i.code)).toEqual(['ERR_PROOF_INVALID'])
  })

  it('a tampered presentation (another holder written in after signing) → ERR_PROOF_INVALID', async () => {
    const other = await generateKeyPair()
    const tampered = copy(await signedPresentation())
    tampered.holder = other.controller
    const report = await verifyPresentation(tampered, { challenge: CHALLENGE, domain: DOMAIN, now })
    expect(report.verified).toBe(false)
    expect(report.issues.filter((i) => i.check === 'proof').map((i) => i.code)).toEqual(['ERR_PROOF_INVALID'])
  })

  it("signed by someone else's key while naming another holder → ERR_HOLDER_MISMATCH at holder-binding", async () => {
    // B signs, with jsonld-signatures directly (signPresentation refuses this), a presentation whose holder is A.
    const signerB = await generateKeyPair()
    const presentation = createPresentation({ credentials: [ldpCredential], holder: holder.controller })
    const keyB = await Ed25519Multikey.from({ ...exportKeyPair(signerB, { secret: true }) })
    const signed = await jsigs.sign(copy(presentation), {
      suite: new DataIntegrityProof({ signer: keyB.signer(), cryptosuite }),
      purpose: new jsigs.purposes.AuthenticationProofPurpose({ challenge: CHALLENGE, domain: DOMAIN }),
      documentLoader: createDocumentLoader(),
    })
    expect(signed['holder']).toBe(holder.controller)
    expect((signed['proof'] as Record<string, unknown>)['verificationMethod']).toBe(signerB.id)

    const report = await verifyPresentation(signed, { challenge: CHALLENGE, domain: DOMAIN, now })
    expect(report.verified).toBe(false)
    // the signature is B's and valid; the key is just not the holder's
    expect(statusOf(report)['proof']).toBe('passed')
    expect(statusOf(report)['holder-binding']).toBe('failed')
    expect(codes(report)).toEqual(['holder-binding:ERR_HOLDER_MISMATCH@holder'])
  })

  it('a validly signed presentation that names no holder verifies (VC Data Model 2.0: holder is optional); holder-binding is skipped, saying why', async () => {
    const presentation = createPresentation({ credentials: [ldpCredential] })
    const signed = await signWithHolderKey(presentation)
    expect(signed).not.toHaveProperty('holder')
    const report = await verifyPresentation(signed, { challenge: CHALLENGE, now })
    expect(report.verified).toBe(true)
    expect(statusOf(report)).toMatchObject({ proof: 'passed', 'holder-binding': 'skipped', credentials: 'passed' })
    expect(report.checks.find((c) => c.id === 'holder-binding')?.reason).toContain('names no holder')
    expect(codes(report)).toEqual([])
  })

  it('a presentation whose holder is not the key that signed it → ERR_HOLDER_MISMATCH at holder-binding', async () => {
    const presentation = createPresentation({ credentials: [ldpCredential], holder: 'did:example:someone-else' })
    const signed = await signWithHolderKey(presentation)
    const report = await verifyPresentation(signed, { challenge: CHALLENGE, now })
    expect(report.verified).toBe(false)
    expect(statusOf(report)['proof']).toBe('passed')
    expect(codes(report)).toEqual(['holder-binding:ERR_HOLDER_MISMATCH@holder'])
  })

  it("control: the same jsonld-signatures construction with the holder's own key verifies", async () => {
    const presentation = createPresentation({ credentials: [ldpCredential], holder: holder.controller })
    const signed = await signWithHolderKey(presentation, DOMAIN)
    const report = await verifyPresentation(signed, { challenge: CHALLENGE, domain: DOMAIN, now })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
  })

  it("a credential inside that does not verify → ERR_CREDENTIAL_INVALID at credentials, with each credential's report", async () => {
    const broken = copy(ldpCredential)
    broken.name = 'Forged Fundamentals'
    const signed = await signedPresentation([ldpCredential, broken, jwtCredential])
    const report = await verifyPresentation(signed, { challenge: CHALLENGE, domain: DOMAIN, now })
    expect(report.verified).toBe(false)
    // the holder's proof is fine: it is one credential that fails
    expect(statusOf(report)).toEqual({
      syntax: 'passed',
      context: 'passed',
      'data-model': 'passed',
      proof: 'passed',
      'holder-binding': 'passed',
      credentials: 'failed',
    })
    expect(codes(report)).toEqual(['credentials:ERR_CREDENTIAL_INVALID@verifiableCredential[1]'])
    expect(report.credentials).toHaveLength(3)
    expect(report.credentials.map((c) => c.verified)).toEqual([true, false, true])
    expect(report.credentials[1]!.issues).toContainEqual(
      expect.objectContaining({ code: 'ERR_PROOF_INVALID', check: 'proof' }),
    )
    expect(report.credentials[1]!.credential).toEqual(broken)
  })

  it('a tampered VC-JWT inside → ERR_CREDENTIAL_INVALID, its report format jwt', async () => {
    const [h, p, s] = jwtCredential.split('.') as [string, string, string]
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, name: 'Forged' })).toString('base64url')}.${s}`
    const report = await verifyPresentation(await signedPresentation([forged]), {
      challenge: CHALLENGE,
      domain: DOMAIN,
      now,
    })
    expect(report.verified).toBe(false)
    expect(codes(report)).toEqual(['credentials:ERR_CREDENTIAL_INVALID@verifiableCredential[0]'])
    expect(report.credentials[0]!.format).toBe('jwt')
    expect(report.credentials[0]!.issues).toContainEqual(
      expect.objectContaining({ code: 'ERR_PROOF_INVALID', check: 'proof' }),
    )
  })

  it('no proof → ERR_PROOF_MISSING', async () => {
    const report = await verifyPresentation(
      createPresentation({ credentials: [ldpCredential], holder: holder.controller }),
      { challenge: CHALLENGE, now },
    )
    expect(report.verified).toBe(false)
    expect(statusOf(report)['proof']).toBe('failed')
    expect(statusOf(report)['holder-binding']).toBe('skipped')
    expect(codes(report)).toEqual(['proof:ERR_PROOF_MISSING@proof'])
  })

  it.each([
    ['a credential', () => ldpCredential as unknown],
    ['not JSON', () => '{"type": ['],
    ['null', () => null],
    ['an array', () => [1, 2]],
    ['an object of another type', () => ({ '@context': [VC_V2], type: ['VerifiableCredential'] })],
  ])('not a presentation (%s) → ERR_SYNTAX, everything else skipped', async (_what, input) => {
    const report = await verifyPresentation(input(), { challenge: CHALLENGE, now })
    expect(report.verified).toBe(false)
    expect(codes(report)).toEqual(['syntax:ERR_SYNTAX@'])
    expect(report.checks.map((c) => c.id)).toEqual([
      'syntax',
      'context',
      'data-model',
      'proof',
      'holder-binding',
      'credentials',
    ])
    expect(report.checks.slice(1).every((c) => c.status === 'skipped')).toBe(true)
    expect(report.credentials).toEqual([])
  })

  it("requires the verifier's challenge (TypeError)", async () => {
    const signed = await signedPresentation()
    await expect(verifyPresentation(signed, {} as never)).rejects.toThrow(TypeError)
  })
})

describe('verifyPresentation(): the proof binds the verifier', () => {
  it('a presentation made for one verifier does not verify for another (replay)', async () => {
    const forEmployer = await signedPresentation()
    const report = await verifyPresentation(forEmployer, {
      challenge: 'nonce-of-university',
      domain: 'https://university.example',
      now,
    })
    expect(report.verified).toBe(false)
    expect(codes(report).sort()).toEqual([
      'proof:ERR_CHALLENGE_MISMATCH@proof[0].challenge',
      'proof:ERR_DOMAIN_MISMATCH@proof[0].domain',
    ])
  })
})

describe('verifyPresentation(): VC Data Model 2.0 rules', () => {
  it('refuses to sign a presentation the data model forbids (ERR_DATA_MODEL): an existing proof without a type, a credential given as a URL string', async () => {
    const untyped = {
      ...createPresentation({ credentials: [ldpCredential], holder: holder.controller }),
      proof: { proofPurpose: 'authentication' },
    }
    await expect(signPresentation(untyped as never, { keyPair: holder, challenge: CHALLENGE })).rejects.toMatchObject({
      code: 'ERR_DATA_MODEL',
      path: 'proof.type',
    })
    const urlEntry = {
      '@context': [VC_V2],
      type: ['VerifiablePresentation'],
      verifiableCredential: ['https://example.edu/credentials/1'],
    }
    await expect(signPresentation(urlEntry as never, { keyPair: holder, challenge: CHALLENGE })).rejects.toMatchObject({
      code: 'ERR_DATA_MODEL',
    })
  })

  it('fails the data-model check of a signed presentation whose holder is not a URL', async () => {
    const presentation = { ...createPresentation({ credentials: [ldpCredential] }), holder: { name: 'Ada' } }
    const signed = await signWithHolderKey(presentation)
    const report = await verifyPresentation(signed, { challenge: CHALLENGE, now })
    expect(report.verified).toBe(false)
    expect(statusOf(report)['data-model']).toBe('failed')
    expect(report.issues).toContainEqual(
      expect.objectContaining({ check: 'data-model', code: 'ERR_DATA_MODEL', path: 'holder.id' }),
    )
  })
})

describe('verifyPresentation(): self-asserted credentials (VC Data Model 2.0 §4.13.4)', () => {
  /** An unsigned credential whose issuer is `issuer`, in a presentation of `holderId` signed with the holder's key. */
  async function presenting(issuer: string, holderId: string | undefined): Promise<Record<string, unknown>> {
    const claims = {
      '@context': [VC_V2, 'https://www.w3.org/ns/credentials/examples/v2'],
      type: ['VerifiableCredential', 'ExampleFoodPreferenceCredential'],
      issuer,
      credentialSubject: { favoriteCheese: 'Gouda' },
    }
    const presentation = {
      '@context': [VC_V2],
      type: ['VerifiablePresentation'],
      ...(holderId === undefined ? {} : { holder: holderId }),
      verifiableCredential: [claims],
    }
    return signWithHolderKey(presentation)
  }

  it("a credential without a proof whose issuer is the holder is secured by the presentation's proof", async () => {
    const report = await verifyPresentation(await presenting(holder.controller, holder.controller), {
      challenge: CHALLENGE,
      now,
    })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
    const [inner] = report.credentials
    expect(inner!.verified).toBe(true)
    expect(inner!.checks.find((c) => c.id === 'proof')?.reason).toContain('self-asserted')
    expect(inner!.checks.find((c) => c.id === 'issuer-binding')?.status).toBe('passed')
  })

  it('an unsigned credential of someone else than the holder is no verifiable credential: ERR_DATA_MODEL, and ERR_CREDENTIAL_INVALID (its own report says ERR_PROOF_MISSING)', async () => {
    const report = await verifyPresentation(await presenting('did:example:alice', holder.controller), {
      challenge: CHALLENGE,
      now,
    })
    expect(report.verified).toBe(false)
    expect(codes(report)).toEqual([
      'data-model:ERR_DATA_MODEL@verifiableCredential[0].issuer',
      'credentials:ERR_CREDENTIAL_INVALID@verifiableCredential[0]',
    ])
    expect(report.credentials[0]!.issues).toContainEqual(expect.objectContaining({ code: 'ERR_PROOF_MISSING' }))
  })

  it('a self-asserted credential changed after the presentation was signed verifies neither', async () => {
    const signed = await presenting(holder.controller, holder.controller)
    const changed = copy(signed)
    changed.verifiableCredential[0].credentialSubject.favoriteCheese = 'Cheddar'
    const report = await verifyPresentation(changed, { challenge: CHALLENGE, now })
    expect(report.verified).toBe(false)
    expect(statusOf(report)).toMatchObject({ proof: 'failed', 'holder-binding': 'skipped' })
    expect(report.credentials[0]!.verified).toBe(false)
    expect(report.credentials[0]!.issues).toContainEqual(expect.objectContaining({ code: 'ERR_PROOF_MISSING' }))
  })

  it('a presentation with an unsigned credential must name its holder (VC Data Model 2.0 §4.13.4)', async () => {
    const report = await verifyPresentation(await presenting(holder.controller, undefined), {
      challenge: CHALLENGE,
      now,
    })
    expect(report.verified).toBe(false)
    expect(report.issues).toContainEqual(expect.objectContaining({ check: 'data-model', code: 'ERR_DATA_MODEL' }))
  })

  it("the holder named is not the key's: neither the presentation nor the self-asserted credential verifies", async () => {
    const other = await generateKeyPair()
    const report = await verifyPresentation(await presenting(other.controller, other.controller), {
      challenge: CHALLENGE,
      now,
    })
    expect(report.verified).toBe(false)
    expect(statusOf(report)['holder-binding']).toBe('failed')
    expect(report.credentials[0]!.verified).toBe(false)
  })

  it("under the strict policy, the presentation's report says so and warnings of a credential inside fail it", async () => {
    const issuer = await generateKeyPair()
    const badge = copy(euCredential(issuer))
    badge.credentialSubject.achievement.achievementType = 'Program' // outside the enumeration, without ext: a warning
    const signed = await signBypassingChecks(badge, issuer)
    const presentation = await signedPresentation([signed])
    const lenient = await verifyPresentation(presentation, { challenge: CHALLENGE, domain: DOMAIN, now })
    expect(lenient.verified).toBe(true)
    expect(lenient.credentials[0]!.issues).toContainEqual(
      expect.objectContaining({ check: 'schema', severity: 'warning' }),
    )
    const strict = await verifyPresentation(presentation, {
      challenge: CHALLENGE,
      domain: DOMAIN,
      now,
      policy: 'strict',
    })
    expect(strict.policy).toBe('strict')
    expect(strict.credentials[0]!.policy).toBe('strict')
    expect(strict.verified).toBe(false)
    expect(codes(strict)).toEqual(['credentials:ERR_CREDENTIAL_INVALID@verifiableCredential[0]'])
  })
})
