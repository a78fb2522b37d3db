import { LRUCache } from 'lru-cache';
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';

// A ticket's code: what its QR carries and a door device checks offline. One version byte, the event's id,
// the ticket's id (16 bytes each, no personal data), and an Ed25519 signature over those 33 bytes with the
// event's own key: 97 bytes, 130 characters of base64url.

const VERSION = 1;
const PAYLOAD_BYTES = 33;
const SIGNATURE_BYTES = 64;

/** An event's key pair: the public key as base64 SPKI (WebCrypto imports it), the private one as PKCS#8. */
export interface EventKeys {
  publicKey: string;
  privateKey: string;
}

/** What a code names. */
export interface CodeContent {
  eventId: string;
  ticketId: string;
}

export function newEventKeys(): EventKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
}

/**
 * Parsed keys by their DER text: parsing one took 6% of a booking instance's CPU in a flash sale, where every
 * booking signs its tickets with the same event key (and a door checks every scan with the same public key).
 */
const parsed = new LRUCache<string, KeyObject>({ max: 1_000 });

function keyOf(der: string, kind: 'pkcs8' | 'spki'): KeyObject {
  const cacheKey = `${kind}:${der}`;
  let key = parsed.get(cacheKey);
  if (!key) {
    const bytes = Buffer.from(der, 'base64');
    key =
      kind === 'pkcs8'
        ? createPrivateKey({ key: bytes, format: 'der', type: kind })
        : createPublicKey({ key: bytes, format: 'der', type: kind });
    parsed.set(cacheKey, key);
  }
  return key;
}

const uuidBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const uuidOf = (bytes: Buffer): string =>
  bytes.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/** The code of a ticket of the event, signed with the event's private key. */
export function signTicketCode(privateKey: string, content: CodeContent): string {
  const payload = Buffer.concat([
    Buffer.from([VERSION]),
    uuidBytes(content.eventId),
    uuidBytes(content.ticketId),
  ]);
  return Buffer.concat([payload, sign(null, payload, keyOf(privateKey, 'pkcs8'))]).toString('base64url');
}

/** What a code says it is, before its signature is checked; null if it is not a code of this shape. */
export function readTicketCode(code: string): (CodeContent & { payload: Buffer; signature: Buffer }) | null {
  if (!/^[A-Za-z0-9_-]{130}$/.test(code)) return null;
  const bytes = Buffer.from(code, 'base64url');
  if (bytes.length !== PAYLOAD_BYTES + SIGNATURE_BYTES || bytes[0] !== VERSION) return null;
  return {
    eventId: uuidOf(bytes.subarray(1, 17)),
    ticketId: uuidOf(bytes.subarray(17, PAYLOAD_BYTES)),
    payload: bytes.subarray(0, PAYLOAD_BYTES),
    signature: bytes.subarray(PAYLOAD_BYTES),
  };
}

/** Whether the code was signed with the event key whose public half is `publicKey`. */
export function codeSignedBy(publicKey: string, code: { payload: Buffer; signature: Buffer }): boolean {
  return verify(null, code.payload, keyOf(publicKey, 'spki'), code.signature);
}
