/**
 * Helpers for the baking tests. PNGs are made with pngjs and their chunks are read and written here, by hand from
 * the PNG specification (§5.3 chunk layout, §11.3.3 text chunks), so expected values never come from the code under
 * test. CRCs come from Node's zlib.
 */
import { crc32, deflateSync } from 'node:zlib'
import { PNG } from 'pngjs'
import { expect } from 'vitest'
import { isMicrocredError, type MicrocredErrorCode } from '../../../src/index.js'

/** A fixed "now" inside the fixture credential's validity period. */
export const NOW = new Date('2026-01-01T00:00:00Z')

/** A small RGBA PNG made by pngjs, with a pixel pattern, optionally with extra tEXt chunks pngjs does not write. */
export function makePng(width = 5, height = 4): Uint8Array {
  const png = new PNG({ width, height })
  for (let i = 0; i < png.data.length; i++) png.data[i] = (i * 37) % 256
  return new Uint8Array(PNG.sync.write(png))
}

/** One chunk of a PNG, as found in its bytes. */
export interface TestChunk {
  type: string
  data: Buffer
  /** The chunk's bytes: length, type, data, CRC. */
  raw: Buffer
  offset: number
}

/** The chunks of a PNG (trusting it: for inspecting what the code under test wrote). */
export function chunksOf(png: Uint8Array): TestChunk[] {
  const bytes = Buffer.from(png)
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const chunks: TestChunk[] = []
  let offset = 8
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset)
    const type = bytes.subarray(offset + 4, offset + 8).toString('latin1')
    const data = bytes.subarray(offset + 8, offset + 8 + length)
    const raw = bytes.subarray(offset, offset + 12 + length)
    expect(raw.readUInt32BE(8 + length), `CRC of ${type}`).toBe(crc32(raw.subarray(4, 8 + length)))
    chunks.push({ type, data, raw, offset })
    offset += 12 + length
  }
  return chunks
}

/** A chunk's bytes, with its CRC. */
export function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'latin1')
  Buffer.from(data).copy(out, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}

/** The data of an iTXt chunk (§11.3.3.4); `compressed` deflates the text with zlib. */
export function itxtData(
  keyword: string,
  text: string | Uint8Array,
  options: { compressed?: boolean; language?: string; translated?: string } = {},
): Buffer {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text)
  return Buffer.concat([
    Buffer.from(`${keyword}\0`, 'latin1'),
    Buffer.from([options.compressed ? 1 : 0, 0]),
    Buffer.from(`${options.language ?? ''}\0`, 'latin1'),
    Buffer.from(`${options.translated ?? ''}\0`, 'utf8'),
    options.compressed ? deflateSync(body) : body,
  ])
}

/** The data of a tEXt chunk (§11.3.3.3): keyword, null, Latin-1 text. */
export function textData(keyword: string, text: string): Buffer {
  return Buffer.from(`${keyword}\0${text}`, 'latin1')
}

/** A PNG with extra chunks inserted just before IEND. */
export function withChunks(png: Uint8Array, ...extra: Buffer[]): Uint8Array {
  const chunks = chunksOf(png)
  const iend = chunks.find((c) => c.type === 'IEND')!
  return new Uint8Array(Buffer.concat([Buffer.from(png).subarray(0, iend.offset), ...extra, iend.raw]))
}

/** A PNG with every chunk but `drop` kept, in order. */
export function withoutChunk(png: Uint8Array, drop: (chunk: TestChunk) => boolean): Uint8Array {
  const chunks = chunksOf(png)
  return new Uint8Array(
    Buffer.concat([Buffer.from(png).subarray(0, 8), ...chunks.filter((c) => !drop(c)).map((c) => c.raw)]),
  )
}

/** The iTXt chunks of a PNG with a keyword, decoded (uncompressed ones only). */
export function itxtChunks(
  png: Uint8Array,
  keyword: string,
): { offset: number; flag: number; method: number; language: string; translated: string; text: string }[] {
  return chunksOf(png)
    .filter((c) => c.type === 'iTXt' && c.data.subarray(0, c.data.indexOf(0)).toString('latin1') === keyword)
    .map((c) => {
      const flagsAt = keyword.length + 1
      const languageEnd = c.data.indexOf(0, flagsAt + 2)
      const translatedEnd = c.data.indexOf(0, languageEnd + 1)
      return {
        offset: c.offset,
        flag: c.data[flagsAt]!,
        method: c.data[flagsAt + 1]!,
        language: c.data.subarray(flagsAt + 2, languageEnd).toString('latin1'),
        translated: c.data.subarray(languageEnd + 1, translatedEnd).toString('utf8'),
        text: c.data.subarray(translatedEnd + 1).toString('utf8'),
      }
    })
}

/** Runs `action` and returns the MicrocredError it throws with `code` (fails otherwise). */
export function expectCode(action: () => unknown, code: MicrocredErrorCode): Error & { code: string } {
  let thrown: unknown
  try {
    action()
  } catch (error) {
    thrown = error
  }
  expect(isMicrocredError(thrown), `expected a MicrocredError ${code}, got ${String(thrown)}`).toBe(true)
  expect((thrown as { code: string }).code, (thrown as Error).message).toBe(code)
  return thrown as Error & { code: string }
}

/** A small SVG badge, as a designer's tool might write it. */
export const BADGE_SVG = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 120 120" width="120" height="120">',
  '  <title>Data Engineering</title>',
  '  <!-- a comment with a > sign -->',
  '  <circle cx="60" cy="60" r="55" fill="#0b5394" data-note="a > b &amp; c"/>',
  '  <text x="60" y="66" text-anchor="middle" fill="#fff">DE &#x2713;</text>',
  '</svg>',
  '',
].join('\n')

/** An SVG as Adobe Illustrator exports it: CRLF line ends, a DOCTYPE declaring namespace entities used in the root. */
export const ILLUSTRATOR_SVG = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<!-- Generator: Adobe Illustrator 16.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->',
  '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [',
  '\t<!ENTITY ns_extend "http://ns.adobe.com/Extensibility/1.0/">',
  '\t<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">',
  '\t<!ENTITY ns_graphs "http://ns.adobe.com/Graphs/1.0/">',
  '\t<!ENTITY ns_svg "http://www.w3.org/2000/svg">',
  '\t<!ENTITY ns_xlink "http://www.w3.org/1999/xlink">',
  ']>',
  '<svg version="1.1" id="Layer_1" xmlns:x="&ns_extend;" xmlns:i="&ns_ai;" xmlns:graph="&ns_graphs;"',
  '\t xmlns="&ns_svg;" xmlns:xlink="&ns_xlink;" x="0px" y="0px" width="100px" height="100px"',
  '\t viewBox="0 0 100 100" enable-background="new 0 0 100 100" xml:space="preserve">',
  '<switch>',
  '\t<foreignObject requiredExtensions="&ns_ai;" x="0" y="0" width="1" height="1">',
  '\t\t<i:pgfRef  xlink:href="#adobe_illustrator_pgf">',
  '\t\t</i:pgfRef>',
  '\t</foreignObject>',
  '\t<g i:extraneous="self">',
  '\t\t<circle fill="#0B5394" cx="50" cy="50" r="45"/>',
  '\t</g>',
  '</switch>',
  '</svg>',
  '',
].join('\r\n')
