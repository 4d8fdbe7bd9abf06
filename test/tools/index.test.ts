import { describe, expect, it } from 'vitest';
import * as tools from '../../tools/index.js';

describe('tools/index', () => {
  it('exports the bundled tools in order, with unique names', () => {
    expect(tools.bundledTools.map((tool) => tool.name)).toEqual(['get_weather', 'get_time', 'calculate', 'save_note']);
    expect(tools.bundledTools).toEqual([tools.getWeather, tools.getTime, tools.calculate, tools.saveNote]);
  });

  it('exports the arithmetic engine and the clock factory', () => {
    expect(tools.evaluateArithmetic('1 + 1')).toBe(2);
    expect(new tools.ArithmeticError('x', 0)).toBeInstanceOf(Error);
    expect(tools.createGetTimeTool().name).toBe('get_time');
  });
});
