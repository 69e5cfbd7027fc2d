import { readFileSync } from 'node:fs';

export interface ProcessMemory {
  /** Resident set size now (VmRSS), MiB. */
  rssMiB: number;
  /** The highest resident set size so far (VmHWM), MiB: peaks between two readings count too. */
  peakMiB: number;
}

/** Reads a process's resident memory from /proc (Linux), as the kernel accounts it. */
export function processMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}
