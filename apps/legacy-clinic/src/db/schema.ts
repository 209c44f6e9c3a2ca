import { type Pool } from 'mysql2/promise';

/**
 * The legacy clinic schema, exactly as the monolith left it: cryptic upper-case names, CHAR dates,
 * one-letter codes, no foreign keys (the application enforces them, mostly). Every table has a
 * primary key and the shape never changes at run time, because the CDC connector reads these
 * tables from the binlog and the carved-out services depend on their layout.
 */
const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

export const CLINIC_TABLES = [
  'PATIENT_MST',
  'PRAC_MST',
  'APPT_TRN',
  'BILL_HDR',
  'BILL_LN',
  'BILL_PMT',
] as const;

export type ClinicTable = (typeof CLINIC_TABLES)[number];

export const CLINIC_DDL: Record<ClinicTable, string> = {
  PATIENT_MST: `CREATE TABLE IF NOT EXISTS PATIENT_MST (
    PAT_ID      INT NOT NULL AUTO_INCREMENT,
    PAT_FNAME   VARCHAR(40) NOT NULL DEFAULT '',
    PAT_LNAME   VARCHAR(40) NOT NULL DEFAULT '',
    PAT_MNAME   VARCHAR(40) NOT NULL DEFAULT '',
    PAT_DOB     CHAR(8) NOT NULL DEFAULT '00000000' COMMENT 'YYYYMMDD, 00000000 = unknown',
    PAT_SEX     CHAR(1) NOT NULL DEFAULT '' COMMENT 'M/F/U or blank',
    PAT_STAT    CHAR(1) NOT NULL DEFAULT 'A' COMMENT 'A active, I inactive, D deceased, M merged',
    PAT_ADDR    VARCHAR(200) NOT NULL DEFAULT '' COMMENT 'line1|line2|city|state|zip',
    PAT_PHONE   VARCHAR(30) NOT NULL DEFAULT '' COMMENT 'free-form',
    PAT_EMAIL   VARCHAR(100) NOT NULL DEFAULT '' COMMENT 'blank = none',
    PAT_MRG_TO  INT NOT NULL DEFAULT 0 COMMENT 'surviving PAT_ID when PAT_STAT = M',
    PAT_CRT_DT  CHAR(14) NOT NULL DEFAULT '' COMMENT 'YYYYMMDDHHMMSS UTC',
    PAT_UPD_DT  CHAR(14) NOT NULL DEFAULT '' COMMENT 'YYYYMMDDHHMMSS UTC',
    PAT_VER     INT NOT NULL DEFAULT 1 COMMENT 'optimistic lock, +1 on every update',
    PRIMARY KEY (PAT_ID),
    KEY IX_PAT_NAME (PAT_LNAME, PAT_FNAME),
    KEY IX_PAT_DOB (PAT_DOB),
    KEY IX_PAT_MRG (PAT_MRG_TO)
  ) ${TABLE_OPTIONS}`,

  PRAC_MST: `CREATE TABLE IF NOT EXISTS PRAC_MST (
    PRAC_ID     INT NOT NULL AUTO_INCREMENT,
    PRAC_FNAME  VARCHAR(40) NOT NULL DEFAULT '',
    PRAC_LNAME  VARCHAR(40) NOT NULL DEFAULT '',
    PRAC_SPEC   VARCHAR(4) NOT NULL DEFAULT '' COMMENT 'specialty code, see PRAC_SPEC_CODES',
    PRAC_NPI    CHAR(10) NOT NULL DEFAULT '',
    PRAC_ACTV   CHAR(1) NOT NULL DEFAULT 'Y' COMMENT 'Y/N',
    PRAC_CRT_DT CHAR(14) NOT NULL DEFAULT '',
    PRAC_UPD_DT CHAR(14) NOT NULL DEFAULT '',
    PRIMARY KEY (PRAC_ID),
    KEY IX_PRAC_NAME (PRAC_LNAME, PRAC_FNAME)
  ) ${TABLE_OPTIONS}`,

  APPT_TRN: `CREATE TABLE IF NOT EXISTS APPT_TRN (
    APPT_ID      INT NOT NULL AUTO_INCREMENT,
    APPT_PAT_ID  INT NOT NULL,
    APPT_PRAC_ID INT NOT NULL,
    APPT_DT      CHAR(8) NOT NULL COMMENT 'YYYYMMDD',
    APPT_TM      CHAR(4) NOT NULL COMMENT 'HHMM',
    APPT_DUR     SMALLINT NOT NULL DEFAULT 30 COMMENT 'minutes',
    APPT_STAT    CHAR(1) NOT NULL DEFAULT 'B' COMMENT 'B booked, C completed, N no-show, X cancelled',
    APPT_RSN     VARCHAR(100) NOT NULL DEFAULT '',
    APPT_CXL_RSN VARCHAR(100) NOT NULL DEFAULT '',
    APPT_CRT_DT  CHAR(14) NOT NULL DEFAULT '',
    APPT_UPD_DT  CHAR(14) NOT NULL DEFAULT '',
    PRIMARY KEY (APPT_ID),
    KEY IX_APPT_PRAC_DT (APPT_PRAC_ID, APPT_DT, APPT_TM),
    KEY IX_APPT_DT (APPT_DT, APPT_TM),
    KEY IX_APPT_PAT (APPT_PAT_ID)
  ) ${TABLE_OPTIONS}`,

  BILL_HDR: `CREATE TABLE IF NOT EXISTS BILL_HDR (
    BILL_ID      INT NOT NULL AUTO_INCREMENT,
    BILL_PAT_ID  INT NOT NULL,
    BILL_APPT_ID INT NOT NULL DEFAULT 0 COMMENT '0 = not tied to a visit',
    BILL_DT      CHAR(8) NOT NULL COMMENT 'YYYYMMDD',
    BILL_STAT    CHAR(1) NOT NULL DEFAULT 'O' COMMENT 'O open, P paid, V void',
    BILL_TOT     DECIMAL(10,2) NOT NULL DEFAULT 0.00,
    BILL_CRT_DT  CHAR(14) NOT NULL DEFAULT '',
    BILL_UPD_DT  CHAR(14) NOT NULL DEFAULT '',
    PRIMARY KEY (BILL_ID),
    KEY IX_BILL_PAT (BILL_PAT_ID),
    KEY IX_BILL_APPT (BILL_APPT_ID)
  ) ${TABLE_OPTIONS}`,

  BILL_LN: `CREATE TABLE IF NOT EXISTS BILL_LN (
    BL_BILL_ID  INT NOT NULL,
    BL_LN_NO    SMALLINT NOT NULL COMMENT '1-based within the invoice',
    BL_CPT      CHAR(5) NOT NULL DEFAULT '',
    BL_DESC     VARCHAR(60) NOT NULL DEFAULT '',
    BL_QTY      SMALLINT NOT NULL DEFAULT 1,
    BL_AMT      DECIMAL(10,2) NOT NULL DEFAULT 0.00 COMMENT 'unit price; line total = BL_QTY * BL_AMT',
    PRIMARY KEY (BL_BILL_ID, BL_LN_NO)
  ) ${TABLE_OPTIONS}`,

  BILL_PMT: `CREATE TABLE IF NOT EXISTS BILL_PMT (
    PMT_ID      INT NOT NULL AUTO_INCREMENT,
    PMT_BILL_ID INT NOT NULL,
    PMT_DT      CHAR(8) NOT NULL COMMENT 'YYYYMMDD',
    PMT_AMT     DECIMAL(10,2) NOT NULL,
    PMT_METH    CHAR(2) NOT NULL DEFAULT 'CA' COMMENT 'CA cash, CK cheque, CC card, IN insurance',
    PMT_REF     VARCHAR(30) NOT NULL DEFAULT '',
    PMT_CRT_DT  CHAR(14) NOT NULL DEFAULT '',
    PRIMARY KEY (PMT_ID),
    KEY IX_PMT_BILL (PMT_BILL_ID)
  ) ${TABLE_OPTIONS}`,
};

/** Creates any missing table; safe to run on every start. */
export async function applyClinicSchema(pool: Pool): Promise<void> {
  for (const table of CLINIC_TABLES) {
    await pool.query(CLINIC_DDL[table]);
  }
}
