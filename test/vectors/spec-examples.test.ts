/**
 * Every example of the OB 3.0 specification (test/vectors/spec, see SOURCES.md) is checked against the
 * official schema, the EU profile where it applies, and JSON-LD safe mode with the bundled contexts.
 *
 * Finding: all eight examples of this snapshot (2025-04) are valid. They use `1EdTechRevocationList` and
 * `1EdTechJsonSchemaValidator2019`, which are defined only by the OB `extensions.json` context; the examples
 * that use them include that context, so safe mode accepts them. The embedded endorsement proofs of the
 * complete example use the obsolete cryptosuite name `eddsa-rdf-2022`: that is a proof matter (they do not
 * verify), not a validation one.
 *
 * The published *signed* test-vector credential carries `proof` as a single object, where this version of the
 * OB schema describes an array; microcred accepts the object form (VC 2.0 allows it) and says so in
 * `obSchemaIssues`. The unsigned one is checked here too.
 */
import { describe, expect, it } from 'vitest'
import { isEuMicroCredential, validateCredential } from '../../src/index.js'
import { jsonFiles, readJson } from '../helpers/files.js'

const examples = jsonFiles('test/vectors/spec/')

describe('OB 3.0 specification examples', () => {
  it('finds all eight examples of the snapshot', () => {
    expect(examples).toHaveLength(8)
  })

  it.each(examples)('%s is valid (schema and JSON-LD safe mode)', async (file) => {
    const example = readJson(`test/vectors/spec/${file}`)
    expect(isEuMicroCredential(example)).toBe(false)
    expect(await validateCredential(example)).toEqual([])
  })

  it.each(['ob-ldp-credential-unsigned.json', 'ob-ldp-credential-signed.json'])('test vector %s is valid', async (file) => {
    expect(await validateCredential(readJson(`test/vectors/test-vectors/${file}`))).toEqual([])
  })

  it('the EU profile flags each example as lacking the EU elements when asked to apply it', async () => {
    const example = readJson('test/vectors/spec/ob-basic-openbadgecredential.json')
    const issues = await validateCredential(example, { profile: 'eu' })
    const paths = issues.filter((i) => i.code === 'ERR_EU_ELEMENT_MISSING').map((i) => i.path)
    expect(paths).toEqual(expect.arrayContaining([
      'issuer.address',
      'credentialSubject.achievement.learningOutcome',
      'credentialSubject.achievement.assessmentType',
      'credentialSubject.achievement.learningMode',
      'credentialSubject.achievement.qualityAssurance',
    ]))
  })

  it('a changed example is caught with the changed field\'s path', async () => {
    const example = readJson<Record<string, any>>('test/vectors/spec/ob-complete-openbadgecredential.json')
    example['credentialSubject'].achievement.creditsAvailable = 'seven'
    const issues = await validateCredential(example)
    expect(issues).toContainEqual(expect.objectContaining({ code: 'ERR_SCHEMA_TYPE', path: 'credentialSubject.achievement.creditsAvailable' }))
  })
})
