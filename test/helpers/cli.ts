/** Runs the built `microcred` binary (dist/cli.js, built by test/setup/build.ts) as a user would. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { ROOT } from './files.js'

export const CLI = join(ROOT, 'dist', 'cli.js')

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
  /** stdout as bytes, for binary output. */
  bytes: Buffer
}

/** Runs `microcred <args>` to completion in `cwd`, optionally with stdin. */
export function runCli(
  args: string[],
  options: { cwd: string; input?: string | Uint8Array; env?: NodeJS.ProcessEnv },
): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  })
  return {
    code: result.status,
    stdout: result.stdout.toString('utf8'),
    stderr: result.stderr.toString('utf8'),
    bytes: result.stdout,
  }
}

/** Starts `microcred <args>` and returns the child, for tests that kill it. */
export function startCli(args: string[], options: { cwd: string }): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  })
}
