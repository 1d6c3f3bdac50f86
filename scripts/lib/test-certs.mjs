// Certificates for TLS tests, made at test time: a CA, a server certificate for 127.0.0.1/localhost,
// a client certificate (mTLS), and an unrelated CA. Keys come from node:crypto (fast); node-forge signs.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

let cached;

/** The same set for the whole process (generated once). */
export function generateTestCertificates() {
  cached ??= build();
  return cached;
}

function build() {
  const ca = selfSigned('srx test CA');
  const otherCa = selfSigned('srx other CA');
  const server = issued(ca, 'localhost', [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
  ], { serverAuth: true });
  const client = issued(ca, 'srx test client', [], { clientAuth: true });
  return { ca: pems(ca), otherCa: pems(otherCa), server: pems(server), client: pems(client) };
}

function keyPair() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function baseCert(publicKey, commonName) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  return cert;
}

function selfSigned(commonName) {
  const keys = keyPair();
  const cert = baseCert(keys.publicKey, commonName);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, keys };
}

function issued(ca, commonName, altNames, usage) {
  const keys = keyPair();
  const cert = baseCert(keys.publicKey, commonName);
  cert.setIssuer(ca.cert.subject.attributes);
  const extensions = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', ...usage },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ];
  if (altNames.length > 0) extensions.push({ name: 'subjectAltName', altNames });
  cert.setExtensions(extensions);
  cert.sign(ca.keys.privateKey, forge.md.sha256.create());
  return { cert, keys };
}

function pems({ cert, keys }) {
  return { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) };
}
