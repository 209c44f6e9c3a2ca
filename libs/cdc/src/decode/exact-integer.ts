const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/**
 * A 64-bit integer for JSON: a number while JavaScript can hold it exactly (|v| < 2^53), else
 * its exact decimal string. Debezium writes int64 as a JSON number, which JSON.parse in Node (and
 * any double-based reader) silently rounds beyond 2^53; a string keeps the value.
 */
export function exactInteger(value: bigint): number | string {
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value.toString();
}
