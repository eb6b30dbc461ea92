/**
 * Safe XML for SVG badges: the text of an SVG, strict parsing within caps, positions of elements in the source text
 * (baking splices into the text as given), and CDATA serialising. Baking and extracting are in svg.ts.
 *
 * The SVG is parsed with xmldom, strictly: every parser warning and error is fatal except two harmless ones (a
 * U+FFFD character in the text; a reference to a simple internal entity, below).
 *
 * Entities. xmldom performs no I/O and expands only the five predefined XML entities and character references: it
 * never loads an external entity or DTD and never expands an entity a DTD declares, so external-entity (XXE) and
 * entity-expansion ("billion laughs") attacks have nothing to work with. A reference to a DTD-declared entity is
 * tolerated only when the internal subset declares it with a plain literal value (no reference, no markup), as
 * Adobe Illustrator declares its namespace URIs (`<!ENTITY ns_svg "http://www.w3.org/2000/svg">`, then
 * `xmlns="&ns_svg;"`). Such a reference is resolved only where a whole namespace URI is that one reference, and
 * nowhere else (so nothing is ever expanded in bulk). Elsewhere it stays its literal text (`&name;`), where a
 * conformant XML parser would expand it; that is harmless in the artwork, but inside the baked element (its body,
 * its `verify` attribute) the credential would read differently elsewhere, so there it makes the image invalid
 * (refuseEntityReferences() in svg.ts). Any
 * other entity reference (undeclared, external, or defined through other entities) makes the image invalid.
 *
 * Size. Before the parser sees an SVG, one linear pass over its text counts what the parser would spend time on
 * (checkStructure()): elements (`MAX_SVG_ELEMENTS`), nesting depth (`MAX_SVG_DEPTH`), and comments, attributes,
 * references, line breaks and DTD declarations. Past a cap the image is `ERR_INPUT_TOO_LARGE` at once, so the time
 * to read any SVG within `maxImageBytes` stays bounded.
 */
import { createRequire } from 'node:module'
import type { Document, Element, Node } from '@xmldom/xmldom'
import { MicrocredError } from '../errors.js'
import { MAX_SVG_DEPTH, MAX_SVG_ELEMENTS } from '../limits.js'
import { formatCount, imageInvalid } from './baked.js'

let xmldomModule: typeof import('@xmldom/xmldom') | undefined

/** @xmldom/xmldom, loaded when an SVG is first parsed (most verifications never see one). */
function xmldom(): typeof import('@xmldom/xmldom') {
  xmldomModule ??= createRequire(import.meta.url)('@xmldom/xmldom') as typeof import('@xmldom/xmldom')
  return xmldomModule
}

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg'

/** DOM node types (xmldom's `nodeType` values). */
export const ELEMENT_NODE = 1
/** A text node's `nodeType`. */
export const TEXT_NODE = 3
/** A CDATA section's `nodeType`. */
export const CDATA_SECTION_NODE = 4
const PROCESSING_INSTRUCTION_NODE = 7

/** The start of xmldom's message for a reference to an entity it does not know. */
const ENTITY_NOT_FOUND = 'entity not found:'

/** How the internal DTD subset declares an entity. */
export type EntityDeclaration = { kind: 'literal'; value: string } | { kind: 'external' } | { kind: 'nested' }

/** A parsed SVG and what baking needs to find its way back into the text. */
export interface ParsedSvg {
  /** The text as given. */
  source: string
  /** Where the parsed text starts in `source` (after a byte order mark and leading whitespace). */
  start: number
  /** Offsets in `source` where each line of the parsed text starts; computed when first needed (see offsetOf()). */
  lineStarts?: number[]
  document: Document
  root: Element
  entities: Map<string, EntityDeclaration>
}

const isXmlSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d

/** The text of an SVG given as a string or as bytes (UTF-8, or UTF-16 with a byte order mark). */
export function svgText(svg: unknown, where: string): string {
  if (typeof svg === 'string') return svg
  if (!(svg instanceof Uint8Array))
    throw new TypeError(`${where}: svg must be the SVG's text (a string) or its bytes (a Uint8Array)`)
  const encoding =
    svg[0] === 0xff && svg[1] === 0xfe ? 'utf-16le' : svg[0] === 0xfe && svg[1] === 0xff ? 'utf-16be' : 'utf-8'
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(svg)
  } catch {
    throw imageInvalid(
      `the SVG's bytes are not ${encoding === 'utf-8' ? 'UTF-8' : 'UTF-16'} text (pass an SVG in another encoding as a string)`,
    )
  }
}

/**
 * The entities the internal DTD subset declares (XML 1.0 §4.2), by name. xmldom has already checked the subset is
 * well-formed; this only tells literal values from external and nested ones. The first declaration of a name binds.
 */
function declaredEntities(subset: string | undefined): Map<string, EntityDeclaration> {
  const declared = new Map<string, EntityDeclaration>()
  if (subset === undefined) return declared
  const n = subset.length
  const skipSpace = (at: number): number => {
    while (at < n && isXmlSpace(subset.charCodeAt(at))) at++
    return at
  }
  const skipQuoted = (at: number): number => {
    const close = subset.indexOf(subset.charAt(at), at + 1)
    return close < 0 ? n : close + 1
  }
  const skipDeclaration = (at: number): number => {
    while (at < n && subset[at] !== '>') at = subset[at] === '"' || subset[at] === "'" ? skipQuoted(at) : at + 1
    return at + 1
  }
  const skipPast = (at: number, end: string): number => {
    const close = subset.indexOf(end, at)
    return close < 0 ? n : close + end.length
  }
  let i = 0
  while (i < n) {
    if (isXmlSpace(subset.charCodeAt(i))) i++
    else if (subset.startsWith('<!--', i)) i = skipPast(i + 4, '-->')
    else if (subset.startsWith('<?', i)) i = skipPast(i + 2, '?>')
    else if (subset.startsWith('<!ENTITY', i)) {
      let j = skipSpace(i + 8)
      if (subset[j] === '%') {
        // A parameter entity: only ever referenced inside the DTD, which nothing here expands.
        i = skipDeclaration(j)
        continue
      }
      const nameStart = j
      while (j < n && !isXmlSpace(subset.charCodeAt(j)) && subset[j] !== '"' && subset[j] !== "'") j++
      const name = subset.slice(nameStart, j)
      j = skipSpace(j)
      let declaration: EntityDeclaration
      if (subset[j] === '"' || subset[j] === "'") {
        const end = skipQuoted(j)
        const value = subset.slice(j + 1, end - 1)
        declaration = /[&%<]/.test(value) ? { kind: 'nested' } : { kind: 'literal', value }
        j = end
      } else {
        declaration = { kind: 'external' }
      }
      if (!declared.has(name)) declared.set(name, declaration)
      i = skipDeclaration(j)
    } else if (subset.startsWith('<!', i)) i = skipDeclaration(i + 2)
    else i++ // a parameter-entity reference (%name;): never expanded
  }
  return declared
}

/** Why a reference to `name` is refused, or `undefined` when it is a simple internal entity. */
function entityProblem(name: string, declared: Map<string, EntityDeclaration>): string | undefined {
  const declaration = declared.get(name)
  if (declaration === undefined)
    return `the entity &${name}; is not declared (an SVG is XML: HTML entities such as &nbsp; do not exist in it; use a character reference such as &#160;)`
  if (declaration.kind === 'external')
    return `the entity &${name}; is external: microcred never loads external entities`
  if (declaration.kind === 'nested')
    return `the entity &${name}; is defined through other entities or markup: microcred does not expand such entities (a defence against entity-expansion attacks)`
  return undefined
}

/** The line breaks in `text` before `end` (the whitespace before the parsed text, whose lines the parser does not see). */
function linesBefore(text: string, end: number): number {
  let lines = 0
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a && i + 1 < end) i++
    if (c === 0x0d || c === 0x0a) lines++
  }
  return lines
}

/** The offsets in `text` (from `start`) where each line begins: XML 1.0 §2.11 line breaks are CR LF, CR and LF. */
function lineStartsOf(text: string, start: number): number[] {
  const starts = [start]
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++
    if (c === 0x0d || c === 0x0a) starts.push(i + 1)
  }
  return starts
}

/** The offset where the XML of an SVG's text starts: after a byte order mark and whitespace. */
export function xmlStart(source: string): number {
  let start = source.charCodeAt(0) === 0xfeff ? 1 : 0
  while (start < source.length && isXmlSpace(source.charCodeAt(start))) start++
  return start
}

/** The line and column of an offset in `text`, counting lines as XML 1.0 §2.11 does (CR LF, CR, LF). */
function lineAndColumn(text: string, offset: number): string {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a && i + 1 < offset) i++
    if (c === 0x0d || c === 0x0a) {
      line++
      lineStart = i + 1
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`
}

/**
 * The most namespace declarations an SVG may make. xmldom's work grows with the square of nested declarations
 * (40,000 of them, under 1 MB, take seconds); real badges make a handful (Illustrator's files, about ten).
 */
const MAX_NAMESPACE_DECLARATIONS = 1000

/** A cap of the structure check, and what it counts, in words. */
interface StructureCap {
  cap: number
  what: string
}

/*
 * Caps on what xmldom handles one at a time besides elements (MAX_SVG_ELEMENTS, MAX_SVG_DEPTH). Each costs it from
 * a tenth of a microsecond (a line break, whose position it tracks) to a few (a comment, an attribute); under the
 * 16 MiB image cap, an SVG made of nothing but one of them took seconds to parse. A badge image has dozens to a few
 * thousand of each; the caps are far above that and keep the worst case of each under a few tenths of a second.
 */
const MARKUP: StructureCap = { cap: 10_000, what: 'comments, processing instructions and CDATA sections' }
/** xmldom's work on the DTD grows faster than the number of declarations (10,000 take a quarter of a second). */
const DTD_DECLARATIONS: StructureCap = {
  cap: 1000,
  what: 'items in its DTD (declarations, comments, processing instructions, parameter-entity references)',
}
const ATTRIBUTES: StructureCap = { cap: 200_000, what: 'attributes' }
/** References (XML 1.0 §4.1) are replaced one by one, in text and attribute values. */
const REFERENCES: StructureCap = { cap: 250_000, what: 'entity and character references' }
/** Tabs and line breaks in attribute values are each replaced by a space (XML 1.0 §3.3.3). */
const ATTRIBUTE_WHITE_SPACE: StructureCap = { cap: 500_000, what: 'tabs and line breaks in attribute values' }
const LINE_BREAKS: StructureCap = { cap: 1_000_000, what: 'line breaks' }

/** Whether `text` has more than `cap` line breaks from `from` on (XML 1.0 §2.11: CR LF, CR and LF are one each). */
function lineBreaksOver(text: string, from: number, cap: number): boolean {
  let count = 0
  for (let at = text.indexOf('\n', from); at >= 0; at = text.indexOf('\n', at + 1)) if (++count > cap) return true
  // A CR is a line break of its own unless an LF follows, counted above.
  for (let at = text.indexOf('\r', from); at >= 0; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) !== 0x0a && ++count > cap) return true
  }
  return false
}

/**
 * Checks, before the XML is parsed, that an SVG's structure is within the caps: `MAX_SVG_ELEMENTS` elements,
 * `MAX_SVG_DEPTH` levels of nesting, and the caps above. Over one, it throws `ERR_INPUT_TOO_LARGE`, saying where.
 *
 * One pass over the text, in time linear in its length: text, comments, CDATA sections and processing instructions
 * are skipped with `indexOf` to their end (`<`, `-->`, `]]>`, `?>`); only tags and the DTD are read character by
 * character, skipping quoted values, in which XML allows `>` (XML 1.0 §2.3, §3.1) and a DTD literal also `<`. It is
 * no well-formedness check (the parser does that next): it only has to count what a well-formed document holds, up
 * to the point where the parser would stop at an error. Where the text is not well-formed it still moves on, and
 * counts what it sees as if it were, so that it never counts less than the parser would read.
 */
function checkStructure(source: string, start: number, subject: string): void {
  const n = source.length
  const tooLarge = (message: string) => new MicrocredError('ERR_INPUT_TOO_LARGE', message)
  const over = ({ cap, what }: StructureCap, offset: number) =>
    tooLarge(
      `${subject} has more than ${formatCount(cap)} ${what} (number ${formatCount(cap + 1)} is at ${lineAndColumn(source, offset)}): over the cap of ${formatCount(cap)}, far above what a badge image holds`,
    )

  if (lineBreaksOver(source, start, LINE_BREAKS.cap)) {
    throw tooLarge(
      `${subject} has more than ${formatCount(LINE_BREAKS.cap)} line breaks: over the cap of ${formatCount(LINE_BREAKS.cap)}, far above what a badge image holds`,
    )
  }

  let elements = 0
  let open = 0
  let markup = 0
  let declarations = 0
  let attributes = 0
  let references = 0
  let attributeSpace = 0
  const countMarkup = (offset: number): void => {
    if (++markup > MARKUP.cap) throw over(MARKUP, offset)
  }
  // The next `&` at or after the scan's position. Each one is visited once, and skipped ones (in markup) are
  // jumped over with a single indexOf, so counting references in text costs no more than one pass.
  let ampersand = source.indexOf('&', start)
  const countReferencesIn = (from: number, to: number): void => {
    if (ampersand >= 0 && ampersand < from) ampersand = source.indexOf('&', from)
    while (ampersand >= 0 && ampersand < to) {
      if (++references > REFERENCES.cap) throw over(REFERENCES, ampersand)
      ampersand = source.indexOf('&', ampersand + 1)
    }
  }
  const past = (token: string, from: number): number => {
    const at = source.indexOf(token, from)
    return at < 0 ? n : at + token.length
  }
  const pastQuoted = (quote: number): number => {
    const close = source.indexOf(source.charAt(quote), quote + 1)
    return close < 0 ? n : close + 1
  }
  /** The offset past a markup declaration in the DTD (`<!ENTITY …>` and the like), whose literals may hold `>`. */
  const pastDeclaration = (from: number): number => {
    let i = from
    while (i < n) {
      const c = source.charCodeAt(i)
      if (c === 0x3e) return i + 1
      i = c === 0x22 || c === 0x27 ? pastQuoted(i) : i + 1
    }
    return n
  }
  /** The offset past a document type declaration (XML 1.0 §2.8), counting the declarations of its internal subset. */
  const pastDoctype = (from: number): number => {
    let i = from
    while (i < n) {
      const c = source.charCodeAt(i)
      if (c === 0x3e) return i + 1
      if (c === 0x22 || c === 0x27) i = pastQuoted(i)
      else if (c !== 0x5b) i++
      else {
        // The internal subset, up to its `]`: markup declarations, comments, processing instructions and
        // parameter-entity references, which xmldom parses one regular expression match at a time.
        i++
        while (i < n && source.charCodeAt(i) !== 0x5d) {
          const d = source.charCodeAt(i)
          if (d === 0x3c) {
            if (++declarations > DTD_DECLARATIONS.cap) throw over(DTD_DECLARATIONS, i)
            if (source.startsWith('<!--', i)) i = past('-->', i + 4)
            else if (source.startsWith('<?', i)) i = past('?>', i + 2)
            else i = pastDeclaration(i + 1)
          } else if (d === 0x25) {
            if (++declarations > DTD_DECLARATIONS.cap) throw over(DTD_DECLARATIONS, i)
            i++
          } else i++
        }
        i++
      }
    }
    return n
  }
  /** Reads a start tag from its `<`: counts its attributes and what its values hold; returns the offset of its `>`. */
  const startTag = (lt: number): { end: number; selfClosing: boolean } => {
    let i = lt + 1
    while (i < n) {
      const c = source.charCodeAt(i)
      if (c === 0x3e) return { end: i, selfClosing: source.charCodeAt(i - 1) === 0x2f }
      if (c === 0x3c) return { end: i - 1, selfClosing: false } // not well-formed: the parser stops here
      if (c !== 0x22 && c !== 0x27) {
        i++
        continue
      }
      if (++attributes > ATTRIBUTES.cap) throw over(ATTRIBUTES, i)
      const close = source.indexOf(source.charAt(i), i + 1)
      const valueEnd = close < 0 ? n : close
      for (let j = i + 1; j < valueEnd; j++) {
        const v = source.charCodeAt(j)
        if (v === 0x26) {
          if (++references > REFERENCES.cap) throw over(REFERENCES, j)
        } else if (v === 0x09 || v === 0x0a || v === 0x0d) {
          if (++attributeSpace > ATTRIBUTE_WHITE_SPACE.cap) throw over(ATTRIBUTE_WHITE_SPACE, j)
        }
      }
      i = valueEnd + 1
    }
    return { end: n, selfClosing: false }
  }

  let i = start
  while (i < n) {
    const lt = source.indexOf('<', i)
    countReferencesIn(i, lt < 0 ? n : lt)
    if (lt < 0) break
    const next = source.charCodeAt(lt + 1)
    if (next === 0x21) {
      // `<!`: a comment, a CDATA section or the document type declaration (XML 1.0 §2.5, §2.7, §2.8).
      if (source.startsWith('--', lt + 2)) {
        countMarkup(lt)
        i = past('-->', lt + 4)
      } else if (source.startsWith('[CDATA[', lt + 2)) {
        countMarkup(lt)
        i = past(']]>', lt + 9)
      } else if (source.startsWith('DOCTYPE', lt + 2)) i = pastDoctype(lt + 9)
      else i = lt + 2
    } else if (next === 0x3f) {
      countMarkup(lt)
      i = past('?>', lt + 2)
    } else if (next === 0x2f) {
      if (open > 0) open--
      i = past('>', lt + 2)
    } else {
      if (++elements > MAX_SVG_ELEMENTS) {
        throw tooLarge(
          `${subject} has more than ${formatCount(MAX_SVG_ELEMENTS)} elements (element ${formatCount(elements)} starts at ${lineAndColumn(source, lt)}): ` +
            `over the ${formatCount(MAX_SVG_ELEMENTS)}-element cap (MAX_SVG_ELEMENTS)`,
        )
      }
      // The root is at depth 1; an empty element nested in 256 others is at depth 257, like one with content.
      if (open + 1 > MAX_SVG_DEPTH) {
        throw tooLarge(
          `${subject} nests elements more than ${formatCount(MAX_SVG_DEPTH)} deep (the element at ${lineAndColumn(source, lt)} is at depth ${formatCount(open + 1)}): ` +
            `over the ${formatCount(MAX_SVG_DEPTH)}-level cap (MAX_SVG_DEPTH)`,
        )
      }
      const tag = startTag(lt)
      if (!tag.selfClosing) open++
      i = tag.end + 1
    }
  }
}

/**
 * Checks the caps on an SVG's text before it is parsed: its namespace declarations (`ERR_IMAGE_INVALID`, as before
 * there were other caps) and its structure (checkStructure(), `ERR_INPUT_TOO_LARGE`). `subject` names the SVG in
 * messages.
 */
export function checkCaps(source: string, start: number, subject: string): void {
  let declarations = 0
  for (let at = source.indexOf('xmlns'); at >= 0; at = source.indexOf('xmlns', at + 5)) {
    if (++declarations > MAX_NAMESPACE_DECLARATIONS)
      throw imageInvalid(
        `${subject} declares more than ${MAX_NAMESPACE_DECLARATIONS} XML namespaces; a badge image declares a few`,
      )
  }
  checkStructure(source, start, subject)
}

/**
 * Parses an SVG strictly (see the file comment); the root must be an SVG `<svg>` element. The caps are checked
 * first (checkCaps()), so the parser's work is bounded whatever the text.
 */
export function parseSvg(source: string): ParsedSvg {
  const start = xmlStart(source)
  checkCaps(source, start, 'the SVG')
  let entities: Map<string, EntityDeclaration> | undefined
  let rejection: string | undefined
  const parser = new (xmldom().DOMParser)({
    locator: true,
    // The text is parsed as it is, line breaks unfolded: xmldom's default folding also folds XML 1.1's NEL and LS,
    // and any folding is a pass over the whole text (half a second for a million CRs). xmldom counts lines as
    // XML 1.0 §2.11 does (CR LF, CR, LF) either way, so its line numbers are the text's; the only character data
    // read from the parse, a baked element's body, is folded when read (bodyText()).
    normalizeLineEndings: (text: string) => text,
    onError: (level, message, context: { doc?: { doctype?: { internalSubset?: string } | null } } | undefined) => {
      if (level === 'warning' && message.startsWith('Unicode replacement character')) return
      if (level === 'error' && message.startsWith(ENTITY_NOT_FOUND)) {
        entities ??= declaredEntities(context?.doc?.doctype?.internalSubset)
        const problem = entityProblem(
          message.slice(ENTITY_NOT_FOUND.length).replace(/^&/, '').replace(/;$/, ''),
          entities,
        )
        if (problem === undefined) return
        rejection = problem
      } else {
        rejection = message
      }
      throw new Error(rejection)
    },
  })
  let document: Document
  try {
    document = parser.parseFromString(source.slice(start), 'image/svg+xml')
  } catch (error) {
    const locator = (error as { locator?: { lineNumber?: number; columnNumber?: number } }).locator
    const where = locator?.lineNumber
      ? ` at line ${locator.lineNumber + linesBefore(source, start)}, column ${locator.columnNumber}`
      : ''
    const why = rejection ?? (error instanceof Error ? error.message : String(error))
    throw imageInvalid(`the SVG is not well-formed XML${where}: ${why}`)
  }
  entities ??= declaredEntities(document.doctype?.internalSubset)
  const root = document.documentElement
  if (root === null) throw imageInvalid('the SVG has no root element')
  const parsed: ParsedSvg = { source, start, document, root, entities }
  const namespace = namespaceOf(root, parsed)
  if (root.localName !== 'svg' || namespace !== SVG_NAMESPACE) {
    throw imageInvalid(
      `the root element is <${root.tagName}>${namespace === null ? '' : ` in the namespace ${namespace}`}, not an SVG <svg> element`,
    )
  }
  return parsed
}

/** A namespace URI, with an Illustrator-style `&name;` resolved (see the file comment). */
export function resolveNamespace(uri: string | null, parsed: Pick<ParsedSvg, 'entities'>): string | null {
  if (uri === null || !uri.startsWith('&') || !uri.endsWith(';')) return uri
  const declaration = parsed.entities.get(uri.slice(1, -1))
  return declaration?.kind === 'literal' ? declaration.value : uri
}

/** The namespace URI of an element, resolved as {@link resolveNamespace} does. */
export const namespaceOf = (element: Element, parsed: Pick<ParsedSvg, 'entities'>): string | null =>
  resolveNamespace(element.namespaceURI, parsed)

/** Where an element's `<` is in the source. */
export function offsetOf(element: Element, parsed: ParsedSvg): number {
  parsed.lineStarts ??= lineStartsOf(parsed.source, parsed.start)
  const lineStart = element.lineNumber === undefined ? undefined : parsed.lineStarts[element.lineNumber - 1]
  const offset =
    lineStart === undefined || element.columnNumber === undefined ? -1 : lineStart + element.columnNumber - 1
  if (parsed.source[offset] !== '<')
    throw new Error(
      `could not locate <${element.tagName}> in the SVG text (parser position ${element.lineNumber}:${element.columnNumber})`,
    )
  return offset
}

/** The offset of the `>` that closes the start tag at `offset`, skipping quoted attribute values. */
export function startTagEnd(source: string, offset: number): { end: number; selfClosing: boolean } {
  let i = offset + 1
  while (i < source.length && source[i] !== '>') {
    if (source[i] === '"' || source[i] === "'") {
      const close = source.indexOf(source.charAt(i), i + 1)
      i = close < 0 ? source.length : close + 1
    } else i++
  }
  return { end: i, selfClosing: source[i - 1] === '/' }
}

/** An element holding only character data, as found in the source text. */
export interface CharacterDataElement {
  /** Where its start tag closes (the offset of its `>`). */
  tag: { end: number; selfClosing: boolean }
  /** The offset just past its empty-element tag or its end tag. */
  end: number
  /** Where its text (outside CDATA sections, comments and processing instructions) lies: `[from, to)` ranges. */
  text: { from: number; to: number }[]
}

/**
 * Reads an element holding only character data (text, CDATA, comments, processing instructions) from the source:
 * its start tag, its end, and where its plain text lies. The parser has checked the document is well-formed, and
 * bodyOf() that the element has no element inside.
 */
export function characterDataElement(source: string, offset: number): CharacterDataElement {
  const tag = startTagEnd(source, offset)
  if (tag.selfClosing) return { tag, end: tag.end + 1, text: [] }
  const text: CharacterDataElement['text'] = []
  let i = tag.end + 1
  const past = (end: string, from: number): number => {
    const close = source.indexOf(end, from)
    return close < 0 ? source.length : close + end.length
  }
  while (i < source.length) {
    const lt = source.indexOf('<', i)
    if (lt < 0) break
    if (lt > i) text.push({ from: i, to: lt })
    if (source.startsWith('<![CDATA[', lt)) i = past(']]>', lt + 9)
    else if (source.startsWith('<!--', lt)) i = past('-->', lt + 4)
    else if (source.startsWith('<?', lt)) i = past('?>', lt + 2)
    else if (source.startsWith('</', lt)) return { tag, end: past('>', lt + 2), text }
    else break
  }
  throw new Error('could not find the end of a baked element in the SVG text')
}

/** The offset just past an element holding only character data (see characterDataElement()). */
export const elementEnd = (source: string, offset: number): number => characterDataElement(source, offset).end

/** The entities XML predefines (XML 1.0 §4.6): a reference to one is a plain character, like a character reference. */
const PREDEFINED_ENTITIES: readonly string[] = ['amp', 'lt', 'gt', 'quot', 'apos']

/**
 * The first reference to a DTD-declared entity (`&name;`, not a predefined entity or a character reference) in `text`.
 * Searched with indexOf, never going back: each `&` is looked at once, and the search for a `;` starts past the last
 * one found, so the search is linear in the text.
 */
export function entityReferenceIn(text: string): string | undefined {
  for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
    const first = text.charCodeAt(at + 1)
    if (Number.isNaN(first) || first === 0x23 || first === 0x3b) continue // `&#…` (a character reference), `&;`
    const end = text.indexOf(';', at + 2)
    if (end < 0) return undefined // no reference is complete after this point
    const name = text.slice(at + 1, end)
    if (!PREDEFINED_ENTITIES.includes(name)) return `&${name};`
    at = end
  }
  return undefined
}

/** Every element, in document order, without recursion (an SVG may nest deeply). */
export function* elements(root: Element): Generator<Element> {
  const stack: Node[] = [root]
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.nodeType !== ELEMENT_NODE) continue
    yield node as Element
    // Children are pushed last first, so the first pops first. One push per child: spreading them into one call
    // (`stack.push(...children)`) exceeds the engine's argument limit for an element with ~100,000 children.
    for (let child = node.lastChild; child !== null; child = child.previousSibling) stack.push(child)
  }
}

/** The `encoding` the XML declaration names, if any (XML 1.0 §4.3.3). */
export function declaredEncoding(document: Document): string | undefined {
  const first = document.firstChild
  if (first?.nodeType !== PROCESSING_INSTRUCTION_NODE || first.nodeName !== 'xml') return undefined
  const data = (first as unknown as { data: string }).data
  // Pseudo-attributes: name = "value" or 'value', separated by whitespace.
  let i = 0
  while (i < data.length) {
    while (i < data.length && isXmlSpace(data.charCodeAt(i))) i++
    const eq = data.indexOf('=', i)
    if (eq < 0) return undefined
    const name = data.slice(i, eq).trim()
    let q = eq + 1
    while (q < data.length && isXmlSpace(data.charCodeAt(q))) q++
    const close = data.indexOf(data.charAt(q), q + 1)
    if (close < 0) return undefined
    if (name === 'encoding') return data.slice(q + 1, close)
    i = close + 1
  }
  return undefined
}

/**
 * The JSON as CDATA sections. XML 1.0 §2.7: a CDATA section ends at the first `]]>`, so the text is split there.
 * Characters XML does not allow (§2.2) can only sit inside JSON strings, where a `\uXXXX` escape means the same;
 * with `asciiOnly` every non-ASCII character is escaped too, for an SVG that declares a non-Unicode encoding.
 */
export function cdata(json: string, asciiOnly: boolean): string {
  const unsafe = asciiOnly
    ? /[^\t\n\r\x20-\x7e]/g
    : // eslint-disable-next-line no-control-regex -- XML 1.0 §2.2: the control characters are the ones XML does not allow
      /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
  const safe = json.replace(unsafe, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return `<![CDATA[${safe.split(']]>').join(']]]]><![CDATA[>')}]]>`
}
