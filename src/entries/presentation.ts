/**
 * `microcred/presentation`: Verifiable Presentations. A holder wraps credentials in a presentation bound to a
 * verifier's challenge and domain; the verifier checks the holder's proof and every credential in it.
 *
 * @example
 * ```ts
 * import { createPresentation, signPresentation, verifyPresentation } from 'microcred/presentation'
 *
 * const presentation = createPresentation({ credentials: [signed], holder: learnerKey.controller })
 * const vp = await signPresentation(presentation, { keyPair: learnerKey, challenge, domain: 'https://employer.example' })
 * const report = await verifyPresentation(vp, { challenge, domain: 'https://employer.example' })
 * ```
 *
 * @packageDocumentation
 * @module microcred/presentation
 */
export {
  createPresentation,
  signPresentation,
  verifyPresentation,
  type CreatePresentationOptions,
  type PresentationCheckResult,
  type PresentationReport,
  type SignPresentationOptions,
  type VerifiablePresentation,
  type VerifyPresentationOptions,
} from '../presentation/presentation.js'
