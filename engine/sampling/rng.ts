/**
 * Seeded pseudo-random numbers: sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator, 128-bit state), seeded through splitmix32 exactly as the C reference
 * model (roi.c, the team's oracle for the reference scenario) does, so `createRng(12345)` yields the
 * same stream as `roi-ref … 12345`.
 *
 * Substreams: every random input draws from its own generator, derived from
 * (seed, a stable key such as "assumption:tasksPerMonth", a block index), so the
 * result never depends on the order in which inputs, scenarios or blocks run.
 */

/** A source of uniform random numbers. Pass it explicitly; there is no global one. */
export interface Rng {
  /** Next raw 32-bit output as an unsigned integer. */
  nextUint32(): number;
  /** Uniform on the open interval (0, 1): (u32 + 0.5) / 2^32, never 0 or 1. */
  uniform(): number;
  /** out[i] = uniform() for i < n, in one tight loop (the same stream as n calls). */
  fill(out: Float64Array, n: number): void;
}

const TWO_POW_MINUS_32 = 1 / 4294967296;
/** sfc32 discards its first outputs so that similar seeds decorrelate (as in the C reference). */
const SFC32_WARMUP = 12;

/** sfc32 with its state in an Int32Array: V8 keeps typed-array words unboxed, object fields it boxes. */
class Sfc32 implements Rng {
  private readonly state: Int32Array;

  constructor(a: number, b: number, c: number, d: number) {
    this.state = Int32Array.of(a, b, c, d);
    for (let i = 0; i < SFC32_WARMUP; i++) this.nextUint32();
  }

  nextUint32(): number {
    const s = this.state;
    const a = s[0];
    const b = s[1];
    const c = s[2];
    const d = s[3];
    const t = (a + b + d) | 0;
    s[3] = d + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = ((c << 21) | (c >>> 11)) + t;
    return t >>> 0;
  }

  uniform(): number {
    return (this.nextUint32() + 0.5) * TWO_POW_MINUS_32;
  }

  fill(out: Float64Array, n: number): void {
    const s = this.state;
    let a = s[0];
    let b = s[1];
    let c = s[2];
    let d = s[3];
    for (let i = 0; i < n; i++) {
      const t = (a + b + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      out[i] = ((t >>> 0) + 0.5) * TWO_POW_MINUS_32;
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
  }
}

/** splitmix32 step: returns [nextState, output]; a well-mixed 32-bit hash of a counter. */
function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [s, (z ^ (z >>> 16)) >>> 0];
}

function sfc32FromSeed(seed32: number): Sfc32 {
  let s = seed32 | 0;
  const out: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [next, z] = splitmix32(s);
    s = next;
    out.push(z);
  }
  return new Sfc32(out[0], out[1], out[2], out[3]);
}

/**
 * A generator seeded with a 32-bit integer, identical to the C reference's stream.
 * @example createRng(12345).uniform() // same first draw as roi.c with seed 12345
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return sfc32FromSeed(seed);
}

/**
 * FNV-1a over the UTF-16 code units of a key: a stable 32-bit name for a substream.
 * @example hashKey('assumption:tasksPerMonth') // a 32-bit unsigned integer
 */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/** One splitmix32 output for an input word: a 32-bit finaliser with good avalanche. */
function mix32(x: number): number {
  return splitmix32(x)[1];
}

/**
 * An independent generator for (seed, key, block): seed, key hash and block index
 * each pass through splitmix32 into a separate word of sfc32's 128-bit state, so
 * neighbouring keys and blocks give unrelated streams.
 * @example substream(42, 'assumption:tasksPerMonth', 0)
 */
export function substream(seed: number, key: string, block = 0): Rng {
  const a = mix32(seed | 0);
  const b = mix32((hashKey(key) ^ a) | 0);
  const c = mix32((block ^ b) | 0);
  const d = mix32((a ^ b ^ c) | 0);
  return new Sfc32(a, b, c, d);
}
