/**
 * `npm run bench -- --differential [--seeds 10000] [--from 1]`: the fast RDF path against jsonld.js + rdf-canonize
 * (and issue() against the Digital Bazaar stack's proofs) on many generated EU micro-credentials and mutated copies;
 * the CI test (test/rdf/differential.test.ts) runs the same cases for a few hundred seeds. Exits 1 on any mismatch,
 * printing the seeds to replay.
 */
import { defaultDocumentLoader } from '../../src/context/loader.js'
import { differentialKey, emptyTally, tallySeed } from '../../test/helpers/differential.js'

export async function runDifferential(options: { seeds: number; from: number; asJson: boolean }): Promise<number> {
  const tally = emptyTally()
  const key = await differentialKey()
  const started = performance.now()
  const last = options.from + options.seeds - 1
  for (let seed = options.from; seed <= last; seed++) {
    await tallySeed(tally, seed, key, defaultDocumentLoader)
    if (!options.asJson && (seed - options.from + 1) % 1000 === 0) {
      console.error(
        `  ${seed - options.from + 1}/${options.seeds} seeds, ${tally.documents} documents, ${tally.problems.length} problems, ${Math.round((performance.now() - started) / 1000)} s`,
      )
    }
  }
  const reasons = [...tally.reasons.entries()].sort((a, b) => b[1] - a[1])
  const summary = {
    seeds: options.seeds,
    from: options.from,
    documents: tally.documents,
    fastPath: tally.fast,
    generalPath: tally.general,
    proofsCompared: tally.proofs,
    problems: tally.problems,
    declineReasons: Object.fromEntries(reasons),
    seconds: Math.round((performance.now() - started) / 1000),
  }
  if (options.asJson) console.log(JSON.stringify(summary))
  else {
    console.log(
      `differential: seeds ${options.from}..${last}: ${tally.documents} documents (${tally.fast} on the fast path, ${tally.general} declined to jsonld.js), ${tally.proofs} proofs compared with the Digital Bazaar stack, ${summary.seconds} s`,
    )
    console.log(
      tally.problems.length === 0
        ? 'no mismatch'
        : `${tally.problems.length} MISMATCHES:\n${tally.problems.slice(0, 50).join('\n')}`,
    )
    console.log('\nwhy the fast path declined (mutated copies mostly):')
    for (const [reason, count] of reasons.slice(0, 25)) console.log(`  ${String(count).padStart(6)}  ${reason}`)
  }
  return tally.problems.length === 0 ? 0 : 1
}
