// SUPPRESS / REVIVE ordering: a request that arrives while a SUPPRESS is on its way revives after it, so the
// master never ends suppressed while a launch waits for an offer.
import { OfferFlow } from '../../mesos-bridge/offers/offer-flow';
import type { OfferCalls } from '../../mesos-bridge/offers';

function fakeCalls() {
  const log: string[] = [];
  let releaseSuppress: (() => void) | undefined;
  const calls: OfferCalls = {
    accept: () => Promise.resolve(),
    decline: () => Promise.resolve(),
    suppress: () =>
      new Promise<void>((resolve) => {
        log.push('SUPPRESS sent');
        releaseSuppress = () => {
          log.push('SUPPRESS answered');
          resolve();
        };
      }),
    revive: () => {
      log.push('REVIVE');
      return Promise.resolve();
    },
  };
  return { calls, log, answerSuppress: () => releaseSuppress?.() };
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
};

test('a request during an in-flight SUPPRESS is followed by a REVIVE', async () => {
  const { calls, log, answerSuppress } = fakeCalls();
  let pending = 0;
  const flow = new OfferFlow(calls, 0, {
    isIdle: () => pending === 0,
    revived: () => undefined,
    counted: () => undefined,
    reviveGapMs: () => 0,
  });
  pending = 1;
  flow.want(false);
  await flow.settled();
  pending = 0;
  flow.idle();
  await until(() => log.includes('SUPPRESS sent'));
  pending = 1; // a launch request arrives while the SUPPRESS is on the wire
  flow.want(false);
  answerSuppress();
  await flow.settled();
  expect(log).toEqual(['REVIVE', 'SUPPRESS sent', 'SUPPRESS answered', 'REVIVE']);
  expect(flow.suppressed).toBe(false);
  flow.close();
});

test('without a request in between, the SUPPRESS stands and nothing more is sent', async () => {
  const { calls, log, answerSuppress } = fakeCalls();
  const flow = new OfferFlow(calls, 0, {
    isIdle: () => true,
    revived: () => undefined,
    counted: () => undefined,
    reviveGapMs: () => 0,
  });
  flow.idle();
  await until(() => log.includes('SUPPRESS sent'));
  answerSuppress();
  await flow.settled();
  expect(log).toEqual(['SUPPRESS sent', 'SUPPRESS answered']);
  expect(flow.suppressed).toBe(true);
  flow.close();
});
