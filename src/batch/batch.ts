/**
 * Batch issuing: a roster (CSV, one learner a row) and a template (the builder's input without the learner)
 * become one signed credential file and one baked badge per learner, plus a manifest, in an output folder.
 * A bad row is reported with its line number and skipped. A run that is interrupted (killed, Ctrl-C, power
 * loss) is resumed by running it again on the same folder; no row is ever given a second credential (see
 * journal.ts for how).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, rm, stat, truncate } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { extractBaked, imageFormat } from '../bake/image.js'
import { bakePng } from '../bake/png.js'
import { bakeSvg } from '../bake/svg.js'
import { svgBytesLike } from '../bake/encoding.js'
import { nowDateTime } from '../util/dates.js'
import { createMicroCredential } from '../credential/microcredential.js'
import { isMicrocredError, MicrocredError, type MicrocredErrorCode } from '../errors.js'
import { issue } from '../issue/issue.js'
import { isKeyPair, type KeyPair } from '../keys/keypair.js'
import type { Signer } from '../keys/signer.js'
import { signingChoices, type IssueManyResult } from '../many/issue-many.js'
import { assertCanSign } from '../issue/issue.js'
import { SigningPool } from '../many/pool.js'
import type { GradeScheme, MicroCredentialInput } from '../model/input.js'
import type { MicroCredential } from '../model/eu.js'
import {
  assertOptionNames,
  checkCredentialOptions,
  checkProofChoice,
  ISSUING_OPTION_NAMES,
  type IssuingOptions,
} from '../issue/options.js'
import type { SigningChoices } from '../many/protocol.js'
import type { CredentialChoices } from '../many/sign-one.js'
import { allocateStatus, statusEntry, type StatusList } from '../status/list.js'
import { withStatusEntry } from '../status/entry.js'
import { isJsonObject } from '../util/json.js'
import { writeFileAtomic } from '../util/fs.js'
import { acquireLock } from '../util/lock.js'
import {
  BatchJournal,
  readJournal,
  type BatchIdentity,
  type JournalState,
  type ReserveEntry,
  type StartEntry,
} from './journal.js'
import { parseRoster, type Roster, type RosterColumn, type RosterRow } from './roster.js'
import { withoutFragment } from '../util/iri.js'

/**
 * The builder's input without the learner: what every credential of the batch shares. `issued` defaults to the
 * time the batch started; a grade scheme without a value takes each row's `grade` (and then every row needs one).
 */
export type BatchTemplate = Omit<MicroCredentialInput, 'learner' | 'id' | 'issued' | 'assessment'> & {
  issued?: MicroCredentialInput['issued']
  assessment: Omit<MicroCredentialInput['assessment'], 'grade'> & { grade?: { value?: string; scheme?: GradeScheme } }
}

/** The image every badge is baked into. */
export interface BatchImage {
  type: 'png' | 'svg'
  bytes: Uint8Array
}

/**
 * Options of {@link issueBatch}. Besides its own, it takes the {@link IssuingOptions} every issuing call takes:
 * `proof` (`'eddsa-rdfc-2022'` by default, `'Ed25519Signature2020'`, or `'vc-jwt'` for VC-JWT files, `.jwt`),
 * `jwtAlgorithm` and `keyIn` for VC-JWTs, `created` (default: the time each chunk of rows is signed), `status` (every
 * credential gets an entry, reserved with the row in the journal), `documentLoader` (rows are then signed on the
 * calling thread: a function cannot cross to a worker), `profile` and `maxBytes`.
 *
 * @example
 * ```ts
 * const options: IssueBatchOptions = { roster, template, keyPair, outDir: 'out/2025-spring', proof: 'vc-jwt' }
 * ```
 */
export interface IssueBatchOptions extends IssuingOptions {
  /** The roster: CSV text with a header row (see {@link parseRoster}). */
  roster: string
  template: BatchTemplate
  /** The issuer's key pair, or a {@link Signer}. */
  keyPair?: KeyPair
  signer?: Signer
  /** The output folder; created if missing. Run again on the same folder to resume. */
  outDir: string
  /** Image to bake each credential into (PNG or SVG). Without it, no badges are written. */
  image?: BatchImage
  /** A status list every credential gets an entry in (so each can be revoked or suspended later). */
  status?: StatusList
  /** Roster columns to leave out. */
  ignoreColumns?: string[]
  /** The batch's `issued` time when the template has none; default now. Fixed at the first run. */
  now?: Date
  /** Called after each row. */
  onProgress?: (progress: BatchProgress) => void
  /**
   * Stops the run, whenever it is aborted: the rows already started are finished (signed, their files written and
   * journalled; on worker threads, every row already sent to the threads), no new row is started, and the result
   * still comes back, with the manifest written: `summary.interrupted` is true and `pending` lists the rows left for
   * the next run on the same folder. Aborted before the call, nothing is issued and every row is pending.
   *
   * @example
   * ```ts
   * const stop = new AbortController()
   * process.once('SIGINT', () => stop.abort())
   * const manifest = await issueBatch({ roster, template, keyPair, outDir: 'out/2025-spring', signal: stop.signal })
   * if (manifest.summary.interrupted) console.log(`${manifest.pending.length} rows left: run it again to issue them`)
   * ```
   */
  signal?: AbortSignal
  /**
   * Worker threads to sign on; default `availableParallelism()` (the number of cores). With a `keyPair` and at
   * least 128 rows left to issue, the rows are signed in chunks of 128 on one pool of that many threads, kept for
   * the whole run; `1` signs every row on the calling thread, as does a `signer` (it cannot cross to a thread) or
   * a smaller batch (starting threads would cost more than it saves). The credentials, files, journal and
   * manifest are the same either way.
   *
   * @example
   * ```ts
   * // On a server that also answers requests: leave a core to them.
   * await issueBatch({ roster, template, keyPair, outDir: 'out/2025-spring', workers: Math.max(1, availableParallelism() - 1) })
   * ```
   */
  workers?: number
}

/** Progress after one row. */
export interface BatchProgress {
  line: number
  outcome: 'issued' | 'already-issued' | 'failed'
  /** Rows handled so far in this run, of `total`. */
  handled: number
  total: number
}

/** A row that got no credential, and why. */
export interface BatchProblem {
  line: number
  code?: MicrocredErrorCode
  path?: string
  message: string
}

/**
 * Codes of {@link BatchWarning}s. `ERR_LEARNER_NAME_MISSING`: the row names no learner name (an empty `name` cell,
 * or no `name` column); Open Badges 3.0 makes the name optional, so the row is issued, but a badge display shows
 * no name.
 */
export type BatchWarningCode = Extract<MicrocredErrorCode, 'ERR_LEARNER_NAME_MISSING'>

/** A row that got its credential, with something about it worth a look. */
export interface BatchWarning {
  line: number
  code: BatchWarningCode
  /** The roster column the warning is about. */
  column: RosterColumn
  message: string
}

/** A row the run was stopped before (see {@link IssueBatchOptions.signal}): the next run on the folder issues it. */
export interface BatchPendingRow {
  line: number
  name?: string
  /**
   * The credential id an earlier run reserved for the row: the row's credential will have this id. Absent when no
   * run got as far as reserving one.
   */
  credentialId?: string
}

/** A row's credential in the manifest. */
export interface BatchEntry {
  line: number
  name?: string
  credentialId: string
  /** Path of the credential file, relative to the output folder. */
  credential: string
  /** Path of the baked badge, relative to the output folder. */
  badge?: string
  statusListIndex?: number
}

/** The manifest (`manifest.json`) and the result of {@link issueBatch}. */
export interface BatchManifest {
  format: 'microcred-batch-manifest/1'
  issuer: string
  achievementId: string
  issued: string
  credentialFormat: 'ldp' | 'jwt'
  rosterSha256: string
  statusListId?: string
  /** Every row with a credential, from this run and earlier ones, in roster order. */
  credentials: BatchEntry[]
  /** Rows that got no credential. */
  problems: BatchProblem[]
  /** Rows of `credentials` issued with a warning (a learner without a name), in roster order. */
  warnings: BatchWarning[]
  /** Rows neither issued nor failed because the run was stopped: the next run on the folder issues them. */
  pending: BatchPendingRow[]
  /** Counts: `rows` is `issued + alreadyIssued + failed + pending`. */
  summary: {
    rows: number
    /** Credentials issued by this run. */
    issued: number
    /** Credentials issued by earlier runs (resumed). */
    alreadyIssued: number
    failed: number
    /** Rows left for the next run (`pending`). */
    pending: number
    /**
     * True when the run's signal was aborted before the run ended (the manifest was written), even when the
     * rows then in progress were the last ones and `pending` is empty.
     */
    interrupted: boolean
  }
}

/**
 * Names of the files and folders {@link issueBatch} writes in its output folder.
 *
 * @example
 * ```ts
 * const manifest = JSON.parse(await readFile(join(outDir, BATCH_FILES.manifest), 'utf8')) as BatchManifest
 * ```
 */
export const BATCH_FILES = {
  manifest: 'manifest.json',
  journal: 'batch-journal.jsonl',
  lock: 'batch.lock',
  credentials: 'credentials',
  badges: 'badges',
} as const

/**
 * Rows left to issue from which a batch signs on worker threads. A thread takes about half a second to load the
 * library and sign its first credential, and two threads sign about 1.4 times as fast as one on 2 cores (one
 * thread already keeps the garbage collector busy on the other): measured on 1,000-row batches and smaller ones,
 * the pool lost below 128 rows even where a signature costs 16 ms, and won from there on.
 */
const WORKER_THRESHOLD = 128

/**
 * Rows signed on the pool at a time: enough to keep every thread busy while the calling thread builds the next
 * chunk and writes the last one's files, few enough that Ctrl-C wastes little signed work.
 */
const CHUNK_ROWS = 128

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex')

/** A file-name-safe form of a learner's name (no e-mail or ids in file names: they would leak into listings). */
function slug(name: string | undefined): string {
  const plain = (name ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
  return plain === '' ? 'learner' : plain
}

function problemOf(line: number, error: unknown): BatchProblem {
  if (isMicrocredError(error))
    return { line, code: error.code, ...(error.path === undefined ? {} : { path: error.path }), message: error.message }
  return { line, message: error instanceof Error ? error.message : String(error) }
}

/** The credential id inside a credential file, or undefined when the file is missing, torn or another credential. */
async function credentialIdIn(path: string, format: 'ldp' | 'jwt'): Promise<string | undefined> {
  try {
    const text = await readFile(path, 'utf8')
    const value: unknown =
      format === 'jwt'
        ? JSON.parse(Buffer.from(text.split('.')[1] ?? '', 'base64url').toString('utf8'))
        : JSON.parse(text)
    if (!isJsonObject(value)) return undefined
    const credential = format === 'jwt' && isJsonObject(value['vc']) ? value['vc'] : value
    return typeof credential['id'] === 'string'
      ? credential['id']
      : typeof value['jti'] === 'string'
        ? value['jti']
        : undefined
  } catch {
    return undefined
  }
}

async function isNonEmptyFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile() && s.size > 0,
    () => false,
  )
}

/**
 * Issues a credential for every learner of a roster into `outDir`: `credentials/<line>-<name>.json` (or `.jwt`),
 * `badges/<line>-<name>.png` (or `.svg`) when an image is given, and `manifest.json`. Rows that cannot be issued
 * are listed in the manifest's `problems` with their line numbers; the others are issued regardless. Running it
 * again on the same folder resumes: rows already issued are kept, unfinished ones are finished with the
 * credential id, hash salt and status index they were given, so no row ever gets two credentials. The roster,
 * template, image, key and format must be the same as in the first run (`ERR_INVALID_INPUT` otherwise).
 *
 * @example
 * ```ts
 * const manifest = await issueBatch({
 *   roster: await readFile('roster.csv', 'utf8'),
 *   template: JSON.parse(await readFile('course.json', 'utf8')),
 *   keyPair,
 *   image: { type: 'png', bytes: await readFile('badge.png') },
 *   outDir: 'out/2025-spring',
 * })
 * console.log(`${manifest.summary.issued} issued, ${manifest.problems.length} rows need attention`)
 * ```
 */
export async function issueBatch(options: IssueBatchOptions): Promise<BatchManifest> {
  const { signerId, signing, choices, format } = checkBatchOptions(options)
  const roster = parseRoster(
    options.roster,
    options.ignoreColumns === undefined ? {} : { ignoreColumns: options.ignoreColumns },
  )

  const outDir = resolve(options.outDir)
  await mkdir(join(outDir, BATCH_FILES.credentials), { recursive: true })
  if (options.image !== undefined) await mkdir(join(outDir, BATCH_FILES.badges), { recursive: true })

  const unlock = await acquireLock(join(outDir, BATCH_FILES.lock), { what: `the batch folder ${outDir}` })
  const journalPath = join(outDir, BATCH_FILES.journal)
  let journal: BatchJournal | undefined
  let pool: SigningPool | undefined
  try {
    const state = await readBatchJournal(journalPath, outDir)
    journal = await BatchJournal.open(journalPath)
    const identity = batchIdentity(options, signerId, format, signing)
    const start = await startOrResume(journal, state.start, identity, options, outDir)
    const run: BatchRun = { options, format, signing, choices, outDir, start, journal, state }
    const tally = createTally(options, roster)
    const plans = planRows(roster.rows, state, format, options.image)
    pool = openPool(run, plans)
    if (pool === undefined) await issueOnCallingThread(run, tally, plans)
    else await issueOnPool(run, tally, plans, pool)
    return await writeManifest(run, tally, roster)
  } finally {
    await pool?.close()
    await journal?.close()
    await unlock()
  }
}

/** Checks the caller's options before anything is written: what is signed, by whom, in which format, with which image. */
function checkBatchOptions(options: IssueBatchOptions): {
  signerId: string
  signing: SigningChoices
  choices: CredentialChoices
  format: 'ldp' | 'jwt'
} {
  if (!isJsonObject(options)) throw new TypeError('issueBatch(options): options are required')
  if (typeof options.roster !== 'string') throw new TypeError('issueBatch(options): roster must be the CSV text')
  if (!isJsonObject(options.template))
    throw new TypeError('issueBatch(options): template must be the builder input without the learner')
  if (typeof options.outDir !== 'string' || options.outDir === '')
    throw new TypeError('issueBatch(options): outDir must be a folder path')
  const signerId = options.keyPair?.id ?? options.signer?.id
  if (signerId === undefined) throw new TypeError('issueBatch(options): pass a keyPair or a signer')
  assertOptionNames(options, BATCH_OPTION_NAMES, 'issueBatch(options)')
  const { signing, choices } = batchSigning(options)
  // The files' kind, in the journal and the manifest: embedded proofs (.json) or VC-JWTs (.jwt).
  const format = signing.proof === 'vc-jwt' ? 'jwt' : 'ldp'
  if (options.image !== undefined && !isBatchImage(options.image)) {
    throw new TypeError("issueBatch(options): image must be { type: 'png' | 'svg', bytes: Uint8Array }")
  }
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 1))
    throw new TypeError(
      `issueBatch(options): workers must be a whole number of at least 1, not ${String(options.workers)}`,
    )
  checkTemplate(options.template, signerId)
  // A damaged image would fail every row, after each was signed: refuse it before anything is issued.
  if (options.image !== undefined) checkImage(options.image)
  return { signerId, signing, choices, format }
}

/** Whether the caller's `image` is what its type says (it comes from outside: a caller in JavaScript can pass anything). */
function isBatchImage(image: unknown): image is BatchImage {
  return (
    isJsonObject(image) && image['bytes'] instanceof Uint8Array && (image['type'] === 'png' || image['type'] === 'svg')
  )
}

/** What a run on the folder must share with the first run on it: roster, template, image, key, format, proof, list. */
function batchIdentity(
  options: IssueBatchOptions,
  signerId: string,
  format: 'ldp' | 'jwt',
  signing: SigningChoices,
): BatchIdentity {
  return {
    rosterSha256: sha256(options.roster),
    templateSha256: sha256(JSON.stringify(options.template)),
    ...(options.image === undefined ? {} : { imageSha256: sha256(options.image.bytes) }),
    keyId: signerId,
    format,
    ...(signing.proof === 'vc-jwt' ? {} : { proof: signing.proof }),
    ...(options.status === undefined ? {} : { statusListId: options.status.id }),
  }
}

/**
 * Reads the folder's journal: a folder with output but no journal is refused, and a journal that never reserved a
 * row is emptied (the folder is not bound to that batch yet, so a corrected run starts afresh).
 */
async function readBatchJournal(journalPath: string, outDir: string): Promise<JournalState> {
  const state = await readJournal(journalPath)
  if (state.start === undefined) await refuseOrphanedOutput(outDir)
  else if (state.reserved.size === 0) {
    await truncate(journalPath, 0)
    return readJournal(journalPath)
  }
  return state
}

/**
 * Starts the batch in the journal (its identity, `issued` time and achievement id, fixed from now on), or resumes the
 * one there when it is the same batch: another roster, template, image, key, format, proof or list is refused.
 */
async function startOrResume(
  journal: BatchJournal,
  started: StartEntry | undefined,
  identity: BatchIdentity,
  options: IssueBatchOptions,
  outDir: string,
): Promise<StartEntry> {
  if (started === undefined) {
    const issued = options.template.issued ?? options.now ?? new Date()
    const start: StartEntry = {
      type: 'start',
      version: 1,
      ...identity,
      issued: issued instanceof Date ? issued.toISOString().replace(/\.\d{3}Z$/, 'Z') : issued,
      achievementId: options.template.achievementId ?? `urn:uuid:${randomUUID()}`,
      startedAt: new Date().toISOString(),
    }
    await journal.append(start, true)
    return start
  }
  const fields: (keyof BatchIdentity)[] = [
    'rosterSha256',
    'templateSha256',
    'imageSha256',
    'keyId',
    'format',
    'proof',
    'statusListId',
  ]
  const changed = fields.filter((key) => started[key] !== identity[key])
  if (changed.length > 0) {
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      `${outDir} holds a batch with other ${changed.join(', ')}; resume it with the same roster (byte for byte), template, image, key, format, proof and status list. ` +
        'A new folder would issue every learner a second credential',
    )
  }
  await journal.append({ type: 'resume', at: new Date().toISOString() }, false)
  await removeTemporaries(outDir)
  return started
}

/** What every row of a run shares: the caller's options, what is signed and how, the folder, the journal. */
interface BatchRun {
  options: IssueBatchOptions
  format: 'ldp' | 'jwt'
  signing: SigningChoices
  choices: CredentialChoices
  outDir: string
  start: StartEntry
  journal: BatchJournal
  /** The journal as the run found it. */
  state: JournalState
}

/** What a run has done so far: each row issued, kept, failed or left, counted and reported as it is decided. */
interface Tally {
  credentials: BatchEntry[]
  problems: BatchProblem[]
  pending: BatchPendingRow[]
  summary: { rows: number; issued: number; alreadyIssued: number; failed: number }
  fail(problem: BatchProblem): void
  keep(plan: RowPlan, reservation: ReserveEntry, outcome: 'issued' | 'already-issued'): void
  leave(plan: RowPlan): void
}

/** Decides how each row's outcome is recorded: roster problems count as failed, every row handled is reported. */
function createTally(options: IssueBatchOptions, roster: Roster): Tally {
  let handled = 0
  const report = (line: number, outcome: BatchProgress['outcome']): void => {
    handled++
    options.onProgress?.({ line, outcome, handled, total: roster.rows.length })
  }
  const tally: Tally = {
    credentials: [],
    problems: roster.problems.map((p) => ({ line: p.line, code: 'ERR_INVALID_INPUT', message: p.message })),
    pending: [],
    summary: {
      rows: roster.rows.length + roster.problems.length,
      issued: 0,
      alreadyIssued: 0,
      failed: roster.problems.length,
    },
    fail(problem) {
      tally.problems.push(problem)
      tally.summary.failed++
      report(problem.line, 'failed')
    },
    keep(plan, reservation, outcome) {
      tally.credentials.push(entryOf(plan.row, reservation, plan.files))
      if (outcome === 'issued') tally.summary.issued++
      else tally.summary.alreadyIssued++
      report(plan.row.line, outcome)
    },
    // Only a row this run did not start is left: a row it started is issued or failed before the run ends.
    leave(plan) {
      tally.pending.push({
        line: plan.row.line,
        ...(plan.row.learner.name === undefined ? {} : { name: plan.row.learner.name }),
        ...(plan.reserved === undefined ? {} : { credentialId: plan.reserved.credentialId }),
      })
    },
  }
  return tally
}

/** Decides each row's files, its reservation by an earlier run, and the earlier row it repeats, if any. */
function planRows(
  rows: readonly RosterRow[],
  state: JournalState,
  format: 'ldp' | 'jwt',
  image: BatchImage | undefined,
): RowPlan[] {
  const duplicates = duplicateLearners(rows)
  return rows.map((row) => {
    const base = `${String(row.line).padStart(4, '0')}-${slug(row.learner.name)}`
    const files = {
      credential: `${BATCH_FILES.credentials}/${base}.${format === 'jwt' ? 'jwt' : 'json'}`,
      ...(image === undefined ? {} : { badge: `${BATCH_FILES.badges}/${base}.${image.type}` }),
    }
    const duplicate = duplicates.get(row.line)
    const reserved = state.reserved.get(row.line)
    return { row, files, reserved, ...(duplicate === undefined ? {} : { duplicate }) }
  })
}

/** A row's job: what {@link issueRow}, {@link prepareRow} and {@link writeRow} need. */
function rowJob(run: BatchRun, plan: RowPlan): RowJob {
  const { start, options, format, signing, choices, outDir, journal } = run
  return {
    row: plan.row,
    reserved: plan.reserved,
    start,
    options,
    format,
    signing,
    choices,
    outDir,
    files: plan.files,
    journal,
  }
}

/** The problem of a row naming the same learner as an earlier row. */
function duplicateProblem(plan: RowPlan, first: { line: number; field: string }): BatchProblem {
  return {
    line: plan.row.line,
    code: 'ERR_INVALID_INPUT',
    message: `the same learner as line ${first.line} (same ${first.field}); each learner gets one credential`,
  }
}

/** Whether an earlier run finished the row: journalled done, and its files hold its credential. */
async function finishedBefore(run: BatchRun, plan: RowPlan): Promise<boolean> {
  return (
    plan.reserved !== undefined &&
    run.state.done.has(plan.row.line) &&
    (await finished(run.outDir, plan.files, plan.reserved, run.format))
  )
}

/**
 * Decides where rows are signed: a pool of threads for a key pair and at least {@link WORKER_THRESHOLD} rows left
 * (unless one worker, a document loader or an abort says otherwise), else `undefined`, the calling thread.
 */
function openPool(run: BatchRun, plans: readonly RowPlan[]): SigningPool | undefined {
  const { options, choices, signing, state } = run
  const left = plans.filter(
    (plan) => plan.duplicate === undefined && !(plan.reserved !== undefined && state.done.has(plan.row.line)),
  ).length
  const workers = options.workers ?? availableParallelism()
  const keyPair = options.keyPair
  if (
    keyPair !== undefined &&
    isKeyPair(keyPair) &&
    keyPair.canSign &&
    workers > 1 &&
    left >= WORKER_THRESHOLD &&
    choices.documentLoader === undefined &&
    options.signal?.aborted !== true
  ) {
    return SigningPool.open({
      keyPair,
      signing,
      workers: Math.min(workers, left),
      callingThread: false,
    })
  }
  return undefined
}

/** Issues the rows one by one on the calling thread; once aborted, the rows not yet started are left. */
async function issueOnCallingThread(run: BatchRun, tally: Tally, plans: readonly RowPlan[]): Promise<void> {
  for (const plan of plans) {
    if (plan.duplicate !== undefined) {
      tally.fail(duplicateProblem(plan, plan.duplicate))
      continue
    }
    if (plan.reserved !== undefined && (await finishedBefore(run, plan))) {
      tally.keep(plan, plan.reserved, 'already-issued')
      continue
    }
    // Checked before each row only: a row once started (built, reserved, signed) is always written.
    if (run.options.signal?.aborted === true) {
      tally.leave(plan)
      continue
    }
    try {
      tally.keep(plan, await issueRow(rowJob(run, plan)), 'issued')
    } catch (error) {
      if (!isMicrocredError(error)) throw error
      tally.fail(problemOf(plan.row.line, error))
    }
  }
}

/**
 * Issues the rows in chunks on the pool. A chunk's rows are built and reserved (one fsync for the chunk, before any of
 * them is signed), then signed on the pool; while the pool signs, the next chunk is built and reserved, then this
 * one's files are written. Once stopped, no row is reserved any more, but every row already sent to the pool is
 * written: it was started, its signature is on its way, and leaving it would only have the next run sign it again.
 */
async function issueOnPool(run: BatchRun, tally: Tally, plans: readonly RowPlan[], pool: SigningPool): Promise<void> {
  let previous: PreparedChunk | undefined
  for (let first = 0; first < plans.length; first += CHUNK_ROWS) {
    const next = await prepareChunk(run, pool, plans.slice(first, first + CHUNK_ROWS))
    if (previous !== undefined) await finishChunk(run, tally, previous)
    previous = next
  }
  if (previous !== undefined) await finishChunk(run, tally, previous)
}

/** Decides what each row of a chunk needs, builds and reserves those to sign, and sends them to the pool. */
async function prepareChunk(run: BatchRun, pool: SigningPool, chunk: readonly RowPlan[]): Promise<PreparedChunk> {
  const { options, choices, format } = run
  const rows: PreparedRow[] = []
  const unsigned: MicroCredential[] = []
  for (const plan of chunk) {
    if (plan.duplicate !== undefined)
      rows.push({ plan, kind: 'duplicate', problem: duplicateProblem(plan, plan.duplicate) })
    else if (plan.reserved !== undefined && (await finishedBefore(run, plan)))
      rows.push({ plan, kind: 'already-issued', reservation: plan.reserved })
    else if (options.signal?.aborted === true) rows.push({ plan, kind: 'interrupted' })
    else {
      try {
        const prepared = await prepareRow(rowJob(run, plan), false)
        rows.push({ plan, kind: 'sign', reservation: prepared.reservation, slot: unsigned.length })
        unsigned.push(prepared.unsigned)
      } catch (error) {
        if (!isMicrocredError(error)) throw error
        rows.push({ plan, kind: 'failed', problem: problemOf(plan.row.line, error) })
      }
    }
  }
  if (unsigned.length === 0) return { rows }
  await run.journal.sync()
  const { created, ...rest } = choices
  const signing = pool.sign(unsigned, format === 'jwt' ? undefined : (created ?? nowDateTime()), rest)
  // Awaited when the chunk is finished; a run that fails first leaves it to the pool's close.
  signing.catch(() => undefined)
  return { rows, signing }
}

/** Records each row of a prepared chunk: once its signature is back, a signed row's files are written. */
async function finishChunk(run: BatchRun, tally: Tally, { rows, signing }: PreparedChunk): Promise<void> {
  let results: IssueManyResult<MicroCredential>[] | undefined
  for (const prepared of rows) {
    const { plan } = prepared
    if (prepared.kind === 'duplicate' || prepared.kind === 'failed') tally.fail(prepared.problem)
    else if (prepared.kind === 'already-issued') tally.keep(plan, prepared.reservation, 'already-issued')
    else if (prepared.kind === 'interrupted') tally.leave(plan)
    else {
      if (signing === undefined) throw new Error('issueBatch: a chunk has rows to sign but was not sent to the pool')
      results ??= await signing
      const result = results[prepared.slot]
      if (result === undefined) throw new Error(`issueBatch: the pool gave no result for row ${plan.row.line}`)
      try {
        if (!result.ok) throw result.error
        await writeRow(rowJob(run, plan), result.credential)
        tally.keep(plan, prepared.reservation, 'issued')
      } catch (error) {
        if (!isMicrocredError(error)) throw error
        tally.fail(problemOf(plan.row.line, error))
      }
    }
  }
}

/**
 * Writes the manifest: what was issued, the problems by line, warnings, the rows left. Aborted while it was written,
 * the run had not ended yet, so it was interrupted, and the manifest is written again to say so.
 */
async function writeManifest(run: BatchRun, tally: Tally, roster: Roster): Promise<BatchManifest> {
  const { options, start, format, outDir } = run
  const { credentials, problems, pending, summary } = tally
  const warnings: BatchWarning[] = credentials
    .filter((entry) => entry.name === undefined)
    .map((entry) => ({
      line: entry.line,
      code: 'ERR_LEARNER_NAME_MISSING',
      column: 'name',
      message: `${roster.columns.includes('name') ? 'the name cell is empty' : 'the roster has no name column'}: the credential was issued without the learner's name (Open Badges 3.0 allows it, but a badge display shows no name)`,
    }))
  // The template was built and checked before the run, so its issuer is an object; its id is read as any outside value.
  const issuer: unknown = options.template.issuer
  const manifestOf = (interrupted: boolean): BatchManifest => ({
    format: 'microcred-batch-manifest/1',
    issuer: isJsonObject(issuer) && typeof issuer['id'] === 'string' ? issuer['id'] : '',
    achievementId: start.achievementId,
    issued: start.issued,
    credentialFormat: format,
    rosterSha256: start.rosterSha256,
    ...(start.statusListId === undefined ? {} : { statusListId: start.statusListId }),
    credentials,
    problems: problems.sort((a, b) => a.line - b.line),
    warnings,
    pending,
    summary: { ...summary, pending: pending.length, interrupted },
  })
  const write = (manifest: BatchManifest): Promise<void> =>
    writeFileAtomic(join(outDir, BATCH_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`)
  let manifest = manifestOf(options.signal?.aborted === true)
  await write(manifest)
  if (!manifest.summary.interrupted && options.signal?.aborted === true) {
    manifest = manifestOf(true)
    await write(manifest)
  }
  return manifest
}

function entryOf(row: RosterRow, reservation: ReserveEntry, files: { credential: string; badge?: string }): BatchEntry {
  return {
    line: row.line,
    ...(row.learner.name === undefined ? {} : { name: row.learner.name }),
    credentialId: reservation.credentialId,
    ...files,
    ...(reservation.statusListIndex === undefined ? {} : { statusListIndex: reservation.statusListIndex }),
  }
}

/** Whether a row's files are all there and hold its credential (a crash or power loss can lose a file written without fsync). */
async function finished(
  outDir: string,
  files: { credential: string; badge?: string },
  reserved: ReserveEntry,
  format: 'ldp' | 'jwt',
): Promise<boolean> {
  if ((await credentialIdIn(join(outDir, files.credential), format)) !== reserved.credentialId) return false
  return files.badge === undefined || (await isNonEmptyFile(join(outDir, files.badge)))
}

/** A roster row as the run found it: its files, its reservation by an earlier run, the row it repeats. */
interface RowPlan {
  row: RosterRow
  files: { credential: string; badge?: string }
  reserved: ReserveEntry | undefined
  duplicate?: { line: number; field: string }
}

/** A row of a chunk signed on the pool, after building and reserving: what is left to do for it. */
type PreparedRow =
  | { plan: RowPlan; kind: 'duplicate'; problem: BatchProblem }
  | { plan: RowPlan; kind: 'failed'; problem: BatchProblem }
  | { plan: RowPlan; kind: 'already-issued'; reservation: ReserveEntry }
  | { plan: RowPlan; kind: 'interrupted' }
  | { plan: RowPlan; kind: 'sign'; reservation: ReserveEntry; slot: number }

/** A chunk whose rows are reserved, and the pool's signing of those to sign (`slot` indexes its results). */
interface PreparedChunk {
  rows: PreparedRow[]
  signing?: Promise<IssueManyResult<MicroCredential>[]>
}

interface RowJob {
  row: RosterRow
  reserved: ReserveEntry | undefined
  start: StartEntry
  options: IssueBatchOptions
  format: 'ldp' | 'jwt'
  /** The proof, and what each credential is signed with (no `status`: the batch gives entries itself). */
  signing: SigningChoices
  choices: CredentialChoices
  outDir: string
  files: { credential: string; badge?: string }
  journal: BatchJournal
}

/** The option names of {@link issueBatch}. */
const BATCH_OPTION_NAMES: readonly string[] = [
  'roster',
  'template',
  'keyPair',
  'signer',
  'outDir',
  'image',
  'ignoreColumns',
  'now',
  'onProgress',
  'signal',
  'workers',
  ...ISSUING_OPTION_NAMES,
]

/**
 * The batch's issuing options, checked as `issue()` checks them: the proof every row is signed with, and what each
 * credential is given (`created` only when the caller gave one). `status` is checked too; the batch allocates its
 * entries itself, with each row's reservation.
 */
function batchSigning(options: IssueBatchOptions): { signing: SigningChoices; choices: CredentialChoices } {
  const where = 'issueBatch(options)'
  const choice = checkProofChoice(options, where)
  // Before anything is written: a key that cannot make the proof would fail every row, after its status entry.
  assertCanSign(
    {
      ...(options.keyPair === undefined ? {} : { keyPair: options.keyPair }),
      ...(options.signer === undefined ? {} : { signer: options.signer }),
    },
    choice,
    where,
  )
  const { created, maxBytes, profile, documentLoader } = checkCredentialOptions(options, where)
  const signing = signingChoices(choice, options.keyIn !== undefined)
  return {
    signing,
    choices: {
      ...(options.created === undefined || choice.proof === 'vc-jwt' ? {} : { created }),
      ...(options.maxBytes === undefined ? {} : { maxBytes }),
      ...(profile === undefined ? {} : { profile }),
      ...(documentLoader === undefined ? {} : { documentLoader }),
    },
  }
}

/** Builds, reserves, signs, bakes and writes one row; returns its reservation. Throws MicrocredError for a bad row. */
async function issueRow(job: RowJob): Promise<ReserveEntry> {
  const { reservation, unsigned } = await prepareRow(job, true)
  const { options, signing, choices } = job
  const key =
    options.keyPair !== undefined
      ? { keyPair: options.keyPair }
      : options.signer !== undefined
        ? { signer: options.signer }
        : undefined
  if (key === undefined) throw new TypeError('issueBatch(options): pass a keyPair or a signer')
  const signed: object | string = await issue(unsigned, { ...key, ...signing, ...choices })
  await writeRow(job, signed)
  return reservation
}

/**
 * Builds a row's credential and reserves it in the journal (a new reservation takes a status index); returns the
 * reservation and the credential to sign. With `durable` false the caller fsyncs the journal before signing.
 */
async function prepareRow(
  { row, reserved, start, options, journal }: RowJob,
  durable: boolean,
): Promise<{ reservation: ReserveEntry; unsigned: MicroCredential }> {
  const credentialId = reserved?.credentialId ?? `urn:uuid:${randomUUID()}`
  const salt = reserved?.salt ?? randomBytes(16).toString('hex')
  // Built before anything is reserved, so a bad row takes no status index.
  const credential = createMicroCredential(inputFor(row, options.template, { credentialId, salt, start }))

  let reservation = reserved
  if (reservation === undefined) {
    const statusListIndex = options.status === undefined ? undefined : (await allocateStatus(options.status)).index
    reservation = {
      type: 'reserve',
      line: row.line,
      credentialId,
      salt,
      ...(statusListIndex === undefined ? {} : { statusListIndex }),
    }
    await journal.append(reservation, durable)
  }
  const unsigned =
    options.status !== undefined && reservation.statusListIndex !== undefined
      ? withStatusEntry(credential, statusEntry(options.status, reservation.statusListIndex))
      : credential
  return { reservation, unsigned }
}

/** Bakes and writes a row's signed credential, then journals the row done. */
async function writeRow({ row, options, outDir, files, journal }: RowJob, signed: object | string): Promise<void> {
  // Baked before anything is written, so a row either gets both files or neither. Atomic (never a torn file) but
  // not fsynced: the journal, not these files, is what must survive a crash.
  const baked =
    options.image === undefined
      ? undefined
      : options.image.type === 'png'
        ? bakePng(options.image.bytes, signed)
        : svgBytesLike(options.image.bytes, bakeSvg(options.image.bytes, signed))
  const text = typeof signed === 'string' ? signed : `${JSON.stringify(signed, null, 2)}\n`
  await writeFileAtomic(join(outDir, files.credential), text, { sync: false })
  if (baked !== undefined && files.badge !== undefined)
    await writeFileAtomic(join(outDir, files.badge), baked, { sync: false })
  await journal.append(
    {
      type: 'done',
      line: row.line,
      credential: files.credential,
      ...(files.badge === undefined ? {} : { badge: files.badge }),
    },
    false,
  )
}

/**
 * Checks what every row shares before anything is issued: the template builds (with a stand-in learner) and names
 * the key's controller as its issuer. Either failing would otherwise fail every row, one by one.
 */
function checkTemplate(template: BatchTemplate, signerId: string): void {
  if ('learner' in template)
    throw new MicrocredError('ERR_INVALID_INPUT', 'the template must not name a learner: each roster row does', {
      path: 'learner',
    })
  const { grade: _grade, ...assessment } = isJsonObject(template.assessment)
    ? template.assessment
    : ({} as BatchTemplate['assessment'])
  createMicroCredential({
    ...template,
    assessment,
    issued: template.issued ?? new Date(),
    learner: { name: 'Template check' },
  })
  const controller = withoutFragment(signerId)
  const issuer = template.issuer.id
  if (issuer !== controller) {
    throw new MicrocredError(
      'ERR_ISSUER_KEY_MISMATCH',
      `the template's issuer is ${issuer}, but the key ${signerId} is controlled by ${controller}: sign with a key of the issuer, or set issuer.id to ${controller}`,
      { path: 'issuer.id' },
    )
  }
}

/** Refuses an image every bake would fail on (damaged, or not the type it claims); an image with a credential baked in is fine (baking replaces it). */
function checkImage(image: BatchImage): void {
  const actual = imageFormat(image.bytes)
  if (actual !== image.type)
    throw new MicrocredError(
      'ERR_IMAGE_INVALID',
      `the badge image is ${actual === undefined ? 'neither a PNG nor an SVG' : `an ${actual.toUpperCase()}`}, not the ${image.type.toUpperCase()} it was given as`,
    )
  try {
    extractBaked(image.bytes)
  } catch (error) {
    if (isMicrocredError(error) && error.code === 'ERR_NOT_BAKED') return
    throw error
  }
}

/**
 * Removes what writes of a killed run left half done: writeFileAtomic's `<file>.<pid>.<random>.tmp` next to a
 * credential, a badge or the manifest. The folder lock means no live run is writing them.
 */
async function removeTemporaries(outDir: string): Promise<void> {
  const folders: [string, RegExp][] = [
    [outDir, /^manifest\.json\.\d+\.[a-z0-9]*\.tmp$/],
    [join(outDir, BATCH_FILES.credentials), /^\d{4,}-[a-z0-9-]+\.(json|jwt)\.\d+\.[a-z0-9]*\.tmp$/],
    [join(outDir, BATCH_FILES.badges), /^\d{4,}-[a-z0-9-]+\.(png|svg)\.\d+\.[a-z0-9]*\.tmp$/],
  ]
  for (const [folder, temporary] of folders) {
    const names = await readdir(folder).catch(() => [] as string[])
    await Promise.all(
      names.filter((name) => temporary.test(name)).map((name) => rm(join(folder, name), { force: true })),
    )
  }
}

/** A folder with credentials but no journal: a new journal would issue those learners again. */
async function refuseOrphanedOutput(outDir: string): Promise<void> {
  const issued = await readdir(join(outDir, BATCH_FILES.credentials)).catch(() => [])
  const manifest = await stat(join(outDir, BATCH_FILES.manifest)).then(
    () => true,
    () => false,
  )
  if (issued.length > 0 || manifest) {
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      `${outDir} holds credentials of a batch whose journal (${BATCH_FILES.journal}) is missing; restore the journal to resume it, or use a new folder for a new batch`,
    )
  }
}

/** For each row naming a learner an earlier row already names (same e-mail, id, student or national id): that earlier line. */
function duplicateLearners(rows: readonly RosterRow[]): Map<number, { line: number; field: string }> {
  const seen = new Map<string, number>()
  const duplicates = new Map<number, { line: number; field: string }>()
  for (const row of rows) {
    const keys: string[] = []
    let earlier: { line: number; field: string } | undefined
    for (const field of ['email', 'id', 'studentId', 'nationalId'] as const) {
      const value = row.learner[field]
      if (value === undefined) continue
      const key = `${field}:${field === 'email' ? value.toLowerCase() : value}`
      const line = seen.get(key)
      if (line !== undefined) earlier ??= { line, field }
      keys.push(key)
    }
    if (earlier !== undefined) {
      duplicates.set(row.line, earlier)
      continue
    }
    for (const key of keys) seen.set(key, row.line)
  }
  return duplicates
}

function inputFor(
  row: RosterRow,
  template: BatchTemplate,
  fixed: { credentialId: string; salt: string; start: StartEntry },
): MicroCredentialInput {
  const { assessment, ...shared } = template
  const { grade: templateGrade, ...assessmentRest } = assessment
  const value = row.grade ?? templateGrade?.value
  // A graded course: every credential's achievement must carry the same scheme, so a row without a grade is an error.
  if (value === undefined && templateGrade?.scheme !== undefined) {
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      'the row has no grade, but the template gives a grading scheme (assessment.grade.scheme)',
      { path: 'grade' },
    )
  }
  const grade =
    value === undefined
      ? undefined
      : { value, ...(templateGrade?.scheme === undefined ? {} : { scheme: templateGrade.scheme }) }
  return {
    ...shared,
    id: fixed.credentialId,
    achievementId: fixed.start.achievementId,
    issued: fixed.start.issued,
    ...(row.awarded === undefined ? {} : { awarded: row.awarded }),
    learner: { ...row.learner, salt: fixed.salt },
    assessment: { ...assessmentRest, ...(grade === undefined ? {} : { grade }) },
  }
}
