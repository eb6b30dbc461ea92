/**
 * Hostile input: whatever arrives, verify() answers with a failed check and a code, never an exception, a hang
 * or unbounded work. Size and depth are capped before parsing; RDF canonicalization has a work cap. (Speed is
 * measured in the benchmark, not here; a hang would hit the test timeout.)
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, verify, type VerificationReport } from '../../../src/index.js'
import { copy, signedEuCredential } from '../../helpers/credentials.js'
import { blankNodeCycle } from '../../helpers/poison.js'

const now = new Date('2026-01-01T00:00:00Z')
const failedAt = (report: VerificationReport) => report.checks.filter((c) => c.status === 'failed').map((c) => c.id)

describe('hostile input', () => {
  it('documents its default caps', () => {
    expect(DEFAULT_MAX_BYTES).toBe(1024 * 1024)
    expect(DEFAULT_MAX_DEPTH).toBe(64)
  })

  it.each([
    ['truncated JSON', '{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ['],
    ['trailing garbage', '{"@context": [], "type": ["VerifiableCredential"]} trailing'],
    ['a JavaScript literal', '{"@context": NaN}'],
    ['an empty string', ''],
    ['a bare number', '42'],
    ['invalid UTF-8 bytes', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
  ])('malformed input (%s) fails the syntax check', async (_name, input) => {
    const report = await verify(input)
    expect(report.verified).toBe(false)
    expect(failedAt(report)).toEqual(['syntax'])
    expect(report.issues[0]!.code).toBe('ERR_SYNTAX')
  })

  it.each([undefined, null, 42n, Symbol('x'), () => 1, [1, 2], new Date(0)])(
    'a value that is no credential at all (%s) is a syntax failure, not an exception',
    async (input) => {
      const report = await verify(input)
      expect(report.verified).toBe(false)
      expect(failedAt(report)).toEqual(['syntax'])
    },
  )

  it('a cyclic object is rejected, not walked forever', async () => {
    const cyclic: Record<string, unknown> = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
    }
    cyclic['self'] = cyclic
    const report = await verify(cyclic)
    expect(failedAt(report)).toEqual(['syntax'])
  })

  it.each([
    [
      '@context a number',
      (doc: any) => {
        doc['@context'] = 42
      },
      'context',
      'ERR_CONTEXT_INVALID',
    ],
    [
      '@context an object',
      (doc: any) => {
        doc['@context'] = { name: 'https://evil.example/name' }
      },
      'context',
      'ERR_CONTEXT_INVALID',
    ],
    [
      'issuer an array',
      (doc: any) => {
        doc.issuer = [doc.issuer]
      },
      'schema',
      'ERR_SCHEMA_TYPE',
    ],
    [
      'credentialSubject a string',
      (doc: any) => {
        doc.credentialSubject = 'me'
      },
      'schema',
      'ERR_SCHEMA_TYPE',
    ],
    [
      'proof a string',
      (doc: any) => {
        doc.proof = 'trust me'
      },
      'proof',
      'ERR_PROOF_INVALID',
    ],
    [
      'proof without a type',
      (doc: any) => {
        doc.proof = [{ proofValue: 'z' }]
      },
      'proof',
      'ERR_PROOF_INVALID',
    ],
    [
      'a verification method that is not a string',
      (doc: any) => {
        doc.proof[0].verificationMethod = { id: 42 }
      },
      'proof',
      'ERR_KEY_UNRESOLVED',
    ],
    [
      'validFrom a number',
      (doc: any) => {
        doc.validFrom = 1735689600
      },
      'schema',
      'ERR_SCHEMA_TYPE',
    ],
    [
      'an id that is an object',
      (doc: any) => {
        doc.id = { evil: true }
      },
      'context',
      'ERR_JSONLD_INVALID',
    ],
  ])('wrong types (%s) fail their check with a code', async (_name, mutate, check, code) => {
    const { signed } = await signedEuCredential()
    const doc = copy(signed)
    mutate(doc)
    const report = await verify(doc, { now })
    expect(report.verified).toBe(false)
    expect(report.issues).toContainEqual(expect.objectContaining({ check, code }))
  })

  it('a 50 MB body is rejected before it is parsed, as text, as bytes and as an object', async () => {
    const text = `{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "padding": "${'a'.repeat(50 * 1024 * 1024)}"}`
    for (const input of [text, new TextEncoder().encode(text)]) {
      const report = await verify(input)
      expect(report.issues).toEqual([expect.objectContaining({ check: 'syntax', code: 'ERR_INPUT_TOO_LARGE' })])
    }
    const report = await verify(JSON.parse(text))
    expect(report.issues).toEqual([expect.objectContaining({ check: 'syntax', code: 'ERR_INPUT_TOO_LARGE' })])
  })

  it('the caps are configurable', async () => {
    const { signed } = await signedEuCredential()
    expect((await verify(signed, { now, maxBytes: 2000 })).issues[0]).toMatchObject({ code: 'ERR_INPUT_TOO_LARGE' })
    expect((await verify(signed, { now, maxDepth: 3 })).issues[0]).toMatchObject({ code: 'ERR_INPUT_TOO_LARGE' })
    expect((await verify(signed, { now, maxBytes: 4 * 1024 * 1024, maxDepth: 100 })).verified).toBe(true)
  })

  it('10,000-deep nesting is rejected without recursing into it (text, object, and a VC-JWT payload)', async () => {
    const deep = `{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "x": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`
    expect((await verify(deep)).issues).toEqual([expect.objectContaining({ code: 'ERR_INPUT_TOO_LARGE' })])
    const payload = Buffer.from(deep).toString('base64url')
    const jwt = `${Buffer.from('{"alg":"EdDSA","kid":"did:key:x"}').toString('base64url')}.${payload}.c2ln`
    expect((await verify(jwt)).issues).toEqual([expect.objectContaining({ code: 'ERR_INPUT_TOO_LARGE' })])
  })

  it('a blank-node poison graph stops at the canonicalization work cap with ERR_CANONICALIZATION_LIMIT', async () => {
    const { signed } = await signedEuCredential()
    const doc = copy(signed)
    doc.issuer.parentOrg = blankNodeCycle(40)
    const report = await verify(doc, { now })
    expect(report.issues).toContainEqual(
      expect.objectContaining({ check: 'proof', code: 'ERR_CANONICALIZATION_LIMIT' }),
    )
  })

  it('ten thousand unknown context URLs give one located issue each, and nothing is fetched', async () => {
    const { signed } = await signedEuCredential()
    const doc = copy(signed)
    doc['@context'] = [...doc['@context'], ...Array.from({ length: 10_000 }, (_, i) => `https://evil.example/ctx/${i}`)]
    let fetches = 0
    const report = await verify(doc, {
      now,
      fetch: async () => {
        fetches += 1
        return new Response('{}')
      },
    })
    expect(report.issues.filter((i) => i.code === 'ERR_CONTEXT_UNKNOWN')).toHaveLength(10_000)
    expect(fetches).toBe(0)
  })
})
