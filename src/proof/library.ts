/**
 * The proof libraries microcred builds on, each loaded the first time a proof needs it: they load jsonld.js and its
 * HTTP client, which a verification on the common path (data-integrity/eddsa-rdfc-2022-direct.ts) never uses, so
 * importing microcred and verifying an `eddsa-rdfc-2022` credential does not pay for them.
 */
import { lazy } from '../util/memo.js'

/** jsonld-signatures (proof sets and purposes). */
export const jsonldSignatures = lazy(async () => (await import('jsonld-signatures')).default)

/** `@digitalbazaar/data-integrity`'s `DataIntegrityProof`. */
export const dataIntegrityProof = lazy(async () => (await import('@digitalbazaar/data-integrity')).DataIntegrityProof)

/** The `eddsa-rdfc-2022` cryptosuite and the Ed25519 Multikey library its verifier reads keys with. */
export const eddsaLibraries = lazy(async () => {
  const [{ cryptosuite }, Ed25519Multikey] = await Promise.all([
    import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
    import('@digitalbazaar/ed25519-multikey'),
  ])
  return { cryptosuite, Ed25519Multikey }
})
