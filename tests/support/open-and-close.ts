// Opens the app on DATA_DIR, records one scan and closes it, with nothing else keeping the
// process alive; prints `closed` once `app.close()` has finished. Run by tests/db/close.test.ts.
import { kiosk, register, testApp } from './app.ts';
import { newScanId } from '../../shared/scan-id.ts';

const app = await testApp(process.env.DATA_DIR!, { redis: process.env.WITH_REDIS === '1' });
const attendee = await register(app, 'Әлия');
const { headers } = await kiosk(app, 'entrance');
const scan = await app.inject({ method: 'POST', url: '/api/scans', headers, payload: { id: newScanId(), badge: attendee.badge } });
if (scan.statusCode !== 200) throw new Error(`scan: ${scan.statusCode} ${scan.body}`);
await app.close();
console.log('closed');
