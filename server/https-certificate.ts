import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** HTTPS options from the self-signed certificate in `dataDir` (made by `npm run certificate`). */
export function httpsOptions(dataDir: string): { key: Buffer; cert: Buffer } {
  const key = join(dataDir, 'https-key.pem');
  const cert = join(dataDir, 'https-cert.pem');
  if (!existsSync(key) || !existsSync(cert)) {
    throw new Error(`HTTPS=1 needs ${key} and ${cert}; make them with: npm run certificate`);
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}
