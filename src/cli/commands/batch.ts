/** `microcred batch`: a class roster and a course template in, a folder of signed credentials and badges out. */
import { readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { SingleBar } from 'cli-progress'
import type { Command } from 'commander'
import { imageFormat } from '../../bake/image.js'
import { BATCH_FILES, issueBatch, type BatchImage, type BatchProgress, type BatchTemplate } from '../../batch/batch.js'
import { cliAdvice } from '../advice.js'
import { EXIT, loadKey, packageAsset, readInput, readJsonObject, readText, UsageError } from '../io.js'
import { proofOptions, withProofFlags, type ProofFlags } from '../proof-flags.js'
import { openStoreList } from './status.js'

interface BatchCommandOptions extends ProofFlags {
  roster: string
  template: string
  key: string
  out: string
  image: string | false | undefined
  statusStore?: string
  statusList?: string
  ignoreColumns?: string
  workers?: string
}

async function badgeImage(option: string | false | undefined): Promise<BatchImage | undefined> {
  if (option === false) return undefined
  const file = option ?? packageAsset('badge.png')
  const bytes = option === undefined ? await readFile(file) : await readInput(file)
  const type = imageFormat(bytes)
  if (type === undefined) throw new UsageError(`${file}: not a PNG or SVG image`)
  return { type, bytes }
}

/** Progress on a terminal: a bar on stderr. Elsewhere (CI logs, pipes): one plain line per row. */
function progressReporter(): { onProgress: (p: BatchProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) {
    return {
      onProgress: (p) => process.stderr.write(`line ${p.line}: ${p.outcome} (${p.handled}/${p.total})\n`),
      stop: () => undefined,
    }
  }
  const bar = new SingleBar({
    format: 'issuing [{bar}] {value}/{total} rows | {failed} failed | eta {eta_formatted}',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
  })
  let failed = 0
  let started = false
  return {
    onProgress: (p) => {
      if (!started) {
        bar.start(p.total, 0, { failed })
        started = true
      }
      if (p.outcome === 'failed') failed++
      bar.update(p.handled, { failed })
    },
    stop: () => {
      if (started) bar.stop()
    },
  }
}

export function registerBatch(program: Command): void {
  const command = program
    .command('batch')
    .description('issue one credential and one baked badge per learner of a roster (CSV); resumable')
    .requiredOption(
      '--roster <csv>',
      'CSV with a header row: name, email, id, studentId, nationalId, grade, awarded (one learner a row)',
    )
    .requiredOption('--template <json>', "the builder's input without the learner (the course)")
    .requiredOption('-k, --key <file>', 'secret key file of the issuer')
    .requiredOption(
      '-o, --out <dir>',
      'output folder: credentials/, badges/, manifest.json (run again on it to resume)',
    )
    .option('--image <file>', 'PNG or SVG to bake each credential into (default: a plain microcred badge)')
    .option('--no-image', 'write no badges')
  withProofFlags(command)
    .option('--status-store <dir>', 'status list folder: give every credential an entry (so it can be revoked)')
    .option('--status-list <url>', 'the list in --status-store to use')
    .option(
      '--ignore-columns <names>',
      'comma-separated roster columns to leave out (unknown columns are an error otherwise)',
    )
    .option(
      '--workers <n>',
      `threads to sign on (default: the number of cores, here ${availableParallelism()}); 1 signs on the main thread only`,
    )
    .addHelpText(
      'after',
      [
        '',
        'A bad row is reported with its line number and skipped; the others are issued. Exit 0 when every row',
        'has a credential, 1 when some rows failed (see manifest.json), 2 for unusable input, 130 when interrupted.',
        'A row without a name is issued, with a warning on stderr and in manifest.json (warnings).',
        'Ctrl-C finishes the rows in progress, starts no new one, writes manifest.json (the rows left are its',
        '"pending") and exits 130; Ctrl-C again stops at once, without the manifest. An interrupted run (Ctrl-C,',
        'killed, power loss) resumes when run again with the same arguments: rows already issued are kept and no',
        'row ever gets a second credential.',
        'A roster with 128 rows or more left to issue is signed on --workers threads, 128 rows at a time; the',
        'credentials are the same with --workers 1.',
        '',
        'Example:',
        '  microcred batch --roster class.csv --template course.json --key issuer-key.json --out out/spring',
        '  microcred batch --roster class.csv --template course.json --key issuer-key.json --out out/jwt --proof vc-jwt',
      ].join('\n'),
    )
    .action(async (options: BatchCommandOptions) => {
      // Listened to before anything is read, so that Ctrl-C at any point stops the run as a run (the manifest says
      // what is left, exit 130) rather than by the signal's default action, which leaves no manifest.
      const interrupt = new AbortController()
      let progress: ReturnType<typeof progressReporter> | undefined
      /** Set once issueBatch() has written the manifest: a second Ctrl-C after that leaves nothing undone. */
      let manifestWritten = false
      const onSignal = (): void => {
        if (!interrupt.signal.aborted) {
          interrupt.abort()
          process.stderr.write(
            'microcred: stopping: the rows in progress are finished, no new row is started (Ctrl-C again to stop at once)\n',
          )
          return
        }
        // What a kill would leave, and the journal is made for that: every entry a whole line, each row reserved
        // (fsynced) before it is signed, each file written aside and renamed. Only the manifest is missing.
        progress?.stop()
        process.stderr.write(
          manifestWritten
            ? `microcred: stopped at once, after ${BATCH_FILES.manifest} was written\n`
            : `microcred: stopped at once: ${BATCH_FILES.manifest} was not written; run the same command again to resume (no row is issued twice)\n`,
        )
        process.exit(EXIT.interrupted)
      }
      process.on('SIGINT', onSignal)
      process.on('SIGTERM', onSignal)
      try {
        const proof = proofOptions(options)
        if ((options.statusStore === undefined) !== (options.statusList === undefined))
          throw new UsageError('--status-store and --status-list go together')
        const workers = options.workers === undefined ? undefined : Number(options.workers)
        if (
          options.workers !== undefined &&
          !(/^\d+$/.test(options.workers) && workers !== undefined && Number.isSafeInteger(workers) && workers >= 1)
        )
          throw new UsageError(`--workers must be a positive whole number, not ${JSON.stringify(options.workers)}`)
        const template = await readJsonObject(options.template, "the builder's input without the learner")
        const roster = await readText(options.roster)
        const keyPair = await loadKey(options.key)
        const image = await badgeImage(options.image)
        const status =
          options.statusStore !== undefined && options.statusList !== undefined
            ? await openStoreList(options.statusStore, options.statusList)
            : undefined
        const issuer = template['issuer']
        const completedTemplate =
          issuer !== null && typeof issuer === 'object' && !('id' in issuer)
            ? { ...template, issuer: { ...issuer, id: keyPair.controller } }
            : template

        progress = progressReporter()
        let manifest
        try {
          manifest = await issueBatch({
            roster,
            template: completedTemplate as unknown as BatchTemplate,
            keyPair,
            outDir: options.out,
            ...proof,
            ...(image === undefined ? {} : { image }),
            ...(status === undefined ? {} : { status }),
            ...(options.ignoreColumns === undefined
              ? {}
              : {
                  ignoreColumns: options.ignoreColumns
                    .split(',')
                    .map((c) => c.trim())
                    .filter((c) => c !== ''),
                }),
            ...(workers === undefined ? {} : { workers }),
            onProgress: progress.onProgress,
            signal: interrupt.signal,
          })
        } finally {
          progress.stop()
        }
        manifestWritten = true
        const { summary } = manifest
        for (const w of manifest.warnings)
          process.stderr.write(`line ${w.line}, column ${w.column}: warning: ${w.code}: ${w.message}\n`)
        const lines = [
          `${summary.issued} issued${summary.alreadyIssued > 0 ? `, ${summary.alreadyIssued} already issued by an earlier run` : ''}, ${summary.failed} failed${summary.pending > 0 ? `, ${summary.pending} not issued yet` : ''}, of ${summary.rows} rows`,
          ...manifest.problems.map(
            (p) =>
              `  line ${p.line}: ${p.code === undefined ? '' : `${p.code}${p.path === undefined ? '' : ` at ${p.path}`}: `}${cliAdvice(p.message)}`,
          ),
          `manifest: ${options.out}/${BATCH_FILES.manifest}`,
        ]
        // A signal after the manifest was written still ends the command as interrupted: it was asked to stop.
        const interrupted = summary.interrupted || interrupt.signal.aborted
        if (interrupted) {
          lines.push(
            summary.pending > 0
              ? `interrupted: ${summary.pending} ${summary.pending === 1 ? 'row is' : 'rows are'} not issued yet; run the same command again to issue the remaining rows`
              : 'interrupted as the last rows were finished: no row is left to issue',
          )
        }
        process.stdout.write(`${lines.join('\n')}\n`)
        process.exitCode = interrupted ? EXIT.interrupted : summary.failed > 0 ? EXIT.failed : EXIT.ok
      } finally {
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
        // A signal while the summary was printed: still asked to stop (an error thrown here still exits 2: main() decides).
        if (interrupt.signal.aborted) process.exitCode = EXIT.interrupted
      }
    })
}
