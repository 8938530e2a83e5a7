import { ibanValid, luhnValid, redactPii, redactText } from '../../../shared/guardrails/redact';

describe('redactText: each kind', () => {
  it.each([
    ['EMAIL', 'write to jane.doe+billing@mail.contoso.co.uk today', 'write to [REDACTED:EMAIL] today'],
    ['PHONE (international)', 'call +44 20 7946 0958 now', 'call [REDACTED:PHONE] now'],
    ['PHONE (international, compact)', 'whatsapp +4915112345678', 'whatsapp [REDACTED:PHONE]'],
    ['PHONE (international, US)', 'call +1 (415) 555-0100.', 'call [REDACTED:PHONE].'],
    ['PHONE (US, dashes)', 'cell 555-123-4567', 'cell [REDACTED:PHONE]'],
    ['PHONE (US, parentheses)', 'office (212) 555-0199 ext', 'office [REDACTED:PHONE] ext'],
    ['PHONE (US, dots)', 'fax 212.555.0199', 'fax [REDACTED:PHONE]'],
    ['CREDIT_CARD (Visa, spaced)', 'card 4111 1111 1111 1111 on file', 'card [REDACTED:CREDIT_CARD] on file'],
    ['CREDIT_CARD (Mastercard, dashed)', 'mc 5555-5555-5555-4444', 'mc [REDACTED:CREDIT_CARD]'],
    ['CREDIT_CARD (Amex, compact)', 'amex 378282246310005', 'amex [REDACTED:CREDIT_CARD]'],
    ['IBAN (grouped)', 'pay DE89 3704 0044 0532 0130 00 by Friday', 'pay [REDACTED:IBAN] by Friday'],
    ['IBAN (compact)', 'iban GB82WEST12345698765432.', 'iban [REDACTED:IBAN].'],
    ['IBAN (trailing capitals)', 'to DE89 3704 0044 0532 0130 00 ASAP', 'to [REDACTED:IBAN] ASAP'],
    ['SSN', 'ssn 123-45-6789 on form', 'ssn [REDACTED:SSN] on form'],
    [
      'IP_ADDRESS',
      'login from 192.168.10.254, then 8.8.8.8',
      'login from [REDACTED:IP_ADDRESS], then [REDACTED:IP_ADDRESS]',
    ],
    ['SECRET (bearer)', 'Authorization: Bearer abcDEF123456789xyz.-_~', 'Authorization: [REDACTED:SECRET]'],
    [
      'SECRET (JWT)',
      'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'token [REDACTED:SECRET]',
    ],
    [
      'SECRET (storage connection string)',
      'DefaultEndpointsProtocol=https;AccountName=ants;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==;EndpointSuffix=core.windows.net',
      'DefaultEndpointsProtocol=https;AccountName=ants;[REDACTED:SECRET];EndpointSuffix=core.windows.net',
    ],
    [
      'SECRET (SAS token)',
      'SharedAccessSignature sr=ants.servicebus.windows.net&sig=abc%2Fdef&se=1700000000&skn=send',
      '[REDACTED:SECRET]',
    ],
    ['SECRET (sk- key)', 'key sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123', 'key [REDACTED:SECRET]'],
    ['SECRET (password=)', 'login with password=Hunter2!x please', 'login with [REDACTED:SECRET] please'],
  ])('%s', (_kind, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const once = redactText('jane@contoso.com, 4111111111111111, +44 20 7946 0958, 10.0.0.1');
    expect(redactText(once)).toBe(once);
  });
});

describe('redactText: no false positives', () => {
  it.each([
    ['dates and times', 'due 2024-11-30 at 10:30, period 2024-Q4, 30/11/2024'],
    ['amounts', 'total $1,234,567.89 and EUR 12.50, growth +12.5%'],
    ['order and invoice ids', 'order ORD-2024-000123, invoice INV-99812, PO 4500012345'],
    ['a 16-digit id that fails Luhn', 'tracking 4111111111111112'],
    ['a Luhn-valid number with no card issuer', 'shipment 1234567812345670'],
    ['epoch milliseconds', 'at 1700000000000 ms'],
    ['a 20-digit reference', 'ref 41111111111111111111'],
    ['an IBAN-shaped code with a bad checksum', 'code DE89370400440532013001'],
    ['version numbers', 'node v20.11.1 and schema 1.2.3'],
    ['an out-of-range dotted quad', 'value 256.1.1.1'],
    ['plain integers and short phone-like numbers', 'qty 5551234, 12 345 items, +2 3'],
    ['SSN-shaped with invalid area', 'case 000-12-3456 and 666-12-3456'],
    ['words that name secrets', 'reset your password via the portal; the api key rotates monthly'],
  ])('%s', (_what, text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('redactPii: deep values', () => {
  it('redacts nested objects and arrays, reports kind and path, and leaves the input untouched', () => {
    const input = {
      customer: { name: 'Jane', email: 'jane@contoso.com', 'home phone': '555-123-4567' },
      lines: [{ note: 'ok' }, { note: 'card 4111111111111111' }],
      amount: 1234.5,
      cardNumber: 4111111111111111,
      when: new Date('2024-01-01T00:00:00Z'),
      flags: [true, null],
    };
    const { value, findings } = redactPii(input);

    expect(value).toEqual({
      customer: { name: 'Jane', email: '[REDACTED:EMAIL]', 'home phone': '[REDACTED:PHONE]' },
      lines: [{ note: 'ok' }, { note: 'card [REDACTED:CREDIT_CARD]' }],
      amount: 1234.5,
      cardNumber: '[REDACTED:CREDIT_CARD]',
      when: new Date('2024-01-01T00:00:00Z'),
      flags: [true, null],
    });
    expect(findings).toEqual([
      { kind: 'EMAIL', path: '$.customer.email' },
      { kind: 'PHONE', path: '$.customer["home phone"]' },
      { kind: 'CREDIT_CARD', path: '$.lines[1].note' },
      { kind: 'CREDIT_CARD', path: '$.cardNumber' },
    ]);
    expect(input.customer.email).toBe('jane@contoso.com');
  });

  it('redacts any string under a secret-named key, whatever it looks like', () => {
    const { value, findings } = redactPii({ db: { password: 'tr0ub4dor', user: 'app' }, apiKey: 'x-123' });
    expect(value).toEqual({
      db: { password: '[REDACTED:SECRET]', user: 'app' },
      apiKey: '[REDACTED:SECRET]',
    });
    expect(findings.map((f) => f.path)).toEqual(['$.db.password', '$.apiKey']);
  });

  it('redacts a bare string and survives cycles', () => {
    expect(redactPii('mail bob@example.org').value).toBe('mail [REDACTED:EMAIL]');
    const cyclic: Record<string, unknown> = { email: 'bob@example.org' };
    cyclic.self = cyclic;
    expect(redactPii(cyclic).value).toEqual({ email: '[REDACTED:EMAIL]', self: '[TRUNCATED]' });
  });
});

describe('checksums', () => {
  it('Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
  });

  it('IBAN mod 97', () => {
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('NL91ABNA0417164300')).toBe(true);
    expect(ibanValid('NL91ABNA0417164301')).toBe(false);
    expect(ibanValid('not an iban')).toBe(false);
  });
});
