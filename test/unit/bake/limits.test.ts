/**
 * Caps on the structure of a baked image, checked before the image is read in full (issue 17: a hostile image posted
 * to verify() kept the reader busy for seconds). PNG: MAX_PNG_CHUNKS chunks, counted by their length fields before
 * any CRC. SVG: MAX_SVG_ELEMENTS elements and MAX_SVG_DEPTH levels of nesting, and caps on comments, attributes,
 * references, line breaks and DTD declarations, all counted by one pass over the text before the XML parser runs.
 * Inputs are built here programmatically, just past and just under each cap.
 */
import { deflateSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { issueJwt, verify, type Ed25519KeyPair, type SignedMicroCredential } from '../../../src/index.js'
import { bakePng, bakeSvg, extractFromPng, extractFromSvg } from '../../../src/entries/bake.js'
import { MAX_PNG_CHUNKS, MAX_SVG_DEPTH, MAX_SVG_ELEMENTS } from '../../../src/limits.js'
import { euCredential, signedEuCredential } from '../../helpers/credentials.js'
import { NOW, chunk, chunksOf, expectCode, itxtData, makePng, withChunks } from './helpers.js'

const OB3 = 'https://purl.imsglobal.org/ob/v3p0'

let keyPair: Ed25519KeyPair
let signed: SignedMicroCredential
let jwt: string

beforeAll(async () => {
  ;({ keyPair, signed } = await signedEuCredential())
  jwt = await issueJwt(euCredential(keyPair), { keyPair })
})

describe('the limits themselves', () => {
  it('are the documented values', () => {
    expect([MAX_PNG_CHUNKS, MAX_SVG_ELEMENTS, MAX_SVG_DEPTH]).toEqual([10_000, 50_000, 256])
  })
})

describe('PNG: MAX_PNG_CHUNKS', () => {
  const png = makePng()
  const base = chunksOf(png).length
  /** A zero-length private ancillary chunk (PNG §5.4: lower-case first and second letters) with its valid CRC. */
  const empty = chunk('prVt', new Uint8Array(0))
  /** `png` with `count` empty chunks before IEND. */
  const padded = (image: Uint8Array, count: number): Uint8Array =>
    withChunks(image, Buffer.alloc(count * empty.length, empty))

  it('a PNG with 10,001 zero-length chunks with valid CRCs is ERR_INPUT_TOO_LARGE, naming the cap and where the chunk past it starts', () => {
    const many = padded(png, 10_001)
    const offset = chunksOf(many)[MAX_PNG_CHUNKS]!.offset
    const error = expectCode(() => extractFromPng(many), 'ERR_INPUT_TOO_LARGE')
    expect(error.message).toBe(
      `the PNG has more than 10,000 chunks (chunk 10,001 starts at byte ${offset}): over the 10,000-chunk cap (MAX_PNG_CHUNKS)`,
    )
  })

  it('the chunks are counted before any is checked: a damaged chunk among too many is still ERR_INPUT_TOO_LARGE', () => {
    const many = padded(png, 10_001)
    const idat = chunksOf(many).find((c) => c.type === 'IDAT')!
    many[idat.offset + 10]! ^= 0x01
    expectCode(() => extractFromPng(many), 'ERR_INPUT_TOO_LARGE')
  })

  it('the 1.04 million-chunk image of the report is refused (ERR_INPUT_TOO_LARGE), by extractFromPng() and by verify()', async () => {
    const attack = padded(png, 1_040_000)
    expect(expectCode(() => extractFromPng(attack), 'ERR_INPUT_TOO_LARGE').message).toMatch(
      /over the 10,000-chunk cap \(MAX_PNG_CHUNKS\)$/,
    )
    const report = await verify(attack, { now: NOW })
    expect(report).toMatchObject({ verified: false, baked: 'png' })
    expect(report.issues).toEqual([
      expect.objectContaining({
        check: 'syntax',
        code: 'ERR_INPUT_TOO_LARGE',
        message: expect.stringMatching(/MAX_PNG_CHUNKS/),
      }),
    ])
  })

  it('a baked PNG of exactly 10,000 chunks reads, and is baked again (the credential chunk replaced)', () => {
    const full = bakePng(padded(png, MAX_PNG_CHUNKS - base - 1), jwt)
    expect(chunksOf(full)).toHaveLength(MAX_PNG_CHUNKS)
    expect(extractFromPng(full)).toEqual({ version: 'ob3', format: 'jwt', image: 'png', jwt })
    const again = bakePng(full, signed)
    expect(chunksOf(again)).toHaveLength(MAX_PNG_CHUNKS)
    expect(extractFromPng(again)).toMatchObject({ version: 'ob3', format: 'ldp', text: JSON.stringify(signed) })
  })

  it('baking into a PNG of 10,000 chunks is refused: the baked image would be one chunk over the cap', () => {
    const full = padded(png, MAX_PNG_CHUNKS - base)
    expectCode(() => extractFromPng(full), 'ERR_NOT_BAKED')
    expect(expectCode(() => bakePng(full, jwt), 'ERR_INPUT_TOO_LARGE').message).toBe(
      "the baked PNG would have 10,001 chunks (the image's 10,000 and the credential's), so extractFromPng() would refuse it: over the 10,000-chunk cap (MAX_PNG_CHUNKS)",
    )
  })

  it('inflates only the credential chunk: compressed text chunks that are not the credential (iTXt, zTXt) are never inflated', () => {
    const garbage = Buffer.from('not zlib at all', 'latin1')
    const other = Buffer.concat([Buffer.from('Description\0\x01\x00\0\0', 'latin1'), garbage])
    const ztxt = Buffer.concat([Buffer.from('Comment\0\x00', 'latin1'), garbage])
    const image = withChunks(
      png,
      chunk('iTXt', other),
      chunk('zTXt', ztxt),
      chunk('iTXt', itxtData('openbadgecredential', jwt)),
    )
    expect(extractFromPng(image)).toMatchObject({ format: 'jwt', jwt })
  })

  it('a compressed credential inflates up to options.maxBytes and no further', () => {
    const text = JSON.stringify(signed)
    const compressed = withChunks(png, chunk('iTXt', itxtData('openbadgecredential', text, { compressed: true })))
    const size = Buffer.byteLength(text)
    expect(extractFromPng(compressed, { maxBytes: size })).toMatchObject({ format: 'ldp', text })
    expect(expectCode(() => extractFromPng(compressed, { maxBytes: size - 1 }), 'ERR_INPUT_TOO_LARGE').message).toMatch(
      `inflates to more than ${size - 1} bytes (options.maxBytes)`,
    )
    const bomb = withChunks(
      png,
      chunk(
        'iTXt',
        Buffer.concat([
          Buffer.from('openbadgecredential\0\x01\x00\0\0', 'latin1'),
          deflateSync(Buffer.alloc(8 * 1024 * 1024, 0x20)),
        ]),
      ),
    )
    expect(expectCode(() => extractFromPng(bomb, { maxBytes: 1000 }), 'ERR_INPUT_TOO_LARGE').message).toMatch(
      /inflates to more than 1000 bytes/,
    )
  })
})

describe('SVG: MAX_SVG_ELEMENTS and MAX_SVG_DEPTH', () => {
  const head = '<svg xmlns="http://www.w3.org/2000/svg">'
  /** An SVG whose root holds `inner`. */
  const svg = (inner: string, rootAttributes = '') =>
    `<svg xmlns="http://www.w3.org/2000/svg"${rootAttributes}>${inner}</svg>`

  it('an SVG with 50,001 elements is ERR_INPUT_TOO_LARGE, naming the cap and where the element past it starts', () => {
    // The root is element 1, so the 50,000th <g/> is element 50,001.
    const many = svg('<g/>'.repeat(50_000))
    const column = head.length + 4 * 49_999 + 1
    const error = expectCode(() => extractFromSvg(many), 'ERR_INPUT_TOO_LARGE')
    expect(error.message).toBe(
      `the SVG has more than 50,000 elements (element 50,001 starts at line 1, column ${column}): over the 50,000-element cap (MAX_SVG_ELEMENTS)`,
    )
    expectCode(() => extractFromSvg(Buffer.from(many)), 'ERR_INPUT_TOO_LARGE')
    expectCode(() => bakeSvg(many, jwt), 'ERR_INPUT_TOO_LARGE')
  })

  it('the element past the cap is located by line and column, lines counted as XML counts them (CR LF, CR, LF)', () => {
    // <svg> on line 1, two empty lines, one <g/> a line (CR-terminated); the last ends in CR LF, one line break.
    const many = svg(`\r\n\r\n${'<g/>\r'.repeat(49_999)}\n  <g/>\n`)
    expect(expectCode(() => extractFromSvg(many), 'ERR_INPUT_TOO_LARGE').message).toMatch(
      /^the SVG has more than 50,000 elements \(element 50,001 starts at line 50002, column 3\)/,
    )
  })

  it('an SVG with elements nested 257 deep is ERR_INPUT_TOO_LARGE, naming the cap and the element too deep', () => {
    // <svg> is at depth 1, so the 256th nested <g> is at depth 257: with content or empty.
    for (const deep of [
      svg(`${'<g>'.repeat(256)}${'</g>'.repeat(256)}`),
      svg(`${'<g>'.repeat(255)}<g/>${'</g>'.repeat(255)}`),
    ]) {
      const column = head.length + 3 * 255 + 1
      const error = expectCode(() => extractFromSvg(deep), 'ERR_INPUT_TOO_LARGE')
      expect(error.message).toBe(
        `the SVG nests elements more than 256 deep (the element at line 1, column ${column} is at depth 257): over the 256-level cap (MAX_SVG_DEPTH)`,
      )
      expectCode(() => bakeSvg(deep, jwt), 'ERR_INPUT_TOO_LARGE')
    }
  })

  it('the attack inputs of the report are refused: 2 MiB of <g/> and 150,000 levels of nesting', async () => {
    const wide = svg('<g/>'.repeat(512 * 1024))
    expect(expectCode(() => extractFromSvg(wide), 'ERR_INPUT_TOO_LARGE').message).toMatch(/\(MAX_SVG_ELEMENTS\)$/)
    const deep = svg(`${'<g>'.repeat(150_000)}${'</g>'.repeat(150_000)}`)
    expect(expectCode(() => extractFromSvg(deep), 'ERR_INPUT_TOO_LARGE').message).toMatch(/\(MAX_SVG_DEPTH\)$/)
    for (const input of [wide, deep]) {
      const report = await verify(input, { now: NOW })
      expect(report).toMatchObject({ verified: false, baked: 'svg' })
      expect(report.issues).toEqual([expect.objectContaining({ check: 'syntax', code: 'ERR_INPUT_TOO_LARGE' })])
    }
  })

  it('a baked SVG at both caps (50,000 elements, the credential 256 deep) reads', () => {
    // <svg>, 254 nested <g>, the credential: 256 elements 256 deep; then 49,744 side by side.
    const deep = `${'<g>'.repeat(254)}<openbadges:credential verify="${jwt}"/>${'</g>'.repeat(254)}`
    const full = svg(`${deep}${'<g/>'.repeat(MAX_SVG_ELEMENTS - 256)}`, ` xmlns:openbadges="${OB3}"`)
    expect(extractFromSvg(full)).toEqual({ version: 'ob3', format: 'jwt', image: 'svg', jwt })
  })

  it('what only looks like a tag is not counted: markup in comments, CDATA, processing instructions, the DTD, and ">" or "/>" in attribute values', () => {
    const lookalikes = '<g>'.repeat(300) + '<g/>'.repeat(MAX_SVG_ELEMENTS)
    const dtd = `<!DOCTYPE svg [\n  <!ENTITY tags "${lookalikes}">\n  <!-- ${lookalikes} -->\n]>\n`
    const quoted = (depth: number) => `${'<g data-a="a/>b" data-b=\'>\'>'.repeat(depth)}${'</g>'.repeat(depth)}`
    const inner = `<!-- ${lookalikes} --><?pi ${lookalikes}?><text><![CDATA[${lookalikes}]]></text>${quoted(254)}`
    // <svg>, <text> and 254 nested <g>: nothing deeper than 255, far fewer than 50,000 elements.
    expectCode(() => extractFromSvg(`${dtd}${svg(inner)}`), 'ERR_NOT_BAKED')
    // The quoted "/>" closes nothing: two levels more are 257 deep.
    expect(expectCode(() => extractFromSvg(svg(quoted(256))), 'ERR_INPUT_TOO_LARGE').message).toMatch(/is at depth 257/)
  })
})

describe('SVG: comments, attributes, references, line breaks and DTD declarations are capped too', () => {
  const svg = (inner: string, rootAttributes = '') =>
    `<svg xmlns="http://www.w3.org/2000/svg"${rootAttributes}>${inner}</svg>`
  /** `count` attributes on <g> elements, eight to an element (so that the elements stay far under their cap). */
  const attributes = (count: number): string => {
    const g = (n: number) => `<g ${Array.from({ length: n }, (_, i) => `a${i}="1"`).join(' ')}/>`
    return g(8).repeat(Math.floor(count / 8)) + (count % 8 === 0 ? '' : g(count % 8))
  }

  it.each([
    [
      'comments',
      (n: number) => svg('<!-- x -->'.repeat(n)),
      10_000,
      /^the SVG has more than 10,000 comments, processing instructions and CDATA sections \(number 10,001 is at line 1, column \d+\): over the cap of 10,000/,
    ],
    [
      'processing instructions',
      (n: number) => svg('<?x y?>'.repeat(n)),
      10_000,
      /more than 10,000 comments, processing instructions and CDATA sections/,
    ],
    [
      'CDATA sections',
      (n: number) => svg(`<text>${'<![CDATA[x]]>'.repeat(n)}</text>`),
      10_000,
      /more than 10,000 comments, processing instructions and CDATA sections/,
    ],
    [
      'DTD declarations',
      (n: number) => `<!DOCTYPE svg [${'<!ENTITY a "b">'.repeat(n)}]>${svg('')}`,
      1000,
      /more than 1,000 items in its DTD/,
    ],
    // The root's xmlns is an attribute too.
    [
      'attributes',
      (n: number) => svg(attributes(n - 1)),
      200_000,
      /more than 200,000 attributes \(number 200,001 is at line 1/,
    ],
    [
      'references in text',
      (n: number) => svg(`<text>${'&amp;'.repeat(n)}</text>`),
      250_000,
      /more than 250,000 entity and character references/,
    ],
    [
      'references in attribute values',
      (n: number) => svg(`<g a="${'&#60;'.repeat(n)}"/>`),
      250_000,
      /more than 250,000 entity and character references/,
    ],
    [
      'tabs and line breaks in attribute values',
      (n: number) => svg(`<g a="${'\t'.repeat(n)}"/>`),
      500_000,
      /more than 500,000 tabs and line breaks in attribute values/,
    ],
    [
      'line breaks',
      (n: number) => svg(`<text>${'\r\n'.repeat(n)}</text>`),
      1_000_000,
      /^the SVG has more than 1,000,000 line breaks: over the cap of 1,000,000/,
    ],
  ])('%s: at the cap the SVG reads, one more is ERR_INPUT_TOO_LARGE', (_name, make, cap, message) => {
    expectCode(() => extractFromSvg(make(cap)), 'ERR_NOT_BAKED')
    expect(expectCode(() => extractFromSvg(make(cap + 1)), 'ERR_INPUT_TOO_LARGE').message).toMatch(message)
  })

  it('15 MiB of comments (the attack of the report) is refused; one comment of 1 MiB is read', async () => {
    const comments = svg('<!-- comment -->'.repeat((15 * 1024 * 1024) / 16))
    expect(expectCode(() => extractFromSvg(comments), 'ERR_INPUT_TOO_LARGE').message).toMatch(
      /more than 10,000 comments/,
    )
    expect((await verify(comments, { now: NOW })).issues).toEqual([
      expect.objectContaining({ check: 'syntax', code: 'ERR_INPUT_TOO_LARGE' }),
    ])
    // Before the root too, where the parser keeps them as children of the document.
    expectCode(() => extractFromSvg(`${'<!-- comment -->'.repeat(20_000)}${svg('')}`), 'ERR_INPUT_TOO_LARGE')
    expectCode(() => extractFromSvg(svg(`<!--${'- '.repeat(512 * 1024)}-->`)), 'ERR_NOT_BAKED')
  })

  it('ampersands and line breaks that the parser does not read one by one are not counted: in comments and CDATA sections', () => {
    const amps = '&'.repeat(300_000)
    expectCode(() => extractFromSvg(svg(`<!-- ${amps} --><text><![CDATA[${amps}]]></text>`)), 'ERR_NOT_BAKED')
  })

  it('the baked SVG is held to the caps: baking a credential whose JSON has line breaks into an SVG just under the cap is refused', () => {
    const pretty = JSON.stringify(signed, null, 1)
    const lines = pretty.split('\n').length - 1
    const image = svg(`<text>${'\n'.repeat(1_000_000 - lines + 1)}</text>`)
    expectCode(() => extractFromSvg(image), 'ERR_NOT_BAKED')
    expect(expectCode(() => bakeSvg(image, pretty), 'ERR_INPUT_TOO_LARGE').message).toMatch(
      /^the baked SVG has more than 1,000,000 line breaks/,
    )
  })
})

describe('SVG: genuine baked images read as before', () => {
  const json = () => JSON.stringify(signed)
  const svg = (element: string, rootAttributes = ` xmlns:openbadges="${OB3}"`) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"${rootAttributes}>${element}<circle r="1"/></svg>\n`

  it('with a prefix other than "openbadges:"', () => {
    expect(extractFromSvg(svg(`<ob:credential verify="${jwt}"/>`, ` xmlns:ob="${OB3}"`))).toMatchObject({
      format: 'jwt',
      jwt,
    })
    expect(
      extractFromSvg(svg(`<ob:credential xmlns:ob="${OB3}"><![CDATA[${json()}]]></ob:credential>`, '')),
    ).toMatchObject({ format: 'ldp', text: json() })
  })

  it('with the JSON in CDATA, entity-escaped, or both in pieces', () => {
    const escaped = json().replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')
    expect(extractFromSvg(svg(`<openbadges:credential><![CDATA[${json()}]]></openbadges:credential>`))).toMatchObject({
      format: 'ldp',
      text: json(),
    })
    expect(extractFromSvg(svg(`<openbadges:credential>${escaped}</openbadges:credential>`))).toMatchObject({
      format: 'ldp',
      text: json(),
    })
    const half = Math.floor(json().length / 2)
    const pieces = `<![CDATA[${json().slice(0, half)}]]><!-- a comment -->${json().slice(half).replace(/&/g, '&amp;').replace(/</g, '&lt;')}`
    expect(extractFromSvg(svg(`<openbadges:credential>${pieces}</openbadges:credential>`))).toMatchObject({
      format: 'ldp',
      text: json(),
    })
  })

  it('with a VC-JWT in the verify attribute, on lines of its own', () => {
    expect(extractFromSvg(svg(`<openbadges:credential\r\n  verify="\r\n${jwt}\r\n"></openbadges:credential>`))).toEqual(
      { version: 'ob3', format: 'jwt', image: 'svg', jwt },
    )
  })

  it('with line breaks in the JSON, read as XML reads them (CR LF and CR as LF, XML 1.0 §2.11)', () => {
    const pretty = JSON.stringify(signed, null, 2)
    for (const lineBreak of ['\r\n', '\r', '\n']) {
      const image = svg(`<openbadges:credential><![CDATA[${pretty}]]></openbadges:credential>`).replace(
        /\n/g,
        lineBreak,
      )
      expect(extractFromSvg(image)).toMatchObject({ format: 'ldp', text: pretty, credential: JSON.parse(pretty) })
    }
  })
})
