import type { PatientAddress } from '../domain/patient';

/**
 * PAT_ADDR packs an address into one VARCHAR(200) as 'line1|line2|city|state|zip'. The old
 * screens had no second street line, so many rows leave it empty ('12 Elm St||Rootford|MA|01001').
 * No address on file is '' rather than '||||'; a value without exactly five parts, or with five
 * empty ones, cannot be read back unambiguously and is refused.
 */
export const ADDRESS_DELIMITER = '|';
export const PACKED_ADDRESS_WIDTH = 200;
const PARTS = 5;

export const PACKED_ADDRESS_EXPECTED =
  "'' or 'line1|line2|city|state|zip' (five parts, at least one not empty)";

export function isPackedAddress(packed: string): boolean {
  if (packed === '') return true;
  const parts = packed.split(ADDRESS_DELIMITER);
  return parts.length === PARTS && parts.some((part) => part !== '');
}

/** The caller has checked the value with isPackedAddress. */
export function unpackAddress(packed: string): PatientAddress | null {
  if (packed === '') return null;
  const [line1 = '', line2 = '', city = '', state = '', zip = ''] = packed.split(ADDRESS_DELIMITER);
  const line = line2 !== '' ? [line1, line2] : line1 !== '' ? [line1] : [];
  return { line, city: city || null, state: state || null, postalCode: zip || null };
}

export function addressParts(address: PatientAddress): string[] {
  return [
    address.line[0] ?? '',
    address.line[1] ?? '',
    address.city ?? '',
    address.state ?? '',
    address.postalCode ?? '',
  ];
}

export function packAddress(address: PatientAddress | null): string {
  return address === null ? '' : addressParts(address).join(ADDRESS_DELIMITER);
}
