/**
 * Draws assets/badge.png, the plain badge `microcred batch` bakes into when no image is given: a blue disc with
 * a gold ring and a white check mark (256 × 256, transparent corners, 4×4 supersampled edges). Deliberately not
 * the EU emblem, whose use would suggest an endorsement by the EU. Run once with `npx tsx scripts/make-badge.ts`;
 * the PNG is committed.
 */
import { writeFileSync } from 'node:fs'
import { PNG } from 'pngjs'

const SIZE = 256
const CENTER = SIZE / 2
const BLUE = [0x00, 0x33, 0x99] as const
const GOLD = [0xff, 0xcc, 0x00] as const

const WHITE = [0xff, 0xff, 0xff] as const

/** Distance from (x, y) to the segment from a to b. */
function toSegment(
  x: number,
  y: number,
  [ax, ay]: readonly [number, number],
  [bx, by]: readonly [number, number],
): number {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)))
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)))
}

/** The check mark: two strokes with round ends. */
const CHECK = [
  [78, 134],
  [112, 168],
  [180, 94],
] as const
const inCheck = (x: number, y: number): boolean =>
  toSegment(x, y, CHECK[0], CHECK[1]) < 13 || toSegment(x, y, CHECK[1], CHECK[2]) < 13

/** The colour at a sub-pixel point, or undefined outside the badge. */
function colourAt(x: number, y: number): readonly [number, number, number] | undefined {
  const distance = Math.hypot(x - CENTER, y - CENTER)
  if (distance > 124) return undefined
  if (distance > 108) return GOLD
  return inCheck(x, y) ? WHITE : BLUE
}

const png = new PNG({ width: SIZE, height: SIZE })
const SAMPLES = 4
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    let r = 0
    let g = 0
    let b = 0
    let covered = 0
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const colour = colourAt(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES)
        if (colour === undefined) continue
        r += colour[0]
        g += colour[1]
        b += colour[2]
        covered++
      }
    }
    const offset = (y * SIZE + x) * 4
    png.data[offset] = covered === 0 ? 0 : Math.round(r / covered)
    png.data[offset + 1] = covered === 0 ? 0 : Math.round(g / covered)
    png.data[offset + 2] = covered === 0 ? 0 : Math.round(b / covered)
    png.data[offset + 3] = Math.round((covered / (SAMPLES * SAMPLES)) * 255)
  }
}
writeFileSync(new URL('../assets/badge.png', import.meta.url), PNG.sync.write(png, { colorType: 6 }))
