// Offline check of a ticket code's signature with WebCrypto (only in a secure context), no server needed.
// A code is base32 of 98 bytes: payload [version 1, key id, screening Guid (16, big-endian), nonce (16)] followed by
// the ECDSA P-256 signature of the payload (SHA-256, r||s), the format WebCrypto verifies (docs/tickets.md).

/** The JWKs from /api/checkin/{slug}/keys as { screening: 'hex', keys: Map(kid -> CryptoKey) }, or null. */
export const importKeys = async json => {
  if (!json || !crypto.subtle) return null;
  const keys = new Map();
  for (const k of json.keys) {
    keys.set(k.kid, await crypto.subtle.importKey('jwk', { kty: k.kty, crv: k.crv, x: k.x, y: k.y, ext: true },
      { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']));
  }
  return { screening: String(json.screening).replace(/-/g, '').toLowerCase(), keys };
};

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const fromBase32 = value => {
  const out = new Uint8Array(Math.floor(value.length * 5 / 8));
  let buffer = 0;
  let bits = 0;
  let i = 0;
  for (const ch of value) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[i++] = (buffer >> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
};

/** 'valid' (genuine, this screening), 'wrong' (genuine, another screening), 'invalid', or null (cannot tell here). */
export const checkCode = async (offlineKeys, code) => {
  if (!offlineKeys) return null;
  const bytes = code.length === 157 ? fromBase32(code) : null;
  if (!bytes || bytes.length !== 98 || bytes[0] !== 1) return 'invalid';
  const key = offlineKeys.keys.get(bytes[1]);
  if (!key) return null; // a key newer than this page's list
  try {
    const genuine = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, bytes.slice(34, 98), bytes.slice(0, 34));
    if (!genuine) return 'invalid';
  } catch {
    return null;
  }
  const screening = Array.from(bytes.slice(2, 18), b => b.toString(16).padStart(2, '0')).join('');
  return screening === offlineKeys.screening ? 'valid' : 'wrong';
};

/** The nonce of a code (base64url, as the server keeps it), or null when the code cannot be read. */
export const nonceOf = code => {
  const bytes = code.length === 157 ? fromBase32(code) : null;
  if (!bytes || bytes.length !== 98) return null;
  const text = btoa(String.fromCharCode(...bytes.slice(18, 34)));
  return text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
