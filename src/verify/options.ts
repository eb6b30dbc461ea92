import type { CheckId } from '../errors.js'
import type { DocumentLoader } from '../context/loader.js'
import type { KeyResolver } from '../keys/resolve.js'

/** Options of `verify()`. All optional; the defaults verify offline. */
export interface VerifyOptions {
  /**
   * Loader for contexts not bundled (listed in `allowedContexts`) and their documents; default: bundled only.
   * Nothing is ever fetched unless this (or `fetch`) says so.
   */
  documentLoader?: DocumentLoader
  /** Context URLs accepted besides the bundled ones (they must be loadable through `documentLoader`). */
  allowedContexts?: string[]
  /** Resolves proof verification methods; default: `did:key` offline. */
  resolver?: KeyResolver
  /** The time to check validity against; default now. */
  now?: Date
  /** Tolerated clock difference in seconds for `validFrom` / `validUntil`; default 0. */
  clockSkewSeconds?: number
  /** Size cap of the input in bytes; default 1 MiB. */
  maxBytes?: number
  /** Maximum nesting depth of the JSON; default 64. */
  maxDepth?: number
  /** Turn checks off (`{ status: false }`); a disabled check is reported as skipped. `syntax` always runs. */
  checks?: Partial<Record<CheckId, boolean>>
}
