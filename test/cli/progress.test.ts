import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { Task } from '@autoannotate/runtime';
import { BarDisplay } from '@autoannotate/runtime/cli/follow/bar-display';
import { LineDisplay } from '@autoannotate/runtime/cli/follow/line-display';
import { RateMeter } from '@autoannotate/runtime/cli/follow/rate-meter';

function task(fields: Partial<Task>): Task {
  return {
    id: 7,
    name: 'notes',
    datasetId: 1,
    taskType: 'echo',
    pipeline: [],
    fileIds: null,
    status: 'running',
    totalImages: 10,
    processedImages: 0,
    failedImages: 0,
    detectedObjects: 0,
    runToken: null,
    heartbeatAt: null,
    attempts: 1,
    stopRequested: false,
    errorMessage: null,
    hostId: null,
    createdAt: 0,
    updatedAt: 0,
    startedAt: 0,
    finishedAt: null,
    ...fields,
  };
}

/** A writable that says it is a terminal, keeping what was written with the escape codes removed. */
function fakeTerminal(): { stream: NodeJS.WriteStream; text: () => string } {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString('utf8');
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: true, columns: 160 });
  return { stream, text: () => written.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b[78]/g, '') };
}

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let at = 1_000_000;
  return {
    now: () => at,
    advance: (ms) => {
      at += ms;
    },
  };
}

describe('following a task', () => {
  describe('rate meter', () => {
    it('gives files per second over its window and the time left at that rate', () => {
      const clock = manualClock();
      const meter = new RateMeter(30_000, clock.now);
      meter.add(0);
      assert.equal(meter.rate(), undefined);
      clock.advance(2000);
      meter.add(10);
      assert.equal(meter.rate(), 5);
      assert.equal(meter.etaSeconds(40), 8);
    });

    it('forgets samples older than the window, so the rate follows a slowdown', () => {
      const clock = manualClock();
      const meter = new RateMeter(10_000, clock.now);
      meter.add(0);
      clock.advance(10_000);
      meter.add(100);
      clock.advance(10_000);
      meter.add(110);
      clock.advance(10_000);
      meter.add(120);
      assert.equal(meter.rate(), 1);
    });

    it('starts over when the count goes back, as after a run was given back', () => {
      const clock = manualClock();
      const meter = new RateMeter(30_000, clock.now);
      meter.add(50);
      clock.advance(1000);
      meter.add(40);
      assert.equal(meter.rate(), undefined);
    });
  });

  describe('plain lines (not a terminal)', () => {
    it('writes a line when the status changes and at most one per period while counts move', () => {
      const out = fakeTerminal();
      const clock = manualClock();
      const display = new LineDisplay(out.stream, 5000, clock.now);
      display.update(task({ status: 'pending', totalImages: 0 }));
      display.update(task({ processedImages: 0 }));
      clock.advance(1000);
      display.update(task({ processedImages: 2 }));
      clock.advance(4000);
      display.update(task({ processedImages: 4, failedImages: 1 }));
      display.finish(task({ status: 'completed', processedImages: 10, failedImages: 1 }));

      const lines = out.text().trimEnd().split('\n');
      assert.equal(lines.length, 4);
      assert.equal(lines[0], 'task 7 pending: waiting for a host');
      assert.equal(lines[1], 'task 7 running: 0/10 files (0%), 0 failed, - files/s, ETA -');
      assert.equal(lines[2], 'task 7 running: 4/10 files (40%), 1 failed, 0.8 files/s, ETA 7.5 s');
      assert.match(
        lines[3]!,
        /^task 7 completed: 10\/10 files \(100%\), 1 failed, [\d.]+ files\/s, ETA -$/,
      );
    });

    it('tells how to stop the task when following is interrupted', () => {
      const out = fakeTerminal();
      new LineDisplay(out.stream).interrupt(task({}));
      assert.equal(
        out.text(),
        'stopped following task 7; it goes on (autoannotate stop 7 stops it)\n',
      );
    });
  });

  describe('progress bar (terminal)', () => {
    it('draws files done of total, the failures and the status, and leaves the final state', () => {
      const out = fakeTerminal();
      const display = new BarDisplay(out.stream);
      display.update(task({ status: 'pending', totalImages: 0 }));
      display.update(task({ processedImages: 3, failedImages: 1 }));
      display.finish(task({ status: 'completed', processedImages: 10, failedImages: 1 }));
      const text = out.text();

      assert.match(text, /^task 7 pending: waiting for a host\n/);
      assert.match(
        text,
        /task 7 \[[█░]{28}\] 3\/10 files 30% \| - files\/s \| ETA - \| 1 failed \| running/,
      );
      assert.match(
        text,
        /task 7 \[█{28}\] 10\/10 files 100% \| [-\d.]+ files\/s \| ETA - \| 1 failed \| completed\s*\n?$/,
      );
    });
  });
});
