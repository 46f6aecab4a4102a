import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { peerScript } from '../support/paths';

const run = promisify(execFile);

/** Debian's python3 has cv2 (python3-opencv); the pyenv `python3` on PATH does not. */
const PYTHON = '/usr/bin/python3';

export interface PeerResult {
  readonly imagesPerSecond: number;
  readonly images: number;
  readonly threads: number;
  readonly detections: number;
}

/** Runs the hand-written Python/OpenCV loop of ../shared/peers over the same folder, once. */
export async function runPeer(
  modelPath: string,
  imagesDir: string,
  threads: number,
): Promise<PeerResult> {
  const { stdout } = await run(
    PYTHON,
    [peerScript, modelPath, imagesDir, '--repeat', '1', '--threads', String(threads)],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const lines = stdout.trim().split('\n');
  const report = JSON.parse(lines[lines.length - 1] ?? '{}') as {
    images: number;
    images_per_s: number;
    threads: number;
    detections: Record<string, number>;
  };
  const detections = Object.values(report.detections).reduce((sum, n) => sum + n, 0);
  return {
    imagesPerSecond: report.images_per_s,
    images: report.images,
    threads: report.threads,
    detections,
  };
}
