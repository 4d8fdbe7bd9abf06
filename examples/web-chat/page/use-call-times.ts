import { useLayoutEffect, useState } from 'react';
import type { ToolCallRecord } from 'toolcycle';

/** When the page saw each call start and settle (performance.now()); none for calls restored from a snapshot. */
export type CallTimes = Record<string, { startedAt?: number; settledAt?: number }>;

export function useCallTimes(calls: readonly ToolCallRecord[]): CallTimes {
  const [times, setTimes] = useState<CallTimes>({});
  useLayoutEffect(() => {
    const now = performance.now();
    setTimes((known) => {
      let next = known;
      for (const call of calls) {
        const time = known[call.id] ?? {};
        if (call.status === 'running' && time.startedAt === undefined) next = { ...next, [call.id]: { startedAt: now } };
        else if ((call.status === 'succeeded' || call.status === 'failed') && time.settledAt === undefined) next = { ...next, [call.id]: { ...time, settledAt: now } };
      }
      return next;
    });
  }, [calls]);
  return times;
}
