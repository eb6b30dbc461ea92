/**
 * The input checks say which of three things is wrong, each with the path of the field: absent
 * (ERR_INPUT_REQUIRED), not a member of the input type (ERR_INPUT_UNKNOWN_MEMBER), or present but unusable
 * (ERR_INVALID_INPUT).
 */
import { describe, expect, it } from 'vitest'
import { MicrocredError } from '../../../src/errors.js'
import {
  optionalText,
  rejectUnknownMembers,
  requireEmail,
  requireIri,
  requireNumber,
  requireObject,
  requireText,
} from '../../../src/util/input-checks.js'

function thrown(action: () => unknown): MicrocredError {
  try {
    action()
  } catch (error) {
    if (error instanceof MicrocredError) return error
    throw error
  }
  throw new Error('expected a MicrocredError')
}

describe('input checks', () => {
  it.each([
    ['requireText, undefined', () => requireText(undefined, ['achievement', 'name'])],
    ['requireText, null', () => requireText(null, ['achievement', 'name'])],
    ['requireIri', () => requireIri(undefined, ['achievement', 'name'])],
    ['requireEmail', () => requireEmail(undefined, ['achievement', 'name'])],
    ['requireObject', () => requireObject(undefined, ['achievement', 'name'])],
    ['requireNumber', () => requireNumber(undefined, ['achievement', 'name'], { min: 0, max: 1 })],
  ])('%s: an absent field is ERR_INPUT_REQUIRED at its path', (_name, action) => {
    const error = thrown(action)
    expect([error.code, error.path]).toEqual(['ERR_INPUT_REQUIRED', 'achievement.name'])
    expect(error.message).toBe('achievement.name: is required')
  })

  it.each([
    ['an empty string', () => requireText('  ', ['learningOutcomes', 0])],
    ['a number for text', () => requireText(5, ['learningOutcomes', 0])],
    ['a relative IRI', () => requireIri('not a uri', ['learningOutcomes', 0])],
    ['an array for an object', () => requireObject([], ['learningOutcomes', 0])],
    ['a number out of range', () => requireNumber(2, ['learningOutcomes', 0], { min: 0, max: 1 })],
    ['NaN', () => requireNumber(Number.NaN, ['learningOutcomes', 0], { min: 0, max: 1 })],
  ])('%s is ERR_INVALID_INPUT at its path', (_name, action) => {
    const error = thrown(action)
    expect([error.code, error.path]).toEqual(['ERR_INVALID_INPUT', 'learningOutcomes[0]'])
  })

  it('an optional field may be absent, but not empty', () => {
    expect(optionalText(undefined, ['description'])).toBeUndefined()
    expect(optionalText(null, ['description'])).toBeUndefined()
    const error = thrown(() => optionalText('', ['description']))
    expect([error.code, error.path]).toEqual(['ERR_INVALID_INPUT', 'description'])
  })

  it('a member the type does not have is ERR_INPUT_UNKNOWN_MEMBER at its path, with the closest name', () => {
    const error = thrown(() => {
      rejectUnknownMembers({ title: 'x', learningOutcome: [] }, ['title', 'learningOutcomes'], ['achievement'])
    })
    expect([error.code, error.path]).toEqual(['ERR_INPUT_UNKNOWN_MEMBER', 'achievement.learningOutcome'])
    expect(error.message).toContain('did you mean "learningOutcomes"?')
    expect(() => {
      rejectUnknownMembers({ title: 'x' }, ['title', 'learningOutcomes'], [])
    }).not.toThrow()
  })
})
