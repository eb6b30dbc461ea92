/**
 * SVG baking (OB 3.0 §"Baked Badge" > SVG): the root `<svg>` declares
 * `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"` and, directly after its start tag, one
 * `<openbadges:credential>` element carries the credential: a VC-JWT in its `verify` attribute, or the JSON of a
 * credential with an embedded proof in a CDATA section. Legacy images carry an Open Badges 2.0
 * `<openbadges:assertion>` (namespace `http://openbadges.org`).
 *
 * The SVG is parsed strictly and safely by svg-xml.ts: no external entity or DTD is ever loaded, no DTD-declared
 * entity is expanded, and caps bound the parser's work before it starts. Baking splices the new element into the
 * original text at the positions the parser reported, so every other character of the image is kept.
 */
import type { Element } from '@xmldom/xmldom'
import { MicrocredError } from '../errors.js'
import { looksLikeCompactJws } from '../proof/jwt/format.js'
import {
  OB2_SVG_NAMESPACE,
  OB3_SVG_NAMESPACE,
  bakePayload,
  checkImageSize,
  extractCaps,
  imageInvalid,
  readOb2Text,
  readOb3Text,
  type BakedCredential,
  type BakePayload,
  type ExtractOptions,
} from './baked.js'
import {
  CDATA_SECTION_NODE,
  ELEMENT_NODE,
  TEXT_NODE,
  cdata,
  characterDataElement,
  checkCaps,
  declaredEncoding,
  elementEnd,
  elements,
  entityReferenceIn,
  namespaceOf,
  offsetOf,
  parseSvg,
  resolveNamespace,
  startTagEnd,
  svgText,
  xmlStart,
  type ParsedSvg,
} from './svg-xml.js'

/**
 * Namespaces read as OB 3.0's. The second is not the specification's but is found in baked images in the wild;
 * it is read, never written.
 */
const OB3_NAMESPACES: readonly string[] = [OB3_SVG_NAMESPACE, 'https://purl.imsglobal.org/spec/ob/v3p0']

/**
 * Refuses a baked element whose credential would read differently elsewhere: a reference to a DTD-declared entity
 * in its body or in one of its attributes (its `verify` attribute above all). The parser tolerates references to
 * simple internal entities (see the file comment) but, expanding none, leaves them as their literal text (`&a;`),
 * whereas a conformant XML parser replaces them with the entity's value. Namespace declarations are left to the
 * file-wide rule (a whole-URI reference is resolved). The element must hold only character data (bodyOf()).
 */
function refuseEntityReferences(element: Element, parsed: ParsedSvg): void {
  const { source } = parsed
  const offset = offsetOf(element, parsed)
  const { tag, text } = characterDataElement(source, offset)
  const refuse = (reference: string, where: string) =>
    imageInvalid(
      `${describe(element)} refers to the entity ${reference} in ${where}: microcred does not expand entities in a baked credential, ` +
        `where a conformant XML parser would, so the credential would read differently elsewhere; write the characters themselves (or character references such as &#38;)`,
    )
  const startTag = source.slice(offset + 1 + element.tagName.length, tag.end)
  for (const [, name, double, single] of startTag.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    if (name === undefined || name === 'xmlns' || name.startsWith('xmlns:')) continue
    const reference = entityReferenceIn(double ?? single ?? '')
    if (reference !== undefined) throw refuse(reference, `its ${name} attribute`)
  }
  for (const { from, to } of text) {
    const reference = entityReferenceIn(source.slice(from, to))
    if (reference !== undefined) throw refuse(reference, 'its body')
  }
}

/** How an element is named in messages. */
const describe = (element: Element): string =>
  `the SVG's <${element.tagName}> element${element.lineNumber === undefined ? '' : ` (line ${element.lineNumber})`}`

/** The OB 3.0 credential element and the OB 2.0 assertion element, if any; two of either is `ERR_IMAGE_INVALID`. */
function bakedElements(parsed: ParsedSvg): { ob3?: Element; ob2?: Element } {
  const ob3: Element[] = []
  const ob2: Element[] = []
  for (const element of elements(parsed.root)) {
    const namespace = namespaceOf(element, parsed)
    if (element.localName === 'credential' && namespace !== null && OB3_NAMESPACES.includes(namespace))
      ob3.push(element)
    else if (element.localName === 'assertion' && namespace === OB2_SVG_NAMESPACE) ob2.push(element)
  }
  for (const [found, name] of [
    [ob3, '<openbadges:credential>'],
    [ob2, '<openbadges:assertion>'],
  ] as const) {
    if (found.length > 1) {
      // OB 3.0: "There MUST be only one <openbadges:credential> tag in an SVG" (OB 2.0 likewise for assertions).
      // At most ten lines are listed: a hostile image may hold thousands of such elements.
      const lines = `${found
        .slice(0, 10)
        .map((e) => e.lineNumber)
        .join(', ')}${found.length > 10 ? ', …' : ''}`
      throw imageInvalid(`the SVG has ${found.length} ${name} elements (lines ${lines}); an image carries at most one`)
    }
  }
  return { ...(ob3[0] === undefined ? {} : { ob3: ob3[0] }), ...(ob2[0] === undefined ? {} : { ob2: ob2[0] }) }
}

/** The character data of an element (text and CDATA sections, joined); an element inside is `ERR_IMAGE_INVALID`. */
function bodyOf(element: Element): string {
  const parts: string[] = []
  for (let child = element.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE)
      parts.push((child as unknown as { data: string }).data)
    else if (child.nodeType === ELEMENT_NODE) {
      throw imageInvalid(
        `${describe(element)} contains an element <${(child as Element).tagName}>; it may hold only the credential's JSON (in CDATA)`,
      )
    }
  }
  return parts.join('')
}

/**
 * The body of a baked element as an XML processor reads it: trimmed, with its line breaks folded to LF (XML 1.0
 * §2.11), which the parser was not asked to do (see parseSvg()). A body more than twice `maxBytes` long is over the
 * cap however it folds (folding at most halves it; UTF-8 takes at least a byte per UTF-16 unit), so it is not
 * folded: the size check refuses it.
 */
function bodyText(element: Element, maxBytes: number): string {
  const text = bodyOf(element).trim()
  return text.length > 2 * maxBytes || !text.includes('\r') ? text : text.replace(/\r\n?/g, '\n')
}

/** The `<openbadges:credential>` element for a payload. */
function credentialElement(payload: BakePayload, declareNamespace: boolean, asciiOnly: boolean): string {
  const xmlns = declareNamespace ? ` xmlns:openbadges="${OB3_SVG_NAMESPACE}"` : ''
  return payload.format === 'jwt'
    ? `<openbadges:credential${xmlns} verify="${payload.jwt}"></openbadges:credential>`
    : `<openbadges:credential${xmlns}>${cdata(payload.text, asciiOnly)}</openbadges:credential>`
}

/**
 * Bakes a signed credential into an SVG: the root `<svg>` gets `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`
 * and, directly after its start tag, an `<openbadges:credential>` element: a VC-JWT goes in its `verify` attribute,
 * a credential's JSON in CDATA (split where the JSON contains `]]>`). A credential baked before is replaced; every
 * other character of the SVG is kept (legacy `<openbadges:assertion>` elements too). When the root already binds the
 * `openbadges` prefix to another namespace (Open Badges 2.0's), the element declares the OB 3.0 namespace itself.
 *
 * Write the result in the encoding the SVG declares (UTF-8 unless its XML declaration names another; for a
 * non-Unicode encoding the JSON is baked as ASCII, with `\u` escapes).
 *
 * @param svg The SVG's text, or its bytes (UTF-8, or UTF-16 with a byte order mark).
 * @param credential A signed credential (object or JSON text) or a VC-JWT (compact JWS).
 * @returns The baked SVG's text.
 * @throws TypeError when `svg` is neither a string nor a `Uint8Array`, or `credential` neither an object nor a string.
 * @throws MicrocredError `ERR_PROOF_MISSING` for an unsigned credential; `ERR_INVALID_INPUT` for something that is
 *   not a credential; `ERR_JWT_INVALID` for a compact JWS that is not a VC-JWT; `ERR_IMAGE_INVALID` for XML that
 *   does not parse, a root that is not `<svg>`, or two baked credentials; `ERR_INPUT_TOO_LARGE` for an SVG over
 *   one of the structure caps `extractFromSvg()` enforces, or one the baked element would take past one.
 * @example
 * ```ts
 * import { readFile, writeFile } from 'node:fs/promises'
 * import { issueJwt } from 'microcred'
 * import { bakeSvg } from 'microcred/bake'
 *
 * const jwt = await issueJwt(credential, { keyPair })
 * await writeFile('badge-baked.svg', bakeSvg(await readFile('badge.svg', 'utf8'), jwt))
 * ```
 */
export function bakeSvg(svg: string | Uint8Array, credential: object | string): string {
  const text = svgText(svg, 'bakeSvg(svg, credential)')
  const payload = bakePayload(credential, 'bakeSvg(svg, credential)')
  const parsed = parseSvg(text)
  const { source, root } = parsed
  const { ob3: previous } = bakedElements(parsed)
  const edits: { from: number; to: number; insert: string }[] = []
  if (previous !== undefined) {
    bodyOf(previous) // throws for an element with elements inside, which elementEnd() cannot skip
    const from = offsetOf(previous, parsed)
    edits.push({ from, to: elementEnd(source, from), insert: '' })
  }
  const binding = root.hasAttribute('xmlns:openbadges')
    ? resolveNamespace(root.getAttribute('xmlns:openbadges'), parsed)
    : undefined
  const encoding = declaredEncoding(parsed.document)?.toLowerCase()
  const asciiOnly = encoding !== undefined && !['utf-8', 'utf8', 'utf-16', 'utf-16le', 'utf-16be'].includes(encoding)
  const element = credentialElement(payload, binding !== undefined && binding !== OB3_SVG_NAMESPACE, asciiOnly)
  const attribute = binding === undefined ? ` xmlns:openbadges="${OB3_SVG_NAMESPACE}"` : ''
  const tag = startTagEnd(source, offsetOf(root, parsed))
  edits.push(
    tag.selfClosing
      ? { from: tag.end - 1, to: tag.end + 1, insert: `${attribute}>${element}</${root.tagName}>` }
      : { from: tag.end, to: tag.end + 1, insert: `${attribute}>${element}` },
  )
  let out = source
  for (const { from, to, insert } of edits.sort((a, b) => b.from - a.from))
    out = out.slice(0, from) + insert + out.slice(to)
  // The new element, its attributes and a namespace declaration may take an image at a cap past it: refuse to
  // write what extractFromSvg() would refuse to read.
  checkCaps(out, xmlStart(out), 'the baked SVG')
  return out
}

/**
 * Extracts what is baked in an SVG. The OB 3.0 `<openbadges:credential>` element gives the credential (a VC-JWT
 * from its `verify` attribute, or JSON from its body); without one, a legacy Open Badges 2.0
 * `<openbadges:assertion>` is returned as `version: 'ob2'`, saying what it holds. The SVG is parsed strictly and
 * safely: no external entity or DTD is ever loaded and no DTD-declared entity is expanded (see the module comment).
 *
 * @param svg The SVG's text, or its bytes (UTF-8, or UTF-16 with a byte order mark), at most
 *   `options.maxImageBytes` (default 16 MiB).
 * @throws TypeError when `svg` is neither a string nor a `Uint8Array`.
 * @throws MicrocredError `ERR_IMAGE_INVALID` for XML that does not parse (with its line and column), a root that is
 *   not `<svg>`, a malformed or duplicated credential element, or a reference to a DTD-declared entity inside the
 *   credential element; `ERR_NOT_BAKED` when nothing is baked; `ERR_INPUT_TOO_LARGE` over a cap: the image's size,
 *   its structure (more than `MAX_SVG_ELEMENTS` elements, nesting deeper than `MAX_SVG_DEPTH`, or too many comments,
 *   attributes, references, line breaks or DTD declarations; the message says which, and where), the credential's
 *   size.
 * @example
 * ```ts
 * const baked = extractFromSvg(await readFile('badge-baked.svg', 'utf8'))
 * if (baked.version === 'ob3' && baked.format === 'jwt') console.log(baked.jwt)
 * ```
 */
export function extractFromSvg(svg: string | Uint8Array, options?: ExtractOptions): BakedCredential {
  const where = 'extractFromSvg(svg, options)'
  const { maxImageBytes, maxBytes } = extractCaps(options, where)
  if (svg instanceof Uint8Array) checkImageSize(svg.byteLength, maxImageBytes, 'SVG')
  const text = svgText(svg, where)
  if (typeof svg === 'string') checkImageSize(Buffer.byteLength(text, 'utf8'), maxImageBytes, 'SVG')
  const parsed = parseSvg(text)
  const { ob3, ob2 } = bakedElements(parsed)
  if (ob3 !== undefined) {
    const name = describe(ob3)
    const body = bodyText(ob3, maxBytes)
    refuseEntityReferences(ob3, parsed)
    const jwt = ob3.getAttribute('verify')?.trim() ?? ''
    if (jwt !== '') {
      if (body !== '')
        throw imageInvalid(
          `${name} has both a verify attribute (a VC-JWT) and a body (JSON); it carries one credential`,
        )
      if (!looksLikeCompactJws(jwt))
        throw imageInvalid(`the verify attribute of ${name} is not a VC-JWT (a compact JWS)`)
      return readOb3Text(jwt, 'svg', `the verify attribute of ${name}`, maxBytes)
    }
    return readOb3Text(body, 'svg', name, maxBytes)
  }
  if (ob2 !== undefined) {
    // Open Badges 2.0 Baking: a body is the assertion's JSON; without one, `verify` holds a signature or a URL.
    const name = `${describe(ob2)} (Open Badges 2.0 baking)`
    const body = bodyText(ob2, maxBytes)
    refuseEntityReferences(ob2, parsed)
    const verify = ob2.getAttribute('verify')?.trim() ?? ''
    if (body === '' && verify === '')
      throw imageInvalid(`${name} is empty: it has neither a body nor a verify attribute`)
    return readOb2Text(
      body === '' ? verify : body,
      'svg',
      body === '' ? `the verify attribute of ${name}` : name,
      maxBytes,
    )
  }
  throw new MicrocredError(
    'ERR_NOT_BAKED',
    'the SVG carries no baked credential: it has no <openbadges:credential> element',
  )
}
