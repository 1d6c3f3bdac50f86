import { errnoOf } from '../errors.js';
import { readFileSync } from 'node:fs';

/** The kernel start time of `pid` (Linux /proc, field 22), or undefined where it cannot be read. */
export function processStartTime(pid: number): string | undefined {
  const stat = readStat(pid);
  if (!stat) return undefined;
  // Fields after the parenthesised command name; the name itself may contain spaces or ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19];
}

/**
 * True when `pid` is a live process (not a zombie) and, when `start` is known, the same
 * process that recorded it (a reused pid with another start time is not ours).
 */
export function isProcessAlive(pid: number | undefined, start?: string): boolean {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (errnoOf(error) !== 'EPERM') return false;
  }
  const stat = readStat(pid);
  if (stat === undefined) return true; // no /proc: kill(0) is all we can tell
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return false;
  return start === undefined || fields[19] === start;
}

function readStat(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
}
