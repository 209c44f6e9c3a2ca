/** A table a DDL statement touches; `database` is resolved against the statement's default one. */
export interface TableRef {
  database: string;
  table: string;
}

export type TableDdlKind = 'create-table' | 'alter-table' | 'drop-table' | 'truncate';

export type DdlStatement =
  | { kind: TableDdlKind; tables: TableRef[] }
  | { kind: 'rename-table'; renames: Array<{ from: TableRef; to: TableRef }> }
  | { kind: 'database'; database: string }
  | { kind: 'other' };

const IDENT = String.raw`(?:\x60(?:[^\x60]|\x60\x60)+\x60|[\w$]+)`;
const NAME = String.raw`${IDENT}(?:\s*\.\s*${IDENT})?`;
const NAME_LIST = String.raw`${NAME}(?:\s*,\s*${NAME})*`;

const PATTERNS: Array<[TableDdlKind, RegExp]> = [
  [
    'create-table',
    new RegExp(
      String.raw`^CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(${NAME})`,
      'i',
    ),
  ],
  [
    'alter-table',
    new RegExp(
      String.raw`^ALTER\s+(?:ONLINE\s+)?(?:IGNORE\s+)?TABLE\s+(?:IF\s+EXISTS\s+)?(${NAME})`,
      'i',
    ),
  ],
  [
    'alter-table',
    new RegExp(
      String.raw`^(?:CREATE|DROP)\s+(?:OR\s+REPLACE\s+)?(?:ONLINE\s+)?(?:UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?INDEX\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?${IDENT}\s+ON\s+(${NAME})`,
      'i',
    ),
  ],
  [
    'drop-table',
    new RegExp(
      String.raw`^DROP\s+(?:TEMPORARY\s+)?TABLES?\s+(?:IF\s+EXISTS\s+)?(${NAME_LIST})`,
      'i',
    ),
  ],
  ['truncate', new RegExp(String.raw`^TRUNCATE\s+(?:TABLE\s+)?(${NAME})`, 'i')],
];

const DATABASE = new RegExp(
  String.raw`^(?:CREATE|DROP|ALTER)\s+(?:DATABASE|SCHEMA)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(${IDENT})`,
  'i',
);
const RENAME = new RegExp(String.raw`^RENAME\s+TABLES?\s+`, 'i');
const RENAME_PAIR = new RegExp(String.raw`(${NAME})\s+TO\s+(${NAME})`, 'gi');
const ALTER_RENAME = new RegExp(
  String.raw`\bRENAME\s+(?:TO\s+|AS\s+)?(?!COLUMN\b|INDEX\b|KEY\b)(${NAME})\s*$`,
  'i',
);
const DDL_VERB = /^(?:CREATE|ALTER|DROP|RENAME|TRUNCATE)\b/i;

/**
 * Classifies the SQL of a binlog QUERY event: which tables a DDL statement creates, changes,
 * renames, drops or truncates. Returns undefined for everything that is not DDL (BEGIN, COMMIT,
 * statement-logged DML), so the caller can hand every QUERY event to it.
 */
export function classifyDdl(defaultDatabase: string, sql: string): DdlStatement | undefined {
  const text = stripComments(sql).trim();
  if (!DDL_VERB.test(text)) return undefined;
  const database = DATABASE.exec(text);
  if (database?.[1]) return { kind: 'database', database: unquote(database[1]) };
  if (RENAME.test(text))
    return { kind: 'rename-table', renames: renamePairs(defaultDatabase, text) };
  for (const [kind, pattern] of PATTERNS) {
    const match = pattern.exec(text);
    if (!match?.[1]) continue;
    const tables = splitNames(match[1]).map((name) => tableRef(defaultDatabase, name));
    const renamedTo = kind === 'alter-table' ? ALTER_RENAME.exec(text)?.[1] : undefined;
    if (renamedTo && tables[0]) {
      return {
        kind: 'rename-table',
        renames: [{ from: tables[0], to: tableRef(defaultDatabase, renamedTo) }],
      };
    }
    return { kind, tables };
  }
  return { kind: 'other' };
}

const DROP_TABLE_PREFIX = /^\s*DROP\s+(?:TEMPORARY\s+)?TABLES?\s+(?:IF\s+EXISTS\s+)?/i;

/** The words of a DROP TABLE statement before its table list (`DROP TABLE IF EXISTS `). */
export function dropTablePrefix(sql: string): string {
  return DROP_TABLE_PREFIX.exec(stripComments(sql))?.[0].trimStart() ?? 'DROP TABLE ';
}

function renamePairs(
  defaultDatabase: string,
  text: string,
): Array<{ from: TableRef; to: TableRef }> {
  return [...text.replace(RENAME, '').matchAll(RENAME_PAIR)].map((m) => ({
    from: tableRef(defaultDatabase, m[1] ?? ''),
    to: tableRef(defaultDatabase, m[2] ?? ''),
  }));
}

function tableRef(defaultDatabase: string, name: string): TableRef {
  const parts = [...name.matchAll(new RegExp(IDENT, 'g'))].map((m) => unquote(m[0]));
  return parts.length > 1
    ? { database: parts[0] ?? defaultDatabase, table: parts[1] ?? '' }
    : { database: defaultDatabase, table: parts[0] ?? '' };
}

function splitNames(list: string): string[] {
  return [...list.matchAll(new RegExp(NAME, 'g'))].map((m) => m[0]);
}

function unquote(identifier: string): string {
  return identifier.startsWith('`') ? identifier.slice(1, -1).replace(/``/g, '`') : identifier;
}

/** Drops comments, keeping MariaDB/MySQL executable comments' bodies, which the server runs. */
function stripComments(sql: string): string {
  return sql
    .replace(/\/\*[!M]!?\d*\s?([\s\S]*?)\*\//g, '$1')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(?:--\s|#)[^\n]*/g, ' ');
}
