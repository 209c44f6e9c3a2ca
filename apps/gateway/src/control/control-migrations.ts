/**
 * The control store's schema, as ordered migrations. A migration is never edited once released:
 * a change is a new entry. MariaDB's JSON is LONGTEXT with a json_valid check; MySQL's is native.
 */
export interface Migration {
  id: number;
  name: string;
  statements: string[];
}

export const CONTROL_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'routes, version counter and audit log',
    statements: [
      `CREATE TABLE IF NOT EXISTS ficus_control_version (
        id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
        version BIGINT UNSIGNED NOT NULL
      ) ENGINE=InnoDB`,
      `INSERT IGNORE INTO ficus_control_version (id, version) VALUES (1, 0)`,
      `CREATE TABLE IF NOT EXISTS ficus_routes (
        name VARCHAR(128) NOT NULL PRIMARY KEY,
        definition JSON NOT NULL,
        mode VARCHAR(16) NOT NULL,
        weight TINYINT UNSIGNED NOT NULL,
        previous_mode VARCHAR(16) NULL,
        previous_weight TINYINT UNSIGNED NULL,
        version BIGINT UNSIGNED NOT NULL,
        updated_at DATETIME(3) NOT NULL
      ) ENGINE=InnoDB`,
      `CREATE TABLE IF NOT EXISTS ficus_audit (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        at DATETIME(3) NOT NULL,
        actor VARCHAR(255) NOT NULL,
        route VARCHAR(128) NOT NULL,
        action VARCHAR(32) NOT NULL,
        before_json JSON NULL,
        after_json JSON NULL,
        reason VARCHAR(1000) NOT NULL,
        KEY ficus_audit_route (route, id)
      ) ENGINE=InnoDB`,
    ],
  },
  {
    id: 2,
    name: 'strangling progress per endpoint',
    statements: [
      // Templates only (endpoint-template.ts): ids collapsed, no query string, ASCII.
      `CREATE TABLE IF NOT EXISTS ficus_progress (
        route VARCHAR(128) NOT NULL,
        method VARCHAR(8) CHARACTER SET ascii NOT NULL,
        template VARCHAR(255) CHARACTER SET ascii NOT NULL,
        legacy BIGINT UNSIGNED NOT NULL,
        new BIGINT UNSIGNED NOT NULL,
        gateway BIGINT UNSIGNED NOT NULL,
        unrouted BIGINT UNSIGNED NOT NULL,
        fail_open BIGINT UNSIGNED NOT NULL,
        first_hit DATETIME(3) NOT NULL,
        last_hit DATETIME(3) NOT NULL,
        last_legacy DATETIME(3) NULL,
        last_new DATETIME(3) NULL,
        last_unrouted DATETIME(3) NULL,
        PRIMARY KEY (route, method, template)
      ) ENGINE=InnoDB`,
      `CREATE TABLE IF NOT EXISTS ficus_progress_since (
        id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
        since DATETIME(3) NOT NULL
      ) ENGINE=InnoDB`,
      `INSERT IGNORE INTO ficus_progress_since (id, since) VALUES (1, UTC_TIMESTAMP(3))`,
    ],
  },
  {
    id: 3,
    name: 'step schedules',
    statements: [
      `CREATE TABLE IF NOT EXISTS ficus_schedules (
        route VARCHAR(128) NOT NULL PRIMARY KEY,
        revision BIGINT UNSIGNED NOT NULL,
        state VARCHAR(16) NOT NULL,
        record JSON NOT NULL,
        updated_at DATETIME(3) NOT NULL
      ) ENGINE=InnoDB`,
    ],
  },
];

export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS ficus_control_migrations (
  id INT UNSIGNED NOT NULL PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  applied_at DATETIME(3) NOT NULL
) ENGINE=InnoDB`;
