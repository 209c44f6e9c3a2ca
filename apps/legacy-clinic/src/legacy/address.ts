/**
 * PAT_ADDR packs a postal address into one column as 'line1|line2|city|state|zip'. The original
 * screens had no field for a second street line, so many rows leave it empty ('12 Elm St||...').
 * A patient with no address on file holds '' rather than '||||'.
 */
export interface LegacyAddress {
  line1: string;
  line2: string;
  city: string;
  state: string;
  zip: string;
}

export const ADDRESS_DELIMITER = '|';

export function packAddress(address: LegacyAddress): string {
  const parts = [address.line1, address.line2, address.city, address.state, address.zip];
  return parts.every((part) => part === '') ? '' : parts.join(ADDRESS_DELIMITER);
}

/** Tolerant of short values: missing trailing parts read as ''. */
export function unpackAddress(packed: string): LegacyAddress {
  const [line1 = '', line2 = '', city = '', state = '', zip = ''] = packed.split(ADDRESS_DELIMITER);
  return { line1, line2, city, state, zip };
}
