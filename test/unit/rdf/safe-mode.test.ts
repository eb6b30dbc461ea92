import { describe, expect, it } from 'vitest'
import { createMicroCredential, validateCredential } from '../../../src/index.js'
import { jsonLdSafeModeIssues } from '../../../src/rdf/safe-mode.js'
import { fullInput } from '../../fixtures/inputs.js'
import { copy } from '../../helpers/credentials.js'
import { readJson } from '../../helpers/files.js'

const basic = readJson('test/vectors/spec/ob-basic-openbadgecredential.json')
const codesAndPaths = (issues: { code: string; path?: string }[]) => issues.map(({ code, path }) => ({ code, path }))

describe('JSON-LD safe mode, with located issues', () => {
  it('accepts valid credentials', async () => {
    expect(await jsonLdSafeModeIssues(basic)).toEqual([])
    expect(await jsonLdSafeModeIssues(createMicroCredential(fullInput()))).toEqual([])
    expect(
      await jsonLdSafeModeIssues(createMicroCredential(fullInput({ contextMode: 'url', credentialSchema: true }))),
    ).toEqual([])
  })

  it('names each undefined term and where it is', async () => {
    const doc = copy(basic)
    doc.gpa = '3.9'
    doc.credentialSubject.achievement.criteria.weight = 2
    const issues = await jsonLdSafeModeIssues(doc)
    expect(codesAndPaths(issues)).toEqual([
      { code: 'ERR_JSONLD_UNDEFINED_TERM', path: 'credentialSubject.achievement.criteria.weight' },
      { code: 'ERR_JSONLD_UNDEFINED_TERM', path: 'gpa' },
    ])
    expect(issues[1]!.message).toContain('"gpa" is not defined by any @context')
    expect(issues.every((i) => i.check === 'context')).toBe(true)
  })

  it('tells apart the same name where it is defined (Achievement) and where it is not (Profile)', async () => {
    const doc = copy(basic)
    doc.credentialSubject.achievement.achievementType = 'Course'
    doc.issuer.achievementType = 'Course'
    expect(codesAndPaths(await jsonLdSafeModeIssues(doc))).toEqual([
      { code: 'ERR_JSONLD_UNDEFINED_TERM', path: 'issuer.achievementType' },
    ])
  })

  it('locates undefined terms inside arrays', async () => {
    const doc = copy(basic)
    doc.credentialSubject.identifier = [
      { type: 'IdentityObject', identityHash: 'a', identityType: 'name', hashed: false },
      { type: 'IdentityObject', identityHash: 'b', identityType: 'name', hashed: false, nickname: 'x' },
    ]
    expect(codesAndPaths(await jsonLdSafeModeIssues(doc))).toEqual([
      { code: 'ERR_JSONLD_UNDEFINED_TERM', path: 'credentialSubject.identifier[1].nickname' },
    ])
  })

  it('names undefined types and relative IRIs', async () => {
    const doc = copy(basic)
    doc.type = ['VerifiableCredential', 'OpenBadgeCredential', 'DiplomaCredential']
    doc.issuer.id = 'issuers/42'
    const issues = await jsonLdSafeModeIssues(doc)
    expect(codesAndPaths(issues)).toEqual([
      { code: 'ERR_JSONLD_RELATIVE_IRI', path: 'issuer.id' },
      { code: 'ERR_JSONLD_UNDEFINED_TYPE', path: 'type[2]' },
    ])
  })

  it('finds a relative IRI in an IRI-valued property (reported while writing RDF)', async () => {
    const doc = copy(createMicroCredential(fullInput()))
    doc.credentialSubject.achievement.creditSystem = 'ects'
    expect(codesAndPaths(await jsonLdSafeModeIssues(doc))).toEqual([
      { code: 'ERR_JSONLD_RELATIVE_IRI', path: 'credentialSubject.achievement.creditSystem' },
    ])
  })

  it('reports an inline context that redefines a protected term', async () => {
    const doc = copy(basic)
    doc['@context'] = [...doc['@context'], { name: 'https://evil.example/name' }]
    const issues = await jsonLdSafeModeIssues(doc)
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ code: 'ERR_JSONLD_PROTECTED_TERM', check: 'context' })
    expect(issues[0]!.message).toContain('"name"')
    expect(issues[0]!.path).toMatch(/^@context/)
  })

  it('reports a context URL that is not bundled, without fetching it', async () => {
    const doc = copy(basic)
    doc['@context'] = [...doc['@context'], 'https://example.com/my-context.json']
    const issues = await jsonLdSafeModeIssues(doc)
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ code: 'ERR_CONTEXT_UNKNOWN' })
    expect(issues[0]!.message).toContain('https://example.com/my-context.json')
  })

  it('reports other JSON-LD errors (an id that is not a string) as ERR_JSONLD_INVALID, located', async () => {
    const doc = copy(basic)
    doc.credentialSubject.achievement.id = 42
    const issues = await jsonLdSafeModeIssues(doc)
    expect(issues).toEqual([
      expect.objectContaining({ code: 'ERR_JSONLD_INVALID', path: 'credentialSubject.achievement.id' }),
    ])
    expect(issues[0]!.message).toContain('@id')
  })

  it('ignores embedded proofs (each proof is checked by its own suite)', async () => {
    const doc = copy(basic)
    doc.proof = [{ type: 'SomeFutureProof', created: '2025-01-01T00:00:00Z', anything: true }]
    expect(await jsonLdSafeModeIssues(doc)).toEqual([])
  })

  it('is what validateCredential reports under the context check', async () => {
    const doc = copy(basic)
    doc.gpa = '3.9'
    expect(await validateCredential(doc)).toContainEqual(
      expect.objectContaining({ code: 'ERR_JSONLD_UNDEFINED_TERM', path: 'gpa', check: 'context' }),
    )
  })
})
