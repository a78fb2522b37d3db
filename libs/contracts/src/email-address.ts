import { domainToASCII } from 'node:url';

/** RFC 5321: a path is at most 256 octets with its brackets, so an address at most 254. */
export const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
const MAX_LABEL_LENGTH = 63;

/** RFC 5322 dot-atom text in ASCII: what any SMTP server takes in a local part without SMTPUTF8. */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** A host-name label (letters, digits, hyphens; no hyphen at either end), after IDNA to ASCII. */
const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * Evently's one rule for email addresses, used by every HTTP field and every message contract that carries
 * one, so the two cannot disagree: the local part is ASCII (RFC 5321 dot-atom; an internationalised local
 * part, RFC 6531, needs SMTPUTF8 from every mail server on the way, which Evently cannot promise), the
 * domain may be internationalised and is stored in its ASCII (punycode) form, e.g. `x@bücher.test` ->
 * `x@xn--bcher-kva.test`. Case is not significant: the canonical form is lower case.
 *
 * Returns the canonical form, or undefined when the text is not such an address.
 */
export function canonicalEmail(text: string): string | undefined {
  const trimmed = text.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return undefined;
  const local = trimmed.slice(0, at);
  const domainText = trimmed.slice(at + 1);
  if (local.length > MAX_LOCAL_PART_LENGTH || !LOCAL_PART.test(local)) return undefined;
  // A trailing dot (the DNS root) or a literal ([192.0.2.1]) is not an address people mean to share.
  if (domainText.endsWith('.') || domainText.startsWith('[')) return undefined;
  const domain = domainToASCII(domainText).toLowerCase();
  if (domain === '') return undefined;
  const labels = domain.split('.');
  if (labels.length < 2) return undefined;
  if (!labels.every((label) => label.length <= MAX_LABEL_LENGTH && LABEL.test(label))) return undefined;
  // The top-level domain is never all digits (that would be an IPv4 address).
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return undefined;
  const address = `${local.toLowerCase()}@${domain}`;
  return address.length <= MAX_EMAIL_LENGTH ? address : undefined;
}

/** True when `text` is an address Evently accepts (in any case, with any IDN domain spelling). */
export const isEmailAddress = (text: unknown): text is string =>
  typeof text === 'string' && canonicalEmail(text) !== undefined;

/** What a refused address is told, the same everywhere. */
export const EMAIL_ADDRESS_RULE =
  "must be an email address whose part before the @ is ASCII letters, digits or !#$%&'*+/=?^_`{|}~.- (the domain may be internationalised)";
