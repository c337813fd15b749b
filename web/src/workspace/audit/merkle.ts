// Checks the browser makes itself, so an auditor need not take the hub's
// word: the Ed25519 signature of a tree head, and the RFC 9162 Merkle
// proofs (inclusion of an entry, consistency of two tree heads). Mirrors
// src/audit/merkle.cc and tree_head.cc.
//
// WebCrypto is only available in secure contexts (https or localhost); the
// callers show "cannot check here" when it is missing.

export type Bytes = Uint8Array<ArrayBuffer>

export const cryptoAvailable = () => typeof crypto !== 'undefined' && !!crypto.subtle

export function fromBase64(text: string): Bytes {
  const bin = atob(text)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

export function toBase64(bytes: Bytes): string {
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin)
}

function concat(...parts: Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

function equal(a: Bytes, b: Bytes): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

async function sha256(bytes: Bytes): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
}

// SHA-256(0x00 || entry): the leaf of one trace entry, over its canonical text.
export function leafHash(canonical: string): Promise<Bytes> {
  return sha256(concat(new Uint8Array([0]), new TextEncoder().encode(canonical)))
}

function nodeHash(left: Bytes, right: Bytes): Promise<Bytes> {
  return sha256(concat(new Uint8Array([1]), left, right))
}

// Tree sizes may pass 2^32, so halving is arithmetic, not bit shifts.
const odd = (n: number) => n % 2 === 1
const half = (n: number) => Math.floor(n / 2)
function isPowerOfTwo(n: number): boolean {
  while (n > 1 && !odd(n)) n = half(n)
  return n === 1
}

// RFC 9162 §2.1.3.2: does `path` lead from the leaf at `index` to `root`
// in the tree of `size` entries?
export async function verifyInclusion(index: number, size: number, leaf: Bytes, path: Bytes[], root: Bytes) {
  if (index < 0 || index >= size) return false
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const p of path) {
    if (sn === 0) return false
    if (odd(fn) || fn === sn) {
      r = await nodeHash(p, r)
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn)
          sn = half(sn)
        }
      }
    } else {
      r = await nodeHash(r, p)
    }
    fn = half(fn)
    sn = half(sn)
  }
  return sn === 0 && equal(r, root)
}

// RFC 9162 §2.1.4.2: is the tree of `first` entries (root firstRoot) a
// prefix of the tree of `second` entries (root secondRoot)?
export async function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Bytes,
  secondRoot: Bytes,
  proof: Bytes[],
) {
  if (first < 0 || second < first) return false
  if (first === 0) return proof.length === 0
  if (first === second) return proof.length === 0 && equal(firstRoot, secondRoot)
  if (proof.length === 0) return false
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : proof
  let fn = first - 1
  let sn = second - 1
  while (odd(fn)) {
    fn = half(fn)
    sn = half(sn)
  }
  let fr = path[0]
  let sr = path[0]
  for (const c of path.slice(1)) {
    if (sn === 0) return false
    if (odd(fn) || fn === sn) {
      fr = await nodeHash(c, fr)
      sr = await nodeHash(c, sr)
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn)
          sn = half(sn)
        }
      }
    } else {
      sr = await nodeHash(sr, c)
    }
    fn = half(fn)
    sn = half(sn)
  }
  return sn === 0 && equal(fr, firstRoot) && equal(sr, secondRoot)
}

// The 66 signed bytes: "yungu-tree-head-v1" || size (u64 BE) ||
// timestamp in µs (u64 BE) || root.
function treeHeadMessage(size: number, timestampUs: number, root: Bytes): Bytes {
  const numbers = new DataView(new ArrayBuffer(16))
  numbers.setBigUint64(0, BigInt(size))
  numbers.setBigUint64(8, BigInt(timestampUs))
  return concat(new TextEncoder().encode('yungu-tree-head-v1'), new Uint8Array(numbers.buffer), root)
}

export interface SignedHead {
  tree_size: number
  timestamp_us: number
  root_hash: string
  signature: string
}

// true or false, or null when this browser cannot check Ed25519.
export async function verifyTreeHead(head: SignedHead, publicKeyBase64: string): Promise<boolean | null> {
  let key: CryptoKey
  try {
    key = await crypto.subtle.importKey('raw', fromBase64(publicKeyBase64), { name: 'Ed25519' }, false, ['verify'])
  } catch (e) {
    if (e instanceof DOMException && e.name === 'NotSupportedError') return null
    return false // not a 32-byte key
  }
  const message = treeHeadMessage(head.tree_size, head.timestamp_us, fromBase64(head.root_hash))
  return crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64(head.signature), message)
}
