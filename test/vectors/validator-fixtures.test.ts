/**
 * The 1EdTech conformance verifier's fixtures (test/vectors/validator-fixtures/ob30, see SOURCES.md): each
 * reaches the conclusion its file name states. The fixtures identify keys as `<issuer>#<publicKeyMultibase>`;
 * microcred binds such a key to the issuer only when the issuer's own controller document lists it, so the
 * test serves each issuer's controller document (listing the keys the fixtures use) through an injected fetch,
 * as a real issuer would host it. Nothing is fetched from the network.
 *
 * Fixtures that cannot pass for a reason inside the fixture itself:
 * - simple-did-key-method: signed with a did:key while the issuer is `urn:uuid:...`, which has no controller
 *   document, so nothing binds the key to the issuer (the signature itself verifies).
 * - complete: its five embedded endorsements cannot verify: their own @context lacks the OB `extensions.json`
 *   context their `1EdTech*` types need (JSON-LD safe mode), they expired on 2020-01-01, and their proofs use the
 *   obsolete cryptosuite name `eddsa-rdf-2022` (illustration only). The endorsements check fails; everything
 *   else verifies.
 * - complete_v1: VC 1.1 without the OB `extensions.json` context, so `1EdTechRevocationList`,
 *   `1EdTechCredentialRefresh` and `1EdTechJsonSchemaValidator2019` are undefined JSON-LD types (safe mode); it
 *   also uses identityType "email" (not an OB value) and expired in 2020.
 * (bitstring-credential-status-revoked belongs to the status tests.)
 *
 * CLR 2.0 fixtures (clr20/), which the validator's own tests treat as valid (simple_v1 with a warning about its
 * old contexts; complex is disabled there because an issuer host is unreachable):
 * - simple: the record and its bundled credential (another issuer) verify.
 * - simple_v1 and complex (VC 1.1, Ed25519Signature2020): every proof verifies, the record's and each bundled
 *   credential's, but their issuer is `urn:uuid:4ca4a241-...` while they are signed with did:key keys (or a key
 *   in the fragment of the urn), so nothing binds the keys to the issuer. complex's first bundled credential
 *   also carries an endorsement without the `name` OB 3.0 requires.
 * - simple-noproof: no proof, and an unpublished draft context.
 */
import { describe, expect, it } from 'vitest'
import { verify, type VerificationReport } from '../../src/index.js'
import { serveDocuments } from '../helpers/fetch.js'
import { jsonFiles, readJson } from '../helpers/files.js'

const FOLDER = 'test/vectors/validator-fixtures/ob30/'
const CLR_FOLDER = 'test/vectors/validator-fixtures/clr20/'
const now = new Date('2025-01-01T00:00:00Z')
const fixture = (name: string) => readJson(`${FOLDER}${name}.json`)

/** Every `<issuer URL>#<multibase>` key any fixture uses, grouped into one controller document per issuer. */
function controllerDocuments(): Map<string, object> {
  const keys = new Map<string, Set<string>>()
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect)
    else if (node !== null && typeof node === 'object') {
      const vm = (node as Record<string, unknown>)['verificationMethod']
      if (typeof vm === 'string' && vm.startsWith('https://') && vm.includes('#z')) {
        const [base, fragment] = vm.split('#') as [string, string]
        keys.set(base, (keys.get(base) ?? new Set()).add(fragment))
      }
      Object.values(node).forEach(collect)
    }
  }
  for (const folder of [FOLDER, CLR_FOLDER]) for (const file of jsonFiles(folder)) collect(readJson(`${folder}${file}`))
  return new Map([...keys].map(([id, multibases]) => {
    const methods = [...multibases].map((m) => ({ id: `${id}#${m}`, type: 'Multikey', controller: id, publicKeyMultibase: m }))
    return [id, { '@context': ['https://www.w3.org/ns/cid/v1'], id, verificationMethod: methods, assertionMethod: methods.map((m) => m.id) }]
  }))
}

const documents = controllerDocuments()
const fetch = serveDocuments(documents)
const fetched = fetch.calls

const status = (report: VerificationReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]))
const codesAt = (report: VerificationReport, check: string) => report.issues.filter((i) => i.check === check).map((i) => i.code)

describe('1EdTech validator fixtures (ob30)', () => {
  it('serves controller documents only for the fixtures\' issuers', () => {
    expect([...documents.keys()].sort()).toEqual(expect.arrayContaining(['https://example.com/issuers/876543', 'https://example.edu/issuers/565049', 'https://1edtech.edu/issuers/565049', 'https://state.gov/issuers/565049']))
  })

  it.each(['simple', 'simple-did-web-method', 'simple-multiple-proofs', 'simple-eddsa-2022', 'simple_v1', 'endorsement-valid'])('%s is verified', async (name) => {
    const report = await verify(fixture(name), { now, fetch })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
    expect(status(report)).toMatchObject({ proof: 'passed', 'issuer-binding': 'passed' })
  })

  it('simple-did-web-method: its key is bound through the issuer document fetched from the issuer URL', async () => {
    fetched.length = 0
    const report = await verify(fixture('simple-did-web-method'), { now, fetch })
    expect(report.verified).toBe(true)
    expect(fetched).toContain('https://1edtech.edu/issuers/565049')
  })

  it('simple_v1 (VC 1.1, Ed25519Signature2020) and simple-eddsa-2022 (legacy cryptosuite) pass the VC 1.1 rules', async () => {
    for (const name of ['simple_v1', 'simple-eddsa-2022']) {
      const report = await verify(fixture(name), { now, fetch })
      expect(status(report)['schema']).toBe('passed')
    }
  })

  it.each([
    ['simple-err-context', 'context', 'ERR_CONTEXT_INVALID'],
    ['simple-err-credential-subject-identifier-type', 'context', 'ERR_JSONLD_UNDEFINED_TYPE'],
    ['simple-err-expired', 'validity', 'ERR_EXPIRED'],
    ['simple-err-issued', 'validity', 'ERR_NOT_YET_VALID'],
    ['simple-err-issuer', 'data-model', 'ERR_DATA_MODEL'],
    ['simple-err-proof-value', 'proof', 'ERR_PROOF_INVALID'],
    ['simple-err-type', 'context', 'ERR_JSONLD_UNDEFINED_TYPE'],
    ['simple-noproof', 'proof', 'ERR_PROOF_MISSING'],
  ])('%s fails at %s (%s)', async (name, check, code) => {
    const report = await verify(fixture(name), { now, fetch })
    expect(report.verified).toBe(false)
    expect(status(report)[check]).toBe('failed')
    expect(codesAt(report, check)).toContain(code)
  })

  it.each([
    ['simple-err-credential-subject-identifier-type', 'ERR_SCHEMA_VALUE'],
    ['simple-err-issuer', 'ERR_SCHEMA_REQUIRED'],
  ])('%s also breaks the OB 3.0 schema: a warning, and a failure under the strict policy (%s)', async (name, code) => {
    const report = await verify(fixture(name), { now, fetch })
    expect(report.issues).toContainEqual(expect.objectContaining({ check: 'schema', code, severity: 'warning' }))
    const strict = await verify(fixture(name), { now, fetch, policy: 'strict' })
    expect(status(strict)['schema']).toBe('failed')
    expect(codesAt(strict, 'schema')).toContain(code)
  })

  it('simple-err-type is not an Open Badges credential at all (its type was changed): the VC Data Model rules alone apply, and its type is undefined', async () => {
    const report = await verify(fixture('simple-err-type'), { now, fetch })
    expect(status(report)['schema']).toBe('skipped')
    const asOb = await verify(fixture('simple-err-type'), { now, fetch, profile: 'ob3' })
    expect(codesAt(asOb, 'schema')).toContain('ERR_SCHEMA_VALUE')
  })

  it('simple-err-credential-subject-identifier-type and simple-err-type also fail JSON-LD safe mode, at the offending type', async () => {
    const identifier = await verify(fixture('simple-err-credential-subject-identifier-type'), { now, fetch })
    expect(identifier.issues).toContainEqual(expect.objectContaining({ check: 'context', code: 'ERR_JSONLD_UNDEFINED_TYPE', path: 'credentialSubject.identifier[0].type' }))
    const type = await verify(fixture('simple-err-type'), { now, fetch })
    expect(type.issues).toContainEqual(expect.objectContaining({ check: 'context', code: 'ERR_JSONLD_UNDEFINED_TYPE', path: 'type[1]' }))
  })

  it('simple-err-issuer has no issuer, so its (valid) signature binds to no one', async () => {
    const report = await verify(fixture('simple-err-issuer'), { now, fetch })
    expect(report.issues).toContainEqual(expect.objectContaining({ check: 'data-model', code: 'ERR_DATA_MODEL', path: 'issuer' }))
    expect(status(report)).toMatchObject({ proof: 'passed', 'issuer-binding': 'failed' })
  })

  it('simple-did-key-method: the did:key signature verifies, but a urn:uuid issuer cannot be bound to it (reason inside the fixture)', async () => {
    const report = await verify(fixture('simple-did-key-method'), { now, fetch })
    expect(status(report)).toMatchObject({ syntax: 'passed', context: 'passed', schema: 'passed', proof: 'passed', 'issuer-binding': 'failed', validity: 'passed' })
    expect(report.issues).toEqual([expect.objectContaining({ check: 'issuer-binding', code: 'ERR_ISSUER_KEY_MISMATCH' })])
    expect(report.issues[0]!.message).toContain('urn:uuid:6f2e33e5-7a29-4155-840a-59483ba10164')
  })

  it('complete: verifies; its five endorsements, broken inside the fixture, do not count (warnings; strict fails them)', async () => {
    // Its 1EdTechRevocationList, served empty (the fixture's URL is not published).
    const revocations = 'https://1edtech.edu/credentials/3732/revocations'
    const withList = serveDocuments(new Map([...documents, [revocations, { id: revocations, revokedCredentials: [] }]]))
    const report = await verify(fixture('complete'), { now, fetch: withList })
    expect(status(report)).toMatchObject({ syntax: 'passed', context: 'passed', schema: 'passed', proof: 'passed', 'issuer-binding': 'passed', validity: 'passed', status: 'passed', endorsements: 'passed' })
    expect(report.verified).toBe(true)
    expect(new Set(codesAt(report, 'endorsements'))).toEqual(new Set(['ERR_ENDORSEMENT_INVALID']))
    expect(report.issues.filter((i) => i.check === 'endorsements').every((i) => i.severity === 'warning')).toBe(true)
    expect(status(await verify(fixture('complete'), { now, fetch: withList, policy: 'strict' }))['endorsements']).toBe('failed')
    expect(report.nested?.map((n) => n.path)).toEqual([
      'endorsement[0]', 'issuer.endorsement[0]', 'credentialSubject.achievement.endorsement[0]',
      'credentialSubject.achievement.creator.endorsement[0]', 'credentialSubject.achievement.creator.endorsement[1]',
    ])
    for (const { report: nested } of report.nested ?? []) {
      expect(nested.issues).toContainEqual(expect.objectContaining({ check: 'context', code: 'ERR_JSONLD_UNDEFINED_TYPE', path: 'credentialStatus.type' }))
      expect(nested.issues).toContainEqual(expect.objectContaining({ check: 'validity', code: 'ERR_EXPIRED' }))
      expect(nested.issues).toContainEqual(expect.objectContaining({ check: 'proof', code: 'ERR_PROOF_UNSUPPORTED', message: expect.stringContaining('eddsa-rdf-2022') }))
    }
  })

  it('complete_v1: undefined 1EdTech types (no extensions context), an invalid identityType, expired (reasons inside the fixture)', async () => {
    const report = await verify(fixture('complete_v1'), { now, fetch })
    expect(report.verified).toBe(false)
    expect(report.issues).toContainEqual(expect.objectContaining({ check: 'context', code: 'ERR_JSONLD_UNDEFINED_TYPE', path: 'credentialStatus.type' }))
    expect(report.issues).toContainEqual(expect.objectContaining({ check: 'schema', code: 'ERR_SCHEMA_VALUE', path: 'credentialSubject.identifier[0].identityType' }))
    expect(report.issues).toContainEqual(expect.objectContaining({ check: 'validity', code: 'ERR_EXPIRED', path: 'expirationDate' }))
  })

  it('without a fetch, no fixture with an https key is verified: its key cannot be bound', async () => {
    const report = await verify(fixture('simple'), { now })
    expect(status(report)).toMatchObject({ proof: 'passed', 'issuer-binding': 'failed' })
    expect(codesAt(report, 'issuer-binding')).toEqual(['ERR_KEY_UNRESOLVED'])
  })
})

describe('1EdTech validator fixtures (clr20)', () => {
  const clr = (name: string) => readJson(`${CLR_FOLDER}${name}.json`)
  const nestedStatus = (report: VerificationReport) => (report.nested ?? []).map((n) => [n.path, n.report.verified])

  it('simple: the record and the credential it bundles (from another issuer) verify', async () => {
    const report = await verify(clr('simple'), { now, fetch })
    // The official CLR 2.0 JSON Schema it declares is not bundled: said, as a warning.
    expect(report.issues).toEqual([expect.objectContaining({ check: 'schema', code: 'ERR_SCHEMA_UNAVAILABLE', path: 'credentialSchema[0]', severity: 'warning' })])
    expect(report.verified).toBe(true)
    expect(status(report)).toMatchObject({ schema: 'passed', proof: 'passed', 'issuer-binding': 'passed', credentials: 'passed' })
    expect(nestedStatus(report)).toEqual([['credentialSubject.verifiableCredential[0]', true]])
    const bundled = report.nested![0]!.report.credential!
    expect((bundled['issuer'] as { id: string }).id).not.toBe((clr('simple')['issuer'] as { id: string }).id)
  })

  it.each(['simple_v1', 'complex'])('%s: every proof verifies, but urn:uuid issuers cannot be bound to their did:key keys (reason inside the fixture)', async (name) => {
    const report = await verify(clr(name), { now, fetch })
    expect(status(report)).toMatchObject({ syntax: 'passed', context: 'passed', schema: 'passed', proof: 'passed', 'issuer-binding': 'failed', validity: 'passed', credentials: 'skipped' })
    // The record is not authenticated, so what it bundles is not verified on its say-so.
    expect(report.nested).toBeUndefined()
    const bundledCredentials = (clr(name)['credentialSubject'] as { verifiableCredential: unknown[] }).verifiableCredential
    expect(bundledCredentials).toHaveLength(6)
    for (const credential of bundledCredentials) {
      const bundled = await verify(credential, { now, fetch })
      expect(status(bundled)).toMatchObject({ context: 'passed', proof: 'passed', 'issuer-binding': 'failed', validity: 'passed' })
      expect(bundled.issues.filter((i) => i.check === 'issuer-binding').map((i) => i.message).join()).toMatch(/urn:uuid:4ca4a241|did:key/)
    }
  })

  it('complex: its first credential\'s endorsement lacks the name OB 3.0 requires', async () => {
    const first = (clr('complex')['credentialSubject'] as { verifiableCredential: Record<string, unknown>[] }).verifiableCredential[0]!
    const endorsement = ((first['credentialSubject'] as { achievement: { endorsement: unknown[] } }).achievement.endorsement)[0]
    const report = await verify(endorsement, { now, fetch })
    expect(report.issues).toContainEqual(expect.objectContaining({ check: 'schema', code: 'ERR_SCHEMA_REQUIRED', path: 'name' }))
  })

  it('simple-noproof fails at proof (ERR_PROOF_MISSING) and at its draft context', async () => {
    const report = await verify(clr('simple-noproof'), { now, fetch })
    expect(report.verified).toBe(false)
    expect(codesAt(report, 'proof')).toEqual(['ERR_PROOF_MISSING'])
    expect(codesAt(report, 'context')).toContain('ERR_CONTEXT_UNKNOWN')
  })
})
