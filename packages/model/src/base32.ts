// Crockford's base32 alphabet in lower case: URL-safe, no ambiguous letters (i, l, o, u), and its
// characters sort in the same order as their values, so fixed-width encodings sort numerically.
export const BASE32_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Encodes the low `length * 5` bits of `value` as exactly `length` base32 characters, most significant first. */
export function encodeBase32(value: bigint, length: number): string {
  let rest = value;
  let out = '';
  for (let i = 0; i < length; i += 1) {
    out = BASE32_ALPHABET[Number(rest & 31n)] + out;
    rest >>= 5n;
  }
  return out;
}
