/**
 * eddsa-rdfc-2022 signed and verified without jsonld-signatures for the common case
 * (src/proof/data-integrity/eddsa-rdfc-2022-direct.ts): the proofs are the Digital Bazaar stack's, byte for byte; a
 * proof the direct path does not establish is decided by the library path, so every case outside the common one
 * still verifies when genuine, and nothing changed verifies at all.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  createDocumentLoader,
  createKeyResolver,
  createMicroCredential,
  generateKeyPair,
  issue,
  verify,
  type KeyPair,
} from '../../../src/index.js'
import { createSigner } from '../../../src/keys/signer.js'
import { fastCanonize } from '../../../src/rdf/canonize.js'
import { encodeBase58btc } from '../../../src/util/base58.js'
import {
  signEddsaRdfc2022Directly,
  verifyEddsaRdfc2022Directly,
} from '../../../src/proof/data-integrity/eddsa-rdfc-2022-direct.js'
import type { VerificationMethod } from '../../../src/keys/verification-method.js'
import { differentialKey, theirSigned, type DifferentialKey } from '../../helpers/differential.js'
import { randomInput, seededRandom, type Random } from '../../helpers/random-credentials.js'

const SEEDS = 24
const FIRST_SEED = Number(process.env['MICROCRED_SEED'] ?? 1)
console.log(`eddsa-direct: seeds ${FIRST_SEED}..${FIRST_SEED + SEEDS - 1} (MICROCRED_SEED to replay)`)

const documentLoader = createDocumentLoader()
const resolver = createKeyResolver()
const created = '2025-09-01T00:00:00Z'
const now = new Date('2026-01-01T00:00:00Z')

type Signed = Record<string, unknown> & { proof: Record<string, unknown>[] }

async function signedByThem(key: DifferentialKey, credential: object, when = created): Promise<Signed> {
  const signed = await theirSigned(credential, 'eddsa-rdfc-2022', key.theirKey, when, documentLoader)
  return { ...signed, proof: Array.isArray(signed.proof) ? signed.proof : [signed.proof] }
}

function credentialFor(keyPair: KeyPair, random: Random): Record<string, unknown> {
  const input = randomInput(random)
  return createMicroCredential({ ...input, issuer: { ...input.issuer, id: keyPair.controller } }) as unknown as Record<
    string,
    unknown
  >
}

const unsecuredOf = (signed: Signed): Record<string, unknown> => {
  const { proof: _proof, ...unsecured } = signed
  return unsecured
}

async function methodOf(proof: Record<string, unknown>): Promise<VerificationMethod> {
  return (await resolver.resolve(proof['verificationMethod'] as string)).verificationMethod
}

/** Every string in `value` with its path, in document order. */
function stringLeaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path]
  if (Array.isArray(value)) return value.flatMap((item, i) => stringLeaves(item, [...path, i]))
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([name, item]) => stringLeaves(item, [...path, name]))
  return []
}

function withChangedString(document: Record<string, unknown>, random: Random): Record<string, unknown> {
  const copy = structuredClone(document)
  const leaves = stringLeaves(copy).filter((path) => path[0] !== 'proof' && path[0] !== '@context')
  const path = random.pick(leaves)
  let parent: Record<string | number, unknown> = copy
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>
  const last = path[path.length - 1]!
  const text = parent[last] as string
  const at = random.int(0, Math.max(0, text.length - 1))
  parent[last] = `${text.slice(0, at)}${text[at] === 'x' ? 'y' : 'x'}${text.slice(at + 1)}`
  return copy
}

describe('eddsa-rdfc-2022 on the direct path', () => {
  it(`signs exactly the proof the Digital Bazaar stack signs, and verifies it (${SEEDS} seeded credentials)`, async () => {
    const key = await differentialKey()
    const signer = createSigner(key.keyPair)
    for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
      const credential = credentialFor(key.keyPair, seededRandom(seed))
      const theirs = await signedByThem(key, credential)
      const ours = await signEddsaRdfc2022Directly(credential, signer, created, documentLoader)
      expect(JSON.stringify(ours), `seed ${seed}`).toBe(JSON.stringify(theirs.proof[0]))
      const proof = theirs.proof[0]!
      expect(
        await verifyEddsaRdfc2022Directly(unsecuredOf(theirs), proof, await methodOf(proof), documentLoader),
        `seed ${seed}`,
      ).toBe(true)
      // issue() takes the direct path and gives the same credential as the library.
      expect(JSON.stringify(await issue(credential as never, { keyPair: key.keyPair, created })), `seed ${seed}`).toBe(
        JSON.stringify(theirs),
      )
    }
  })

  it(`establishes nothing for a credential with one character changed, which verify() then fails (${SEEDS} seeds)`, async () => {
    const key = await differentialKey()
    for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
      const random = seededRandom(seed)
      const signed = await signedByThem(key, credentialFor(key.keyPair, random))
      const changed = withChangedString(signed, random) as Signed
      const proof = changed.proof[0]!
      expect(
        await verifyEddsaRdfc2022Directly(unsecuredOf(changed), proof, await methodOf(proof), documentLoader),
        `seed ${seed}`,
      ).toBe(false)
      const report = await verify(changed, { now })
      expect(report.verified, `seed ${seed}`).toBe(false)
    }
  })

  it('establishes nothing with another key, a changed proof option or a changed proofValue', async () => {
    const key = await differentialKey()
    const signed = await signedByThem(key, credentialFor(key.keyPair, seededRandom(FIRST_SEED)))
    const proof = signed.proof[0]!
    const method = await methodOf(proof)
    const other = await generateKeyPair()
    const otherMethod = (await resolver.resolve(other.id)).verificationMethod
    const unsecured = unsecuredOf(signed)
    expect(await verifyEddsaRdfc2022Directly(unsecured, proof, otherMethod, documentLoader)).toBe(false)
    expect(
      await verifyEddsaRdfc2022Directly(
        unsecured,
        { ...proof, created: '2025-09-02T00:00:00Z' },
        method,
        documentLoader,
      ),
    ).toBe(false)
    const value = proof['proofValue'] as string
    const flipped = `${value.slice(0, 10)}${value[10] === '2' ? '3' : '2'}${value.slice(11)}`
    expect(
      await verifyEddsaRdfc2022Directly(unsecured, { ...proof, proofValue: flipped }, method, documentLoader),
    ).toBe(false)
  })

  it('a created time the library would rewrite (milliseconds, an offset, a rolled-over date) is signed by the library: the same proof as the Digital Bazaar stack', async () => {
    const key = await differentialKey()
    const credential = credentialFor(key.keyPair, seededRandom(FIRST_SEED + 3))
    for (const when of ['2025-09-01T02:00:00.123+02:00', '2025-09-01T00:00:00.5Z', '2025-02-30T00:00:00Z']) {
      expect(
        await signEddsaRdfc2022Directly(credential, createSigner(key.keyPair), when, documentLoader),
        when,
      ).toBeUndefined()
      const theirs = await signedByThem(key, credential, when)
      const ours = await issue(credential as never, { keyPair: key.keyPair, created: when }).catch(
        (error: unknown) => error,
      )
      // issue() may refuse the date itself; when it signs, it signs what the library signs.
      if (!(ours instanceof Error)) expect(JSON.stringify(ours), when).toBe(JSON.stringify(theirs))
    }
  })

  it('a verificationMethod given as an array: not here, and the library refuses it', async () => {
    const key = await differentialKey()
    const signed = await signedByThem(key, credentialFor(key.keyPair, seededRandom(FIRST_SEED + 4)))
    const proof = signed.proof[0]!
    const asArray = { ...proof, verificationMethod: [proof['verificationMethod']] }
    expect(await verifyEddsaRdfc2022Directly(unsecuredOf(signed), asArray, await methodOf(proof), documentLoader)).toBe(
      false,
    )
    expect((await verify({ ...signed, proof: [asArray] }, { now })).verified).toBe(false)
  })

  describe('outside the common case, the library decides', () => {
    const genuine = async (): Promise<{
      signed: Signed
      proof: Record<string, unknown>
      method: VerificationMethod
    }> => {
      const key = await differentialKey()
      const signed = await signedByThem(key, credentialFor(key.keyPair, seededRandom(FIRST_SEED + 1)))
      const proof = signed.proof[0]!
      return { signed, proof, method: await methodOf(proof) }
    }

    it('a proofValue in base64url multibase: not here, and verify() verifies it', async () => {
      const { signed, proof, method } = await genuine()
      const { decode } = await import('base58-universal')
      const bytes = decode((proof['proofValue'] as string).slice(1))
      const base64url = { ...proof, proofValue: `u${Buffer.from(bytes).toString('base64url')}` }
      expect(await verifyEddsaRdfc2022Directly(unsecuredOf(signed), base64url, method, documentLoader)).toBe(false)
      expect((await verify({ ...signed, proof: [base64url] }, { now })).verified).toBe(true)
    })

    it('a proof with its own @context: not here, and verify() decides as the library does', async () => {
      const { signed, proof, method } = await genuine()
      const withContext = { '@context': signed['@context'], ...proof }
      expect(await verifyEddsaRdfc2022Directly(unsecuredOf(signed), withContext, method, documentLoader)).toBe(false)
      const report = await verify({ ...signed, proof: [withContext] }, { now })
      expect(report.checks.find((check) => check.id === 'proof')?.status).toBe('passed')
    })

    it('a created time without a time zone (the library accepts it): not here, and verify() verifies it', async () => {
      const key = await differentialKey()
      const credential = credentialFor(key.keyPair, seededRandom(FIRST_SEED + 2))
      // Signed by hand (VC-DI-EdDSA §3.3): the direct signer, like the library, would write the time in UTC.
      const configuration = {
        '@context': credential['@context'],
        type: 'DataIntegrityProof',
        created: '2025-09-01T00:00:00',
        verificationMethod: key.keyPair.id,
        cryptosuite: 'eddsa-rdfc-2022',
        proofPurpose: 'assertionMethod',
      }
      const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest()
      const data = Buffer.concat([
        sha256((await fastCanonize(configuration, documentLoader))!),
        sha256((await fastCanonize(credential, documentLoader))!),
      ])
      const { '@context': _context, ...options } = configuration
      const proof: Record<string, unknown> = {
        ...options,
        proofValue: `z${encodeBase58btc(await createSigner(key.keyPair).sign(data))}`,
      }
      const signed = { ...credential, proof: [proof] } as unknown as Signed
      expect(await verifyEddsaRdfc2022Directly(credential, proof, await methodOf(proof), documentLoader)).toBe(false)
      expect((await verify(signed, { now })).checks.find((check) => check.id === 'proof')?.status).toBe('passed')
    })

    it('a verification method that is not a Multikey: not here', async () => {
      const { signed, proof, method } = await genuine()
      const asKey2020 = { ...method, type: 'Ed25519VerificationKey2020' }
      expect(await verifyEddsaRdfc2022Directly(unsecuredOf(signed), proof, asKey2020, documentLoader)).toBe(false)
    })

    it('a VC 1.1 credential without the Data Integrity context: not signed here; issue() signs it as the library does', async () => {
      const key = await differentialKey()
      const v1 = {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiableCredential'],
        issuer: key.keyPair.controller,
        issuanceDate: '2025-01-01T00:00:00Z',
        credentialSubject: { id: 'did:example:learner' },
      }
      expect(await signEddsaRdfc2022Directly(v1, createSigner(key.keyPair), created, documentLoader)).toBeUndefined()
      // The library adds the suite's context to the credential (VC Data Integrity §4.2) before signing.
      const theirs = await signedByThem(key, v1)
      expect(theirs['@context']).toEqual([...v1['@context'], 'https://w3id.org/security/data-integrity/v2'])
      const ours = await issue(v1 as never, { keyPair: key.keyPair, created, profile: 'vc' })
      expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs))
    })
  })
})
