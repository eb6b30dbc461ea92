import { describe, expect, it } from 'vitest'
import {
  CHECK_IDS,
  assertVerified,
  createDocumentLoader,
  formatReport,
  generateKeyPair,
  isMicrocredError,
  issue,
  verify,
  type VerificationReport,
} from '../../../src/index.js'
import { copy, euCredential, signedEuCredential, signBypassingChecks } from '../../helpers/credentials.js'
import { readJson } from '../../helpers/files.js'
import { blankNodeCycle } from '../../helpers/poison.js'

const now = new Date('2026-01-01T00:00:00Z')
const statusOf = (report: VerificationReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]))
const codes = (report: VerificationReport) => report.issues.map((i) => `${i.check}:${i.code}@${i.path ?? ''}`)

describe('verify(): the report', () => {
  it('lists every check, in order, and passes a credential issued by microcred', async () => {
    const { signed } = await signedEuCredential()
    const report = await verify(signed, { now })
    expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS])
    expect(statusOf(report)).toEqual({
      syntax: 'passed',
      context: 'passed',
      'data-model': 'passed',
      schema: 'passed',
      'eu-profile': 'passed',
      proof: 'passed',
      'issuer-binding': 'passed',
      validity: 'passed',
      status: 'skipped',
      endorsements: 'skipped',
      credentials: 'skipped',
      recipient: 'skipped',
    })
    expect(report.verified).toBe(true)
    expect(report.policy).toBe('default')
    expect(report.format).toBe('ldp')
    expect(report.issues).toEqual([])
    expect(report.proofs).toEqual([
      {
        index: 0,
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-rdfc-2022',
        verificationMethod: signed.proof[0]!.verificationMethod,
        status: 'verified',
        bound: true,
      },
    ])
    expect(report.proofUsed).toBe(0)
    expect(report.credential).toEqual(signed)
    for (const check of report.checks.filter((c) => c.status === 'skipped')) expect(check.reason).toBeTruthy()
  })

  it('is JSON-serializable', async () => {
    const { signed } = await signedEuCredential()
    const report = await verify(signed, { now })
    expect(JSON.parse(JSON.stringify(report))).toEqual(report)
  })

  it('accepts JSON text and UTF-8 bytes', async () => {
    const { signed } = await signedEuCredential()
    expect((await verify(JSON.stringify(signed), { now })).verified).toBe(true)
    expect((await verify(new TextEncoder().encode(JSON.stringify(signed)), { now })).verified).toBe(true)
  })

  it('renders a readable report', async () => {
    const { signed } = await signedEuCredential()
    const good = formatReport(await verify(signed, { now }))
    expect(good).toMatch(/^✔ VERIFIED {2}Data Engineering Fundamentals/)
    const bad = copy(signed)
    bad.credentialSubject.result[0].value = 'A'
    const text = formatReport(await verify(bad, { now }))
    expect(text).toMatch(/^✘ NOT VERIFIED/)
    expect(text).toContain('ERR_PROOF_INVALID at proof[0]')
  })
})

describe('verify(): syntax', () => {
  it.each([
    ['not JSON', '{"@context": [', 'ERR_SYNTAX'],
    ['an array', '[1, 2]', 'ERR_SYNTAX'],
    ['no @context', '{"type": ["VerifiableCredential"]}', 'ERR_SYNTAX'],
    ['not a credential', '{"@context": [], "type": ["Thing"]}', 'ERR_SYNTAX'],
    ['null', null, 'ERR_SYNTAX'],
  ])('fails %s with %s and skips everything else', async (_what, input, code) => {
    const report = await verify(input)
    expect(report.verified).toBe(false)
    expect(report.issues).toEqual([expect.objectContaining({ check: 'syntax', code })])
    expect(report.checks.slice(1).every((c) => c.status === 'skipped')).toBe(true)
    expect(report.credential).toBeUndefined()
  })

  it('rejects input over the size cap before parsing it', async () => {
    const big = `{"@context": "${'x'.repeat(2 * 1024 * 1024)}"}`
    const report = await verify(big)
    expect(report.issues).toEqual([expect.objectContaining({ code: 'ERR_INPUT_TOO_LARGE', check: 'syntax' })])
    const { signed } = await signedEuCredential()
    expect((await verify(signed, { maxBytes: 1000 })).issues[0]).toMatchObject({ code: 'ERR_INPUT_TOO_LARGE' })
  })

  it('rejects nesting deeper than the cap, as text and as an object', async () => {
    const deepText = `${'['.repeat(10_000)}${']'.repeat(10_000)}`
    expect((await verify(deepText)).issues[0]).toMatchObject({ code: 'ERR_INPUT_TOO_LARGE', check: 'syntax' })
    let deep: Record<string, unknown> = {}
    const root = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], x: deep }
    for (let i = 0; i < 10_000; i++) {
      const next = {}
      deep['n'] = next
      deep = next
    }
    expect((await verify(root)).issues[0]).toMatchObject({ code: 'ERR_INPUT_TOO_LARGE', check: 'syntax' })
  })

  it('reads a compact JWS as a VC-JWT, and fails one that carries no credential with ERR_JWT_INVALID', async () => {
    const report = await verify('eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2ln')
    expect(report.format).toBe('jwt')
    expect(report.issues).toEqual([expect.objectContaining({ code: 'ERR_JWT_INVALID', check: 'syntax' })])
    expect(report.issues[0]!.message).toContain('carries no credential')
    expect((await verify('eyJub3QganNvbg.eyJ4Ijox.c2ln')).issues[0]).toMatchObject({
      code: 'ERR_JWT_INVALID',
      check: 'syntax',
    })
  })
})

describe('verify(): context', () => {
  it('fails an unknown context URL without fetching it', async () => {
    const { signed } = await signedEuCredential()
    const doc = copy(signed)
    doc['@context'].push('https://example.com/extra-context.json')
    const report = await verify(doc, { now })
    expect(statusOf(report)['context']).toBe('failed')
    expect(codes(report)).toContain('context:ERR_CONTEXT_UNKNOWN@@context[3]')
    expect(statusOf(report)['proof']).toBe('skipped')
  })

  it('fails when the first context is not the VC context', async () => {
    const report = await verify(readJson('test/vectors/validator-fixtures/ob30/simple-err-context.json'))
    expect(codes(report)).toContain('context:ERR_CONTEXT_INVALID@@context[0]')
  })

  it('accepts a context the caller allows and can load', async () => {
    const keyPair = await generateKeyPair()
    const url = 'https://tu-example.de/contexts/transcript-v1.json'
    const documentLoader = createDocumentLoader({
      contexts: {
        [url]: { '@context': { '@protected': true, transcriptNote: 'https://tu-example.de/vocab#transcriptNote' } },
      },
    })
    const credential = { ...copy(euCredential(keyPair)), transcriptNote: 'exchange semester' }
    credential['@context'].push(url)
    const signed = await issue(credential, { keyPair, documentLoader })
    expect((await verify(signed, { now, documentLoader })).issues).toContainEqual(
      expect.objectContaining({ code: 'ERR_CONTEXT_UNKNOWN' }),
    )
    expect((await verify(signed, { now, documentLoader, allowedContexts: [url] })).verified).toBe(true)
  })

  it('warns about an inline context other than ours, without failing on that alone', async () => {
    const keyPair = await generateKeyPair()
    const credential = copy(euCredential(keyPair))
    credential['@context'].push({ note: 'https://tu-example.de/vocab#note' })
    credential.note = 'hello'
    const signed = await issue(credential, { keyPair })
    const report = await verify(signed, { now })
    expect(report.verified).toBe(true)
    expect(report.issues).toEqual([
      expect.objectContaining({ code: 'ERR_CONTEXT_INLINE', severity: 'warning', path: '@context[3]' }),
    ])
  })

  it('fails undefined terms (safe mode) with their paths', async () => {
    const { signed } = await signedEuCredential()
    const doc = copy(signed)
    doc.credentialSubject.achievement.gpa = 3.9
    const report = await verify(doc, { now })
    expect(codes(report)).toContain('context:ERR_JSONLD_UNDEFINED_TERM@credentialSubject.achievement.gpa')
  })
})

describe('verify(): schema and EU profile', () => {
  it('fails the schema check with located issues', async () => {
    const { signed } = await signedEuCredential()
    const doc = copy(signed)
    doc.credentialSubject.achievement.creditsAvailable = 'five'
    const report = await verify(doc, { now })
    expect(codes(report)).toContain('schema:ERR_SCHEMA_TYPE@credentialSubject.achievement.creditsAvailable')
  })

  it('reports a missing mandatory EU element as a warning, and as a failure under the strict policy', async () => {
    const { signed } = await signedEuCredential()
    const doc = copy(signed)
    delete doc.credentialSubject.achievement.learningMode
    const report = await verify(doc, { now })
    expect(statusOf(report)['eu-profile']).toBe('passed')
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        check: 'eu-profile',
        code: 'ERR_EU_ELEMENT_MISSING',
        path: 'credentialSubject.achievement.learningMode',
        severity: 'warning',
      }),
    )
    const strict = await verify(doc, { now, policy: 'strict' })
    expect(statusOf(strict)['eu-profile']).toBe('failed')
    expect(strict.issues).toContainEqual({
      check: 'eu-profile',
      code: 'ERR_EU_ELEMENT_MISSING',
      path: 'credentialSubject.achievement.learningMode',
      message: expect.any(String),
    })
  })

  it('skips the eu-profile check for a plain badge, with the reason', async () => {
    const report = await verify(readJson('test/vectors/spec/ob-basic-openbadgecredential.json'), { now })
    const check = report.checks.find((c) => c.id === 'eu-profile')
    expect(check).toMatchObject({ status: 'skipped', reason: expect.stringContaining('not an EU micro-credential') })
  })
})

describe('verify(): proof and issuer binding', () => {
  it('fails a credential without proof (ERR_PROOF_MISSING)', async () => {
    const keyPair = await generateKeyPair()
    const report = await verify(euCredential(keyPair), { now })
    expect(codes(report)).toEqual(['proof:ERR_PROOF_MISSING@proof'])
    expect(statusOf(report)['issuer-binding']).toBe('skipped')
  })

  it('ignores unknown proof types but fails when no supported proof is left (ERR_PROOF_UNSUPPORTED)', async () => {
    const keyPair = await generateKeyPair()
    const doc = { ...copy(euCredential(keyPair)), proof: [{ type: 'FutureProof2031', proofValue: 'x' }] }
    expect(codes(await verify(doc, { now }))).toEqual(['proof:ERR_PROOF_UNSUPPORTED@proof'])
  })

  it('passes when one supported proof verifies among unknown ones', async () => {
    const { signed } = await signedEuCredential()
    const doc = copy(signed)
    doc.proof.unshift({ type: 'FutureProof2031', proofValue: 'x' })
    expect((await verify(doc, { now })).verified).toBe(true)
  })

  it('fails a tampered credential (ERR_PROOF_INVALID)', async () => {
    const { signed } = await signedEuCredential()
    const doc = copy(signed)
    doc.credentialSubject.achievement.creditsAvailable = 50
    const report = await verify(doc, { now })
    expect(codes(report)).toEqual(['proof:ERR_PROOF_INVALID@proof[0]'])
  })

  it('fails a proof with the wrong purpose', async () => {
    const { signed } = await signedEuCredential()
    const doc = copy(signed)
    doc.proof[0].proofPurpose = 'authentication'
    expect(codes(await verify(doc, { now }))).toEqual(['proof:ERR_PROOF_INVALID@proof[0]'])
  })

  it('fails a poison graph at data-model (blank node ids are not URLs) and at proof with ERR_CANONICALIZATION_LIMIT instead of hanging', async () => {
    const { signed } = await signedEuCredential()
    const doc = copy(signed)
    doc.issuer.parentOrg = blankNodeCycle(30)
    const report = await verify(doc, { now })
    expect(codes(report)).toContain('data-model:ERR_DATA_MODEL@issuer.parentOrg.id')
    expect(codes(report)).toContain('proof:ERR_CANONICALIZATION_LIMIT@proof[0]')
    const alone = await verify(doc, { now, checks: { 'data-model': false } })
    expect(codes(alone)).toEqual(['proof:ERR_CANONICALIZATION_LIMIT@proof[0]'])
    expect(alone.verified).toBe(false)
  })

  it('without a fetch, checks the signature with a URL-fragment key but cannot bind it to the issuer', async () => {
    const report = await verify(readJson('test/vectors/validator-fixtures/ob30/simple.json'), { now })
    expect(statusOf(report)['proof']).toBe('passed')
    expect(codes(report)).toEqual(['issuer-binding:ERR_KEY_UNRESOLVED@issuer.id'])
    expect(report.issues[0]!.message).toContain('no fetch was given')
    expect(report.verified).toBe(false)
  })

  it("fails issuer binding when a valid signature comes from a key that is not the issuer's", async () => {
    // Signed directly with the Digital Bazaar stack, because issue() refuses to sign this.
    const keyPair = await generateKeyPair()
    const otherIssuer = await generateKeyPair()
    const credential = euCredential(otherIssuer)
    const signed = await signBypassingChecks(credential, keyPair)
    const report = await verify(signed, { now })
    expect(statusOf(report)['proof']).toBe('passed')
    expect(codes(report)).toEqual(['issuer-binding:ERR_ISSUER_KEY_MISMATCH@issuer.id'])
    expect(report.verified).toBe(false)
  })
})

describe('verify(): validity', () => {
  it('fails before validFrom (ERR_NOT_YET_VALID) and after validUntil (ERR_EXPIRED)', async () => {
    const { signed } = await signedEuCredential()
    expect(codes(await verify(signed, { now: new Date('2025-06-30T09:59:59Z') }))).toEqual([
      'validity:ERR_NOT_YET_VALID@validFrom',
    ])
    expect(codes(await verify(signed, { now: new Date('2030-06-30T00:00:00Z') }))).toEqual([
      'validity:ERR_EXPIRED@validUntil',
    ])
    expect((await verify(signed, { now: new Date('2030-06-29T23:59:59Z') })).verified).toBe(true)
  })

  it('tolerates the configured clock skew', async () => {
    const { signed } = await signedEuCredential()
    const early = new Date('2025-06-30T09:59:00Z')
    expect((await verify(signed, { now: early })).verified).toBe(false)
    expect((await verify(signed, { now: early, clockSkewSeconds: 120 })).verified).toBe(true)
  })

  it('reads VC 1.1 issuanceDate and expirationDate', async () => {
    const report = await verify(readJson('test/vectors/validator-fixtures/ob30/complete_v1.json'), { now })
    expect(codes(report)).toContain('validity:ERR_EXPIRED@expirationDate')
  })
})

describe('verify(): options', () => {
  it('reports disabled checks as skipped', async () => {
    const keyPair = await generateKeyPair()
    const report = await verify(euCredential(keyPair), { now, checks: { proof: false } })
    expect(report.checks.find((c) => c.id === 'proof')).toEqual({
      id: 'proof',
      status: 'skipped',
      reason: 'disabled by options.checks',
    })
  })

  it('treats wrong options as programming mistakes (TypeError)', async () => {
    await expect(verify({}, 'fast' as never)).rejects.toThrow(TypeError)
  })
})

describe('assertVerified()', () => {
  it("returns for a verified report and throws the first issue's code and path otherwise", async () => {
    const { signed } = await signedEuCredential()
    expect(() => {
      assertVerified(signed as unknown as VerificationReport)
    }).toThrow(TypeError)
    const good = await verify(signed, { now })
    expect(() => {
      assertVerified(good)
    }).not.toThrow()
    const doc = copy(signed)
    doc.name = 'Changed'
    let thrown: unknown
    try {
      assertVerified(await verify(doc, { now }))
    } catch (error) {
      thrown = error
    }
    expect(isMicrocredError(thrown)).toBe(true)
    expect(thrown).toMatchObject({ code: 'ERR_PROOF_INVALID', path: 'proof[0]' })
  })

  it('throws ERR_NOT_VERIFIED for a failed report without error issues', () => {
    const report: VerificationReport = {
      verified: false,
      policy: 'default',
      format: 'ldp',
      checks: [{ id: 'proof', status: 'failed' }],
      issues: [],
      proofs: [],
    }
    expect(() => {
      assertVerified(report)
    }).toThrow(expect.objectContaining({ code: 'ERR_NOT_VERIFIED' }))
  })
})
