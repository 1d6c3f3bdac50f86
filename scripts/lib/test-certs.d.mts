/** A PEM certificate and its (unencrypted, PKCS#1) private key. */
export interface CertificatePair {
  cert: string;
  key: string;
}

/** Certificates made at test time: `server` (SAN 127.0.0.1, localhost) and `client` are signed by `ca`; `otherCa` signs nothing. */
export interface TestCertificates {
  ca: CertificatePair;
  server: CertificatePair;
  client: CertificatePair;
  otherCa: CertificatePair;
}

/** Generates the set once per process and returns the same one afterwards. */
export function generateTestCertificates(): TestCertificates;
