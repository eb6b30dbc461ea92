/**
 * `microcred/batch`: issuing many credentials. `issueMany()` and `openIssuingPool()` sign on worker threads;
 * `issueBatch()` turns a roster (CSV) and a template into signed files, baked badges and a manifest, resumably.
 *
 * @example
 * ```ts
 * import { issueBatch } from 'microcred/batch'
 *
 * const manifest = await issueBatch({
 *   roster: await readFile('roster.csv', 'utf8'),
 *   template: JSON.parse(await readFile('course.json', 'utf8')),
 *   keyPair,
 *   outDir: 'out/2025-spring',
 * })
 * console.log(`${manifest.summary.issued} issued, ${manifest.problems.length} rows need attention`)
 * ```
 *
 * @packageDocumentation
 * @module microcred/batch
 */
export {
  issueMany,
  openIssuingPool,
  type IssueManyOptions,
  type IssueManyOutput,
  type IssueManyResult,
  type IssueManyTextResult,
  type IssuingPool,
  type IssuingPoolCallOptions,
  type IssuingPoolOptions,
} from '../many/issue-many.js'
export {
  issueBatch,
  BATCH_FILES,
  type BatchEntry,
  type BatchImage,
  type BatchManifest,
  type BatchPendingRow,
  type BatchProblem,
  type BatchProgress,
  type BatchWarning,
  type BatchWarningCode,
  type BatchTemplate,
  type IssueBatchOptions,
} from '../batch/batch.js'
export {
  parseRoster,
  ROSTER_COLUMNS,
  type ParseRosterOptions,
  type Roster,
  type RosterColumn,
  type RosterProblem,
  type RosterRow,
} from '../batch/roster.js'
