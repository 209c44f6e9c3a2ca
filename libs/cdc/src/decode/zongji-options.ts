/**
 * mysql2 connection options the binlog reader must give zongji so row values arrive exact:
 * temporal values as strings keep all six fractional digits (a Date keeps three), TIMESTAMP is
 * rendered in UTC rather than the process's zone, and JSON stays the document text.
 * Spread them into the zongji constructor's connection options.
 */
export const ZONGJI_DECODE_OPTIONS = {
  dateStrings: true,
  timezone: 'Z',
  jsonStrings: true,
  decimalNumbers: false,
} as const;
