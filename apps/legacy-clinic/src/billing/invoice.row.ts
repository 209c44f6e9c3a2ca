import { type RowDataPacket } from 'mysql2/promise';

/** O open, P paid, V void. */
export type InvoiceStatus = 'O' | 'P' | 'V';

/** BILL_HDR; amounts are DECIMAL(10,2) and arrive as strings ('125.50'). */
export interface InvoiceHeaderRow extends RowDataPacket {
  BILL_ID: number;
  BILL_PAT_ID: number;
  BILL_APPT_ID: number;
  BILL_DT: string;
  BILL_STAT: InvoiceStatus;
  BILL_TOT: string;
  BILL_CRT_DT: string;
  BILL_UPD_DT: string;
}

/** The header plus what has been paid on it, summed by the query. */
export interface InvoiceWithPaidRow extends InvoiceHeaderRow {
  BILL_PAID: string;
}

export interface InvoiceLineRow extends RowDataPacket {
  BL_BILL_ID: number;
  BL_LN_NO: number;
  BL_CPT: string;
  BL_DESC: string;
  BL_QTY: number;
  /** Unit price; the line's total is BL_QTY * BL_AMT. */
  BL_AMT: string;
}

/** CA cash, CK cheque, CC card, IN insurance. */
export type PaymentMethod = 'CA' | 'CK' | 'CC' | 'IN';

export interface PaymentRow extends RowDataPacket {
  PMT_ID: number;
  PMT_BILL_ID: number;
  PMT_DT: string;
  PMT_AMT: string;
  PMT_METH: PaymentMethod;
  PMT_REF: string;
  PMT_CRT_DT: string;
}
