/** The example tools bundled with toolcycle: the CLI's offline demo and the tests use them. */
import { calculate } from './calculate.js';
import { getTime } from './get-time.js';
import { getWeather } from './get-weather.js';
import { saveNote } from './save-note.js';

export { getWeather, type TemperatureUnit, type WeatherCondition, type WeatherReport } from './get-weather.js';
export { getTime, createGetTimeTool, type GetTimeOptions, type TimeReport } from './get-time.js';
export { calculate, type CalculateResult } from './calculate.js';
export { saveNote, createSaveNoteTool, defaultNotesFile, MAX_NOTE_LENGTH, type SaveNoteOptions, type SavedNote } from './save-note.js';
export { CITIES, type City } from './cities.js';
export { findCity } from './city-lookup.js';
export { evaluateArithmetic, ArithmeticError, MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH } from './arithmetic.js';

export const bundledTools = [getWeather, getTime, calculate, saveNote] as const;
