export function isFhirPath(path: string): boolean {
  return path === '/fhir' || path.startsWith('/fhir/');
}
