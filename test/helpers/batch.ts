/** What the batch tests share: scratch output folders, the course template, and rosters of numbered learners. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BatchTemplate } from '../../src/entries/batch.js'
import { fullInput } from '../fixtures/inputs.js'

/** The German university scale the graded template uses (1.0 best, 4.0 passes). */
export const GERMAN_SCALE = {
  name: 'German university grades',
  resultType: 'GradePointAverage',
  min: '1.0',
  max: '5.0',
  passing: '4.0',
} as const

/**
 * Output folders under the system's temporary folder, named `<prefix>...`; `removeAll()` (in an `afterEach`) deletes
 * every one made since.
 */
export function scratchFolders(prefix: string): { make: () => string; removeAll: () => void } {
  const made: string[] = []
  return {
    make: () => {
      const folder = mkdtempSync(join(tmpdir(), prefix))
      made.push(folder)
      return folder
    },
    removeAll: () => {
      for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true })
    },
  }
}

/**
 * The full EU course as a batch template issued by `issuerId`: the learner and the per-credential members left out;
 * graded on {@link GERMAN_SCALE} (each row's `grade` column), or ungraded with `graded: false`.
 */
export function courseTemplate(issuerId: string, { graded = true } = {}): BatchTemplate {
  const { learner: _learner, id: _id, issued: _issued, validUntil: _until, issuer, assessment, ...rest } = fullInput()
  const { grade: _grade, ...assessmentRest } = assessment
  return {
    ...rest,
    issuer: { ...issuer, id: issuerId },
    assessment: graded ? { ...assessmentRest, grade: { scheme: GERMAN_SCALE } } : assessmentRest,
  }
}

/** A roster of `count` learners (lines 2 to count + 1, grades from 1.0 to 3.9), with `special` rows replaced by line. */
export function numberedRoster(count: number, special: Record<number, string> = {}): string {
  const rows = Array.from(
    { length: count },
    (_, i) => special[i + 2] ?? `Learner ${i + 1},learner${i + 1}@example.org,${(1 + (i % 30) / 10).toFixed(1)}`,
  )
  return `name,email,grade\n${rows.join('\n')}\n`
}
