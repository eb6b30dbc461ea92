/**
 * `npm run bench -- --validate [--count 1000] [--sample 10]`: `microcred validate` on a folder of `count` signed EU
 * micro-credentials, in one process, against one process per file as CI scripts ran it before (`for f in creds/*.json;
 * do microcred validate "$f"; done`), timed on `sample` files and scaled to the folder. Runs the built command
 * (`npm run build` first), as users do; wall-clock times, the process start included.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateKeyPair, issue } from '../../src/index.js'
import { sampleCredential } from '../sample-credential.js'

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))

/** Runs the built command; its wall-clock time in milliseconds, and its exit code. */
function timed(args: string[]): { ms: number; code: number | null; stdout: string } {
  const started = performance.now()
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  return { ms: performance.now() - started, code: result.status, stdout: result.stdout }
}

export async function runValidate(options: { count: number; sample: number; asJson: boolean }): Promise<number> {
  if (!existsSync(CLI)) {
    console.error('npm run bench -- --validate runs the built command: npm run build first')
    return 2
  }
  for (const [name, value] of Object.entries({ count: options.count, sample: options.sample })) {
    if (!Number.isInteger(value) || value < 1) {
      console.error(`--${name} must be a whole number of at least 1`)
      return 2
    }
  }
  const folder = mkdtempSync(join(tmpdir(), 'microcred-bench-validate-'))
  try {
    const keyPair = await generateKeyPair()
    const files: string[] = []
    for (let i = 0; i < options.count; i++) {
      const credential = sampleCredential(
        { id: keyPair.controller, name: 'Benchmark University' },
        {
          id: `urn:uuid:2f0b6c3e-9a51-4c7e-8d2a-${String(i).padStart(12, '0')}`,
          learner: { id: `did:example:learner-${i}` },
        },
      )
      const file = join(folder, `${String(i).padStart(6, '0')}.json`)
      writeFileSync(
        file,
        JSON.stringify(await issue(credential, { keyPair, created: '2025-09-01T00:00:00Z' }), null, 2),
      )
      files.push(file)
    }
    const folderRun = timed(['validate', folder, '--format', 'json'])
    const report = JSON.parse(folderRun.stdout) as { summary: { files: number; valid: number } }
    if (folderRun.code !== 0 || report.summary.valid !== options.count)
      throw new Error(
        `validate ${folder} exited with ${folderRun.code}: ${report.summary.valid} of ${options.count} valid`,
      )
    const sample = files.slice(0, Math.min(options.sample, files.length))
    let perFileMs = 0
    for (const file of sample) {
      const run = timed(['validate', file])
      if (run.code !== 0) throw new Error(`validate ${file} exited with ${run.code}`)
      perFileMs += run.ms
    }
    perFileMs /= sample.length
    const result = {
      count: options.count,
      oneProcessSeconds: Math.round(folderRun.ms) / 1000,
      filesPerSecond: Math.round(options.count / (folderRun.ms / 1000)),
      processPerFileMs: Math.round(perFileMs),
      processPerFileSeconds: Math.round((perFileMs * options.count) / 100) / 10,
      speedup: Math.round((perFileMs * options.count) / folderRun.ms),
    }
    const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`
    if (options.asJson) console.log(JSON.stringify({ machine, ...result }))
    else {
      console.log(`microcred validate, ${options.count} signed EU micro-credentials (${machine})`)
      console.log(
        `  one process, the folder:  ${result.oneProcessSeconds} s (${result.filesPerSecond} files/s, the process start included)`,
      )
      console.log(
        `  one process per file:     ${result.processPerFileMs} ms a file (mean of ${sample.length} runs), ${result.processPerFileSeconds} s for ${options.count} (${result.speedup}x)`,
      )
    }
    return 0
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}
