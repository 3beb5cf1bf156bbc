// What Linux's /proc says about another process: its memory and CPU time.
import { readFileSync } from 'node:fs';

/** A `kB` field of /proc/<pid>/status (VmRSS, VmHWM, …), in kB. */
export function statusKb(pid, field) {
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
}

/** CPU time (user + system) the process used so far, in ms. */
export function cpuMs(pid) {
  // Fields after the command name; utime and stime are the 14th and 15th of the whole line, in clock ticks (100/s).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
