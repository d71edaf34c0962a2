// Preloaded into the service by bench/soak.ts (`node --import`): every STANCE_HEAP_EVERY_MS (default 5000) it
// writes process.memoryUsage() as JSON to STANCE_HEAP_FILE, so the soak can read the service's heap from
// outside without a line of service code. Plain JavaScript: it loads before tsx does.
import { writeFileSync } from 'node:fs';

const file = process.env.STANCE_HEAP_FILE;
if (file) {
  const every = Number(process.env.STANCE_HEAP_EVERY_MS ?? 5000);
  const write = () => writeFileSync(file, JSON.stringify({ tMs: Date.now(), ...process.memoryUsage() }));
  write();
  setInterval(write, every).unref();
}
