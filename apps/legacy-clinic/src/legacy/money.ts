/**
 * Amounts are DECIMAL(10,2) in the schema and strings in JSON, so no cent is lost to binary
 * floating point. Arithmetic happens on whole cents as bigint.
 */
const AMOUNT = /^(-?)(\d{1,20})(?:\.(\d{1,2}))?$/;

/** Largest value a DECIMAL(10,2) column holds, in cents. */
export const MAX_CENTS = 9_999_999_999n;

/** '12.5' → 1250n, '-0.50' → -50n; anything that is not a plain amount with at most 2 decimals → null. */
export function parseCents(text: string): bigint | null {
  const match = AMOUNT.exec(text);
  if (!match) return null;
  const whole = BigInt(match[2] ?? '0');
  const fraction = BigInt((match[3] ?? '').padEnd(2, '0'));
  const cents = whole * 100n + fraction;
  return match[1] === '-' ? -cents : cents;
}

/** 1250n → '12.50', the same text MariaDB returns for a DECIMAL(10,2). */
export function formatCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
