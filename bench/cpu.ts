// CPU time of PostgreSQL and of this process, from /proc (Linux): unlike a duration, it does
// not grow when other programs share the cores, so benchmarks on a busy machine compare by it.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The postmaster's pid, from the data directory it runs. */
export async function postmasterPid(dataDir: string): Promise<number> {
  return Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0])
}

/**
 * CPU seconds used so far by PostgreSQL (the postmaster, its live children and those that
 * exited) and by this process (all its threads), from /proc.
 */
export async function cpuSeconds(postmaster: number): Promise<{ database: number; node: number }> {
  const ticks = 100 // USER_HZ on Linux
  const stat = async (pid: string) => {
    try {
      // Fields after the command name (which may hold spaces): state is [0], ppid [1], utime [11], stime [12], cutime [13], cstime [14].
      const text = await readFile(`/proc/${pid}/stat`, 'utf8')
      return text.slice(text.lastIndexOf(')') + 2).split(' ')
    } catch {
      return null // exited meanwhile
    }
  }
  let database = 0
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    const fields = await stat(pid)
    if (!fields) continue
    if (Number(pid) === postmaster) database += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])
    else if (Number(fields[1]) === postmaster) database += Number(fields[11]) + Number(fields[12])
  }
  const own = process.cpuUsage()
  return { database: database / ticks, node: (own.user + own.system) / 1e6 }
}
