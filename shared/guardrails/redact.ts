/**
 * PII and secret redaction, applied to task payloads before any model call, to model output, and to
 * anything written to logs. Patterns are deliberately specific: each kind needs its own shape (and a
 * checksum where one exists) so that ordinary numbers, dates, amounts and order ids pass untouched.
 */

export type PiiKind = 'SECRET' | 'EMAIL' | 'IBAN' | 'CREDIT_CARD' | 'SSN' | 'PHONE' | 'IP_ADDRESS';

export interface Finding {
  kind: PiiKind;
  /** Where in the value: `$` for the value itself, `$.customer.email`, `$.lines[2].note`. */
  path: string;
}

export const marker = (kind: PiiKind) => `[REDACTED:${kind}]`;

/** Luhn checksum over the digits of a card number. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Issuer prefixes and lengths of the major card networks (Visa, Mastercard, Amex, Discover, JCB, Diners). */
function cardIssuerValid(digits: string): boolean {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  if (digits.startsWith('4')) return n === 13 || n === 16 || n === 19;
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16;
  if (p2 === 34 || p2 === 37) return n === 15;
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649)) return n >= 16 && n <= 19;
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19;
  if (p2 === 36 || p2 === 38 || (p3 >= 300 && p3 <= 305)) return n >= 14 && n <= 19;
  return false;
}

/** ISO 13616 check: move the first four characters to the end, letters to numbers, remainder 1 mod 97. */
export function ibanValid(iban: string): boolean {
  const compact = iban.replace(/ /g, '');
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

interface Rule {
  kind: PiiKind;
  pattern: RegExp;
  /** Returns the replacement for a match, or undefined to keep it (a checksum failed). */
  replace?: (match: string) => string | undefined;
}

const SECRET_RULES: Rule[] = [
  // HTTP bearer tokens and JWTs (three base64url segments starting with a JSON header).
  { kind: 'SECRET', pattern: /\bBearer\s+[A-Za-z0-9\-._~+/]{16,}=*/gi },
  { kind: 'SECRET', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  // Azure Storage / Service Bus / Event Hubs connection-string keys and SAS tokens.
  { kind: 'SECRET', pattern: /\b(?:AccountKey|SharedAccessKey|AccessKey)\s*=\s*[A-Za-z0-9+/=]{16,}/gi },
  { kind: 'SECRET', pattern: /\bSharedAccessSignature[\s=]+[^\s;"',]+/gi },
  { kind: 'SECRET', pattern: /\bsig=[A-Za-z0-9%+/=]{16,}/g },
  // OpenAI-style and similar API keys.
  { kind: 'SECRET', pattern: /\bsk-(?:[a-z]+-)?[A-Za-z0-9_-]{20,}/g },
  // `password=...`, `api_key: ...` and the like inside free text.
  {
    kind: 'SECRET',
    pattern:
      /\b(?:password|passwd|pwd|api[_-]?key|client[_-]?secret|access[_-]?token)\s*[:=]\s*["']?[^\s"',;]{6,}/gi,
  },
];

const PII_RULES: Rule[] = [
  { kind: 'EMAIL', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g },
  {
    // Upper-case IBAN, compact or in groups of four; mod-97 decides, trailing words are trimmed off.
    kind: 'IBAN',
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g,
    replace: (match) => {
      const groups = match.split(' ');
      for (let n = groups.length; n > 0; n--) {
        const candidate = groups.slice(0, n).join(' ');
        if (ibanValid(candidate)) return marker('IBAN') + match.slice(candidate.length);
      }
      return undefined;
    },
  },
  {
    // 13-19 digits, optionally grouped by spaces or dashes, not after `+` (a phone) nor inside a longer number
    // or decimal; issuer prefix and Luhn must both hold.
    kind: 'CREDIT_CARD',
    pattern: /(?<![\d.,+])\d(?:[ -]?\d){12,18}(?!\d|[.,]\d)/g,
    replace: (match) => {
      const digits = match.replace(/[ -]/g, '');
      return cardIssuerValid(digits) && luhnValid(digits) ? marker('CREDIT_CARD') : undefined;
    },
  },
  // US SSN, dashed only (nine bare digits are too often something else); never 000, 666 or 9xx areas.
  { kind: 'SSN', pattern: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
  {
    // International: a leading + and 8-15 digits in groups.
    kind: 'PHONE',
    pattern: /\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\d])/g,
    replace: (match) => {
      const digits = match.replace(/\D/g, '').length;
      return digits >= 8 && digits <= 15 ? marker('PHONE') : undefined;
    },
  },
  // US/NANP: (212) 555-0199, 555-123-4567, 212.555.0199, 212 555 0199 (separators required).
  { kind: 'PHONE', pattern: /(?:\(\b[2-9]\d{2}\)\s?|\b[2-9]\d{2}[ .-])\d{3}[ .-]\d{4}\b/g },
  {
    kind: 'IP_ADDRESS',
    pattern: /\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b(?!\.\d)/g,
  },
];

const RULES = [...SECRET_RULES, ...PII_RULES];

/** Object keys whose string values are secrets whatever they look like. */
const SECRET_KEY =
  /^(?:password|passwd|pwd|secret|client_?secret|api_?key|access_?token|refresh_?token|authorization|connection_?string)$/i;

function redactString(text: string, path: string, findings: Finding[]): string {
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.pattern, (match) => {
      const replacement = rule.replace ? rule.replace(match) : marker(rule.kind);
      if (replacement === undefined) return match;
      findings.push({ kind: rule.kind, path });
      return replacement;
    });
  }
  return out;
}

/** Redacts one string; for logs and prompts. */
export function redactText(text: string): string {
  return redactString(text, '$', []);
}

const MAX_DEPTH = 64;

/**
 * Deep-redacts every string (and every number that spells a card) in a JSON-like value. Returns a copy;
 * the input is not modified. Findings name the kind and where, never the value.
 */
export function redactPii(value: unknown): { value: unknown; findings: Finding[] } {
  const findings: Finding[] = [];
  const seen = new WeakSet<object>();

  const walk = (v: unknown, path: string, depth: number, key?: string): unknown => {
    if (typeof v === 'string') {
      if (key !== undefined && SECRET_KEY.test(key) && v.length > 0) {
        findings.push({ kind: 'SECRET', path });
        return marker('SECRET');
      }
      return redactString(v, path, findings);
    }
    if (typeof v === 'number' && Number.isSafeInteger(v)) {
      const text = String(v);
      const redacted = redactString(text, path, findings);
      return redacted === text ? v : redacted;
    }
    if (v === null || typeof v !== 'object' || v instanceof Date) return v;
    if (seen.has(v) || depth >= MAX_DEPTH) return '[TRUNCATED]';
    seen.add(v);
    const result = Array.isArray(v)
      ? v.map((item, i) => walk(item, `${path}[${i}]`, depth + 1))
      : Object.fromEntries(
          Object.entries(v).map(([k, item]) => [
            k,
            walk(
              item,
              /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`,
              depth + 1,
              k,
            ),
          ]),
        );
    seen.delete(v);
    return result;
  };

  return { value: walk(value, '$', 0), findings };
}
