// Tries SUBSCRIBE on each configured master in turn, starting with the one that worked last, and
// stops at the first that accepts it or at a fatal answer (same credentials and FrameworkInfo go
// to every master, so a 401 from one is a 401 from all).
import { isFatalSubscribeError } from './fatal';
import { schedulerEndpoint } from './redirect';
import { openSubscription, type OpenSubscriptionParams, type Subscription } from './subscription';

export async function openFirstAvailable(
  masters: readonly URL[],
  startIndex: number,
  params: Omit<OpenSubscriptionParams, 'endpoint'>,
  keepTrying: () => boolean
): Promise<{ sub: Subscription; index: number }> {
  let lastError: unknown;
  for (let i = 0; i < masters.length; i++) {
    const index = (startIndex + i) % masters.length;
    try {
      const sub = await openSubscription({ ...params, endpoint: schedulerEndpoint(masters[index] as URL) });
      return { sub, index };
    } catch (err) {
      if (isFatalSubscribeError(err) || !keepTrying()) throw err;
      lastError = err;
    }
  }
  throw lastError;
}
