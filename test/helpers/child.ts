/** Runs a TypeScript file of the test fixtures in a child Node process (through tsx). */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { ROOT } from './files.js'

export function spawnFixture(file: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, file), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Runs a fixture to completion and returns its standard output (rejects on a non-zero exit). */
export function runFixture(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnFixture(file, args)
    let out = ''
    let err = ''
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('exit', (code) => {
      if (code === 0) resolve(out)
      else reject(new Error(`${file} exited with ${code}: ${err}`))
    })
  })
}
