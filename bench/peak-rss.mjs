// Preloaded (`node --import`) into a measured process: writes the process's
// peak resident memory in bytes to $KUBEDIFF_BENCH_RSS_FILE as it exits. Used
// for the memory rounds only; the wall-time rounds run without it.
import { writeFileSync } from 'node:fs';

const file = process.env.KUBEDIFF_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
