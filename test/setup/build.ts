/**
 * Vitest global setup: build dist/ once, before any test file runs, when the sources are newer. Tests of the
 * packed tarball and of the CLI binary use it; building here rather than in each file keeps two test workers
 * from running tsup into the same folder at once.
 */
import { ensureBuilt } from '../helpers/build.js'

export default function setup(): void {
  ensureBuilt()
}
