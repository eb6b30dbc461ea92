/**
 * The mandatory EU micro-credential elements (Council Recommendation 2022/C 243/02, Annex I) in builder input:
 * absent is `ERR_EU_ELEMENT_MISSING` with the input path.
 */
import { MicrocredError } from '../errors.js'
import { describeType, invalid, isAbsent, requireText } from '../util/input-checks.js'
import { formatPath, type PathSegments } from '../util/path.js'

/** The EU mandatory elements (Annex I), for messages. */
export const EU_ELEMENTS = {
  learner: '1. identification of the learner',
  title: '2. title of the micro-credential',
  country: '3. country/region of the issuer',
  awardingBody: '4. awarding body',
  issued: '5. date of issuing',
  learningOutcomes: '6. learning outcomes',
  workload: '7. notional workload',
  assessment: '9. type of assessment',
  participation: '10. form of participation',
  qualityAssurance: '11. type of quality assurance',
} as const

/** Throws `ERR_EU_ELEMENT_MISSING` for a mandatory EU element. */
export function missingElement(path: PathSegments, element: string, hint = ''): never {
  const where = formatPath(path)
  throw new MicrocredError(
    'ERR_EU_ELEMENT_MISSING',
    `The mandatory EU micro-credential element "${element}" is missing: set ${where}${hint === '' ? '' : ` (${hint})`}`,
    { path: where },
  )
}

/** A mandatory EU element given as text. */
export function requireElementText(value: unknown, path: PathSegments, element: string): string {
  if (isAbsent(value)) missingElement(path, element)
  return requireText(value, path)
}

/** A non-empty array for a mandatory EU element: absent or empty is `ERR_EU_ELEMENT_MISSING`. */
export function requireElementList(value: unknown, path: PathSegments, element: string): unknown[] {
  if (isAbsent(value)) missingElement(path, element)
  if (!Array.isArray(value)) invalid(path, `must be an array, not ${describeType(value)}`)
  if (value.length === 0) missingElement(path, element, 'give at least one')
  return value
}
