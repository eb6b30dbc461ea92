/**
 * The differential check of the fast RDF path: for one document, the fast conversion either declines or gives
 * exactly the canonical N-Quads of the reference path, which is what the Digital Bazaar eddsa-rdfc-2022
 * cryptosuite does: jsonld.js `toRDF` in safe mode (base null, rdfDirection i18n-datatype) then rdf-canonize
 * RDFC-1.0.
 */
import jsonld from 'jsonld'
import * as rdfCanonize from 'rdf-canonize'
import * as vc from '@digitalbazaar/vc'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import type { LibraryKeyPair } from '@digitalbazaar/ed25519-multikey'
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020'
import {
  createMicroCredential,
  exportKeyPair,
  generateKeyPair,
  issue,
  type DocumentLoader,
  type KeyPair,
  type ProofFormat,
} from '../../src/index.js'
import { jsonLdSafeModeIssues } from '../../src/rdf/safe-mode.js'
import { fastToRdf } from '../../src/rdf/to-rdf.js'
import { mutate, randomInput, seededRandom } from './random-credentials.js'

/**
 * What the reference path says of a document: canonical N-Quads, or the error raised, by jsonld.js (`toRDF`: safe
 * mode rejects the document) or by rdf-canonize (`canonize`: its work limit, which depends on the dataset only).
 */
export async function referenceCanonical(
  document: object,
  documentLoader: DocumentLoader,
): Promise<
  { nquads: string } | { error: string; stage: 'toRDF' } | { error: string; stage: 'canonize'; dataset: object[] }
> {
  let dataset: object[]
  try {
    const options = {
      base: null,
      safe: true,
      rdfDirection: 'i18n-datatype',
      produceGeneralizedRdf: false,
      documentLoader,
    } as unknown as jsonld.Options.ToRdf
    dataset = (await jsonld.toRDF(document, options)) as unknown as object[]
  } catch (error) {
    return { error: messageOf(error), stage: 'toRDF' }
  }
  try {
    return { nquads: await canonicalNQuads(dataset) }
  } catch (error) {
    return { error: messageOf(error), stage: 'canonize', dataset }
  }
}

function canonicalNQuads(dataset: object[], maxWorkFactor = 1): Promise<string> {
  return rdfCanonize.canonize(dataset, { algorithm: 'RDFC-1.0', format: 'application/n-quads', maxWorkFactor })
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** The outcome for one document. `mismatch` is set when the fast path answered and was wrong. */
export interface DifferentialOutcome {
  path: 'fast' | 'general'
  /** Why the fast path declined. */
  reason?: string
  /** True when jsonld.js in safe mode rejects the document. */
  referenceRejects: boolean
  /** Set when the fast path accepted something the reference rejects, or produced other N-Quads. */
  mismatch?: string
}

/** Runs both paths on `document` and compares them. */
export async function compareWithReference(
  document: object,
  documentLoader: DocumentLoader,
): Promise<DifferentialOutcome> {
  const [fast, reference] = await Promise.all([
    fastToRdf(document, documentLoader),
    referenceCanonical(document, documentLoader),
  ])
  const referenceRejects = 'error' in reference && reference.stage === 'toRDF'
  if (!('quads' in fast)) return { path: 'general', reason: fast.unsupported, referenceRejects }
  if ('error' in reference && reference.stage === 'toRDF')
    return {
      path: 'fast',
      referenceRejects,
      mismatch: `the fast path accepted a document jsonld.js safe mode rejects: ${reference.error}`,
    }
  let nquads: string
  try {
    nquads = await canonicalNQuads(fast.quads)
  } catch (error) {
    // The same dataset reaches the same rdf-canonize limit (e.g. "Maximum deep iterations exceeded") on both paths;
    // with a higher work factor (the datasets that get there are small) the two must still canonicalize the same.
    // (jsonld.js rejecting at toRDF returned above: a reference with a stage failed at canonicalization.)
    if ('stage' in reference && reference.error === messageOf(error)) {
      const [ours, theirs] = await Promise.all([canonicalNQuads(fast.quads, 4), canonicalNQuads(reference.dataset, 4)])
      return ours === theirs
        ? { path: 'fast', referenceRejects }
        : { path: 'fast', referenceRejects, mismatch: firstDifference(ours, theirs) }
    }
    return {
      path: 'fast',
      referenceRejects,
      mismatch: `rdf-canonize failed on the fast path's dataset (${messageOf(error)}) but ${'error' in reference ? `with "${reference.error}"` : 'not'} on jsonld.js's`,
    }
  }
  if ('error' in reference)
    return {
      path: 'fast',
      referenceRejects,
      mismatch: `rdf-canonize failed on jsonld.js's dataset (${reference.error}) but not on the fast path's`,
    }
  if (nquads !== reference.nquads)
    return { path: 'fast', referenceRejects, mismatch: firstDifference(nquads, reference.nquads) }
  return { path: 'fast', referenceRejects }
}

function firstDifference(fast: string, reference: string): string {
  const a = fast.split('\n')
  const b = reference.split('\n')
  const onlyFast = a.filter((line) => !b.includes(line)).slice(0, 3)
  const onlyReference = b.filter((line) => !a.includes(line)).slice(0, 3)
  return `canonical N-Quads differ (${a.length} vs ${b.length} lines); only fast: ${JSON.stringify(onlyFast)}; only reference: ${JSON.stringify(onlyReference)}`
}

/** The documents worth comparing inside a credential: itself, itself without proofs, and each proof's configuration. */
export function documentsOf(credential: Record<string, unknown>): { label: string; document: object }[] {
  const out: { label: string; document: object }[] = [{ label: 'as given', document: credential }]
  const { proof, ...unsecured } = credential
  if (proof !== undefined) {
    out.push({ label: 'without proof', document: unsecured })
    const proofs = Array.isArray(proof) ? proof : [proof]
    proofs.forEach((item, index) => {
      if (item === null || typeof item !== 'object') return
      const { proofValue: _value, jws: _jws, ...options } = item as Record<string, unknown>
      out.push({ label: `proof ${index} configuration`, document: { '@context': credential['@context'], ...options } })
    })
  }
  return out
}

/** Tallies of a differential run. */
export interface DifferentialTally {
  documents: number
  fast: number
  general: number
  proofs: number
  /** Every problem found, each naming its seed or file so it can be replayed. */
  problems: string[]
  /** Why the fast path declined, with counts. */
  reasons: Map<string, number>
}

export function emptyTally(): DifferentialTally {
  return { documents: 0, fast: 0, general: 0, proofs: 0, problems: [], reasons: new Map() }
}

/**
 * Compares one document on both paths and records the result; also checks that microcred's safe-mode check
 * reports a problem exactly when jsonld.js safe mode rejects the document (proofs aside).
 */
export async function tallyDocument(
  tally: DifferentialTally,
  label: string,
  document: object,
  documentLoader: DocumentLoader,
  options: { expectFast?: boolean } = {},
): Promise<void> {
  const outcome = await compareWithReference(document, documentLoader)
  tally.documents++
  if (outcome.path === 'fast') tally.fast++
  else {
    tally.general++
    const reason = outcome.reason!.replace(/"[^"]*"/g, '"…"')
    tally.reasons.set(reason, (tally.reasons.get(reason) ?? 0) + 1)
    if (options.expectFast === true) tally.problems.push(`${label}: the fast path declined (${outcome.reason})`)
  }
  if (outcome.mismatch !== undefined) tally.problems.push(`${label}: ${outcome.mismatch}`)
  if (!('proof' in document)) {
    const issues = await jsonLdSafeModeIssues(document, { documentLoader })
    // Stricter on purpose: jsonld.js drops "" where an IRI is expected without the warning safe mode fails on (so it
    // would go unsigned); microcred refuses it. Accepted here only when the value at the issue's path is "".
    const stricterOnPurpose =
      !outcome.referenceRejects &&
      issues.length > 0 &&
      issues.every(
        (issue) =>
          issue.code === 'ERR_JSONLD_RELATIVE_IRI' && issue.path !== undefined && valueAt(document, issue.path) === '',
      )
    if (issues.length > 0 !== outcome.referenceRejects && !stricterOnPurpose) {
      tally.problems.push(
        `${label}: safe-mode check says ${issues.length} issue(s) (${issues.map((i) => i.code).join(', ')}) but jsonld.js safe mode ${outcome.referenceRejects ? 'rejects' : 'accepts'} it`,
      )
    }
  }
}

/** The value at a report path such as `credentialSubject.achievement.type[1]` (member names without dots). */
function valueAt(document: unknown, path: string): unknown {
  let node = document
  for (const [, name, index] of path.matchAll(/\.?([^.[\]]+)|\[(\d+)\]/g)) {
    if (node === null || typeof node !== 'object') return undefined
    node = index !== undefined ? (node as unknown[])[Number(index)] : (node as Record<string, unknown>)[name!]
  }
  return node
}

/** `credential` signed by the Digital Bazaar stack (same key, same created); `created` is written as given. */
export async function theirSigned(
  credential: object,
  format: ProofFormat,
  theirKey: LibraryKeyPair,
  created: string,
  documentLoader: DocumentLoader,
): Promise<Record<string, unknown> & { proof: Record<string, unknown> | Record<string, unknown>[] }> {
  const suite =
    format === 'eddsa-rdfc-2022'
      ? new DataIntegrityProof({ signer: theirKey.signer(), date: created, cryptosuite })
      : new Ed25519Signature2020({ signer: theirKey.signer(), date: created })
  return (await vc.issue({ credential: structuredClone(credential), suite, documentLoader })) as Record<
    string,
    unknown
  > & { proof: Record<string, unknown> | Record<string, unknown>[] }
}

/** The Digital Bazaar stack's proofValue of `credential` (same key, same created). */
async function theirProofValue(
  credential: object,
  format: ProofFormat,
  theirKey: LibraryKeyPair,
  created: string,
  documentLoader: DocumentLoader,
): Promise<string | undefined> {
  const signed = await theirSigned(credential, format, theirKey, created, documentLoader)
  const proof = Array.isArray(signed.proof) ? signed.proof[0] : signed.proof
  return proof?.['proofValue'] as string | undefined
}

/** A signing key for {@link tallySeed}, in microcred's and the Digital Bazaar stack's forms. */
export interface DifferentialKey {
  keyPair: KeyPair
  theirKey: LibraryKeyPair
}

export async function differentialKey(): Promise<DifferentialKey> {
  const keyPair = await generateKeyPair()
  return { keyPair, theirKey: await Ed25519Multikey.from({ ...exportKeyPair(keyPair, { secret: true }) }) }
}

/**
 * One generated case: a random EU micro-credential (must take the fast path and match), its issue() proof against
 * the Digital Bazaar stack's (eddsa-rdfc-2022; Ed25519Signature2020 every `ed25519Every`th seed), the signed
 * credential's documents, and three mutated copies (may take either path, must never mismatch).
 */
export async function tallySeed(
  tally: DifferentialTally,
  seed: number,
  key: DifferentialKey,
  documentLoader: DocumentLoader,
  ed25519Every = 10,
): Promise<void> {
  const random = seededRandom(seed)
  const input = randomInput(random)
  const credential = createMicroCredential({ ...input, issuer: { ...input.issuer, id: key.keyPair.controller } })
  const label = `seed ${seed}`
  await tallyDocument(tally, `${label} (credential)`, credential, documentLoader, { expectFast: true })
  const created = '2025-09-01T00:00:00Z'
  const formats: ProofFormat[] =
    seed % ed25519Every === 0 ? ['eddsa-rdfc-2022', 'Ed25519Signature2020'] : ['eddsa-rdfc-2022']
  for (const format of formats) {
    const ours = await issue(credential, { keyPair: key.keyPair, created, proof: format })
    const unsigned = format === 'Ed25519Signature2020' ? { ...credential, '@context': ours['@context'] } : credential
    const theirs = await theirProofValue(unsigned, format, key.theirKey, created, documentLoader)
    tally.proofs++
    if (ours.proof[0]?.proofValue !== theirs)
      tally.problems.push(`${label}: ${format} proofValue differs from the Digital Bazaar stack's`)
    for (const { label: part, document } of documentsOf(ours as unknown as Record<string, unknown>).slice(1)) {
      await tallyDocument(tally, `${label} (${format} ${part})`, document, documentLoader, { expectFast: true })
    }
  }
  for (let copy = 0; copy < 3; copy++) {
    const { document, mutations } = mutate(credential, random)
    await tallyDocument(tally, `${label} (mutated: ${mutations.join(', ')})`, document, documentLoader)
  }
}
