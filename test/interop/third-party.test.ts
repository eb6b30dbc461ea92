/**
 * Genuine credentials issued by other implementations (JFF plugfests, 1EdTech's specification and validator, the
 * Digital Credentials Consortium, LearnCard, walt.id, Diwala, Blocktrust), verified offline as a user would call
 * `verify()`. test/fixtures/third-party/manifest.json drives it: per credential, the time to verify at (inside its
 * validity window unless the entry is about the window), the documents its verification needs (served by URL
 * through the injected fetch, or given as contexts to `createDocumentLoader` + `allowedContexts`), what the
 * standards make a verifier conclude and why, and the exact warnings and failures (check, code, JSON path) microcred
 * must report. SOURCES.md says where every file came from; CONSTRUCTED controller documents stand in for 1EdTech
 * https issuers that never published one. Nothing is fetched from the network.
 */
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createDocumentLoader, verify, type VerificationReport, type VerifyOptions } from '../../src/index.js'
import { canonize } from '../helpers/canonize.js'
import { serveDocuments } from '../helpers/fetch.js'
import { ROOT, readJson } from '../helpers/files.js'
import { base58btcDecode } from '../unit/keys/helpers.js'

interface Finding {
  check: string
  code: string
  path?: string
}

interface Entry {
  id: string
  credential: string
  source: { repo: string; path: string; commit: string; license: string; extraction: string }
  issuedBy: string
  proof: string
  sourceSays: 'valid' | 'invalid' | 'unknown'
  sourceWhy: string
  expected: 'valid' | 'invalid'
  why: string
  now: string
  nowWhy: string
  documents: { url: string; file: string; kind: 'did' | 'constructed' | 'status' | 'context' }[]
  warnings: Finding[]
  failures: Finding[]
}

const MANIFEST = 'test/fixtures/third-party/manifest.json'
const { entries } = readJson<{ entries: Entry[] }>(MANIFEST)
const valid = entries.filter((entry) => entry.expected === 'valid')
const invalid = entries.filter((entry) => entry.expected === 'invalid')

const bytes = (file: string): Buffer => readFileSync(new URL(file, `file://${ROOT}`))

/** The credential as a user holds it: a VC-JWT as its text, a JSON credential parsed. */
function credentialOf(entry: Entry): string | Record<string, unknown> {
  return entry.credential.endsWith('.jwt') ? bytes(entry.credential).toString('utf8') : readJson(entry.credential)
}

/** The options a user would pass: the time, a fetch serving exactly the entry's documents, its extra contexts. */
function optionsOf(entry: Entry, policy?: 'strict'): VerifyOptions & { fetch: ReturnType<typeof serveDocuments> } {
  const served = new Map<string, () => Response>()
  const contexts: Record<string, object> = {}
  for (const document of entry.documents) {
    if (document.kind === 'context') contexts[document.url] = readJson(document.file)
    // The file's bytes, as a server would send them.
    else
      served.set(
        document.url,
        () => new Response(bytes(document.file), { headers: { 'content-type': 'application/json' } }),
      )
  }
  const options: VerifyOptions & { fetch: ReturnType<typeof serveDocuments> } = {
    now: new Date(entry.now),
    fetch: serveDocuments(served),
  }
  if (Object.keys(contexts).length > 0) {
    options.documentLoader = createDocumentLoader({ contexts })
    options.allowedContexts = Object.keys(contexts)
  }
  if (policy !== undefined) options.policy = policy
  return options
}

const reports = new Map<string, Promise<{ report: VerificationReport; fetched: string[] }>>()
/** Each entry is verified once per policy; the summary reuses the reports. */
function verified(entry: Entry, policy?: 'strict'): Promise<{ report: VerificationReport; fetched: string[] }> {
  const key = `${entry.id} ${policy ?? 'default'}`
  let result = reports.get(key)
  if (result === undefined) {
    const options = optionsOf(entry, policy)
    result = verify(credentialOf(entry), options).then((report) => ({ report, fetched: options.fetch.calls }))
    reports.set(key, result)
  }
  return result
}

const order = (a: Finding, b: Finding): number =>
  `${a.check} ${a.code} ${a.path ?? ''}`.localeCompare(`${b.check} ${b.code} ${b.path ?? ''}`)
const findings = (list: Finding[]): Finding[] =>
  list.map(({ check, code, path }) => (path === undefined ? { check, code } : { check, code, path })).sort(order)
const warningsOf = (report: VerificationReport): Finding[] =>
  findings(report.issues.filter((issue) => issue.severity === 'warning'))
const errorsOf = (report: VerificationReport): Finding[] =>
  findings(report.issues.filter((issue) => issue.severity !== 'warning'))
const failedChecks = (report: VerificationReport): string[] =>
  report.checks
    .filter((check) => check.status === 'failed')
    .map((check) => check.id)
    .sort()
const checksOf = (list: Finding[]): string[] => [...new Set(list.map((finding) => finding.check))].sort()

describe('the third-party manifest', () => {
  it('says, for every credential, where it is, what to conclude and why, when to verify it and with what', () => {
    expect(entries.length).toBeGreaterThan(40)
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length)
    for (const entry of entries) {
      expect({ id: entry.id, ok: bytes(entry.credential).length > 0 }).toEqual({ id: entry.id, ok: true })
      for (const document of entry.documents) expect(bytes(document.file).length).toBeGreaterThan(0)
      expect(entry.source.commit).toMatch(/^[0-9a-f]{40}$/)
      expect(Number.isNaN(Date.parse(entry.now))).toBe(false)
      expect(entry.why.length).toBeGreaterThan(20)
      // A valid credential has no failures; an invalid one names at least one.
      expect({ id: entry.id, failures: entry.failures.length > 0 }).toEqual({
        id: entry.id,
        failures: entry.expected === 'invalid',
      })
      // A credential its source presents as valid, or makes no claim about, is rejected only with the standard's reason.
      if (entry.expected === 'invalid' && entry.sourceSays !== 'invalid')
        expect(entry.why).toMatch(/^(rejected|unresolvable)/)
    }
  })

  it('serves CONSTRUCTED controller documents only for https issuers, and says so in each', () => {
    for (const entry of entries) {
      for (const document of entry.documents.filter((d) => d.kind === 'constructed')) {
        expect(document.url).toMatch(/^https:\/\//)
        expect(readJson<{ comment: string }>(document.file).comment).toMatch(/CONSTRUCTED/)
      }
    }
  })
})

describe.each(valid.map((entry) => [entry.id, entry] as const))('%s (expected valid)', (_id, entry) => {
  it('is verified, with exactly the warnings the manifest lists', async () => {
    const { report, fetched } = await verified(entry)
    expect(errorsOf(report)).toEqual([])
    expect(failedChecks(report)).toEqual([])
    expect(warningsOf(report)).toEqual(findings(entry.warnings))
    expect(report.verified).toBe(true)
    expect(report.proofUsed).toBeDefined()
    // Every document served for it was needed.
    for (const document of entry.documents.filter((d) => d.kind !== 'context')) expect(fetched).toContain(document.url)
  })

  it('under the strict policy stays verified, or fails only with those warnings turned into failures', async () => {
    const { report } = await verified(entry, 'strict')
    expect(report.policy).toBe('strict')
    expect(report.verified).toBe(entry.warnings.length === 0)
    expect(failedChecks(report)).toEqual(checksOf(entry.warnings))
    expect(findings(report.issues)).toEqual(findings(entry.warnings))
    expect(warningsOf(report)).toEqual([])
  })
})

describe.each(invalid.map((entry) => [entry.id, entry] as const))('%s (expected invalid)', (_id, entry) => {
  it('is not verified, failing exactly where and why the manifest says', async () => {
    const { report } = await verified(entry)
    expect(report.verified).toBe(false)
    expect(errorsOf(report)).toEqual(findings(entry.failures))
    expect(failedChecks(report)).toEqual(checksOf(entry.failures))
    expect(warningsOf(report)).toEqual(findings(entry.warnings))
  })
})

describe('evidence behind two rejections', () => {
  it("learncard/superskills-oprah: the signature is genuine over the document as given, under the proof's own @context, yet microcred declines the proof", async () => {
    const entry = entries.find((e) => e.id === 'learncard/superskills-oprah')!
    const credential = readJson<Record<string, any>>(entry.credential)
    const { proofValue, ...options } = credential['proof'] as { proofValue: string; '@context': string[] }
    const { proof: _proof, ...document } = credential
    const documentLoader = createDocumentLoader()
    const hash = async (value: object) =>
      createHash('sha256')
        .update(await canonize(value, documentLoader))
        .digest()
    // Ed25519Signature2020: the signature covers hash(proof options) || hash(document without proof).
    const data = Buffer.concat([await hash(options), await hash(document)])
    const multibase = (credential['issuer'] as string).slice('did:key:z'.length)
    const publicKey = base58btcDecode(multibase).subarray(2)
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') },
      format: 'jwk',
    })
    expect(verifySignature(null, data, key, base58btcDecode(proofValue.slice(1)))).toBe(true)
    // The top-level name after the proof is signed too: without it the signature does not match.
    const { name: _name, ...withoutName } = document
    expect(
      verifySignature(
        null,
        Buffer.concat([await hash(options), await hash(withoutName)]),
        key,
        base58btcDecode(proofValue.slice(1)),
      ),
    ).toBe(false)
    const { report } = await verified(entry)
    expect(report.proofs).toEqual([expect.objectContaining({ type: 'Ed25519Signature2020', status: 'failed' })])
  })

  it("walt.id samples: the signature is the did:key's, but the JWT names another issuer and subject than the credential", async () => {
    const entry = entries.find((e) => e.id === 'waltid/ob-sample-signed')!
    const [, payload] = (credentialOf(entry) as string).split('.')
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as {
      iss: string
      sub: string
      vc: { issuer: { id: string }; credentialSubject: { id: string } }
    }
    expect(claims.iss).not.toBe(claims.vc.issuer.id)
    expect(claims.sub).not.toBe(claims.vc.credentialSubject.id)
    const { report } = await verified(entry)
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        check: 'proof',
        code: 'ERR_JWT_CLAIM_MISMATCH',
        path: 'issuer.id',
        message: expect.stringContaining(claims.iss),
      }),
    )
  })
})

describe('summary', () => {
  it('every genuine-valid credential verifies (the count the issue note quotes)', async () => {
    const outcomes = await Promise.all(valid.map(async (entry) => ({ entry, report: (await verified(entry)).report })))
    const verifiedCount = outcomes.filter(({ report }) => report.verified).length
    const presentedValid = entries.filter((entry) => entry.sourceSays === 'valid')
    const rejected = presentedValid.filter((entry) => entry.expected === 'invalid')
    const decided = entries.filter((entry) => entry.sourceSays === 'unknown')
    console.log(
      `third-party credentials: ${verifiedCount}/${valid.length} genuine-valid credentials verified by microcred ` +
        `(${entries.length} credentials in all; ${invalid.length} expected invalid, each failing for the manifest's reason; ` +
        `${rejected.length} of the ${presentedValid.length} their sources present as valid are rejected under the standards, ` +
        `${decided.length} without a claim were decided from the standards)`,
    )
    expect(outcomes.filter(({ report }) => !report.verified).map(({ entry }) => entry.id)).toEqual([])
    expect(verifiedCount).toBe(valid.length)
  })
})
