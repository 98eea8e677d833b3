/**
 * Progress of a long transfer or import: a bar on a terminal (cli-progress), and a line every tenth
 * of the way otherwise, so logs of scripted runs still show that work is moving.
 */
import cliProgress from 'cli-progress';
import type { CliIo } from './main.ts';

export interface Progress {
  /** Sets how much is done, in the unit of `total`. */
  update(done: number): void;
  /** Ends the bar; a last line is printed if the work finished. */
  stop(): void;
}

const MiB = 1024 * 1024;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < MiB) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * MiB) return `${(n / MiB).toFixed(1)} MiB`;
  return `${(n / 1024 / MiB).toFixed(2)} GiB`;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A progress indicator for `total` units of work labelled `label`; silent when `total` is below
 * `threshold` (small jobs finish before a bar is worth drawing). The bar goes to this process's
 * standard error when that is a terminal; otherwise lines go through `io.err`.
 */
export function startProgress(
  io: Pick<CliIo, 'err'>,
  options: {
    label: string;
    total: number;
    unit: 'bytes' | 'rows';
    threshold: number;
    /** Where a bar may be drawn; defaults to process.stderr. Tests pass a non-terminal. */
    terminal?: NodeJS.WriteStream | { isTTY?: boolean };
  },
): Progress {
  const { label, total, unit } = options;
  if (total < options.threshold || total <= 0) return silent;
  const terminal = options.terminal ?? process.stderr;
  const show = (n: number) => (unit === 'bytes' ? formatBytes(n) : `${n}`);
  if (terminal.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: terminal as NodeJS.WriteStream,
        format: `${label} [{bar}] {percentage}% | {shown} of {total_shown} | ETA {eta_formatted}`,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { shown: show(0), total_shown: show(total) });
    return {
      update: (done) => bar.update(done, { shown: show(done) }),
      stop: () => bar.stop(),
    };
  }
  let lastTenth = 0;
  let finished = false;
  return {
    update(done) {
      const tenth = Math.floor((done / total) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        finished = done >= total;
        io.err(`${label}: ${tenth * 10}% (${show(done)} of ${show(total)})`);
      }
    },
    stop() {
      if (!finished && lastTenth > 0) io.err(`${label}: stopped`);
    },
  };
}
