import { describe, expect, it } from 'vitest';
import { createGetTimeTool, getTime } from '../../tools/get-time.js';
import { toolContext } from './context.js';

const at = (iso: string) => createGetTimeTool({ now: () => new Date(iso) });

describe('get_time definition', () => {
  it('is a strict function tool with one required timezone string', () => {
    expect(getTime.name).toBe('get_time');
    expect(getTime.definition).toEqual({
      type: 'function',
      function: {
        name: 'get_time',
        description: expect.any(String),
        strict: true,
        parameters: {
          type: 'object',
          properties: { timezone: { type: 'string', description: 'IANA time zone, e.g. Europe/Paris' } },
          required: ['timezone'],
          additionalProperties: false,
        },
      },
    });
  });

  it('has the same definition whichever clock the factory gets', () => {
    expect(at('2024-01-01T00:00:00Z').definition).toEqual(getTime.definition);
  });
});

describe('get_time arguments', () => {
  it('accepts IANA zones', () => {
    for (const timezone of ['Europe/Paris', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires', 'UTC']) {
      expect(getTime.checkArguments({ timezone })).toEqual({ ok: true, args: { timezone } });
    }
  });

  it('rejects an unknown zone as an argument issue naming the zone, not as a failure of execute', () => {
    expect(getTime.checkArguments({ timezone: 'Mars/Olympus_Mons' })).toEqual({
      ok: false,
      issues: [
        {
          path: 'timezone',
          message:
            'Unknown time zone "Mars/Olympus_Mons": use an IANA name such as "Europe/Paris", "America/New_York" or "UTC"',
        },
      ],
    });
  });

  it('tells a caller that sent a city the zone to use instead', () => {
    for (const timezone of ['Tokyo', '东京']) {
      expect(getTime.checkArguments({ timezone })).toEqual({
        ok: false,
        issues: [{ path: 'timezone', message: `Unknown time zone "${timezone}": Tokyo is in the IANA time zone "Asia/Tokyo"` }],
      });
    }
  });

  it('rejects empty, blank, non-string and missing zones', () => {
    for (const args of [{ timezone: '' }, { timezone: '  ' }, { timezone: 5 }, { timezone: null }, {}]) {
      const check = getTime.checkArguments(args);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.issues.map((issue) => issue.path)).toEqual(['timezone']);
    }
  });
});

describe('get_time results with a fixed clock', () => {
  // 12:00:00.789 UTC on the day New York switches to daylight time (at 07:00 UTC).
  const tool = at('2024-03-10T12:00:00.789Z');
  const run = async (timezone: string) => await tool.execute({ timezone }, toolContext());

  it('reports a whole-hour zone, after its DST switch', async () => {
    expect(await run('America/New_York')).toEqual({
      timezone: 'America/New_York',
      iso: '2024-03-10T08:00:00-04:00',
      time: '08:00:00',
      date: '2024-03-10',
      utcOffset: '-04:00',
    });
  });

  it('reports a zone with a half-hour offset', async () => {
    expect(await run('Asia/Kolkata')).toEqual({
      timezone: 'Asia/Kolkata',
      iso: '2024-03-10T17:30:00+05:30',
      time: '17:30:00',
      date: '2024-03-10',
      utcOffset: '+05:30',
    });
  });

  it('reports other offsets, signs and a date on the next day', async () => {
    expect(await run('UTC')).toMatchObject({ iso: '2024-03-10T12:00:00+00:00', utcOffset: '+00:00' });
    expect(await run('Asia/Kathmandu')).toMatchObject({ iso: '2024-03-10T17:45:00+05:45', utcOffset: '+05:45' });
    expect(await run('America/St_Johns')).toMatchObject({ iso: '2024-03-10T09:30:00-02:30', utcOffset: '-02:30' });
    expect(await run('Pacific/Chatham')).toMatchObject({ date: '2024-03-11', time: '01:45:00', utcOffset: '+13:45' });
  });

  it('reports the standard offset just before the DST switch', async () => {
    const before = await at('2024-03-10T06:59:59Z').execute({ timezone: 'America/New_York' }, toolContext());
    expect(before).toMatchObject({ iso: '2024-03-10T01:59:59-05:00', utcOffset: '-05:00' });
  });

  it('echoes the zone as given, even where ICU uses another canonical name', async () => {
    expect(await run('asia/kolkata')).toMatchObject({ timezone: 'asia/kolkata', utcOffset: '+05:30' });
  });

  it('produces an iso string that denotes the clock instant (to the second)', async () => {
    for (const timezone of ['America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'America/St_Johns']) {
      expect(new Date((await run(timezone)).iso).toISOString()).toBe('2024-03-10T12:00:00.000Z');
    }
  });

  it('reads the clock on every call', async () => {
    let now = new Date('2024-06-01T00:00:00Z');
    const ticking = createGetTimeTool({ now: () => now });
    expect((await ticking.execute({ timezone: 'UTC' }, toolContext())).time).toBe('00:00:00');
    now = new Date('2024-06-01T00:00:05Z');
    expect((await ticking.execute({ timezone: 'UTC' }, toolContext())).time).toBe('00:00:05');
  });
});

describe('get_time with the real clock', async () => {
  it('reports the current time', async () => {
    const before = Date.now();
    const report = await getTime.execute({ timezone: 'Asia/Tokyo' }, toolContext());
    const after = Date.now();
    expect(report.utcOffset).toBe('+09:00');
    expect(report.iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
    expect(report.iso).toBe(`${report.date}T${report.time}${report.utcOffset}`);
    const reported = new Date(report.iso).getTime();
    // The report is truncated to whole seconds.
    expect(reported).toBeGreaterThanOrEqual(before - 1000);
    expect(reported).toBeLessThanOrEqual(after);
    expect(Math.abs(reported - Date.now())).toBeLessThan(5000);
  });
});
