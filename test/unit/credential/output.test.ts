/** Hygiene of the builder's output: plain JSON (no undefined), deterministic, and the input left untouched. */
import { describe, expect, it } from 'vitest'
import { createMicroCredential, type MicroCredentialInput } from '../../../src/index.js'
import { fullInput, minimalInput } from '../../fixtures/inputs.js'
import { copy, undefinedPaths } from './helpers.js'

const inputs: [string, () => MicroCredentialInput][] = [
  ['fullInput()', () => fullInput()],
  ['minimalInput()', () => minimalInput()],
  ['fullInput() in url mode with credentialSchema', () => fullInput({ contextMode: 'url', credentialSchema: true })],
  [
    'a multi-country issuer',
    () => minimalInput({ issuer: { id: 'did:web:x.example', name: 'X', country: ['BE', 'NL'] } }),
  ],
  ['a learner with only an id', () => minimalInput({ learner: { id: 'did:example:123' } })],
  [
    'Date objects for the dates',
    () =>
      fullInput({
        issued: new Date(Date.UTC(2025, 5, 30, 10)),
        awarded: new Date(Date.UTC(2025, 5, 27)),
        validUntil: new Date(Date.UTC(2030, 0, 1)),
      }),
  ],
  ['a grade without a scheme', () => minimalInput({ assessment: { types: ['quiz'], grade: { value: 'pass' } } })],
]

describe('the output is plain JSON', () => {
  it.each(inputs)('%s: no undefined values anywhere, and a JSON round trip gives the same object', (_name, make) => {
    const credential = createMicroCredential(make())
    expect(undefinedPaths(credential)).toEqual([])
    expect(JSON.parse(JSON.stringify(credential))).toStrictEqual(credential)
  })
})

describe('the input is not mutated', () => {
  it.each(inputs)('%s', (_name, make) => {
    const input = make()
    const before = copy(input)
    createMicroCredential(input)
    expect(input).toStrictEqual(before)
  })

  it('changing the output afterwards does not change the input', () => {
    const input = fullInput()
    const before = copy(input)
    const credential = createMicroCredential(input)
    const a = credential.credentialSubject.achievement
    a.isPartOf!.push('https://example.org/other')
    a.learningOutcome[0]!.relatedESCOSkill!.push(
      'http://data.europa.eu/esco/skill/00000000-0000-4000-8000-000000000009',
    )
    a.resultDescription![0]!.allowedValue!.push('Z')
    a.creator!.otherIdentifier!.push({ type: 'IdentifierEntry', identifier: 'x', identifierType: 'ext:x' })
    a.iscedF!.push('http://data.europa.eu/snb/isced-f/0000')
    expect(input).toStrictEqual(before)
  })

  it('changing one output does not change the next one built (the embedded context is a copy)', () => {
    const first = createMicroCredential(minimalInput())
    ;(first['@context'][2] as Record<string, unknown>)['injected'] = 'https://example.org/x'
    expect(createMicroCredential(minimalInput())['@context'][2]).not.toHaveProperty('injected')
  })
})

describe('determinism', () => {
  it('the same input with ids and salt given builds the same credential twice', () => {
    expect(createMicroCredential(fullInput())).toStrictEqual(createMicroCredential(fullInput()))
  })
})
