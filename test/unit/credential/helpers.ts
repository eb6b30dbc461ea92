/**
 * Shared helpers of the builder tests. Expected values here come from docs/MAPPING.md, the OB 3.0 spec or
 * are computed independently (node:crypto), never from the code under test.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { MicrocredError, type EUAchievement, type MicroCredential, type Profile } from '../../../src/index.js'

/** A loosely typed input, for tests that feed the builders values the types would not allow. */
export type Loose = Record<string, any>

/** The IRIs docs/MAPPING.md lists (EU Vocabularies, `http://data.europa.eu/snb/<list>/<id>`). */
export const IRI = {
  ects: 'http://data.europa.eu/snb/education-credit/6fcec5c5af',
  eqf: (n: number) => `http://data.europa.eu/snb/eqf/${n}`,
  participation: {
    online: 'http://data.europa.eu/snb/learning-assessment/920fbb3cbe',
    onsite: 'http://data.europa.eu/snb/learning-assessment/9191af2ed9',
    blended: 'http://data.europa.eu/snb/learning-assessment/e92d221e4d',
    workBased: 'http://data.europa.eu/snb/learning-assessment/729f3bed4b',
  },
  setting: { formal: 'http://data.europa.eu/snb/learning-setting/6fd4685715' },
  assessment: {
    writtenExam: 'http://data.europa.eu/snb/assessment/6e6cb2cc78',
    project: 'http://data.europa.eu/snb/assessment/795dac4096',
    quiz: 'http://data.europa.eu/snb/assessment/b1b68f6735',
  },
  supervision: { supervisedWithId: 'http://data.europa.eu/snb/supervision-verification/70be69aaf9' },
  qa: {
    institutional: 'http://data.europa.eu/snb/accreditation/bb4618238e',
    programme: 'http://data.europa.eu/snb/accreditation/820101cba6',
  },
  iscedF: (code: string) => `http://data.europa.eu/snb/isced-f/${code}`,
  country: (alpha3: string) => `http://publications.europa.eu/resource/authority/country/${alpha3}`,
} as const

/** Namespaces of the EU lists (MAPPING.md). */
export const NAMESPACE = {
  learningActivity: 'http://data.europa.eu/snb/learning-activity/',
} as const

/** Context URLs (W3C VC 2.0, OB 3.0 spec, MAPPING.md "The extension context"). */
export const CONTEXT = {
  vc2: 'https://www.w3.org/ns/credentials/v2',
  ob3: /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context-3\.0\.\d+\.json$/,
  obExtensions: 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
  eu: 'https://w3id.org/microcred/eu/v1',
} as const

/** The official OB 3.0 AchievementCredential schema URL, as the OB 3.0 spec's examples name it. */
export const OB_SCHEMA_URL =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json'

/** A file of the repository, parsed as JSON. */
export function repoJson(relative: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../../${relative}`, import.meta.url), 'utf8')) as Record<string, unknown>
}

/** OB 3.0 IdentityHash computed independently: `sha256$` + hex SHA-256 of value followed by salt. */
export function sha256Identity(value: string, salt: string): string {
  return `sha256$${createHash('sha256')
    .update(value + salt, 'utf8')
    .digest('hex')}`
}

/** The error `fn` throws (fails the test when it does not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  expect.fail('expected a throw, but nothing was thrown')
}

/** Asserts `fn` throws a MicrocredError with `code` and exactly `path`; returns it for further checks. */
export function expectMicrocredError(fn: () => unknown, code: string, path: string): MicrocredError {
  const error = thrown(fn)
  expect(error).toBeInstanceOf(MicrocredError)
  const e = error as MicrocredError
  expect({ code: e.code, path: e.path }).toEqual({ code, path })
  return e
}

/** A deep copy of a plain JSON-like value (Dates kept as Dates). */
export function copy<T>(value: T): T {
  return structuredClone(value)
}

/** Every path in `value` whose value is `undefined` (own enumerable members and array items). */
export function undefinedPaths(value: unknown, path = '$'): string[] {
  if (value === undefined) return [path]
  if (Array.isArray(value)) return value.flatMap((item, i) => undefinedPaths(item, `${path}[${i}]`))
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => undefinedPaths(child, `${path}.${key}`))
  }
  return []
}

/** The achievement of a built credential. */
export function achievementOf(credential: MicroCredential): EUAchievement {
  return credential.credentialSubject.achievement
}

/** The issuer of a built credential as a Profile (the builder always writes a full profile). */
export function issuerOf(credential: MicroCredential): Profile {
  expect(typeof credential.issuer).toBe('object')
  return credential.issuer as Profile
}
