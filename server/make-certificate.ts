/**
 * `npm run certificate`: makes the HTTPS certificate in DATA_DIR for kiosks on the venue LAN
 * (browsers give the camera and service workers only to secure contexts), signed by a
 * self-made authority of this event that tablets trust once (kept in DATA_DIR, or in PostgreSQL
 * with DATABASE_URL). Its names: localhost, this machine's host name and every LAN IPv4 address
 * it has now; run it again when the laptop gets a new address (the authority stays). Needs the
 * `openssl` program.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EventSecrets } from './db/durable-store.ts';
import { openPostgresStore } from './db/postgres-store.ts';
import { fileSecrets } from './db/sqlite-records.ts';

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

/** The event's authority's key: made once, kept in the durable store (with DATABASE_URL, shared by every server of the event). */
function authorityKey(dir: string): string {
  return openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], dir);
}

/** The authority's own certificate, for `key`: whichever server makes it first, it matches the one key kept. */
function authorityCertificate(dir: string, keyFile: string): string {
  return openssl(['req', '-x509', '-key', keyFile, '-sha256', '-days', '3650', '-subj', '/CN=Kezek event CA/O=Kezek',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
}

/**
 * Makes this server's HTTPS certificate in `dataDir` (`https-key.pem`, `https-cert.pem`: this
 * machine's names and addresses), signed by the event's authority, kept in `secrets` and made
 * there the first time. SQLite mode keeps the authority as DATA_DIR's `https-ca-key.pem` and
 * `https-ca.pem`; with DATABASE_URL it is in PostgreSQL, so each server of the event signs its own
 * certificate with the one authority the tablets trust. Returns what it made.
 */
export async function makeCertificate(dataDir: string, secrets: EventSecrets): Promise<{ cert: string; authority: string; names: string }> {
  mkdirSync(dataDir, { recursive: true });
  // The authority's key reaches openssl as a file of a folder only this user reads, removed after.
  const work = mkdtempSync(join(tmpdir(), 'kezek-certificate-'));
  try {
    const caKey = join(work, 'ca-key.pem');
    writeFileSync(caKey, `${await secrets.getOrCreate('https-ca-key', () => authorityKey(work))}\n`, { mode: 0o600 });
    const authority = `${await secrets.getOrCreate('https-ca-cert', () => authorityCertificate(work, caKey))}\n`;
    const ca = join(work, 'ca.pem');
    writeFileSync(ca, authority);
    const key = join(dataDir, 'https-key.pem');
    const cert = join(dataDir, 'https-cert.pem');
    const csr = join(work, 'https.csr');
    const ext = join(work, 'https-ext.cnf');
    const names = subjectAltNames(hostname(), lanAddresses());
    writeFileSync(ext, [`subjectAltName = ${names}`, 'basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature, keyEncipherment', 'extendedKeyUsage = serverAuth', ''].join('\n'));
    openssl(['req', '-newkey', 'rsa:2048', '-sha256', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=Kezek kiosk server/O=Kezek'], work);
    chmodSync(key, 0o600);
    // 825 days: the longest validity Apple devices accept for a server certificate.
    openssl(['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-days', '825', '-sha256', '-extfile', ext, '-out', cert], work);
    // Browsers want the chain: server certificate, then the authority.
    writeFileSync(cert, readFileSync(cert, 'utf8') + authority);
    return { cert, authority, names };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const dataDir = resolve(process.env.DATA_DIR || './data');
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    console.error('openssl was not found: install it (apt-get install openssl; Git for Windows ships one) and run again');
    process.exit(1);
  }
  const databaseUrl = process.env.DATABASE_URL;
  const store = databaseUrl ? await openPostgresStore(databaseUrl, { error: (obj, msg) => console.error(msg, obj) }, 1) : null;
  try {
    const { cert, authority, names } = await makeCertificate(dataDir, store ? store.secrets : fileSecrets(dataDir));
    const work = mkdtempSync(join(tmpdir(), 'kezek-certificate-'));
    try {
      writeFileSync(join(work, 'ca.pem'), authority);
      const fingerprint = openssl(['x509', '-in', 'ca.pem', '-noout', '-fingerprint', '-sha256'], work).trim();
      console.log(`Made ${cert} and its key, signed by the event's authority (${store ? 'kept in PostgreSQL, DATABASE_URL' : `${join(dataDir, 'https-ca.pem')}`})`);
      console.log(`Names: ${names}`);
      console.log(`Authority ${fingerprint}`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  } finally {
    await store?.close();
  }
  console.log('Start with HTTPS=1 npm start. Each tablet downloads /kiosk-certificate.crt from the server once and trusts it (README: "HTTPS on the venue LAN").');
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
