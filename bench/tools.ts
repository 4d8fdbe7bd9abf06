/**
 * The shared tool set: plain functions + zod schemas, defined once; each contender wraps them in
 * its own tool format. `executions` counts every real execution so each turn can be verified.
 */
import { z } from 'zod';
import { parkingLot } from './parking-lot.js';

export const SLOW_TOOL_MS = 100;

export const executions = { count: 0 };

export interface SharedTool<S extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  parameters: S;
  execute(args: z.output<S>): Promise<string> | string;
}

function sharedTool<S extends z.ZodObject>(tool: SharedTool<S>): SharedTool<S> {
  return tool;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const TOOLS = [
  sharedTool({
    name: 'get_weather',
    description: 'Current weather for a city.',
    parameters: z.object({ city: z.string().describe('City name') }),
    execute: ({ city }) => {
      executions.count += 1;
      return `${city}: 18C, clear`;
    },
  }),
  sharedTool({
    name: 'lookup_user',
    description: 'Find the id of a user by name.',
    parameters: z.object({ name: z.string() }),
    execute: ({ name }) => {
      executions.count += 1;
      return `user-${name}-42`;
    },
  }),
  sharedTool({
    name: 'get_orders',
    description: 'Latest order id of a user.',
    parameters: z.object({ userId: z.string() }),
    execute: ({ userId }) => {
      executions.count += 1;
      return `order-${userId}-7`;
    },
  }),
  sharedTool({
    name: 'get_shipment',
    description: 'Shipment status of an order.',
    parameters: z.object({ orderId: z.string() }),
    execute: ({ orderId }) => {
      executions.count += 1;
      return `${orderId} shipped`;
    },
  }),
  sharedTool({
    name: 'convert_currency',
    description: 'Convert an amount between currencies.',
    parameters: z.object({ amount: z.number(), from: z.string(), to: z.string() }),
    execute: ({ amount, from, to }) => {
      executions.count += 1;
      return `${amount} ${from} = ${(amount * 1.08).toFixed(2)} ${to}`;
    },
  }),
  sharedTool({
    name: 'slow_lookup',
    description: 'A lookup that takes 100 ms.',
    parameters: z.object({ key: z.string() }),
    execute: async ({ key }) => {
      await sleep(SLOW_TOOL_MS);
      executions.count += 1;
      return `value-of-${key}`;
    },
  }),
  sharedTool({
    name: 'wait_for_approval',
    description: 'Waits until a person approves the ticket.',
    parameters: z.object({ ticket: z.string() }),
    execute: async ({ ticket }) => {
      await parkingLot.park();
      executions.count += 1;
      return `${ticket} approved`;
    },
  }),
] as const satisfies readonly SharedTool<any>[];

export type AnyTool = SharedTool<z.ZodObject>;
export const ALL_TOOLS: readonly AnyTool[] = TOOLS as unknown as readonly AnyTool[];
