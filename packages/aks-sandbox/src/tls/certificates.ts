import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface CertificateAuthority {
  certPem: string;
  keyPem: string;
}

export interface ServerCertificate {
  certPem: string;
  keyPem: string;
}

/** The CA certificate clients trust; `sandbox start` names it for NODE_EXTRA_CA_CERTS. */
export const CA_CERT_FILE = 'ca.pem';
const CA_KEY_FILE = 'ca-key.pem';
export const CA_FILES = [CA_CERT_FILE, CA_KEY_FILE];

/**
 * Loads the sandbox CA from the data folder, or makes one. Keeping it across
 * restarts matters: kubeconfigs and test fixtures hold its PEM as their trust
 * root.
 */
export function loadOrCreateCa(
  dataDir: string | undefined,
): CertificateAuthority {
  const certPath = dataDir && path.join(dataDir, CA_CERT_FILE);
  const keyPath = dataDir && path.join(dataDir, CA_KEY_FILE);
  if (
    certPath &&
    keyPath &&
    fs.existsSync(certPath) &&
    fs.existsSync(keyPath)
  ) {
    return {
      certPem: fs.readFileSync(certPath, 'utf8'),
      keyPem: fs.readFileSync(keyPath, 'utf8'),
    };
  }
  const ca = createCa();
  if (certPath && keyPath) {
    fs.mkdirSync(dataDir!, { recursive: true });
    fs.writeFileSync(keyPath, ca.keyPem, { mode: 0o600 });
    fs.writeFileSync(certPath, ca.certPem);
  }
  return ca;
}

function createCa(): CertificateAuthority {
  const keys = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600_000);
  const subject = [{ name: 'commonName', value: 'AKS Access Sandbox CA' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return {
    certPem: forge.pki.certificateToPem(cert),
    keyPem: forge.pki.privateKeyToPem(keys.privateKey),
  };
}

/** A leaf certificate for the loopback names every sandbox server listens on. */
export function issueServerCertificate(
  ca: CertificateAuthority,
  hostnames: string[] = ['localhost', '127.0.0.1'],
): ServerCertificate {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const keys = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  // Below the 398-day ceiling some TLS stacks enforce on leaf certificates.
  cert.validity.notAfter = new Date(Date.now() + 397 * 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: hostnames[0] }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    {
      name: 'keyUsage',
      digitalSignature: true,
      keyEncipherment: true,
      critical: true,
    },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: hostnames.map(h =>
        /^[\d.]+$/.test(h) ? { type: 7, ip: h } : { type: 2, value: h },
      ),
    },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return {
    certPem: forge.pki.certificateToPem(cert),
    keyPem: forge.pki.privateKeyToPem(keys.privateKey),
  };
}

/* node:crypto makes the key (forge's pure-JS RSA generation takes seconds);
 * forge does the X.509 part. */
function rsaKeyPair() {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const forgeKey = forge.pki.privateKeyFromPem(
    privateKey,
  ) as forge.pki.rsa.PrivateKey;
  return {
    privateKey: forgeKey,
    publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e),
  };
}

function randomSerial(): string {
  // A positive serial: forge encodes it as given, and a leading 1 bit would make it negative.
  return `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
}
