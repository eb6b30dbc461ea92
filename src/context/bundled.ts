/**
 * Every JSON-LD context microcred ships, under the URL(s) it is served as, with the SHA-256 of the file it was
 * copied from (see `files/SOURCES.md`). The documents are inlined at build time, so nothing is read from disk
 * or fetched at run time; a unit test recomputes each digest from the file so an edited copy fails CI.
 */
import euV1 from '../../contexts/microcred-eu-v1.json'
import clr200 from './files/clr-v2p0-context-2.0.0.json'
import clr201 from './files/clr-v2p0-context-2.0.1.json'
import ob300 from './files/ob-v3p0-context-3.0.0.json'
import ob301 from './files/ob-v3p0-context-3.0.1.json'
import ob302 from './files/ob-v3p0-context-3.0.2.json'
import ob303 from './files/ob-v3p0-context-3.0.3.json'
import obExtensions from './files/ob-v3p0-extensions.json'
import dataIntegrityV1 from './files/security-data-integrity-v1.json'
import dataIntegrityV2 from './files/security-data-integrity-v2.json'
import multikeyV1 from './files/security-multikey-v1.json'
import ed25519v1 from './files/security-suites-ed25519-2020-v1.json'
import statusList2021 from './files/vc-status-list-2021-v1.json'
import credentialsStatusV1 from './files/w3c-credentials-status-v1.json'
import undefinedTermsV2 from './files/w3c-credentials-undefined-terms-v2.json'
import credentialsV1 from './files/w3c-credentials-v1.json'
import credentialsV2 from './files/w3c-credentials-v2.json'
import { deepFreeze } from '../util/json.js'
import { EU_CONTEXT } from './urls.js'

/** One bundled context. */
export interface BundledContext {
  /** Canonical URL (the `@context` value). */
  readonly url: string
  /** Other URLs the same document is served as. */
  readonly aliases: readonly string[]
  /** File name of the copy, relative to the repository (for the pinning test and for people). */
  readonly file: string
  /** SHA-256 (hex) of the file's bytes. */
  readonly sha256: string
  /** The parsed, frozen document. */
  readonly document: object
}

function bundled(url: string, file: string, sha256: string, document: object, aliases: string[] = []): BundledContext {
  return Object.freeze({ url, aliases: Object.freeze(aliases), file, sha256, document: deepFreeze(document) })
}

const FILES = 'src/context/files/'

/** All bundled contexts, current versions first. */
export const BUNDLED_CONTEXTS: readonly BundledContext[] = Object.freeze([
  bundled('https://www.w3.org/ns/credentials/v2', `${FILES}w3c-credentials-v2.json`,
    '8a9f494a89ecc51db093e90e84713e07e84d6d9204364a9b3c7868b21751236f', credentialsV2),
  bundled('https://www.w3.org/2018/credentials/v1', `${FILES}w3c-credentials-v1.json`,
    '00d7dd6d3ad8b920e3e550dd3a3d9090bffcac84cdbf943da6924b3e0a5c8bb8', credentialsV1),
  bundled('https://www.w3.org/ns/credentials/undefined-terms/v2', `${FILES}w3c-credentials-undefined-terms-v2.json`,
    '82dab514ba44eb18f5d1b0f638c5e140c6a556fbfb5089601bdc0fa5eb8b2581', undefinedTermsV2),
  bundled('https://www.w3.org/ns/credentials/status/v1', `${FILES}w3c-credentials-status-v1.json`,
    'fd08cbf28ddd829ab2f1978c48f43ab07a112c1c90245a0cfac7ba721c65170c', credentialsStatusV1),
  bundled('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', `${FILES}ob-v3p0-context-3.0.3.json`,
    '3d34f4d4ef1bce691106e63798beb5e7b862ba841423f5ee1e53ab7ddf3bca84', ob303),
  bundled('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', `${FILES}ob-v3p0-context-3.0.2.json`,
    '00666ad080ba407687ed1846b7f5e7495f5019042b202a727de47c48a1755c53', ob302),
  bundled('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json', `${FILES}ob-v3p0-context-3.0.1.json`,
    'd582f3564282fb3b709136d28412e78e70b678b4dbc2f0221f67d84932748355', ob301),
  bundled('https://purl.imsglobal.org/spec/ob/v3p0/context.json', `${FILES}ob-v3p0-context-3.0.0.json`,
    'b077fa134d909d92c1dcd1c153f2af1b244aeb415967fdc1467d7fc5dd48ac10', ob300,
    ['https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld']),
  bundled('https://purl.imsglobal.org/spec/ob/v3p0/extensions.json', `${FILES}ob-v3p0-extensions.json`,
    '146f85aa16effd7ca1da8056eb443f53ce1eca8a34186cb062832c0a97d889c3', obExtensions),
  bundled('https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json', `${FILES}clr-v2p0-context-2.0.1.json`,
    '880f1902d4158f2f33ce06af41b90719977cd1ea337a9de2e41edb3ff5e543d6', clr201),
  bundled('https://purl.imsglobal.org/spec/clr/v2p0/context.json', `${FILES}clr-v2p0-context-2.0.0.json`,
    'e198d7b517d74c5036434ce495086f67b10244709e9a3df9dcb7f8b1579b6167', clr200),
  bundled('https://w3id.org/security/data-integrity/v2', `${FILES}security-data-integrity-v2.json`,
    '0f77743daf5b4e8fc067fc5ba5b21044283053aa717fc6b0219843bed3b00363', dataIntegrityV2),
  bundled('https://w3id.org/security/data-integrity/v1', `${FILES}security-data-integrity-v1.json`,
    'b5d829bd09aa7c42abc6efa0c8ed7635313b5487f37ccfce3ecd149ca9418554', dataIntegrityV1),
  bundled('https://w3id.org/security/multikey/v1', `${FILES}security-multikey-v1.json`,
    'c5f3806f8286920573221938917988a18a4cc5a09e968d29649613c7a1c2b1f6', multikeyV1),
  bundled('https://w3id.org/security/suites/ed25519-2020/v1', `${FILES}security-suites-ed25519-2020-v1.json`,
    'b9e1ab971fd8bf2c7553e0c4a9438e0b9450afde1ea1ca5b2492368b9f549588', ed25519v1),
  bundled('https://w3id.org/vc/status-list/2021/v1', `${FILES}vc-status-list-2021-v1.json`,
    '634d71c159289f068c96012e4511c657fdf82ac4231900081bda3ba24e2e1160', statusList2021),
  // Ours. Once published, a context URL's content must never change: this pin guards that too.
  bundled(EU_CONTEXT, 'contexts/microcred-eu-v1.json',
    '05ce9f0d637f5484cd0eaabc0024f2d09c8631d7ed0f0206a46b9fded9c34384', euV1),
])

const BY_URL: ReadonlyMap<string, BundledContext> = new Map(
  BUNDLED_CONTEXTS.flatMap((entry) => [entry.url, ...entry.aliases].map((url) => [url, entry] as const)),
)

/**
 * The bundled context document served as `url`, or `undefined`.
 *
 * @example
 * ```ts
 * getBundledContext('https://www.w3.org/ns/credentials/v2') // { '@context': { ... } }
 * ```
 */
export function getBundledContext(url: string): object | undefined {
  return BY_URL.get(url)?.document
}

/** Every URL (canonical and alias) that has a bundled document. */
export function bundledContextUrls(): string[] {
  return [...BY_URL.keys()]
}

/** microcred's EU context object, as embedded inline in `@context` by `contextMode: 'embedded'`. */
export function euContextObject(): Readonly<Record<string, unknown>> {
  return (euV1 as { '@context': Record<string, unknown> })['@context']
}
