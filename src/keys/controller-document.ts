/**
 * Controller documents (W3C Controlled Identifiers; DID documents are one kind): who lists which keys, for
 * which purpose. Normalised so the binding rules can ask "does the issuer's own document list this key under
 * `assertionMethod`?".
 */
import { MicrocredError } from '../errors.js'
import { isJsonObject } from '../util/json.js'
import { absoluteId, normalizeVerificationMethod, type VerificationMethod } from './verification-method.js'

/** A controller document, normalised: absolute ids, embedded methods moved into `verificationMethod`. */
export interface ControllerDocument {
  id: string
  verificationMethod: VerificationMethod[]
  assertionMethod: string[]
  authentication: string[]
}

const RELATIONSHIPS = ['assertionMethod', 'authentication'] as const

/**
 * Normalises a fetched or resolved document. Its `id` must be `expectedId` (a document served at one URL
 * cannot speak for another identifier).
 *
 * @throws MicrocredError `ERR_KEY_UNRESOLVED` when it is not a controller document for `expectedId`;
 *   `ERR_KEY_INVALID` when one of its keys is malformed.
 */
export async function normalizeControllerDocument(raw: unknown, expectedId: string): Promise<ControllerDocument> {
  if (!isJsonObject(raw))
    throw new MicrocredError('ERR_KEY_UNRESOLVED', `the document of ${expectedId} is not a JSON object`)
  if (raw['id'] !== expectedId) {
    throw new MicrocredError(
      'ERR_KEY_UNRESOLVED',
      `the document fetched for ${expectedId} has the id ${JSON.stringify(raw['id'])}; a document can only speak for its own id`,
    )
  }
  const methods = new Map<string, VerificationMethod>()
  const add = async (entry: unknown): Promise<string | undefined> => {
    if (typeof entry === 'string') return absoluteId(entry, expectedId)
    const method = await normalizeVerificationMethod(entry, expectedId)
    if (method === undefined)
      return isJsonObject(entry) && typeof entry['id'] === 'string' ? absoluteId(entry['id'], expectedId) : undefined
    methods.set(method.id, method)
    return method.id
  }
  for (const entry of Array.isArray(raw['verificationMethod']) ? raw['verificationMethod'] : []) await add(entry)
  const relationships: Record<(typeof RELATIONSHIPS)[number], string[]> = { assertionMethod: [], authentication: [] }
  for (const relationship of RELATIONSHIPS) {
    const entries = raw[relationship]
    for (const entry of Array.isArray(entries) ? entries : entries === undefined ? [] : [entries]) {
      const id = await add(entry)
      if (id !== undefined) relationships[relationship].push(id)
    }
  }
  return { id: expectedId, verificationMethod: [...methods.values()], ...relationships }
}

/** The verification method `id` of `document`, if it lists it with key material. */
export function methodIn(document: ControllerDocument, id: string): VerificationMethod | undefined {
  return document.verificationMethod.find((method) => method.id === id)
}
