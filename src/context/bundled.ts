/**
 * Every JSON-LD context microcred ships, under the URL(s) it is served as, with the SHA-256 of the file it was
 * copied from (see `files/SOURCES.md`). The documents are inlined at build time, so nothing is read from disk
 * or fetched at run time; a unit test recomputes each digest from the file so an edited copy fails CI.
 *
 * Where the file is known to hold the exact bytes the URL serves, the entry also carries their SHA-256, -384 and
 * -512 digests: VC Data Model 2.0 §5.3 (integrity of related resources) pins a resource by a digest of the bytes
 * as served, which the parsed document inlined here can no longer give.
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
import ed25519v2018 from './files/security-suites-ed25519-2018-v1.json'
import ed25519v1 from './files/security-suites-ed25519-2020-v1.json'
import jws2020v1 from './files/security-suites-jws-2020-v1.json'
import securityV1 from './files/security-v1.json'
import securityV2 from './files/security-v2.json'
import statusList2021 from './files/vc-status-list-2021-v1.json'
import credentialsExamplesV1 from './files/w3c-credentials-examples-v1.json'
import credentialsExamplesV2 from './files/w3c-credentials-examples-v2.json'
import credentialsStatusV1 from './files/w3c-credentials-status-v1.json'
import undefinedTermsV2 from './files/w3c-credentials-undefined-terms-v2.json'
import credentialsV1 from './files/w3c-credentials-v1.json'
import credentialsV2 from './files/w3c-credentials-v2.json'
import odrl from './files/w3c-odrl.json'
import { deepFreeze } from '../util/json.js'
import {
  ED25519_2018_CONTEXT,
  EU_CONTEXT,
  JWS_2020_CONTEXT,
  ODRL_CONTEXT,
  SECURITY_V1_CONTEXT,
  SECURITY_V2_CONTEXT,
  VC_EXAMPLES_V1_CONTEXT,
  VC_EXAMPLES_V2_CONTEXT,
} from './urls.js'

/** Digests (hex) of the exact bytes a URL serves. */
export interface ServedDigests {
  readonly sha256: string
  readonly sha384: string
  readonly sha512: string
}

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
  /**
   * Digests of the bytes `url` serves, present only when the file is known to be exactly those bytes (then its
   * `sha256` is the file's). Absent when the copy is only known to have the same JSON content.
   */
  readonly servedDigests?: ServedDigests
  /** The parsed, frozen document. */
  readonly document: object
}

interface Extra {
  aliases?: string[]
  served?: ServedDigests
}

function bundled(url: string, file: string, sha256: string, document: object, extra: Extra = {}): BundledContext {
  return Object.freeze({
    url,
    aliases: Object.freeze(extra.aliases ?? []),
    file,
    sha256,
    ...(extra.served === undefined ? {} : { servedDigests: Object.freeze({ ...extra.served }) }),
    document: deepFreeze(document),
  })
}

const FILES = 'src/context/files/'

/** All bundled contexts, current versions first. */
export const BUNDLED_CONTEXTS: readonly BundledContext[] = Object.freeze([
  bundled(
    'https://www.w3.org/ns/credentials/v2',
    `${FILES}w3c-credentials-v2.json`,
    '59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734',
    credentialsV2,
    {
      served: {
        sha256: '59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734',
        sha384: '97f1eb8e5042356c805fdd61afa2c557663785e0794dcafa21e138fd38def18cb360133c221aa31d6896a6bf3e65b614',
        sha512:
          '5d55452bd2dcf8a29f5a290473eb242b1c5fb77d4e68f1a0aa87baa4dba2694852d65ec63d48ac04a99d956f9f7153b9406f84d2d04c74869b02c239a1d81305',
      },
    },
  ),
  bundled(
    'https://www.w3.org/2018/credentials/v1',
    `${FILES}w3c-credentials-v1.json`,
    'ab4ddd9a531758807a79a5b450510d61ae8d147eab966cc9a200c07095b0cdcc',
    credentialsV1,
    {
      served: {
        sha256: 'ab4ddd9a531758807a79a5b450510d61ae8d147eab966cc9a200c07095b0cdcc',
        sha384: '82c3b3eab863754bbfd2b9f17d8d6db9f61169f301cbf0b05e1fc4beb5f5c51dd4d2e888c274f49c3fbb2408f61faed1',
        sha512:
          '536a40b390dda94a9e39196c00090f62668e8184fe3c8c02c4a22c85666e68bf6e85d3dc7f2dba85b2b62ef95d97de24132568d8504db43f2c9c82d2e88418d2',
      },
    },
  ),
  bundled(
    'https://www.w3.org/ns/credentials/undefined-terms/v2',
    `${FILES}w3c-credentials-undefined-terms-v2.json`,
    '82dab514ba44eb18f5d1b0f638c5e140c6a556fbfb5089601bdc0fa5eb8b2581',
    undefinedTermsV2,
    {
      served: {
        sha256: '82dab514ba44eb18f5d1b0f638c5e140c6a556fbfb5089601bdc0fa5eb8b2581',
        sha384: 'b2a66ccddba70ba67ad99c2ff52e60558df0063cea51c4ca886e25d9ea73cfabb878baf92dc2ad2bda26c31391850d68',
        sha512:
          '7c525ff49bc479ec5da7fccf5d56497e4be408eb269d36609cc1f6ce1f9c4ee23e4aefb53d3728b4a1cac56da6518fcfde789af23a5dfb77f4ce693eb5ed581b',
      },
    },
  ),
  bundled(
    'https://www.w3.org/ns/credentials/status/v1',
    `${FILES}w3c-credentials-status-v1.json`,
    'fd08cbf28ddd829ab2f1978c48f43ab07a112c1c90245a0cfac7ba721c65170c',
    credentialsStatusV1,
  ),
  bundled(
    VC_EXAMPLES_V2_CONTEXT,
    `${FILES}w3c-credentials-examples-v2.json`,
    '57393fbc69d6efb9b9b5dc9cb6b9880b0944360abfe2eaf459c9e58cf2279d7c',
    credentialsExamplesV2,
    {
      served: {
        sha256: '57393fbc69d6efb9b9b5dc9cb6b9880b0944360abfe2eaf459c9e58cf2279d7c',
        sha384: 'ccd35b4135824944a2d1b6f3edd6ee6be45c10dbfb0ba16f966609d58f88ef6ec7b0f387773c042cc60ef4ccfaf0cdba',
        sha512:
          '8d563097eab123966bd7fb88a2566d19fb369112dabfde9badfd553c04e101beb230918f58f5b927881f7b32d16045f8ac0f601b4574eeb09521bfbf9e539669',
      },
    },
  ),
  bundled(
    VC_EXAMPLES_V1_CONTEXT,
    `${FILES}w3c-credentials-examples-v1.json`,
    '2070ae4e75bc3b4c2cfe2b8b6e86ec45119672bbb5da283f0399ea96c60a0104',
    credentialsExamplesV1,
    {
      served: {
        sha256: '2070ae4e75bc3b4c2cfe2b8b6e86ec45119672bbb5da283f0399ea96c60a0104',
        sha384: '28011554bfae6f952a3bd28a921405b66c1a4d059e70d20cdb2424ca5f8a511a576960d56a70670be362633225122f28',
        sha512:
          '0b547bd9d17571de50d19e79e81aa9c84a3e1929eb732435cd73d1aefecec7a93203485920416c1671c72d109d17e979c335105535d60a8623caf30cf891f90d',
      },
    },
  ),
  // Imported by the VC 1.1 examples context.
  bundled(
    ODRL_CONTEXT,
    `${FILES}w3c-odrl.json`,
    'bb55ab32bc6041c6ef723cbce89510128a4dfb9bec6024777240791b112c8b6c',
    odrl,
    {
      served: {
        sha256: 'bb55ab32bc6041c6ef723cbce89510128a4dfb9bec6024777240791b112c8b6c',
        sha384: '6a9558fc27041f44f80d295b55138c1844ec9de0b4896b5f4321a6f75f04d375547f9ae353c13bdfafc2aadd11db9699',
        sha512:
          '2cf466e8cb48e13c1b8e2aa9b67866a14f77337d53c78663dc80c9fc4b65d73b9652f3fe0b16a2100c415fd17c6fb990e59b0fa365cf07ec7f097081fabe64e1',
      },
    },
  ),
  bundled(
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    `${FILES}ob-v3p0-context-3.0.3.json`,
    '3d34f4d4ef1bce691106e63798beb5e7b862ba841423f5ee1e53ab7ddf3bca84',
    ob303,
  ),
  bundled(
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
    `${FILES}ob-v3p0-context-3.0.2.json`,
    '00666ad080ba407687ed1846b7f5e7495f5019042b202a727de47c48a1755c53',
    ob302,
  ),
  bundled(
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
    `${FILES}ob-v3p0-context-3.0.1.json`,
    'd582f3564282fb3b709136d28412e78e70b678b4dbc2f0221f67d84932748355',
    ob301,
  ),
  bundled(
    'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
    `${FILES}ob-v3p0-context-3.0.0.json`,
    'b077fa134d909d92c1dcd1c153f2af1b244aeb415967fdc1467d7fc5dd48ac10',
    ob300,
    { aliases: ['https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld'] },
  ),
  bundled(
    'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
    `${FILES}ob-v3p0-extensions.json`,
    '146f85aa16effd7ca1da8056eb443f53ce1eca8a34186cb062832c0a97d889c3',
    obExtensions,
  ),
  bundled(
    'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
    `${FILES}clr-v2p0-context-2.0.1.json`,
    '880f1902d4158f2f33ce06af41b90719977cd1ea337a9de2e41edb3ff5e543d6',
    clr201,
  ),
  bundled(
    'https://purl.imsglobal.org/spec/clr/v2p0/context.json',
    `${FILES}clr-v2p0-context-2.0.0.json`,
    'e198d7b517d74c5036434ce495086f67b10244709e9a3df9dcb7f8b1579b6167',
    clr200,
  ),
  bundled(
    'https://w3id.org/security/data-integrity/v2',
    `${FILES}security-data-integrity-v2.json`,
    '67f21e6e33a6c14e5ccfd2fc7865f7474fb71a04af7e94136cb399dfac8ae8f4',
    dataIntegrityV2,
    {
      served: {
        sha256: '67f21e6e33a6c14e5ccfd2fc7865f7474fb71a04af7e94136cb399dfac8ae8f4',
        sha384: '0ee2d7626717f8b07cd449b525d5e2b71fe27209fc99e53089e0169dd2944d793feea4526fc60bb9cca1cd96512391f6',
        sha512:
          '39cd7a9a4047b74b8524640fe35633e81e8286d14bdbb7e77d0e08d850b00d6a35b0185d5de35c479baedb23a17989d9f628ac95531fdd79c0c5a0f632d9fa95',
      },
    },
  ),
  bundled(
    'https://w3id.org/security/data-integrity/v1',
    `${FILES}security-data-integrity-v1.json`,
    'b5d829bd09aa7c42abc6efa0c8ed7635313b5487f37ccfce3ecd149ca9418554',
    dataIntegrityV1,
    {
      served: {
        sha256: 'b5d829bd09aa7c42abc6efa0c8ed7635313b5487f37ccfce3ecd149ca9418554',
        sha384: '1f7b51154c2cb596b804d3eedeabb7678c7ea4d36f5201496a681dbd868d5dc0cb90a8839f5142ccdc91fdb92c5adcf2',
        sha512:
          'c49951bd9f3e8f4d231fce5e45798a2d32fb7ef4a4f1a2e8d2f3dab5d10333a1421339974ee77159edae259fcf73c7cf136f1e3004ded5af25ac38983d2e8eca',
      },
    },
  ),
  bundled(
    'https://w3id.org/security/multikey/v1',
    `${FILES}security-multikey-v1.json`,
    'ba2c182de2d92f7e47184bcca8fcf0beaee6d3986c527bf664c195bbc7c58597',
    multikeyV1,
    {
      served: {
        sha256: 'ba2c182de2d92f7e47184bcca8fcf0beaee6d3986c527bf664c195bbc7c58597',
        sha384: '0fa51641d12fb8c701b2e6a9492556f25d32bb4af84a96f11808f0a623b972434dd18a8f1f1865bc68d8ee046c4e5a3e',
        sha512:
          '127d1338ea7f702d745ed5bf6900eda8aac4419da5463181fca02c27e05085106e7d3eece9ea0e156bcff5c3f99eead397785c453bc579f7dd5496a991e10b5f',
      },
    },
  ),
  bundled(
    'https://w3id.org/security/suites/ed25519-2020/v1',
    `${FILES}security-suites-ed25519-2020-v1.json`,
    'b9e1ab971fd8bf2c7553e0c4a9438e0b9450afde1ea1ca5b2492368b9f549588',
    ed25519v1,
    {
      served: {
        sha256: 'b9e1ab971fd8bf2c7553e0c4a9438e0b9450afde1ea1ca5b2492368b9f549588',
        sha384: '098b18f472b842cfa7520364d4062aa3c97896c17a6a5ae72e6bfb509641e64eed96156b35f7771283dfd3a53ccd79d1',
        sha512:
          '796ae7e264d600419ff361bc63d6fcb4fa9d7355f51aaa5f15df3dc95e241900d615ea99554f4b849802cc82a016ce0294651dadf09ab5179499b475c221c28a',
      },
    },
  ),
  bundled(
    ED25519_2018_CONTEXT,
    `${FILES}security-suites-ed25519-2018-v1.json`,
    '166c6abb9e08176cee5f6c87c9c1bbfefa5717da391bcac525e5437f93eab809',
    ed25519v2018,
    {
      served: {
        sha256: '166c6abb9e08176cee5f6c87c9c1bbfefa5717da391bcac525e5437f93eab809',
        sha384: '2534f079fbec59edaa674cfd3094d0952972a48cc3e8fbe2f84eb24431c3afb5bb41fa385f184f2c9de831347acb7c0c',
        sha512:
          'f3f89aea4e44bbaeba2e6d4181dc0fafcc9dc4b62239a88a8c2ff8081460d2e34c5730fe3ce23279009bf66e0dd78b2b7cb8df18ec6f4da3b72afec32d9ae7c5',
      },
    },
  ),
  bundled(
    JWS_2020_CONTEXT,
    `${FILES}security-suites-jws-2020-v1.json`,
    'd648e05ddc6577827ca2bfd5e931f53e9ebc6e52a57a8da81df4ec8c46ffcd1e',
    jws2020v1,
  ),
  bundled(
    SECURITY_V2_CONTEXT,
    `${FILES}security-v2.json`,
    '611bd81151d5efe53ec9aed78f5a813e577287bc9451ee26d6879b1b8b46bc3b',
    securityV2,
    {
      served: {
        sha256: '611bd81151d5efe53ec9aed78f5a813e577287bc9451ee26d6879b1b8b46bc3b',
        sha384: '0389bcd5f3cca9ab75aaed6d240089759f0ccf1f38de5823421196e9ca38633dbbb0b394356a793060dc47dd847a2529',
        sha512:
          'c9fef1e515673f34159a5ad1cceb4d843e9b10d316b24cc544046f1fdba880da83a7e83e4c7667eb9f8d090ea7cfa733d5e54a4859322154e2163974dec211ab',
      },
    },
  ),
  bundled(
    SECURITY_V1_CONTEXT,
    `${FILES}security-v1.json`,
    'abaf97e107d1925503c433dcaf3ffd2831697cacc1ed2a293e1bc8030d5bcb47',
    securityV1,
    {
      served: {
        sha256: 'abaf97e107d1925503c433dcaf3ffd2831697cacc1ed2a293e1bc8030d5bcb47',
        sha384: '5600a6491c9d259eb3fa605a471d096f51f8821f025e3ac4068743a3d01dc7b68787718620c6cfaca0a3e9c614d6d242',
        sha512:
          'bcdf8e65a49a82d78e8970579bb4c808b267602aaf4561197c914ef87538ff061dade20db72644df66f435500b0b1e1e549e68971290f142bfd7f5df90e13cbc',
      },
    },
  ),
  bundled(
    'https://w3id.org/vc/status-list/2021/v1',
    `${FILES}vc-status-list-2021-v1.json`,
    '634d71c159289f068c96012e4511c657fdf82ac4231900081bda3ba24e2e1160',
    statusList2021,
  ),
  // Ours. Once published, a context URL's content must never change: this pin guards that too.
  bundled(
    EU_CONTEXT,
    'contexts/microcred-eu-v1.json',
    '05ce9f0d637f5484cd0eaabc0024f2d09c8631d7ed0f0206a46b9fded9c34384',
    euV1,
  ),
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

/**
 * The digest of the bundled document served as `url`, over its exact served bytes, or undefined when microcred
 * does not hold the served bytes (or does not bundle the URL). Only canonical URLs answer: an alias may serve
 * the same JSON as other bytes. Each call returns a new array.
 *
 * @example
 * ```ts
 * const expected = bundledResourceDigest('https://www.w3.org/ns/credentials/v2', 'sha384')
 * const sri = expected && `sha384-${Buffer.from(expected).toString('base64')}` // 'sha384-l/HrjlBCNWy...'
 * ```
 */
export function bundledResourceDigest(url: string, algorithm: 'sha256' | 'sha384' | 'sha512'): Uint8Array | undefined {
  const entry = BY_URL.get(url)
  if (entry?.url !== url) return undefined
  const hex = entry.servedDigests?.[algorithm]
  return hex === undefined ? undefined : Uint8Array.from(Buffer.from(hex, 'hex'))
}

/** Every URL (canonical and alias) that has a bundled document. */
export function bundledContextUrls(): string[] {
  return [...BY_URL.keys()]
}

/** microcred's EU context object, as embedded inline in `@context` by `contextMode: 'embedded'`. */
export function euContextObject(): Readonly<Record<string, unknown>> {
  return (euV1 as { '@context': Record<string, unknown> })['@context']
}
