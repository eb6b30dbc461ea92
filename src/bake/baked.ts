/**
 * What a baked badge image carries, and the rules the PNG and SVG bakers share: which credentials may be baked,
 * and how the text found in an image is read. OB 3.0 §"Baked Badge" bakes a credential as the JSON of a credential
 * with an embedded proof or as a VC-JWT; the Open Badges 2.0 Baking Specification baked an assertion, a signed
 * assertion (JWS) or, before 2.0, the URL of a hosted assertion.
 */
import { MicrocredError } from '../errors.js'
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_IMAGE_BYTES } from '../limits.js'
import { looksLikeCompactJws } from '../proof/jwt/format.js'
import { decodeVcJwt } from '../proof/jwt/verify-jwt.js'
import { asArray, assertOptions, isJsonObject } from '../util/json.js'

/** The image formats a credential can be baked into. */
export type ImageFormat = 'png' | 'svg'

/** An Open Badges 3.0 credential with an embedded proof (e.g. `eddsa-rdfc-2022`), baked as JSON. */
export interface BakedLdpCredential {
  version: 'ob3'
  format: 'ldp'
  /** The image it was found in. */
  image: ImageFormat
  /** The credential, parsed. */
  credential: Record<string, unknown>
  /** The JSON text as baked (without surrounding whitespace). */
  text: string
}

/** An Open Badges 3.0 credential signed as a VC-JWT, baked as its compact JWS. */
export interface BakedJwtCredential {
  version: 'ob3'
  format: 'jwt'
  /** The image it was found in. */
  image: ImageFormat
  /** The compact JWS (`header.payload.signature`). */
  jwt: string
}

/** Members every legacy (Open Badges 1.x / 2.0) find has. */
interface BakedLegacy {
  version: 'ob2'
  /** The image it was found in. */
  image: ImageFormat
  /** What was found and where, in words (e.g. `a signed Open Badges 2.0 assertion (a compact JWS) in …`). */
  description: string
}

/**
 * Open Badges 2.0 (or older) data: not a credential microcred can verify, reported as what it is.
 * - `assertion`: the JSON of an assertion (`value` is the parsed object);
 * - `jws`: a signed assertion, as a compact JWS (`value`);
 * - `url`: the URL of a hosted assertion (`value`): the pre-2.0 `tEXt` chunk, or an SVG `verify` attribute.
 */
export type BakedOb2Assertion =
  | (BakedLegacy & { kind: 'assertion'; value: Record<string, unknown> })
  | (BakedLegacy & { kind: 'jws'; value: string })
  | (BakedLegacy & { kind: 'url'; value: string })

/**
 * What a baked image carries: an Open Badges 3.0 credential (`version: 'ob3'`, as JSON with an embedded proof or as
 * a VC-JWT) or legacy Open Badges 2.0 data (`version: 'ob2'`). Found by `extractFromPng()`, `extractFromSvg()` and
 * `extractBaked()`.
 *
 * @example
 * ```ts
 * const baked = extractFromPng(await readFile('badge.png'))
 * if (baked.version === 'ob2') console.log(`not an OB 3.0 badge: ${baked.description}`)
 * else if (baked.format === 'jwt') console.log(baked.jwt)
 * else console.log(baked.credential.id)
 * ```
 */
export type BakedCredential = BakedLdpCredential | BakedJwtCredential | BakedOb2Assertion

/** Options of the extract functions. */
export interface ExtractOptions {
  /** Size cap of the image in bytes; default 16 MiB (`DEFAULT_MAX_IMAGE_BYTES`). */
  maxImageBytes?: number
  /** Size cap of the baked credential (its JSON or JWT text) in bytes; default 1 MiB, as for `verify()`. */
  maxBytes?: number
}

/** The namespace of the OB 3.0 `<openbadges:credential>` SVG element (OB 3.0 §"Baked Badge" > SVG). */
export const OB3_SVG_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0'

/** The namespace of the Open Badges 2.0 `<openbadges:assertion>` SVG element. */
export const OB2_SVG_NAMESPACE = 'http://openbadges.org'

/** The PNG `iTXt` keyword of an OB 3.0 credential. */
export const OB3_PNG_KEYWORD = 'openbadgecredential'

/** The PNG `iTXt` (2.0) and `tEXt` (1.x) keyword of legacy Open Badges data. */
export const OB2_PNG_KEYWORD = 'openbadges'

/** What is baked: the JSON text of a signed credential, or a VC-JWT. */
export type BakePayload = { format: 'ldp'; text: string } | { format: 'jwt'; jwt: string }

/** An `ERR_IMAGE_INVALID` error. */
export function imageInvalid(message: string): MicrocredError {
  return new MicrocredError('ERR_IMAGE_INVALID', message)
}

/** The caps of an extract call, with their defaults. */
export function extractCaps(options: ExtractOptions | undefined, where: string): Required<ExtractOptions> {
  assertOptions(options, where)
  return {
    maxImageBytes: options?.maxImageBytes ?? DEFAULT_MAX_IMAGE_BYTES,
    maxBytes: options?.maxBytes ?? DEFAULT_MAX_BYTES,
  }
}

/** A count as messages write it: `10,000`. */
export const formatCount = (count: number): string => count.toLocaleString('en-US')

/** Throws `ERR_INPUT_TOO_LARGE` when an image is over its cap. */
export function checkImageSize(bytes: number, cap: number, what: string): void {
  if (bytes > cap)
    throw new MicrocredError(
      'ERR_INPUT_TOO_LARGE',
      `the ${what} is ${bytes} bytes, over the ${cap}-byte cap (options.maxImageBytes)`,
    )
}

/** Throws `ERR_INPUT_TOO_LARGE` when baked text is over its cap. */
export function checkCredentialSize(bytes: number, cap: number, where: string): void {
  if (bytes > cap)
    throw new MicrocredError(
      'ERR_INPUT_TOO_LARGE',
      `the credential in ${where} is ${bytes} bytes, over the ${cap}-byte cap (options.maxBytes)`,
    )
}

/**
 * What to bake, from the caller's credential: a signed credential object, its JSON text, or a VC-JWT. An unsigned
 * credential is refused: a baked badge is meant to be verified by whoever receives the image.
 */
export function bakePayload(credential: unknown, where: string): BakePayload {
  if (typeof credential === 'string') {
    const text = credential.replace(/^\uFEFF/, '').trim()
    if (looksLikeCompactJws(text)) {
      const decoded = decodeVcJwt(text)
      if ('problem' in decoded)
        throw new MicrocredError('ERR_JWT_INVALID', `${where}: the compact JWS is not a VC-JWT: ${decoded.problem}`)
      if (text.endsWith('.'))
        throw new MicrocredError(
          'ERR_PROOF_MISSING',
          `${where}: the JWT has no signature (an unsecured JWT); bake a VC-JWT signed with issueJwt()`,
        )
      return { format: 'jwt', jwt: text }
    }
    if (text.startsWith('{')) {
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch (error) {
        throw new MicrocredError(
          'ERR_INVALID_INPUT',
          `${where}: the credential text is not valid JSON: ${(error as Error).message}`,
        )
      }
      assertSignedCredential(value as Record<string, unknown>, where)
      return { format: 'ldp', text }
    }
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      `${where}: the credential string is neither a VC-JWT (a compact JWS) nor the JSON of a signed credential`,
    )
  }
  if (!isJsonObject(credential))
    throw new TypeError(`${where}: credential must be a signed credential object, its JSON text, or a VC-JWT string`)
  assertSignedCredential(credential, where)
  let text: string
  try {
    text = JSON.stringify(credential)
  } catch (error) {
    throw new TypeError(`${where}: the credential is not JSON-serializable: ${(error as Error).message}`, {
      cause: error,
    })
  }
  return { format: 'ldp', text }
}

function assertSignedCredential(credential: Record<string, unknown>, where: string): void {
  // Something that is no credential at all (builder input, an Open Badges 2.0 assertion) is bad input; a
  // credential without a proof is the more telling mistake of baking before signing.
  if (!('@context' in credential))
    throw new MicrocredError('ERR_INVALID_INPUT', `${where}: not a verifiable credential: it has no "@context"`, {
      path: '@context',
    })
  if (!asArray(credential['type']).includes('VerifiableCredential')) {
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      `${where}: not a verifiable credential: "type" does not contain "VerifiableCredential"`,
      { path: 'type' },
    )
  }
  const proof = credential['proof']
  if (proof === undefined || proof === null || (Array.isArray(proof) && proof.length === 0)) {
    throw new MicrocredError(
      'ERR_PROOF_MISSING',
      `${where}: the credential has no proof; sign it (issue() or issueJwt()) before baking it`,
      { path: 'proof' },
    )
  }
  if (!isJsonObject(proof) && !(Array.isArray(proof) && proof.every(isJsonObject))) {
    throw new MicrocredError('ERR_INVALID_INPUT', `${where}: "proof" must be an object or an array of objects`, {
      path: 'proof',
    })
  }
}

/**
 * Reads the text of an OB 3.0 credential chunk or element: a compact JWS is a VC-JWT, anything else must be the JSON
 * of an object (whether it is a valid credential is for `verify()` to say).
 */
export function readOb3Text(
  raw: string,
  image: ImageFormat,
  where: string,
  maxBytes: number,
): BakedLdpCredential | BakedJwtCredential {
  const text = raw.trim()
  checkCredentialSize(Buffer.byteLength(text, 'utf8'), maxBytes, where)
  if (text === '') throw imageInvalid(`${where} is empty: it carries no credential`)
  if (looksLikeCompactJws(text)) return { version: 'ob3', format: 'jwt', image, jwt: text }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw imageInvalid(`${where} holds neither a VC-JWT (a compact JWS) nor valid JSON: ${(error as Error).message}`)
  }
  if (!isJsonObject(value)) throw imageInvalid(`${where} holds JSON that is not an object, so not a credential`)
  return { version: 'ob3', format: 'ldp', image, credential: value, text }
}

/** Reads legacy Open Badges data: an assertion's JSON, a signed assertion (JWS), or the URL of a hosted assertion. */
export function readOb2Text(raw: string, image: ImageFormat, where: string, maxBytes: number): BakedOb2Assertion {
  const text = raw.trim()
  checkCredentialSize(Buffer.byteLength(text, 'utf8'), maxBytes, where)
  if (looksLikeCompactJws(text)) {
    return {
      version: 'ob2',
      image,
      kind: 'jws',
      value: text,
      description: `a signed Open Badges 2.0 assertion (a compact JWS) in ${where}`,
    }
  }
  if (text.startsWith('{')) {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      throw imageInvalid(`${where} holds invalid JSON: ${(error as Error).message}`)
    }
    if (!isJsonObject(value)) throw imageInvalid(`${where} holds JSON that is not an object`)
    const id =
      typeof value['id'] === 'string' ? value['id'] : typeof value['uid'] === 'string' ? value['uid'] : undefined
    const credentialLike = '@context' in value && asArray(value['type']).includes('VerifiableCredential')
    const description = credentialLike
      ? `the JSON of a verifiable credential in ${where}, where Open Badges 2.0 bakes assertions (Open Badges 3.0 bakes credentials under the keyword "openbadgecredential" or in <openbadges:credential>)`
      : `an Open Badges 2.0 assertion${id === undefined ? '' : ` (${id})`} as JSON in ${where}`
    return { version: 'ob2', image, kind: 'assertion', value, description }
  }
  if (isHttpUrl(text)) {
    return {
      version: 'ob2',
      image,
      kind: 'url',
      value: text,
      description: `the URL of a hosted Open Badges assertion (${text}) in ${where}`,
    }
  }
  throw imageInvalid(
    `${where} holds neither an Open Badges assertion (JSON), a signed assertion (JWS) nor the URL of a hosted assertion`,
  )
}

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false
  const { protocol } = new URL(text)
  return protocol === 'https:' || protocol === 'http:'
}
