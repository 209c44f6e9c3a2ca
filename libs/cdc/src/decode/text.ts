import { TextDecoder } from 'node:util';
import type { ColumnSchema } from '../schema/table-schema';
import { decodeError } from './decode-error';

// MySQL charset names → WHATWG encoding labels. MySQL's latin1 (cp1252) is decoded below; UCS-2,
// UTF-16 and UTF-32 are big-endian. https://dev.mysql.com/doc/refman/8.0/en/charset-charsets.html
const ENCODINGS: Record<string, string> = {
  utf8: 'utf-8',
  utf8mb3: 'utf-8',
  utf8mb4: 'utf-8',
  ascii: 'utf-8',
  latin2: 'iso-8859-2',
  cp1250: 'windows-1250',
  cp1251: 'windows-1251',
  cp1256: 'windows-1256',
  cp1257: 'windows-1257',
  greek: 'iso-8859-7',
  hebrew: 'iso-8859-8',
  latin5: 'windows-1254',
  latin7: 'iso-8859-13',
  koi8r: 'koi8-r',
  koi8u: 'koi8-u',
  ucs2: 'utf-16be',
  utf16: 'utf-16be',
  utf16le: 'utf-16le',
  sjis: 'shift_jis',
  cp932: 'shift_jis',
  ujis: 'euc-jp',
  eucjpms: 'euc-jp',
  euckr: 'euc-kr',
  gbk: 'gbk',
  gb2312: 'gbk',
  gb18030: 'gb18030',
  big5: 'big5',
};

const decoders = new Map<string, TextDecoder>();

/** CHAR, VARCHAR, TEXT, JSON (MariaDB's is LONGTEXT) → string, decoded in the column's charset. */
export function decodeText(column: ColumnSchema, value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Buffer.isBuffer(value)) {
    if (value !== null && typeof value === 'object') return JSON.stringify(value);
    throw decodeError(column, `expected text, got ${typeof value}`);
  }
  const charset = column.charset ?? 'utf8mb4';
  if (charset === 'utf32') return decodeUtf32(value);
  if (charset === 'latin1') return decodeCp1252(value);
  return decoderFor(column, charset).decode(value);
}

function decoderFor(column: ColumnSchema, charset: string): TextDecoder {
  const label = ENCODINGS[charset] ?? charset;
  let decoder = decoders.get(label);
  if (!decoder) {
    try {
      decoder = new TextDecoder(label);
    } catch {
      throw decodeError(column, `character set ${charset} is not supported by the decoder`);
    }
    decoders.set(label, decoder);
  }
  return decoder;
}

// MySQL's latin1 is cp1252; 0x80-0x9F hold printable characters there (Node 20's TextDecoder
// decodes 'windows-1252' as ISO-8859-1, so the table is spelled out). 0x81, 0x8D, 0x8F, 0x90
// and 0x9D are unassigned and map to the same-numbered C1 controls, as MySQL converts them.
const CP1252_80_9F = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeCp1252(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) {
    text += String.fromCharCode(
      byte >= 0x80 && byte <= 0x9f ? (CP1252_80_9F[byte - 0x80] ?? byte) : byte,
    );
  }
  return text;
}

function decodeUtf32(bytes: Buffer): string {
  const codePoints: number[] = [];
  for (let i = 0; i + 3 < bytes.length; i += 4) codePoints.push(bytes.readUInt32BE(i));
  return String.fromCodePoint(...codePoints);
}
