/**
 * Starts an external program (DynamoDB Local's Java process) so that it cannot outlive us.
 *
 * A signal handler cannot run when Node is killed with SIGKILL or crashes hard, so the program is
 * started through a small shell guard that holds the read end of a pipe from this process: when
 * this process dies for any reason, the kernel closes the pipe, the guard reads end-of-file and
 * kills the program. A graceful stop closes the pipe the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const guardScript = `
exec 3<&0
"$@" </dev/null &
program=$!
(
  while read -r _ <&3; do :; done
  kill -TERM "$program" 2>/dev/null
  sleep 3
  kill -KILL "$program" 2>/dev/null
) &
watcher=$!
trap 'kill -TERM "$program" 2>/dev/null' TERM INT
wait "$program"
status=$?
kill "$watcher" 2>/dev/null
exit $status
`;

export interface GuardedProcess {
  child: ChildProcess;
  /** Resolves once the program has exited; kills it hard if it has not within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnGuarded(command: string, args: string[], options: { cwd?: string } = {}): GuardedProcess {
  const child = spawn('sh', ['-c', guardScript, 'guard', command, ...args], {
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Last resort on a normal exit path that skipped stop(): the pipe closes anyway, this is faster.
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  return {
    child,
    async stop(graceMs = 3000) {
      process.removeListener('exit', onExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
