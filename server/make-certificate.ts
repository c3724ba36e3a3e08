/**
 * `npm run certificate`: makes the HTTPS certificate in DATA_DIR for kiosks on the venue LAN
 * (browsers give the camera and service workers only to secure contexts), signed by a
 * self-made authority of this event that tablets trust once. Its names: localhost, this
 * machine's host name and every LAN IPv4 address it has now; run it again when the laptop
 * gets a new address (the authority stays). Needs the `openssl` program.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';

/** Every non-internal IPv4 address of this machine. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

/** The subjectAltName value for the certificate. */
export function subjectAltNames(host: string, ips: string[]): string {
  const dns = [...new Set(['localhost', host, `${host}.local`].filter((h) => /^[A-Za-z0-9.-]+$/.test(h)))];
  return [...dns.map((d) => `DNS:${d}`), ...['127.0.0.1', ...ips].map((ip) => `IP:${ip}`)].join(',');
}

function openssl(args: string[], cwd: string): string {
  try {
    return execFileSync('openssl', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`openssl ${args[0]} failed: ${String((err as { stderr?: string }).stderr ?? err)}`, { cause: err });
  }
}

function main(): void {
  const dataDir = resolve(process.env.DATA_DIR || './data');
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    console.error('openssl was not found: install it (apt-get install openssl; Git for Windows ships one) and run again');
    process.exit(1);
  }
  mkdirSync(dataDir, { recursive: true });
  // A small certificate authority of this event, made once: tablets trust it once, and the
  // server certificate it signs can be made again for new addresses without touching them.
  const caKey = join(dataDir, 'https-ca-key.pem');
  const ca = join(dataDir, 'https-ca.pem');
  if (!existsSync(ca) || !existsSync(caKey)) {
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-sha256', '-nodes', '-days', '3650', '-keyout', caKey, '-out', ca,
      '-subj', '/CN=Kezek event CA/O=Kezek', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dataDir);
    chmodSync(caKey, 0o600);
  }
  const key = join(dataDir, 'https-key.pem');
  const cert = join(dataDir, 'https-cert.pem');
  const csr = join(dataDir, 'https.csr');
  const ext = join(dataDir, 'https-ext.cnf');
  const san = subjectAltNames(hostname(), lanAddresses());
  writeFileSync(ext, [`subjectAltName = ${san}`, 'basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature, keyEncipherment', 'extendedKeyUsage = serverAuth', ''].join('\n'));
  try {
    openssl(['req', '-newkey', 'rsa:2048', '-sha256', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=Kezek kiosk server/O=Kezek'], dataDir);
    chmodSync(key, 0o600);
    // 825 days: the longest validity Apple devices accept for a server certificate.
    openssl(['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-days', '825', '-sha256', '-extfile', ext, '-out', cert], dataDir);
    // Browsers want the chain: server certificate, then the authority.
    writeFileSync(cert, readFileSync(cert, 'utf8') + readFileSync(ca, 'utf8'));
  } finally {
    for (const f of [csr, ext]) if (existsSync(f)) rmSync(f);
  }
  const fingerprint = openssl(['x509', '-in', ca, '-noout', '-fingerprint', '-sha256'], dataDir).trim();
  console.log(`Made ${cert} and ${key}, signed by ${ca}`);
  console.log(`Names: ${san}`);
  console.log(`Authority ${fingerprint}`);
  console.log('Start with HTTPS=1 npm start. Each tablet downloads /kiosk-certificate.crt from the server once and trusts it (README: "HTTPS on the venue LAN").');
}

if (import.meta.url === `file://${process.argv[1]}`) main();
