#!/usr/bin/env node
/**
 * Entry point of the `microcred` command (see program.ts). Node's compile cache (Node >= 22.1) keeps the compiled
 * code of the library and its dependencies between runs, so a command run again starts faster (`NODE_DISABLE_COMPILE_CACHE=1`
 * turns it off); the program is imported after it is enabled, so that it covers the program too.
 */
import module from 'node:module'

// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- absent before Node 22.1, where the command runs all the same
module.enableCompileCache?.()
const { main } = await import('./program.js')
process.exitCode = await main(process.argv.slice(2))
